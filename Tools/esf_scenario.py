"""A generated ESF+ scenario: cases with participant data (and some without), closings with
results on leaving, placements around the 28-day rule, follow-ups around the six-month rule,
fixed-term contracts ending on either side of it, and voids of placements, follow-ups,
closings and openings. Deterministic for a seed. Used by `generate.py esf`.
"""
import json
import random
from datetime import date, timedelta

GENDERS = ["female", "male", "non-binary"]
STATUS = ["unemployed", "long-term-unemployed", "inactive", "employed", "self-employed"]
EDUCATION = ["isced-0-2", "isced-3-4", "isced-5-8"]
FLAGS = ["disability", "thirdCountNational", "foreignBackground", "minority", "homeless", "rural"]
RESULTS = ["job-searching", "education-or-training", "qualification", "employment"]
PROTOCOLS = [("esf-pn-inclusione-2023", date(2023, 1, 1), date(2025, 12, 31)), ("esf-gol-2023", date(2023, 3, 1), None)]


def add_months(d: date, n: int) -> date:
    """The same day n months later, or that month's last day when it is shorter."""
    index = d.year * 12 + d.month - 1 + n
    y, m = divmod(index, 12)
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(d.day, last))


class Scenario:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.events: list[dict] = []
        self.n = 0

    def uuid(self) -> str:
        self.n += 1
        return "00000000-0000-4000-8000-%012x" % (0xE5F000000 + self.n)

    def add(self, type_: str, data: dict) -> str:
        event_id = self.uuid()
        self.events.append({"id": event_id, "type": type_, "recordedBy": "op-esf", "data": data})
        return event_id

    def participant(self) -> dict:
        r = self.rng
        p = {"gender": r.choices(GENDERS, [48, 48, 4])[0], "ageAtEntry": r.choice([15, 17, 18, 22, 29, 30, 41, 54, 55, 63]),
             "labourStatus": r.choice(STATUS), "education": r.choice(EDUCATION)}
        for flag in FLAGS:
            roll = r.random()
            if roll < 0.25:
                p[flag] = True
            elif roll < 0.6:
                p[flag] = False
        return p

    def case(self, k: int) -> None:
        r = self.rng
        protocol, first, _ = PROTOCOLS[k % 2]
        opened = first + timedelta(days=r.randint(0, 540))
        case_id = f"ESF-{k:04d}"
        data = {"caseId": case_id, "person": f"P-E{k:05d}", "protocolId": protocol, "desk": r.choice(["Trecate", "Cerano"]),
                "targetGroup": r.choice(["economic-disadvantage", "disability", "unemployed-over-45", "young-unemployed", "other"]),
                "openedOn": opened.isoformat()}
        if r.random() < 0.9:
            data["participant"] = self.participant()
        opening = self.add("CaseOpened", data)
        if r.random() < 0.04:  # opened by mistake: voided, nothing after it
            self.add("EventVoided", {"eventId": opening, "reason": "aperto per errore"})
            return
        if r.random() < 0.2:  # still open
            return
        # Closing on a month's end half of the time: + 6 months lands on a shorter month's last day.
        closed = opened + timedelta(days=r.randint(20, 300))
        if r.random() < 0.5:
            closed = add_months(date(closed.year, closed.month, 1), 1) - timedelta(days=1)
        six = add_months(closed, 6)
        # Placements: around the 28-day rule, and around six months.
        for _ in range(r.choice([0, 0, 1, 1, 2])):
            offset = r.choice([-40, -1, 0, 27, 28, 29, 60])
            start = max(opened, closed + timedelta(days=offset))
            kind = r.choice(["permanent", "fixed-term", "fixed-term", "apprenticeship"])
            pdata = {"caseId": case_id, "employer": "Ditta ESF", "contract": kind}
            if kind == "fixed-term":
                # Ending exactly on the six-month day (not covering it), or a month either side.
                whole = max(1, (six.year - start.year) * 12 + six.month - start.month)
                pdata["months"] = max(1, whole + r.choice([-1, 0, 0, 1]))
            pdata.update(startOn=start.isoformat(), confirmedOn=max(opened, min(start, closed)).isoformat(),
                         evidence=f"UNILAV-E{k:05d}-{r.randint(0, 10**6)}")
            placed = self.add("PlacementConfirmed", pdata)
            if r.random() < 0.1:
                self.add("EventVoided", {"eventId": placed, "reason": "comunicazione errata"})
        cdata = {"caseId": case_id, "reason": r.choice(["placed", "completed", "withdrawn"]), "closedOn": closed.isoformat()}
        if r.random() < 0.75:
            cdata["resultsOnLeaving"] = sorted(r.sample(RESULTS, r.randint(1, 2)), key=RESULTS.index)
        closing = self.add("CaseClosed", cdata)
        if r.random() < 0.05:  # closed by mistake, reopened: no follow-up
            self.add("EventVoided", {"eventId": closing, "reason": "chiuso per errore"})
            return
        for _ in range(r.choice([0, 1, 1, 2])):
            on = six + timedelta(days=r.choice([-30, -1, 0, 1, 45]))
            on = max(on, closed)
            fdata = {"caseId": case_id, "on": on.isoformat(), "situation": r.choice(["employed", "self-employed", "not-employed"])}
            if r.random() < 0.7:
                fdata["betterSituation"] = r.random() < 0.5
            follow = self.add("FollowUpRecorded", fdata)
            if r.random() < 0.1:
                self.add("EventVoided", {"eventId": follow, "reason": "rilevazione errata"})


def write_esf(path, seed: int, cases: int) -> None:
    s = Scenario(seed)
    for pid, first, last in PROTOCOLS:
        data = {"protocolId": pid, "title": f"Interventi FSE+ {pid}", "kind": "convention", "parties": ["Comune di Trecate", "Comune di Cerano"],
                "signedOn": (first - timedelta(days=10)).isoformat(), "validFrom": first.isoformat(), "funding": "FSE+"}
        if last:
            data["validTo"] = last.isoformat()
        s.add("ProtocolSigned", data)
    for k in range(cases):
        s.case(k)
    with open(path, "w", encoding="utf-8") as out:
        for e in s.events:
            out.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
