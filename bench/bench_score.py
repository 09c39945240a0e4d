#!/usr/bin/env python3
"""Scoring benchmark: 100,000 replies scored by `holobench score` against the 5 s target.

Makes a suite of N small instances (gold of 1-5 rows of a name and a number, the shapes the
bundled queries produce) and a run database whose replies answer them in varied styles
(lists, prose, tables, wrong numbers, extra items, "No answer"), with python's sqlite3 and
the run tables as tests/e2e/test_report.py copies them from rundb.c.  Baseline measured in
the same run: the time python's json module takes to read the same suite, so the figure
compares across machines as a ratio.

With --baseline OTHER_BINARY (e.g. a build of an older commit in a temp folder), the same run
is also scored by OTHER_BINARY (on a fresh copy of the database), the two binaries taking turns
twice each since the first to run pays for a cold cache, and the best CPU time (user + system
of the child, which a loaded machine distorts less than wall time) and the best wall time of
each are printed with their ratios (`score` uses every CPU, so wall time is the one the target
is about, CPU time the one that shows the work done).

usage: bench/bench_score.py [BINARY [N]] [--baseline OTHER_BINARY]
       (defaults: build/holobench, 100000)
"""
import importlib.util
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_S = 5.0
_spec = importlib.util.spec_from_file_location(
    "test_report", os.path.join(HERE, "..", "tests", "e2e", "test_report.py"))
_tr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tr)


def reply_for(rows, rnd):
    style = rnd.randrange(5)
    lines = ["%s, %s" % (n, v) for n, v in rows]
    if style == 0:
        body = "\n".join("- " + x for x in lines)
    elif style == 1:
        body = "The wines are " + "; ".join(lines) + "."
    elif style == 2:
        body = "| name | value |\n|---|---|\n" + "\n".join("| %s | %s |" % r for r in rows)
    elif style == 3:
        body = "\n".join("%d. %s, %s" % (i + 1, n, v + 1) for i, (n, v) in enumerate(rows))
    else:
        body = "No answer"
    return "Reasoning: I read the sentences and counted. " * 20 + "\n\nAnswer:\n" + body


def timed(binary, run):
    """Scores run with binary: (wall seconds, child CPU seconds, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([binary, "score", run], capture_output=True, text=True)
    secs = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        sys.exit(p.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return secs, cpu, p.stderr.strip()


def main():
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return 0
    args = sys.argv[1:]
    other = None
    if "--baseline" in args:
        k = args.index("--baseline")
        other = os.path.abspath(args[k + 1])
        del args[k:k + 2]
    binary = os.path.abspath(args[0] if args else "build/holobench")
    n = int(args[1]) if len(args) > 1 else 100000
    rnd = random.Random(3)
    keep = os.environ.get("HB_BENCH_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = keep or tmp
        suite, run = os.path.join(tmp, "suite.jsonl"), os.path.join(tmp, "run.sqlite")
        con = sqlite3.connect(run)
        con.executescript(_tr.RUN_DDL)
        con.executemany("INSERT INTO run VALUES (?, ?)",
                        [("schema_version", "1"), ("model", "bench"), ("suite_path", suite)])
        with open(suite, "w") as f:
            batch = []
            for k in range(n):
                rows = [("Chateau %d" % rnd.randrange(10000), rnd.randrange(100))
                        for _ in range(rnd.randrange(1, 6))]
                iid = "b-%06d" % k
                f.write(json.dumps({"id": iid, "question": "q", "gold": {
                    "columns": ["name", "n"], "rows": [list(r) for r in rows],
                    "ordered": k % 3 == 0, "ambiguous": False}, "rows": [], "row_templates": [],
                    "context": "x"}) + "\n")
                batch.append((iid, "done", reply_for(rows, rnd)))
            con.executemany("INSERT INTO instances(id, status, reply, truncated, refused) "
                            "VALUES (?, ?, ?, 0, 0)", batch)
        con.commit()
        con.close()
        t0 = time.perf_counter()
        with open(suite) as f:
            for line in f:
                json.loads(line)
        base = time.perf_counter() - t0
        if other:
            shutil.copyfile(run, run + ".orig")
        secs, cpu, err = timed(binary, run)
        print(f"score {n} replies: {secs:.2f} s (target < {TARGET_S} s), "
              f"{n / secs:.0f} replies/s, CPU {cpu:.2f} s; baseline python json.loads of the "
              f"suite {base:.2f} s (ratio {secs / base:.2f})")
        print(err)
        if other:
            # Whichever binary runs first pays for a cold page cache, so the two alternate, each
            # on a fresh copy of the run, and each keeps its best of two.
            best = {binary: cpu, other: None}
            wall = {binary: secs, other: None}
            for b in (other, binary, other):
                shutil.copyfile(run + ".orig", run)
                w, c, _ = timed(b, run)
                best[b] = c if best[b] is None else min(best[b], c)
                wall[b] = w if wall[b] is None else min(wall[b], w)
            print(f"baseline binary {other}: CPU {best[other]:.2f} s, wall {wall[other]:.2f} s "
                  f"(best of two); this binary CPU {best[binary]:.2f} s, wall {wall[binary]:.2f} s "
                  f"(best of two); ratio this/baseline CPU {best[binary] / best[other]:.2f}, "
                  f"wall {wall[binary] / wall[other]:.2f}")


if __name__ == "__main__":
    main()
