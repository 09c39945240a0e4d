#!/usr/bin/env python3
"""Generation benchmark on the bundled schemas: prints instances/s, MB/s and peak RSS for
several grids, next to baselines measured in the same run, so figures compare across
machines as ratios:
  - copy: copying the produced suite (the cost of the output's I/O alone);
  - paper preset: target under 10 s; `gold --check` on the same suite must take no longer;
  - one 1M-token instance: target under 1 s and 200 MB RSS;
  - four sizes of the same grid: time should grow linearly with the output size.

usage: bench/bench_generate.py [BINARY [ROOT]]   (defaults: build/holobench, .)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd, cwd):
    """Runs cmd; returns (seconds, peak RSS in MB) of that child alone."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return secs, ru.ru_maxrss / 1024.0


def copy_time(path):
    t0 = time.perf_counter()
    shutil.copyfile(path, path + ".copy")
    with open(path + ".copy", "rb") as f:
        os.fsync(f.fileno())
    secs = time.perf_counter() - t0
    os.unlink(path + ".copy")
    return secs


def lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def main():
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return 0
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/holobench")
    root = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "suite.jsonl")
        print(f"{'grid':<40} {'inst':>6} {'MB':>8} {'s':>7} {'inst/s':>8} {'MB/s':>7} "
              f"{'RSS MB':>7} {'vs copy':>8}")

        def row(name, flags):
            secs, rss = run([binary, "generate", "-q", *flags, "-o", out], root)
            size = os.path.getsize(out) / 1e6
            n = lines(out)
            base = copy_time(out)
            print(f"{name:<40} {n:>6} {size:>8.1f} {secs:>7.2f} {n / secs:>8.0f} "
                  f"{size / secs:>7.0f} {rss:>7.1f} {secs / base:>7.1f}x", flush=True)
            return secs, size

        row("quick preset", ["--preset", "quick"])
        gen, _ = row("paper preset (target < 10 s)", ["--preset", "paper"])
        t0 = time.perf_counter()
        secs, rss = run([binary, "gold", "-q", "--check", out], root)
        print(f"{'gold --check of the paper suite':<40} {'':>6} {'':>8} {secs:>7.2f} "
              f"{'':>8} {'':>7} {rss:>7.1f}   ratio to generate {secs / gen:.2f} "
              f"(target <= 1)")
        row("one 1M-token instance (< 1 s, < 200 MB)",
            ["--scale", "4", "--schemas", "wine", "--queries", "wine-q01", "--lengths", "1m",
             "--amount", "2k", "--positions", "uniform"])
        print("linearity: growing output over the same data; the marginal cost per MB (time "
              "added / MB added) should stay flat once the fixed cost of drawing the data is paid")
        prev = None
        for lengths in ("4k", "4k,16k", "4k,16k,64k", "4k,16k,64k,256k"):
            secs, size = row(f"  lengths {lengths} (scale 4)",
                             ["--scale", "4", "--schemas", "wine,store", "--lengths", lengths,
                              "--positions", "uniform"])
            if prev:
                print(f"{'':<40} marginal {(secs - prev[0]) / (size - prev[1]) * 1000:.2f} "
                      "ms per MB")
            prev = (secs, size)


if __name__ == "__main__":
    main()
