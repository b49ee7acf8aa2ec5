#!/usr/bin/env python3
"""Recomputes a semester report's figures.json from the ledger's own records, without Albo's code.

    python3 Tools/report_check.py ALBO STORE REPORT_DIR

Reads every stored record below the report's tree size with `ALBO show SEQ --store STORE`
(the exact canonical bytes), replays them with voids applied, recomputes every figure the
report defines (docs/reference.md §6 and §7 rules included), and compares: a published number must
be equal; a "< 5" cell must hold 1 to 4; no breakdown whose total is published may hide
exactly one cell (secondary suppression); an --exact report hides nothing. Prints one line per disagreement; exit 0 when there
is none, 1 otherwise.
"""
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date

GROUPS = ["disability", "economic-disadvantage", "other", "unemployed-over-45", "young-unemployed"]
REASONS = ["completed", "placed", "transferred", "withdrawn"]
CONTRACTS = ["permanent", "fixed-term", "apprenticeship"]
REJECTIONS = ["voided", "outside-protocol-validity", "contract-not-eligible", "fixed-term-too-short", "no-tariff", "already-paid"]
MONTHS = [("1-5", 1, 5), ("6-11", 6, 11), ("12-23", 12, 23), ("24+", 24, 10**9)]
HOURS = [("1-20", 1, 20), ("21-30", 21, 30), ("31-36", 31, 36), ("37-40", 37, 40), ("41-48", 41, 10**9)]
DAYS = [("0-30", -10**9, 30), ("31-90", 31, 90), ("91-180", 91, 180), ("181-365", 181, 365), ("366+", 366, 10**9)]


def records(albo, store, size):
    """The stored records 0..size-1, read with `albo show` (a few processes at a time)."""
    def show(seq):
        out = subprocess.run([albo, "show", str(seq), "--store", store], check=True, capture_output=True).stdout
        return json.loads(out)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(show, range(size)))


def bounds(label):
    year, half = int(label[:4]), label[-1]
    return (f"{year:04d}-01-01", f"{year:04d}-06-30") if half == "1" else (f"{year:04d}-07-01", f"{year:04d}-12-31")


def erased_view(d):
    """A CaseOpened as the report reads it: `albo show` opens sealed fields, except an erased
    subject's, which stay sealed; those count as `erased`, and the person by subject reference."""
    d = dict(d)
    for field in ("targetGroup", "referredBy"):
        if str(d.get(field, "")).startswith("sealed:v1:"):
            d[field] = "erased"
    if d["person"].startswith("sealed:v1:"):
        d["person"] = d["subject"]
    return d


class Ledger:
    def __init__(self, recs, scope):
        voided = {r["data"]["eventId"] for r in recs if r["type"] == "EventVoided"}
        self.records = recs
        self.voided = voided
        self.cases, self.hires, self.protocols = {}, [], {}
        for r in recs:
            t, d = r["type"], r["data"]
            if r["id"] in voided or t == "EventVoided":
                continue
            if t == "ProtocolSigned":
                self.protocols[d["protocolId"]] = d
            elif t == "HireAnnounced":
                self.hires.append(d)
            elif t == "CaseOpened":
                self.cases[d["caseId"]] = dict(erased_view(d), trainee=[], placed=[], closed=None)
            elif t == "TraineeshipStarted" and d["caseId"] in self.cases:
                self.cases[d["caseId"]]["trainee"].append(d["startOn"])
            elif t == "PlacementConfirmed" and d["caseId"] in self.cases:
                self.cases[d["caseId"]]["placed"].append(d)
            elif t == "CaseClosed" and d["caseId"] in self.cases:
                self.cases[d["caseId"]]["closed"] = d
        protocols, desks = scope.get("protocols") or None, scope.get("desks") or None
        self.in_scope = [c for c in self.cases.values()
                         if (not protocols or c["protocolId"] in protocols) and (not desks or c["desk"] in desks)]
        self.scope_protocols = sorted(p for p in self.protocols if not protocols or p in protocols)
        if protocols:
            self.hires = [h for h in self.hires if h.get("protocolId") in protocols]

    def claim(self, pid, first, last):
        """docs/reference.md §7 over the cases of pid, counted for the in-scope ones: (eligible, cents, {reason: n}).
        A person is paid once per protocol, whatever the case or desk (rule 6)."""
        p = self.protocols[pid]
        rule = p["outcomePayment"]
        mine = {c["caseId"] for c in self.cases.values() if c["protocolId"] == pid}
        counted = {c["caseId"] for c in self.in_scope if c["protocolId"] == pid}
        placements = [(r["data"]["confirmedOn"], r["seq"], r) for r in self.records
                      if r["type"] == "PlacementConfirmed" and r["data"]["caseId"] in mine]
        # What the live filed claims of pid claimed is counted as filed; the rules treat it as paid.
        claimed = {line["placementEventId"]: line["amountCents"] for r in self.records
                   if r["type"] == "ClaimFiled" and r["id"] not in self.voided and r["data"]["protocolId"] == pid
                   for line in r["data"]["lines"]}
        paid, eligible, cents, rejected = set(), 0, 0, {}
        for confirmed, _, r in sorted(placements, key=lambda x: (x[0], x[1])):
            d = r["data"]
            group = self.cases[d["caseId"]]["targetGroup"]
            if r["id"] in self.voided:
                reason = "voided"
            elif not (p["validFrom"] <= d["startOn"] <= p.get("validTo", "9999-12-31")):
                reason = "outside-protocol-validity"
            elif d["contract"] not in rule["eligibleContracts"]:
                reason = "contract-not-eligible"
            elif d["contract"] == "fixed-term" and d.get("months", 0) < rule.get("minFixedTermMonths", 1):
                reason = "fixed-term-too-short"
            elif group not in rule["tariffs"]:
                reason = "no-tariff"
            elif self.cases[d["caseId"]]["person"] in paid or r["id"] in claimed:
                reason = "already-paid"
                paid.add(self.cases[d["caseId"]]["person"])
            else:
                reason = None
                paid.add(self.cases[d["caseId"]]["person"])
            if first <= confirmed <= last and d["caseId"] in counted:
                if r["id"] in claimed:
                    eligible += 1
                    cents += claimed[r["id"]]
                elif reason:
                    rejected[reason] = rejected.get(reason, 0) + 1
                else:
                    eligible += 1
                    cents += rule["tariffs"][group]
        return eligible, cents, rejected


def figures(ledger, semester, semesters):
    out = {}

    def put(measure, dim, s, value):
        out[(measure, dim, s)] = value

    cases = ledger.in_scope
    for s in semesters:
        a, b = bounds(s)
        opened = [c for c in cases if a <= c["openedOn"] <= b]
        put("cases.opened", "", s, len(opened))
        put("persons.served", "", s, len({c["person"] for c in opened}))
        put("traineeships.started", "", s, sum(a <= t <= b for c in cases for t in c["trainee"]))
        put("placements.confirmed", "", s, sum(a <= p["confirmedOn"] <= b for c in cases for p in c["placed"]))
        put("cases.closed", "", s, sum(1 for c in cases if c["closed"] and a <= c["closed"]["closedOn"] <= b))
        put("hires.positions", "", s, sum(h["positions"] for h in ledger.hires if a <= h["announcedOn"] <= b))
        total_n = total_c = 0
        for pid in ledger.scope_protocols:
            if "outcomePayment" not in ledger.protocols[pid]:
                continue
            n, c, rejected = ledger.claim(pid, a, b)
            put("payments.eligible", f"protocol={pid}", s, n)
            put("payments.totalCents", f"protocol={pid}", s, c)
            total_n, total_c = total_n + n, total_c + c
            if s == semester:
                for reason in REJECTIONS:
                    put("payments.rejected", f"protocol={pid};reason={reason}", s, rejected.get(reason, 0))
        put("payments.eligible", "", s, total_n)
        put("payments.totalCents", "", s, total_c)

    s = semester
    a, b = bounds(s)
    opened = [c for c in cases if a <= c["openedOn"] <= b]
    closed = [c for c in cases if c["closed"] and a <= c["closed"]["closedOn"] <= b]
    for r in REASONS:
        put("cases.closed.byReason", f"reason={r}", s, sum(c["closed"]["reason"] == r for c in closed))
    jan = s[:4] + "-01-01"
    year = [c for c in cases if jan <= c["openedOn"] <= b]
    put("cases.opened.yearToDate", "", s, len(year))
    put("persons.served.yearToDate", "", s, len({c["person"] for c in year}))
    concluded = sum(1 for c in opened if c["closed"])
    put("cohort.concluded", "", s, concluded)
    put("cohort.inProgress", "", s, len(opened) - concluded)
    put("cohort.placed", "", s, sum(1 for c in opened if c["placed"]))
    for g in GROUPS:
        put("cases.opened.byTargetGroup", f"targetGroup={g}", s, sum(c["targetGroup"] == g for c in opened))
    if any(c["targetGroup"] == "erased" for c in opened):
        put("cases.opened.byTargetGroup", "targetGroup=erased", s, sum(c["targetGroup"] == "erased" for c in opened))
    # Participant data (CaseOpened v2): breakdowns by gender, age band and education when any exist.
    def participant(c):
        p = c.get("participant")
        return p if isinstance(p, dict) else None
    if any(participant(c) for c in opened):
        bands = [("below-18", 0, 17), ("18-29", 18, 29), ("30-54", 30, 54), ("55-and-over", 55, 200)]
        def band(p):
            return next((name for name, lo, hi in bands if lo <= p["ageAtEntry"] <= hi), "none")
        for measure, dim, values, key in (
                ("cases.opened.byGender", "gender", ["female", "male", "non-binary"], lambda p: p["gender"]),
                ("cases.opened.byAgeBand", "ageBand", [b[0] for b in bands], band),
                ("cases.opened.byEducation", "education", ["isced-0-2", "isced-3-4", "isced-5-8"], lambda p: p["education"])):
            for v in values + ["none"]:
                put(measure, f"{dim}={v}", s, sum((key(participant(c)) if participant(c) else "none") == v for c in opened))
    referrers = {}
    for c in opened:
        if "referredBy" in c:
            referrers.setdefault(c["referredBy"], set()).add(c["person"])
    for r, persons in referrers.items():
        put("persons.referred.byReferrer", f"referredBy={r}", s, len(persons))
    window = (bounds(semesters[0])[0], b)
    active = [c for c in cases if any(window[0] <= day <= window[1] for day in
                                      [c["openedOn"], *c["trainee"], *(p["confirmedOn"] for p in c["placed"]),
                                       *([c["closed"]["closedOn"]] if c["closed"] else [])])]
    for d in sorted({c["desk"] for c in active}):
        mine = [c for c in opened if c["desk"] == d]
        put("cases.opened.byDesk", f"desk={d}", s, len(mine))
        put("persons.served.byDesk", f"desk={d}", s, len({c["person"] for c in mine}))
    placed = [(c, p) for c in cases for p in c["placed"] if a <= p["confirmedOn"] <= b]
    for k in CONTRACTS:
        put("placements.byContract", f"contract={k}", s, sum(p["contract"] == k for _, p in placed))
    for d in sorted({c["desk"] for c, _ in placed}):
        for k in CONTRACTS:
            put("placements.byDeskContract", f"desk={d};contract={k}", s,
                sum(c["desk"] == d and p["contract"] == k for c, p in placed))
    for name, lo, hi in MONTHS:
        put("placements.fixedTermMonths", f"months={name}", s,
            sum(p["contract"] == "fixed-term" and lo <= p.get("months", 0) <= hi for _, p in placed))
    for name, lo, hi in HOURS:
        put("placements.hoursPerWeek", f"hours={name}", s, sum(lo <= p.get("hoursPerWeek", -1) <= hi for _, p in placed))
    put("placements.hoursPerWeek", "hours=none", s, sum("hoursPerWeek" not in p for _, p in placed))
    days = sorted((date.fromisoformat(p["confirmedOn"]) - date.fromisoformat(c["openedOn"])).days for c, p in placed)
    for name, lo, hi in DAYS:
        put("placements.daysToPlacement", f"days={name}", s, sum(lo <= n <= hi for n in days))
    put("placements.daysToPlacement.median", "", s, days[(len(days) - 1) // 2] if days else 0)
    roles, funding = {}, {}
    for h in ledger.hires:
        if a <= h["announcedOn"] <= b:
            roles[h["role"]] = roles.get(h["role"], 0) + h["positions"]
            if "funding" in h:
                funding[h["funding"]] = funding.get(h["funding"], 0) + h["positions"]
    for r, n in roles.items():
        put("hires.positions.byRole", f"role={r}", s, n)
    for f, n in funding.items():
        put("hires.positions.byFunding", f"funding={f}", s, n)
    # Semesters that end before the activity in scope began (first protocol validity or hire)
    # are not applicable: no figure of theirs is published, and no change is taken on them.
    starts = [ledger.protocols[p]["validFrom"] for p in ledger.scope_protocols] + [h["announcedOn"] for h in ledger.hires]
    start = min(starts) if starts else None
    not_applicable = [x for x in semesters if start and bounds(x)[1] < start]
    for key in [k for k in out if k[2] in not_applicable]:
        del out[key]
    previous = semesters[-2] if len(semesters) > 1 else None
    year_before = semesters[-3] if len(semesters) > 2 else None
    for m in ["cases.opened", "persons.served", "traineeships.started", "placements.confirmed", "cases.closed",
              "hires.positions", "payments.eligible", "payments.totalCents"]:
        for (measure, dim, sem), value in list(out.items()):
            if measure != m or sem != s:
                continue
            name = f"measure={m}" + (f";{dim}" if dim else "")
            if previous and (m, dim, previous) in out:
                put("change.previousSemester", name, s, value - out[(m, dim, previous)])
            if year_before and (m, dim, year_before) in out:
                put("change.yearBefore", name, s, value - out[(m, dim, year_before)])
    return out, not_applicable, start


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    albo, store, report = sys.argv[1:]
    doc = json.load(open(f"{report}/figures.json", encoding="utf-8"))
    ledger = Ledger(records(albo, store, doc["treeSize"]), doc["scope"])
    mine, not_applicable, start = figures(ledger, doc["semester"], doc["semesters"])
    theirs = {(f["measure"], f["dimension"], f["semester"]): f["value"] for f in doc["figures"]}
    problems = []
    if doc.get("notApplicable") != not_applicable:
        problems.append(f"notApplicable: figures.json has {doc.get('notApplicable')!r}, recomputed {not_applicable!r}")
    if doc.get("activityStartsOn") != start:
        problems.append(f"activityStartsOn: figures.json has {doc.get('activityStartsOn')!r}, recomputed {start!r}")
    for key in sorted(set(mine) | set(theirs)):
        if key not in theirs:
            problems.append(f"{key}: figures.json lacks it (recomputed {mine[key]})")
        elif key not in mine:
            problems.append(f"{key}: figures.json has {theirs[key]!r}, which the rules do not define")
        elif theirs[key] == "< 5":
            if not 1 <= mine[key] <= 4:
                problems.append(f"{key}: published as '< 5' but is {mine[key]}")
        elif theirs[key] == "x":
            if doc["exact"]:
                problems.append(f"{key}: withheld in an --exact report")
        elif theirs[key] != mine[key]:
            problems.append(f"{key}: figures.json has {theirs[key]!r}, recomputed {mine[key]}")
    # Secondary suppression: no breakdown whose total is published may hide exactly one cell.
    single_desk = len({d for (m, d, _) in theirs if m == "cases.opened.byDesk"}) == 1
    groups = {}
    for (m, d, s), v in theirs.items():
        parts = dict(p.split("=", 1) for p in d.split(";")) if d else {}
        keys = []
        if m in ("cases.opened.byTargetGroup", "cases.opened.byGender", "cases.opened.byAgeBand", "cases.opened.byEducation") or (single_desk and m in ("placements.byContract", "placements.fixedTermMonths")):
            keys = [(m, s)]
        elif m == "placements.byDeskContract":
            keys = [(m, s, "desk", parts.get("desk")), (m, s, "contract", parts.get("contract"))]
        for k in keys:
            groups.setdefault(k, []).append(v)
    for k, values in sorted(groups.items(), key=str):
        if sum(v in ("< 5", "x") for v in values) == 1 and len(values) > 1:
            problems.append(f"{k}: hides exactly one cell, which its published total reveals")
    hidden_small = sum(1 for v in theirs.values() if v == "< 5")
    if any(v == "x" for v in theirs.values()) and hidden_small == 0:
        problems.append("cells are withheld ('x') although no cell is '< 5'")
    for line in problems:
        print(line)
    print(f"{len(theirs)} figures checked against {doc['treeSize']} records: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
