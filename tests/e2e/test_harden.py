#!/usr/bin/env python3
"""Hardening (issue 12): each defect class found by hostile input, kept by a test that fails
without its fix.  Every case writes only into its own temporary folder.

usage: test_harden.py HOLOBENCH SOURCE_ROOT"""
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = sys.argv[1], sys.argv[2]
failures = 0
QUICK = os.path.join(src, "tests", "data", "quick-suite.jsonl")


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, flush=True)


def hb(*args, expect=None, timeout=120, env=None, cwd=None):
    p = subprocess.run([binary, *args], capture_output=True, timeout=timeout, env=env, cwd=cwd)
    err = p.stderr.decode("utf-8", "replace")
    H.fail_on_sanitizer(args, err)
    if expect is not None:
        check(p.returncode == expect,
              f"holobench {' '.join(args)} exited {p.returncode}, not {expect}: {err}")
    p.err = err
    return p


def copy_root(tmp):
    root = os.path.join(tmp, "root")
    shutil.copytree(os.path.join(src, "tests", "data", "root"), root)
    return root


# ---------------------------------------------------------------- 1. gold on odd suite lines


def test_gold_odd_lines(tmp):
    root = copy_root(tmp)
    first = json.loads(open(QUICK).read().splitlines()[0])
    # members in another order and a context that is not a string: read past a buffer before
    odd = dict(reversed(list(first.items())))
    odd["context"] = 5
    path = os.path.join(tmp, "odd.jsonl")
    open(path, "w").write(json.dumps(odd) + "\n")
    p = hb("gold", path, "--root", root, "--json", expect=0)
    rep = [json.loads(x) for x in p.stdout.decode().splitlines()]
    check(len(rep) == 1 and rep[0]["status"] == "cannot-repair",
          f"gold: a non-string context is reported as unrepairable: {p.stdout!r}")

    # the same (unread) row twice with two templates: the render cache freed the first line
    dup = json.loads(json.dumps(first))
    ctx = dup["context"].split("\n")
    dup["rows"] = [dup["rows"][0], dup["rows"][1], dup["rows"][0]]
    dup["row_templates"] = [0, dup["row_templates"][1], 1]
    dup["context"] = "\n".join([ctx[0], ctx[1], ctx[0]])
    check(dup["rows"][0][0] == "critics", "test setup: the first row is not read by the query")
    path = os.path.join(tmp, "dup.jsonl")
    out = os.path.join(tmp, "dup-out.jsonl")
    open(path, "w").write(json.dumps(dup, separators=(",", ":")) + "\n")
    hb("gold", path, "--root", root, "-o", out, "-q", expect=0)
    try:
        lines = json.loads(open(out, encoding="utf-8").read())["context"].split("\n")
    except (ValueError, OSError) as e:
        check(False, f"gold -o wrote an unreadable line for a row listed twice: {e}")
        return
    tpl = json.load(open(os.path.join(root, "schemas", "mini", "verbalize.json")))
    critics = tpl["tables"]["critics"]["templates"]
    check(lines[0] != lines[2], f"row twice, two templates: two different lines {lines[:3]}")
    check(len(critics) >= 2, "test setup: critics has two templates")


# ---------------------------------------------------------------- 2, 13. damaged run databases


def run_ddl():
    text = open(os.path.join(src, "src", "api", "rundb.c")).read()
    body = re.search(r"run_ddl\[\] = (.*?);\n\n", text, re.S).group(1)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)).replace("\\n", "\n")


def make_run(path, ddl, rows):
    con = sqlite3.connect(path)
    con.executescript(ddl)
    con.executemany("INSERT INTO run VALUES(?,?)",
                    [("schema_version", "1"), ("suite_path", QUICK)])
    for r in rows:
        con.execute("INSERT INTO instances(id, status, reply) VALUES(?,?,?)", r)
    con.commit()
    con.close()


def test_damaged_runs(tmp):
    ddl = run_ddl()
    iid = "mini-q01-4k-a1k-uniform-s1"
    null_id = os.path.join(tmp, "null-id.sqlite")
    make_run(null_id, ddl.replace("id TEXT PRIMARY KEY NOT NULL", "id TEXT"),
             [(None, "done", "38"), (iid, "done", "38")])
    before = open(null_id, "rb").read()
    for args in (["score", null_id], ["report", null_id], ["show", null_id, iid]):
        p = hb(*args, expect=1)
        check("damaged" in p.err and "no id" in p.err,
              f"{args[0]} on a run with a NULL id says it is damaged: {p.err!r}")
    check(open(null_id, "rb").read() == before, "a refused run database is left untouched")

    # a missing column
    nocol = os.path.join(tmp, "nocol.sqlite")
    make_run(nocol, ddl.replace("    reply TEXT,\n", ""), [])
    p = hb("report", nocol, expect=1)
    check("has no column 'reply'" in p.err, f"report names the missing column: {p.err!r}")

    # damaged pages: quick_check
    broken = os.path.join(tmp, "broken.sqlite")
    make_run(broken, ddl, [(f"id-{i}", "done", "x" * 2000) for i in range(40)])
    data = bytearray(open(broken, "rb").read())
    page = 4096
    for off in range(page * 2, len(data) - page, page):
        data[off:off + 16] = b"\xff" * 16  # break each b-tree page header after the first
    open(broken, "wb").write(bytes(data))
    p = hb("score", broken, expect=1)
    check("damaged" in p.err or "not a readable" in p.err or "malformed" in p.err,
          f"score on damaged pages refuses clearly: {p.err!r}")

    # 13: a mistyped path is not turned into a new, empty run
    missing = os.path.join(tmp, "typo.sqlite")
    p = hb("score", missing, "--suite", QUICK, expect=1)
    check("no run database" in p.err, f"score on a missing run: {p.err!r}")
    check(not os.path.exists(missing), "score on a missing run created it")
    empty = os.path.join(tmp, "empty.sqlite")
    open(empty, "wb").close()
    p = hb("score", empty, "--suite", QUICK, expect=1)
    check("empty" in p.err, f"score on an empty file: {p.err!r}")


# ---------------------------------------------------------------- 3. nested templates


def tiny_schema(tmp, spec):
    d = os.path.join(tmp, "troot", "schemas", "tiny")
    os.makedirs(os.path.join(d, "words"), exist_ok=True)
    open(os.path.join(d, "schema.sql"), "w").write(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\n")
    open(os.path.join(d, "verbalize.json"), "w").write(
        '{"tables": {"t": {"templates": ["Item {id} is {name}."]}}}\n')
    open(os.path.join(d, "words", "w.txt"), "w").write("alpha\nbeta\n")
    json.dump(spec, open(os.path.join(d, "generate.json"), "w"), indent=1)
    return os.path.join(tmp, "troot"), d


def nested(depth):
    g = {"gen": "choice", "file": "words/w.txt"}
    for _ in range(depth):
        g = {"gen": "template", "template": "<{p}>", "parts": {"p": g}}
    return {"tables": {"t": {"rows": 3, "columns": {"id": {"gen": "serial"}, "name": g}}}}


def test_nested_templates(tmp):
    for depth, expect in ((4, 0), (16, 0), (17, 1), (200, 1)):
        root, _ = tiny_schema(tmp, nested(depth))
        out = os.path.join(tmp, f"n{depth}.sqlite")
        p = hb("db", "tiny", "--root", root, "--scale", "1", "-o", out, expect=expect)
        if expect:
            check(re.search(r"generate\.json:\d+: templates nested too deep", p.err),
                  f"{depth} nested templates: a located error, not a crash: {p.err!r}")
        elif p.returncode == 0:
            row = sqlite3.connect(out).execute("SELECT name FROM t").fetchone()
            check(row and row[0] in ("<" * depth + w + ">" * depth for w in ("alpha", "beta")),
                  f"{depth} nested templates render: {row!r}")
    # an error deep inside nested parts is located too
    spec = nested(16)
    g = spec["tables"]["t"]["columns"]["name"]
    while "parts" in g:
        g = g["parts"]["p"]
    g["gen"] = "nonesuch"
    root, _ = tiny_schema(tmp, spec)
    p = hb("db", "tiny", "--root", root, "--scale", "1", "-o", os.path.join(tmp, "x.sqlite"),
           expect=1)
    check(re.search(r"generate\.json:\d+: ", p.err), f"deep error located: {p.err!r}")


# ---------------------------------------------------------------- 4. -o on special files


def test_output_targets(tmp):
    import threading
    root = copy_root(tmp)
    gen = ["generate", "--root", root, "--preset", "quick", "-q", "-o"]
    expected = open(QUICK, "rb").read()

    # a symlink: the file it points to is replaced, the link stays a link
    real = os.path.join(tmp, "real.jsonl")
    link = os.path.join(tmp, "link.jsonl")
    open(real, "w").write("old\n")
    os.symlink("real.jsonl", link)
    hb(*gen, link, expect=0)
    check(os.path.islink(link), "-o SYMLINK keeps the symlink")
    check(open(real, "rb").read() == expected, "-o SYMLINK writes the file it points to")
    # a dangling symlink into a folder: its target is created
    os.mkdir(os.path.join(tmp, "sub"))
    dangling = os.path.join(tmp, "dangling.jsonl")
    os.symlink("sub/new.jsonl", dangling)
    hb(*gen, dangling, expect=0)
    check(os.path.islink(dangling) and
          open(os.path.join(tmp, "sub", "new.jsonl"), "rb").read() == expected,
          "-o DANGLING-SYMLINK creates its target and keeps the link")
    # `db` (SQLite output) follows links too
    dblink = os.path.join(tmp, "db.sqlite")
    os.symlink("sub/real.sqlite", dblink)
    hb("db", "mini", "--root", root, "-o", dblink, "-q", expect=0)
    check(os.path.islink(dblink) and os.path.isfile(os.path.join(tmp, "sub", "real.sqlite")),
          "db -o SYMLINK keeps the link")

    # a FIFO is written in place, not replaced by a file
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    got = []
    # a daemon: if holobench replaced the FIFO, the reader waits forever on the old one
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    hb(*gen, fifo, expect=0)
    reader.join(60)  # returns as soon as the reader has seen the end of the suite
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "-o FIFO leaves the FIFO in place")
    check(got and got[0] == expected, "-o FIFO writes the suite into the FIFO")

    # a character device: a safe one made in the temporary folder (as root only); never
    # /dev/null itself
    if os.geteuid() == 0 and hasattr(os, "mknod"):
        dev = os.path.join(tmp, "null-device")
        try:
            os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except OSError as e:
            print(f"SKIP: -o CHARACTER-DEVICE case: cannot mknod ({e})", flush=True)
            dev = None
        if dev:
            hb(*gen, dev, expect=0)
            check(stat.S_ISCHR(os.lstat(dev).st_mode), "-o CHARDEV leaves the device in place")
            p = hb("db", "mini", "--root", root, "-o", dev, expect=1)
            check(stat.S_ISCHR(os.lstat(dev).st_mode) and "not a regular file" in p.err,
                  f"db -o CHARDEV refuses: {p.err!r}")
    else:
        print("SKIP: -o CHARACTER-DEVICE case: not root, cannot mknod", flush=True)

    # a folder is refused; no temporary left anywhere
    p = hb(*gen, os.path.join(tmp, "sub"), expect=1)
    check("folder" in p.err, f"-o FOLDER refused: {p.err!r}")
    left = [f for _, _, fs in os.walk(tmp) for f in fs if ".tmp-" in f]
    check(not left, f"no temporary left: {left}")


# ---------------------------------------------------------------- 5. schema.sql authorizer


def test_schema_sql_guard(tmp):
    root = copy_root(tmp)
    ddl_path = os.path.join(root, "schemas", "mini", "schema.sql")
    ddl = open(ddl_path).read()
    lines = ddl.count("\n")
    evil = os.path.join(tmp, "evil.db")
    cases = [
        (f"ATTACH DATABASE '{evil}' AS evil;\nCREATE TABLE evil.x(a);", "attaches"),
        (f"VACUUM INTO '{evil}';", None),
        ("PRAGMA journal_mode = WAL;", "PRAGMA"),
        ("CREATE TRIGGER tr AFTER INSERT ON grapes BEGIN SELECT 1; END;", "trigger"),
        ("DROP TABLE critics;", "does more than"),
    ]
    for stmt, word in cases:
        open(ddl_path, "w").write(ddl + "\n" + stmt + "\n")
        p = hb("validate", "--root", root, expect=1)
        check(not os.path.exists(evil), f"schema.sql {stmt!r} wrote a file")
        if word:
            check(re.search(r"schema\.sql:%d: not allowed in schema\.sql: .*%s" %
                            (lines + 2, re.escape(word)), p.err),
                  f"schema.sql {stmt!r}: a located refusal naming it: {p.err!r}")
    # what schemas need still works: tables, indexes, views and rows
    open(ddl_path, "w").write(ddl + "\nCREATE INDEX wy ON wines(year);\n"
                              "CREATE VIEW red AS SELECT * FROM grapes;\n")
    hb("validate", "--root", root, "-q", expect=0)


# ---------------------------------------------------------------- 6. word lists by real path


def test_wordlist_escape(tmp):
    secret = os.path.join(tmp, "credentials")
    open(secret, "w").write("not-a-real-secret-line\n")
    spec = {"tables": {"t": {"rows": 3, "columns": {
        "id": {"gen": "serial"}, "name": {"gen": "choice", "file": "words/link.txt"}}}}}
    root, d = tiny_schema(tmp, spec)
    os.symlink(secret, os.path.join(d, "words", "link.txt"))
    out = os.path.join(tmp, "w.sqlite")
    p = hb("db", "tiny", "--root", root, "--scale", "1", "-o", out, expect=1)
    check(re.search(r"generate\.json:\d+: word list 'words/link\.txt' must be a regular file "
                    r"inside the schema folder", p.err),
          f"a word list symlinked out of the schema folder is refused: {p.err!r}")
    check(not os.path.exists(out), "nothing written from an outside word list")
    # a link that stays inside the folder is fine
    os.remove(os.path.join(d, "words", "link.txt"))
    os.symlink("w.txt", os.path.join(d, "words", "link.txt"))
    hb("db", "tiny", "--root", root, "--scale", "1", "-o", out, "-q", expect=0)
    # a CSV data file symlinked out of the folder is refused too
    root2 = copy_root(os.path.join(tmp, "csv"))
    data = os.path.join(root2, "schemas", "mini", "data", "critics.csv")
    shutil.copy(data, secret)
    os.remove(data)
    os.symlink(secret, data)
    p = hb("validate", "--root", root2, expect=1)
    check("must be a regular file inside the schema folder" in p.err,
          f"a CSV symlinked out of the schema folder is refused: {p.err!r}")


# ---------------------------------------------------------------- 7. keys and server echoes


class FakeServer:
    def __init__(self, tmp, script):
        fake = os.path.join(src, "tests", "fake_server", "fake_server.py")
        spath = os.path.join(tmp, "script.json")
        json.dump(script, open(spath, "w"))
        self.out = os.path.join(tmp, "server.out")
        with open(self.out, "w") as fo:
            self.p = subprocess.Popen(
                [sys.executable, fake, "--port", "0", "--max-seconds", "120",
                 "--exit-with-parent", "--script", spath],
                stdout=fo, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.port = H.server_port(self.out, self.p)

    def stop(self):
        self.p.terminate()
        self.p.wait(10)


def endpoint_file(tmp, port, **kw):
    d = {"api": "openai-chat", "base_url": f"http://127.0.0.1:{port}/v1", "model": "fake-model",
         "api_key_env": "HB_HARDEN_KEY", "params": {"temperature": 0, "max_tokens": 64},
         "concurrency": 1, "timeout_s": 10, "max_retries": 0}
    d.update(kw)
    path = os.path.join(tmp, "ep.json")
    json.dump(d, open(path, "w"))
    return path


def one_instance_suite(tmp):
    path = os.path.join(tmp, "one.jsonl")
    open(path, "w").write(open(QUICK).read().splitlines()[0] + "\n")
    return path


def test_keys_and_echoes(tmp):
    suite = one_instance_suite(tmp)
    key = "fake-" + os.urandom(12).hex()
    env = dict(os.environ, HB_HARDEN_KEY=key)
    # a server that quotes the key back in its error
    srv = FakeServer(tmp, [{"status": 401, "echo_key": True}])
    try:
        ep = endpoint_file(tmp, srv.port)
        run = os.path.join(tmp, "r.sqlite")
        p = hb("run", suite, "--endpoint", ep, "--run", run, "--root", src, "--no-cache",
               env=env, timeout=60)
        check(p.returncode != 0, "a 401 fails the run")
        check(key not in p.err, f"the echoed key is not printed: {p.err!r}")
        check("[redacted]" in p.err, f"the echo is shown redacted: {p.err!r}")
        dump = "\n".join(str(r) for r in sqlite3.connect(run).execute(
            "SELECT * FROM instances"))
        check(key not in dump, "the echoed key is not stored in the run")
        check("[redacted]" in dump, "the redacted echo is stored")
    finally:
        srv.stop()
    # a key or header value with a line break is refused before anything is sent
    for bad_env, kw, what in ((dict(env, HB_HARDEN_KEY=key + "\r\nX-Injected: 1"), {}, "key"),
                              (env, {"headers": {"X-Title": "a\r\nX-Injected: 1"}}, "header")):
        ep = endpoint_file(tmp, 9, **kw)
        p = hb("run", suite, "--endpoint", ep, "--run", os.path.join(tmp, "r2.sqlite"),
               "--root", src, "--no-cache", env=bad_env, expect=1)
        check("control character" in p.err, f"a {what} with CR/LF is refused: {p.err!r}")


# ---------------------------------------------------------------- 8. server pauses are capped


def test_pause_capped(tmp):
    import signal
    suite = one_instance_suite(tmp)
    env = dict(os.environ, HB_HARDEN_KEY="fake-" + os.urandom(8).hex())
    # remaining 0 with a reset 10^6 hours away, on a successful reply and then on a 429
    srv = FakeServer(tmp, [{"status": 429, "reset": "1000000h0m0s", "retry_after": None,
                            "repeat": 50}])
    p = None
    try:
        ep = endpoint_file(tmp, srv.port, max_retries=50)
        args = ["run", suite, "--endpoint", ep, "--run", os.path.join(tmp, "p.sqlite"),
                "--root", src, "--no-cache"]
        p = subprocess.Popen([binary, *args], env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.set_blocking(p.stderr.fileno(), False)
        seen = [b""]

        def paused():  # the progress line, read as it comes
            seen[0] += p.stderr.read() or b""
            return re.search(rb"waiting for the server's rate-limit window until "
                             rb"(\d\d):(\d\d):(\d\d) UTC \((\d+) s\)", seen[0])
        m = H.poll(paused, 60, 0.05, lambda: p.poll() is None)
        err = seen[0]
        check(m is not None, f"the progress line says the run is paused: {err[-600:]!r}")
        if m:
            check(int(m.group(4)) <= 120, f"the pause is capped at 120 s: {m.group(0)!r}")
    finally:
        if p and p.poll() is None:
            p.send_signal(signal.SIGINT)
            p.send_signal(signal.SIGINT)  # twice: stop now
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if p:
            rest = p.stderr.read() or b""
            H.fail_on_sanitizer(args, err + rest)
        srv.stop()


# ---------------------------------------------------------------- 15. duplicate batch results


def oa_result(cid, text):
    body = {"id": "chatcmpl-x", "object": "chat.completion", "created": 1718000000,
            "model": "gpt-test", "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 5, "total_tokens": 1005}}
    return json.dumps({"id": "batch_req_x", "custom_id": cid, "error": None,
                       "response": {"status_code": 200, "request_id": "req_x", "body": body}})


def test_batch_duplicates(tmp):
    import hashlib
    suite = one_instance_suite(tmp)
    iid = json.loads(open(suite).read())["id"]
    cid = "hb-" + hashlib.sha256(iid.encode()).hexdigest()[:16]
    ep = os.path.join(tmp, "oa.json")
    json.dump({"api": "openai-chat", "base_url": "http://127.0.0.1:9/v1", "model": "gpt-test",
               "params": {"temperature": 0, "max_tokens": 300}}, open(ep, "w"))
    d = os.path.join(tmp, "exp")
    hb("export", suite, "--endpoint", ep, "-o", d, "--root", src, "-q", expect=0)
    # two different replies for one request: refused, the run left without either
    out = os.path.join(d, "output.jsonl")
    open(out, "w").write(oa_result(cid, "Answer: 38") + "\n" + oa_result(cid, "Answer: 12") + "\n")
    run = os.path.join(tmp, "b.sqlite")
    p = hb("import", d, "--run", run, "--endpoint", ep, "--root", src, expect=1)
    check(re.search(r"output\.jsonl:2: custom_id '%s' has a different reply at .*output\.jsonl:1"
                    % cid, p.err), f"conflicting batch replies are refused: {p.err!r}")
    if os.path.exists(run):
        done = sqlite3.connect(run).execute(
            "SELECT count(*) FROM instances WHERE status = 'done'").fetchone()[0]
        check(done == 0, "nothing imported from conflicting results")
    # the same reply twice: imported once, and said
    open(out, "w").write(oa_result(cid, "Answer: 38") + "\n" + oa_result(cid, "Answer: 38") + "\n")
    p = hb("import", d, "--run", run, "--endpoint", ep, "--root", src, expect=0)
    check("1 requests have more than one result" in p.err,
          f"a repeated result is reported: {p.err!r}")
    row = sqlite3.connect(run).execute("SELECT status, reply FROM instances").fetchone()
    check(row == ("done", "Answer: 38"), f"the repeated reply is imported: {row!r}")


# ---------------------------------------------------------------- 14. one run, one process


def test_run_lock(tmp):
    import urllib.request
    suite = one_instance_suite(tmp)
    env = dict(os.environ, HB_HARDEN_KEY="fake-" + os.urandom(8).hex())
    srv = FakeServer(tmp, [{"fault": "hang", "hang_ms": 60000}])
    first = None
    try:
        ep = endpoint_file(tmp, srv.port)
        run = os.path.join(tmp, "l.sqlite")
        args = ["run", suite, "--endpoint", ep, "--run", run, "--root", src, "--no-cache", "-q"]
        first = subprocess.Popen([binary, *args], env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        def in_flight():
            with urllib.request.urlopen(f"http://127.0.0.1:{srv.port}/_stats", timeout=5) as r:
                return json.loads(r.read())["in_flight"] > 0
        busy = bool(H.poll(in_flight, 60, 0.05, lambda: first.poll() is None))
        check(busy, "test setup: the first run has a request in flight")
        p = hb(*args, env=env, expect=1)
        check(f"is in use by another holobench process (pid {first.pid})" in p.err,
              f"a second run on the same database is refused: {p.err!r}")
        stop_run(first)
        # the lock goes with the process: the run resumes at once (the script is used up,
        # so the server answers normally now)
        hb(*args, env=env, expect=0)
    finally:
        stop_run(first)
        srv.stop()


def stop_run(p):
    """Ctrl-C twice (stop now), then checks what the process printed."""
    import signal
    if not p or p.returncode is not None:
        return
    if p.poll() is None:
        p.send_signal(signal.SIGINT)
        p.send_signal(signal.SIGINT)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    H.fail_on_sanitizer(["run"], p.stderr.read())


# ---------------------------------------------------------------- 12. replies with odd bytes


def test_reply_bytes(tmp):
    """Ill-formed UTF-8 or a NUL before the answer lost the answer (score 0, no flag)."""
    iid = "mini-q01-4k-a1k-uniform-s1"  # gold: one row, 38
    replies = {
        "nul": b"I first thought 12.\x00\nAnswer: 38",
        "bad-utf8": b"Caf\xe9 \xff\xfe notes\x80.\nAnswer: 38",
        "cut-char": b"Thinking \xe2\x82\nAnswer: 38 \xed\xa0\x80",
    }
    for name, reply in replies.items():
        run = os.path.join(tmp, name + ".sqlite")
        make_run(run, run_ddl(), [])
        con = sqlite3.connect(run)
        con.execute("INSERT INTO instances(id, status, reply) VALUES(?, 'done', CAST(? AS TEXT))",
                    (iid, reply))
        con.commit()
        con.close()
        p = hb("score", run, expect=0)
        row = sqlite3.connect(run).execute(
            "SELECT score, extraction, flag FROM scores WHERE id = ?", (iid,)).fetchone()
        check(row and row[0] == 1.0, f"{name}: the answer after the odd bytes is read: {row!r}")
        check(row and (row[1] or "").startswith("answer-marker; reply repaired"),
              f"{name}: the score row says the reply was repaired: {row!r}")
        check("replaced before scoring" in p.err, f"{name}: score says so: {p.err!r}")


# ---------------------------------------------------------------- 13. unscored is no score


def test_unscored_not_averaged(tmp):
    ddl = run_ddl()
    run = os.path.join(tmp, "u.sqlite")
    ids = [json.loads(x)["id"] for x in open(QUICK).read().splitlines()[:2]]
    make_run(run, ddl, [(ids[0], "done", "Answer: 38"), (ids[1], "done", "Answer: 38")])
    hb("score", run, "-q", expect=0)
    con = sqlite3.connect(run)
    # what a judge that failed on every request stores, once as holobench stores it now (NULL)
    # and once as an older holobench did (0): neither is averaged
    for iid, score in ((ids[0], None), (ids[1], 0.0)):
        con.execute("INSERT INTO scores(id, scorer, score, extraction, flag, labels) "
                    "VALUES(?, 'judge:m', ?, 'judge', 'unscored', '[]')", (iid, score))
    con.commit()
    con.close()
    p = hb("report", run, "--scorer", "judge:m", "--format", "csv", expect=0)
    out = p.stdout.decode()
    # score rows only: cost rows carry their value in the mean column
    means = [r.split(",")[4] for r in out.splitlines()[1:]
             if r.count(",") >= 4 and r.split(",")[1] != "cost"]
    check(means and all(m == "" for m in means),
          f"report: unscored instances are not averaged as 0: {out[:400]!r}")
    check(sqlite3.connect(run).execute("SELECT avg(score) FROM scores WHERE scorer = 'judge:m' "
                                       "AND id = ?", (ids[0],)).fetchone()[0] is None,
          "test setup: an unscored row has no score")


# ---------------------------------------------------------------- 17. bad option values


def test_bad_values(tmp):
    root = copy_root(tmp)
    out = os.path.join(tmp, "o")
    cases = [
        ["generate", "--preset", "quick", "--root", root, "-o", ""],
        ["generate", "--preset", "quick", "--root", root, "--output="],
        ["db", "mini", "--root", root, "-o", ""],
        ["data", "mini", "--root", root, "-o", ""],
        ["gold", QUICK, "--root", root, "-o", ""],
        ["report", QUICK, "-o", ""],
        ["export", QUICK, "--endpoint", "x", "-o", ""],
        ["db", "mini", "--root", root, "--scale", "1e9", "-o", out],
        ["db", "mini", "--root", root, "--scale", "nan", "-o", out],
        ["db", "mini", "--root", root, "--scale", "inf", "-o", out],
        ["data", "mini", "--root", root, "--scale", "0x10", "-o", out],
        ["generate", "--preset", "quick", "--root", root, "--scale", "1e7", "-o", out],
        ["run", QUICK, "--endpoint", "x", "--grace", "nan"],
        ["run", QUICK, "--endpoint", "x", "--grace", "inf"],
        ["run", QUICK, "--endpoint", "x", "--grace", "-1"],
        ["run", QUICK, "--endpoint", "x", "--limit", "18446744073709551615"],
        ["score", QUICK, "--rel-tol", "nan"],
    ] + [["generate", "--preset", "quick", "--root", root, "--shard", s, "-o", out]
         for s in ("1/-1", "-1/3", "0/3", "4/3", "1/0", "1/3x", "/3", "1/ 3", "1/99999999999999999999")]
    for args in cases:
        p = hb(*args, expect=2)
        check("see 'holobench" in p.err, f"{args}: a usage hint: {p.err!r}")
        check(not os.path.exists(out), f"{args}: nothing written")


TESTS = [test_gold_odd_lines, test_damaged_runs, test_nested_templates, test_output_targets,
         test_schema_sql_guard, test_wordlist_escape, test_keys_and_echoes,
         test_pause_capped, test_batch_duplicates,
         test_run_lock, test_reply_bytes, test_unscored_not_averaged, test_bad_values]


def main():
    only = os.environ.get("HARDEN_ONLY")
    for t in TESTS:
        if only and only not in t.__name__:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            t(tmp)
    if failures:
        print(f"{failures} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
