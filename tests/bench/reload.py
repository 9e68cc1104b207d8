#!/usr/bin/env python3
"""Time from saving a page to `pthv serve` answering with the rebuilt page.

    python3 tests/bench/reload.py              # the real site and a 1,000-page synthetic one
    python3 tests/bench/reload.py --edits 30

For each site (copied to a temporary folder, in memory where there is a tmpfs), starts
`pthv serve` (release build), then repeats two kinds of edit:

- text: a sentence in a page's body changes (only that page is rendered again);
- title: the page's title changes (menus and lists change too: the whole site is).

Each edit writes the file, then asks for the page every millisecond until the answer
holds the new words. Reports the median and 90th percentile of that wall time (which
includes noticing the change and the watcher's settling pause), and of the rebuild time
`serve` prints in the terminal.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_site  # noqa: E402

REBUILT = re.compile(r"^(?:Rebuilt|Updated) .* in ([0-9.]+) ms")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url) as r:
        return r.read().decode()


class Serve:
    def __init__(self, pthv, root, data):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.rebuilds = []
        self.proc = subprocess.Popen(
            [pthv, "--root", root, "serve", "--port", str(self.port), "--data-dir", data],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        for _ in range(600):
            try:
                fetch(self.url)
                return
            except OSError:
                time.sleep(0.05)
        sys.exit("pthv serve did not start")

    def _read(self):
        for line in self.proc.stderr:
            m = REBUILT.match(line)
            if m:
                self.rebuilds.append(float(m.group(1)))
            elif "error:" in line:
                print(line, end="", file=sys.stderr)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def timed_edit(path, old, new, url, marker):
    """Writes `path` with `old` replaced by `new`; seconds until `url` shows `marker`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, f"{old!r} is not in {path}"
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
    deadline = start + 10
    while marker not in fetch(url):
        if time.perf_counter() > deadline:
            sys.exit(f"{url} never showed {marker!r}")
        time.sleep(0.001)
    return time.perf_counter() - start


def measure(name, pthv, root, page, url_path, body_words, title_line, edits):
    data = tempfile.mkdtemp()
    serve = Serve(pthv, root, data)
    path = os.path.join(root, page)
    url = serve.url + url_path
    rows = []
    for kind in ("text", "title"):
        waits = []
        first = len(serve.rebuilds)
        current_body, current_title = body_words, title_line
        for i in range(edits):
            marker = f"edit{kind}{i}x"
            if kind == "text":
                new = f"{body_words} {marker}"
                waits.append(timed_edit(path, current_body, new, url, marker))
                current_body = new
            else:
                new = f'title = "Edited {marker}"'
                waits.append(timed_edit(path, current_title, new, url, marker))
                current_title = new
            time.sleep(0.05)  # let the watcher settle before the next save
        # Put the page back for the other kind of edit.
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(current_body, body_words).replace(current_title, title_line))
        time.sleep(0.3)
        rebuilds = serve.rebuilds[first:first + edits]
        rows.append((name, kind, waits, rebuilds))
    serve.stop()
    shutil.rmtree(data, ignore_errors=True)
    return rows


def ms(values, q):
    """The q-th percentile (50 or 90) of `values`."""
    return statistics.median(values) if q == 50 else statistics.quantiles(values, n=10)[8]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edits", type=int, default=20)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "pthv"], cwd=ROOT, check=True)
    pthv = os.path.join(ROOT, "target", "release", "pthv")
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="pthv-reload-", dir=base)
    try:
        real = os.path.join(work, "real")
        os.makedirs(real)
        for part in ("config.toml", "content", "themes"):
            src = os.path.join(ROOT, part)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(real, part))
        synthetic = os.path.join(work, "synthetic")
        gen_site.generate(synthetic, 1000, 10)
        synthetic = os.path.join(synthetic, "pthv")

        with open(os.path.join(real, "content/en/training/first-visit.md"), encoding="utf-8") as f:
            real_text = f.read()
        real_title = next(line for line in real_text.splitlines() if line.startswith("title = "))
        with open(os.path.join(synthetic, "content/en/s004/p00020.md"), encoding="utf-8") as f:
            synth_text = f.read()
        synth_title = next(line for line in synth_text.splitlines() if line.startswith("title = "))
        synth_words = next(line for line in synth_text.splitlines() if line.startswith("- "))

        rows = measure("real site", pthv, real, "content/en/training/first-visit.md", "training/first-visit/",
                       "Good follow-up questions:", real_title, a.edits)
        rows += measure("1,000 pages", pthv, synthetic, "content/en/s004/p00020.md", "s004/p00020/",
                        synth_words, synth_title, a.edits)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"pthv serve, {a.edits} edits each; milliseconds; {os.cpu_count()} cores\n")
    print(f"{'site':<12} {'edit':<6} {'rebuild p50':>11} {'rebuild p90':>11} {'saved→served p50':>16} {'p90':>6}")
    for name, kind, waits, rebuilds in rows:
        waits = [w * 1000 for w in waits]
        print(f"{name:<12} {kind:<6} {ms(rebuilds, 50):>11.1f} {ms(rebuilds, 90):>11.1f} "
              f"{ms(waits, 50):>16.1f} {ms(waits, 90):>6.1f}")


if __name__ == "__main__":
    main()
