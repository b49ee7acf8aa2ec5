#!/usr/bin/env python3
"""Synthetic log for the evidence benchmark (Tools/bench_evidence.sh).

Usage: python3 Tools/bench_evidence_gen.py --events N --placements P --out DIR

Writes DIR/batch-NNN.ndjson (batches of 100,000 events, in append order), and a note key
pair DIR/bench.key (signer) and DIR/bench.vkey (verifier). The log holds one outcome-paid
service contract, `sesto-bench-2018`, with P placements confirmed in 2019-01-01..2019-06-30
(about 10% of them rejected, every reason represented), the rest being cases of other
protocols. Output is deterministic apart from the key.
"""
import argparse
import base64
import hashlib
import json
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

PAID = "sesto-bench-2018"
GROUPS = ["economic-disadvantage", "disability", "unemployed-over-45", "young-unemployed"]
DESKS = ["Sesto Centro", "Sesto Rondò", "Sesto Marelli"]
BATCH = 100_000


class Log:
    def __init__(self, out):
        self.out, self.count, self.lines, self.batch = out, 0, [], 0

    def add(self, kind, data):
        self.count += 1
        uid = f"{self.count:032x}"
        uid = f"{uid[:8]}-{uid[8:12]}-4{uid[13:16]}-8{uid[17:20]}-{uid[20:]}"
        self.lines.append(json.dumps({"id": uid, "type": kind, "recordedBy": "op-bench-01", "data": data},
                                     separators=(",", ":")))
        if len(self.lines) == BATCH:
            self.flush()
        return uid

    def flush(self):
        if self.lines:
            with open(os.path.join(self.out, f"batch-{self.batch:03d}.ndjson"), "w") as f:
                f.write("\n".join(self.lines) + "\n")
            self.batch += 1
            self.lines = []


def day(n):
    """The n-th day (0-based) of a 28-day-month calendar from 2018-01-01: always a real date."""
    return f"{2018 + n // 336}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"


def write_keys(out, name="bench.example+sesto"):
    name = name.replace("+", "-")
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex()
    seed_b64, public_b64 = (base64.b64encode(b"\x01" + k).decode() for k in (seed, public))
    with open(os.path.join(out, "bench.key"), "w") as f:
        f.write(f"PRIVATE+KEY+{name}+{key_id}+{seed_b64}\n")
    with open(os.path.join(out, "bench.vkey"), "w") as f:
        f.write(f"{name}+{key_id}+{public_b64}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--placements", type=int, default=10_000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_keys(args.out)
    log = Log(args.out)
    log.add("ProtocolSigned", {
        "protocolId": PAID, "title": "Servizio di inserimento lavorativo a risultato", "kind": "service-contract",
        "parties": ["Comune di Sesto San Giovanni", "Operatore accreditato"], "lead": "Comune di Sesto San Giovanni",
        "signedOn": "2017-12-15", "validFrom": "2018-01-01", "validTo": "2020-12-31",
        "outcomePayment": {"operator": "Operatore accreditato", "eligibleContracts": ["permanent", "fixed-term"],
                           "minFixedTermMonths": 6, "tariffs": {g: 100_000 + 50_000 * i for i, g in enumerate(GROUPS)}}})
    for p in range(20):
        log.add("ProtocolSigned", {"protocolId": f"conv-{p:02d}", "title": f"Convenzione {p}", "kind": "convention",
                                   "parties": ["Comune A", f"Comune {p}"], "signedOn": "2017-12-01", "validFrom": "2018-01-01"})
    # The paid protocol's cases: one placement each in the claimed semester, with every rejection.
    for i in range(args.placements):
        cid = f"SSG-{i:06d}"
        group = "other" if i % 50 == 7 else GROUPS[i % 4]
        log.add("CaseOpened", {"caseId": cid, "person": f"P-{i:06X}", "protocolId": PAID, "desk": DESKS[i % 3],
                               "targetGroup": group, "referredBy": "AFOL", "openedOn": day(i % 300)})
        if i % 40 == 3:  # an earlier eligible placement, paid in 2018: this one is already-paid
            log.add("PlacementConfirmed", {"caseId": cid, "employer": "Alfa Srl", "contract": "permanent",
                                           "startOn": day(300), "confirmedOn": day(301), "evidence": f"UNILAV-A-{i}"})
        contract, months = (("fixed-term", 3) if i % 20 == 5 else ("fixed-term", 12) if i % 5 == 1
                            else ("apprenticeship", None) if i % 25 == 9 else ("permanent", None))
        data = {"caseId": cid, "employer": f"Impresa {i % 97}, S.r.l.", "contract": contract,
                "startOn": "2021-01-11" if i % 200 == 13 else day(340 + i % 160),
                "confirmedOn": day(340 + i % 160), "evidence": f"UNILAV-{i:08d}"}
        if months:
            data["months"] = months
        pid = log.add("PlacementConfirmed", data)
        if i % 100 == 11:
            log.add("EventVoided", {"eventId": pid, "reason": "UNILAV withdrawn by the employer"})
        log.add("CaseClosed", {"caseId": cid, "reason": "placed", "closedOn": day(520)})
    # Everything else: other protocols' cases, four events each.
    n = 0
    while log.count < args.events:
        cid = f"OTH-{n:07d}"
        log.add("CaseOpened", {"caseId": cid, "person": f"Q-{n:07X}", "protocolId": f"conv-{n % 20:02d}",
                               "desk": DESKS[n % 3], "targetGroup": GROUPS[n % 4], "openedOn": day(n % 600)})
        for kind, data in [("TraineeshipStarted", {"caseId": cid, "traineeshipId": f"T-{n:07d}", "host": "Impresa",
                                                   "kind": "extracurricular", "startOn": day(n % 600 + 1)}),
                           ("PlacementConfirmed", {"caseId": cid, "employer": "Impresa", "contract": "permanent",
                                                   "startOn": day(n % 600 + 2), "confirmedOn": day(n % 600 + 2), "evidence": f"U-{n}"}),
                           ("CaseClosed", {"caseId": cid, "reason": "placed", "closedOn": day(n % 600 + 3)})]:
            if log.count < args.events:
                log.add(kind, data)
        n += 1
    log.flush()
    print(f"{log.count} events in {log.batch} batches, {args.placements} placements claimed, in {args.out}")


if __name__ == "__main__":
    main()
