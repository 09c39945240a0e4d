#!/usr/bin/env python3
"""`holobench score --judge` and `calibrate`: the judge's two stages go through the run machinery to the fake
server; replies that label every gold id once are stored as scorer judge:MODEL, the others
are 'unscored' (fail closed); a second judging sends nothing new; `report` shows agreement.

usage: test_judge.py HOLOBENCH SOURCE_ROOT"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402
import time
import urllib.request

binary, src = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, flush=True)


def stats(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stats", timeout=5) as r:
        return json.load(r)


with tempfile.TemporaryDirectory() as tmp:
    replies = os.path.join(tmp, "replies.json")
    with open(replies, "w") as f:
        # extraction prompts hold the model's response in a ```response block; label prompts
        # list "Gold rows:".  One label for id 1 fits only golds with exactly one row.
        json.dump({"```response": json.dumps({"reasoning": "r", "final_answer": "38"}),
                   "Gold rows:": json.dumps({"evaluations": [{"id": 1,
                                                              "label": "Exact Match"}]})}, f)
    server = subprocess.Popen([sys.executable, os.path.join(src, "tests/fake_server/fake_server.py"),
                               "--port", "0", "--max-seconds", "120", "--replies", replies],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[1])
        ep = os.path.join(tmp, "ep.json")
        with open(ep, "w") as f:
            json.dump({"api": "openai-chat", "base_url": f"http://127.0.0.1:{port}/v1",
                       "model": "judge-model", "params": {"max_tokens": 256},
                       "api_key_env": "HB_TEST_JUDGE_KEY",
                       "concurrency": 4, "timeout_s": 10, "max_retries": 2}, f)
        suite = os.path.join(src, "tests/data/quick-suite.jsonl")
        run = os.path.join(tmp, "results", "r.sqlite")
        os.makedirs(os.path.dirname(run))
        env = dict(os.environ, HB_TEST_JUDGE_KEY="fake-judge-key")

        def hb(*args):
            p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120,
                               env=env)
            H.fail_on_sanitizer(args, p.stderr)
            return p

        p = hb("run", suite, "--endpoint", ep, "--run", run, "--root", src, "-q")
        check(p.returncode == 0, f"run: {p.stderr}")
        p = hb("score", run, "--judge", ep, "--root", src)
        check(p.returncode == 0, f"score --judge: {p.stderr}")
        db = sqlite3.connect(run)
        golds = {}
        with open(suite) as f:
            for line in f:
                inst = json.loads(line)
                golds[inst["id"]] = len(inst["gold"]["rows"])
        rows = db.execute("SELECT id, score, flag, labels FROM scores WHERE scorer = "
                          "'judge:judge-model'").fetchall()
        check(len(rows) == len(golds), f"a judge result per instance: {len(rows)}")
        for iid, score, flag, labels in rows:
            if golds[iid] == 1:
                check(flag is None and score == 1.0 and json.loads(labels) == ["exact"],
                      f"{iid}: one gold row labelled Exact Match: {score} {flag} {labels}")
            else:
                check(flag == "unscored" and score is None,
                      f"{iid}: {golds[iid]} gold rows, one label: must be unscored, got {flag}")
        check(any(n.startswith("label-") and n.endswith(".sqlite")
                  for n in os.listdir(run + ".judge")), "the label stage kept its run")
        sent = stats(port)["requests"]
        p = hb("score", run, "--judge", ep, "--root", src)
        check(p.returncode == 0 and stats(port)["requests"] == sent,
              "judging again sends nothing new (resume and cache)")
        # the judge's store fails (a trigger refuses its rows): exit 1 naming the run, and
        # the judge's earlier results are left exactly as they were
        before = db.execute("SELECT * FROM scores WHERE scorer LIKE 'judge:%' ORDER BY id").fetchall()
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON scores WHEN NEW.scorer LIKE 'judge:%' "
                   "AND NEW.id = (SELECT max(id) FROM instances) "
                   "BEGIN SELECT RAISE(ABORT, 'the test refuses this judgement'); END")
        db.commit()
        p = hb("score", run, "--judge", ep, "--root", src)
        check(p.returncode == 1 and run in p.stderr and "refuses this judgement" in p.stderr
              and "judged " not in p.stderr,
              f"a failed judge store: exit 1 naming the run: {p.returncode} {p.stderr}")
        after = db.execute("SELECT * FROM scores WHERE scorer LIKE 'judge:%' ORDER BY id").fetchall()
        check(after == before, "a failed judge store changes no judge result")
        db.execute("DROP TRIGGER refuse")
        # an instance that was never sent gets no result from either scorer
        first = db.execute("SELECT id FROM instances ORDER BY rowid LIMIT 1").fetchone()[0]
        db.execute("UPDATE instances SET status = 'pending', reply = NULL WHERE id = ?", (first,))
        db.commit()
        p = hb("score", run, "--judge", ep, "--root", src)
        check(p.returncode == 0 and "(1 pending: never sent, not scored)" in p.stderr,
              f"score --judge over a pending instance: {p.stderr}")
        check(db.execute("SELECT count(*) FROM scores WHERE id = ?", (first,)).fetchone()[0] == 0
              and db.execute("SELECT score FROM instances WHERE id = ?", (first,)).fetchone()[0]
              is None, "a pending instance has no score by either scorer")
        check(db.execute("SELECT count(*) FROM scores WHERE scorer LIKE 'judge:%'").fetchone()[0]
              == len(golds) - 1, "every answered instance keeps its judge result")
        # calibrate: the fake server counts about 4 bytes a token; the estimator 3.66
        p = hb("calibrate", "--endpoint", ep, "--root", src, "--samples", "4", "--run",
               os.path.join(tmp, "results", "cal.sqlite"), "-q")
        m = dict(x.split(": ", 1) for x in p.stdout.splitlines() if ": " in x)
        check(p.returncode == 0 and m.get("prompts") == "4" and
              0.7 < float(m.get("slope", "0").split()[0]) < 1.3,
              f"calibrate against the fake server: {p.stdout} {p.stderr}")
        p = hb("report", run, "--format", "text")
        check(p.returncode == 0 and "kappa" in p.stdout.lower(),
              f"report shows the scorers' agreement: {p.stdout[-500:]} {p.stderr}")
    finally:
        server.terminate()
        server.wait(timeout=10)

print(f"test_judge: {failures} failures")
sys.exit(1 if failures else 0)
