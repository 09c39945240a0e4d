#!/usr/bin/env python3
"""The bundled benchmark content (issue: five databases, 150+ queries, data at any scale).

Checks: validate is clean on every bundled schema; the committed data/*.csv are exactly the
generator's draw at scale 1, seed 1, and the draw is deterministic (same seed, same bytes;
another seed, other names); scale 4 has four times the rows with foreign keys intact; the
paper preset falls short nowhere and every query not meant to be empty answers something in
at least 95% of its instances; a sample of paper-preset instances from every schema has the
gold that python's sqlite3 computes from the rows the instance names (independent of
holobench's code path); 150+ queries over the five schemas.

usage: test_content.py HOLOBENCH SOURCE_ROOT"""
import filecmp
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = sys.argv[1], sys.argv[2]
SCHEMAS = ["college", "flights", "football", "store", "wine"]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, flush=True)


def hb(*args, timeout=300):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout, cwd=src)
    H.fail_on_sanitizer(args, p.stderr)
    return p


# 1. validate is clean, and there is enough content
p = hb("validate")
check(p.returncode == 0 and "0 errors, 0 warnings" in p.stderr,
      f"validate on the bundled content: exit {p.returncode}: {p.stderr[-2000:]}")
entries = {s: json.load(open(os.path.join(src, "queries", s + ".json")))["queries"]
           for s in SCHEMAS}
check(sum(len(v) for v in entries.values()) >= 150, "at least 150 queries")
for s, qs in entries.items():
    check(len(qs) >= 30, f"{s}: at least 30 queries")
    cells = {(t, q["difficulty"]) for q in qs for t in q["types"]}
    for t in ("Aggregation", "Max/Min", "Comparison", "Ranking"):
        for d in ("easy", "medium", "hard"):
            check((t, d) in cells, f"{s}: no {d} {t} query")
    for d in ("medium", "hard"):
        check(("Join", d) in cells, f"{s}: no {d} Join query")
    check(sum(1 for q in qs if q.get("expect_empty")) >= 1, f"{s}: an empty answer on purpose")

with tempfile.TemporaryDirectory() as tmp:
    # 2. the committed CSVs are the draw at scale 1, seed 1; the draw is deterministic
    for s in SCHEMAS:
        a, b, c = (os.path.join(tmp, s + x) for x in ("-a", "-b", "-c"))
        for d, seed in ((a, "1"), (b, "1"), (c, "2")):
            p = hb("data", s, "--data-seed", seed, "-o", d, "-q")
            check(p.returncode == 0, f"data {s} --data-seed {seed}: {p.stderr}")
        data = os.path.join(src, "schemas", s, "data")
        names = sorted(os.listdir(data))
        _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
        check(not mismatch and not errors, f"{s}: same seed gave other bytes: {mismatch}")
        _, mismatch, errors = filecmp.cmpfiles(a, data, names, shallow=False)
        check(not mismatch and not errors, f"{s}: committed data is not the seed-1 draw: "
              f"{mismatch}{errors}")
        _, mismatch, _ = filecmp.cmpfiles(a, c, names, shallow=False)
        check(len(mismatch) == len(names), f"{s}: seed 2 left files unchanged")

    # 3. scale 4: four times the rows, foreign keys valid
    for s in SCHEMAS:
        one, four = os.path.join(tmp, s + "1.sqlite"), os.path.join(tmp, s + "4.sqlite")
        check(hb("db", s, "-q", "-o", one).returncode == 0, f"db {s}")
        check(hb("db", s, "--scale", "4", "-q", "-o", four).returncode == 0, f"db {s} x4")
        c1, c4 = sqlite3.connect(one), sqlite3.connect(four)
        for (t,) in c1.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            n1 = c1.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            n4 = c4.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            check(abs(n4 - 4 * n1) <= 4 or n4 == n1, f"{s}.{t}: {n1} rows, {n4} at scale 4")
        check(c4.execute("PRAGMA foreign_key_check").fetchall() == [],
              f"{s}: foreign keys broken at scale 4")

    # 4. the paper preset: no shortfall, >= 95% non-empty gold per query (the summary)
    p = subprocess.run([binary, "generate", "--preset", "paper", "-o", "-"], cwd=src,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       timeout=300)
    H.fail_on_sanitizer(["generate", "--preset", "paper"], p.stderr)
    check(p.returncode == 0, f"generate --preset paper: {p.stderr}")
    check("shortfall" not in p.stderr, f"the paper preset falls short: {p.stderr}")
    m = re.search(r"lowest non-empty gold rate of one query: ([0-9.]+)%", p.stderr)
    check(m is None or float(m.group(1)) >= 95.0, f"a query is often empty: {p.stderr}")
    check("non-empty gold: " in p.stderr, f"no non-empty summary: {p.stderr}")

    # 5. an independent gold re-check on a sample of the paper preset from every schema
    sample = os.path.join(tmp, "sample.jsonl")
    p = hb("generate", "--preset", "paper", "--shard", "7/40", "-q", "-o", sample)
    check(p.returncode == 0, f"generate a sample: {p.stderr}")
    loaded = {s: H.Schema(os.path.join(src, "schemas", s)) for s in SCHEMAS}
    seen, rechecked = set(), 0
    with open(sample) as f:
        for line in f:
            inst = json.loads(line)
            sch = loaded[inst["schema"]]
            seen.add(inst["schema"])
            db = sqlite3.connect(":memory:")
            db.executescript(sch.ddl)
            for tname, key in inst["rows"]:
                if tname not in inst["tables"]:
                    continue
                t = sch.tables[tname.lower()]
                i = t.by_key.get(H.key_of_json(key, t)) if t.pk else t.by_rowid.get(key)
                check(i is not None, f"{inst['id']}: row {key} of {tname} not in the data")
                if i is None:
                    continue
                db.execute(f'INSERT INTO "{t.name}" VALUES ({",".join("?" * len(t.columns))})',
                           t.rows[i][1])
            got = [list(r) for r in db.execute(inst["sql"], inst["params"])]
            gold = inst["gold"]["rows"]
            same = (H.rows_equal(got, gold) if inst["gold"]["ordered"]
                    else H.multiset_equal(got, gold))
            rechecked += 1
            check(same or inst["gold"]["ambiguous"],
                  f"{inst['id']}: gold {gold[:3]} but the rows give {got[:3]}")
    check(seen == set(SCHEMAS), f"the sample covers every schema: {sorted(seen)}")
    check(rechecked >= 300, f"only {rechecked} instances re-checked")
    print(f"gold re-checked independently on {rechecked} instances", flush=True)

print(f"test_content: {failures} failures")
sys.exit(1 if failures else 0)
