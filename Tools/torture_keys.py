"""Torture phases for the keys store and the failure paths (run from Tools/torture.py).

  keys      each damage class of the keys store (truncated, flipped, deleted, a symbolic
            link, a directory, unreadable, an edited person) against every command: a
            command exits 0 with the good store's output, or refuses (2; 66 for
            permissions); a signal, a hang, `erased`, a sealed value printed as data, or an
            output that differs with exit 0 is a failure. After a write command the damage is
            undone and every key must still be there (0 keys lost).
  diskfull  appends (also through the file mapping), erasures, backups, reports and exports
            on a small tmpfs filled to a random level (mounted when root, else skipped):
            exit 0 or the disk-full code 74, never a signal; after a failed append the keys
            file is unchanged (no orphan keys) and, with space freed, the store verifies and
            the retry lands whole.
  signals   SIGINT or SIGTERM at a random moment of append, erase, backup and report: the
            store verifies, an append is whole or absent, its new keys with it (the keys file
            grows by exactly its new subjects or not at all), a backup or report directory
            is whole or absent.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DISK_FULL = 74
SLOT = 160
HEADER = 32
KEYS = "subjects.keyslots"


def case_lines(first: int, count: int, person=lambda n: f"P-TK-{n:06d}") -> bytes:
    protocol = ('{"id":"7f0e8c1a-5b7d-4c2e-9a61-000000000000","type":"ProtocolSigned","recordedBy":"op-1","data":'
                '{"protocolId":"tk-1","title":"T","kind":"convention","parties":["A","B"],"signedOn":"2020-01-01",'
                '"validFrom":"2020-01-01","outcomePayment":{"operator":"A","tariffs":{"other":50000},'
                '"eligibleContracts":["permanent"]}}}')
    out = [protocol] if first == 0 else []
    for n in range(first, first + count):
        out.append(f'{{"id":"7f0e8c1a-5b7d-4c2e-9a61-{n + 1:012d}","type":"CaseOpened","recordedBy":"op-1","data":'
                   f'{{"caseId":"TK-{n}","person":"{person(n)}","protocolId":"tk-1","desk":"D","targetGroup":"other",'
                   f'"referredBy":"CPI","openedOn":"2023-02-01"}}}}')
    return ("\n".join(out) + "\n").encode()


class KeysBench:
    """A good sealed store and what each command prints on it."""

    def __init__(self, albo, work: Path, cases: int):
        self.albo, self.work = albo, work
        self.good = str(work / "keys-good")
        self.key = str(work / "signer.key")
        code, _, err, _ = albo.run(["append", "--store", self.good, "-"], stdin=case_lines(0, cases))
        assert code == 0, err
        albo.run(["keygen", "--name", "torture.example/k", "--out", self.key])
        self.cases = cases
        self.reference = {name: self.observe(self.good, args)[1] for name, args in self.reads().items()}

    def reads(self):
        return {
            "show": ["show", "1"], "history": ["history", "case:TK-0"], "query case": ["query", "case", "TK-0", "--json"],
            "query cases": ["query", "cases", "--json"], "query outcomes": ["query", "outcomes", "--protocol", "tk-1", "--from", "2023-01-01", "--to", "2023-12-31", "--json"],
            "verify": ["verify", "--json"], "retention": ["retention", "--json", "--on", "2024-01-01"],
            "report": ["report", "semester", "--semester", "2023-H1", "--out", "{out}"],
            "export": ["export", "payments", "--protocol", "tk-1", "--from", "2023-01-01", "--to", "2023-12-31", "--key", self.key, "--out", "{out}"],
        }

    def writes(self):
        return {
            "append": (["append", "-"], case_lines(self.cases, 1, person=lambda n: "P-TK-000000")),
            "erase": (["erase", "--person", "P-TK-000001", "--reason", "torture", "--override-retention"], None),
            "erase --expired": (["erase", "--expired", "--years", "0"], None),
            "backup": (["backup", "{out}"], None),
            "rebuild": (["rebuild"], None), "checkpoint": (["checkpoint", "--key", self.key], None),
        }

    def observe(self, store, args, stdin=None):
        out = self.work / f"out-{random.random():.12f}"
        args = [a.replace("{out}", str(out)) for a in args] + ["--store", store]
        code, stdout, stderr, _ = self.albo.run(args, stdin=stdin)
        produced = b""
        if out.is_dir():
            for name in sorted(p.name for p in out.iterdir()):
                if name.endswith((".csv", ".json")) and name != "bundle.json":
                    produced += name.encode() + (out / name).read_bytes()
            shutil.rmtree(out, ignore_errors=True)
        return code, stdout + produced, stderr


def damage(store: Path, kind: str, rng: random.Random):
    """Damages the keys store of `store`; returns a function that undoes just the damage."""
    keys = store / KEYS
    original = keys.read_bytes()
    data = bytearray(original)

    def replace():
        if keys.is_symlink() or keys.is_file():
            keys.unlink()
        elif keys.is_dir():
            shutil.rmtree(keys)
        keys.write_bytes(original)
        os.chmod(keys, 0o600)

    def patch(at: int, length: int):
        def undo():
            now = bytearray(keys.read_bytes())
            now[at:at + length] = original[at:at + length]
            keys.write_bytes(bytes(now))
        return undo

    if kind == "truncate":
        os.truncate(keys, rng.randrange(0, len(data)))
        return replace
    if kind == "flip":
        at = rng.randrange(HEADER, len(data))
        data[at] ^= 1 << rng.randrange(8)
        keys.write_bytes(bytes(data))
        return patch(at, 1)
    if kind == "delete":
        keys.unlink()
    elif kind == "symlink":
        target = store.parent / (store.name + ".keys-elsewhere")
        shutil.move(keys, target)
        keys.symlink_to(target)
    elif kind == "directory":
        keys.unlink()
        keys.mkdir()
    elif kind == "permissions":
        os.chmod(keys, 0)
        return lambda: os.chmod(keys, 0o600)
    elif kind == "edited":
        # One slot's person replaced by another's (same length): the slot's checksum fails.
        slot = rng.randrange(0, (len(data) - HEADER) // SLOT)
        at = HEADER + slot * SLOT + 65
        data[at:at + 11] = b"P-TK-999999"
        keys.write_bytes(bytes(data))
        return patch(at, 11)
    return replace


def lost_keys(bench, store: Path, erased: set[str]) -> list[str]:
    """The persons of the bench's cases that no longer open (other than those erased)."""
    code, out, _ = bench.observe(str(store), ["query", "cases", "--json"])
    if code != 0:
        return [f"query cases exited {code}"]
    persons = {c["caseId"]: c["person"] for c in json.loads(out)}
    lost = []
    for n in range(bench.cases):
        want = f"P-TK-{n:06d}"
        got = persons.get(f"TK-{n}")
        if got != want and not (want in erased and got == "erased"):
            lost.append(f"TK-{n}: {got}")
    return lost


def phase_keys(albo, work: Path, scale: dict, rng: random.Random, rep):
    rounds = scale.get("keyrounds", 1)
    print(f"==> keys: 7 damage classes x {rounds} round(s) against every command", flush=True)
    bench = KeysBench(albo, work, 12)
    classes = ["truncate", "flip", "delete", "symlink", "directory", "permissions", "edited"]
    tally = {c: {"runs": 0, "refused": 0, "same": 0, "signal": 0, "wrong": 0, "lost": 0} for c in classes}
    as_root = os.geteuid() == 0
    def one_class(kind: str, r: int, seed: float):
        rng = random.Random(seed)
        for name, args in list(bench.reads().items()) + [(k, v[0]) for k, v in bench.writes().items()]:
            stdin = bench.writes()[name][1] if name in bench.writes() else None
            store = work / f"k-{kind}-{r}"
            shutil.rmtree(store, ignore_errors=True)
            shutil.copytree(bench.good, store)
            undo = damage(store, kind, random.Random(rng.random()))
            t = tally[kind]
            t["runs"] += 1
            if kind == "permissions" and as_root:
                code, out, err = run_as_nobody(bench, store, args, stdin)
            else:
                code, out, err = bench.observe(str(store), args, stdin)
            if code is None or code < 0:
                t["signal"] += 1
                rep.fail(f"keys {kind}: `{name}` died of {code}: {err[-200:]!r}")
            elif code == 0:
                ok = name not in bench.reference or out == bench.reference[name]
                if ok:
                    t["same"] += 1
                else:
                    t["wrong"] += 1
                    rep.fail(f"keys {kind}: `{name}` exited 0 with output unlike the good store's: {out[:200]!r}")
            elif code in (2, 66):
                t["refused"] += 1
            else:
                t["wrong"] += 1
                rep.fail(f"keys {kind}: `{name}` exited {code} (want 0, 2 or 66): {err[-200:]!r}")
            if name in bench.writes():
                # The damage undone, every key must still be there (0 keys lost), and the store verify.
                undo()
                erased = {"P-TK-000001"} if name == "erase" and code == 0 else set()
                lost = lost_keys(bench, store, erased)
                vcode, _, verr = bench.observe(str(store), ["verify"])
                if lost or vcode != 0:
                    t["lost"] += 1
                    rep.fail(f"keys {kind}: after `{name}` ({code}) and the damage undone: verify {vcode}, lost {lost[:3]}; {verr[-200:]!r}")
            shutil.rmtree(store, ignore_errors=True)
            shutil.rmtree(work / f"k-{kind}-{r}.keys-elsewhere", ignore_errors=True)
    for r in range(rounds):
        seeds = {kind: rng.random() for kind in classes}
        # The permissions class changes the work directory's mode: run alone, after the others.
        with ThreadPoolExecutor(max_workers=3) as pool:
            for f in [pool.submit(one_class, k, r, seeds[k]) for k in classes if k != "permissions"]:
                f.result()
        one_class("permissions", r, seeds["permissions"])
    for kind, t in tally.items():
        rep.row("keys", f"{kind}: runs / refused / same / signal / wrong / lost",
                f"{t['runs']} / {t['refused']} / {t['same']} / {t['signal']} / {t['wrong']} / {t['lost']}")
    rep.figures["keys"] = tally


def run_as_nobody(bench: KeysBench, store: Path, args, stdin):
    """Runs a command as `nobody` on a store it may read but whose keys are 0600 root's."""
    os.chmod(store, 0o755)
    for f in ("data.mdb", "lock.mdb"):
        os.chmod(store / f, 0o666)
    os.chmod(store / KEYS, 0o600)
    out = bench.work / "nobody-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    os.chmod(out, 0o777)
    os.chmod(bench.work, 0o755)
    os.chmod(bench.key, 0o644)
    dest = out / "d"
    argv = [a.replace("{out}", str(dest)) for a in args] + ["--store", str(store)]
    try:
        p = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", bench.albo.binary, *argv],
                           input=stdin, capture_output=True, timeout=120, stdin=None if stdin else subprocess.DEVNULL)
        code, stdout, stderr = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        code, stdout, stderr = None, b"", b"timeout"
    produced = b""
    if dest.is_dir():
        for name in sorted(p.name for p in dest.iterdir()):
            if name.endswith((".csv", ".json")) and name != "bundle.json":
                produced += name.encode() + (dest / name).read_bytes()
    shutil.rmtree(out, ignore_errors=True)
    os.chmod(bench.work, 0o700)
    # A read-only store (not the keys) is its own refusal: 66 "read-only" for writes.
    return code, stdout + produced, stderr


# MARK: - disk full


def phase_diskfull(albo, work: Path, scale: dict, rng: random.Random, rep):
    runs = scale.get("diskfull", 10)
    if os.geteuid() != 0:
        print("==> diskfull: skipped (mounting a small tmpfs needs root)", flush=True)
        rep.row("diskfull", "runs", "skipped: not root (no tmpfs could be mounted)")
        return
    mount = work / "tmpfs"
    mount.mkdir(exist_ok=True)
    size_mb = 48
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(mount)]).returncode != 0:
        rep.row("diskfull", "runs", "skipped: mount -t tmpfs failed")
        return
    print(f"==> diskfull: {runs} runs on a {size_mb} MiB tmpfs filled to a random level", flush=True)
    tally = {"runs": 0, "ok": 0, "full": 0, "signal": 0, "other": 0, "orphan keys": 0, "bad after": 0}
    try:
        bench = KeysBench(albo, work, 12)
        kinds = ["append", "append (writemap)", "erase", "backup", "report", "export"]
        for i in range(runs):
            kind = kinds[i % len(kinds)]
            store = mount / "store"
            shutil.rmtree(store, ignore_errors=True)
            for leftover in mount.iterdir():
                shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
            shutil.copytree(bench.good, store)
            keys_before = (store / KEYS).read_bytes()
            count = 400 if kind == "append (writemap)" else 200
            batch = case_lines(bench.cases + 1000 * i, count, person=lambda n: f"P-DF-{n:06d}")
            # Fill the volume, leaving a random few hundred KiB free.
            st = os.statvfs(mount)
            free = st.f_bavail * st.f_frsize
            leave = rng.randrange(0, 600_000)
            with open(mount / "filler", "wb") as f:
                remaining = max(0, free - leave)
                chunk = b"\0" * (1 << 20)
                try:
                    while remaining > 0:
                        n = f.write(chunk[:min(len(chunk), remaining)])
                        remaining -= n
                except OSError:
                    pass
            env = {"ALBO_WRITEMAP_MIN_BYTES": "1"} if kind == "append (writemap)" else {}
            dest = mount / "out"
            if kind.startswith("append"):
                args, stdin = ["append", "--store", str(store), "-"], batch
            elif kind == "erase":
                args, stdin = ["erase", "--store", str(store), "--person", "P-TK-000002", "--reason", "x", "--override-retention"], None
            elif kind == "backup":
                args, stdin = ["backup", "--store", str(store), str(dest)], None
            elif kind == "report":
                args, stdin = ["report", "semester", "--store", str(store), "--semester", "2023-H1", "--out", str(dest)], None
            else:
                args, stdin = ["export", "payments", "--store", str(store), "--protocol", "tk-1", "--from", "2023-01-01",
                               "--to", "2023-12-31", "--key", bench.key, "--out", str(dest)], None
            p = subprocess.run([albo.binary, *args], input=stdin, capture_output=True, timeout=120,
                               stdin=None if stdin else subprocess.DEVNULL, env=dict(os.environ, **env))
            tally["runs"] += 1
            code = p.returncode
            if code < 0:
                tally["signal"] += 1
                rep.fail(f"diskfull {kind}: died of signal {-code}: {p.stderr[-200:]!r}")
            elif code == 0:
                tally["ok"] += 1
            elif code == DISK_FULL:
                tally["full"] += 1
            else:
                tally["other"] += 1
                rep.fail(f"diskfull {kind}: exited {code} (want 0 or {DISK_FULL}): {p.stderr[-300:]!r}")
            if kind.startswith("append") and code != 0 and (store / KEYS).read_bytes() != keys_before:
                tally["orphan keys"] += 1
                rep.fail(f"diskfull {kind}: a failed append changed the keys file ({len(keys_before)} -> {(store / KEYS).stat().st_size} bytes)")
            (mount / "filler").unlink()
            # With space again: the store verifies, an output is whole or absent, and a retry lands.
            vcode, size, _ = albo.state(str(store))
            bad = vcode != 0
            if kind in ("backup", "report", "export") and code != 0 and dest.exists():
                bad = True
            if kind == "backup" and code == 0 and albo.state(str(dest))[0] != 0:
                bad = True
            if kind.startswith("append"):
                rcode, _, rerr, _ = albo.run(args, stdin=stdin)
                _, size2, _ = albo.state(str(store))
                if rcode != 0 or size2 != bench.cases + 1 + count or lost_keys(bench, store, set()):
                    bad = True
            if bad:
                tally["bad after"] += 1
                rep.fail(f"diskfull {kind}: after freeing space: verify {vcode}, size {size}")
            shutil.rmtree(dest, ignore_errors=True)
    finally:
        subprocess.run(["umount", str(mount)])
    rep.row("diskfull", "runs / ok / disk full (74) / signal / other exit", f"{tally['runs']} / {tally['ok']} / {tally['full']} / {tally['signal']} / {tally['other']}")
    rep.row("diskfull", "orphan keys / bad store after", f"{tally['orphan keys']} / {tally['bad after']}")
    rep.figures["diskfull"] = tally


# MARK: - signals


def phase_signals(albo, work: Path, scale: dict, rng: random.Random, rep):
    runs = scale.get("signals", 8)
    print(f"==> signals: {runs} SIGINT/SIGTERM during append, erase, backup and report", flush=True)
    bench = KeysBench(albo, work, 12)
    tally = {"runs": 0, "landed": 0, "split or orphan": 0, "bad": 0}
    kinds = ["append", "erase", "backup", "report"]
    big = 3000
    for i in range(runs):
        kind = kinds[i % 4]
        store = work / "sig-store"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(bench.good, store)
        keys_before = (store / KEYS).stat().st_size
        dest = work / "sig-out"
        shutil.rmtree(dest, ignore_errors=True)
        batch = case_lines(bench.cases + 10_000 * (i + 1), big, person=lambda n: f"P-SG-{n:06d}")
        if kind == "append":
            args = ["append", "--store", str(store), "-"]
        elif kind == "erase":
            args = ["erase", "--store", str(store), "--person", "P-TK-000003", "--reason", "x", "--override-retention"]
        elif kind == "backup":
            args = ["backup", "--store", str(store), str(dest)]
        else:
            args = ["report", "semester", "--store", str(store), "--semester", "2023-H1", "--out", str(dest)]
        sig = rng.choice([signal.SIGINT, signal.SIGTERM])
        p = subprocess.Popen([albo.binary, *args], stdin=subprocess.PIPE if kind == "append" else subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kind == "append":
            p.stdin.write(batch)
            p.stdin.close()
        time.sleep(rng.uniform(0.0, 0.6))
        p.send_signal(sig)
        p.wait()
        tally["runs"] += 1
        tally["landed"] += p.returncode == -sig
        vcode, size, _ = albo.state(str(store))
        bad = vcode != 0 or bool(lost_keys(bench, store, {"P-TK-000003"} if kind == "erase" else set()))
        if kind == "append":
            grown = (store / KEYS).stat().st_size - keys_before
            whole = size == bench.cases + 1 + big and grown == big * SLOT
            absent = size == bench.cases + 1 and grown == 0
            if not (whole or absent):
                tally["split or orphan"] += 1
                rep.fail(f"signals append ({sig.name}): {size} events, keys file grew {grown} bytes")
        if kind in ("backup", "report") and dest.exists():
            if kind == "backup" and albo.state(str(dest))[0] != 0:
                bad = True
            if kind == "report" and not (dest / "report.html").exists():
                bad = True
        if bad:
            tally["bad"] += 1
            rep.fail(f"signals {kind} ({sig.name}): verify {vcode} or a key lost or a half output")
        shutil.rmtree(dest, ignore_errors=True)
    rep.row("signals", "runs / killed by the signal / split or orphan keys / bad after",
            f"{tally['runs']} / {tally['landed']} / {tally['split or orphan']} / {tally['bad']}")
    rep.figures["signals"] = tally
