#!/usr/bin/env python3
"""Cold start of the Lambda binary: from starting the process to its first answer.

    python3 tests/bench/coldstart.py            # 30 starts
    python3 tests/bench/coldstart.py --runs 100

Builds `visit-requests` with the Lambda release profile, then starts it again and again
outside Lambda (it then serves the same router on 127.0.0.1:$PORT), each time asking
`/api/health` as soon as the port takes connections. The time covers what a Lambda cold
start runs before the first request: loading the binary, parsing the embedded form,
reading the settings and building the DynamoDB client. Reports the median and 90th
percentile, and the stripped binary's size.
"""
import argparse
import os
import socket
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROFILE = "release-lambda"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_answer(binary, env):
    """Seconds from starting `binary` to the end of its first HTTP answer."""
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([binary], env={**env, "PORT": str(port)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    answer = b""
                    while chunk := s.recv(4096):
                        answer += chunk
                elapsed = time.perf_counter() - start
                assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
                return elapsed
            except ConnectionRefusedError:
                if proc.poll() is not None:
                    raise SystemExit("visit-requests stopped before answering")
                time.sleep(0.0002)
    finally:
        proc.kill()
        proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--quiet", "--locked", "--profile", PROFILE, "-p", "pthv-handler",
                    "--bin", "visit-requests"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", PROFILE, "visit-requests")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PTHV_SECRET": "a benchmark secret of more than thirty-two characters",
        "REQUESTS_TABLE": "requests", "GUARDS_TABLE": "guards",
        "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_EC2_METADATA_DISABLED": "true", "RUST_LOG": "warn",
    }
    first_answer(binary, env)  # warm the page cache, as a reused Lambda host would be
    times = [first_answer(binary, env) * 1000 for _ in range(a.runs)]
    size = os.path.getsize(binary) / (1024 * 1024)
    p90 = statistics.quantiles(times, n=10)[8]
    print(f"visit-requests ({PROFILE}, stripped): {size:.1f} MiB")
    print(f"start to first answer, {a.runs} starts: median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms")


if __name__ == "__main__":
    main()
