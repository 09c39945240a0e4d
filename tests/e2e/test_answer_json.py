#!/usr/bin/env python3
"""The structured answer mode (issue 11, item 3): `run --prompt answer-json` against the fake
server on both APIs.  The server refuses (--require-schema) any request without a schema and
checks each schema as the real API does; every request must ask for the instance's gold
columns as fields.  Replies come back in structured form (OpenAI: the content string;
Anthropic: a forced tool's tool_use input).  `score` reads them exactly: right rows score 1,
a missing and an extra row cost what they should, a reply that is not JSON is read by the
ordinary reader and flagged 'unstructured'.  `report` says which prompt each run used.

usage: test_answer_json.py HOLOBENCH SOURCE_ROOT"""
import collections
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, flush=True)


def hb(*args, expect=0):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, HB_TEST_KEY="fake-key", LC_ALL="C"))
    H.fail_on_sanitizer(args, p.stderr)
    check(p.returncode == expect,
          f"holobench {' '.join(args)} exited {p.returncode}, expected {expect}: {p.stderr}")
    return p


def fields(columns):
    """structured.h's field names: [A-Za-z0-9_.-] kept (per byte), 64 bytes, unique."""
    out = []
    for c in columns:
        b = c.encode()[:64]
        f = ''.join(chr(x) if re.fullmatch(rb'[A-Za-z0-9_.-]', bytes([x])) else '_'
                    for x in b) or 'field'
        u, k = f, 2
        while u in out:
            u = '%s_%d' % (f[:58], k)
            k += 1
        out.append(u)
    return out


def start_server(tmp, replies, log):
    path = os.path.join(tmp, "replies.json")
    with open(path, "w") as f:
        json.dump(replies, f)
    server = subprocess.Popen([sys.executable, os.path.join(src, "tests/fake_server/fake_server.py"),
                               "--port", "0", "--max-seconds", "120", "--replies", path,
                               "--require-schema", "--log", log],
                              stdout=subprocess.PIPE, text=True)
    return server, int(server.stdout.readline().split()[1])


def stop(server, port):
    try:
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/_shutdown",
                                                      method="POST"), timeout=5).read()
    except OSError:
        pass
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


suite = os.path.join(src, "tests/data/quick-suite.jsonl")
insts = [json.loads(line) for line in open(suite, encoding="utf-8")]


def key_of(inst):
    """A substring of the prompt that only this instance's has: the end of its context, then
    its question (answer-json.txt puts them side by side)."""
    return inst["context"][-300:] + "\n```\n\n```question\n" + inst["question"] + "\n```"


keys = collections.Counter(key_of(i) for i in insts)
unique = [i for i in insts if keys[key_of(i)] == 1]
check(len(unique) >= 20, f"instances with a unique prompt key: {len(unique)}")

# what each chosen instance is answered with, and the score it must get
plan = {}
replies = {}
for n, inst in enumerate(unique[:24]):
    g = inst["gold"]
    f = fields(g["columns"])
    rows = [dict(zip(f, r)) for r in g["rows"]]
    kind = ["right", "right", "short", "text"][n % 4]
    if kind == "short" and len(rows) < 2:
        kind = "right"
    if kind == "right":
        body, want = {"reasoning": "I read every sentence.", "rows": rows}, 1.0
    elif kind == "short":  # the last row missing, a row that is no answer added
        extra = {k: ("Nowhere" if isinstance(v, str) else 123456) for k, v in rows[0].items()}
        body = {"reasoning": "r", "rows": rows[:-1] + [extra]}
        cap = min(len(rows), 50)
        want = (cap - 1) / cap if len(rows) <= 50 else 1.0
    else:
        body, want = None, None
    plan[inst["id"]] = (kind, want)
    replies[key_of(inst)] = json.dumps(body) if body else "Answer: I am not sure."

for api in ("openai-chat", "anthropic-messages"):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "server.log")
        server, port = start_server(tmp, replies, log)
        try:
            base = f"http://127.0.0.1:{port}" + ("/v1" if api == "openai-chat" else "")
            ep = os.path.join(tmp, "ep.json")
            with open(ep, "w") as f:
                json.dump({"api": api, "base_url": base, "model": "m-" + api,
                           "params": {"max_tokens": 4096}, "api_key_env": "HB_TEST_KEY",
                           "concurrency": 4, "timeout_s": 10, "max_retries": 1}, f)
            run = os.path.join(tmp, "results", "json.sqlite")
            os.makedirs(os.path.dirname(run))
            hb("run", suite, "--endpoint", ep, "--run", run, "--prompt", "answer-json", "-q")
            # every request asked for its instance's columns as fields
            logged = [json.loads(x) for x in open(log, encoding="utf-8")]
            got = collections.Counter(tuple(r.get("schema_fields") or ()) for r in logged
                                      if r["status"] == 200)
            # identical requests (same context and question) are sent once
            distinct = {(i["context"], i["question"]): i for i in insts}.values()
            want = collections.Counter(tuple(fields(i["gold"]["columns"])) for i in distinct)
            check(got == want, f"{api}: schema fields per request {got} != {want}")
            check(("COUNT___",) in got, f"{api}: COUNT(*) asked for as the field COUNT___")
            hb("score", run)
            con = sqlite3.connect(run)
            check(con.execute("SELECT value FROM run WHERE key = 'answer_format'").fetchone()
                  == ("json",), f"{api}: the run records answer_format json")
            rows = {r[0]: r[1:] for r in con.execute(
                "SELECT id, score, flag, extraction, why FROM scores "
                "WHERE scorer = 'deterministic-v1'")}
            check(len(rows) == len(insts), f"{api}: every instance scored: {len(rows)}")
            for iid, (kind, want) in plan.items():
                score, flag, extraction, why = rows.get(iid, (None,) * 4)
                if kind == "text":
                    check(flag == "unstructured" and extraction != "structured",
                          f"{api}: a text reply is flagged unstructured: {iid} {flag} {extraction}")
                else:
                    check(flag is None and extraction == "structured" and abs(score - want) < 1e-9,
                          f"{api}: {kind} reply of {iid}: score {score} (want {want}), "
                          f"flag {flag}, {extraction}, {why}")
            # the server's own structured replies (made from the schema) are read exactly too
            others = [rows[i["id"]] for i in insts if i["id"] not in plan]
            check(others and all(r[2] == "structured" for r in others),
                  f"{api}: schema-made replies read as structured")
            con.close()
            rep = hb("report", run).stdout
            line = next((x for x in rep.splitlines() if x.startswith("m-" + api)), "")
            check(" answer-json " in line, f"{api}: report names the prompt: {line!r}")
            show = hb("show", run, plan and next(iter(plan))).stdout
            check("holds every cell" in show, f"{api}: show explains the labels: {show[-600:]}")
            # the check can fail: a run without the schema is refused by this server
            plain = os.path.join(tmp, "results", "plain.sqlite")
            # exit 3: the one selected instance ended bad_request
            hb("run", suite, "--endpoint", ep, "--run", plain, "--limit", "1", "-q", expect=3)
            con = sqlite3.connect(plain)
            check(con.execute("SELECT count(*) FROM instances WHERE status = 'bad_request'")
                  .fetchone()[0] == 1, f"{api}: a request without a schema is refused")
            con.close()
        finally:
            stop(server, port)

print("answer-json:", "ok" if not failures else f"{failures} failures")
sys.exit(1 if failures else 0)
