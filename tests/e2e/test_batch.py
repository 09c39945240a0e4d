#!/usr/bin/env python3
"""`holobench export` and `import`: batch round trips for both APIs, offline.

usage: test_batch.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only, no network)

The result files are written here from the documented formats (shared/WIRE.md 2.3), in
shuffled order, with every kind of outcome:
  export     OpenAI lines {"custom_id","method","url","body"} and Anthropic
             {"requests":[{"custom_id","params"}]}; the first body is byte for byte what
             `run --dry-run` prints, every body is the prompt rendered independently;
             custom_ids unique, within ^[a-zA-Z0-9_-]{1,64}$, "hb-" + sha256(id)[:16],
             mapped in the manifest; manifest sizes and counts are the files'
  split      --max-requests / --max-bytes: every file within the limits, the requests in
             suite order across the files; a request over the byte limit fails cleanly; files
             of an earlier, larger export are removed
  import     OpenAI output + error files (200, finish length, no usage, 400 context length,
             400 other, 500, response null with request_timeout / batch_expired /
             batch_cancelled, an unknown custom_id, no result at all) and Anthropic results
             (succeeded, errored too long / invalid / overloaded, canceled, expired): statuses,
             replies, usage, finish reasons, errors; run settings as run stores them
  score      `holobench score` works on the imported run
  twice      importing again changes nothing (instances table dumped before and after)
  refuse     another suite (edited file or manifest hash), another prompt, another api,
             changed endpoint params, batch input given as results: exit 1, run untouched
  missing    export --run RUN --missing lists exactly the instances not done; importing
             their results completes the run
  resume     `run` (against the fake server) resumes an imported run: it sends exactly the
             exported bodies of the instances left pending or failed, and nothing else
"""
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = 0
TMP = tempfile.mkdtemp(prefix="hb-e2e-batch-")
rng = random.Random(20240611)


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, flush=True)
    return cond


def hb(*args, expect=None, root=src):
    p = subprocess.run([binary, *args] + (["--root", root] if root else []),
                       capture_output=True, text=True,
                       timeout=120, env=dict(os.environ, LC_ALL="C", HB_BATCH_KEY="sk-fake"))
    H.fail_on_sanitizer(args, p.stderr)
    if expect is not None:
        check(p.returncode == expect,
              f"holobench {' '.join(args)} exited {p.returncode}, not {expect}:\n{p.stderr}")
    return p


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_json(path, obj):
    write(path, json.dumps(obj))


def sha256(b):
    return hashlib.sha256(b).hexdigest()


# ---------------------------------------------------------------- setup

SUITE = os.path.join(TMP, "suite.jsonl")
p = subprocess.run([binary, "generate", "--root", os.path.join(src, "tests/data/root"),
                    "--preset", "quick", "-q", "-o", SUITE], capture_output=True, text=True)
H.fail_on_sanitizer(["generate"], p.stderr)
if p.returncode != 0:
    sys.exit("cannot generate the suite: " + p.stderr)
INSTANCES = [json.loads(line) for line in open(SUITE, encoding="utf-8")]
IDS = [x["id"] for x in INSTANCES]
BY_ID = {x["id"]: x for x in INSTANCES}
with open(os.path.join(src, "harness", "prompts", "answer.txt"), encoding="utf-8") as f:
    TEMPLATE = f.read()


def prompt_of(inst):
    return (TEMPLATE.replace("{context}", inst["context"], 1)
            .replace("{question}", inst["question"], 1))


OA = os.path.join(TMP, "oa.json")
AN = os.path.join(TMP, "an.json")
OA_ENDPOINT = {"api": "openai-chat", "base_url": "http://127.0.0.1:9/v1", "model": "gpt-test",
               "params": {"temperature": 0, "max_tokens": 300},
               "max_tokens_field": "max_completion_tokens"}
AN_ENDPOINT = {"api": "anthropic-messages", "base_url": "http://127.0.0.1:9",
               "model": "claude-test", "params": {"max_tokens": 300, "temperature": 0}}
write_json(OA, OA_ENDPOINT)
write_json(AN, AN_ENDPOINT)


def cid_of(i):
    return "hb-" + sha256(i.encode())[:16]


def dry_body(endpoint):
    """The first request's body as `run --dry-run` prints it (after the headers)."""
    p = hb("run", SUITE, "--endpoint", endpoint, "--dry-run", "--show-request",
           "--run", os.path.join(TMP, "dry.sqlite"), expect=0)
    return p.stdout.split("\n\n")[1]


def load_manifest(d):
    with open(os.path.join(d, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def read_export(d, api):
    """[(custom_id, raw body text)] in file order, checking the files against the manifest."""
    m = load_manifest(d)
    out = []
    for fe in m["files"]:
        path = os.path.join(d, fe["file"])
        data = open(path, "rb").read()
        check(len(data) == fe["bytes"], f"{path}: {len(data)} bytes, manifest {fe['bytes']}")
        if api == "openai":
            check(fe["file"].endswith(".jsonl"), f"{path}: OpenAI input is .jsonl")
            lines = data.decode().split("\n")
            check(lines[-1] == "", f"{path}: ends with a newline")
            lines = lines[:-1]
            for line in lines:
                o = json.loads(line)
                check(set(o) == {"custom_id", "method", "url", "body"}, f"{path}: members {set(o)}")
                check(o["method"] == "POST" and o["url"] == "/v1/chat/completions",
                      f"{path}: method/url {o['method']} {o['url']}")
                pre = '{"custom_id":%s,"method":"POST","url":"/v1/chat/completions","body":' % (
                    json.dumps(o["custom_id"]))
                check(line.startswith(pre) and line.endswith("}"), f"{path}: line layout")
                out.append((o["custom_id"], line[len(pre):-1]))
            n = len(lines)
        else:
            check(fe["file"].endswith(".json"), f"{path}: Anthropic input is .json")
            doc = json.loads(data)
            check(set(doc) == {"requests"}, f"{path}: only 'requests'")
            for r in doc["requests"]:
                check(set(r) == {"custom_id", "params"}, f"{path}: members {set(r)}")
            # raw bodies: one request a line between the head and the tail
            lines = data.decode().split("\n")
            check(lines[0] == '{"requests":[' and lines[-2:] == ["]}", ""], f"{path}: layout")
            for line, r in zip(lines[1:-2], doc["requests"]):
                line = line[:-1] if line.endswith(",") else line
                pre = '{"custom_id":%s,"params":' % json.dumps(r["custom_id"])
                check(line.startswith(pre), f"{path}: element layout")
                out.append((r["custom_id"], line[len(pre):-1]))
            n = len(doc["requests"])
        check(n == fe["requests"], f"{path}: {n} requests, manifest {fe['requests']}")
    check(len(out) == m["requests"], f"{d}: {len(out)} requests, manifest {m['requests']}")
    return m, out


def dump(run):
    con = sqlite3.connect(run)
    rows = list(con.execute("SELECT * FROM instances ORDER BY rowid"))
    settings = list(con.execute("SELECT * FROM run ORDER BY key"))
    con.close()
    return rows, settings


def rows_by_id(run):
    con = sqlite3.connect(run)
    con.row_factory = sqlite3.Row
    r = {row["id"]: dict(row) for row in con.execute("SELECT * FROM instances")}
    con.close()
    return r


def answer_of(inst):
    rows = inst["gold"]["rows"]
    if not rows:
        return "Reasoning: nothing matches.\n\nAnswer: No answer"
    return "Reasoning: read them all.\n\nAnswer:\n" + "\n".join(
        ", ".join(str(v) for v in row) for row in rows)


# ---------------------------------------------------------------- export


def test_export():
    for name, ep, api in (("oa", OA, "openai"), ("an", AN, "anthropic")):
        d = os.path.join(TMP, "exp-" + name)
        p = hb("export", SUITE, "--endpoint", ep, "-o", d, expect=0)
        m, reqs = read_export(d, api)
        check(p.stdout.split() == [os.path.join(d, f["file"]) for f in m["files"]],
              f"{name}: stdout lists the files: {p.stdout!r}")
        check(len(m["files"]) == 1, f"{name}: 80 small requests fit one file")
        cids = [c for c, _ in reqs]
        check(len(set(cids)) == len(cids) == len(IDS), f"{name}: one unique custom_id each")
        check(all(re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", c) for c in cids),
              f"{name}: custom_ids fit Anthropic's pattern")
        check(m["custom_ids"] == {cid_of(i): i for i in IDS}, f"{name}: the manifest's map")
        check(cids == [cid_of(i) for i in IDS], f"{name}: requests in suite order")
        check(m["suite_hash"] == sha256(open(SUITE, "rb").read()), f"{name}: suite hash")
        check(m["prompt_hash"] == sha256(open(os.path.join(
            src, "harness/prompts/answer.txt"), "rb").read()), f"{name}: prompt hash")
        check(m["api"] == ("openai-chat" if api == "openai" else "anthropic-messages") and
              m["model"] == ("gpt-test" if api == "openai" else "claude-test"),
              f"{name}: api and model")
        check(m["suite"] == SUITE and m["endpoint"]["base_url"].startswith("http://127.0.0.1"),
              f"{name}: suite path and endpoint")
        check(set(m["request_hashes"]) == set(m["custom_ids"]), f"{name}: request hashes")
        check(reqs[0][1] == dry_body(ep), f"{name}: the first body is run's, byte for byte")
        for cid, body in reqs:
            b = json.loads(body)
            inst = BY_ID[m["custom_ids"][cid]]
            check(b["messages"] == [{"role": "user", "content": prompt_of(inst)}],
                  f"{name}: {inst['id']}: the prompt")
            check(b["model"] == m["model"] and "stream" not in b, f"{name}: model, no stream")
            if api == "openai":
                check(b.get("max_completion_tokens") == 300, f"{name}: max_completion_tokens")
            else:
                check(b.get("max_tokens") == 300, f"{name}: max_tokens")


def test_split():
    full_oa = read_export(os.path.join(TMP, "exp-oa"), "openai")[1]
    full_an = read_export(os.path.join(TMP, "exp-an"), "anthropic")[1]
    d = os.path.join(TMP, "split-req")
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--max-requests", "7", expect=0)
    m, reqs = read_export(d, "openai")
    check(len(m["files"]) == 12 and all(f["requests"] <= 7 for f in m["files"]),
          f"split by requests: {[f['requests'] for f in m['files']]}")
    check(reqs == full_oa, "split by requests: the same requests in the same order")
    check(sorted(os.listdir(d)) == sorted(["manifest.json"] + [f["file"] for f in m["files"]]),
          "split by requests: nothing else in the folder")

    biggest = max(len(b) for _, b in full_oa) + 120
    limit = biggest * 5 // 2
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--max-bytes", str(limit), expect=0)
    m, reqs = read_export(d, "openai")
    check(len(m["files"]) > 12 and all(f["bytes"] <= limit for f in m["files"]),
          f"split by bytes: {[f['bytes'] for f in m['files']]} <= {limit}")
    check(reqs == full_oa, "split by bytes: the same requests in the same order")
    # a smaller export into the same folder removes the files it no longer writes
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--limit", "3", expect=0)
    check(sorted(os.listdir(d)) == ["batch-001.jsonl", "manifest.json"],
          f"stale files removed: {sorted(os.listdir(d))}")
    check(read_export(d, "openai")[1] == full_oa[:3], "--limit 3: the first three")

    d = os.path.join(TMP, "split-an")
    hb("export", SUITE, "--endpoint", AN, "-o", d, "--max-bytes", str(limit),
       "--max-requests", "9", expect=0)
    m, reqs = read_export(d, "anthropic")
    check(len(m["files"]) >= 9 and all(f["bytes"] <= limit and f["requests"] <= 9
                                       for f in m["files"]),
          f"Anthropic split: {[(f['requests'], f['bytes']) for f in m['files']]}")
    check(reqs == full_an, "Anthropic split: the same requests in the same order")

    d = os.path.join(TMP, "split-fail")
    p = hb("export", SUITE, "--endpoint", OA, "-o", d, "--max-bytes", "1000", expect=1)
    check("more than the 1000 bytes" in p.stderr, f"a request over the limit: {p.stderr}")
    check(not [f for f in os.listdir(d) if not f.startswith(".")] if os.path.isdir(d) else True,
          f"a failed export leaves no files: {os.listdir(d)}")
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--missing", expect=2)
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--max-requests", "0", expect=2)


# ---------------------------------------------------------------- OpenAI results


def oa_completion(cid, inst, finish="stop", usage=True):
    text = answer_of(inst)
    body = {"id": "chatcmpl-" + cid[3:], "object": "chat.completion", "created": 1718000000,
            "model": "gpt-test-2024", "system_fingerprint": "fp_x",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                 "refusal": None},
                         "logprobs": None, "finish_reason": finish}]}
    if usage:
        body["usage"] = {"prompt_tokens": 1000 + len(cid), "completion_tokens": 50,
                         "total_tokens": 1050 + len(cid),
                         "completion_tokens_details": {"reasoning_tokens": 7},
                         "prompt_tokens_details": {"cached_tokens": 128}}
    return {"id": "batch_req_" + cid[3:], "custom_id": cid,
            "response": {"status_code": 200, "request_id": "req_" + cid[3:], "body": body},
            "error": None}


def oa_status(cid, status, err):
    return {"id": "batch_req_" + cid[3:], "custom_id": cid,
            "response": {"status_code": status, "request_id": "req_x", "body": {"error": err}},
            "error": None}


def oa_error(cid, code, message):
    return {"id": "batch_req_" + cid[3:], "custom_id": cid, "response": None,
            "error": {"code": code, "message": message}}


TOO_LONG_OA = {"message": "This model's maximum context length is 128000 tokens. However, your "
               "messages resulted in 130000 tokens.", "type": "invalid_request_error",
               "param": "messages", "code": "context_length_exceeded"}
BAD_OA = {"message": "Unsupported value: 'temperature' does not support 0 with this model.",
          "type": "invalid_request_error", "param": "temperature", "code": "unsupported_value"}
SERVER_OA = {"message": "The server had an error while processing your request.",
             "type": "server_error", "param": None, "code": None}
# a message of several lines and kilobytes (a stack trace): stored as one bounded line
SERVER_LONG_OA = dict(SERVER_OA, message=SERVER_OA["message"] + "\nTraceback:\n" +
                      "  frame\n" * 400)


def test_import_openai():
    d = os.path.join(TMP, "exp-oa")
    run = os.path.join(TMP, "oa.sqlite")
    cids = [cid_of(i) for i in IDS]
    want = {}  # id -> expected status
    out, err = [], []
    for k, (cid, i) in enumerate(zip(cids, IDS)):
        inst = BY_ID[i]
        if k == 0:
            out.append(oa_status(cid, 400, TOO_LONG_OA)); want[i] = "too_long"
        elif k == 1:
            out.append(oa_status(cid, 400, BAD_OA)); want[i] = "bad_request"
        elif k == 2:
            out.append(oa_status(cid, 500, SERVER_LONG_OA)); want[i] = "failed"
        elif k == 3:
            err.append(oa_error(cid, "request_timeout", "The request timed out.")); want[i] = "failed"
        elif k == 4:
            err.append(oa_error(cid, "batch_expired", "This request could not be executed "
                                "before the completion window expired.")); want[i] = "pending"
        elif k == 5:
            err.append(oa_error(cid, "batch_cancelled", "The batch was cancelled."))
            want[i] = "pending"
        elif k == 6:
            want[i] = "pending"  # no result at all
        elif k == 7:
            out.append(oa_completion(cid, inst, finish="length")); want[i] = "done"
        elif k == 8:
            out.append(oa_completion(cid, inst, usage=False)); want[i] = "done"
        else:
            out.append(oa_completion(cid, inst)); want[i] = "done"
    out.append(oa_completion("hb-ffffffffffffffff", INSTANCES[9]))  # of no export
    rng.shuffle(out)
    rng.shuffle(err)
    write(os.path.join(d, "output.jsonl"), "".join(json.dumps(o) + "\n" for o in out))
    write(os.path.join(d, "errors.jsonl"), "".join(json.dumps(o) + "\r\n" for o in err))

    p = hb("import", d, "--run", run, "--endpoint", OA, expect=0)
    n_done = sum(v == "done" for v in want.values())
    check(f"import: {n_done} imported (1 truncated), 4 failed (1 bad request, 1 too long), "
          "2 pending (canceled or expired), 0 skipped (already in the run), 1 unknown "
          "custom_id" in p.stderr, f"OpenAI import summary: {p.stderr}")
    check("hb-ffffffffffffffff" in p.stderr, "the unknown custom_id is named")
    rows = rows_by_id(run)
    check({i: r["status"] for i, r in rows.items()} == want, "OpenAI statuses")
    for k, i in enumerate(IDS):
        r = rows[i]
        if want[i] == "done":
            cid = cid_of(i)
            check(r["reply"] == answer_of(BY_ID[i]), f"{i}: reply text")
            check(r["response_id"] == "chatcmpl-" + cid[3:] and r["model_returned"] ==
                  "gpt-test-2024", f"{i}: response id and model")
            check(r["http_status"] == 200 and r["attempts"] == 1 and r["from_cache"] == 0,
                  f"{i}: attempt columns {r['http_status']} {r['attempts']} {r['from_cache']}")
            if k == 8:
                check(r["usage_estimated"] == 1 and r["input_tokens"] == r["prompt_tokens"] and
                      r["output_tokens"] > 0 and r["reasoning_tokens"] is None,
                      f"{i}: missing usage estimated: {r}")
            else:
                check((r["input_tokens"], r["output_tokens"], r["reasoning_tokens"],
                       r["cached_tokens"], r["usage_estimated"]) ==
                      (1000 + len(cid), 50, 7, 128, 0), f"{i}: usage")
            check(r.get("request_id") == "req_" + cid[3:],
                  f"{i}: the batch line's request id {r.get('request_id')}")
            check((r["finish_reason"], r["finish_raw"], r["truncated"]) ==
                  (("length", "length", 1) if k == 7 else ("stop", "stop", 0)), f"{i}: finish")
    check("maximum context length" in rows[IDS[0]]["last_error"] and
          rows[IDS[0]]["http_status"] == 400, f"too_long message: {rows[IDS[0]]['last_error']}")
    check("Unsupported value" in rows[IDS[1]]["last_error"], "bad_request message")
    check("HTTP 500" in rows[IDS[2]]["last_error"] and rows[IDS[2]]["http_status"] == 500,
          f"500 message: {rows[IDS[2]]['last_error']}")
    check("\n" not in rows[IDS[2]]["last_error"] and len(rows[IDS[2]]["last_error"]) <= 400,
          f"a long message is stored as one bounded line: {rows[IDS[2]]['last_error']!r}")
    check("timed out" in rows[IDS[3]]["last_error"] and "request_timeout" in
          rows[IDS[3]]["last_error"] and rows[IDS[3]]["http_status"] is None,
          f"error-file message: {rows[IDS[3]]['last_error']}")
    check(all(rows[i]["last_error"] is None and rows[i]["reply"] is None
              for i in IDS[4:7]), "pending ones untouched")

    con = sqlite3.connect(run)
    settings = dict(con.execute("SELECT key, value FROM run"))
    con.close()
    check(settings.get("suite_hash") == sha256(open(SUITE, "rb").read()), "run: suite_hash")
    check(settings.get("model") == "gpt-test" and settings.get("api") == "openai-chat",
          "run: model and api")
    check(settings.get("suite_path") == SUITE, f"run: suite_path {settings.get('suite_path')}")
    check(os.path.exists(os.path.join(TMP, "cache.sqlite")), "replies went to the cache")
    con = sqlite3.connect(os.path.join(TMP, "cache.sqlite"))
    ncache = con.execute("SELECT count(*) FROM cache").fetchone()[0]
    con.close()
    hashes = load_manifest(d)["request_hashes"]
    distinct = len({hashes[cid_of(i)] for i in IDS if want[i] == "done"})
    check(ncache == distinct, f"cache: {ncache} replies, {distinct} distinct requests done")

    # the run scores like any other
    p = hb("score", run, expect=0, root=None)
    con = sqlite3.connect(run)
    scored = con.execute("SELECT count(*) FROM instances WHERE score IS NOT NULL").fetchone()[0]
    perfect = con.execute("SELECT count(*) FROM instances WHERE status = 'done' AND "
                          "truncated = 0 AND score = 1").fetchone()[0]
    con.close()
    check(scored >= n_done, f"score: {scored} instances scored")
    check(perfect >= (n_done - 1) * 3 // 4, f"score: {perfect} gold answers score 1")

    # importing twice changes nothing
    before = dump(run)
    p = hb("import", d, "--run", run, "--endpoint", OA, expect=0)
    check(dump(run) == before, "a second import changes nothing")
    check(f"0 imported (0 truncated), 0 failed (0 bad request, 0 too long), 2 pending "
          f"(canceled or expired), {n_done + 4} skipped" in p.stderr,
          f"second import summary: {p.stderr}")
    # the files named one by one, the unknown line left out: the same
    p = hb("import", os.path.join(d, "errors.jsonl"), os.path.join(d, "output.jsonl"),
           "--run", run, "--endpoint", OA, expect=0)
    check(dump(run) == before, "importing the files by name changes nothing either")
    return want


# ---------------------------------------------------------------- Anthropic results


def an_message(cid, inst, stop="end_turn"):
    return {"custom_id": cid, "result": {"type": "succeeded", "message": {
        "id": "msg_" + cid[3:], "type": "message", "role": "assistant", "model": "claude-test-1",
        "content": [{"type": "thinking", "thinking": "let me see", "signature": "sig"},
                    {"type": "text", "text": answer_of(inst)}],
        "stop_reason": stop, "stop_sequence": None,
        "usage": {"input_tokens": 900, "output_tokens": 60, "cache_creation_input_tokens": 10,
                  "cache_read_input_tokens": 20, "service_tier": "batch"}}}}


def an_errored(cid, etype, message):
    return {"custom_id": cid, "result": {"type": "errored", "error": {
        "type": "error", "error": {"type": etype, "message": message}, "request_id": "req_1"}}}


def test_import_anthropic():
    d = os.path.join(TMP, "exp-an")
    run = os.path.join(TMP, "an.sqlite")
    want, lines = {}, []
    for k, i in enumerate(IDS):
        cid = cid_of(i)
        if k == 0:
            lines.append(an_errored(cid, "invalid_request_error",
                                    "prompt is too long: 210000 tokens > 200000 maximum"))
            want[i] = "too_long"
        elif k == 1:
            lines.append(an_errored(cid, "invalid_request_error", "temperature: range is 0-1"))
            want[i] = "bad_request"
        elif k == 2:
            lines.append(an_errored(cid, "overloaded_error", "Overloaded"))
            want[i] = "failed"
        elif k == 3:
            lines.append({"custom_id": cid, "result": {"type": "canceled"}}); want[i] = "pending"
        elif k == 4:
            lines.append({"custom_id": cid, "result": {"type": "expired"}}); want[i] = "pending"
        elif k == 5:
            lines.append(an_message(cid, BY_ID[i], stop="max_tokens")); want[i] = "done"
        else:
            lines.append(an_message(cid, BY_ID[i])); want[i] = "done"
    rng.shuffle(lines)
    results = os.path.join(d, "msgbatch_results.jsonl")
    write(results, "".join(json.dumps(o) + "\n" for o in lines))
    p = hb("import", results, "--run", run, "--endpoint", AN, expect=0)
    n_done = len(IDS) - 5
    check(f"import: {n_done} imported (1 truncated), 3 failed (1 bad request, 1 too long), "
          "2 pending (canceled or expired), 0 skipped" in p.stderr,
          f"Anthropic import summary: {p.stderr}")
    rows = rows_by_id(run)
    check({i: r["status"] for i, r in rows.items()} == want, "Anthropic statuses")
    r = rows[IDS[6]]
    check((r["reply"], r["reasoning"], r["input_tokens"], r["output_tokens"], r["cached_tokens"],
           r["finish_reason"], r["finish_raw"], r["truncated"], r["response_id"]) ==
          (answer_of(BY_ID[IDS[6]]), "let me see", 930, 60, 20, "stop", "end_turn", 0,
           "msg_" + cid_of(IDS[6])[3:]), f"Anthropic reply: {r}")
    r = rows[IDS[5]]
    check((r["finish_reason"], r["truncated"]) == ("length", 1), "max_tokens is truncated")
    check("prompt is too long" in rows[IDS[0]]["last_error"], "too_long message")
    check("overloaded" in rows[IDS[2]]["last_error"].lower(), "overloaded message")
    before = dump(run)
    hb("import", d, "--run", run, "--endpoint", AN, expect=0)
    check(dump(run) == before, "Anthropic: a second import changes nothing")
    hb("score", run, expect=0, root=None)


# ---------------------------------------------------------------- refusals


def test_refusals():
    d = os.path.join(TMP, "exp-oa")
    run = os.path.join(TMP, "oa.sqlite")
    before = dump(run)

    edited = os.path.join(TMP, "suite-edited.jsonl")
    lines = open(SUITE, encoding="utf-8").read().split("\n")
    first = json.loads(lines[0])
    first["question"] += " Please."
    lines[0] = json.dumps(first)
    write(edited, "\n".join(lines))
    p = hb("import", d, "--run", run, "--endpoint", OA, "--suite", edited, expect=1)
    check("is not the suite these results were made from" in p.stderr,
          f"edited suite refused: {p.stderr}")

    other = os.path.join(TMP, "exp-oa-other")
    shutil.copytree(d, other)
    m = load_manifest(other)
    m["suite_hash"] = "0" * 64
    write_json(os.path.join(other, "manifest.json"), m)
    p = hb("import", other, "--run", run, "--endpoint", OA, expect=1)
    check("is not the suite these results were made from" in p.stderr,
          f"manifest of another suite refused: {p.stderr}")

    root2 = os.path.join(TMP, "root2")
    os.makedirs(os.path.join(root2, "harness", "prompts"))
    write(os.path.join(root2, "harness", "prompts", "answer.txt"),
          TEMPLATE.replace("Reason carefully", "Think carefully"))
    p = hb("import", d, "--run", run, "--endpoint", OA, expect=1, root=root2)
    check("prompt" in p.stderr and "changed since the export" in p.stderr,
          f"another prompt refused: {p.stderr}")

    p = hb("import", d, "--run", run, "--endpoint", AN, expect=1)
    check("anthropic-messages" in p.stderr, f"another api refused: {p.stderr}")

    changed = os.path.join(TMP, "oa-changed.json")
    write_json(changed, dict(OA_ENDPOINT, params={"temperature": 0.5, "max_tokens": 300}))
    p = hb("import", d, "--run", os.path.join(TMP, "changed.sqlite"), "--endpoint", changed,
           expect=1)
    check("differ from those endpoint" in p.stderr, f"changed params refused: {p.stderr}")

    p = hb("import", os.path.join(d, "batch-001.jsonl"), "--run", run, "--endpoint", OA,
           expect=1)
    check("batch input, not results" in p.stderr, f"input as results refused: {p.stderr}")

    bad = os.path.join(TMP, "exp-oa-bad")
    shutil.copytree(d, bad)
    with open(os.path.join(bad, "output.jsonl"), "a") as f:
        f.write('{"custom_id": "hb-0", "response": {"body": {}}}\nnot json\n')
    p = hb("import", bad, "--run", run, "--endpoint", OA, expect=1)
    check(re.search(r"output\.jsonl:\d+: a response without a status_code", p.stderr) and
          re.search(r"output\.jsonl:\d+: not a JSON object", p.stderr),
          f"bad lines located: {p.stderr}")

    p = hb("import", os.path.join(TMP, "nowhere"), "--run", run, "--endpoint", OA, expect=1)
    check(dump(run) == before, "refused imports leave the run untouched")
    hb("import", d, "--endpoint", OA, expect=2)


# ---------------------------------------------------------------- --missing


def test_missing(want):
    run = os.path.join(TMP, "oa.sqlite")
    d = os.path.join(TMP, "missing")
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--run", run, "--missing", expect=0)
    m, reqs = read_export(d, "openai")
    con = sqlite3.connect(run)
    not_done = [r[0] for r in con.execute(
        "SELECT id FROM instances WHERE status <> 'done' ORDER BY rowid")]
    con.close()
    check(not_done == [i for i in IDS if want[i] != "done"], "test setup: not done")
    check(list(m["custom_ids"].values()) == not_done and [c for c, _ in reqs] ==
          [cid_of(i) for i in not_done], f"--missing: {list(m['custom_ids'].values())}")
    check(m["missing_from"] == run, "--missing: recorded")
    p = hb("export", SUITE, "--endpoint", OA, "-o", d, "--run",
           os.path.join(TMP, "no-such.sqlite"), "--missing", expect=1)
    check("no run database" in p.stderr, f"--missing of no run: {p.stderr}")
    p = hb("export", SUITE, "--endpoint", AN, "-o", d, "--run", run, "--missing", expect=1)

    # the second round completes the run; the first round's instances stay as they were
    hb("export", SUITE, "--endpoint", OA, "-o", d, "--run", run, "--missing", expect=0)
    before = rows_by_id(run)
    write(os.path.join(d, "output.jsonl"), "".join(
        json.dumps(oa_completion(cid_of(i), BY_ID[i])) + "\n" for i in reversed(not_done)))
    p = hb("import", d, "--run", run, "--endpoint", OA, expect=0)
    after = rows_by_id(run)
    check(all(r["status"] == "done" for r in after.values()), "second round: all done")
    check(all(after[i] == before[i] for i in IDS if i not in not_done),
          "second round: the others untouched")
    p = hb("export", SUITE, "--endpoint", OA, "-o", d, "--run", run, "--missing", expect=0)
    check(load_manifest(d)["requests"] == 0 and p.stdout == "", "nothing missing any more")


def test_resume_with_run():
    log = os.path.join(TMP, "server.log")
    srv = subprocess.Popen([sys.executable, os.path.join(src, "tests/fake_server/fake_server.py"),
                            "--port", "0", "--log", log, "--max-seconds", "90",
                            "--exit-with-parent"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        m = re.match(r"PORT (\d+)", srv.stdout.readline())
        if not check(m, "the fake server starts"):
            return
        live = os.path.join(TMP, "live.json")
        write_json(live, dict(OA_ENDPOINT, base_url="http://127.0.0.1:%s/v1" % m.group(1),
                              api_key_env="HB_BATCH_KEY"))
        d = os.path.join(TMP, "exp-live")
        run = os.path.join(TMP, "live", "live.sqlite")
        os.makedirs(os.path.dirname(run))
        hb("export", SUITE, "--endpoint", live, "-o", d, expect=0)
        man, reqs = read_export(d, "openai")
        lines, status = [], {}
        for k, i in enumerate(IDS):
            cid = cid_of(i)
            if k == 0:
                lines.append(oa_status(cid, 400, BAD_OA)); status[i] = "bad_request"
            elif k == 1:
                lines.append(oa_status(cid, 500, SERVER_OA)); status[i] = "failed"
            elif k in (2, 3):
                lines.append(oa_error(cid, "batch_expired", "expired")); status[i] = "pending"
            elif k % 9 == 4:
                status[i] = "pending"
            else:
                lines.append(oa_completion(cid, BY_ID[i])); status[i] = "done"
        rng.shuffle(lines)
        write(os.path.join(d, "output.jsonl"), "".join(json.dumps(o) + "\n" for o in lines))
        hb("import", d, "--run", run, "--endpoint", live, expect=0)
        body = {man["custom_ids"][c]: b for c, b in reqs}
        done_hashes = {man["request_hashes"][cid_of(i)] for i in IDS if status[i] == "done"}
        # what run still has to send; identical requests already answered come from the cache
        want = {sha256(body[i].encode()) for i in IDS if status[i] in ("pending", "failed") and
                man["request_hashes"][cid_of(i)] not in done_hashes}
        check(len(want) >= 5, f"test setup: {len(want)} requests left to send")
        # exit 3: the batch's bad_request instance stays refused (run does not resend it)
        hb("run", SUITE, "--endpoint", live, "--run", run, expect=3)
        sent = [json.loads(line) for line in open(log)] if os.path.exists(log) else []
        check({r["body_sha256"] for r in sent} == want,
              f"run sent {len(sent)} requests, not the {len(want)} left")
        rows = rows_by_id(run)
        check(all(r["status"] == ("bad_request" if i == IDS[0] else "done")
                  for i, r in rows.items()), "run completed the imported run")
    finally:
        srv.kill()
        srv.wait()


try:
    test_export()
    test_split()
    want = test_import_openai()
    test_import_anthropic()
    test_refusals()
    test_missing(want)
    test_resume_with_run()
finally:
    if failures:
        print(f"{failures} failure(s); files kept in {TMP}")
    else:
        shutil.rmtree(TMP, ignore_errors=True)
sys.exit(1 if failures else 0)
