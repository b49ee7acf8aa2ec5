#!/usr/bin/env python3
"""Recomputes an ESF+ report's indicators.json from the events alone, without Albo's code.

    python3 Tools/esf_check.py EVENTS.ndjson [EVENTS2.ndjson …] REPORT_DIR
    python3 Tools/esf_check.py --print FROM TO EVENTS.ndjson …   (the exact counts as JSON)

Reads the NDJSON event files as they were appended, applies the voids, and counts each
indicator per gender with the rules of the reference (entry; leaving with a placement
starting up to 28 days after closing; six months after leaving by the first follow-up on or
after closedOn + 6 months, or a placement running on that day). Compares with the report:
a published number must be equal, a "< 5" must hold 1 to 4, an "x" must sit in a row where
exactly one other gender cell is "< 5". Exit 0 when all agree, 1 otherwise.
"""
import json
import sys
from datetime import date, timedelta

GENDERS = ["female", "male", "non-binary"]
COLUMNS = GENDERS + ["total"]
ENTERING = [
    ("participants", lambda p: True),
    ("unemployed", lambda p: p["labourStatus"] in ("unemployed", "long-term-unemployed")),
    ("long-term-unemployed", lambda p: p["labourStatus"] == "long-term-unemployed"),
    ("inactive", lambda p: p["labourStatus"] == "inactive"),
    ("employed", lambda p: p["labourStatus"] in ("employed", "self-employed")),
    ("below-18", lambda p: p["ageAtEntry"] < 18),
    ("18-29", lambda p: 18 <= p["ageAtEntry"] <= 29),
    ("55-and-over", lambda p: p["ageAtEntry"] >= 55),
    ("isced-0-2", lambda p: p["education"] == "isced-0-2"),
    ("isced-3-4", lambda p: p["education"] == "isced-3-4"),
    ("isced-5-8", lambda p: p["education"] == "isced-5-8"),
    ("disability", lambda p: p.get("disability") is True),
    ("third-country-national", lambda p: p.get("thirdCountNational") is True),
    ("foreign-background", lambda p: p.get("foreignBackground") is True),
    ("minority", lambda p: p.get("minority") is True),
    ("homeless", lambda p: p.get("homeless") is True),
    ("rural", lambda p: p.get("rural") is True),
]
LEAVING = ["left", "job-searching-on-leaving", "education-or-training-on-leaving", "qualification-on-leaving", "employment-on-leaving"]
SIX = ["employment-six-months", "better-situation-six-months"]
KEYS = [k for k, _ in ENTERING] + LEAVING + SIX


def plus_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    nxt = date(y + 1, 1, 1) if m == 11 else date(y, m + 2, 1)
    return date(y, m + 1, min(d.day, (nxt - timedelta(days=1)).day))


def cases(paths):
    events = [json.loads(line) for p in paths for line in open(p, encoding="utf-8") if line.strip()]
    voided = {e["data"]["eventId"] for e in events if e["type"] == "EventVoided"}
    out = {}
    for e in events:
        if e["id"] in voided or e["type"] in ("EventVoided", "ProtocolSigned", "HireAnnounced"):
            continue
        d = e["data"]
        if e["type"] == "CaseOpened":
            out[d["caseId"]] = {"open": d, "placements": [], "closed": None, "follow": []}
        elif d.get("caseId") in out:
            c = out[d["caseId"]]
            if e["type"] == "PlacementConfirmed":
                c["placements"].append(d)
            elif e["type"] == "CaseClosed":
                c["closed"] = d
            elif e["type"] == "FollowUpRecorded":
                c["follow"].append(d)
    return out


def indicators(all_cases, first: str, last: str, protocols):
    counts = {k: {c: 0 for c in COLUMNS} for k in KEYS}

    def add(key, g):
        counts[key][g] += 1
        counts[key]["total"] += 1

    for c in all_cases.values():
        o = c["open"]
        if protocols and o["protocolId"] not in protocols or "participant" not in o:
            continue
        p, g = o["participant"], o["participant"]["gender"]
        if first <= o["openedOn"] <= last:
            for key, counted in ENTERING:
                if counted(p):
                    add(key, g)
        closing = c["closed"]
        if not closing or not first <= closing["closedOn"] <= last:
            continue
        add("left", g)
        results = set(closing.get("resultsOnLeaving", []))
        for key, result in (("job-searching-on-leaving", "job-searching"), ("education-or-training-on-leaving", "education-or-training"),
                            ("qualification-on-leaving", "qualification")):
            if result in results:
                add(key, g)
        closed = date.fromisoformat(closing["closedOn"])
        limit = (closed + timedelta(days=28)).isoformat()
        if "employment" in results or any(o["openedOn"] <= pl["startOn"] <= limit for pl in c["placements"]):
            add("employment-on-leaving", g)
        six = plus_months(closed, 6)
        later = [f for f in c["follow"] if date.fromisoformat(f["on"]) >= six]
        follow = min(later, key=lambda f: f["on"]) if later else None  # min keeps the first of equal days

        def running(pl):
            start = date.fromisoformat(pl["startOn"])
            if start > six:
                return False
            return pl["contract"] != "fixed-term" or plus_months(start, pl["months"]) > six

        if (follow and follow["situation"] in ("employed", "self-employed")) or any(running(pl) for pl in c["placements"]):
            add("employment-six-months", g)
        if follow and follow.get("betterSituation") is True:
            add("better-situation-six-months", g)
    return counts


def main():
    args = sys.argv[1:]
    if len(args) >= 4 and args[0] == "--print":
        print(json.dumps(indicators(cases(args[3:]), args[1], args[2], None), sort_keys=True))
        return 0
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    *paths, report = args
    doc = json.load(open(f"{report}/indicators.json", encoding="utf-8"))
    mine = indicators(cases(paths), doc["from"], doc["to"], set(doc["protocols"]))
    problems = []
    for key in KEYS:
        theirs = doc["indicators"].get(key)
        if theirs is None:
            problems.append(f"{key}: missing from indicators.json")
            continue
        for col in COLUMNS:
            v, n = theirs.get(col), mine[key][col]
            if v == "< 5":
                if not 1 <= n <= 4:
                    problems.append(f"{key}/{col}: published '< 5' but is {n}")
            elif v == "x":
                if sum(theirs[g] == "< 5" for g in GENDERS) != 1:
                    problems.append(f"{key}/{col}: withheld although the row does not hide exactly one gender")
            elif v != n:
                problems.append(f"{key}/{col}: indicators.json has {v!r}, recomputed {n}")
        if sum(theirs[g] == "< 5" for g in GENDERS) == 1 and not any(theirs[g] == "x" for g in GENDERS):
            problems.append(f"{key}: hides exactly one gender, which the total reveals")
    for line in problems:
        print(line)
    print(f"{len(KEYS) * len(COLUMNS)} cells checked: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
