#!/usr/bin/env python3
"""Generation benchmark: prints instances/s, MB/s and peak RSS for a grid on the bundled
schemas, next to a baseline measured in the same run (copying the produced suite, i.e. the
cost of the output I/O alone), so the figures compare across machines as ratios.

usage: bench/bench_generate.py [BINARY [ROOT]]   (defaults: build/holobench, .)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd):
    """Runs cmd; returns (seconds, peak RSS in MB) of that child alone."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return secs, ru.ru_maxrss / 1024.0


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/holobench"
    root = sys.argv[2] if len(sys.argv) > 2 else "."
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'grid':<34} {'inst':>6} {'MB':>8} {'s':>7} {'inst/s':>8} {'MB/s':>8} "
              f"{'RSS MB':>7} {'vs copy':>8}")
        for name, flags in [
            ("quick preset", ["--preset", "quick"]),
            ("paper preset", ["--preset", "paper"]),
            ("paper preset, 3 seeds", ["--preset", "paper", "--seeds", "3"]),
        ]:
            out = os.path.join(tmp, "suite.jsonl")
            secs, rss = run([binary, "generate", "-q", "--root", root, *flags, "-o", out])
            size = os.path.getsize(out) / 1e6
            n = count_lines(out)
            t0 = time.perf_counter()
            shutil.copyfile(out, out + ".copy")  # baseline: the output's I/O alone
            with open(out + ".copy", "rb") as f:
                os.fsync(f.fileno())
            base = time.perf_counter() - t0
            print(f"{name:<34} {n:>6} {size:>8.1f} {secs:>7.2f} {n / secs:>8.0f} "
                  f"{size / secs:>8.1f} {rss:>7.1f} {secs / base:>7.1f}x")
            os.unlink(out + ".copy")


if __name__ == "__main__":
    main()
