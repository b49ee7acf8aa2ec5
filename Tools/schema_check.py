#!/usr/bin/env python3
"""Check Albo's JSON Schemas against their examples (and, optionally, NDJSON event files).

    python3 Tools/schema_check.py              # valid/ and semantic/ must pass, invalid/ must fail
    python3 Tools/schema_check.py --json       # {"valid/x.json": true, "invalid/y.json": false, ...}
    python3 Tools/schema_check.py --ndjson F.. # every line of every file must validate

Validation is jsonschema's Draft202012Validator with format assertion on (FormatChecker:
"date" and "uuid" are asserted by jsonschema itself, no optional packages needed), through a
referencing.Registry holding every Schemas/**/*.schema.json by its $id.

JSON is parsed as Albo parses it, not as Python's json does by default: a number with a
fraction or an exponent becomes a Decimal (so "type": "integer" rejects 1.0, as Albo does),
NaN/Infinity and duplicate keys are errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "Schemas"
EXAMPLES = SCHEMAS / "examples"
ENVELOPE_ID = "https://albo.example/schemas/envelope.schema.json"
# Which example folders must validate against the schemas.
EXPECTED = {"valid": True, "semantic": True, "invalid": False}


class StrictJSONError(ValueError):
    """Input that Albo would refuse before any schema is consulted."""


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise StrictJSONError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def _no_constant(name):
    raise StrictJSONError(f"{name} is not JSON")


def strict_loads(text: str):
    return json.loads(text, parse_float=Decimal, parse_constant=_no_constant,
                      object_pairs_hook=_no_duplicates)


def make_validator() -> Draft202012Validator:
    resources = []
    for path in sorted(SCHEMAS.rglob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(contents)
        resources.append(Resource.from_contents(contents))
    registry = Registry().with_resources((r.id(), r) for r in resources)
    envelope = registry.contents(ENVELOPE_ID)
    return Draft202012Validator(envelope, registry=registry, format_checker=FormatChecker())


def assert_formats_asserted() -> None:
    """Fail loudly if this jsonschema build does not really check dates and UUIDs."""
    checker = FormatChecker()
    probes = [("date", "2023-02-30", False), ("date", "2024-02-29", True),
              ("uuid", "3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3", False),
              ("uuid", "3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a", True)]
    for fmt, value, expected in probes:
        if checker.conforms(value, fmt) != expected:
            sys.exit(f"schema_check: FormatChecker does not assert {fmt!r} on {value!r}; "
                     "the examples would not be checked as documented")


def errors_of(validator: Draft202012Validator, text: str) -> list[str]:
    try:
        instance = strict_loads(text)
    except (ValueError, StrictJSONError) as error:
        return [f"not strict JSON: {error}"]
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))]


def check_examples(validator, as_json: bool) -> int:
    results: dict[str, bool] = {}
    mismatches = []
    for folder, expected in EXPECTED.items():
        for path in sorted((EXAMPLES / folder).glob("*.json")):
            name = f"{folder}/{path.name}"
            errors = errors_of(validator, path.read_text(encoding="utf-8"))
            results[name] = not errors
            if results[name] != expected:
                why = "; ".join(errors) if errors else "accepted by the schema"
                mismatches.append(f"MISMATCH {name}: expected {'valid' if expected else 'invalid'}, {why}")
    if as_json:
        print(json.dumps(results, indent=1, sort_keys=True))
        return 0
    for line in mismatches:
        print(line)
    print(f"schema examples: {len(results) - len(mismatches)} passed, {len(mismatches)} failed")
    return 1 if mismatches else 0


def check_ndjson(validator, files: list[str]) -> int:
    bad = total = 0
    for file in files:
        with open(file, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                total += 1
                errors = errors_of(validator, line)
                if errors:
                    bad += 1
                    if bad <= 20:
                        print(f"{file}:{number}: {'; '.join(errors)}")
    print(f"ndjson: {total} events, {total - bad} valid, {bad} invalid")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print {file: valid?} for every example")
    parser.add_argument("--ndjson", nargs="+", metavar="FILE", help="validate every line of these files")
    args = parser.parse_args()
    assert_formats_asserted()
    validator = make_validator()
    if args.ndjson:
        return check_ndjson(validator, args.ndjson)
    return check_examples(validator, args.json)


if __name__ == "__main__":
    sys.exit(main())
