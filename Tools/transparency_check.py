#!/usr/bin/env python3
"""Independent cross-check of Albo's Transparency module.

Reads one JSON file written by the Swift tests and checks every case with code that shares
nothing with Albo: RFC 9162 proofs with rekor_verifier's merkle_proof, signed notes with
hashlib and the `cryptography` Ed25519 implementation.

    {"hashes":      [hex, ...],
     "inclusion":   [[index, size, leaf, [proof...], root, expectValid], ...],
     "consistency": [[fromSize, toSize, [proof...], fromRoot, toRoot, expectValid], ...],
     "notes":       [[verifierKeyText, signedNoteText, expectValid], ...],
     "checkpointInclusion": [[verifierKeyText, signedCheckpointText, index, proofSize, leaf, [proof...], expectValid], ...]}

A "checkpointInclusion" case is an inclusion proof checked the way an auditor must check
one: against the signed checkpoint's own size and root, never a size or root the proof
brings. It is valid only when the note verifies, the proof's size is the checkpoint's, and
the proof leads from the leaf to the checkpoint's root.

Hashes in cases are positions in the "hashes" table: proofs of one tree share most of them.

Prints the number of cases of each kind, how many of them verified ("validInclusion", ...)
and "mismatches", and exits 0 only when every case came out as expected; 1 on a mismatch,
3 when a required package is missing.
"""
import base64
import hashlib
import json
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from rekor_verifier import merkle_proof
except ImportError as error:  # the Swift test must fail, not skip, without these
    print(f"transparency_check: missing Python package ({error}); "
          "install with: pip install cryptography rekor-verifier", file=sys.stderr)
    sys.exit(3)

HASHER = merkle_proof.DEFAULT_HASHER


def inclusion_ok(index, size, leaf, proof, root):
    try:
        merkle_proof.verify_inclusion(HASHER, index, size, leaf, proof, root)
        return True
    except Exception:  # rekor raises ValueError or RootMismatchError
        return False


def consistency_ok(size1, size2, proof, root1, root2):
    try:
        merkle_proof.verify_consistency(HASHER, size1, size2, proof, root1, root2)
        return True
    except Exception:
        return False


def note_ok(vkey, note):
    """Go note.Open semantics for one verifier key, written from the C2SP signed-note spec."""
    name, key_id_hex, key_b64 = vkey.split("+", 2)
    key = base64.b64decode(key_b64, validate=True)
    key_id = hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]
    if key_id.hex() != key_id_hex or key[0] != 1 or len(key) != 33:
        return False
    public_key = Ed25519PublicKey.from_public_bytes(key[1:])
    data = note.encode()
    split = data.rfind(b"\n\n")
    if split < 0 or not data.endswith(b"\n"):
        return False
    text, lines = data[: split + 1], data[split + 2 :].split(b"\n")[:-1]
    verified = False
    for line in lines:
        prefix = "— ".encode()
        if not line.startswith(prefix):
            return False
        sig_name, _, sig_b64 = line[len(prefix) :].decode().partition(" ")
        raw = base64.b64decode(sig_b64, validate=True)
        if sig_name != name or raw[:4] != key_id:
            continue
        try:
            public_key.verify(raw[4:], text)
        except InvalidSignature:
            return False
        verified = True
    return verified


def checkpoint_inclusion_ok(vkey, note, index, proof_size, leaf, proof):
    if not note_ok(vkey, note):
        return False
    origin, size, root_b64 = note.split("\n")[:3]
    size, root = int(size), base64.b64decode(root_b64, validate=True).hex()
    # The proof's own size proves nothing: only the signed tree counts.
    return proof_size == size and inclusion_ok(index, size, leaf, proof, root)


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        cases = json.load(file)
    table = cases.get("hashes", [])
    counts = {"inclusion": 0, "consistency": 0, "notes": 0,
              "validInclusion": 0, "validConsistency": 0, "validNotes": 0}
    mismatches = []
    for index, size, leaf, proof, root, expected in cases.get("inclusion", []):
        counts["inclusion"] += 1
        proof = [table[ref] for ref in proof]
        ok = inclusion_ok(index, size, table[leaf], proof, table[root])
        counts["validInclusion"] += ok
        if ok != expected:
            mismatches.append(f"inclusion index={index} size={size} expected valid={expected}")
    for size1, size2, proof, root1, root2, expected in cases.get("consistency", []):
        counts["consistency"] += 1
        proof = [table[ref] for ref in proof]
        ok = consistency_ok(size1, size2, proof, table[root1], table[root2])
        counts["validConsistency"] += ok
        if ok != expected:
            mismatches.append(f"consistency {size1}->{size2} expected valid={expected}")
    for vkey, note, expected in cases.get("notes", []):
        counts["notes"] += 1
        try:
            ok = note_ok(vkey, note)
        except Exception:  # malformed base64 or key: not valid
            ok = False
        counts["validNotes"] += ok
        if ok != expected:
            mismatches.append(f"note by {vkey.split('+')[0]} expected valid={expected}: {note!r}")
    counts["checkpointInclusion"] = counts["validCheckpointInclusion"] = 0
    for vkey, note, index, proof_size, leaf, proof, expected in cases.get("checkpointInclusion", []):
        counts["checkpointInclusion"] += 1
        try:
            ok = checkpoint_inclusion_ok(vkey, note, index, proof_size, table[leaf], [table[ref] for ref in proof])
        except Exception:  # a malformed note or key: not valid
            ok = False
        counts["validCheckpointInclusion"] += ok
        if ok != expected:
            mismatches.append(f"checkpoint inclusion index={index} proofSize={proof_size} expected valid={expected}")
    counts["mismatches"] = len(mismatches)
    for line in mismatches[:20]:
        print(f"transparency_check: {line}", file=sys.stderr)
    print(json.dumps(counts))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
