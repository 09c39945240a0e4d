#!/usr/bin/env python3
"""score explains its labels and scores truncated replies on what they hold (issue 11, item 1).

A small run database (tables as tests/e2e/test_report.py copies them from rundb.c): `score`
stores, per gold row, why it got its label in scores.why, and `show RUN ID` prints it; a
truncated reply whose answer is complete scores 1 and keeps its `truncated` flag; a run whose
scores table predates the `why` column gets the column and is scored.

usage: test_score_why.py HOLOBENCH SOURCE_ROOT"""
import json
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


GOLD = {"columns": ["name", "price"], "rows": [["Basalt Kettle", 120], ["Cedar Desk", 95]],
        "ordered": False, "ambiguous": False}
REPLIES = [  # id, reply, truncated
    ("a", "Answer:\n- Basalt Kettle: $120\n- Cedar Desk: $59", 0),
    ("b", "Answer:\n- Basalt Kettle: 120\n- Cedar Desk: 95\n\nReasoning: I compared the pri", 1),
]


def make(tmp, old_scores):
    suite, run = os.path.join(tmp, "suite.jsonl"), os.path.join(tmp, "run.sqlite")
    with open(suite, "w") as f:
        for iid, _, _ in REPLIES:
            f.write(json.dumps({"id": iid, "question": "q", "gold": GOLD, "rows": [],
                                "row_templates": [], "context": "x"}) + "\n")
    con = sqlite3.connect(run)
    con.executescript(H.run_ddl())
    con.executemany("INSERT INTO run VALUES (?, ?)",
                    [("schema_version", "1"), ("model", "m"), ("suite_path", suite)])
    con.executemany("INSERT INTO instances(id, status, reply, truncated, refused) "
                    "VALUES (?, 'done', ?, ?, 0)", REPLIES)
    if old_scores:  # the table as runs scored before labels were explained have it
        con.execute("CREATE TABLE scores (id TEXT NOT NULL, scorer TEXT NOT NULL, score REAL, "
                    "recall REAL, precision REAL, f1 REAL, order_ok INTEGER, items INTEGER, "
                    "unmatched INTEGER, says_none INTEGER, extraction TEXT, flag TEXT, "
                    "labels TEXT, gold_hash TEXT, scored_at TEXT, PRIMARY KEY (id, scorer))")
    con.commit()
    con.close()
    return run


def main():
    for old in (0, 1):
        with tempfile.TemporaryDirectory() as tmp:
            run = make(tmp, old)
            p = H.run(binary, ["score", run])
            check(p.rc == 0, p.describe())
            con = sqlite3.connect(run)
            rows = {r[0]: r[1:] for r in con.execute(
                "SELECT id, score, flag, labels, why FROM scores")}
            con.close()
            a, b = rows.get("a"), rows.get("b")
            check(a and a[2] == '["exact","partial"]' and json.loads(a[3] or "[]")[1].find(
                "price") >= 0, f"labels and why of a wrong price (old table {old}): {a}")
            check(b and b[0] == 1 and b[1] == "truncated",
                  f"a truncated reply with a complete answer scores 1, flag kept: {b}")
            s = H.run(binary, ["show", run, "a"])
            check(s.rc == 0 and "why" in s.out and "row 2:" in s.out and "lacks price" in s.out,
                  "show RUN ID prints why each row got its label:\n" + s.out)
    if failures:
        sys.exit(1)
    print("ok")


main()
