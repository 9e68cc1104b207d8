#!/usr/bin/env python3
"""pthv build against Hugo on the same synthetic site, side by side in one run.

    python3 tests/bench/bench.py                 # the three shapes of the issue
    python3 tests/bench/bench.py --shape 1000:10 --runs 5

For each shape: generate the site, then alternate the two tools RUNS times (after one
warm-up each), timing wall clock and reading peak memory (max RSS) of each run.
Reports medians and the ratio Hugo / pthv. Needs `hugo` (Debian's package) and builds
pthv in release mode.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_site  # noqa: E402


def run(cmd, cwd, out):
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[0]} failed:\n{err}")
    return elapsed, usage.ru_maxrss / 1024  # KiB → MiB


def count_html(out):
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", action="append", help="PAGES:SECTIONS, repeatable")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    shapes = [tuple(map(int, s.split(":"))) for s in (a.shape or ["1000:10", "10000:10", "1000:20", "10000:200"])]

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "pthv"], cwd=ROOT, check=True)
    pthv = os.path.join(ROOT, "target", "release", "pthv")
    hugo = shutil.which("hugo") or sys.exit("hugo is not installed: apt-get install hugo")
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"pthv vs Hugo {version}; {os.cpu_count()} cores; median of {a.runs} runs after a warm-up\n")
    print(f"{'pages':>6} {'sections':>8} {'pthv s':>8} {'hugo s':>8} {'hugo/pthv':>9} {'pthv MiB':>9} {'hugo MiB':>9}")

    results = []
    for pages, sections in shapes:
        # Outputs go to memory (tmpfs) where there is one: on this kind of machine disk
        # write-back made timings swing by several times between identical runs.
        out_base = "/dev/shm" if os.path.isdir("/dev/shm") else None
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory(dir=out_base) as outs:
            gen_site.generate(tmp, pages, sections)
            p_dir, h_dir = os.path.join(tmp, "pthv"), os.path.join(tmp, "hugo")
            p_out, h_out = os.path.join(outs, "pthv"), os.path.join(outs, "hugo")
            p_cmd = [pthv, "--root", p_dir, "build", "--out", p_out]
            h_cmd = [hugo, "--quiet", "--source", h_dir, "--destination", h_out]
            times = {"pthv": [], "hugo": []}
            mems = {"pthv": [], "hugo": []}
            run(p_cmd, p_dir, p_out)
            run(h_cmd, h_dir, h_out)
            for _ in range(a.runs):
                for name, cmd, cwd, out in (("pthv", p_cmd, p_dir, p_out), ("hugo", h_cmd, h_dir, h_out)):
                    t, m = run(cmd, cwd, out)
                    times[name].append(t)
                    mems[name].append(m)
            pt, ht = statistics.median(times["pthv"]), statistics.median(times["hugo"])
            pm, hm = max(mems["pthv"]), max(mems["hugo"])
            pages_out = (count_html(p_out), count_html(h_out))
            results.append((pages, sections, pt, ht))
            print(f"{pages:>6} {sections:>8} {pt:>8.3f} {ht:>8.3f} {ht / pt:>8.1f}x {pm:>9.0f} {hm:>9.0f}   (html files: pthv {pages_out[0]}, hugo {pages_out[1]})")
            sys.stdout.flush()

    # Scaling: 10x the pages with the same pages per section (so each page's own HTML
    # stays the same size), and with the same sections (each page lists 10x siblings).
    by_shape = {(p, s): t for p, s, t, _ in results}
    for (p, s), t in by_shape.items():
        for (q, r), t0 in by_shape.items():
            if q * 10 == p and (r * 10 == s or r == s):
                kind = "same pages per section" if r * 10 == s else "same sections, 10x siblings per page"
                print(f"scaling: {p}:{s} takes {t / t0:.1f}x the time of {q}:{r} ({kind})")


if __name__ == "__main__":
    main()
