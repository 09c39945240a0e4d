#!/usr/bin/env python3
"""Allocation-failure injection (issue 12, deliver item 2): in a build configured with
-Dfail_alloc=true, HOLOBENCH_FAIL_ALLOC=N makes the N-th allocation fail (holobench's own,
SQLite's and cJSON's; HOLOBENCH_FAIL_ALLOC=0 prints the count).  Swept over a small
`validate`, `generate`, `score` and `run` against the fake server: every failure is a clean
error (exit 1 or 2 with a message, no sanitizer report), leaves no output and no temporary
file, and a run database passes PRAGMA integrity_check and then completes.

The sweep takes every k-th N up to the command's count (k making about PER_COMMAND points,
plus N = 1..8) and stops at a time bound.  Any other build: exit 77 (skipped).

usage: test_failalloc.py HOLOBENCH SOURCE_ROOT"""
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
QUICK = os.path.join(SRC, "tests", "data", "quick-suite.jsonl")
KEY_ENV = "HB_FAILALLOC_KEY"
PER_COMMAND = int(os.environ.get("HB_FAILALLOC_POINTS", "40"))
SECONDS = 120  # per command
FAILURES = []


def check(cond, what, *detail):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, *[str(d)[-1500:] for d in detail], flush=True)


def hb(args, n, cwd):
    env = dict(os.environ, LC_ALL="C", HOLOBENCH_FAIL_ALLOC=str(n))
    env[KEY_ENV] = "test-key-failalloc"
    p = subprocess.run([BIN] + args, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    H.fail_on_sanitizer(args + ["(HOLOBENCH_FAIL_ALLOC=%d)" % n], p.stderr)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def count(args, cwd, prepare):
    """The command's allocations with none failing, and for each library with an allocator
    of its own (libcurl, PCRE2, utf8proc) how many it made and the numbers of its 1st, 2nd,
    4th, 8th, ... allocation."""
    prepare()
    rc, err = hb(args, 0, cwd)
    m = re.search(r"holobench: (\d+) allocations", err)
    libs = {lib: (int(k), [int(x) for x in re.findall(r"#(\d+)", at)])
            for lib, k, at in re.findall(r"holobench: (\S+) made (\d+) of them:(.*)", err)}
    return (int(m.group(1)) if m else None), libs, rc, err


def sweep(name, args, cwd, prepare, after_fail, after_ok=None, libs=(), codes=(1, 2)):
    """Fails allocations 1..8, every k-th, and the sampled ones inside the libraries; checks
    that the command's libraries `libs` allocate and that failures were injected in them.
    An exit status in `codes` is a clean failure: 1 and 2 with a message (after_fail gets
    the status to check any other)."""
    total, made, rc, err = count(args, cwd, prepare)
    check(rc == 0 and total, "%s: runs with no failure injected" % name, rc, err)
    if not total:
        return
    for lib in libs:
        check(lib in made, "%s: %s's allocations go through the counting hook" % (name, lib),
              err[-500:])
    step = max(1, total // PER_COMMAND)
    inside = [n for lib in libs for n in made.get(lib, (0, []))[1]]
    points = sorted(set(list(range(1, 9)) + list(range(1, total + 1, step)) + inside))
    deadline = time.monotonic() + SECONDS
    done = clean = 0
    reached = {}
    for n in points:
        if time.monotonic() > deadline:
            break
        prepare()
        rc, err = hb(args, n, cwd)
        done += 1
        for lib in re.findall(r"holobench: allocation \d+ fails in (\S+)", err):
            reached[lib] = reached.get(lib, 0) + 1
        if rc == 0:  # the N-th allocation was one a failure is recovered from, or past the end
            if after_ok:
                after_ok(n)
            continue
        clean += 1
        said = re.sub(r"holobench: allocation \d+ fails in \S+\n", "", err).strip()
        check(rc in codes and (said or rc not in (1, 2)),
              "%s, allocation %d fails: a clean error, not exit %s" % (name, n, rc), err)
        after_fail(n, err, rc)
    for lib in libs:
        check(reached.get(lib), "%s: the sweep failed allocations inside %s" % (name, lib),
              reached)
    print("  %-9s %6d allocations (%s), %3d points tried, %3d ended in an error; failed "
          "inside: %s" % (name, total, ", ".join("%s %d" % (k, v[0]) for k, v in made.items())
                          or "no library", done, clean,
                          ", ".join("%s %d" % kv for kv in reached.items()) or "none"),
          flush=True)


def no_leftovers(folder, what, n):
    left = [f for f in os.listdir(folder) if ".tmp-" in f]
    check(not left, "%s, allocation %d fails: no temporary file left" % (what, n), left)


def tiny_tokenizer(path):
    """A byte-level BPE tokenizer.json with the NFC normalizer and a Split pre-tokenizer:
    PCRE2 splits, utf8proc normalizes."""
    vocab, k = {}, 0
    for b in range(256):
        printable = 33 <= b <= 126 or 161 <= b <= 172 or b >= 174
        vocab[chr(b if printable else 256 + k)] = b
        k += 0 if printable else 1
    vocab.update({"ab": 256, "\u0120a": 257})
    with open(path, "w") as f:
        json.dump({"version": "1.0", "added_tokens": [],
                   "normalizer": {"type": "NFC"},
                   "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                       {"type": "Split", "pattern": {"Regex": " ?\\S+|\\s+"},
                        "behavior": "Isolated", "invert": False},
                       {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False}]},
                   "decoder": {"type": "ByteLevel"},
                   "model": {"type": "BPE", "vocab": vocab, "merges": ["a b", "\u0120 a"]}}, f)


def tokens_sweep(tmp):
    """`tokens` with that tokenizer on text with decomposed accents: what every token count
    on a tokenizer.json does.  A failure must end with an error, never a wrong count."""
    tok, text = os.path.join(tmp, "tokenizer.json"), os.path.join(tmp, "text.txt")
    tiny_tokenizer(tok)
    with open(text, "w") as f:
        for i in range(20):
            f.write("cafe\u0301 %d ab re\u0301sume\u0301 a\u030a\n" % i)
    args = ["tokens", "--tokenizer", tok, text]
    env = dict(os.environ, LC_ALL="C")
    whole = subprocess.run([BIN] + args, env=env, stdout=subprocess.PIPE, timeout=60).stdout
    check(whole.count(b"\n") == 21, "tokens with no failure injected counts every line", whole)

    def same_or_nothing(n):
        p = subprocess.run([BIN] + args, env=dict(env, HOLOBENCH_FAIL_ALLOC=str(n)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        check(p.returncode != 0 or p.stdout == whole,
              "tokens, allocation %d fails: the right counts or an error" % n, p.stdout[-300:])
    sweep("tokens", args, tmp, lambda: None, lambda n, err, rc: None, after_ok=same_or_nothing,
          libs=["PCRE2", "utf8proc"])


def main():
    rc, err = hb(["validate", "--root", os.path.join(SRC, "tests", "data", "root")], 1, SRC)
    if "out of memory" not in err:
        print("skip: holobench was not built with -Dfail_alloc=true")
        return 77
    with tempfile.TemporaryDirectory(prefix="hb-failalloc-") as tmp:
        root = os.path.join(tmp, "root")
        shutil.copytree(os.path.join(SRC, "tests", "data", "root"), root)

        sweep("validate", ["validate", "--root", root], tmp, lambda: None,
              lambda n, err, rc: None)

        out = os.path.join(tmp, "suite.jsonl")

        def gen_prepare():
            if os.path.exists(out):
                os.unlink(out)

        gen_args = ["generate", "--root", root, "--preset", "quick", "--queries",
                    "mini-q0[1-3]*", "-q", "-o", out]
        hb(gen_args, 0, tmp)  # the suite a run with no failure writes
        whole = open(out, "rb").read() if os.path.exists(out) else None
        check(whole, "generate with no failure injected writes the suite")

        def gen_fail(n, err, rc):
            # a failure before the rename leaves no file; one after it (in the summary) leaves
            # the complete suite: never a part of it
            check(not os.path.exists(out) or open(out, "rb").read() == whole,
                  "generate, allocation %d fails: no output file, or the complete one" % n)
            no_leftovers(tmp, "generate", n)
        sweep("generate", gen_args, tmp, gen_prepare, gen_fail)

        tokens_sweep(tmp)

        # score: a run database holding replies, made once by a run against the fake server
        srv = H.FakeServer(tmp, tag="server")
        try:
            ep = os.path.join(tmp, "ep.json")
            with open(ep, "w") as f:
                f.write('{"api": "openai-chat", "base_url": "http://127.0.0.1:%d/v1", '
                        '"model": "fake-model", "api_key_env": "%s", "params": '
                        '{"temperature": 0, "max_tokens": 64}, "concurrency": 1, '
                        '"timeout_s": 10, "max_retries": 0}' % (srv.port, KEY_ENV))
            suite = os.path.join(tmp, "few.jsonl")
            with open(QUICK) as f:
                lines = f.read().splitlines()[:3]
            with open(suite, "w") as f:
                f.write("\n".join(lines) + "\n")
            base = os.path.join(tmp, "base.sqlite")
            rc, err = hb(["run", suite, "--endpoint", ep, "--run", base, "--root", root, "-q"],
                         -1, tmp)
            check(rc == 0, "a first run against the fake server", rc, err)
            run = os.path.join(tmp, "run.sqlite")

            def copy_run():
                for f in glob.glob(run + "*"):
                    os.unlink(f)
                shutil.copy(base, run)

            def db_sound(what, n):
                con = sqlite3.connect(run)
                ok = con.execute("PRAGMA integrity_check").fetchone()[0]
                con.close()
                check(ok == "ok", "%s, allocation %d fails: integrity_check" % (what, n), ok)

            def score_fail(n, err, rc):
                db_sound("score", n)
                rc, err = hb(["score", run], -1, tmp)
                check(rc == 0, "score after allocation %d failed: scores again" % n, rc, err)
            sweep("score", ["score", run], tmp, copy_run, score_fail, libs=["PCRE2"])

            def fresh_run():
                for f in glob.glob(run + "*"):
                    os.unlink(f)

            def run_fail(n, err, rc):
                if os.path.exists(run):
                    db_sound("run", n)
                if rc == 3:  # a request failed for it (libcurl's "Out of memory"): recorded
                    con = sqlite3.connect(run)
                    failed = con.execute("SELECT count(*) FROM instances WHERE status = "
                                         "'failed' AND last_error != ''").fetchone()[0]
                    con.close()
                    check(failed, "run, allocation %d fails with exit 3: an instance failed "
                          "with its error" % n)
                rc, err = hb(run_args, -1, tmp)
                check(rc == 0, "run after allocation %d failed: resumes and completes" % n,
                      rc, err)
                if rc == 0:
                    con = sqlite3.connect(run)
                    left = con.execute("SELECT count(*) FROM instances WHERE status != 'done'"
                                       ).fetchone()[0]
                    con.close()
                    check(left == 0, "run resumed after allocation %d failed: all done" % n,
                          left)
            # --no-cache: every request is sent (the first run filled the cache beside it)
            run_args = ["run", suite, "--endpoint", ep, "--run", run, "--root", root, "-q",
                        "--no-cache"]
            sweep("run", run_args, tmp, fresh_run, run_fail, libs=["libcurl"], codes=(1, 2, 3))
        finally:
            srv.stop()
    print("test_failalloc: %d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
