#!/usr/bin/env python3
"""Two builds of holobench (another compiler, other flags) must write the same bytes: the drawn
data of every bundled schema at a few scales and seeds, and a generated suite. Floating point
in the draws (normal, log-normal, Zipf, rounding) is where builds could differ, through fused
multiply-add or a different libm: the project builds with -ffp-contract=off and its own exp
and log (src/base/detmath.c) so that they cannot.

usage: compare.py HOLOBENCH_A HOLOBENCH_B SOURCE_ROOT     (exit 0: identical; 1: differences)
"""
import filecmp
import os
import subprocess
import sys
import tempfile

DRAWS = [("1", "1"), ("2.5", "7"), ("0.3", "12345")]


def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("FAIL: %s %s exited %d: %s" % (binary, " ".join(args), p.returncode, p.stderr))


def differing(a, b):
    """Relative paths of files that differ or exist on one side only."""
    out = []
    for dirpath, _, files in os.walk(a):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), a)
            other = os.path.join(b, rel)
            if not os.path.exists(other) or not filecmp.cmp(os.path.join(a, rel), other, False):
                out.append(rel)
    for dirpath, _, files in os.walk(b):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), b)
            if not os.path.exists(os.path.join(a, rel)):
                out.append(rel)
    return sorted(set(out))


def outputs(binary, root, dest):
    schemas = sorted(d for d in os.listdir(os.path.join(root, "schemas"))
                     if os.path.exists(os.path.join(root, "schemas", d, "generate.json")))
    os.makedirs(dest)
    for s in schemas:
        for scale, seed in DRAWS:
            run(binary, ["data", s, "--root", root, "--scale", scale, "--data-seed", seed, "-q",
                         "-o", os.path.join(dest, "data-%s-%s-%s" % (s, scale, seed))])
    run(binary, ["generate", "--root", root, "--preset", "quick", "--scale", "2", "-q",
                 "-o", os.path.join(dest, "quick-scale2.jsonl")])
    return len(schemas)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    a, b, root = (os.path.abspath(x) for x in sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="hb-determinism-") as tmp:
        da, db = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        n = outputs(a, root, da)
        outputs(b, root, db)
        diff = differing(da, db)
    if diff:
        print("FAIL: the two builds wrote different bytes in %d files: %s" %
              (len(diff), ", ".join(diff[:10])))
        return 1
    print("identical: %d schemas x %d draws and a quick suite at scale 2" % (n, len(DRAWS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
