#!/usr/bin/env python3
"""Independent check of C2SP tlog-cosignature (cosignature/v1) lines on a signed checkpoint.

    cosignature_check.py NOTE_FILE WITNESS_VKEY_FILE

The witness verifier key is <name>+<hex key id>+<base64(0x04 || Ed25519 public key)>; the key
id must be SHA-256(name || "\\n" || 0x04 || public key)[:4]. A cosignature line is
"— <name> base64(key id || uint64 BE timestamp || signature)" and the signature is over
"cosignature/v1\\ntime <timestamp>\\n" || checkpoint text. Uses hashlib and `cryptography`
only, nothing of Albo's. Prints "ok <name> <timestamp>" and exits 0 when a line by that key
verifies; 1 otherwise; 3 when `cryptography` is missing.
"""
import base64
import hashlib
import struct
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError as error:
    print(f"cosignature_check: missing Python package ({error})", file=sys.stderr)
    sys.exit(3)


def main():
    note = open(sys.argv[1], "rb").read().decode("utf-8")
    vkey = open(sys.argv[2]).read().split("\n")[0]
    name, key_id_hex, key_b64 = vkey.split("+", 2)
    raw_key = base64.b64decode(key_b64, validate=True)
    if len(raw_key) != 33 or raw_key[0] != 0x04:
        print("cosignature_check: not a cosignature/v1 (type 0x04) key", file=sys.stderr)
        return 1
    key_id = hashlib.sha256(name.encode() + b"\n" + raw_key).digest()[:4]
    if key_id.hex() != key_id_hex:
        print("cosignature_check: key id does not match the key", file=sys.stderr)
        return 1
    public_key = Ed25519PublicKey.from_public_bytes(raw_key[1:])
    split = note.rindex("\n\n")
    text = note[: split + 1]
    for line in note[split + 2:].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != name:
            continue
        sig = base64.b64decode(parts[2], validate=True)
        if len(sig) != 76 or sig[:4] != key_id:
            continue
        (timestamp,) = struct.unpack(">Q", sig[4:12])
        message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode("utf-8")
        try:
            public_key.verify(sig[12:], message)
        except InvalidSignature:
            continue
        print(f"ok {name} {timestamp}")
        return 0
    print(f"cosignature_check: no valid cosignature by {name}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
