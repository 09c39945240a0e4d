#!/usr/bin/env python3
"""`holobench db` writes the loaded database; `generate --db` on that file gives the same
schema hash, contexts and gold as the schema folder it came from; the file opens in
python's sqlite3 with the CSV's rows (NULL vs empty string kept)."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

binary, src = sys.argv[1], sys.argv[2]
root = os.path.join(src, "tests", "data", "root")
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


def hb(*args, expect=0):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120)
    check(p.returncode == expect, f"{' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "mini.sqlite")
    hb("db", "mini", "--root", root, "-o", db)
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM wines").fetchone()[0] == 80, "80 wines")
    nulls = con.execute("SELECT count(*) FROM wines WHERE price IS NULL").fetchone()[0]
    check(nulls > 0, "NULL prices survive")
    regions = con.execute("SELECT count(*) FROM wineries WHERE region IS NULL").fetchone()[0]
    check(regions > 0, "NULL regions survive")
    check(con.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign keys hold")
    con.close()

    a, b = os.path.join(tmp, "a.jsonl"), os.path.join(tmp, "b.jsonl")
    hb("generate", "--root", root, "--preset", "quick", "-q", "-o", a)
    hb("generate", "--root", root, "--db", db, "--preset", "quick", "-q", "-o", b)
    la = [json.loads(x) for x in open(a)]
    lb = [json.loads(x) for x in open(b)]
    check(len(la) == len(lb) > 0, "same instance count")
    for x, y in zip(la, lb):
        for k in ("id", "schema_hash", "context", "rows", "gold"):
            check(x[k] == y[k], f"{x['id']}: {k} differs between folder and --db")

    # a failed write leaves nothing behind; a bad schema name is reported
    hb("db", "nosuch", "--root", root, "-o", os.path.join(tmp, "x.sqlite"), expect=1)
    check(not os.path.exists(os.path.join(tmp, "x.sqlite")), "no file after failure")
    hb("db", "--root", root, "-o", os.path.join(tmp, "x.sqlite"), expect=2)

print(f"test_db: {failures} failures")
sys.exit(1 if failures else 0)
