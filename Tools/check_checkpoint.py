#!/usr/bin/env python3
"""Checks an Albo checkpoint and proofs with generic tools only.

usage: check_checkpoint.py CHECKPOINT VERIFIER_KEY [PROOFS.ndjson]

- the checkpoint is a C2SP signed note; the key is in Go's note verifier form
  name+hexid+base64(0x01 || ed25519 public key); the signature is checked with `cryptography`;
- each proof line (the JSON of `albo prove --json`) is checked with `rekor_verifier`'s
  RFC 6962/9162 verifier against the signed checkpoint's own size and root, never against a
  size or root the proof states: an inclusion proof must be for the checkpoint's tree size
  (and any rootHash it states must be the checkpoint's root), a consistency proof must lead
  to the checkpoint's size and root. Any other proof is rejected (exit 1).
"""
import base64, hashlib, json, struct, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rekor_verifier import merkle_proof


def open_note(note: bytes, vkey: str):
    name, hexid, b64 = vkey.strip().split("+", 2)
    raw = base64.b64decode(b64)
    assert raw[0] == 1 and len(raw) == 33, "not an Ed25519 verifier key"
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    assert key_id.hex() == hexid, "key id does not match the key"
    text, sep, sigs = note.partition(b"\n\n")
    assert sep, "no blank line before the signatures"
    text += b"\n"
    for line in sigs.decode().splitlines():
        dash, signer, sig = line.split(" ")
        assert dash == "\u2014"
        sig = base64.b64decode(sig)
        if signer == name and sig[:4] == key_id:
            Ed25519PublicKey.from_public_bytes(raw[1:]).verify(sig[4:], text)  # raises if invalid
            return text.decode()
    raise SystemExit("no signature by this key")


def fail(n, why):
    raise SystemExit(f"proof line {n} rejected: {why}")


def check(n, verify, *arguments):
    try:
        verify(*arguments)
    except Exception as error:  # rekor raises ValueError or its RootMismatchError
        fail(n, f"it does not verify: {error!r}")


def main():
    note = open(sys.argv[1], "rb").read()
    text = open_note(note, open(sys.argv[2]).read())
    origin, size, root_b64 = text.splitlines()[:3]
    size, root = int(size), base64.b64decode(root_b64).hex()
    inclusion = consistency = 0
    if len(sys.argv) > 3:
        for n, line in enumerate(open(sys.argv[3]), 1):
            p = json.loads(line)
            if "leafHash" in p:
                # The proof's own size and root prove nothing: only the signed ones count.
                if p["treeSize"] != size or p.get("rootHash", root) != root:
                    fail(n, f"an inclusion proof for tree size {p['treeSize']}, root {p.get('rootHash', root)}, "
                            f"not the signed checkpoint's size {size}, root {root}")
                check(n, merkle_proof.verify_inclusion, merkle_proof.DEFAULT_HASHER, p["seq"], size, p["leafHash"], p["hashes"], root)
                inclusion += 1
            else:
                if p["toSize"] != size or p.get("toRoot", root) != root:
                    fail(n, f"a consistency proof to tree size {p['toSize']}, root {p.get('toRoot', root)}, "
                            f"not the signed checkpoint's size {size}, root {root}")
                check(n, merkle_proof.verify_consistency, merkle_proof.DEFAULT_HASHER, p["fromSize"], size, p["hashes"], p["fromRoot"], root)
                consistency += 1
    print(f"{origin}: size {size}, root {root}")
    print(f"checked 1 signature, {inclusion} inclusion proofs, {consistency} consistency proofs")


if __name__ == "__main__":
    main()
