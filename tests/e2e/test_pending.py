#!/usr/bin/env python3
"""Unfinished runs and failed stores (issue 11, items 4 and 5).

A run stopped by --limit against the fake server: `score` scores only the answered
instances ("scored N of M ... (P pending: never sent, not scored)"), leaves the pending ones
without any score, and its mean is the mean over the answered ones; `report` says "answered
N of M" in every format, averages over answered instances only, and warns when two runs side
by side answered different instances.  Then the store fails (a trigger that aborts, a write
lock held by another connection): `score` exits 1 naming the run and no instance reads as
scored.

usage: test_pending.py HOLOBENCH SOURCE_ROOT"""
import csv
import io
import json
import os
import re
import shutil
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
        print("FAIL:", what, flush=True)


def hb(*args, expect=0, timeout=120):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout,
                       env=dict(os.environ, HB_TEST_KEY="fake-key", LC_ALL="C"))
    H.fail_on_sanitizer(args, p.stderr)
    check(p.returncode == expect,
          f"holobench {' '.join(args)} exited {p.returncode}, expected {expect}: {p.stderr}")
    return p


def scored_rows(run):
    """{id: score} of instances.score, and the ids with a scores row."""
    con = sqlite3.connect(run)
    inst = dict(con.execute("SELECT id, score FROM instances WHERE score IS NOT NULL"))
    has = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'scores'").fetchone()[0]
    rows = {r[0] for r in con.execute("SELECT id FROM scores")} if has else set()
    status = dict(con.execute("SELECT id, status FROM instances"))
    con.close()
    return inst, rows, status


def csv_overall(text, label=None):
    for rec in csv.DictReader(io.StringIO(text, newline="")):
        if rec["dimension"] == "overall" and (label is None or rec["run"] == label):
            return float(rec["mean"]), int(rec["n"])
    return None, None


def check_partial(run, limit, total):
    """score and report of a run that answered `limit` of `total` instances."""
    p = hb("score", run)
    pending = total - limit
    check(f"scored {limit} of {total} instances" in p.stderr and
          f"({pending} pending: never sent, not scored)" in p.stderr,
          f"score's summary counts the pending apart: {p.stderr}")
    inst, rows, status = scored_rows(run)
    answered = {i for i, s in status.items() if s != "pending"}
    check(len(answered) == limit, f"--limit {limit} answered {len(answered)}")
    check(set(inst) == answered and rows == answered,
          "exactly the answered instances have a score (instances.score and scores)")
    mean = sum(inst.values()) / len(inst)
    m = re.search(r"mean score (\d\.\d{3}) over the (\d+) scored", p.stderr)
    check(m is not None and m.group(1) == "%.3f" % mean and int(m.group(2)) == limit,
          f"score's mean is over the answered instances ({mean:.3f}): {p.stderr}")

    text = hb("report", run).stdout
    check(f"answered {limit} of {total} instances ({pending} pending)" in text,
          f"text report: answered {limit} of {total}")
    check("pending: never sent, neither scored nor averaged; a failed request scores 0" in text,
          "the report's header says the rule for pending and failed instances")
    runs_row = next((x for x in text.splitlines() if x.startswith("quick-model ")), "")
    check(runs_row.split()[1:4] == [str(total), str(pending), str(limit)],
          f"the runs table counts instances, pending, scored: {runs_row!r}")
    check("%.3f" % mean in runs_row, f"the runs table's mean is {mean:.3f}: {runs_row!r}")
    csvtext = hb("report", run, "--format", "csv").stdout
    got, n = csv_overall(csvtext)
    check(got is not None and abs(got - mean) < 1e-6 and n == limit,
          f"CSV overall mean {got} (n={n}) is the mean over the answered {mean} (n={limit})")
    check(f"quick-model,coverage,answered,{limit},,," in csvtext and
          f"quick-model,coverage,instances,{total},,," in csvtext, "CSV coverage rows")
    md = hb("report", run, "--format", "md").stdout
    check(f"answered {limit} of {total} instances" in md, "Markdown report: answered N of M")
    html = hb("report", run, "--format", "html").stdout
    check(f"answered {limit} of {total} instances" in html, "HTML report: answered N of M")
    check("Warning" not in text + md + html, "one run: no warning")
    return mean


def check_side_by_side(a, b, la, lb, total):
    """Two runs with different coverage: the warning names how many instances differ."""
    differ = abs(la - lb)
    for fmt, mark in (("text", "Warning: "), ("md", "> **Warning:** "),
                      ("html", '<p class="warn"><b>Warning:</b> ')):
        p = hb("report", a, b, "--format", fmt)
        check(mark + "the runs side by side do not cover the same instances: %d are answered"
              % differ in p.stdout, f"{fmt}: the warning names {differ} instances: "
              f"{p.stdout[:1500]}")
        check("answered %d of %d" % (la, total) in p.stdout and
              "answered %d of %d" % (lb, total) in p.stdout, f"{fmt}: each run's coverage")
        check("answered different instances" in p.stderr, f"{fmt}: warned on stderr too")
    # the same suite hash for both: no suite warning; a different one: warned
    check("different suites" not in hb("report", a, b).stdout, "same suite: no suite warning")
    c = b + ".other.sqlite"
    shutil.copy(b, c)
    con = sqlite3.connect(c)
    con.execute("UPDATE run SET value = 'f00d' || value WHERE key = 'suite_hash'")
    con.commit()
    con.close()
    p = hb("report", a, c)
    check("the runs side by side ran different suites" in p.stdout,
          f"a different suite hash is warned: {p.stdout[:1500]}")


def check_store_fails(run, tmp):
    """A trigger aborts the last score's write: nothing is stored, exit 1, the run named."""
    broken = os.path.join(tmp, "broken.sqlite")
    shutil.copy(run, broken)
    con = sqlite3.connect(broken)
    last = con.execute("SELECT id FROM instances WHERE status != 'pending' "
                       "ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    con.execute("CREATE TRIGGER refuse BEFORE UPDATE OF score ON instances "
                "WHEN NEW.id = '%s' AND NEW.score IS NOT NULL "
                "BEGIN SELECT RAISE(ABORT, 'the test refuses this score'); END" % last)
    con.commit()
    con.close()
    p = hb("score", broken, expect=1)
    check(broken in p.stderr and "the test refuses this score" in p.stderr,
          f"the failure names the run and the cause: {p.stderr}")
    check("scored " not in p.stderr, f"no summary after a failed store: {p.stderr}")
    inst, rows, _ = scored_rows(broken)
    check(not inst and not rows, f"no instance reads as scored: {len(inst)} {len(rows)}")

    # a write lock held by another connection: score waits its busy timeout, then fails
    locked = os.path.join(tmp, "locked.sqlite")
    shutil.copy(run, locked)
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        p = hb("score", locked, expect=1)
        check(locked in p.stderr and "locked" in p.stderr,
              f"a locked run: the failure names it: {p.stderr}")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    inst, rows, _ = scored_rows(locked)
    check(not inst and not rows, "a locked run: no instance reads as scored")
    hb("score", locked)  # and once the lock is gone, scoring works


def main():
    suite = os.path.join(src, "tests/data/quick-suite.jsonl")
    with open(suite) as f:
        insts = [json.loads(line) for line in f if line.strip()]
    total = len(insts)
    with tempfile.TemporaryDirectory() as tmp:
        # the fake model answers each question with its gold rows, so that scores vary
        replies = {}
        for i in insts:
            rows = i["gold"]["rows"]
            replies.setdefault(i["question"], "\n".join(
                ", ".join(str(v) for v in row) for row in rows) or "No such information.")
        with open(os.path.join(tmp, "replies.json"), "w") as f:
            json.dump(replies, f)
        server = subprocess.Popen(
            [sys.executable, os.path.join(src, "tests/fake_server/fake_server.py"), "--port", "0",
             "--max-seconds", "240", "--replies", os.path.join(tmp, "replies.json")],
            stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline().split()[1])
            ep = os.path.join(tmp, "ep.json")
            with open(ep, "w") as f:
                json.dump({"api": "openai-chat", "base_url": f"http://127.0.0.1:{port}/v1",
                           "model": "quick-model", "params": {"max_tokens": 256},
                           "api_key_env": "HB_TEST_KEY", "concurrency": 4, "timeout_s": 10,
                           "max_retries": 1}, f)
            a, b = os.path.join(tmp, "a.sqlite"), os.path.join(tmp, "b.sqlite")
            la, lb = 30, 12
            hb("run", suite, "--endpoint", ep, "--run", a, "--root", src, "--limit", str(la),
               "-q")
            hb("run", suite, "--endpoint", ep, "--run", b, "--root", src, "--limit", str(lb),
               "-q")
            mean = check_partial(a, la, total)
            check(mean > 0, f"the fake model scores above 0 on some instances ({mean})")
            check_partial(b, lb, total)
            check_side_by_side(a, b, la, lb, total)
            unscored = os.path.join(tmp, "unscored.sqlite")
            hb("run", suite, "--endpoint", ep, "--run", unscored, "--root", src, "--limit", "5",
               "-q")
            check_store_fails(unscored, tmp)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"test_pending: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
