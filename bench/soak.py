#!/usr/bin/python3
"""Mixed hostile load against a running `digits serve`, on loopback, for a bounded time (bench/soak.sh runs it).

    soak.py URL SERVER_PID SECONDS BODIES_FOLDER

Three client processes (steady traffic, abuse, bursts), each with its own event loop so that one's work does not
delay another's timings, run these for the whole time:
  pixels        well-formed drawings, 4 clients back to back            expect 200
  photo         1 MP JPEG uploads, 1 client                             expect 200 (503 + Retry-After when full)
  oversize      a PNG header of 100,000 x 100,000 / an 11 MB body        expect 413
  truncated     a JPEG cut at two thirds                                 expect 400
  not-image     a text file uploaded as a photo                          expect 415
  bad-json      malformed JSON, wrong shapes, out-of-range values        expect 400
  huge-json     a 9 MB drawing body                                      expect 413
  slow-body     a body sent a byte a second                              expect the server to cut it off
  slow-headers  headers sent a byte a second (slowloris)                 expect the server to cut it off
  burst         every 30 s, 150 drawings and 16 photos at once           expect 200 or 503 + Retry-After
Prints requests by kind and status, p50 and p99 per kind (as the client saw them), the p99 of well-formed drawings
during bursts as the client and as the server timed them, the server's resident memory at start, middle and end,
and the verdict against the targets; exits 1 when a target is missed.
"""
import asyncio
import multiprocessing
import os
import random
import sys
import time
from collections import defaultdict

url, server_pid, seconds, bodies = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
host, port = url.split("//")[1].split(":")
port = int(port)

results = defaultdict(list)    # kind -> [(status, milliseconds, retry_after_given, started, ended, server_ms)]
bursts_seen = []               # (started, ended) of each burst, time.monotonic() (the same clock in every process)
memory = {}
deadline = 0.0


def read(name):
    with open(os.path.join(bodies, name), "rb") as f:
        return f.read()


def resident_mb():
    with open(f"/proc/{server_pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def exchange(method, path, content_type, body, timeout=60.0):
    """One request on a fresh connection; returns (status, headers) or ('closed'|'timeout', {})."""
    reader = writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        head = (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        writer.write(head + body)
        await writer.drain()
        return await asyncio.wait_for(response(reader), timeout)
    except asyncio.TimeoutError:
        return "timeout", {}
    except (ConnectionError, OSError):
        # The server may answer early (413) and close while the body is still being written: read what it said.
        if reader is not None:
            try:
                return await asyncio.wait_for(response(reader), 5)
            except Exception:
                pass
        return "closed", {}
    finally:
        if writer is not None:
            writer.close()


async def response(reader):
    status_line = await reader.readline()
    if not status_line:
        return "closed", {}
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.read()  # Connection: close, so the body ends with the connection
    headers["body"] = body
    return status, headers


def server_ms(headers):
    """The server's own time for the request (the "total" timing recognition answers carry), or None."""
    body = headers.get("body", b"")
    at = body.rfind(b'"total":')
    if at < 0:
        return None
    end = at + 8
    while end < len(body) and body[end:end + 1] in b"0123456789.eE+-":
        end += 1
    try:
        return float(body[at + 8:end])
    except ValueError:
        return None


async def timed(kind, method, path, content_type, body):
    start = time.monotonic()
    status, headers = await exchange(method, path, content_type, body)
    end = time.monotonic()
    results[kind].append((status, (end - start) * 1000, "retry-after" in headers, start, end, server_ms(headers)))
    return status


def multipart(data, name="photo.jpg", content_type="image/jpeg"):
    boundary = "soakboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


async def pixels_client(drawings):
    while time.monotonic() < deadline:
        await timed("pixels", "POST", "/api/recognize/pixels", "application/json", random.choice(drawings))
        await asyncio.sleep(random.uniform(0.002, 0.02))


async def photo_client(photo):
    kind, body = multipart(photo)
    while time.monotonic() < deadline:
        await timed("photo", "POST", "/api/recognize", kind, body)
        await asyncio.sleep(random.uniform(0.1, 0.3))


async def abuse_client(photo):
    png_header = read("huge-header.png")
    truncated = photo[: len(photo) * 2 // 3]
    huge_json = b'{"pixels": [' + b"0, " * 3_000_000 + b"0]}"
    bad_bodies = [b"{bad json", b'{"pixels": [1, 2, 3]}', b'{"other": 1}', b'{"pixels": "seven"}',
                  b'{"pixels": [' + b"300, " * 783 + b"300]}", b"", b"[]", b"\xff\xfe\x00"]
    eleven_mb = os.urandom(11 * 1024 * 1024)
    cases = [
        ("oversize", "/api/recognize", *multipart(png_header, "huge.png", "image/png")),
        ("oversize", "/api/recognize", "image/jpeg", eleven_mb),
        ("truncated", "/api/recognize", *multipart(truncated)),
        ("not-image", "/api/recognize", *multipart(b"these are not the pixels you are looking for\n" * 20, "notes.txt", "text/plain")),
        ("huge-json", "/api/recognize/pixels", "application/json", huge_json),
    ]
    while time.monotonic() < deadline:
        kind, path, content_type, body = random.choice(cases)
        await timed(kind, "POST", path, content_type, body)
        await timed("bad-json", "POST", "/api/recognize/pixels", "application/json", random.choice(bad_bodies))
        await asyncio.sleep(random.uniform(0.1, 0.4))


async def slow_client(kind):
    """Sends a request a byte a second; records how long the server waited and how it ended it."""
    while time.monotonic() < deadline - 15:  # a header dribble is cut off after 10 s; none is left open at the end
        start = time.monotonic()
        reader = writer = None
        outcome = "open at the end"
        try:
            reader, writer = await asyncio.open_connection(host, port)
            body = b'{"pixels": [' + b"0, " * 783 + b"0]}"
            head = (f"POST /api/recognize/pixels HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            if kind == "slow-body":
                writer.write(head)
                dribble = body
            else:
                dribble = head + body
            for i in range(len(dribble)):
                if time.monotonic() > deadline:
                    break
                writer.write(dribble[i:i + 1])
                await writer.drain()
                try:
                    status, _ = await asyncio.wait_for(response(reader), 1.0)
                    outcome = status
                    break
                except asyncio.TimeoutError:
                    continue
        except (ConnectionError, OSError):
            outcome = "closed"
        finally:
            if writer is not None:
                writer.close()
        results[kind].append((outcome, (time.monotonic() - start) * 1000, False, start, time.monotonic(), None))


async def bursts(drawings, photo):
    photo_type, photo_body = multipart(photo)
    await asyncio.sleep(15)
    while time.monotonic() < deadline - 10:
        started = time.monotonic()
        jobs = [timed("burst pixels", "POST", "/api/recognize/pixels", "application/json", random.choice(drawings)) for _ in range(150)]
        jobs += [timed("burst photos", "POST", "/api/recognize", photo_type, photo_body) for _ in range(16)]
        await asyncio.gather(*jobs)
        bursts_seen.append((started, time.monotonic()))
        await asyncio.sleep(30)


async def memory_probe():
    memory["start"] = resident_mb()
    await asyncio.sleep(max(0.0, (deadline - time.monotonic()) / 2))
    memory["middle"] = resident_mb()
    await asyncio.sleep(max(0.0, deadline - time.monotonic() - 1))
    memory["end"] = resident_mb()


async def role(name):
    drawings = [line for line in read("drawings.jsonl").splitlines() if line.strip()]
    photo = read("photo.jpg")
    if name == "steady":
        await asyncio.gather(*(pixels_client(drawings) for _ in range(4)), photo_client(photo))
    elif name == "abuse":
        await asyncio.gather(abuse_client(photo), slow_client("slow-body"), slow_client("slow-body"),
                             slow_client("slow-headers"), slow_client("slow-headers"))
    else:
        await bursts(drawings, photo)


def run_role(name, end, out):
    """One client process: its traffic until `end`, then its results through the pipe."""
    global deadline
    deadline = end
    random.seed(name)
    asyncio.run(role(name))
    out.send((dict(results), bursts_seen))
    out.close()


def main():
    global deadline
    deadline = time.monotonic() + seconds
    pipes, workers = [], []
    for name in ("steady", "abuse", "burst"):
        receive, send = multiprocessing.Pipe(duplex=False)
        worker = multiprocessing.Process(target=run_role, args=(name, deadline, send))
        worker.start()
        pipes.append(receive)
        workers.append(worker)
    asyncio.run(memory_probe())
    for receive, worker in zip(pipes, workers):
        part, windows = receive.recv()
        worker.join()
        for kind, rows in part.items():
            results[kind].extend(rows)
        bursts_seen.extend(windows)


EXPECTED = {
    "pixels": {200, 503}, "photo": {200, 503}, "burst pixels": {200, 503}, "burst photos": {200, 503},
    "oversize": {413}, "truncated": {400}, "not-image": {415}, "bad-json": {400}, "huge-json": {413},
    "slow-body": {408, "closed"}, "slow-headers": {408, "closed"},
}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


main()

failures = []
print(f"| traffic | requests | answers | p50 (ms) | p99 (ms) | as expected |")
print(f"| --- | --- | --- | --- | --- | --- |")
for kind in EXPECTED:
    rows = results.get(kind, [])
    counts = defaultdict(int)
    for status, *_ in rows:
        counts[status] += 1
    answered = ", ".join(f"{s}: {n:,}" for s, n in sorted(counts.items(), key=lambda kv: str(kv[0])))
    unexpected = sum(n for s, n in counts.items() if s not in EXPECTED[kind])
    no_retry = sum(1 for s, _, retry, *_ in rows if s == 503 and not retry)
    times = [ms for _, ms, *_ in rows]
    ok = unexpected == 0 and no_retry == 0 and len(rows) > 0
    note = "yes" if ok else f"NO: {unexpected} unexpected, {no_retry} 503 without Retry-After"
    print(f"| {kind} | {len(rows):,} | {answered} | {percentile(times, 50):.1f} | {percentile(times, 99):.1f} | {note} |")
    if not ok:
        failures.append(f"{kind}: {note}")

all_statuses = [row[0] for rows in results.values() for row in rows]
errors_500 = sum(1 for s in all_statuses if isinstance(s, int) and s >= 500 and s != 503)


def during_burst(started, ended):
    return any(started < b_end and ended > b_start for b_start, b_end in bursts_seen)


steady = results["pixels"]
pixel_ok = [ms for s, ms, *_ in steady if s == 200]
pixel_burst = [ms for s, ms, _, started, ended, _ in steady if s == 200 and during_burst(started, ended)]
refused_burst = sum(1 for s, _, _, started, ended, _ in steady if s == 503 and during_burst(started, ended))
server_ok = [server for s, _, _, _, _, server in steady if s == 200 and server is not None]
server_burst = [server for s, _, _, started, ended, server in steady if s == 200 and server is not None and during_burst(started, ended)]
p99 = percentile(pixel_ok, 99)
p99_burst = percentile(pixel_burst, 99)
growth = (memory["end"] - memory["middle"]) / memory["middle"] * 100
print()
print(f"well-formed drawings answered 200, p99 as the client saw it: {p99:.1f} ms over the whole run, "
      f"{p99_burst:.1f} ms during the {len(bursts_seen)} bursts ({len(pixel_burst):,} requests; {refused_burst} refused with 503 then)")
print(f"the same, as the server timed them: p99 {percentile(server_ok, 99):.1f} ms over the whole run, {percentile(server_burst, 99):.1f} ms during bursts")
print(f"server resident memory: start {memory['start']:.0f} MB, middle {memory['middle']:.0f} MB, end {memory['end']:.0f} MB ({growth:+.1f}% from the middle)")
print(f"5xx other than 503: {errors_500}")
if errors_500:
    failures.append(f"{errors_500} responses of 5xx other than 503")
if not p99 < 100 or not (p99_burst < 100 or not pixel_burst):
    failures.append(f"pixel p99 {p99:.1f} ms / {p99_burst:.1f} ms during bursts is not under 100 ms")
if abs(growth) > 15:
    failures.append(f"memory at the end is {growth:+.1f}% from the middle (target within 15%)")
print("verdict: " + ("every target met" if not failures else "MISSED: " + "; ".join(failures)))
sys.exit(1 if failures else 0)
