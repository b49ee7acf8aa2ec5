#!/usr/bin/env python3
"""Canonicalise NDJSON with an independent RFC 8785 implementation.

Usage: jcs_canonicalize.py IN OUT

Reads IN one line at a time, parses each line with json.loads and writes
rfc8785.dumps(value) plus a newline to OUT, so line N of OUT is the canonical
form of line N of IN. Albo's tests compare these bytes with CanonicalJSON's.
Needs the PyPI package rfc8785 (python3 -m pip install rfc8785==0.1.4).
"""

import json
import sys

try:
    import rfc8785
except ImportError:
    sys.exit(
        "jcs_canonicalize.py: the Python package 'rfc8785' is not installed; "
        "install it with: python3 -m pip install rfc8785==0.1.4"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: jcs_canonicalize.py IN OUT", file=sys.stderr)
        return 64
    with open(argv[1], "rb") as source, open(argv[2], "wb") as sink:
        # Binary lines split on b"\n" only: U+2028 and U+2029 inside strings stay put.
        for number, line in enumerate(source, start=1):
            line = line.rstrip(b"\n")
            try:
                value = json.loads(line.decode("utf-8"))
                sink.write(rfc8785.dumps(value) + b"\n")
            except (ValueError, rfc8785.CanonicalizationError) as error:
                print(f"jcs_canonicalize.py: line {number}: {error}", file=sys.stderr)
                return 65
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
