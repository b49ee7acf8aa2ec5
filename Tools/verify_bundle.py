#!/usr/bin/env python3
"""Verify an Albo payment evidence bundle without Albo (docs/reference.md §7).

Usage: python3 Tools/verify_bundle.py BUNDLE_DIR VERIFIER_KEY_FILE

An auditor's second, independent implementation. It needs only the PyPI packages
`rfc8785` (RFC 8785 canonical JSON) and `cryptography` (Ed25519), plus the few lines of
RFC 9162 inclusion-proof verification below. It checks:

  1. manifest.json: the SHA-256 of every other file;
  2. checkpoint: a C2SP signed note, signed by the given key, holding origin, size, root;
  3. events.ndjson: each line is RFC 8785 canonical JSON, in increasing seq order, and
     proofs.ndjson proves its leaf SHA-256(0x00 || line) is in the checkpoint's tree;
  4. the protocol's stream and each case's stream are complete (versions 1..n);
  5. subjects.json holds exactly the keys of the subjects the events' sealed values name, and
     the sealed personal fields of a sealed store ("sealed:v1:<subject>:<eventId>:<box>")
     open with them (AES-256-GCM, `cryptography` alone);
  6. payments.csv, rejected.csv and summary.json equal what the payment rules give on
     events.ndjson alone (opened), byte for byte.

A filed claim's bundle (summary.json names its claimId) is checked against the claim: every
case the ClaimFiled names is complete up to the caseVersion it recorded, and its lines are
what the rules give on the events before it (placements of earlier claims in the bundle are
already paid); a subject whose SubjectErased is in the bundle has no key, their fields stay
sealed, and a line whose target group is so unreadable must ask one of the protocol's tariffs.

Exit 0 when everything holds, 2 otherwise (every problem found is printed).
"""
import base64
import hashlib
import json
import os
import sys

import rfc8785
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FILES = ["checkpoint", "events.ndjson", "proofs.ndjson", "subjects.json", "payments.csv", "rejected.csv", "summary.json"]
PERSONAL = {"CaseOpened": ["person", "referredBy", "targetGroup"], "TraineeshipStarted": ["host"],
            "PlacementConfirmed": ["employer", "evidence"]}
REASONS = ["voided", "outside-protocol-validity", "contract-not-eligible", "fixed-term-too-short", "no-tariff"]
problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


# --- RFC 9162 §2.1.3.2: verify an inclusion proof -------------------------------------

def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index, size, leaf, proof):
    if not 0 <= index < size:
        raise ValueError(f"index {index} is not in a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("the proof is too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("the proof is too short")
    return r


# --- C2SP signed note and checkpoint ---------------------------------------------------

def open_checkpoint(note, vkey_text):
    name, key_id, key_b64 = vkey_text.strip().split("+", 2)
    raw = base64.b64decode(key_b64, validate=True)
    if raw[0] != 1 or len(raw) != 33:
        raise ValueError("the verifier key is not an Ed25519 note key")
    if hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() != key_id.lower():
        raise ValueError("the verifier key's id does not match its key")
    text_end = note.rindex(b"\n\n") + 1
    text, signatures = note[:text_end], note[text_end + 1:].decode()
    public = Ed25519PublicKey.from_public_bytes(raw[1:])
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise ValueError("a signature line must start with an em dash")
        signer, sig_b64 = line[2:].split(" ", 1)
        sig = base64.b64decode(sig_b64, validate=True)
        if signer == name and sig[:4].hex() == key_id.lower():
            public.verify(sig[4:], text)  # raises InvalidSignature
            origin, size, root = text.decode().split("\n")[:3]
            return origin, int(size), base64.b64decode(root, validate=True)
    raise ValueError(f"no signature by {name}+{key_id}")


# --- Sealed personal fields: AES-256-GCM, AAD "albo-seal-v1" 0x00 eventId 0x00 field -------

def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def open_sealed(value, field, event_id, keys):
    """The clear text of a sealed value; raises ValueError when it does not open."""
    parts = value.split(":")
    if len(parts) != 5 or parts[:2] != ["sealed", "v1"]:
        raise ValueError(f"{field} is not a sealed value")
    subject, bound_id, box = parts[2], parts[3], b64url(parts[4])
    if bound_id != event_id:
        raise ValueError(f"{field} is sealed for event {bound_id}, not this one")
    if subject not in keys:
        raise ValueError(f"{field}: subjects.json has no key for {subject}")
    aad = b"albo-seal-v1\x00" + event_id.encode() + b"\x00" + field.encode()
    try:
        return AESGCM(b64url(keys[subject])).decrypt(box[:12], box[12:], aad).decode()
    except InvalidTag:
        raise ValueError(f"{field} does not open with {subject}'s key")


def opened(event, keys, erased=frozenset()):
    """The event with its sealed personal fields opened (a copy; the stored line is what is proven);
    the fields of an erased subject (no key, their SubjectErased in the bundle) stay sealed."""
    data = dict(event["data"])
    for field in PERSONAL.get(event["type"], []):
        if isinstance(data.get(field), str) and data[field].startswith("sealed:v1:"):
            if subject_of(data[field]) in erased and subject_of(data[field]) not in keys:
                continue
            data[field] = open_sealed(data[field], field, event["id"], keys)
    return {**event, "data": data}


# --- docs/reference.md §7 payment rules, written independently of the Swift code ------------------

def subject_of(person):
    """The data subject a person reference names: a sealed value's subject, else the reference."""
    parts = person.split(":")
    return parts[2] if len(parts) == 5 and parts[:2] == ["sealed", "v1"] else person


def placements_of(stream, case):
    return [e for e in stream if e["type"] == "PlacementConfirmed" and e["seq"] > case["seq"]]


def payment_claim(events, protocol_id, start, end, claimed=frozenset()):
    streams = {}
    for e in events:
        streams.setdefault(e["stream"], []).append(e)

    def voided_ids(stream):
        return {e["data"]["eventId"].lower() for e in stream if e["type"] == "EventVoided"}

    proto_stream = streams.get("protocol:" + protocol_id, [])
    gone = voided_ids(proto_stream)
    signed = [e["data"] for e in proto_stream if e["type"] == "ProtocolSigned" and e["id"] not in gone]
    if not signed or "outcomePayment" not in signed[-1]:
        raise ValueError(f"protocol {protocol_id} has no live ProtocolSigned with outcomePayment")
    terms, pay = signed[-1], signed[-1]["outcomePayment"]
    paid, rejected, listed = [], [], set()
    cases_of = {}  # data subject -> [(stream name, live CaseOpened, voided ids)]
    for name, stream in sorted(streams.items()):
        gone = voided_ids(stream)
        openings = [e for e in stream if e["type"] == "CaseOpened" and e["id"] not in gone]
        if not name.startswith("case:") or not openings or openings[-1]["data"]["protocolId"] != protocol_id:
            continue
        case = openings[-1]
        cases_of.setdefault(subject_of(case["data"]["person"]), []).append((name, case, gone))
    for cases in cases_of.values():
        # Rule 6: a person is paid once per protocol, for their first eligible placement in any of their cases.
        placements = [(e, case, gone) for name, case, gone in cases for e in placements_of(streams[name], case)]
        placements.sort(key=lambda x: (x[0]["data"]["confirmedOn"], x[0]["seq"]))
        already = False
        for e, case, gone in placements:
            p, group = e["data"], case["data"]["targetGroup"]
            broken = [e["id"] in gone,
                      not (terms["validFrom"] <= p["startOn"] <= terms.get("validTo", "9999-12-31")),
                      p["contract"] not in pay["eligibleContracts"],
                      p["contract"] == "fixed-term" and p.get("months", 0) < pay.get("minFixedTermMonths", 0),
                      group not in pay["tariffs"]]
            reason = REASONS[broken.index(True)] if True in broken else (
                "already-paid" if already or e["id"] in claimed else None)
            already = already or reason is None
            if start <= p["confirmedOn"] <= end:
                (rejected if reason else paid).append((e, case["data"], reason or pay["tariffs"][group]))
        # The streams that support the claim: when the person has a placement in the period,
        # each of their cases with a placement confirmed on or before its end.
        confirmed = {name: [e["data"]["confirmedOn"] for e in placements_of(streams[name], case)] for name, case, _ in cases}
        if any(start <= day <= end for days in confirmed.values() for day in days):
            listed.update(name for name, days in confirmed.items() if any(day <= end for day in days))
    return terms, pay, sorted(paid, key=lambda x: x[0]["seq"]), sorted(rejected, key=lambda x: x[0]["seq"]), listed


def csv_bytes(rows):
    def field(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\r\n') else v
    return "".join(",".join(field(v) for v in row) + "\r\n" for row in rows).encode()


def expected_files(events, summary, size, root):
    _, pay, paid, rejected, listed = payment_claim(events, summary["protocolId"], summary["from"], summary["to"])
    payments = [["seq", "eventId", "caseId", "person", "targetGroup", "desk", "employer", "contract", "months",
                 "startOn", "confirmedOn", "evidence", "amountCents"]]
    for e, c, amount in paid:
        p = e["data"]
        payments.append([e["seq"], e["id"], c["caseId"], c["person"], c["targetGroup"], c["desk"], p["employer"],
                         p["contract"], p.get("months", ""), p["startOn"], p["confirmedOn"], p["evidence"], amount])
    rejections = [["seq", "eventId", "caseId", "person", "targetGroup", "reason"]]
    rejections += [[e["seq"], e["id"], c["caseId"], c["person"], c["targetGroup"], r] for e, c, r in rejected]
    new_summary = {"protocolId": summary["protocolId"], "from": summary["from"], "to": summary["to"],
                   "operator": pay["operator"], "eligible": len(paid), "rejected": len(rejected),
                   "totalCents": sum(a for _, _, a in paid), "treeSize": size, "rootHash": root.hex()}
    files = {"payments.csv": csv_bytes(payments), "rejected.csv": csv_bytes(rejections),
             "summary.json": rfc8785.dumps(new_summary) + b"\n"}
    return files, listed, len(paid), len(rejected), new_summary["totalCents"]


def live_claim(stream):
    """The ClaimFiled of a claim stream and whether it is live (not voided in its stream)."""
    gone = {e["data"]["eventId"].lower() for e in stream if e["type"] == "EventVoided"}
    filed = next((e for e in stream if e["type"] == "ClaimFiled"), None)
    return filed, filed is not None and filed["id"] not in gone


def expected_claim_files(events, summary, size, root):
    """The documents of a filed claim's bundle: the claim's lines, checked against the rules
    re-run on the events before it."""
    claim_id = summary["claimId"]
    streams = {}
    for e in events:
        streams.setdefault(e["stream"], []).append(e)
    filed, live = live_claim(streams.get("claim:" + claim_id, []))
    if not live:
        raise ValueError(f"no live ClaimFiled of claim {claim_id} in events.ndjson")
    c, at = filed["data"], filed["seq"]
    if (c["protocolId"], c["from"], c["to"]) != (summary["protocolId"], summary["from"], summary["to"]):
        problem("summary.json", f"names another protocol or period than claim {claim_id}")
    for line in c["lines"]:
        name = "case:" + line["caseId"]
        if name not in streams:
            problem("events.ndjson", f"the claim names case {line['caseId']}, whose stream is not in the bundle")
            continue
        last = max([e["version"] for e in streams[name] if e["seq"] < at], default=0)
        if last != line["caseVersion"]:
            problem("events.ndjson", f"{name} holds versions 1..{last} before the claim; the claim recorded "
                                     f"version {line['caseVersion']}: an event of the stream is missing")
    claimed = set()
    for name, stream in streams.items():
        other, other_live = live_claim(stream)
        if name.startswith("claim:") and name != "claim:" + claim_id and other_live and other["seq"] < at:
            claimed.update(l["placementEventId"] for l in other["data"]["lines"])
    before = [e for e in events if e["seq"] < at and (e["stream"].startswith("case:") or e["stream"].startswith("protocol:"))]
    _, pay, paid, rejected, listed = payment_claim(before, c["protocolId"], c["from"], c["to"], claimed)
    tariffs = set(pay["tariffs"].values())
    payable = {e["id"]: (e, case, amount) for e, case, amount in paid}
    refused = {e["id"]: (e, case, reason) for e, case, reason in rejected}
    rows = []
    for line in c["lines"]:
        pid = line["placementEventId"]
        if pid in payable:
            e, case, amount = payable[pid]
            if amount != line["amountCents"]:
                problem("events.ndjson", f"claim line {pid} asks {line['amountCents']} cents; the rules give {amount}")
        elif pid in refused and refused[pid][2] == "no-tariff" and refused[pid][1]["targetGroup"].startswith("sealed:v1:"):
            e, case, _ = refused[pid]
            if line["amountCents"] not in tariffs:
                problem("events.ndjson", f"claim line {pid} asks {line['amountCents']} cents, none of the protocol's tariffs")
        elif pid in refused:
            problem("events.ndjson", f"claim line {pid} is rejected by the rules ({refused[pid][2]})")
            continue
        else:
            problem("events.ndjson", f"claim line {pid} names no placement of the claim's cases in its period")
            continue
        rows.append((e, case, line["amountCents"]))
    in_claim = {line["placementEventId"] for line in c["lines"]}
    for pid in sorted(set(payable) - in_claim):
        problem("events.ndjson", f"eligible placement {pid} is missing from the claim")
    if c["operator"] != pay["operator"]:
        problem("events.ndjson", f"the claim names operator {c['operator']!r}, the protocol's terms {pay['operator']!r}")
    rows.sort(key=lambda x: x[0]["seq"])
    rejections_left = [r for r in rejected if r[0]["id"] not in in_claim]
    payments = [["seq", "eventId", "caseId", "person", "targetGroup", "desk", "employer", "contract", "months",
                 "startOn", "confirmedOn", "evidence", "amountCents"]]
    for e, case, amount in rows:
        p = e["data"]
        payments.append([e["seq"], e["id"], case["caseId"], case["person"], case["targetGroup"], case["desk"], p["employer"],
                         p["contract"], p.get("months", ""), p["startOn"], p["confirmedOn"], p["evidence"], amount])
    rejections = [["seq", "eventId", "caseId", "person", "targetGroup", "reason"]]
    rejections += [[e["seq"], e["id"], case["caseId"], case["person"], case["targetGroup"], r] for e, case, r in rejections_left]
    total = sum(line["amountCents"] for line in c["lines"])
    new_summary = {"claimId": claim_id, "protocolId": c["protocolId"], "from": c["from"], "to": c["to"],
                   "operator": c["operator"], "eligible": len(rows), "rejected": len(rejections_left),
                   "totalCents": total, "treeSize": size, "rootHash": root.hex()}
    files = {"payments.csv": csv_bytes(payments), "rejected.csv": csv_bytes(rejections),
             "summary.json": rfc8785.dumps(new_summary) + b"\n"}
    return files, listed, len(rows), len(rejections_left), total


def first_difference(name, found, expected):
    f, e = found.split(b"\n"), expected.split(b"\n")
    i = next((i for i in range(min(len(f), len(e))) if f[i] != e[i]), min(len(f), len(e)))
    show = lambda lines: repr(lines[i].decode()) if i < len(lines) else "end of file"
    problem(f"{name} line {i + 1}", f"differs from the recomputation: expected {show(e)}, found {show(f)}")


def main(directory, vkey_file):
    read = lambda name: open(os.path.join(directory, name), "rb").read()
    manifest = json.loads(read("manifest.json"))
    for name in FILES:
        if hashlib.sha256(read(name)).hexdigest() != manifest.get(name, "").lower():
            problem(name, "its SHA-256 does not match manifest.json")
    print(f"checked manifest.json: SHA-256 of {len(FILES)} files")

    try:
        origin, size, root = open_checkpoint(read("checkpoint"), open(vkey_file).read())
        print(f"checked checkpoint: signed by the given key; {origin}, size {size}")
    except (ValueError, InvalidSignature, IndexError) as error:
        problem("checkpoint", f"not verified: {error!r}")
        origin, size, root = None, 0, b""

    lines, proofs = read("events.ndjson").split(b"\n")[:-1], read("proofs.ndjson").split(b"\n")[:-1]
    if len(lines) != len(proofs):
        problem("proofs.ndjson", f"{len(proofs)} proofs for {len(lines)} events")
    events, last = [], -1
    for n, (line, proof_line) in enumerate(zip(lines, proofs), 1):
        event, proof = json.loads(line), json.loads(proof_line)
        where = f"events.ndjson line {n} (seq {event.get('seq')})"
        if rfc8785.dumps(event) != line:
            problem(where, "not in RFC 8785 canonical form")
        if event["seq"] <= last:
            problem(where, f"not in increasing seq order (after seq {last})")
        last = event["seq"]
        leaf = hashlib.sha256(b"\x00" + line).digest()
        if proof["seq"] != event["seq"] or proof["treeSize"] != size or proof["leafHash"] != leaf.hex():
            problem(where, "its leaf hash, seq or tree size differs from proofs.ndjson: the event was edited")
        else:
            try:
                if root_from_inclusion(event["seq"], size, leaf, [bytes.fromhex(h) for h in proof["hashes"]]) != root:
                    problem(where, "the inclusion proof does not lead to the checkpoint's root")
            except ValueError as error:
                problem(where, f"bad inclusion proof: {error}")
        events.append(event)
    print(f"checked events.ndjson: {len(events)} events, canonical, each proven in the tree of size {size}")

    keys, sealed = json.loads(read("subjects.json")), 0
    summary = json.loads(read("summary.json"))
    is_claim = "claimId" in summary
    # Only a filed claim's bundle may hold subjects whose erasure it proves (no key to give).
    erased = frozenset(e["data"]["subject"] for e in events if e["type"] == "SubjectErased") if is_claim else frozenset()
    own = {subject_of(e["data"][f]) for e in events for f in PERSONAL.get(e["type"], [])
           if isinstance(e["data"].get(f), str) and e["data"][f].startswith("sealed:v1:")}
    for subject in sorted(set(keys) - own):
        problem("subjects.json", f"holds a key for {subject}, whom no sealed field of events.ndjson names: "
                                 "a bundle carries its own subjects' keys and no one else's")
    for n, event in enumerate(events):
        try:
            events[n] = opened(event, keys, erased)
            sealed += events[n] != event
        except ValueError as error:
            problem(f"events.ndjson seq {event.get('seq')}", str(error))
    print(f"checked subjects.json: the keys of {len(own)} subjects, no other; the sealed fields of {sealed} events open with them")

    versions = {}
    for e in events:
        versions.setdefault(e["stream"], []).append(e["version"])
    for stream, seen in sorted(versions.items()):
        if seen != list(range(1, len(seen) + 1)):
            problem("events.ndjson", f"{stream} is not complete: versions {seen}")
    print(f"checked streams: {len(versions)} complete streams")

    try:
        recompute = expected_claim_files if is_claim else expected_files
        expected, listed, eligible, rejected, total = recompute(events, summary, size, root)
    except (ValueError, KeyError) as error:
        problem("events.ndjson", f"the payment rules cannot run: {error!r}")
        expected, listed, eligible, rejected, total = {}, set(), 0, 0, 0
    claim_streams = ("claim:", "subject:") if is_claim else ()
    for stream in sorted(s for s in versions if s != "protocol:" + summary.get("protocolId") and s not in listed
                         and not s.startswith(claim_streams or ("\0",))):
        problem("events.ndjson", f"{stream} supports no placement of the claim")
    for name, content in expected.items():
        if read(name) != content:
            first_difference(name, read(name), content)
    print("recomputed payments.csv, rejected.csv, summary.json from events.ndjson")

    if problems:
        for p in problems:
            print("PROBLEM " + p, file=sys.stderr)
        print(f"bundle NOT verified: {len(problems)} problem(s)", file=sys.stderr)
        return 2
    print(f"bundle OK: {len(events)} events, {eligible} eligible, {rejected} rejected, total €{total // 100:,}.{total % 100:02d}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"bundle NOT verified: {error!r}", file=sys.stderr)
        sys.exit(2)
