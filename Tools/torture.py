#!/usr/bin/env python3
"""Albo's torture suite (issue 9): what a careful user does with kill -9, concurrent
processes, bit flips and fuzzed input, against the real `albo` binary.

    Tools/torture.sh [--small] [--strict-flips] [--seed S] [--keep] [--json FILE]

Phases (figures per scale below):
  kills    kill -9 at a random moment of `append`, `rebuild` and `backup`; after each, `verify`
           must pass, the event count must be before or before + the whole batch (never a
           split batch), a re-append must bring it to before + batch (nothing lost), and a
           killed backup must leave either no DEST or a DEST that verifies whole.
  writers  concurrent writers (nothing lost or duplicated) and readers timed while a large
           append runs: p50/p99/max of `show`, `query case` and `history`, idle and busy.
  flips    one random byte flipped in a copy of a store, per trial; each trial is detected
           (verify exit 2), harmless (verify 0 and every observed output unchanged: free
           space), missed (verify 0 but an output changed), refused (verify exited otherwise,
           e.g. 70) or crash (any command killed by a signal, or hung).
  fuzz     mutations of valid events (bit flips, inserted/deleted bytes, swapped fields, huge
           values, bad UTF-8, deep nesting, wrong types, reused ids, ...): no signal, exit in
           {0, 65, 75}, and after a failed append the store is unchanged: data.mdb's bytes
           are the same, or else `verify --json` gives the same root and size.

  keys, diskfull, signals   the keys store's damage classes against every command, full
           disks on a small tmpfs, SIGINT/SIGTERM during writes: see Tools/torture_keys.py.

Exit status 1 on any crash or hang in kills/writers/fuzz, lost or split batch, bad backup,
unexpected fuzz exit code, or store change after a failed append. Flip crashes and misses
are reported; crashes fail the run only with --strict-flips.
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torture_keys  # noqa: E402  (keys store, disk full and signal phases)

ROOT = Path(__file__).resolve().parent.parent

SCALES = {
    # kill rounds and events per kill batch (the first batch seeds the store); concurrent
    # writers and their events; the large append readers are timed against; events in the
    # store whose copies get flipped; flips; fuzzed inputs; the largest "huge value" in bytes.
    "small": dict(kills=9, batch=150, writers=3, writer=300, big=4000, flipstore=400, flips=24, fuzz=300,
                  huge=200_000, keyrounds=1, diskfull=12, signals=8),
    "full": dict(kills=60, batch=100, writers=4, writer=1000, big=30000, flipstore=2000, flips=200, fuzz=5000,
                 huge=4_000_000, keyrounds=5, diskfull=60, signals=64),
}
TIMEOUT = 120  # seconds before a command counts as hung


class Albo:
    def __init__(self, binary: str):
        self.binary = binary

    def run(self, args, stdin: bytes | None = None, timeout: float = TIMEOUT):
        """(code, stdout, stderr, seconds); code is -signal when killed by one, None when hung."""
        start = time.monotonic()
        try:
            p = subprocess.run([self.binary, *args], input=stdin, capture_output=True, timeout=timeout,
                               stdin=None if stdin is not None else subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None, b"", b"timeout", time.monotonic() - start
        return p.returncode, p.stdout, p.stderr, time.monotonic() - start

    def state(self, store: str):
        """(verify exit code, treeSize, rootHash) from `verify --json`."""
        code, out, _, _ = self.run(["verify", "--store", store, "--json"])
        try:
            j = json.loads(out)
            return code, j.get("treeSize"), j.get("rootHash")
        except (ValueError, AttributeError):
            return code, None, None

    def killed(self, args, delay: float):
        """Runs args and sends SIGKILL after `delay` seconds; True when the kill landed."""
        p = subprocess.Popen([self.binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL)
        try:
            p.wait(timeout=delay)
            return False, p.returncode
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            return True, p.returncode


def generate(py: str, events: int, seed: int, out: Path, batches: int | None = None):
    args = [py, str(ROOT / "Tools/generate.py"), "synthetic", "--events", str(events), "--seed", str(seed), "--out", str(out)]
    if batches:
        args += ["--batches", str(batches)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


class Report:
    def __init__(self):
        self.rows: list[tuple[str, str, str]] = []  # phase, what, figure
        self.failures: list[str] = []
        self.figures: dict = {}

    def row(self, phase, what, figure):
        self.rows.append((phase, what, str(figure)))

    def fail(self, message):
        self.failures.append(message)
        print(f"  FAIL: {message}", flush=True)


# MARK: - kill -9


def phase_kills(albo: Albo, py: str, work: Path, scale: dict, rng: random.Random, rep: Report):
    print(f"==> kills: {scale['kills']} rounds of kill -9 during append, rebuild, backup", flush=True)
    store = str(work / "store")
    rounds = scale["kills"]
    gen = work / "kills"
    generate(py, (rounds + 2) * scale["batch"], 1, gen, batches=rounds + 2)
    files = sorted(work.glob("kills.*"))
    # The generator spreads N events over the files; the first is the base.
    code, _, err, _ = albo.run(["append", "--store", store, str(files[0])])
    if code != 0:
        rep.fail(f"base append failed: {code} {err[-300:]!r}")
        return store, files
    counts = {k: 0 for k in ("append", "rebuild", "backup")}
    landed = {k: 0 for k in counts}
    split = lost = bad_verify = bad_backup = crashes = 0
    # How long each operation takes, to aim the kill inside it.
    est = {}
    _, _, _, est["append"] = albo.run(["append", "--store", store, str(files[1])])
    _, _, _, est["rebuild"] = albo.run(["rebuild", "--store", store])
    _, _, _, est["backup"] = albo.run(["backup", "--store", store, str(work / "backup-probe")])
    shutil.rmtree(work / "backup-probe", ignore_errors=True)
    kinds = ["append", "rebuild", "backup"]
    (work / "backups").mkdir(exist_ok=True)
    for i in range(rounds):
        kind = kinds[i % 3]
        counts[kind] += 1
        batch = files[2 + i] if 2 + i < len(files) else None
        vcode, before, _ = albo.state(store)
        if vcode != 0:
            bad_verify += 1
            rep.fail(f"round {i}: verify exited {vcode} before the round")
        m = sum(1 for line in open(batch, "rb") if line.strip()) if batch else 0
        delay = rng.uniform(0.0, max(0.02, est[kind]) * 1.1)
        if kind == "append":
            did, _ = albo.killed(["append", "--store", store, str(batch)], delay)
        elif kind == "rebuild":
            did, _ = albo.killed(["rebuild", "--store", store], delay)
        else:
            dest = work / "backups" / f"b{i}"
            did, _ = albo.killed(["backup", "--store", store, str(dest)], delay)
        landed[kind] += did
        vcode, after, _ = albo.state(store)
        if vcode is None or vcode < 0:
            crashes += 1
            rep.fail(f"round {i} ({kind}): verify after the kill died ({vcode})")
        elif vcode != 0:
            bad_verify += 1
            rep.fail(f"round {i} ({kind}): verify after the kill exited {vcode}")
        if kind == "append" and after not in (before, before + m):
            split += 1
            rep.fail(f"round {i}: killed append of {m} left {after} events from {before} (split batch)")
        if kind == "backup":
            dest = work / "backups" / f"b{i}"
            if dest.exists():
                bcode, bsize, _ = albo.state(str(dest))
                if bcode != 0 or bsize != before:
                    bad_backup += 1
                    rep.fail(f"round {i}: a killed backup left {dest} that verifies {bcode} with {bsize} events (want 0, {before})")
            else:
                code, _, err, _ = albo.run(["backup", "--store", store, str(dest)])
                bcode, bsize, _ = albo.state(str(dest))
                if code != 0 or bcode != 0 or bsize != before:
                    bad_backup += 1
                    rep.fail(f"round {i}: retry after a killed backup: exit {code}, verify {bcode}, {bsize} events; {err[-200:]!r}")
            leftovers = [p.name for p in (work / "backups").iterdir() if "albo-backup" in p.name]
            if leftovers:
                bad_backup += 1
                rep.fail(f"round {i}: temporary backup directories left after a retry: {leftovers}")
            shutil.rmtree(dest, ignore_errors=True)
        if kind == "rebuild":
            code, _, err, _ = albo.run(["projections", "--store", store, "--json"])
            if code != 0:
                rep.fail(f"round {i}: `projections` after a killed rebuild exited {code}: {err[-200:]!r}")
        # Re-append: after a killed append this is the retry; otherwise the next batch.
        if batch:
            code, _, err, _ = albo.run(["append", "--store", store, str(batch)])
            vcode, final, _ = albo.state(store)
            if code != 0 or final != before + m:
                lost += 1
                rep.fail(f"round {i} ({kind}): re-append exited {code}, {final} events, want {before + m}: {err[-200:]!r}")
    total_landed = sum(landed.values())
    if rounds == 0:
        return store, files
    rep.row("kills", "kill -9 sent (append / rebuild / backup)",
            f"{rounds} ({counts['append']} / {counts['rebuild']} / {counts['backup']}); "
            f"{total_landed} landed mid-run ({landed['append']} / {landed['rebuild']} / {landed['backup']})")
    rep.row("kills", "split batches / lost batches", f"{split} / {lost}")
    rep.row("kills", "verify not 0 after a kill / verify crashed", f"{bad_verify} / {crashes}")
    rep.row("kills", "bad or leftover backups after a kill", bad_backup)
    rep.figures["kills"] = dict(rounds=rounds, landed=total_landed, split=split, lost=lost, bad_verify=bad_verify,
                                bad_backup=bad_backup, crashes=crashes)
    return store, files


# MARK: - concurrent writers and readers


def phase_writers(albo: Albo, py: str, work: Path, scale: dict, rng: random.Random, rep: Report, store: str, files):
    print(f"==> writers and readers: {scale['writers']} concurrent writers, reads during a {scale['big']}-event append",
          flush=True)
    _, before, _ = albo.state(store)
    wfiles = []
    for k in range(scale["writers"]):
        f = work / f"writer-{k}.ndjson"
        generate(py, scale["writer"], 10 + k, f)
        wfiles.append(f)
    procs = [subprocess.Popen([albo.binary, "append", "--store", store, str(f)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for f in wfiles]
    codes = [p.wait(timeout=TIMEOUT * 5) for p in procs]
    vcode, after, _ = albo.state(store)
    want = before + scale["writers"] * scale["writer"]
    ok = all(c == 0 for c in codes) and vcode == 0 and after == want
    if not ok:
        rep.fail(f"concurrent writers: exits {codes}, verify {vcode}, {after} events, want {want}")
    rep.row("writers", f"{scale['writers']} concurrent writers x {scale['writer']} events",
            f"exits {sorted(set(codes))}, {after - before} events added of {want - before}, verify {vcode}")

    # Reads: cases and streams from the kill phase's first batch, seqs across the log.
    cases = []
    for line in open(files[0], encoding="utf-8"):
        if '"type":"CaseOpened"' in line:
            cases.append(json.loads(line)["data"]["caseId"])
    cases = cases[:200] or ["none"]

    def one_read():
        op = rng.choice(["show", "query case", "history"])
        c = rng.choice(cases)
        args = {"show": ["show", "--store", store, str(rng.randrange(max(1, after)))],
                "query case": ["query", "case", "--store", store, c],
                "history": ["history", "--store", store, "case:" + c]}[op]
        code, _, _, secs = albo.run(args)
        return op, code, secs

    samples = {"idle": {}, "busy": {}}
    bad_reads = []
    for _ in range(30):
        op, code, secs = one_read()
        samples["idle"].setdefault(op, []).append(secs)
        if code is None or code < 0:
            bad_reads.append((op, code))
    big = work / "big.ndjson"
    generate(py, scale["big"], 20, big)
    p = subprocess.Popen([albo.binary, "append", "--store", store, str(big)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    time.sleep(0.05)
    # Readers start every 0.1 s while the append runs, each on its own thread, so a read
    # that waits for the append shows as a long sample and later ones still get started.
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = []
        while p.poll() is None:
            futures.append(pool.submit(one_read))
            time.sleep(0.1)
        for f in futures:
            op, code, secs = f.result()
            samples["busy"].setdefault(op, []).append(secs)
            if code is None or code < 0:
                bad_reads.append((op, code))
    append_code = p.wait()
    if append_code != 0:
        rep.fail(f"the large append exited {append_code}")
    if bad_reads:
        rep.fail(f"reads died or hung during the append: {bad_reads[:5]}")
    rep.figures["latency"] = {}
    for when in ("idle", "busy"):
        for op in ("show", "query case", "history"):
            v = samples[when].get(op, [])
            label = f"{op}, {'during the append' if when == 'busy' else 'idle'}"
            if not v:
                rep.row("readers", label, "no samples")
                continue
            fig = f"n={len(v)} p50 {percentile(v, 50) * 1000:.0f} ms, p99 {percentile(v, 99) * 1000:.0f} ms, max {max(v) * 1000:.0f} ms"
            rep.row("readers", label, fig)
            rep.figures["latency"][f"{op} {when}"] = dict(n=len(v), p50=percentile(v, 50), p99=percentile(v, 99), max=max(v))


# MARK: - byte flips


def observe(albo: Albo, store: str, probes: dict):
    """The outputs a user would see; (outputs, crashed command or None)."""
    outputs = []
    for args in probes["commands"]:
        code, out, _, _ = albo.run([*args[:1], "--store", store, *args[1:]] if args[0] != "query" else
                                   [args[0], args[1], "--store", store, *args[2:]], timeout=60)
        if code is None or code < 0:
            return outputs, (" ".join(args), code)
        outputs.append((code, hashlib.sha256(out).hexdigest()))
    return outputs, None


def phase_flips(albo: Albo, py: str, work: Path, scale: dict, rng: random.Random, rep: Report, strict: bool):
    print(f"==> flips: {scale['flips']} random byte flips in copies of a {scale['flipstore']}-event store", flush=True)
    store = str(work / "flip-store")
    src = work / "flip.ndjson"
    generate(py, scale["flipstore"], 1, src)
    code, _, err, _ = albo.run(["append", "--store", store, str(src)])
    # Projections up to date before the copy, so that a probe reads and never catches up,
    # and nothing writes to the copy: it stays compact (a write would grow the file to the
    # whole map, and a flip there would land in nothing).
    albo.run(["rebuild", "--store", store])
    base = work / "flip-base"
    shutil.rmtree(base, ignore_errors=True)
    if code == 0:
        code, _, err, _ = albo.run(["backup", "--store", store, str(base)])
    if code != 0:
        rep.fail(f"setting up the flip phase failed: {err[-200:]!r}")
        return
    # Every command below runs on a fresh copy of these bytes, never on `base` itself.
    data = (base / "data.mdb").read_bytes()
    trial = work / "flip-trial"

    def fresh_trial(content: bytes) -> str:
        shutil.rmtree(trial, ignore_errors=True)
        trial.mkdir()
        (trial / "data.mdb").write_bytes(content)
        os.chmod(trial / "data.mdb", 0o600)
        os.chmod(trial, 0o700)
        return str(trial)

    _, size, _ = albo.state(fresh_trial(data))
    show_seqs = sorted({0, size // 3, size // 2, size - 1})
    cases, streams = [], []
    for seq in show_seqs:
        _, out, _, _ = albo.run(["show", "--store", fresh_trial(data), str(seq)])
        try:
            rec = json.loads(out)
            streams.append(rec["stream"])
            if rec["stream"].startswith("case:"):
                cases.append(rec["stream"][5:])
        except (ValueError, KeyError):
            pass
    commands = [["show", str(s)] for s in show_seqs]
    commands += [["history", s, "--json"] for s in streams[:3]]
    commands += [["query", "case", c, "--json"] for c in cases[:2]]
    _, out, _, _ = albo.run(["query", "protocols", "--store", fresh_trial(data), "--json"])
    try:
        protocol = json.loads(out)[0]["protocolId"]
    except (ValueError, LookupError, TypeError):
        protocol = "none"
    commands += [["query", "protocols", "--json"],
                 ["query", "outcomes", "--protocol", protocol, "--from", "2015-01-01", "--to", "2030-12-31", "--json"],
                 ["projections", "--json"], ["prove", str(size // 2), "--json"],
                 ["prove", "--consistency", str(max(1, size // 3)), "--json"]]
    probes = {"commands": commands}
    baseline, crashed = observe(albo, fresh_trial(data), probes)
    if crashed:
        rep.fail(f"flip baseline crashed: {crashed}")
        return
    classes = {"detected": 0, "harmless": 0, "missed": 0, "refused": 0, "crash": 0}
    crash_examples, missed_examples, refused_codes = [], [], {}
    for i in range(scale["flips"]):
        offset = rng.randrange(len(data))
        xor = rng.randrange(1, 256)
        flipped = bytearray(data)
        flipped[offset] ^= xor
        fresh_trial(bytes(flipped))
        vcode, _, _, _ = albo.run(["verify", "--store", str(trial), "--json"], timeout=60)
        outputs, crashed = observe(albo, str(trial), probes)
        where = f"page {offset // 4096} byte {offset % 4096} ^0x{xor:02x}"
        if vcode is None or vcode < 0 or crashed:
            classes["crash"] += 1
            who = f"verify ({vcode})" if vcode is None or vcode < 0 else f"{crashed[0]} ({crashed[1]})"
            crash_examples.append(f"{where}: {who}")
        elif vcode == 2:
            classes["detected"] += 1
        elif vcode == 0:
            if outputs == baseline:
                classes["harmless"] += 1
            else:
                classes["missed"] += 1
                changed = [" ".join(c) for c, a, b in zip(commands, outputs, baseline) if a != b]
                missed_examples.append(f"{where}: {', '.join(changed[:3])}")
        else:
            classes["refused"] += 1
            refused_codes[vcode] = refused_codes.get(vcode, 0) + 1
    shutil.rmtree(trial, ignore_errors=True)
    n = scale["flips"]
    rep.row("flips", f"{n} flips in a {len(data) // 1024} KiB data.mdb ({size} events)",
            f"detected {classes['detected']}, harmless {classes['harmless']}, missed {classes['missed']}, "
            f"refused {classes['refused']} {dict(sorted(refused_codes.items())) if refused_codes else ''}, crash {classes['crash']}")
    for e in crash_examples[:5]:
        rep.row("flips", "crash", e)
    for e in missed_examples[:5]:
        rep.row("flips", "missed", e)
    rep.figures["flips"] = dict(n=n, **classes, refused_codes=refused_codes)
    if classes["crash"]:
        msg = f"{classes['crash']} of {n} flips crashed a command"
        if strict:
            rep.fail(msg)
        else:
            print(f"  note: {msg} (fails only with --strict-flips)", flush=True)


# MARK: - fuzzing


def mutate(lines: list[bytes], rng: random.Random, huge: int, source_ids: list[str]) -> bytes:
    """One mutated batch from valid lines."""
    lines = list(lines)
    i = rng.randrange(len(lines))
    b = bytearray(lines[i])
    kind = rng.randrange(17)
    if kind == 0 and b:  # flip bits
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif kind == 1:  # insert random bytes
        pos = rng.randrange(len(b) + 1)
        b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    elif kind == 2 and b:  # delete a range
        a = rng.randrange(len(b))
        del b[a:a + rng.randint(1, 20)]
    elif kind == 3:  # bad UTF-8 inside a string
        quotes = [k for k, c in enumerate(b) if c == 0x22]
        pos = rng.choice(quotes) + 1 if quotes else 0
        b[pos:pos] = rng.choice([b"\xff", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"])
    elif kind == 4:  # truncate
        b = b[: rng.randrange(len(b) + 1)]
    else:
        try:
            obj = json.loads(bytes(b))
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            obj = mutate_object(obj, kind, rng, huge, source_ids)
            if isinstance(obj, bytes):
                b = bytearray(obj)
            else:
                b = bytearray(json.dumps(obj, ensure_ascii=rng.random() < 0.5, separators=(",", ":")).encode())
    lines[i] = bytes(b)
    if len(lines) > 1 and rng.random() < 0.2:
        rng.shuffle(lines)
    sep = rng.choice([b"\n", b"\n", b"\r\n", b"\n\n"])
    return sep.join(lines) + (b"\n" if rng.random() < 0.8 else b"")


def mutate_object(obj: dict, kind: int, rng: random.Random, huge: int, source_ids: list[str]):
    data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
    target = data if data and rng.random() < 0.7 else obj
    keys = list(target.keys())
    if not keys:
        return obj
    k = rng.choice(keys)
    if kind == 5 and len(keys) >= 2:  # swap two fields' values
        k2 = rng.choice([x for x in keys if x != k])
        target[k], target[k2] = target[k2], target[k]
    elif kind == 6:  # a huge value
        target[k] = "A" * rng.choice([1000, 70_000, huge])
    elif kind == 7:  # remove a field
        del target[k]
    elif kind == 8:  # an unknown field
        target[rng.choice(["extra", "Id", "dataa", "x" * 300, ""])] = 1
    elif kind == 9:  # wrong types and number edges
        target[k] = rng.choice([None, True, 0, -1, 2 ** 64, 1.5, -0.0, [], {}, [1, 2], "", " ", "\u0000", "\ud800x"[1:]])
    elif kind == 10:  # raw number edges and duplicate keys, as text
        text = json.dumps(obj, separators=(",", ":"))
        if rng.random() < 0.5:
            return text.replace("{", '{"id":"' + rng.choice(source_ids) + '",', 1).encode()
        return text.replace(f'"{k}":', f'"{k}":{rng.choice(["1e400", "-0", "1E2", "0x10", "01", "NaN", "18446744073709551617"])},"{k}_":', 1).encode()
    elif kind == 11:  # deep nesting
        depth = rng.choice([100, 1000, 100_000])
        return json.dumps(obj, separators=(",", ":")).replace(
            f'"{k}":', f'"{k}":' + "[" * depth + "]" * depth + f',"{k}__":', 1).encode()
    elif kind == 12:  # expectedVersion games
        obj["expectedVersion"] = rng.choice([0, 1, 2, 5, -1, 2 ** 53, "1"])
    elif kind == 13:  # reuse another event's id with this content
        obj["id"] = rng.choice(source_ids)
    elif kind == 14:  # change the case of the id, or a new id for old content
        if isinstance(obj.get("id"), str):
            obj["id"] = obj["id"].upper() if rng.random() < 0.5 else "%08x-0000-4000-8000-%012x" % (
                rng.getrandbits(32), rng.getrandbits(48))
    elif kind == 15:  # dates and identifiers at their edges
        for key in list(data.keys()):
            if key.endswith("On") or key in ("validFrom", "validTo"):
                data[key] = rng.choice(["2023-02-29", "2024-02-29", "2023-13-01", "0000-01-01", "9999-12-31", "2023-1-1"])
            elif key.endswith("Id") and rng.random() < 0.5:
                data[key] = rng.choice(["../../etc/passwd", "a/b", "x" * 65, "ok.id-1", "spazio id", "é"])
    else:  # control characters and non-ASCII in a string
        if isinstance(target[k], str):
            target[k] = target[k] + rng.choice(["\u0000", "\u001f", "\u2028", "é", "\U0001F600", "\\", "\""])
    return obj


def phase_fuzz(albo: Albo, py: str, work: Path, scale: dict, rng: random.Random, rep: Report):
    n = scale["fuzz"]
    print(f"==> fuzz: {n} mutated batches appended to a small store", flush=True)
    store = str(work / "fuzz-store")
    src = work / "fuzz.ndjson"
    generate(py, 160, 30, src)
    lines = [line.rstrip(b"\n") for line in open(src, "rb") if line.strip()]
    base, tail = lines[:120], lines[120:]
    code, _, err, _ = albo.run(["append", "--store", store], stdin=b"\n".join(base))
    if code != 0:
        rep.fail(f"fuzz base append failed: {err[-200:]!r}")
        return
    source_ids = [json.loads(x)["id"] for x in lines]
    data_file = Path(store) / "data.mdb"

    # LMDB's two meta pages name the committed state (root pages, last txn): while they are
    # unchanged nothing was committed, whatever an aborted transaction scribbled on free
    # pages (with MDB_WRITEMAP it writes into the file itself).
    def fingerprint():
        with open(data_file, "rb") as f:
            return hashlib.sha256(f.read(2 * os.sysconf("SC_PAGE_SIZE"))).hexdigest()

    _, size, root = albo.state(store)
    fp = fingerprint()
    exits: dict = {}
    crashes, hangs, unexpected, changed, appended = [], [], [], [], 0
    batch_file = work / "fuzz-batch.ndjson"
    for i in range(n):
        pick = [rng.choice(base + tail) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        batch = mutate(pick, rng, scale["huge"], source_ids)
        batch_file.write_bytes(batch)
        code, out, err, _ = albo.run(["append", "--store", store, str(batch_file), "--json"])
        exits[code] = exits.get(code, 0) + 1
        if code is None:
            hangs.append(i)
            (work / f"fuzz-hang-{i}.ndjson").write_bytes(batch)
        elif code < 0:
            crashes.append((i, -code))
            (work / f"fuzz-crash-{i}.ndjson").write_bytes(batch)
        elif code not in (0, 65, 75):
            unexpected.append((i, code, err[-200:]))
            (work / f"fuzz-exit{code}-{i}.ndjson").write_bytes(batch)
        if code == 0:
            appended += 1
            _, size, root = albo.state(store)
            fp = fingerprint()
        elif fingerprint() != fp:
            # The file changed: it must still be the same log (same size and root).
            vcode, s2, r2 = albo.state(store)
            if (s2, r2) != (size, root) or vcode != 0:
                changed.append(i)
                (work / f"fuzz-changed-{i}.ndjson").write_bytes(batch)
                size, root = s2, r2
            fp = fingerprint()
    if crashes:
        rep.fail(f"fuzz: {len(crashes)} inputs crashed append (signals {sorted({s for _, s in crashes})}); kept in {work}")
    if hangs:
        rep.fail(f"fuzz: {len(hangs)} inputs hung append; kept in {work}")
    if unexpected:
        rep.fail(f"fuzz: {len(unexpected)} inputs gave an exit outside 0/65/75, e.g. {unexpected[0][1]}: {unexpected[0][2]!r}")
    if changed:
        rep.fail(f"fuzz: the store changed after {len(changed)} failed appends")
    shown = ", ".join(f"{k}: {v}" for k, v in sorted(exits.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    rep.row("fuzz", f"{n} mutated batches (exit: count)", shown)
    rep.row("fuzz", "crashes / hangs / other exits / store changed after a failed append",
            f"{len(crashes)} / {len(hangs)} / {len(unexpected)} / {len(changed)}")
    rep.figures["fuzz"] = dict(n=n, exits={str(k): v for k, v in exits.items()}, crashes=len(crashes), hangs=len(hangs),
                               unexpected=len(unexpected), changed=len(changed), appended=appended)


# MARK: - main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="CI scale, about a minute")
    ap.add_argument("--strict-flips", action="store_true", help="fail when a flipped byte crashes a command")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: time-based, printed)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--albo", required=True, help="the albo binary")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs Tools/generate.py")
    ap.add_argument("--phases", default="kills,writers,flips,fuzz,keys,diskfull,signals")
    args = ap.parse_args()
    scale_name = "small" if args.small else "full"
    scale = SCALES[scale_name]
    seed = args.seed if args.seed is not None else int(time.time()) % 100000
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="albo-torture-"))
    os.chmod(work, 0o700)
    # A private copy: a rebuild during the run must not swap the binary under it.
    shutil.copy2(args.albo, work / "albo")
    albo = Albo(str(work / "albo"))
    rep = Report()
    start = time.monotonic()
    print(f"torture: scale {scale_name}, seed {seed}, work {work}, albo {args.albo}", flush=True)
    phases = args.phases.split(",")
    def timed(name, body):
        t = time.monotonic()
        body()
        rep.figures.setdefault("phase_seconds", {})[name] = round(time.monotonic() - t, 1)

    try:
        if "kills" in phases or "writers" in phases:
            made = {}
            kill_scale = scale if "kills" in phases else dict(scale, kills=0)
            timed("kills", lambda: made.update(r=phase_kills(albo, args.python, work, kill_scale, rng, rep)))
            if "writers" in phases:
                timed("writers", lambda: phase_writers(albo, args.python, work, scale, rng, rep, *made["r"]))
        if "flips" in phases:
            timed("flips", lambda: phase_flips(albo, args.python, work, scale, rng, rep, args.strict_flips))
        if "fuzz" in phases:
            timed("fuzz", lambda: phase_fuzz(albo, args.python, work, scale, rng, rep))
        if "keys" in phases:
            timed("keys", lambda: torture_keys.phase_keys(albo, work, scale, rng, rep))
        if "diskfull" in phases:
            timed("diskfull", lambda: torture_keys.phase_diskfull(albo, work, scale, rng, rep))
        if "signals" in phases:
            timed("signals", lambda: torture_keys.phase_signals(albo, work, scale, rng, rep))
    finally:
        elapsed = time.monotonic() - start
        width = max((len(w) for _, w, _ in rep.rows), default=10)
        secs = ", ".join(f"{k} {v:.0f} s" for k, v in rep.figures.get("phase_seconds", {}).items())
        print(f"\n== torture summary (scale {scale_name}, seed {seed}, {elapsed:.0f} s{'; ' + secs if secs else ''})")
        print(f"{'phase':8} | {'what':{width}} | figure")
        print(f"{'-' * 8}-+-{'-' * width}-+-{'-' * 40}")
        for phase, what, fig in rep.rows:
            print(f"{phase:8} | {what:{width}} | {fig}")
        rep.figures.update(scale=scale_name, seed=seed, seconds=round(elapsed, 1), failures=rep.failures)
        if args.json:
            args.json.write_text(json.dumps(rep.figures, indent=2) + "\n")
        keep = args.keep or bool(rep.failures)
        if keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if rep.failures:
        print(f"FAILED: {len(rep.failures)} problem(s)")
        for f in rep.failures[:20]:
            print("  " + f)
        sys.exit(1)
    print("torture: OK")


if __name__ == "__main__":
    main()
