#!/usr/bin/env python3
"""score stores the same scores whatever the number of threads scoring the replies.

`score` scores replies a batch at a time on several threads while one thread reads and writes
the run.  A run of 1,300 instances (several batches) whose replies are the labelled set's,
with every kind of instance the reader tells apart (pending, not in the suite, failed,
refused, truncated, a reply with a NUL byte and ill-formed UTF-8), is scored with --jobs 1
and --jobs 3 on copies: the scores table (but for the time of scoring), the instances' score
columns, the summary and the warnings must be identical, and the scores must be the ones a
single thread gives.  --jobs outside 1..64 is a usage error.

usage: test_score_jobs.py HOLOBENCH SOURCE_ROOT"""
import json
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = sys.argv[1], sys.argv[2]
failures = 0
N = 1300


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


def cases():
    with open(os.path.join(src, "tests", "data", "score_labelled.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def make(tmp):
    """The suite and the run; instance k's kind follows k so that each batch holds them all."""
    cs = cases()
    suite, run = os.path.join(tmp, "suite.jsonl"), os.path.join(tmp, "run.sqlite")
    rows = []
    with open(suite, "w") as f:
        for k in range(N):
            c = cs[k % len(cs)]
            iid = "i%04d" % k
            if k % 97 != 5:  # these are not in the suite
                f.write(json.dumps({"id": iid, "question": "q", "gold": dict(c["gold"],
                                    ambiguous=False), "rows": [], "row_templates": [],
                                    "context": "x"}) + "\n")
            status, reply, trunc, refused = "done", c["reply"], 0, 0
            if k % 89 == 3:
                status, reply = "pending", None
            elif k % 83 == 7:
                status, reply = "failed", None
            elif k % 79 == 11:
                refused = 1
            elif k % 73 == 13:
                trunc = 1
            elif k % 71 == 17:
                reply = reply.encode() + b"\x00 and \xff\xfe bytes"
            rows.append((iid, status, reply, trunc, refused))
    con = sqlite3.connect(run)
    con.executescript(H.run_ddl())
    con.executemany("INSERT INTO run VALUES (?, ?)",
                    [("schema_version", "1"), ("model", "m"), ("suite_path", suite)])
    con.executemany("INSERT INTO instances(id, status, reply, truncated, refused) "
                    "VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return run


def stored(run):
    con = sqlite3.connect(run)
    cols = [r[1] for r in con.execute("PRAGMA table_info(scores)") if r[1] != "scored_at"]
    scores = con.execute("SELECT %s FROM scores ORDER BY id, scorer" % ", ".join(cols)).fetchall()
    inst = con.execute("SELECT id, score, labels, scorer, score_gold_hash FROM instances "
                       "ORDER BY id").fetchall()
    con.close()
    return scores, inst


def main():
    with tempfile.TemporaryDirectory() as tmp:
        base = make(tmp)
        got = {}
        for jobs in ("1", "3"):
            run = os.path.join(tmp, "run%s.sqlite" % jobs)
            shutil.copy(base, run)
            p = H.run(binary, ["score", run, "--jobs", jobs], timeout=240)
            check(p.rc == 0, p.describe())
            out = p.out.replace(run, "RUN")
            got[jobs] = (stored(run), out, p.err.replace(run, "RUN"))
        (s1, i1), out1, err1 = got["1"]
        (s3, i3), out3, err3 = got["3"]
        check(len(s1) > N * 9 // 10, "nearly every instance scored: %d rows" % len(s1))
        check(any(r for r in s1 if "repaired" in str(r)), "the repaired reply says so")
        diff = [(a, b) for a, b in zip(s1 + [None], s3 + [None]) if a != b][:1]
        check(not diff, "the scores table is the same on 1 and 3 threads: %s" % diff)
        check(i1 == i3, "the instances' scores are the same on 1 and 3 threads")
        check(out1 == out3, "the summary is the same:\n%s\n%s" % (out1, out3))
        check(err1 == err3 and err1.count("of the run is not in the suite") == len(range(5, N, 97)),
              "the same warnings, in the same order:\n%s\n%s" % (err1[:400], err3[:400]))
        for bad in ("0", "65", "two", "-1"):
            p = H.run(binary, ["score", base, "--jobs", bad])
            check(p.rc == 2 and "--jobs" in p.err, "--jobs %s is refused: %s" % (bad, p.describe()))
    if failures:
        sys.exit(1)
    print("ok")


main()
