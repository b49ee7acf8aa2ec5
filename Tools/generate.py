#!/usr/bin/env python3
"""Deterministic generator of valid Albo event files (NDJSON, docs/reference.md §2).

    python3 Tools/generate.py seeds --out DIR
        DIR/000-distretto-ceramico.ndjson … DIR/004-crema.ndjson (load them in that order into
        one store) and DIR/figures.json, the figures the projections must show; one summary
        line per file on stderr.

    python3 Tools/generate.py synthetic --events N --out FILE [--seed S] [--batches K]
        exactly N valid events in FILE, or spread over K files FILE.0000 … FILE.{K-1}
        (N is the total; load the files in order). Streams in bounded memory.

Everything comes from seeded random.Random instances: no wall clock, no uuid4(), no set
iteration, so the same arguments give the same bytes on every machine.
Persons are pseudonymous references (P-7F3A21), never names or tax codes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

# MARK: - Shared helpers


def compact(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def uuid_from(rng: random.Random) -> str:
    """A version-4 UUID drawn from rng (same bits as uuid.UUID(int=…, version=4))."""
    n = rng.getrandbits(128)
    n = (n & ~(0xF000 << 64)) | (0x4000 << 64)
    n = (n & ~(0xC000 << 48)) | (0x8000 << 48)
    h = "%032x" % n
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def days(n: int) -> timedelta:
    return timedelta(days=n)


def between(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn date in [first, last]."""
    return first + days(rng.randint(0, max(0, (last - first).days)))


def weighted(rng: random.Random, table):
    """table: [(value, weight), …]."""
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


TARGET_GROUPS = ["economic-disadvantage", "disability", "unemployed-over-45", "young-unemployed", "other"]
# Replay order of event types on the same business date: a case is opened before anything
# happens to it, and a void comes after what it voids.
PHASE = {"ProtocolSigned": 0, "HireAnnounced": 1, "CaseOpened": 2, "TraineeshipStarted": 3,
         "PlacementConfirmed": 4, "CaseClosed": 5, "EventVoided": 6}


# MARK: - Seed files


class SeedFile:
    """The events of one seed file, written in business-date order.

    Protocols come first; then events sort by (date, phase, insertion), which keeps every
    case's events after its CaseOpened and before its CaseClosed as long as the caller gives
    a case's events dates between openedOn and closedOn.
    """

    def __init__(self, name: str, seed: int, persons: set[str]):
        self.name = name
        self.rng = random.Random(seed)
        self._rows: list[tuple] = []
        self._persons = persons  # shared by all seed files: a reference means one person
        self._evidence: set[str] = set()

    def add(self, type_: str, by: str, data: dict, on: date) -> str:
        event_id = uuid_from(self.rng)
        key = (type_ != "ProtocolSigned", on, PHASE[type_], len(self._rows))
        self._rows.append((key, {"id": event_id, "type": type_, "recordedBy": by, "data": data}))
        return event_id

    def events(self) -> list[dict]:
        return [event for _, event in sorted(self._rows, key=lambda row: row[0])]

    def person(self) -> str:
        while True:
            ref = "P-%06X" % self.rng.getrandbits(24)
            if ref not in self._persons:
                self._persons.add(ref)
                return ref

    def unilav(self, on: date) -> str:
        while True:
            ref = f"UNILAV-{on.year}-{self.rng.randint(1, 9_999_999):07d}"
            if ref not in self._evidence:
                self._evidence.add(ref)
                return ref

    # Event builders: payload keys in the reference's order, optional fields omitted when None.

    def protocol(self, by, protocol_id, title, kind, parties, lead, signed, valid_from, valid_to=None,
                 funding=None, outcome=None) -> str:
        data = {"protocolId": protocol_id, "title": title, "kind": kind, "parties": parties, "lead": lead,
                "signedOn": signed.isoformat(), "validFrom": valid_from.isoformat()}
        if valid_to:
            data["validTo"] = valid_to.isoformat()
        if funding:
            data["funding"] = funding
        if outcome:
            data["outcomePayment"] = outcome
        return self.add("ProtocolSigned", by, data, signed)

    def hire(self, by, hire_id, employer, role, positions, contract, announced, recruitment=None,
             office=None, funding=None, protocol_id=None) -> str:
        data = {"hireId": hire_id, "employer": employer, "role": role, "positions": positions,
                "contract": contract}
        for key, value in (("recruitment", recruitment), ("office", office), ("funding", funding),
                           ("protocolId", protocol_id)):
            if value:
                data[key] = value
        data["announcedOn"] = announced.isoformat()
        return self.add("HireAnnounced", by, data, announced)

    def open_case(self, by, case) -> str:
        data = {"caseId": case["caseId"], "person": case["person"], "protocolId": case["protocolId"],
                "desk": case["desk"], "targetGroup": case["targetGroup"]}
        for key in ("referredBy", "caseManager", "measure"):
            if case.get(key):
                data[key] = case[key]
        data["openedOn"] = case["openedOn"].isoformat()
        return self.add("CaseOpened", by, data, case["openedOn"])

    def traineeship(self, by, case_id, traineeship_id, host, kind, start, planned_end=None,
                    protocol_id=None) -> str:
        data = {"caseId": case_id, "traineeshipId": traineeship_id, "host": host, "kind": kind,
                "startOn": start.isoformat()}
        if planned_end:
            data["plannedEndOn"] = planned_end.isoformat()
        if protocol_id:
            data["protocolId"] = protocol_id
        return self.add("TraineeshipStarted", by, data, start)

    def placement(self, by, case_id, employer, contract, start, confirmed, months=None, hours=None) -> str:
        assert (contract == "fixed-term") == (months is not None)
        data = {"caseId": case_id, "employer": employer, "contract": contract}
        if months is not None:
            data["months"] = months
        if hours is not None:
            data["hoursPerWeek"] = hours
        data.update(startOn=start.isoformat(), confirmedOn=confirmed.isoformat(),
                    evidence=self.unilav(min(start, confirmed)))
        return self.add("PlacementConfirmed", by, data, confirmed)

    def close(self, by, case_id, reason, closed) -> str:
        return self.add("CaseClosed", by, {"caseId": case_id, "reason": reason, "closedOn": closed.isoformat()},
                        closed)

    def void(self, by, event_id, reason, on) -> str:
        return self.add("EventVoided", by, {"eventId": event_id, "reason": reason}, on)


def name_cases(cases: list[dict], code_of) -> None:
    """caseId = CODE-YEAR-NNNN, numbered per desk code and year in openedOn order."""
    counters: dict[tuple, int] = {}
    for case in sorted(cases, key=lambda c: (c["openedOn"], c["n"])):
        key = (code_of(case), case["openedOn"].year)
        counters[key] = counters.get(key, 0) + 1
        case["caseId"] = f"{key[0]}-{key[1]}-{counters[key]:04d}"


def new_case(n, **fields) -> dict:
    return {"n": n, **fields}


def random_contract(rng, min_months=1):
    """(contract, months) for a placement; months only for fixed-term."""
    kind = weighted(rng, [("fixed-term", 50), ("permanent", 25), ("apprenticeship", 25)])
    if kind != "fixed-term":
        return kind, None
    return kind, rng.choice([m for m in (3, 6, 6, 8, 12, 12, 12, 18, 24) if m >= min_months])


HOURS = [None, 18, 20, 24, 25, 30, 30, 36, 38, 40, 40, 40]


# MARK: 000 Distretto Ceramico

UDC = "Unione dei Comuni del Distretto Ceramico"
PN_INCLUSIONE = "PN Inclusione e lotta alla povertà 2021-2027"


def seed_distretto(f: SeedFile) -> None:
    by = "op-udc-personale-01"
    f.protocol(by, "acc-udc-provmo-2024",
               "Accordo sperimentale per la condivisione dello sportello di ascolto psicologico per i dipendenti",
               "agreement", [UDC, "Provincia di Modena"], UDC, date(2024, 1, 15), date(2024, 2, 1),
               date(2025, 1, 31))
    on = date(2024, 1, 22)
    social = "Servizi sociali"
    hires = [  # (role, positions, contract, recruitment, office, funding)
        ("assistente sociale", 2, "permanent", "public-competition", social, None),
        ("istruttore amministrativo", 1, "permanent", "public-competition", "Ufficio Casa", None),
        ("istruttore contabile", 1, "flexible", None, social, PN_INCLUSIONE),
        ("psicologo", 3, "flexible", None, social, PN_INCLUSIONE),
        ("pedagogista", 4, "flexible", None, social, PN_INCLUSIONE),
        ("istruttore amministrativo", 1, "permanent", None, "SUAP - Sportello Unico per le Attività Produttive", None),
        ("istruttore amministrativo", 1, "permanent", "public-competition",
         "Amministrazione e sviluppo delle risorse umane", None),
    ]
    for i, (role, positions, contract, recruitment, office, funding) in enumerate(hires, 1):
        f.hire(by, f"udc-2024-{i:02d}", UDC, role, positions, contract, on, recruitment, office, funding)


# MARK: 001 Livorno

LIVORNO_PARTIES = ["Provincia di Livorno"] + [f"Comune di {c}" for c in (
    "Livorno", "Castagneto Carducci", "San Vincenzo", "Piombino", "Rosignano Marittimo", "Cecina", "Bibbona",
    "Suvereto", "Collesalvetti")]


def seed_livorno(f: SeedFile) -> None:
    by, lead, on = "op-provli-01", "Provincia di Livorno", date(2010, 12, 7)
    f.protocol(by, "pi-livorno-sui-2010",
               "Protocollo d'intesa per lo Sportello Unico per l'Inclusione Sociale (SUI) - "
               "soggetto gestore Provincia di Livorno Sviluppo",
               "memorandum", LIVORNO_PARTIES, lead, on, on, funding="FSE - MedMore & Better Jobs Network")
    f.protocol(by, "pi-livorno-tavolo-2010",
               "Protocollo d'intesa per il tavolo di dialogo interistituzionale sulle politiche del lavoro e dello sviluppo",
               "memorandum", LIVORNO_PARTIES, lead, on, on)


# MARK: 002 Trecate

TRECATE_COMUNI = ["Trecate", "Borgolavezzaro", "Cerano", "Garbagna Novarese", "Nibbiola", "Romentino", "Sozzago",
                  "Terdobbiate", "Tornaco", "Vespolate"]
TRECATE_DESKS = {  # desk: (case id code, operators; the first records, all act as case managers)
    "Trecate": ("TRE", ["op-trecate-01", "op-trecate-02", "op-trecate-03"]),
    "Cerano": ("CER", ["op-cerano-01", "op-cerano-02"]),
    "Romentino": ("ROM", ["op-romentino-01"]),
    "Vespolate": ("VES", ["op-vespolate-01"]),
}
TRECATE_EMPLOYERS = ["Logistica Ovest Ticino Srl", "Meccanica Trecatese Srl", "Cerano Plast Srl",
                     "Romentino Automazioni Spa", "Riseria della Bassa Novarese Srl", "Magazzini Novaresi Srl",
                     "Pulizie Industriali Ticino Soc. Coop.", "Gastronomia Vespolatese Snc",
                     "Servizi Energetici Padani Srl", "Trasporti Agogna Srl"]
CPI_NOVARA = "CPI Novara"


def seed_trecate(f: SeedFile) -> None:
    rng = f.rng
    pid = "conv-trecate-2022"
    f.protocol("op-trecate-01", pid, "Convenzione Sportelli per il Lavoro - Buono Servizi Lavoro GOL",
               "convention", [f"Comune di {c}" for c in TRECATE_COMUNI], "Comune di Trecate",
               date(2021, 12, 20), date(2022, 1, 1), date(2025, 12, 31),
               funding="GOL - Garanzia di Occupabilità dei Lavoratori 2022-2025 (PNRR)")
    start, end = date(2022, 11, 1), date(2023, 10, 31)
    cases: list[dict] = []

    def case(person, referred, opened, **extra):
        desk = extra.pop("desk", None) or weighted(rng, [("Trecate", 46), ("Cerano", 22), ("Romentino", 19),
                                                          ("Vespolate", 13)])
        target = weighted(rng, [("unemployed-over-45", 30), ("young-unemployed", 30),
                                ("economic-disadvantage", 25), ("disability", 8), ("other", 7)])
        if referred is None and target == "disability" and rng.random() < 0.5:
            referred = "Collocamento mirato Novara"
        c = new_case(len(cases), person=person, protocolId=pid, desk=desk, targetGroup=target, referredBy=referred,
                     caseManager=rng.choice(TRECATE_DESKS[desk][1]), measure="GOL", openedOn=opened,
                     closedOn=None, reason=None, plan=None)
        c.update(extra)
        cases.append(c)
        return c

    def other_referrer():
        return weighted(rng, [(None, 45), ("Servizi Sociali Trecate", 25), ("Consorzio CISA Ovest Ticino", 20),
                              ("Informagiovani Trecate", 10)])

    # The period: 534 live cases. CPI Novara refers 256 distinct persons through 274 cases
    # (18 persons twice); 6 of them also come once through another door; 5 other persons come
    # twice; 244 persons once. A person's second case opens after the first one closed.
    cpi = [f.person() for _ in range(256)]
    repeaters = [(p, CPI_NOVARA, CPI_NOVARA) for p in cpi[:18]]
    repeaters += [(p, CPI_NOVARA, other_referrer()) for p in cpi[18:24]]
    repeaters += [(p, r, r) for p in (f.person() for _ in range(5)) for r in [other_referrer()]]
    for person, first_ref, second_ref in repeaters:
        opened = between(rng, start, date(2023, 5, 31))
        first = case(person, first_ref, opened, closedOn=opened + days(rng.randint(20, 120)),
                     reason=weighted(rng, [("completed", 5), ("transferred", 2), ("withdrawn", 2)]), plan="plain")
        case(person, second_ref, between(rng, first["closedOn"] + days(1), first["closedOn"] + days(30)),
             desk=first["desk"])
    singles = [(p, CPI_NOVARA) for p in cpi[24:]] + [(f.person(), other_referrer()) for _ in range(244)]
    for i, (person, referred) in enumerate(singles):
        # the first and the last day of the period are both inside it
        opened = start if i == 0 else end if i == 1 else between(rng, start, end)
        case(person, referred, opened)
    in_period = list(cases)
    assert len(in_period) == 534

    # 207 live closes: the 29 first cases of repeaters plus 178 more; one extra close is voided.
    closable = [c for c in in_period if c["closedOn"] is None and c["openedOn"] <= end - days(14)]
    chosen = rng.sample(closable, 179)
    voided_close_case = chosen[-1]
    for c in chosen:
        c["closedOn"] = between(rng, c["openedOn"] + days(14), min(end, c["openedOn"] + days(240)))
        c["reason"] = weighted(rng, [("placed", 35), ("completed", 40), ("withdrawn", 15), ("transferred", 10)])
    voided_close_case["reason"] = "withdrawn"

    # Out of the period, so that its edges matter: October 2022 (the Buono Servizi Lavoro
    # before GOL, some closed inside the period) and November 2023.
    for i in range(10):
        opened = date(2022, 10, 31) if i == 0 else between(rng, date(2022, 10, 3), date(2022, 10, 28))
        c = case(f.person(), CPI_NOVARA if i < 6 else other_referrer(), opened, measure="Buono Servizi Lavoro")
        if i % 2 == 0:
            c["closedOn"] = between(rng, date(2022, 11, 2), date(2023, 3, 31))
            c["reason"] = "placed" if i == 4 else "completed"
    for i in range(8):
        opened = date(2023, 11, 1) if i == 0 else between(rng, date(2023, 11, 2), date(2023, 11, 30))
        c = case(cpi[100 + i] if i < 2 else f.person(), CPI_NOVARA if i < 5 else other_referrer(), opened)
        if i == 3:
            c["closedOn"], c["reason"] = date(2023, 12, 18), "withdrawn"

    # A placement whose UNILAV was cancelled, on a case that stays open and unplaced.
    voided_placement_case = next(c for c in in_period if c["closedOn"] is None and c["plan"] is None
                                 and c["openedOn"] < date(2023, 6, 1))
    voided_placement_case["plan"] = "voided placement"
    name_cases(cases, lambda c: TRECATE_DESKS[c["desk"]][0])
    traineeships = 0

    def trainee(c, by, first, last):
        nonlocal traineeships
        traineeships += 1
        begin = between(rng, first, last)
        return f.traineeship(by, c["caseId"], f"TRE-TIR-{begin.year}-{traineeships:03d}",
                             rng.choice(TRECATE_EMPLOYERS), "extracurricular", begin,
                             begin + days(rng.choice([90, 120, 180, 183])), pid if rng.random() < 0.5 else None)

    def place(c, by, first, last, **kw):
        confirmed = between(rng, first, last)
        begin = max(c["openedOn"], confirmed - days(rng.randint(0, 7)))
        contract, months = random_contract(rng)
        return f.placement(by, c["caseId"], kw.get("employer") or rng.choice(TRECATE_EMPLOYERS), contract, begin,
                           confirmed, months, rng.choice(HOURS))

    for c in cases:
        by = TRECATE_DESKS[c["desk"]][1][0]
        f.open_case(by, c)
        opened, closed = c["openedOn"], c["closedOn"]
        if closed:
            if c["reason"] in ("placed", "completed") and rng.random() < 0.35:
                trainee(c, by, opened, closed)
            if c["reason"] == "placed":
                place(c, by, opened, closed)
            close_id = f.close(by, c["caseId"], c["reason"], closed)
            if c is voided_close_case:
                f.void(by, close_id, "chiusura registrata per errore: il percorso GOL è ancora in corso",
                       closed + days(3))
        elif opened <= end - days(20) and c["plan"] is None:
            roll = rng.random()
            if roll < 0.20:
                trainee(c, by, opened + days(5), min(end, opened + days(90)))
            elif roll < 0.30:  # placed while the GOL path goes on (e.g. a short fixed-term contract)
                place(c, by, opened + days(10), end)
        elif c["plan"] == "voided placement":
            f.void(by, place(c, by, date(2023, 6, 5), date(2023, 6, 30)),
                   "UNILAV annullata: l'assunzione non è avvenuta", date(2023, 7, 10))

    # Two cases opened by mistake inside the period and voided: they must not count.
    dup = new_case(-1, caseId="TRE-2023-9001", person=f.person(), protocolId=pid, desk="Trecate",
                   targetGroup="young-unemployed", referredBy=CPI_NOVARA, caseManager="op-trecate-02",
                   measure="GOL", openedOn=date(2023, 3, 14))
    f.void("op-trecate-01", f.open_case("op-trecate-01", dup), "presa in carico duplicata", date(2023, 3, 15))
    dup2 = dict(dup, caseId="TRE-2023-9002", person=f.person(), referredBy="Servizi Sociali Trecate",
                openedOn=date(2023, 4, 3))
    opened_id = f.open_case("op-trecate-01", dup2)
    tr = f.traineeship("op-trecate-01", dup2["caseId"], "TRE-TIR-2023-901", TRECATE_EMPLOYERS[0], "extracurricular",
                       date(2023, 4, 11), date(2023, 10, 10))
    f.void("op-trecate-01", tr, "tirocinio registrato sulla presa in carico sbagliata", date(2023, 4, 12))
    # only now has the case no live later event, so its CaseOpened can be voided
    f.void("op-trecate-01", opened_id, "presa in carico aperta per errore", date(2023, 4, 12))


# MARK: 003 Sesto San Giovanni

SESTO = "Comune di Sesto San Giovanni"
SESTO_OPERATOR = "Orizzonte Lavoro Srl"
SESTO_COOP = "Cooperativa Sociale Ponte al Lavoro"
SESTO_TARIFFS = {"economic-disadvantage": 150_000, "disability": 300_000, "unemployed-over-45": 200_000,
                 "young-unemployed": 100_000}
SESTO_EMPLOYERS = ["Acciaierie del Nord Milano Srl", "Officine Meccaniche Sestesi Srl", "Logistica Bicocca Spa",
                   "Ristorazione Collettiva Lombarda Soc. Coop.", "Sanità Servizi Nord Milano Srl",
                   "Supermercati Viale Marelli Srl", "Impianti Elettrici Breda Snc", "Pulizie Città Metropolitana Srl",
                   "Studio Contabile Rondò Sas", "Cooperativa Sociale Il Giardino di Sesto"]
SEMESTERS = [(2018, 1), (2018, 2), (2019, 1), (2019, 2), (2020, 1), (2020, 2)]


def semester(year, half):
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def seed_sesto(f: SeedFile) -> None:
    rng = f.rng
    by_city, by_op, by_coop = "op-sesto-01", "op-orizzonte-01", "op-pontelavoro-01"
    main, coop = "sesto-sg-servizi-lavoro-2018", "sesto-sg-inclusione-disabili-2019"
    f.protocol(by_city, main, "Servizi per il lavoro con pagamento a risultato 2018-2020", "service-contract",
               [SESTO, SESTO_OPERATOR], SESTO, date(2017, 12, 15), date(2018, 1, 1), date(2020, 12, 31),
               funding="Bilancio comunale - politiche attive del lavoro",
               outcome={"operator": SESTO_OPERATOR, "tariffs": SESTO_TARIFFS,
                        "eligibleContracts": ["permanent", "apprenticeship", "fixed-term"], "minFixedTermMonths": 6})
    f.protocol(by_city, coop, "Inserimento lavorativo di persone con disabilità - contratti a tempo indeterminato",
               "service-contract", [SESTO, SESTO_COOP], SESTO, date(2018, 12, 10), date(2019, 1, 1),
               date(2020, 12, 31), outcome={"operator": SESTO_COOP, "tariffs": {"disability": 250_000},
                                            "eligibleContracts": ["permanent"]})
    valid_from = {main: date(2018, 1, 1), coop: date(2019, 1, 1)}
    cases: list[dict] = []

    def case(target, last_open, protocol=main, first_open=None):
        first = max(valid_from[protocol], first_open or last_open - days(200))
        referred = {"disability": "Collocamento mirato Città metropolitana di Milano",
                    "young-unemployed": weighted(rng, [("Informagiovani Sesto San Giovanni", 1), (None, 1)])
                    }.get(target) or weighted(rng, [("Servizi Sociali Sesto San Giovanni", 3),
                                                    ("CPI Sesto San Giovanni", 3), (None, 2)])
        c = new_case(len(cases), person=f.person(), protocolId=protocol, desk="Sesto San Giovanni",
                     targetGroup=target, referredBy=referred, caseManager=rng.choice(["op-orizzonte-02",
                                                                                     "op-orizzonte-03"]),
                     measure="Dote Unica Lavoro" if rng.random() < 0.3 else None,
                     openedOn=between(rng, first, max(first, last_open)), steps=[])
        cases.append(c)
        return c

    def placement(c, confirmed, contract=None, months=None, start=None, **flags):
        """Plans a placement confirmed on `confirmed`, or a week after the case opened if that is later."""
        if contract is None:
            contract, months = random_contract(rng, min_months=6)
        confirmed = max(confirmed, c["openedOn"] + days(7))
        start = start or max(c["openedOn"], confirmed - days(rng.randint(0, 10)))
        c["steps"].append(("placement", confirmed, dict(contract=contract, months=months, start=start, **flags)))
        return confirmed

    groups = list(SESTO_TARIFFS)
    for s, (year, half) in enumerate(SEMESTERS):
        first, last = semester(year, half)
        inside = lambda lo=0, hi=0: between(rng, first + days(lo), last - days(hi))
        for i in range(rng.randint(9, 12)):  # eligible placements, every target group
            # the first one on the semester's edge: 30 June, or 1 July
            when = (last if half == 1 else first) if i == 0 else inside(15)
            c = case(groups[(s + i) % 4], when - days(20))
            if i == 1:
                placement(c, when, "fixed-term", 6)  # exactly the minimum
            else:
                placement(c, when)
            if rng.random() < 0.7:
                c["steps"].append(("close", when + days(rng.randint(0, 45)), "placed"))
        c = case(groups[s % 4], last - days(60))  # voided, and in two semesters re-placed
        if s == 2:  # voided comes before fixed-term-too-short
            placement(c, inside(20, 40), "fixed-term", 3, void=True)
        else:
            placement(c, inside(20, 40), void=True)
        if s in (1, 4):
            placement(c, last - days(rng.randint(0, 15)))
        c = case(groups[(s + 1) % 4], last - days(60))  # fixed-term too short
        placement(c, inside(20, 40), "fixed-term", rng.choice([2, 3, 4, 5]))
        if s in (0, 3):  # … then a real one: eligible, not already-paid
            placement(c, last - days(rng.randint(0, 15)))
        c = case("other", last - days(30))  # no tariff for "other"
        placement(c, inside(20))
        if s == 3:  # fixed-term-too-short comes before no-tariff
            placement(case("other", last - days(30)), inside(20), "fixed-term", 3)
        if s == 5:
            placement(c, last - days(5))  # never eligible, so never already-paid
        c = case(groups[(s + 2) % 4], last - days(60))  # already-paid
        first_paid = placement(c, inside(20, 30))
        if s % 2 == 0:  # same day: seq decides
            placement(c, first_paid, "permanent")
        else:
            placement(c, inside(35), "permanent")
        if s >= 1:  # paid in the previous semester, placed again in this one
            prev_first, prev_last = semester(*SEMESTERS[s - 1])
            c = case(groups[(s + 3) % 4], prev_last - days(30), first_open=prev_first - days(100))
            placement(c, between(rng, max(c["openedOn"], prev_first), prev_last))
            placement(c, inside(0, 10))
        if s >= 2:  # the disability protocol pays permanent contracts only
            for contract, months in (("apprenticeship", None), ("permanent", None),
                                     ("fixed-term", 12) if s % 2 else ("permanent", None)):
                c = case("disability", last - days(30), coop)
                placement(c, inside(20), contract, months)
                c["steps"].append(("close", last, "placed"))
    # The end of the contract: starts on the last valid day, and after it.
    c = case("unemployed-over-45", date(2020, 11, 30))
    placement(c, date(2020, 12, 31), "permanent", start=date(2020, 12, 31))
    c = case("young-unemployed", date(2020, 11, 30))
    placement(c, date(2020, 12, 18), "apprenticeship", start=date(2021, 1, 11))
    c = case("economic-disadvantage", date(2020, 11, 30))
    placement(c, date(2020, 12, 21), "fixed-term", 4, start=date(2021, 1, 4))  # outside validity first
    c = case("disability", date(2020, 12, 15))
    placement(c, date(2021, 1, 15), "fixed-term", 12, start=date(2021, 2, 1))
    # Cases that never reach a placement.
    for _ in range(90):
        c = case(weighted(rng, [(g, 24) for g in groups] + [("other", 4)]), date(2020, 10, 31),
                 first_open=date(2018, 1, 2))
        if rng.random() < 0.25:
            c["steps"].append(("traineeship", c["openedOn"] + days(rng.randint(10, 60)), None))
        if rng.random() < 0.5:
            c["steps"].append(("close", c["openedOn"] + days(rng.randint(70, 300)),
                               weighted(rng, [("completed", 5), ("withdrawn", 3), ("transferred", 1)])))

    name_cases(cases, lambda c: "SSG")
    n_traineeships = 0
    for c in cases:
        by = by_op if c["protocolId"] == main else by_coop
        f.open_case(by, c)
        steps = sorted(c["steps"], key=lambda s: (s[1], s[0] == "close"))
        last_day = c["openedOn"]
        for kind, on, detail in steps:
            if kind == "placement":
                pl = f.placement(by, c["caseId"], rng.choice(SESTO_EMPLOYERS), detail["contract"], detail["start"],
                                 on, detail["months"], rng.choice(HOURS))
                if detail.get("void"):
                    f.void(by, pl, "UNILAV annullata dal datore di lavoro prima dell'avvio", on + days(12))
            elif kind == "traineeship":
                n_traineeships += 1
                f.traineeship(by, c["caseId"], f"SSG-TIR-{on.year}-{n_traineeships:03d}",
                              rng.choice(SESTO_EMPLOYERS), "extracurricular", on, on + days(180))
            last_day = max(last_day, on, detail["start"] if kind == "placement" else on)
        closes = [s for s in steps if s[0] == "close"]
        if closes:
            f.close(by, c["caseId"], closes[-1][2], max(closes[-1][1], last_day))


# MARK: 004 Crema

CREMA_SCHOOLS = [("conv-crema-iis-ombriano-2019", "Istituto di Istruzione Superiore Ombriano"),
                 ("conv-crema-iis-porta-serio-2019", "Istituto di Istruzione Superiore Porta Serio"),
                 ("conv-crema-iis-moso-2019", "Istituto di Istruzione Superiore Fontanili del Moso")]
CREMA_EMPLOYERS = ["Cosmetici Cremaschi Srl", "Meccanica del Serio Srl", "Logistica Cremasca Spa",
                   "Panificio Ombriano Snc", "RSA Borgo San Pietro Soc. Coop.", "Caseificio Lodigiano-Cremasco Srl",
                   "Studio Grafico Via Mazzini Sas", "Autofficina Santa Maria della Croce Snc",
                   "Impianti Termici Offanengo Srl", "Supermercati Bassa Lombardia Srl"]


def seed_crema(f: SeedFile) -> None:
    rng = f.rng
    pid = "conv-crema-cremona-2017"
    ops = ["op-crema-01", "op-crema-02", "op-crema-03"]
    f.protocol("op-crema-01", pid, "Convenzione tra il Comune di Cremona e il Comune di Crema per lo Sportello Lavoro",
               "convention", ["Comune di Cremona", "Comune di Crema"], "Comune di Cremona",
               date(2016, 12, 20), date(2017, 1, 1), date(2020, 12, 31))
    for i, (school_pid, school) in enumerate(CREMA_SCHOOLS):
        f.protocol("op-crema-01", school_pid,
                   "Convenzione per i percorsi di alternanza scuola-lavoro (PCTO) garantiti dallo Sportello Lavoro",
                   "convention", ["Comune di Crema", school], "Comune di Crema", date(2019, 2, 4) + days(7 * i),
                   date(2019, 2, 15), date(2021, 8, 31))
    cases: list[dict] = []

    def case(person, opened, **extra):
        target = weighted(rng, [("young-unemployed", 30), ("unemployed-over-45", 30),
                                ("economic-disadvantage", 25), ("disability", 7), ("other", 8)])
        measure = "Garanzia Giovani" if target == "young-unemployed" and rng.random() < 0.5 else \
            "Dote Unica Lavoro" if rng.random() < 0.3 else None
        c = new_case(len(cases), person=person, protocolId=pid, desk="Crema", targetGroup=target,
                     referredBy=weighted(rng, [("CPI Crema", 35), ("Servizi Sociali Comune di Crema", 15),
                                               ("Informagiovani Crema", 10), (None, 40)]),
                     caseManager=rng.choice(ops), measure=measure, openedOn=opened, closedOn=None, reason=None)
        c.update(extra)
        cases.append(c)
        return c

    y2017 = [case(f.person(), date(2017, 12, 29) if i == 0 else between(rng, date(2017, 1, 9), date(2017, 12, 22)))
             for i in range(300)]
    # 2018: 1,046 distinct persons, 1,103 cases; 70 of them were already users in 2017.
    returning = [c["person"] for c in rng.sample(y2017, 70)]
    persons = returning + [f.person() for _ in range(1046 - 70)]
    for i, person in enumerate(persons):
        opened = date(2018, 1, 2) if i == 0 else date(2018, 12, 31) if i == 1 else \
            between(rng, date(2018, 1, 2), date(2018, 12, 31))
        case(person, opened)
    for person in persons[100:157]:  # 57 persons come back within 2018, after their first case closed
        first = next(c for c in cases if c["person"] == person and c["openedOn"].year == 2018)
        if first["openedOn"] > date(2018, 9, 30):
            first["openedOn"] = between(rng, date(2018, 1, 2), date(2018, 8, 31))
        first["closedOn"] = first["openedOn"] + days(rng.randint(20, 60))
        first["reason"] = weighted(rng, [("completed", 3), ("withdrawn", 1)])
        case(person, between(rng, first["closedOn"] + days(1), date(2018, 12, 31)))
    for i in range(40):
        case(f.person(), date(2019, 1, 2) if i == 0 else between(rng, date(2019, 1, 3), date(2019, 3, 29)))
    for c in cases:
        if c["closedOn"] is None and rng.random() < (0.9 if c["openedOn"].year == 2017 else 0.6):
            c["closedOn"] = c["openedOn"] + days(rng.randint(15, 270))
            c["reason"] = weighted(rng, [("placed", 25), ("completed", 45), ("withdrawn", 20), ("transferred", 10)])
    # Students for school-work traineeships under the school conventions, spring 2019.
    for school_pid, school in CREMA_SCHOOLS:
        for _ in range(10):
            case(f.person(), between(rng, date(2019, 4, 1), date(2019, 5, 17)), targetGroup="other",
                 referredBy=school, measure="PCTO - alternanza scuola-lavoro", closedOn=date(2019, 7, 12),
                 reason="completed", school=school_pid)

    name_cases(cases, lambda c: "CRE")
    n_traineeships = 0
    for c in cases:
        by = c["caseManager"]
        f.open_case(by, c)
        opened, closed = c["openedOn"], c["closedOn"]
        if "school" in c:
            n_traineeships += 1
            begin = date(2019, 6, 10) + days(7 * (n_traineeships % 2))
            f.traineeship(by, c["caseId"], f"CRE-PCTO-2019-{n_traineeships:03d}", rng.choice(CREMA_EMPLOYERS),
                          "school-work", begin, begin + days(18), c["school"])
        elif rng.random() < 0.08:
            n_traineeships += 1
            begin = between(rng, opened, closed or opened + days(60))
            f.traineeship(by, c["caseId"], f"CRE-TIR-{begin.year}-{n_traineeships:03d}", rng.choice(CREMA_EMPLOYERS),
                          "extracurricular", begin, begin + days(rng.choice([90, 180])))
        if c["reason"] == "placed" or (closed is None and rng.random() < 0.1):
            confirmed = between(rng, opened + days(7), closed or opened + days(120))
            contract, months = random_contract(rng)
            f.placement(by, c["caseId"], rng.choice(CREMA_EMPLOYERS), contract,
                        max(opened, confirmed - days(rng.randint(0, 7))), confirmed, months, rng.choice(HOURS))
        if closed:
            f.close(by, c["caseId"], c["reason"], closed)


# MARK: - Figures (what the projections must show)


class Replay:
    """A tiny, independent reading of one file's events: voids applied, §6 and §7 figures."""

    def __init__(self, events: list[dict]):
        voided = {e["data"]["eventId"] for e in events if e["type"] == "EventVoided"}
        self.counts: dict[str, int] = {}
        self.protocols, self.cases, self.hires, self.placements = {}, {}, [], []
        for seq, event in enumerate(events):
            kind, data, live = event["type"], event["data"], event["id"] not in voided
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if kind == "PlacementConfirmed":
                self.placements.append(dict(data, seq=seq, voided=not live))
            if not live or kind == "EventVoided":
                continue
            if kind == "ProtocolSigned":
                self.protocols[data["protocolId"]] = data
            elif kind == "HireAnnounced":
                self.hires.append(data)
            elif kind == "CaseOpened":
                self.cases[data["caseId"]] = dict(data, closed=None, placed=0)
            elif kind == "CaseClosed":
                self.cases[data["caseId"]]["closed"] = data
            elif kind == "PlacementConfirmed":
                self.cases[data["caseId"]]["placed"] += 1

    def outcomes(self, protocol_id, first, last) -> dict:
        active = [c for c in self.cases.values()
                  if c["protocolId"] == protocol_id and first <= c["openedOn"] <= last]
        referred: dict[str, set] = {}
        groups: dict[str, int] = {}
        for c in active:
            if "referredBy" in c:
                referred.setdefault(c["referredBy"], set()).add(c["person"])
            groups[c["targetGroup"]] = groups.get(c["targetGroup"], 0) + 1
        concluded = sum(1 for c in active if c["closed"])
        return {"protocolId": protocol_id, "from": first, "to": last, "activated": len(active),
                "concluded": concluded, "inProgress": len(active) - concluded,
                "placed": sum(1 for c in active if c["placed"]),
                "referredBy": {k: len(v) for k, v in sorted(referred.items())}, "byTargetGroup": dict(sorted(groups.items()))}

    def hire_totals(self) -> dict:
        roles: dict[str, int] = {}
        funding: dict[str, int] = {}
        for h in self.hires:
            roles[h["role"]] = roles.get(h["role"], 0) + h["positions"]
            if "funding" in h:
                funding[h["funding"]] = funding.get(h["funding"], 0) + h["positions"]
        return {"totalPositions": sum(roles.values()), "byRole": roles, "byFunding": funding}

    def desk(self, desk, first, last) -> dict:
        opened = [c for c in self.cases.values() if c["desk"] == desk and first <= c["openedOn"] <= last]
        confirmed = [p for p in self.placements if not p["voided"] and first <= p["confirmedOn"] <= last
                     and p["caseId"] in self.cases and self.cases[p["caseId"]]["desk"] == desk]
        return {"desk": desk, "from": first, "to": last, "casesOpened": len(opened),
                "distinctPersons": len({c["person"] for c in opened}),
                "placementsOfThoseCases": sum(c["placed"] for c in opened),
                "placementsConfirmedInPeriod": len(confirmed)}

    def claim(self, protocol_id, first, last) -> dict:
        """docs/reference.md §7: eligible placements and the first rejection reason of the others."""
        protocol = self.protocols[protocol_id]
        rule = protocol["outcomePayment"]
        verdicts = {}
        paid_persons = set()
        mine = [p for p in self.placements if p["caseId"] in self.cases
                and self.cases[p["caseId"]]["protocolId"] == protocol_id]
        for p in sorted(mine, key=lambda p: (p["confirmedOn"], p["seq"])):
            group = self.cases[p["caseId"]]["targetGroup"]
            if p["voided"]:
                reason = "voided"
            elif not protocol["validFrom"] <= p["startOn"] <= protocol.get("validTo", "9999-12-31"):
                reason = "outside-protocol-validity"
            elif p["contract"] not in rule["eligibleContracts"]:
                reason = "contract-not-eligible"
            elif p["contract"] == "fixed-term" and p["months"] < rule.get("minFixedTermMonths", 1):
                reason = "fixed-term-too-short"
            elif group not in rule["tariffs"]:
                reason = "no-tariff"
            elif self.cases[p["caseId"]]["person"] in paid_persons:
                reason = "already-paid"  # a person is paid once per protocol, whatever the case
            else:
                reason = None
                paid_persons.add(self.cases[p["caseId"]]["person"])
            verdicts[p["seq"]] = (reason, rule["tariffs"].get(group, 0), p)
        chosen = [v for v in verdicts.values() if first <= v[2]["confirmedOn"] <= last]
        rejected: dict[str, int] = {}
        for reason, _, _ in chosen:
            if reason:
                rejected[reason] = rejected.get(reason, 0) + 1
        eligible = [amount for reason, amount, _ in chosen if reason is None]
        return {"protocolId": protocol_id, "from": first, "to": last, "operator": rule["operator"],
                "eligible": len(eligible), "rejected": sum(rejected.values()), "totalCents": sum(eligible),
                "rejectedByReason": dict(sorted(rejected.items()))}


def semester_bounds(year, half):
    first, last = semester(year, half)
    return first.isoformat(), last.isoformat()


def figures_distretto(r: Replay) -> tuple[dict, str]:
    hires = r.hire_totals()
    assert hires["totalPositions"] == 13 and hires["byFunding"] == {PN_INCLUSIONE: 8}, hires
    return ({"hires": hires, "protocols": sorted(r.protocols)},
            f"hires {hires['totalPositions']} positions, {hires['byFunding'][PN_INCLUSIONE]} on {PN_INCLUSIONE}; "
            f"byRole {compact(hires['byRole'])}; protocol acc-udc-provmo-2024 (agreement with Provincia di Modena)")


def figures_livorno(r: Replay) -> tuple[dict, str]:
    assert all(len(p["parties"]) == 10 for p in r.protocols.values())
    return ({"protocols": sorted(r.protocols)},
            f"2 memoranda signed 2010-12-07 by 10 parties (lead Provincia di Livorno): {', '.join(sorted(r.protocols))}")


def figures_trecate(r: Replay) -> tuple[dict, str]:
    out = r.outcomes("conv-trecate-2022", "2022-11-01", "2023-10-31")
    got = (out["activated"], out["concluded"], out["inProgress"], out["referredBy"].get(CPI_NOVARA))
    assert got == (534, 207, 327, 256), got
    return ({"outcomes": out, "traineeships": r.counts.get("TraineeshipStarted", 0)},
            f"conv-trecate-2022 2022-11-01..2023-10-31: activated {out['activated']}, concluded {out['concluded']}, "
            f"inProgress {out['inProgress']}, placed {out['placed']}, persons referred by {CPI_NOVARA} "
            f"{out['referredBy'][CPI_NOVARA]}; all cases {len(r.cases)} (2 more voided), "
            f"voids {r.counts.get('EventVoided', 0)}")


def figures_sesto(r: Replay) -> tuple[dict, str]:
    claims = [r.claim(pid, *semester_bounds(y, h)) for pid in ("sesto-sg-servizi-lavoro-2018",
                                                                "sesto-sg-inclusione-disabili-2019")
              for y, h in SEMESTERS + [(2021, 1)] if pid.endswith("2018") or y >= 2019]
    main = [c for c in claims if c["protocolId"].endswith("2018")]
    reasons = {reason for c in claims for reason in c["rejectedByReason"]}
    assert len(reasons) == 6, reasons
    for c in main[:6]:  # every semester of the contract rejects for each of these reasons
        assert {"voided", "fixed-term-too-short", "no-tariff", "already-paid"} <= set(c["rejectedByReason"]), c
    brief = "; ".join(f"{c['from'][:7]} {c['eligible']} eligible {c['totalCents']}c "
                      f"rejected {compact(c['rejectedByReason'])}" for c in main)
    return ({"claims": claims},
            f"sesto-sg-servizi-lavoro-2018 ({len(r.cases)} cases in both protocols) claims: {brief}; "
            f"sesto-sg-inclusione-disabili-2019 rejects contract-not-eligible")


def figures_crema(r: Replay) -> tuple[dict, str]:
    desk = r.desk("Crema", "2018-01-01", "2018-12-31")
    assert desk["distinctPersons"] > 1000
    school = r.counts.get("TraineeshipStarted", 0)
    return ({"desk2018": desk, "protocols": sorted(r.protocols)},
            f"desk Crema 2018: {desk['casesOpened']} cases, {desk['distinctPersons']} distinct persons; "
            f"conv-crema-cremona-2017 + {len(CREMA_SCHOOLS)} school conventions, {school} traineeships")


SEEDS = [
    ("000-distretto-ceramico.ndjson", 1000, seed_distretto, figures_distretto),
    ("001-livorno.ndjson", 1001, seed_livorno, figures_livorno),
    ("002-trecate.ndjson", 1002, seed_trecate, figures_trecate),
    ("003-sesto-san-giovanni.ndjson", 1003, seed_sesto, figures_sesto),
    ("004-crema.ndjson", 1004, seed_crema, figures_crema),
]


def write_seeds(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    persons: set[str] = set()
    figures = {}
    for name, seed, build, describe in SEEDS:
        f = SeedFile(name, seed, persons)
        build(f)
        events = f.events()
        with open(out / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(compact(e) + "\n" for e in events)
        detail, line = describe(Replay(events))
        figures[name] = dict(events=len(events), **detail)
        print(f"{name}: {len(events)} events; {line}", file=sys.stderr)
    (out / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# MARK: - Synthetic load

TOWNS = ["Trecate", "Novara", "Vercelli", "Crema", "Cremona", "Lodi", "Sesto San Giovanni", "Cinisello Balsamo",
         "Monza", "Bergamo", "Brescia", "Sassuolo", "Formigine", "Modena", "Carpi", "Reggio Emilia", "Livorno",
         "Piombino", "Cecina", "Pisa", "Lucca", "Prato", "Empoli", "Arezzo", "Perugia", "Terni", "Ancona", "Pesaro",
         "Rimini", "Forlì", "Ravenna", "Ferrara", "Padova", "Treviso", "Vicenza", "Cantù", "Lecce", "Matera"]
EMPLOYER_STEMS = ["Ceramiche", "Meccanica", "Logistica", "Trasporti", "Alimentari", "Servizi Ecologici",
                  "Impianti Elettrici", "Pulizie Industriali", "Tessitura", "Cooperativa Sociale", "Supermercati",
                  "Officine", "Costruzioni", "Ristorazione", "Assistenza Domiciliare"]
REFERRERS = ["CPI {t}", "Servizi Sociali {t}", "Informagiovani {t}", "Collocamento mirato {t}"]
MEASURES = ["GOL", "Garanzia Giovani", "Dote Unica Lavoro", "Buono Servizi Lavoro", "Reddito di inclusione"]
HIRE_ROLES = ["assistente sociale", "istruttore amministrativo", "istruttore contabile", "psicologo", "pedagogista",
              "educatore professionale", "operatore socio-sanitario", "mediatore culturale"]
VOID_REASONS = ["UNILAV annullata dal datore di lavoro", "registrato sulla presa in carico sbagliata",
                "chiusura registrata per errore", "duplicato"]
SYNTHETIC_TYPES = ["ProtocolSigned", "HireAnnounced", "CaseOpened", "TraineeshipStarted", "PlacementConfirmed",
                   "CaseClosed", "EventVoided"]


def slug(town: str) -> str:
    return town.lower().replace(" ", "-").replace("ì", "i").replace("ù", "u")


def funding_for(rng: random.Random, year: int) -> str:
    if year < 2021:
        return rng.choice(["POR FSE 2014-2020", "Fondi comunali", "PON Inclusione 2014-2020"])
    return rng.choice(["FSE+ 2021-2027", "PNRR - GOL 2022-2025", PN_INCLUSIONE, "Fondi comunali"])


def synthetic_lines(total: int, seed: int, counts: list[int]):
    """Yields exactly `total` NDJSON lines, counting them per type (SYNTHETIC_TYPES order) in `counts`.

    Memory is bounded: at most POOL open cases and VOIDABLE voidable events are remembered; a
    case the pool forgets simply stays open in the store. Lines are string templates over
    values JSON-quoted once, which is several times faster than json.dumps per event.
    """
    POOL, VOIDABLE = 20_000, 4_096
    rng = random.Random(seed)
    r, bits, randint = rng.random, rng.getrandbits, rng.randint
    q = compact
    prefix = f"syn{seed}"
    variant = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}

    def uid():  # the same text as uuid_from(rng), without big-integer arithmetic
        h = "%032x" % bits(128)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:]}"

    # Business dates as ordinals, text looked up in a table. A case's running date is clamped
    # to LAST, and no event lies more than a year after it, so every lookup stays in the table.
    first_day, last = date(2015, 1, 1).toordinal(), date(2030, 12, 31).toordinal()
    table = [date.fromordinal(o).isoformat() for o in range(first_day, last + 400)]
    dates = lambda o: table[o - first_day]

    employers = [q(f"{stem} {town} {form}") for stem in EMPLOYER_STEMS for town in TOWNS[::3]
                 for form in ("Srl", "Spa")]
    n_employers = len(employers)
    hours = ["", *(f',"hoursPerWeek":{h}' for h in (18, 20, 24, 30, 36, 38, 40, 40, 40, 48))]
    months = [f',"months":{m}' for m in (2, 3, 4, 5, 6, 6, 6, 8, 9, 12, 12, 12, 18, 24, 36)]
    void_reasons = [q(v) for v in VOID_REASONS]
    targets = [t for t, w in zip(TARGET_GROUPS, (25, 10, 25, 30, 10)) for _ in range(w)]
    close_reasons = ["completed", "withdrawn", "transferred", "completed"]

    # Protocols: a few dozen, the service contracts paying on outcomes; each runs 1-3 desks.
    protocols = []
    n_protocols = max(1, min(36, total // 50))
    for i in range(n_protocols):
        towns = rng.sample(TOWNS, randint(2, 6))
        kind = ["convention", "memorandum", "agreement", "service-contract"][i % 4]
        valid_from = date(2016, 1, 1).toordinal() + randint(0, 6 * 365)
        valid_to = None if r() < 0.15 else valid_from + randint(3 * 365, 6 * 365)
        pid = f"{prefix}-{kind[:4]}-{slug(towns[0])}-{i:03d}"
        data = {"protocolId": pid, "title": f"Servizi per il lavoro e l'inclusione - ambito di {towns[0]}",
                "kind": kind, "parties": [f"Comune di {t}" for t in towns], "lead": f"Comune di {towns[0]}",
                "signedOn": dates(valid_from - randint(5, 60)), "validFrom": dates(valid_from)}
        if valid_to:
            data["validTo"] = dates(valid_to)
        if r() < 0.6:
            data["funding"] = funding_for(rng, date.fromordinal(valid_from).year)
        if kind == "service-contract":
            operator = f"Agenzia per il Lavoro {towns[-1]} Srl"
            data["parties"].append(operator)
            data["outcomePayment"] = {
                "operator": operator,
                "tariffs": {g: randint(10, 100) * 5_000 for g in TARGET_GROUPS[:4] if r() < 0.9} or {"disability": 250_000},
                "eligibleContracts": ["permanent", "apprenticeship", "fixed-term"][:randint(1, 3)],
                "minFixedTermMonths": 6}
        op = q(f"op-{slug(towns[0])[:12]}-01")
        counts[0] += 1
        yield f'{{"id":"{uid()}","type":"ProtocolSigned","recordedBy":{op},"data":{compact(data)}}}\n'
        last_open = min(valid_to or last, date(2026, 6, 30).toordinal())
        desks = [(q(t), q(f"op-{slug(t)[:12]}-{k:02d}")) for t in towns[:randint(1, 3)] for k in (1, 2)]
        referrers = [q(p.format(t=towns[0])) for p in REFERRERS]
        protocols.append((q(pid), valid_from, last_open - valid_from + 1, desks, referrers))

    pool: list[list] = []  # [caseId, openedOn, running date, placements, recordedBy json, protocolId json]
    voidable: list[str] = []
    n_cases = n_traineeships = n_hires = n_evidence = 0
    for _ in range(total - n_protocols):
        x = r()
        if x < 0.002:  # a municipality announces a hire
            n_hires += 1
            counts[1] += 1
            extra = ',"recruitment":"public-competition"' if r() < 0.7 else ""
            if r() < 0.3:
                extra += f',"funding":{q(PN_INCLUSIONE)}'
            if r() < 0.3:
                extra += f',"protocolId":{rng.choice(protocols)[0]}'
            yield (f'{{"id":"{uid()}","type":"HireAnnounced","recordedBy":"op-personale-01","data":{{'
                   f'"hireId":"{prefix}-H{n_hires:07d}","employer":{q("Comune di " + rng.choice(TOWNS))},'
                   f'"role":"{rng.choice(HIRE_ROLES)}","positions":{randint(1, 4)},'
                   f'"contract":"{("permanent", "fixed-term", "flexible")[randint(0, 2)]}"{extra},'
                   f'"announcedOn":"{dates(date(2016, 1, 1).toordinal() + randint(0, 3650))}"}}}}\n')
        elif x < 0.012 and voidable:  # void a placement or a close
            counts[6] += 1
            i = int(r() * len(voidable))
            voidable[i], voidable[-1] = voidable[-1], voidable[i]
            yield (f'{{"id":"{uid()}","type":"EventVoided","recordedBy":"op-controllo-01","data":{{'
                   f'"eventId":"{voidable.pop()}","reason":{void_reasons[int(r() * 4)]}}}}}\n')
        elif x < 0.40 or not pool:  # open a case
            counts[2] += 1
            pid, valid_from, span, desks, referrers = protocols[int(r() * n_protocols)]
            desk, op = desks[int(r() * len(desks))]
            opened = valid_from + int(r() * span)
            n_cases += 1
            cid = f"{prefix}-C{n_cases:09d}"
            extra = f',"referredBy":{referrers[int(r() * 4)]}' if r() < 0.7 else ""
            if r() < 0.6:
                extra += f',"caseManager":{op}'
            if r() < 0.5:
                extra += f',"measure":"{MEASURES[int(r() * 5)]}"'
            yield (f'{{"id":"{uid()}","type":"CaseOpened","recordedBy":{op},"data":{{"caseId":"{cid}",'
                   f'"person":"P-{bits(24):06X}","protocolId":{pid},"desk":{desk},'
                   f'"targetGroup":"{targets[int(r() * 100)]}"{extra},"openedOn":"{table[opened - first_day]}"}}}}\n')
            if len(pool) >= POOL:  # forget one
                pool[int(r() * POOL)] = pool[-1]
                pool.pop()
            pool.append([cid, opened, opened, 0, op, pid])
        elif x < 0.50:  # traineeship
            counts[3] += 1
            case = pool[int(r() * len(pool))]
            n_traineeships += 1
            start = case[2] + int(r() * 60)
            extra = f',"plannedEndOn":"{table[start + 30 + int(r() * 150) - first_day]}"' if r() < 0.9 else ""
            if r() < 0.4:
                extra += f',"protocolId":{case[5]}'
            yield (f'{{"id":"{uid()}","type":"TraineeshipStarted","recordedBy":{case[4]},"data":{{'
                   f'"caseId":"{case[0]}","traineeshipId":"{prefix}-T{n_traineeships:09d}",'
                   f'"host":{employers[int(r() * n_employers)]},'
                   f'"kind":"{"extracurricular" if r() < 0.85 else "school-work"}","startOn":"{table[start - first_day]}"'
                   f'{extra}}}}}\n')
            case[2] = start if start < last else last
        elif x < 0.68:  # placement
            counts[4] += 1
            case = pool[int(r() * len(pool))]
            n_evidence += 1
            start = case[2] + int(r() * 90)
            confirmed = start + int(r() * 28) - 7
            if confirmed < case[1]:
                confirmed = case[1]
            y = r()
            if y < 0.3:
                contract = '"permanent"'
            elif y < 0.55:
                contract = '"apprenticeship"'
            else:
                contract = '"fixed-term"' + months[int(r() * 15)]
            start_text = table[start - first_day]
            eid = uid()
            yield (f'{{"id":"{eid}","type":"PlacementConfirmed","recordedBy":{case[4]},"data":{{"caseId":"{case[0]}",'
                   f'"employer":{employers[int(r() * n_employers)]},"contract":{contract}{hours[int(r() * 11)]},'
                   f'"startOn":"{start_text}","confirmedOn":"{table[confirmed - first_day]}",'
                   f'"evidence":"UNILAV-{start_text[:4]}-{n_evidence:07d}"}}}}\n')
            latest = start if start > confirmed else confirmed
            case[2] = latest if latest < last else last
            case[3] += 1
            if len(voidable) < VOIDABLE:
                voidable.append(eid)
            else:
                voidable[int(r() * VOIDABLE)] = eid
        else:  # close
            counts[5] += 1
            i = int(r() * len(pool))
            case = pool[i]
            pool[i] = pool[-1]
            pool.pop()
            reason = "placed" if case[3] and r() < 0.9 else close_reasons[int(r() * 4)]
            eid = uid()
            yield (f'{{"id":"{eid}","type":"CaseClosed","recordedBy":{case[4]},"data":{{"caseId":"{case[0]}",'
                   f'"reason":"{reason}","closedOn":"{table[case[2] + int(r() * 60) - first_day]}"}}}}\n')
            if len(voidable) < VOIDABLE:
                voidable.append(eid)
            else:
                voidable[int(r() * VOIDABLE)] = eid


def write_synthetic(total: int, out: Path, seed: int, batches: int | None) -> None:
    paths = [out] if not batches else [Path(f"{out}.{i:04d}") for i in range(batches)]
    sizes = [total] if not batches else [total // batches + (i < total % batches) for i in range(batches)]
    counts = [0] * len(SYNTHETIC_TYPES)
    lines = synthetic_lines(total, seed, counts)
    for path, size in zip(paths, sizes):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            while size > 0:
                chunk = list(islice(lines, min(size, 16_384)))
                handle.write("".join(chunk))
                size -= len(chunk)
    where = f"{paths[0]} … {paths[-1]}" if batches else str(out)
    mix = ", ".join(f"{kind} {n}" for kind, n in zip(SYNTHETIC_TYPES, counts))
    print(f"{where}: {total} events, seed {seed}: {mix}", file=sys.stderr)


# MARK: - Command line


def main() -> int:
    parser = argparse.ArgumentParser(description="Deterministic generator of valid Albo events (NDJSON).")
    sub = parser.add_subparsers(dest="command", required=True)
    seeds = sub.add_parser("seeds", help="the five seed files and figures.json")
    seeds.add_argument("--out", required=True, type=Path, help="output directory")
    syn = sub.add_parser("synthetic", help="N valid events, a realistic mix")
    syn.add_argument("--events", required=True, type=int, help="total number of events (N)")
    syn.add_argument("--out", required=True, type=Path, help="output file (or prefix with --batches)")
    syn.add_argument("--seed", type=int, default=1, help="random seed; also names the ids (syn<seed>-…)")
    syn.add_argument("--batches", type=int, help="split into K files FILE.0000 … (N in total)")
    esf = sub.add_parser("esf", help="an ESF+ scenario: participant data, voids, placements and follow-ups around the 28-day and six-month rules")
    esf.add_argument("--out", required=True, type=Path, help="output file (NDJSON)")
    esf.add_argument("--seed", type=int, default=7, help="random seed")
    esf.add_argument("--cases", type=int, default=400, help="number of cases")
    args = parser.parse_args()
    if args.command == "seeds":
        write_seeds(args.out)
    elif args.command == "esf":
        from esf_scenario import write_esf
        write_esf(args.out, args.seed, args.cases)
    else:
        if args.events < 0 or (args.batches is not None and args.batches < 1):
            parser.error("--events must be >= 0 and --batches >= 1")
        write_synthetic(args.events, args.out, args.seed, args.batches)
    return 0


if __name__ == "__main__":
    sys.exit(main())
