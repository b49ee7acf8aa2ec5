#!/usr/bin/env python3
"""Drives an `albo witness serve` from several concurrent clients (C2SP tlog-witness).

    witness_race.py race   URL FIXTURE.json CLIENTS REQUESTS
    witness_race.py hammer URL FIXTURE.json
    witness_race.py size   URL FIXTURE.json

FIXTURE.json: {"checkpoints": {"<size>": "<signed note>"}, "proofs": {"<a>-<b>": ["<base64>", ...]}}
for a set of sizes of one log. Each request asks the witness to move from the size a client
believes it is at to a larger (or the same) size, with the right consistency proof; a 409
tells the client the witness's size.

race: REQUESTS requests spread over CLIENTS threads. Checks that the accepted moves (200)
form one chain, each starting where the previous ended (no rollback, no two moves from the
same size to different trees), and that the witness ends at the largest accepted size.
Prints a JSON summary; exit 0 when consistent, 1 otherwise.
hammer: one client, requests until the witness stops answering; prints "200 <size>" after
each cosignature, flushed, so a test can kill the witness mid-run.
size: prints the witness's size for the log (from a 409, or 0).
"""
import json
import random
import sys
import threading
import urllib.error
import urllib.request


def post(url, body):
    request = urllib.request.Request(url + "/add-checkpoint", data=body.encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Content-Type")


def request_body(fixture, old, new):
    proof = [] if old in (0, new) else fixture["proofs"][f"{old}-{new}"]
    return f"old {old}\n" + "".join(h + "\n" for h in proof) + "\n" + fixture["checkpoints"][str(new)]


def witness_size(url, fixture):
    sizes = sorted(int(s) for s in fixture["checkpoints"])
    status, body, _ = post(url, request_body(fixture, 0, sizes[0]))
    if status == 409:
        return int(body.strip())
    return sizes[0] if status == 200 else -1


def main():
    mode, url, fixture_path = sys.argv[1], sys.argv[2], sys.argv[3]
    fixture = json.load(open(fixture_path))
    sizes = sorted(int(s) for s in fixture["checkpoints"])
    if mode == "size":
        print(witness_size(url, fixture))
        return 0
    if mode == "hammer":
        believed = 0
        for _ in range(100000):
            target = random.choice([s for s in sizes if s >= believed] or [believed])
            try:
                status, body, _ = post(url, request_body(fixture, believed, target))
            except OSError:
                return 0
            if status == 200:
                believed = target
                print(f"200 {target}", flush=True)
            elif status == 409:
                believed = int(body.strip())
            else:
                print(f"unexpected {status} {body}", flush=True)
                return 1
        return 0
    clients, total = int(sys.argv[4]), int(sys.argv[5])
    accepted, statuses, lock = [], {}, threading.Lock()

    def client(count):
        believed = 0
        for _ in range(count):
            candidates = [s for s in sizes if s >= believed]
            target = random.choice(candidates) if candidates else believed
            status, body, content_type = post(url, request_body(fixture, believed, target))
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    accepted.append((believed, target))
            if status == 200:
                believed = target
            elif status == 409:
                if content_type != "text/x.tlog.size":
                    raise SystemExit(f"409 with Content-Type {content_type}")
                believed = int(body.strip())

    threads = [threading.Thread(target=client, args=(total // clients,)) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    moves = sorted([(a, b) for a, b in accepted if a < b], key=lambda m: m[1])
    chain_ok = all(moves[i][0] == (moves[i - 1][1] if i else 0) for i in range(len(moves)))
    ends = [b for _, b in accepted]
    final = witness_size(url, fixture)
    ok = chain_ok and final == max(ends, default=0) and set(statuses) <= {200, 409}
    print(json.dumps({"requests": sum(statuses.values()), "statuses": statuses, "moves": moves,
                      "final": final, "chain": chain_ok, "ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
