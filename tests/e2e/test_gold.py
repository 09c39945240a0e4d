#!/usr/bin/env python3
"""`holobench gold`: each kind of change to a copy of the test schema, checked against an
independent recomputation (python's sqlite3 over the rows named in each instance).

usage: test_gold.py HOLOBENCH SOURCE_ROOT"""
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
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


def hb(root, *args, expect=None, limit_bytes=None):
    def limit():
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    p = subprocess.run([binary, *args, "--root", root], capture_output=True, text=True,
                       timeout=120, preexec_fn=limit)
    H.fail_on_sanitizer(args, p.stderr)
    if expect is not None:
        check(p.returncode == expect, f"{args} exited {p.returncode}, not {expect}: {p.stderr}")
    return p


def report(root, suite):
    """holobench gold --json: {id: entry}"""
    p = hb(root, "gold", suite, "--json")
    return {e["id"]: e for e in map(json.loads, p.stdout.splitlines())}


def load_db(root):
    """The schema loaded independently: DDL, then each CSV (empty unquoted field = NULL)."""
    d = os.path.join(root, "schemas", "mini")
    con = sqlite3.connect(":memory:")
    con.executescript(open(os.path.join(d, "schema.sql")).read())
    for f in sorted(os.listdir(os.path.join(d, "data"))):
        text = open(os.path.join(d, "data", f), newline="").read()
        rows = parse_csv(text)
        cols = rows[0]
        con.executemany(
            f'INSERT INTO "{f[:-4]}"({",".join(cols)}) VALUES({",".join("?" * len(cols))})',
            rows[1:])
    return con


def parse_csv(text):
    """RFC 4180 keeping NULL (empty unquoted) apart from "" (empty quoted)."""
    rows, row, field, i, quoted, n = [], [], [], 0, False, len(text)
    was_quoted = False
    while i < n:
        c = text[i]
        if quoted:
            if c == '"' and i + 1 < n and text[i + 1] == '"':
                field.append('"'); i += 2; continue
            if c == '"':
                quoted = False; i += 1; continue
            field.append(c); i += 1; continue
        if c == '"':
            quoted = was_quoted = True; i += 1; continue
        if c in ",\r\n":
            row.append("".join(field) if (field or was_quoted) else None)
            field, was_quoted = [], False
            if c == ",":
                i += 1; continue
            i += 2 if text[i:i + 2] == "\r\n" else 1
            rows.append(row); row = []
            continue
        field.append(c); i += 1
    if field or row or was_quoted:
        row.append("".join(field) if (field or was_quoted) else None)
        rows.append(row)
    return rows


def independent_gold(full, inst):
    """The instance's query over exactly its placed relevant rows, rebuilt from provenance."""
    con = sqlite3.connect(":memory:")
    for (sql,) in full.execute("SELECT sql FROM sqlite_master WHERE type='table'"):
        con.execute(sql)
    pk = {}
    for t in inst["tables"]:
        pk[t] = [r[1] for r in sorted(
            (r for r in full.execute(f'PRAGMA table_info("{t}")') if r[5]), key=lambda r: r[5])]
    for t, key in inst["rows"]:
        if t not in inst["tables"]:
            continue
        keys = key if isinstance(key, list) else [key]
        cond = " AND ".join(f'"{c}" = ?' for c in pk[t]) or "rowid = ?"
        row = full.execute(f'SELECT * FROM "{t}" WHERE {cond}', keys).fetchone()
        if row is None:
            return None
        con.execute(f'INSERT INTO "{t}" VALUES({",".join("?" * len(row))})', row)
    rows = [list(r) for r in con.execute(inst["sql"], inst["params"])]
    return rows if inst["gold"]["ordered"] else sorted(rows, key=repr)


def same_rows(a, b):
    def norm(r):
        return [round(v, 9) if isinstance(v, float) else v for v in r]
    return [norm(r) for r in a] == [norm(r) for r in b]


def edit(path, old, new):
    text = open(path).read()
    check(old in text, f"test setup: {old!r} in {path}")
    open(path, "w").write(text.replace(old, new, 1))


with tempfile.TemporaryDirectory() as tmp:
    root = os.path.join(tmp, "root")
    shutil.copytree(os.path.join(src, "tests", "data", "root"), root)
    suite = os.path.join(tmp, "s.jsonl")
    hb(root, "generate", "--lengths", "4k", "--amount", "1k", "--density", "0.5",
       "--positions", "uniform,end", "--seeds", "2", "-q", "-o", suite, expect=0)
    original = open(suite, "rb").read()
    insts = [json.loads(x) for x in original.decode().splitlines()]

    # 0. nothing changed: --check passes, nothing reported
    hb(root, "gold", suite, "--check", expect=0)

    # 1. a value edit changes exactly the instances whose gold really changes
    data = os.path.join(root, "schemas", "mini", "data", "wines.csv")
    lines = open(data).read().split("\n")
    victim = lines[5].split(",")
    victim_id = int(victim[0])
    victim[6] = "99" if victim[6] != "99" else "80"
    lines[5] = ",".join(victim)
    open(data, "w").write("\n".join(lines))
    rep = report(root, suite)
    full = load_db(root)
    for inst in insts:
        e = rep[inst["id"]]
        want = independent_gold(full, inst)
        got_changed = "gold" in e["changes"]
        stored = inst["gold"]["rows"]
        stored = stored if inst["gold"]["ordered"] else sorted(stored, key=repr)
        check(got_changed == (not same_rows(want, stored)),
              f"{inst['id']}: gold change reported {got_changed}, independent says "
              f"{not same_rows(want, stored)}")
        has_row = ["wines", victim_id] in inst["rows"]
        check(("context" in e["changes"]) == has_row,
              f"{inst['id']}: context change {'context' in e['changes']}, row placed {has_row}")
        check("schema_hash" in e["changes"], f"{inst['id']}: schema hash must change")
    check(any("gold" in e["changes"] for e in rep.values()), "the edit changed some gold")
    hb(root, "gold", suite, "--check", expect=1)

    # --write is atomic: a write cut short by the file-size limit leaves the suite whole
    p = hb(root, "gold", suite, "--write", limit_bytes=len(original) // 3)
    check(p.returncode != 0, "a write that cannot finish fails")
    check(open(suite, "rb").read() == original, "the suite is untouched after a failed write")
    # -o writes elsewhere; --write then updates in place; a second run finds nothing
    out = os.path.join(tmp, "out.jsonl")
    hb(root, "gold", suite, "-o", out, expect=0)
    check(open(suite, "rb").read() == original, "-o leaves the suite alone")
    hb(root, "gold", suite, "--write", expect=0)
    check(open(suite, "rb").read() == open(out, "rb").read(), "--write and -o agree")
    hb(root, "gold", suite, "--check", expect=0)
    updated = [json.loads(x) for x in open(suite)]
    for inst in updated:
        check(same_rows(sorted(inst["gold"]["rows"], key=repr) if not inst["gold"]["ordered"]
                        else inst["gold"]["rows"],
                        independent_gold(full, inst)), f"{inst['id']}: written gold is right")
    # unchanged instances keep their bytes: here every hash changed, so compare the rest
    for a, b in zip(insts, updated):
        if ["wines", victim_id] not in a["rows"]:
            check(a["context"] == b["context"], f"{a['id']}: context untouched")
    base = open(suite, "rb").read()

    # 2. a template edit re-renders exactly the lines that used it
    verb = os.path.join(root, "schemas", "mini", "verbalize.json")
    edit(verb, "The critic {handle} writes from {country} since {since}.",
         "Critic {handle} has written from {country} since {since}.")
    rep = report(root, suite)
    for inst in updated:
        uses = sum(1 for (t, _), k in zip(inst["rows"], inst["row_templates"])
                   if t == "critics" and k == 0)
        e = rep[inst["id"]]
        check(e.get("lines_rerendered", 0) == uses,
              f"{inst['id']}: {e.get('lines_rerendered', 0)} lines re-rendered, {uses} expected")
        check("gold" not in e["changes"], f"{inst['id']}: a template edit changes no gold")
    hb(root, "gold", suite, "--write", expect=0)
    base = open(suite, "rb").read()
    updated = [json.loads(x) for x in base.decode().splitlines()]

    # 3. a SQL edit changes gold (of that query only) but no context
    qpath = os.path.join(root, "queries", "mini.json")
    edit(qpath, "SELECT COUNT(*) FROM wines", "SELECT COUNT(*) FROM wines WHERE score >= 90")
    rep = report(root, suite)
    for inst in updated:
        e = rep[inst["id"]]
        check("context" not in e["changes"], f"{inst['id']}: a SQL edit changes no context")
        is_q1 = inst["query_id"] == "mini-q01"
        check(("query" in e["changes"]) == is_q1, f"{inst['id']}: query change only for q01")
        if not is_q1:
            check(e["status"] == "unchanged", f"{inst['id']}: unchanged")
    hb(root, "gold", suite, "--write", expect=0)
    hb(root, "gold", suite, "--check", expect=0)
    base = open(suite, "rb").read()

    # 4. a deleted row and a query reading a new table cannot be repaired and are kept as is
    lines = open(data).read().split("\n")
    gone = int(lines[3].split(",")[0])
    open(data, "w").write("\n".join(lines[:3] + lines[4:]))
    edit(qpath, "SELECT name FROM wines WHERE price > 1000",
         "SELECT w.name FROM wines w JOIN grapes g ON g.id = w.grape_id WHERE w.price > 1000")
    rep = report(root, suite)
    before = base.decode().splitlines()
    for inst in map(json.loads, before):
        e = rep[inst["id"]]
        must = ["wines", gone] in inst["rows"] or inst["query_id"] == "mini-q06"
        check((e["status"] == "cannot-repair") == must,
              f"{inst['id']}: cannot-repair {e['status']}, expected {must}")
    hb(root, "gold", suite, "--write", expect=0)
    after = open(suite).read().splitlines()
    for a, b in zip(before, after):
        if rep[json.loads(a)["id"]]["status"] == "cannot-repair":
            check(a == b, f"{json.loads(a)['id']}: unrepairable instance kept byte for byte")
    hb(root, "gold", suite, "--check", expect=1)

print(f"test_gold: {failures} failures")
sys.exit(1 if failures else 0)
