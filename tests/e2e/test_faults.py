#!/usr/bin/env python3
"""Faults (issue 12, deliver item 4), beside test_signals.py (SIGTERM/SIGINT/SIGHUP during
generate's write):
 - a full disk, made with RLIMIT_FSIZE in the child and SIGXFSZ ignored (so a write fails
   with EFBIG instead of killing the process): `generate -o`, `gold -o` and `score` fail
   with a clear message, the old output is whole, no temporary is left, and the run
   database passes integrity_check and scores once the disk has room;
 - SIGTERM and SIGINT sent to `gold --write` (by the temporary file's size), `score` and
   `import` (by the size of the run database's journal), at seeded points: the suite is old
   or new, the run holds no score/reply of the command or all of them;
 - SIGTERM and SIGINT sent to `run` against the fake server at seeded random points, each
   chosen by the server's request count (observed progress, not a sleep): the run database
   passes integrity_check, the run resumes to the end, and the server saw no instance twice
   (no request paid twice).

usage: test_faults.py HOLOBENCH SOURCE_ROOT"""
import glob
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
QUICK = os.path.join(SRC, "tests", "data", "quick-suite.jsonl")
KEY_ENV = "HB_FAULTS_KEY"
ENV = dict(os.environ, LC_ALL="C", **{KEY_ENV: "test-key-faults"})
FAILURES = []


def check(cond, what, *detail):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, *[str(d)[-1500:] for d in detail], flush=True)


def run_ddl():
    """The run database's DDL, read from rundb.c (as test_harden does)."""
    text = open(os.path.join(SRC, "src", "api", "rundb.c")).read()
    body = re.search(r"run_ddl\[\] = (.*?);\n\n", text, re.S).group(1)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)).replace("\\n", "\n")


def full_disk(limit):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def hb(args, preexec=None, timeout=120):
    p = subprocess.run([BIN] + args, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout, preexec_fn=preexec)
    H.fail_on_sanitizer(args, p.stderr)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def integrity(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_full_disk(tmp):
    root = os.path.join(tmp, "root")
    shutil.copytree(os.path.join(SRC, "tests", "data", "root"), root)
    old = b'{"id": "old"}\n'
    cases = [
        ("generate", ["generate", "--root", root, "--preset", "quick", "-q", "-o"]),
        ("gold", ["gold", QUICK, "--root", root, "-o"]),
    ]
    for name, args in cases:
        out = os.path.join(tmp, name + ".jsonl")
        with open(out, "wb") as f:
            f.write(old)
        rc, err = hb(args + [out], preexec=full_disk(64 << 10))
        print("  %-9s on a full disk: exit %s" % (name, rc), flush=True)
        check(rc == 1, "%s on a full disk exits 1, not %s" % (name, rc), err)
        check("cannot write" in err and "File too large" in err,
              "%s on a full disk says it cannot write and why" % name, err)
        with open(out, "rb") as f:
            check(f.read() == old, "%s on a full disk: the old output is whole" % name)
        left = glob.glob(out + ".tmp-*")
        check(not left, "%s on a full disk: no temporary left" % name, left)

    # score: the run database cannot grow by the scores
    run = os.path.join(tmp, "run.sqlite")
    con = sqlite3.connect(run)
    con.executescript(run_ddl())
    con.executemany("INSERT INTO run VALUES(?,?)", [("schema_version", "1"),
                                                     ("suite_path", QUICK)])
    for line in open(QUICK):
        iid = json.loads(line)["id"]
        con.execute("INSERT INTO instances(id, status, reply) VALUES(?, 'done', ?)",
                    (iid, "Answer: 38 " + "padding " * 400))
    con.commit()
    con.close()
    size = os.path.getsize(run)
    rc, err = hb(["score", run], preexec=full_disk(size))
    print("  score     on a full disk: exit %s" % rc, flush=True)
    check(rc == 1, "score on a full disk exits 1, not %s" % rc, err)
    check(run in err or "run.sqlite" in err, "score on a full disk names the run", err)
    check(integrity(run) == "ok", "score on a full disk: the run passes integrity_check")
    rc, err = hb(["score", run])
    check(rc == 0, "score once the disk has room", rc, err)


def stats(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/_stats" % port, timeout=10) as r:
        return json.loads(r.read())


def test_run_signals(tmp):
    rnd = random.Random(12)
    root = os.path.join(SRC, "tests", "data", "root")
    lines = open(QUICK).read().splitlines()
    suite = os.path.join(tmp, "suite.jsonl")
    with open(suite, "w") as f:
        f.write("\n".join(lines) + "\n")
    for i, sig in enumerate([signal.SIGTERM, signal.SIGINT, signal.SIGTERM]):
        d = os.path.join(tmp, "r%d" % i)
        os.makedirs(d)
        srv = H.FakeServer(d, "--latency-ms", "150", "--log", os.path.join(d, "log.jsonl"))
        try:
            ep = os.path.join(d, "ep.json")
            with open(ep, "w") as f:
                json.dump({"api": "openai-chat", "base_url": "http://127.0.0.1:%d/v1" % srv.port,
                           "model": "fake-model", "api_key_env": KEY_ENV,
                           "params": {"temperature": 0, "max_tokens": 64}, "concurrency": 2,
                           "timeout_s": 10, "max_retries": 0}, f)
            run = os.path.join(d, "run.sqlite")
            args = [BIN, "run", suite, "--endpoint", ep, "--run", run, "--root", root, "-q"]
            at = rnd.randrange(2, 30)  # of about 60 distinct requests
            p = subprocess.Popen(args, env=ENV, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            sent = bool(H.poll(lambda: stats(srv.port)["requests"] >= at, 60, 0.01,
                               lambda: p.poll() is None))
            if sent:
                p.send_signal(sig)
            _, err = p.communicate(timeout=60)
            H.fail_on_sanitizer(["run", "(signal)"], err)
            name = signal.Signals(sig).name
            check(sent, "%s: run was caught after %d requests" % (name, at))
            # run stops gracefully on either signal: it waits for the replies in flight
            check(p.returncode == 1, "%s: run stops with exit 1, not %s" % (name, p.returncode),
                  err.decode("utf-8", "replace"))
            check(integrity(run) == "ok", "%s after %d requests: integrity_check" % (name, at))
            rc, err = hb(args[1:])
            check(rc == 0, "%s after %d requests: the run resumes" % (name, at), rc, err)
            con = sqlite3.connect(run)
            done = con.execute("SELECT count(*) FROM instances WHERE status = 'done'"
                               ).fetchone()[0]
            con.close()
            check(done == len(lines), "%s: every instance done after the resume" % name, done)
            seen = {}
            for rec in open(os.path.join(d, "log.jsonl")):
                r = json.loads(rec)
                seen[r.get("body_sha256")] = seen.get(r.get("body_sha256"), 0) + 1
            twice = sorted(k for k, v in seen.items() if v > 1)
            print("  %s after %d requests: exit %s, %d requests in all, %d distinct" %
                  (name, at, p.returncode, sum(seen.values()), len(seen)), flush=True)
            check(seen and not twice, "%s after %d requests: no request paid twice" % (name, at),
                  twice)
        finally:
            srv.stop()


def cut_when(args, ready, sig, timeout=60):
    """Starts holobench, sends `sig` once ready() holds (polled), returns (caught, rc, err)."""
    p = subprocess.Popen([BIN] + args, env=ENV, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    def safe_ready():
        try:
            return ready()
        except OSError:
            return False
    caught = bool(H.poll(safe_ready, timeout, 0.0005, lambda: p.poll() is None))
    if caught:
        p.send_signal(sig)
    _, err = p.communicate(timeout=timeout)
    H.fail_on_sanitizer(args + ["(signal %d)" % sig], err)
    return caught, p.returncode, err.decode("utf-8", "replace")


def tmp_past(out, size):
    def ready():
        tmps = glob.glob(out + ".tmp-*")
        return tmps and os.path.getsize(tmps[0]) >= size
    return ready


def test_gold_signals(tmp):
    """gold --write replaces the suite in place: cut at seeded points of the temporary
    file's growth, the suite is the old one or the new one, never a mix."""
    rnd = random.Random(34)
    root = os.path.join(tmp, "root")
    shutil.copytree(os.path.join(SRC, "tests", "data", "root"), root)
    suite = os.path.join(tmp, "suite.jsonl")
    rc, err = hb(["generate", "--root", root, "--preset", "paper", "-q", "-o", suite])
    check(rc == 0, "generate the paper suite", rc, err)
    old = open(suite, "rb").read()
    q = os.path.join(root, "queries", "mini.json")
    text = open(q).read()
    with open(q, "w") as f:  # a changed query: gold --write has instances to rewrite
        f.write(text.replace("WHERE score > :min_score", "WHERE score >= :min_score"))
    new_path = os.path.join(tmp, "new.jsonl")
    rc, err = hb(["gold", suite, "--root", root, "-q", "-o", new_path])
    check(rc == 0, "gold -o: the new suite", rc, err)
    new = open(new_path, "rb").read()
    check(new != old, "the changed query changes the suite")
    caught_any = False
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGTERM, signal.SIGINT):
        with open(suite, "wb") as f:
            f.write(old)
        at = rnd.randrange(4096, len(old) // 2)
        caught, rc, err = cut_when(["gold", suite, "--root", root, "-q", "--write"],
                                   tmp_past(suite, at), sig)
        caught_any |= caught
        name = signal.Signals(sig).name
        got = open(suite, "rb").read()
        print("  gold --write, %s at %d bytes: %s, exit %s, suite %s" % (
            name, at, "caught" if caught else "finished first", rc,
            "old" if got == old else "new" if got == new else "MIXED"), flush=True)
        check(got in (old, new), "gold --write cut by %s: the suite is old or new" % name)
        if caught:
            check(rc == -sig and got == old, "gold --write cut by %s dies of it, suite old" %
                  name, rc, err)
        left = glob.glob(suite + ".tmp-*")
        check(not left, "gold --write cut by %s: no temporary left" % name, left)
    check(caught_any, "gold --write was caught mid-write at least once")


def test_score_signals(tmp):
    """score writes every score in one transaction: cut once its journal has grown past a
    seeded size, the run passes integrity_check with no score or all of them, and scores
    again."""
    rnd = random.Random(56)
    root = os.path.join(tmp, "root")
    shutil.copytree(os.path.join(SRC, "tests", "data", "root"), root)
    suite = os.path.join(tmp, "suite.jsonl")
    rc, err = hb(["generate", "--root", root, "--preset", "paper", "-q", "-o", suite])
    ids = [json.loads(line)["id"] for line in open(suite)]
    base = os.path.join(tmp, "base.sqlite")
    con = sqlite3.connect(base)
    con.executescript(run_ddl())
    con.executemany("INSERT INTO run VALUES(?,?)", [("schema_version", "1"),
                                                     ("suite_path", suite)])
    for i, iid in enumerate(ids):
        con.execute("INSERT INTO instances(id, status, reply) VALUES(?, 'done', ?)",
                    (iid, "Thinking about it. " * 300 + "\nAnswer: %d" % i))
    con.commit()
    con.close()
    run = os.path.join(tmp, "run.sqlite")
    caught_any = False
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
        for f in glob.glob(run + "*"):
            os.unlink(f)
        shutil.copy(base, run)
        at = rnd.randrange(1, 64) * 1024

        def ready():
            j = [run + "-journal", run + "-wal"]
            return any(os.path.exists(x) and os.path.getsize(x) >= at for x in j)
        caught, rc, err = cut_when(["score", run, "-q"], ready, sig)
        caught_any |= caught
        name = signal.Signals(sig).name
        ok = integrity(run)
        con = sqlite3.connect(run)
        has = con.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'scores'"
                          ).fetchone()[0]
        n = con.execute("SELECT count(*) FROM scores").fetchone()[0] if has else 0
        con.close()
        print("  score, %s at a %d KB journal: %s, exit %s, %d of %d scores" % (
            name, at >> 10, "caught" if caught else "finished first", rc, n, len(ids)),
            flush=True)
        check(ok == "ok", "score cut by %s: integrity_check" % name, ok)
        check(n in (0, len(ids)), "score cut by %s: no score or all of them, not %d" % (name, n))
        rc, err = hb(["score", run, "-q"])
        check(rc == 0, "score again after %s" % name, rc, err)
    check(caught_any, "score was caught mid-transaction at least once")


def batch_results(export_dir, suite, path):
    """An OpenAI batch output file answering every exported request (as test_hostile)."""
    with open(os.path.join(export_dir, "manifest.json")) as f:
        manifest = json.load(f)
    by_id = {}
    for line in open(suite):
        x = json.loads(line)
        by_id[x["id"]] = x
    with open(path, "w") as f:
        for cid, iid in sorted(manifest["custom_ids"].items()):
            rows = by_id[iid]["gold"]["rows"]
            text = "Let me look. " * 200 + "Answer: %s" % (rows[0][0] if rows else "none")
            body = {"id": "chatcmpl-" + cid[3:], "object": "chat.completion",
                    "created": 1718000000, "model": "gpt-test",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 5,
                              "total_tokens": 105}}
            f.write(json.dumps({"id": "batch_req_" + cid[3:], "custom_id": cid,
                                "response": {"status_code": 200, "request_id": "r",
                                             "body": body}, "error": None}) + "\n")


def test_import_signals(tmp):
    """import records every result in one transaction: cut once the journal has grown past
    a seeded size, the run passes integrity_check with no reply or all of them, and the same
    import then completes."""
    rnd = random.Random(78)
    root = os.path.join(SRC, "tests", "data", "root")
    suite = os.path.join(tmp, "suite.jsonl")
    rc, err = hb(["generate", "--root", root, "--preset", "paper", "-q", "-o", suite])
    check(rc == 0, "generate the paper suite", rc, err)
    ep = os.path.join(tmp, "ep.json")
    with open(ep, "w") as f:
        json.dump({"api": "openai-chat", "base_url": "http://127.0.0.1:9/v1",
                   "model": "gpt-test", "params": {"temperature": 0, "max_tokens": 64},
                   "api_key_env": KEY_ENV}, f)
    d = os.path.join(tmp, "export")
    rc, err = hb(["export", suite, "--endpoint", ep, "-o", d, "--root", root])
    check(rc == 0, "export", rc, err)
    out = os.path.join(d, "output.jsonl")
    batch_results(d, suite, out)
    n = sum(1 for _ in open(suite))
    run = os.path.join(tmp, "run.sqlite")
    args = ["import", d, out, "--run", run, "--endpoint", ep, "--root", root, "-q"]
    caught_any = False
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
        for f in glob.glob(run + "*"):
            os.unlink(f)
        at = rnd.randrange(1, 64) * 1024

        def ready():
            j = [run + "-journal", run + "-wal"]
            return any(os.path.exists(x) and os.path.getsize(x) >= at for x in j)
        caught, rc, err = cut_when(args, ready, sig)
        caught_any |= caught
        name = signal.Signals(sig).name
        done = 0
        if os.path.exists(run):
            check(integrity(run) == "ok", "import cut by %s: integrity_check" % name)
            con = sqlite3.connect(run)
            has = con.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'instances'"
                              ).fetchone()[0]
            done = con.execute("SELECT count(*) FROM instances WHERE status = 'done'"
                               ).fetchone()[0] if has else 0
            con.close()
        print("  import, %s at a %d KB journal: %s, exit %s, %d of %d replies" % (
            name, at >> 10, "caught" if caught else "finished first", rc, done, n), flush=True)
        check(done in (0, n), "import cut by %s: no reply or all of them, not %d" % (name, done))
        rc, err = hb(args)
        check(rc == 0, "import again after %s" % name, rc, err)
        con = sqlite3.connect(run)
        done = con.execute("SELECT count(*) FROM instances WHERE status = 'done'").fetchone()[0]
        con.close()
        check(done == n, "import after %s: every reply recorded" % name, done)
    check(caught_any, "import was caught mid-transaction at least once")


def main():
    with tempfile.TemporaryDirectory(prefix="hb-faults-") as tmp:
        for t in (test_full_disk, test_run_signals, test_gold_signals, test_score_signals,
                  test_import_signals):
            d = os.path.join(tmp, t.__name__)
            os.makedirs(d)
            print(t.__name__, flush=True)
            t(d)
    print("test_faults: %d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
