#!/usr/bin/env python3
"""Pathological inputs (issue 12, deliver item 3): each one ends in a clean, located error (or
a correct result) within a time limit and a memory limit, never a crash, a hang or an
exhausted machine.  Replies come from run databases, and a gzip bomb from a local server.
The inputs are generated in the test's temporary folder.

The memory limit is RLIMIT_AS, set in the child before it runs holobench; a sanitizer build
reserves terabytes of address space for its shadow memory, so there only the time limit
holds (the sanitizer checks the rest).  The 1 GB CSV line, a mapped file, gets its size more
address space and a bound on the peak RSS (both builds) instead.  The documented bounds are
in README.md, "Limits and faults".

usage: test_patho.py HOLOBENCH SOURCE_ROOT"""
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FAILURES = []
MEM = 768 << 20  # bytes of address space holobench may use in every case
SANITIZED = b"__asan_init" in open(BIN, "rb").read()  # ASan reserves terabytes of shadow


def check(cond, what, *detail):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, *[str(d)[:2000] for d in detail], flush=True)


def limit_memory():
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (MEM, MEM))


def hb(*args, timeout=120, cwd=None):
    """Runs holobench under the memory limit and a time limit; returns (rc, stderr, seconds)."""
    t0 = time.monotonic()
    try:
        p = subprocess.run([BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, preexec_fn=limit_memory,
                           cwd=cwd, env=dict(os.environ, LC_ALL="C"))
    except subprocess.TimeoutExpired:
        return "timeout", "timed out after %ds" % timeout, timeout
    err = p.stderr.decode("utf-8", "replace")
    H.fail_on_sanitizer(args, err)
    return p.returncode, err, time.monotonic() - t0


def expect_error(name, args, pattern, timeout=120):
    rc, err, secs = hb(*args, timeout=timeout)
    print("  %-28s exit %s in %.1f s" % (name, rc, secs), flush=True)
    check(rc == 1, "%s: exit 1, not %s" % (name, rc), err[-1500:])
    check(re.search(pattern, err), "%s: a clean located error matching %r" % (name, pattern),
          err[-1500:])
    return err


def schema(tmp, name, ddl, templates, csvs=None, queries=None):
    """A benchmark folder with one schema; returns its root."""
    root = os.path.join(tmp, name)
    d = os.path.join(root, "schemas", name)
    os.makedirs(os.path.join(d, "data"))
    os.makedirs(os.path.join(root, "queries"))
    with open(os.path.join(d, "schema.sql"), "w") as f:
        f.write(ddl)
    with open(os.path.join(d, "verbalize.json"), "w") as f:
        if isinstance(templates, str):
            f.write(templates)
        else:
            json.dump({"tables": {t: {"templates": v} for t, v in templates.items()}}, f)
    for t, writer in (csvs or {}).items():
        with open(os.path.join(d, "data", t + ".csv"), "w") as f:
            writer(f)
    if queries is not None:
        with open(os.path.join(root, "queries", name + ".json"), "w") as f:
            f.write(queries if isinstance(queries, str) else
                    json.dumps({"schema": name, "queries": queries}))
    return root


T3 = ["Item {id} is {name}.", "{name} has number {id}.", "Number {id}: {name}."]
DDL = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\n"


def rows_csv(n):
    def w(f):
        f.write("id,name\n")
        for i in range(1, n + 1):
            f.write("%d,n%d\n" % (i, i))
    return w


def q(id_, sql):
    return {"id": id_, "question": "What?", "sql": sql, "types": ["Comparison"],
            "difficulty": "easy"}


# ---------------------------------------------------------------- CSV


def hb_rss(args, extra_as, timeout):
    """Runs holobench as hb() does, with extra_as bytes more address space (for a mapped
    file: address space, not memory); returns (rc, stderr, seconds, peak RSS in bytes)."""
    def limit():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (MEM + extra_as, MEM + extra_as))
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                             preexec_fn=limit, env=dict(os.environ, LC_ALL="C"))
        killer = threading.Timer(timeout, p.kill)
        killer.start()
        _, status, ru = os.wait4(p.pid, 0)  # not p.wait(): its rusage is what is measured
        killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        secs = time.monotonic() - t0
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    H.fail_on_sanitizer(args, text)
    rc = "timeout" if secs >= timeout else p.returncode
    return rc, text, secs, ru.ru_maxrss * 1024


def write_long_line(path, head, size):
    """head, then size bytes of 'x' and a line end: 64 MiB written, then doubled inside the
    file by the kernel (copy_file_range), which takes a fraction of a second for 1 GB."""
    chunk = 64 << 20
    with open(path, "w+b") as f:
        f.write(head + b"x" * chunk)
        f.flush()
        n, base = chunk, len(head)
        while n < size:
            k = min(n, size - n)
            done = 0
            while done < k:
                got = os.copy_file_range(f.fileno(), f.fileno(), k - done, base + done,
                                         base + n + done)
                if got <= 0:
                    raise OSError("copy_file_range copied nothing")
                done += got
            n += k
        f.seek(base + n)
        f.write(b"\n")


def test_csv_long_line(tmp):
    """A 1 GB line: refused at its first MiB with file:line:col, neither reading the rest
    into memory nor scanning it (the file is mapped; peak RSS stays far below the line)."""
    size = 1 << 30

    root = schema(tmp, "longline", DDL, {"t": T3}, {"t": lambda f: None})
    path = os.path.join(root, "schemas", "longline", "data", "t.csv")
    t0 = time.monotonic()
    write_long_line(path, b"id,name\n1,", size)
    check(os.path.getsize(path) == len(b"id,name\n1,") + size + 1, "csv line of 1 GB: written")
    print("  wrote 1 GB in %.1f s" % (time.monotonic() - t0), flush=True)
    try:
        rc, err, secs, rss = hb_rss(["validate", "--root", root], size, timeout=60)
    finally:
        os.unlink(path)
    print("  %-28s exit %s in %.2f s, peak RSS %d MB" % ("csv line of 1 GB", rc, secs,
                                                          rss >> 20), flush=True)
    check(rc == 1, "csv line of 1 GB: exit 1, not %s" % rc, err[-1500:])
    check(re.search(r"data/t\.csv:2:3: field longer than 1048576 bytes \(the limit\)", err),
          "csv line of 1 GB: the located field-limit error", err[-1500:])
    check(secs < (20 if SANITIZED else 5), "csv line of 1 GB: refused in %.1f s" % secs)
    # the line is 1024 MB: a reader that held or scanned it would show it here
    bound = (160 if SANITIZED else 48) << 20
    check(rss < bound, "csv line of 1 GB: peak RSS %d MB, not under %d MB" % (rss >> 20,
                                                                              bound >> 20))


def test_csv_many_columns(tmp):
    def w(f):
        f.write(",".join("c%d" % i for i in range(10 ** 6)) + "\n")
    root = schema(tmp, "widecsv", DDL, {"t": T3}, {"t": w})
    expect_error("csv of 10^6 columns", ["validate", "--root", root],
                 r"data/t\.csv:1:\d+: more than 4096 fields in a record \(the limit\)")
    ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, %s);\n" % ", ".join(
        "c%d INT" % i for i in range(10 ** 6))
    root = schema(tmp, "wideddl", ddl, {"t": T3}, {"t": rows_csv(3)})
    expect_error("table of 10^6 columns", ["validate", "--root", root],
                 r"schema\.sql(:\d+)?: .*too many columns")


# ---------------------------------------------------------------- JSON and templates


def test_json_deep(tmp):
    depth = 10 ** 5
    deep = '{"schema": "deep", "queries": ' + "[" * depth + "]" * depth + "}\n"
    root = schema(tmp, "deep", DDL, {"t": T3}, {"t": rows_csv(3)}, queries=deep)
    expect_error("queries nested 10^5 deep", ["validate", "--root", root],
                 r"queries/deep\.json:1:\d+: invalid JSON: nested deeper than 1000 levels")
    deep = '{"tables": {"t": {"templates": ' + "[" * depth + "]" * depth + "}}}\n"
    root = schema(tmp, "deepv", DDL, deep, {"t": rows_csv(3)})
    expect_error("templates nested 10^5 deep", ["validate", "--root", root],
                 r"verbalize\.json:1:\d+: invalid JSON: nested deeper than 1000 levels")


def test_template_parts(tmp):
    n = 10 ** 5
    many = " ".join("{name}" if i % 2 else "{id}" for i in range(n)) + "."
    root = schema(tmp, "parts", DDL, {"t": [many] + T3[1:]}, {"t": rows_csv(3)},
                  queries=[q("parts-q1", "SELECT name FROM t WHERE id = 2")])
    rc, err, secs = hb("validate", "--root", root)
    print("  %-28s exit %s in %.1f s" % ("template of 10^5 parts", rc, secs), flush=True)
    check(rc in (0, 1) and (rc == 0 or re.search(r"verbalize\.json:\d+", err)),
          "template of 10^5 parts: validated, or a located error", rc, err[-1500:])
    opt = "[" * n + "{name}" + "]" * n
    root = schema(tmp, "optdeep", DDL, {"t": [opt + " {id}."] + T3[1:]}, {"t": rows_csv(3)})
    rc, err, secs = hb("validate", "--root", root)
    print("  %-28s exit %s in %.1f s" % ("10^5 nested [ ] parts", rc, secs), flush=True)
    check(rc in (0, 1) and (rc == 0 or re.search(r"verbalize\.json:\d+", err)),
          "10^5 nested [ ] parts: validated, or a located error", rc, err[-1500:])


# ---------------------------------------------------------------- queries and schemas


def test_query_rows(tmp):
    # 3163 x 3163 rows: 10^7 answer rows over the full database
    qs = [q("big-q1", "SELECT a.name, b.name FROM t a, t b")]
    root = schema(tmp, "big", DDL, {"t": T3}, {"t": rows_csv(3163)}, queries=qs)
    expect_error("query of 10^7 rows (validate)", ["validate", "--root", root],
                 r"queries/big\.json:\d+: query 'big-q1' has more than 1000000 answer rows")
    # over an instance's rows: 32k relevant tokens place ~1500 rows, 2*10^6 answer rows
    out = os.path.join(tmp, "big.jsonl")
    expect_error("query of 10^6 rows (generate)",
                 ["generate", "--root", root, "--lengths", "64k", "--amount", "32k",
                  "--positions", "uniform", "-q", "-o", out],
                 r"queries/big\.json:\d+(:\d+)?: query 'big-q1' has more than 100000 answer rows")
    check(not os.path.exists(out), "generate: no output after the error")


def test_many_tables(tmp):
    n = 10 ** 4
    ddl = "".join("CREATE TABLE t%d (id INTEGER PRIMARY KEY, name TEXT);\n" % i for i in range(n))
    tpl = {"t%d" % i: ["Item {id} is {name}.", "{name} is %d-{id}." % i, "No. {id}: {name}."]
           for i in range(n)}
    csvs = {"t%d" % i: rows_csv(2) for i in range(n)}
    qs = [q("many-q1", "SELECT name FROM t0 WHERE id = 1")]
    root = schema(tmp, "many", ddl, tpl, csvs, queries=qs)
    # quadratic costs (SQLite's CREATE TABLE reading all of sqlite_master, every gold
    # database creating every table, lookups by name) made this 28-48 s; now about 2 s of
    # CPU (6 s on a loaded machine, 18 s under ASan there).  The bounds leave room for load.
    limit = 60 if SANITIZED else 20
    rc, err, secs = hb("validate", "--root", root, timeout=120)
    print("  %-28s exit %s in %.1f s" % ("schema of 10^4 tables", rc, secs), flush=True)
    check(rc == 0, "schema of 10^4 tables validates", rc, err[-1500:])
    check(secs < limit, "schema of 10^4 tables: validated in %.1f s, not under %d s" % (secs,
                                                                                      limit))
    # the tables were set aside while the DDL ran: the database is whole, in DDL order
    out = os.path.join(tmp, "many.sqlite")
    rc, err, secs = hb("db", "many", "--root", root, "-o", out, timeout=120)
    check(rc == 0, "schema of 10^4 tables: db writes it", rc, err[-1500:])
    if rc == 0:
        con = sqlite3.connect(out)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master ORDER BY rowid")]
        rows = con.execute("SELECT count(*) FROM t9999").fetchone()[0]
        con.close()
        check(ok == "ok", "schema of 10^4 tables: integrity_check", ok)
        check(names == ["t%d" % i for i in range(n)], "schema of 10^4 tables: in DDL order",
              names[:5])
        check(rows == 2, "schema of 10^4 tables: the last table's rows", rows)


def test_stashed_ddl(tmp):
    """The DDL of more than 64 statements runs with its earlier tables set aside: an index,
    a view and rows added to early tables after that still land, and a mistake after it is
    still located (the transaction rolls the stash back)."""
    n = 150
    ddl = "".join("CREATE TABLE t%d (id INTEGER PRIMARY KEY, name TEXT);\n" % i for i in range(n))
    ddl += ("CREATE INDEX i0 ON t0(name);\nCREATE VIEW v1 AS SELECT name FROM t1;\n"
            "INSERT INTO t2 VALUES (5, 'n5');\n")
    tpl = {"t%d" % i: ["Item {id} is {name}.", "{name} is %d-{id}." % i, "No. {id}: {name}."]
           for i in range(n)}
    csvs = {"t%d" % i: rows_csv(2) for i in range(n)}
    root = schema(tmp, "stash", ddl, tpl, csvs)
    out = os.path.join(tmp, "stash.sqlite")
    rc, err, _ = hb("db", "stash", "--root", root, "-o", out)
    check(rc == 0, "ddl with the tables set aside: db writes it", rc, err[-1500:])
    if rc == 0:
        con = sqlite3.connect(out)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        kinds = dict(con.execute("SELECT name, type FROM sqlite_master"))
        rows = con.execute("SELECT count(*) FROM t2").fetchone()[0]
        view = con.execute("SELECT count(*) FROM v1").fetchone()[0]
        plan = con.execute("EXPLAIN QUERY PLAN SELECT id FROM t0 WHERE name = 'n1'").fetchall()
        con.close()
        check(ok == "ok", "ddl with the tables set aside: integrity_check", ok)
        check(kinds.get("i0") == "index" and kinds.get("v1") == "view" and
              len(kinds) == n + 2, "ddl with the tables set aside: every object", len(kinds))
        check(rows == 3 and view == 2, "ddl with the tables set aside: rows", rows, view)
        check("i0" in str(plan), "ddl with the tables set aside: the index is used", plan)
    bad = schema(tmp, "stashbad", ddl + "CREATE TABLE t3 (x);\n", tpl, csvs)
    expect_error("a mistake after the stash", ["validate", "--root", bad],
                 r"schema\.sql:%d: table t3 already exists" % (n + 4))


# ---------------------------------------------------------------- replies


QUICK = os.path.join(SRC, "tests", "data", "quick-suite.jsonl")


def run_ddl():
    """The run database's DDL, read from rundb.c as test_harden does."""
    text = open(os.path.join(SRC, "src", "api", "rundb.c")).read()
    body = re.search(r"run_ddl\[\] = (.*?);\n\n", text, re.S).group(1)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)).replace("\\n", "\n")


def make_run(tmp, name, reply):
    """A run database over the quick suite with one reply in it."""
    path = os.path.join(tmp, name + ".sqlite")
    con = sqlite3.connect(path)
    con.executescript(run_ddl())
    con.executemany("INSERT INTO run VALUES(?,?)",
                    [("schema_version", "1"), ("suite_path", QUICK)])
    con.execute("INSERT INTO instances(id, status, reply) VALUES(?, 'done', CAST(? AS TEXT))",
                (IID, reply))
    con.commit()
    con.close()
    return path


IID = "mini-q01-4k-a1k-uniform-s1"  # gold: one row, 38


def test_big_reply(tmp):
    reply = b"Let me count. " + b"wine " * (40 << 20) + b"\nAnswer: 38"  # 200 MB
    path = make_run(tmp, "big", reply)
    del reply
    rc, err, secs = hb("score", path, timeout=180)
    print("  %-28s exit %s in %.1f s" % ("reply of 200 MB", rc, secs), flush=True)
    check(rc == 0, "a 200 MB reply is scored (as oversized) without exhausting memory", rc,
          err[-1500:])
    row = sqlite3.connect(path).execute("SELECT score, flag FROM scores WHERE id = ?",
                                        (IID,)).fetchone()
    check(row is not None and row[0] == 0.0 and row[1] == "oversized",
          "the 200 MB reply scores 0 with the flag oversized", row)


def test_regex_hostile(tmp):
    """Replies built against the scorer's patterns: "answer" then a long run of spaces or
    emphasis and no colon (\\s*[*_]*\\s* can backtrack quadratically), long list items, a
    date-like run.  PCRE2's match and depth limits (score_int.h) bound each call."""
    replies = {
        "spaces": (b"answer" + b" " * 100000 + b"x ") * 3,
        "emphasis": (b"answer " + b"* " * 50000 + b"x ") * 3,
        "bullet": (b"- " + b"a" * 100000 + b"\n") * 3,
        "date": (b"2020" + b"-1" * 50000 + b"\n") * 3,
    }
    for name, reply in replies.items():
        path = make_run(tmp, name, reply + b"\nAnswer: 38")
        rc, err, secs = hb("score", path, timeout=60)
        print("  %-28s exit %s in %.1f s" % ("regex-hostile reply " + name, rc, secs), flush=True)
        check(rc == 0, "a regex-hostile reply (%s) is scored within the time limit" % name, rc,
              err[-1500:])
        row = sqlite3.connect(path).execute("SELECT score FROM scores WHERE id = ?",
                                            (IID,)).fetchone()
        check(row is not None and row[0] == 1.0,
              "the answer after a regex-hostile text (%s) is read" % name, row)


def gzip_bomb(size):
    """`size` bytes of a JSON string's body, gzip-compressed (about 1000:1)."""
    import zlib
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [z.compress(b'{"choices": [{"message": {"content": "')]
    chunk = b"A" * (1 << 20)
    for _ in range(size >> 20):
        out.append(z.compress(chunk))
    out.append(z.compress(b'"}}]}'))
    out.append(z.flush())
    return b"".join(out)


def test_gzip_bomb(tmp):
    """A server answering with Content-Encoding: gzip that inflates to 256 MB: `run` accepts
    compressed replies, so the 64 MiB response cap must hold on the inflated bytes."""
    import http.server
    import threading
    bomb = gzip_bomb(256 << 20)
    served = []

    class Bomb(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            try:
                self.wfile.write(bomb)
            except OSError:
                pass  # holobench hung up at its cap

        def log_message(self, *a):
            pass
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bomb)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        ep = os.path.join(tmp, "ep.json")
        with open(ep, "w") as f:
            json.dump({"api": "openai-chat", "model": "fake-model",
                       "base_url": "http://127.0.0.1:%d/v1" % srv.server_address[1],
                       "api_key_env": "HB_PATHO_KEY", "params": {"max_tokens": 16},
                       "concurrency": 1, "timeout_s": 60, "max_retries": 2}, f)
        suite = os.path.join(tmp, "one.jsonl")
        with open(suite, "w") as f:
            f.write(open(QUICK).read().splitlines()[0] + "\n")
        run = os.path.join(tmp, "run.sqlite")
        os.environ["HB_PATHO_KEY"] = "test-key-patho"
        rc, err, secs = hb("run", suite, "--endpoint", ep, "--run", run, "--root",
                           os.path.join(SRC, "tests", "data", "root"), "-q", timeout=120)
        print("  %-28s exit %s in %.1f s" % ("gzip bomb of 256 MB", rc, secs), flush=True)
        check(served, "the bomb was requested")
        check(rc == 1, "a gzip bomb: run fails cleanly (exit 1), not %s" % rc, err[-1500:])
        row = sqlite3.connect(run).execute("SELECT status, last_error FROM instances").fetchone()
        check(row is not None and row[0] == "failed" and
              "larger than 64 MiB (the limit)" in (row[1] or ""),
              "a gzip bomb is recorded as failed, with the cap as the reason", row)
        check(len(served) == 1, "a response over the cap is not retried", served)
        print("    recorded: %r" % (row,))
    finally:
        srv.shutdown()


def main():
    tests = [test_csv_long_line, test_csv_many_columns, test_json_deep, test_template_parts,
             test_query_rows, test_many_tables, test_stashed_ddl, test_big_reply,
             test_regex_hostile, test_gzip_bomb]
    only = os.environ.get("HB_PATHO_ONLY")
    with tempfile.TemporaryDirectory(prefix="hb-patho-") as tmp:
        for t in tests:
            if only and only not in t.__name__:
                continue
            d = os.path.join(tmp, t.__name__)
            os.makedirs(d)
            print(t.__name__, flush=True)
            t(d)
    print("test_patho: %d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
