#!/usr/bin/env python3
"""Checks an Albo checkpoint and proofs with generic tools only.

usage: check_checkpoint.py CHECKPOINT VERIFIER_KEY [PROOFS.ndjson]

- the checkpoint is a C2SP signed note; the key is in Go's note verifier form
  name+hexid+base64(0x01 || ed25519 public key); the signature is checked with `cryptography`;
- each proof line (the JSON of `albo prove --json`) is checked with `rekor_verifier`'s
  RFC 6962/9162 verifier against the checkpoint's root when the tree sizes match.
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


def main():
    note = open(sys.argv[1], "rb").read()
    text = open_note(note, open(sys.argv[2]).read())
    origin, size, root_b64 = text.splitlines()[:3]
    size, root = int(size), base64.b64decode(root_b64).hex()
    inclusion = consistency = 0
    if len(sys.argv) > 3:
        for line in open(sys.argv[3]):
            p = json.loads(line)
            if "leafHash" in p:
                expected_root = root if p["treeSize"] == size else p["rootHash"]
                merkle_proof.verify_inclusion(merkle_proof.DEFAULT_HASHER, p["seq"], p["treeSize"], p["leafHash"], p["hashes"], expected_root)
                inclusion += 1
            else:
                to_root = root if p["toSize"] == size else p["toRoot"]
                merkle_proof.verify_consistency(merkle_proof.DEFAULT_HASHER, p["fromSize"], p["toSize"], p["hashes"], p["fromRoot"], to_root)
                consistency += 1
    print(f"{origin}: size {size}, root {root}")
    print(f"checked 1 signature, {inclusion} inclusion proofs, {consistency} consistency proofs")


if __name__ == "__main__":
    main()
