#!/usr/bin/env python3
"""End-to-end tests of `holobench run` against the fake API server (tests/fake_server).

Usage: test_run.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)

Each case starts its own fake server(s) on 127.0.0.1 (port 0), writes endpoint files whose
api_key_env names a variable this script sets to a random fake key, runs
`holobench run SUITE --endpoint FILE --run TMP/... --cache TMP/... --root SOURCE_ROOT`, and
checks the run database (python's sqlite3) against the server's log and /_stats:

  1 success      both APIs: every instance done, the reply stored verbatim (echo server: the
                 reply is the prompt), usage stored, reasoning kept apart (vLLM `reasoning`,
                 llama.cpp `reasoning_content`, Anthropic thinking + redacted_thinking),
                 finish 'length' / 'max_tokens' -> truncated=1, missing usage -> estimated
  2 429          retry-after: 2 honoured (the retry arrives >= ~2 s after the 429, nothing
                 else is sent meanwhile), attempts 2, done
  3 errors       500/502/503/529 retried; retries exhausted -> failed, retried on resume;
                 400 -> bad_request (attempts 1, server message kept, not resent unless
                 --retry-failed); context length -> too_long; 401 and quota stop the run
  4 faults       drop, reset, truncate, cut, hang, stall (timeout_s 2) retried and done
  5 concurrency  in_flight_max <= concurrency (and >= 2); a freed slot is used at once
  6 rpm          endpoint rpm 60: no 3 s window holds more than 4 arrivals; elapsed >= ~6 s
  7 sigkill      killed three times mid-run and resumed: nothing committed is requested
                 again or changed, all done
  8 rerun        an identical re-run sends nothing; a fresh run with the same cache neither
  9 key          the key is in no file under the temp folder (WAL/SHM too), no output, and
                 --dry-run says it is redacted; with the variable unset, the message names it
 10 sigint       Ctrl-C: non-zero exit, every reply the server sent is committed, a re-run
                 completes; a second Ctrl-C stops at once
Every wait is bounded; the whole test takes about 30-40 s.  HB_RUN_CASES=2,7 runs only the
cases listed; HB_KEEP_TMP=1 keeps the temp folder when a check fails.
"""

import calendar
import collections
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
SRC = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
if not BIN or not SRC:
    sys.exit('usage: test_run.py HOLOBENCH SOURCE_ROOT')
FAKE = os.path.join(SRC, 'tests', 'fake_server', 'fake_server.py')
SUITE = os.path.join(SRC, 'tests', 'data', 'quick-suite.jsonl')
sys.path.insert(0, os.path.dirname(FAKE))
import fake_server  # noqa: E402  (det_id, default_text, tokens_of: what the server sends)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402  (fail_on_sanitizer)

KEY_ENV = 'HB_E2E_RUN_KEY'
KEY = 'sk-test-' + ''.join(random.SystemRandom().choice(string.ascii_letters)
                           for _ in range(40))
ENV = dict(os.environ, LC_ALL='C', NO_COLOR='1')
ENV[KEY_ENV] = KEY
T_START = time.monotonic()

TMP = tempfile.mkdtemp(prefix='hb-e2e-run-')
RESULTS = os.path.join(TMP, 'results')   # run databases and caches
SRVDIR = os.path.join(TMP, 'server')     # server logs, endpoint files
os.makedirs(RESULTS)
os.makedirs(SRVDIR)

OUTPUTS = []     # (what, bytes) of every holobench stdout/stderr, for the key check
SERVERS = []
CHILDREN = []
FAILURES = []
CASE = ['-']

# ---------------------------------------------------------------- the suite


def load_suite():
    insts = [json.loads(line) for line in open(SUITE, encoding='utf-8')]
    with open(os.path.join(SRC, 'harness', 'prompts', 'answer.txt'), encoding='utf-8') as f:
        tpl = f.read()
    ci, qi = tpl.index('{context}'), tpl.index('{question}')
    assert ci < qi
    prompts = {}
    for x in insts:
        prompts[x['id']] = (tpl[:ci] + x['context'] + tpl[ci + len('{context}'):qi] +
                            x['question'] + tpl[qi + len('{question}'):])
    return insts, prompts


INSTANCES, PROMPTS = load_suite()
IDS = [x['id'] for x in INSTANCES]
IDS_4K = [i for i in IDS if '-4k-' in i]  # no two of these share a prompt
GROUP = {}                                # id -> first id with the same prompt
_first = {}
for _i in IDS:
    GROUP[_i] = _first.setdefault(PROMPTS[_i], _i)
N_DISTINCT = len(_first)

# ---------------------------------------------------------------- checking


def check(cond, what, *detail):
    if not cond:
        msg = '[%s] %s' % (CASE[0], what)
        if detail:
            msg += ': ' + ' | '.join(str(d)[:600] for d in detail)
        FAILURES.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def tokens_of(text):
    return fake_server.tokens_of(text)


# ---------------------------------------------------------------- the fake server


class Server:
    def __init__(self, name, *flags):
        self.name = name
        self.log = os.path.join(SRVDIR, name + '.log')
        out = os.path.join(SRVDIR, name + '.out')
        with open(out, 'w') as fo, open(os.path.join(SRVDIR, name + '.err'), 'w') as fe:
            self.p = subprocess.Popen(
                [sys.executable, FAKE, '--port', '0', '--log', self.log, '--max-seconds', '150',
                 '--exit-with-parent', '--hang-max-ms', '8000'] + list(flags),
                stdout=fo, stderr=fe, stdin=subprocess.DEVNULL)
        SERVERS.append(self)
        self.port = H.server_port(out, self.p)

    def url(self, path):
        return 'http://127.0.0.1:%d%s' % (self.port, path)

    def stats(self):
        with urllib.request.urlopen(self.url('/_stats'), timeout=5) as r:
            return json.loads(r.read())

    def reset(self, **cfg):
        req = urllib.request.Request(self.url('/_reset'), data=json.dumps(cfg).encode(),
                                     method='POST',
                                     headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())

    def records(self):
        """The log's complete lines, as dicts, in the order written."""
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding='utf-8') as f:
            data = f.read()
        return [json.loads(line) for line in data.split('\n')[:-1] if line]

    def wait_idle(self, bound=10.0):
        """Waits until no request is in flight (and the log has caught up)."""
        def idle():
            s = self.stats()
            return s['in_flight'] == 0 and len(self.records()) >= s['requests']
        return bool(H.poll(idle, bound, 0.05))

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(5)


def arrival(rec):
    """Wall-clock arrival of a logged request: its end time minus its duration."""
    t = rec['time']
    end = calendar.timegm(time.strptime(t[:19], '%Y-%m-%dT%H:%M:%S')) + int(t[20:23]) / 1000.0
    return end - rec['duration_ms'] / 1000.0


def response_id(api, seq, seed=0):
    """The id the fake server gives the reply to its request number `seq`."""
    if api == 'openai':
        return 'chatcmpl-' + fake_server.det_id(seed, 'chatcmpl', seq, 29)
    return 'msg_01' + fake_server.det_id(seed, 'msg', seq, 22)


def by_response_id(srv):
    """response id -> log record, for the server's 200 replies."""
    out = {}
    for r in srv.records():
        if r['status'] == 200 and r['api'] in ('openai', 'anthropic'):
            out[response_id(r['api'], r['seq'])] = r
    return out


# ---------------------------------------------------------------- holobench


class Result:
    def __init__(self, rc, out, err, elapsed):
        self.rc, self.out, self.err, self.elapsed = rc, out, err, elapsed

    def __str__(self):
        return 'exit %s after %.2f s; stderr: %s' % (self.rc, self.elapsed, self.err[-800:])


def endpoint(name, api, srv, **kw):
    openai = api == 'openai-chat'
    d = {'api': api,
         'base_url': 'http://127.0.0.1:%d%s' % (srv.port, '/v1' if openai else ''),
         'model': 'fake-model' if openai else 'claude-fake',
         'api_key_env': KEY_ENV,
         'params': {'temperature': 0, 'max_tokens': 256},
         'concurrency': 4, 'timeout_s': 10, 'max_retries': 4}
    d.update(kw)
    path = os.path.join(SRVDIR, name + '.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    return path


def run_args(ep, name, *extra, cache=None):
    return ['run', SUITE, '--endpoint', ep, '--run', os.path.join(RESULTS, name + '.sqlite'),
            '--cache', os.path.join(RESULTS, (cache or name + '-cache') + '.sqlite'),
            '--root', SRC] + list(extra)


def hb(args, timeout=60, env=None):
    t0 = time.monotonic()
    try:
        p = subprocess.run([BIN] + args, env=env or ENV, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        OUTPUTS.append((' '.join(args), (e.stdout or b'') + (e.stderr or b'')))
        return Result('timeout', '', 'timed out after %s s' % timeout, time.monotonic() - t0)
    OUTPUTS.append((' '.join(args), p.stdout + p.stderr))
    H.fail_on_sanitizer(args, p.stderr)
    return Result(p.returncode, p.stdout.decode('utf-8', 'replace'),
                  p.stderr.decode('utf-8', 'replace'), time.monotonic() - t0)


class Child:
    """holobench run in the background (for signals), output to files."""

    def __init__(self, args, tag):
        self.out_path = os.path.join(SRVDIR, tag + '.stdout')
        self.err_path = os.path.join(SRVDIR, tag + '.stderr')
        self.args = args
        with open(self.out_path, 'wb') as fo, open(self.err_path, 'wb') as fe:
            self.p = subprocess.Popen([BIN] + args, env=ENV, stdin=subprocess.DEVNULL,
                                      stdout=fo, stderr=fe)
        self.t0 = time.monotonic()
        CHILDREN.append(self)

    def wait(self, bound):
        try:
            rc = self.p.wait(bound)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait(5)
            rc = 'timeout'
        with open(self.out_path, 'rb') as f:
            out = f.read()
        with open(self.err_path, 'rb') as f:
            err = f.read()
        OUTPUTS.append((' '.join(self.args), out + err))
        H.fail_on_sanitizer(self.args, err)
        return Result(rc, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace'),
                      time.monotonic() - self.t0)


def db_rows(name):
    con = sqlite3.connect(os.path.join(RESULTS, name + '.sqlite'), timeout=10)
    con.row_factory = sqlite3.Row
    try:
        return {r['id']: dict(r) for r in con.execute('SELECT * FROM instances ORDER BY rowid')}
    finally:
        con.close()


def db_settings(name):
    con = sqlite3.connect(os.path.join(RESULTS, name + '.sqlite'), timeout=10)
    try:
        return dict(con.execute('SELECT key, value FROM run'))
    finally:
        con.close()


def read_only(name, sql, empty):
    """Runs sql on RESULTS/name.sqlite without creating it: `empty` while the file or its
    tables do not exist yet (holobench may be creating them at this moment)."""
    path = os.path.join(RESULTS, name + '.sqlite')
    if not os.path.exists(path):
        return empty
    con = sqlite3.connect('file:%s?mode=ro' % path, uri=True, timeout=10)
    try:
        return [tuple(r) for r in con.execute(sql)]
    except sqlite3.OperationalError as e:
        if 'no such table' in str(e):
            return empty
        raise
    finally:
        con.close()


def cache_hashes(name):
    return {r[0] for r in read_only(name, 'SELECT request_hash FROM cache', [])}


def wait_until(what, cond, bound=20):
    """Polls cond() until it holds (an observable event), for at most `bound` seconds."""
    if H.poll(cond, bound):
        return True
    check(False, 'waited %d s for %s' % (bound, what))
    return False


def done_count(name):
    return read_only(name, "SELECT count(*) FROM instances WHERE status = 'done'", [(0,)])[0][0]


def statuses(rows):
    return collections.Counter(r['status'] for r in rows.values())


def scan_for_key(where):
    """The key (or its random part) in no file under the temp folder."""
    secret = KEY.encode()
    tail = KEY[len('sk-test-'):].encode()
    n = 0
    for dirpath, _, files in os.walk(TMP):
        for fn in files:
            path = os.path.join(dirpath, fn)
            try:
                with open(path, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            n += 1
            check(secret not in data and tail not in data,
                  'the API key is written in %s (%s)' % (os.path.relpath(path, TMP), where))
    return n


# ---------------------------------------------------------------- case 1 and 8: success


def case_success():
    # ---- OpenAI, echo server: the reply is the prompt the server received
    oa = Server('oa-success', '--reply', 'echo')
    ep = endpoint('oa-success', 'openai-chat', oa, params={'temperature': 0, 'max_tokens': 16384})
    r = hb(run_args(ep, 'oa-success'))
    check(r.rc == 0, 'openai run exits 0', r)
    rows = db_rows('oa-success')
    check(list(rows) == IDS, 'one row per instance, in suite order', list(rows)[:3])
    check(statuses(rows) == {'done': len(IDS)}, 'every instance done', statuses(rows))
    stats = oa.stats()
    sent = [r_ for r_ in rows.values() if not r_['from_cache']]
    check(stats['requests'] == len(sent), 'server requests == instances not from cache',
          stats['requests'], len(sent))
    check(N_DISTINCT <= stats['requests'] <= len(IDS), 'distinct prompts sent',
          stats['requests'], N_DISTINCT)
    resp = by_response_id(oa)
    body_of_hash = collections.defaultdict(set)
    for i, row in rows.items():
        prompt = PROMPTS[i]
        check(row['reply'] == prompt, 'reply stored verbatim (echo of the prompt)', i)
        check(row['reasoning'] is None, 'no reasoning when the server sends none', i,
              row['reasoning'])
        check(row['finish_reason'] == 'stop' and row['truncated'] == 0 and
              row['refused'] == 0, 'finish stop, not truncated', i, row['finish_reason'])
        check(row['input_tokens'] == tokens_of(prompt) + 7 and
              row['output_tokens'] == tokens_of(prompt), 'usage stored as the server sent it',
              i, row['input_tokens'], row['output_tokens'], tokens_of(prompt))
        check(row['usage_estimated'] == 0, 'usage not estimated', i)
        check(row['reasoning_tokens'] in (0, None), 'reasoning tokens 0 or unknown', i)
        check(row['model_returned'] == 'fake-model', 'model_returned', i, row['model_returned'])
        check(row['last_error'] is None, 'no last_error', i, row['last_error'])
        check(row['request_hash'] and re.fullmatch(r'[0-9a-f]{64}', row['request_hash']),
              'request_hash is a SHA-256', i, row['request_hash'])
        rec = resp.get(row['response_id'])
        check(rec is not None, 'the stored response id is one the server sent', i,
              row['response_id'])
        if rec:
            body_of_hash[row['request_hash']].add(rec['body_sha256'])
        if not row['from_cache']:
            check(row['attempts'] == 1 and row['http_status'] == 200 and
                  row['latency_ms'] is not None and row['latency_ms'] >= 0,
                  'attempts 1, HTTP 200, latency stored', i, row['attempts'],
                  row['http_status'], row['latency_ms'])
        else:
            check(GROUP[i] != i or any(GROUP[j] == i and j != i for j in IDS),
                  'only instances with a twin come from the cache', i)
    # request_hash identifies the request body: same prompt <-> same hash <-> same body
    for i in IDS:
        check((rows[i]['request_hash'] == rows[GROUP[i]]['request_hash']),
              'identical prompts share a request_hash', i)
    check(len({rows[i]['request_hash'] for i in IDS}) == N_DISTINCT,
          'different prompts have different request hashes')
    check(all(len(v) == 1 for v in body_of_hash.values()) and
          len(set().union(*body_of_hash.values())) == len(body_of_hash),
          'request_hash <-> request body is one to one')
    check(len(cache_hashes('oa-success-cache')) == N_DISTINCT, 'the cache holds every reply')
    twice = stats['requests'] - N_DISTINCT
    if twice:
        print('  note: %d of %d instances with a twin prompt were sent while the twin was in '
              'flight (paid twice)' % (twice, len(IDS) - N_DISTINCT))
    for rec in oa.records():
        check(rec['path'] == '/v1/chat/completions' and rec['method'] == 'POST' and
              rec['auth'] and rec['headers'].get('content-type', '').startswith(
                  'application/json'), 'POST /v1/chat/completions with a key and JSON', rec)
        break
    st = db_settings('oa-success')
    check(st.get('model') == 'fake-model' and KEY_ENV in st.get('endpoint', ''),
          'run settings record the endpoint (without the key)', st.get('endpoint'))

    # ---- case 8 on the same server: identical re-run, then a fresh run with the same cache
    CASE[0] = '8 rerun'
    before = oa.stats()['requests']
    r = hb(run_args(ep, 'oa-success'))
    check(r.rc == 0, 'identical re-run exits 0', r)
    check(oa.stats()['requests'] == before, 'identical re-run sends nothing',
          oa.stats()['requests'] - before)
    check(db_rows('oa-success') == rows, 'identical re-run changes no row')
    r = hb(run_args(ep, 'oa-success-fresh', cache='oa-success-cache'))
    check(r.rc == 0, 'fresh run with the same cache exits 0', r)
    check(oa.stats()['requests'] == before, 'fresh run with the same cache sends nothing',
          oa.stats()['requests'] - before)
    fresh = db_rows('oa-success-fresh')
    check(statuses(fresh) == {'done': len(IDS)}, 'fresh run: all done', statuses(fresh))
    check(all(fresh[i]['from_cache'] == 1 and fresh[i]['reply'] == rows[i]['reply'] and
              fresh[i]['output_tokens'] == rows[i]['output_tokens'] for i in IDS),
          'fresh run: every reply from the cache, the same as before')
    CASE[0] = '1 success'

    # ---- OpenAI: reasoning in `reasoning` (vLLM/Ollama) and `reasoning_content` (llama.cpp)
    for variant in ('reasoning', 'reasoning_content'):
        mark = 'THINKING-%s-marker' % variant
        oa.reset(default_action={'reasoning': variant, 'reasoning_text': mark})
        name = 'oa-' + variant
        r = hb(run_args(ep, name, '--filter', '*-4k-*', '--limit', '3'))
        check(r.rc == 0, 'openai %s run exits 0' % variant, r)
        rows = db_rows(name)
        done = [x for x in rows.values() if x['status'] == 'done']
        check(len(done) == 3, '--limit 3 answers 3', statuses(rows))
        for x in done:
            check(x['reasoning'] == mark, 'reasoning kept (%s)' % variant, x['id'],
                  x['reasoning'])
            check(mark not in (x['reply'] or '') and x['reply'] == PROMPTS[x['id']],
                  'reasoning kept out of the reply (%s)' % variant, x['id'])
            check(x['reasoning_tokens'] == 64 and
                  x['output_tokens'] == tokens_of(PROMPTS[x['id']]) + 64,
                  'reasoning tokens stored, part of output tokens', x['id'],
                  x['reasoning_tokens'], x['output_tokens'])

    # ---- OpenAI: finish_reason length -> truncated; no usage -> estimated
    oa.reset(default_action={'finish': 'length'})
    r = hb(run_args(ep, 'oa-length', '--filter', '*-4k-*', '--limit', '2'))
    check(r.rc == 0, 'openai length run exits 0', r)
    for x in db_rows('oa-length').values():
        if x['status'] != 'pending':
            check(x['status'] == 'done' and x['truncated'] == 1 and
                  x['finish_reason'] == 'length' and x['finish_raw'] == 'length',
                  'finish_reason length: done, truncated=1', x['id'], x['status'],
                  x['truncated'], x['finish_reason'])
    oa.reset(default_action={'usage': False})
    r = hb(run_args(ep, 'oa-nousage', '--filter', '*-4k-*', '--limit', '2'))
    check(r.rc == 0, 'openai no-usage run exits 0', r)
    for x in db_rows('oa-nousage').values():
        if x['status'] != 'pending':
            check(x['status'] == 'done' and x['usage_estimated'] == 1 and
                  (x['input_tokens'] or 0) > 0 and (x['output_tokens'] or 0) > 0,
                  'missing usage: estimated and flagged', x['id'], x['usage_estimated'],
                  x['input_tokens'], x['output_tokens'])
    oa.stop()

    # ---- Anthropic, default replies: the text is the server's, exactly
    an = Server('an-success')
    ep = endpoint('an-success', 'anthropic-messages', an)
    r = hb(run_args(ep, 'an-success'))
    check(r.rc == 0, 'anthropic run exits 0', r)
    rows = db_rows('an-success')
    check(statuses(rows) == {'done': len(IDS)}, 'anthropic: every instance done',
          statuses(rows))
    check(an.stats()['requests'] == sum(1 for x in rows.values() if not x['from_cache']),
          'anthropic: server requests == instances not from cache')
    resp = by_response_id(an)
    for i, row in rows.items():
        text = fake_server.default_text(0, None, PROMPTS[i])
        check(row['reply'] == text, 'anthropic reply stored verbatim', i, row['reply'], text)
        check(row['input_tokens'] == tokens_of(PROMPTS[i]) + 7 and
              row['output_tokens'] == tokens_of(text), 'anthropic usage stored', i,
              row['input_tokens'], row['output_tokens'])
        check(row['finish_reason'] == 'stop' and row['finish_raw'] == 'end_turn' and
              row['truncated'] == 0, 'end_turn -> stop, not truncated', i,
              row['finish_reason'], row['finish_raw'])
        check(row['reasoning'] is None, 'anthropic: no reasoning', i)
        check(row['response_id'] in resp, 'anthropic response id is the server\'s', i)
        check(row['model_returned'] == 'claude-fake', 'anthropic model_returned', i)
    for rec in an.records()[:1]:
        check(rec['path'] == '/v1/messages' and rec['auth'] and
              rec['headers'].get('anthropic-version'),
              'POST /v1/messages with x-api-key and anthropic-version', rec)

    mark = 'THINKING-anthropic-marker'
    an.reset(default_action={'reasoning': True, 'reasoning_text': mark,
                             'redacted_thinking': True})
    r = hb(run_args(ep, 'an-thinking', '--filter', '*-4k-*', '--limit', '3'))
    check(r.rc == 0, 'anthropic thinking run exits 0', r)
    for x in db_rows('an-thinking').values():
        if x['status'] != 'pending':
            check(x['status'] == 'done' and (x['reasoning'] or '').startswith(mark),
                  'anthropic thinking kept in reasoning', x['id'], x['reasoning'])
            check(x['reply'] == fake_server.default_text(0, None, PROMPTS[x['id']]),
                  'thinking and redacted_thinking kept out of the reply', x['id'], x['reply'])
    an.reset(default_action={'finish': 'length'})
    r = hb(run_args(ep, 'an-length', '--filter', '*-4k-*', '--limit', '2'))
    check(r.rc == 0, 'anthropic length run exits 0', r)
    n = 0
    for x in db_rows('an-length').values():
        if x['status'] != 'pending':
            n += 1
            check(x['status'] == 'done' and x['truncated'] == 1 and
                  x['finish_reason'] == 'length' and x['finish_raw'] == 'max_tokens',
                  'stop_reason max_tokens: done, truncated=1', x['id'], x['truncated'],
                  x['finish_reason'], x['finish_raw'])
    check(n == 2, 'anthropic length run answered 2', n)
    an.stop()


# ---------------------------------------------------------------- case 2: 429


def case_429():
    for api in ('openai-chat', 'anthropic-messages'):
        tag = '429-' + api.split('-')[0]
        srv = Server(tag)
        srv.reset(script=[{'status': 429, 'retry_after': 2}])
        ep = endpoint(tag, api, srv, concurrency=2)
        r = hb(run_args(ep, tag, '--filter', '*-4k-*', '--limit', '4'))
        check(r.rc == 0, '%s: exits 0' % api, r)
        rows = db_rows(tag)
        done = {i: x for i, x in rows.items() if x['status'] == 'done'}
        check(len(done) == 4, '%s: 4 done' % api, statuses(rows))
        twice = [x for x in done.values() if x['attempts'] == 2]
        check(len(twice) == 1 and all(x['attempts'] == 1 for x in done.values()
                                      if x['attempts'] != 2),
              '%s: the 429 instance has attempts 2, the others 1' % api,
              [(x['id'], x['attempts']) for x in done.values()])
        recs = srv.records()
        first = [x for x in recs if x['status'] == 429]
        check(len(first) == 1, '%s: one 429 sent' % api, [x['status'] for x in recs])
        if not first or len(twice) != 1:
            srv.stop()
            continue
        t429 = arrival(first[0])
        again = [x for x in recs if x['body_sha256'] == first[0]['body_sha256'] and
                 x['seq'] > first[0]['seq']]
        check(len(again) == 1 and again[0]['status'] == 200, '%s: retried once' % api, again)
        if again:
            gap = arrival(again[0]) - t429
            check(1.95 <= gap <= 6, '%s: the retry waited retry-after (2 s)' % api,
                  '%.3f s' % gap)
        # everything waits for a rate limit: no new request while it lasts
        during = [x for x in recs if 0.3 < arrival(x) - t429 < 1.9]
        check(not during, '%s: nothing sent during the rate-limit wait' % api,
              [(x['seq'], round(arrival(x) - t429, 3)) for x in during])
        srv.stop()


# ---------------------------------------------------------------- case 3: error classes


def case_errors():
    # transient statuses: retried, done
    for api in ('anthropic-messages', 'openai-chat'):
        tag = 'err-transient-' + api.split('-')[0]
        srv = Server(tag)
        srv.reset(script=[{'status': 500}, {'status': 502}, {'status': 503}, {'status': 529}])
        ep = endpoint(tag, api, srv, concurrency=4)
        r = hb(run_args(ep, tag, '--filter', '*-4k-*', '--limit', '4'))
        check(r.rc == 0, '%s 5xx: exits 0' % api, r)
        rows = db_rows(tag)
        done = [x for x in rows.values() if x['status'] == 'done']
        # the script fails the first four requests in arrival order: usually one per
        # instance, but a quick retry may overtake another instance's first request, so the
        # attempts are checked in sum and per failure, not per instance
        check(len(done) == 4 and sum(x['attempts'] for x in done) == 8 and
              all(x['http_status'] == 200 and x['last_error'] is None for x in done),
              '%s: 500/502/503/529 each retried, then all done' % api,
              [(x['id'], x['status'], x['attempts'], x['last_error']) for x in rows.values()
               if x['status'] != 'pending'])
        srv.wait_idle()
        recs = srv.records()
        unretried = [x['status'] for x in recs if x['status'] != 200 and
                     not any(y['body_sha256'] == x['body_sha256'] and y['seq'] > x['seq']
                             for y in recs)]
        check(not unretried, '%s: every 5xx/529 was sent again' % api, unretried)
        by = srv.stats()['by_status']
        check(by == {'500': 1, '502': 1, '503': 1, '529': 1, '200': 4},
              '%s 5xx: server saw' % api, by)
        if api == 'anthropic-messages':
            srv.stop()

    # retries exhausted -> failed (the last server message kept); resumed -> done
    srv.reset(script=[{'status': 529}, {'status': 500}])
    ep = endpoint('err-exhaust', 'openai-chat', srv, concurrency=1, max_retries=1)
    r = hb(run_args(ep, 'err-exhaust', '--filter', '*-4k-*', '--limit', '1'))
    rows = db_rows('err-exhaust')
    x = rows[IDS_4K[0]]
    check(x['status'] == 'failed' and x['attempts'] == 2 and
          'server had an error' in (x['last_error'] or ''),
          'retries exhausted: failed, attempts 2, the server message kept', x['status'],
          x['attempts'], x['last_error'])
    check(re.search(r'\b1 failed\b', r.err), 'retries exhausted: reported in the summary', r)
    before = srv.stats()['requests']
    r = hb(run_args(ep, 'err-exhaust', '--filter', '*-4k-*', '--limit', '1'))
    x = db_rows('err-exhaust')[IDS_4K[0]]
    check(r.rc == 0 and x['status'] == 'done' and srv.stats()['requests'] == before + 1 and
          x['last_error'] is None, 'a failed instance is sent again on resume and done',
          r, x['status'], x['last_error'])
    srv.stop()

    # 400: not retried, the server's message kept; too long; both APIs
    for api in ('openai-chat', 'anthropic-messages'):
        tag = 'err-400-' + api.split('-')[0]
        srv = Server(tag)
        srv.reset(script=[{'status': 400}, {'status': 400, 'error': 'context_length'}])
        ep = endpoint(tag, api, srv, concurrency=1)
        r = hb(run_args(ep, tag, '--filter', '*-4k-*', '--limit', '3'))
        rows = db_rows(tag)
        a, b, c = (rows[i] for i in IDS_4K[:3])
        msg = ("Invalid 'messages[0].content': string too long" if api == 'openai-chat'
               else 'messages: text content blocks must be non-empty')
        check(a['status'] == 'bad_request' and a['attempts'] == 1 and
              msg in (a['last_error'] or '') and a['http_status'] == 400,
              '%s 400: bad_request, attempts 1, server message in last_error' % api,
              a['status'], a['attempts'], a['http_status'], a['last_error'])
        check(b['status'] == 'too_long' and b['attempts'] == 1,
              '%s context length: too_long, attempts 1' % api, b['status'], b['attempts'],
              b['last_error'])
        check(c['status'] == 'done', '%s: the next instance done' % api, c['status'])
        check(srv.stats()['requests'] == 3, '%s: 400s not retried' % api, srv.stats())
        check(KEY not in r.err and KEY not in (a['last_error'] or ''), 'no key in errors')
        before = srv.stats()['requests']
        three = [a for i in IDS_4K[:3] for a in ('--filter', i)]
        r = hb(run_args(ep, tag, *three))
        check(srv.stats()['requests'] == before and
              db_rows(tag)[IDS_4K[0]]['status'] == 'bad_request',
              '%s: refused instances not resent on resume' % api,
              srv.stats()['requests'] - before)
        r = hb(run_args(ep, tag, *three, '--retry-failed'))
        rows = db_rows(tag)
        check(r.rc == 0 and srv.stats()['requests'] == before + 2 and
              all(rows[i]['status'] == 'done' for i in IDS_4K[:3]),
              '%s: --retry-failed sends refused instances again' % api, r,
              srv.stats()['requests'] - before, statuses(rows))
        srv.stop()

    # 401: the whole run stops at once
    for api in ('openai-chat', 'anthropic-messages'):
        tag = 'err-401-' + api.split('-')[0]
        srv = Server(tag, '--api-key', 'fake-right-key-is-another-one')
        ep = endpoint(tag, api, srv, concurrency=4)
        r = hb(run_args(ep, tag))
        n = srv.stats()['requests']
        rows = db_rows(tag)
        check(r.rc == 1, '%s 401: exit 1' % api, r)
        check(n <= 4, '%s 401: at most one round of requests sent' % api, n)
        check(re.search(r'401|credential|authenticat|api key', r.err, re.I) and
              'stopping' in r.err.lower(), '%s 401: a clear message on stderr' % api, r.err)
        st = statuses(rows)
        check(st.get('pending', 0) >= len(IDS) - 4 and st.get('done', 0) == 0,
              '%s 401: later instances remain pending' % api, st)
        check(KEY not in r.err, '%s 401: no key on stderr' % api)
        srv.stop()

    # quota / spend limit: stops too, not retried
    for api, err in (('openai-chat', 'insufficient_quota'), ('anthropic-messages', 'spend_limit')):
        tag = 'err-quota-' + api.split('-')[0]
        srv = Server(tag)
        srv.reset(default_action={'status': 429, 'error': err})
        ep = endpoint(tag, api, srv, concurrency=2)
        r = hb(run_args(ep, tag))
        n = srv.stats()['requests']
        check(r.rc == 1 and n <= 2 and 'quota' in r.err.lower(),
              '%s %s: the run stops at once' % (api, err), n, r)
        check(statuses(db_rows(tag)).get('pending', 0) >= len(IDS) - 2,
              '%s quota: later instances remain pending' % api, statuses(db_rows(tag)))
        srv.stop()


# ---------------------------------------------------------------- case 4: faults


def case_faults():
    for api in ('openai-chat', 'anthropic-messages'):
        tag = 'faults-' + api.split('-')[0]
        srv = Server(tag)
        faults = ['drop', 'reset', 'truncate', 'cut', 'hang', 'stall']
        srv.reset(script=[{'fault': f} for f in faults])
        # 2 s, not 1: a request retried on a loaded machine must not time out as the hang does
        ep = endpoint(tag, api, srv, concurrency=6, timeout_s=2)
        r = hb(run_args(ep, tag, '--filter', '*-4k-*', '--limit', '6'), timeout=40)
        check(r.rc == 0, '%s faults: exits 0' % api, r)
        rows = db_rows(tag)
        done = [x for x in rows.values() if x['status'] == 'done']
        check(len(done) == 6 and all(x['attempts'] == 2 for x in done),
              '%s: drop, reset, truncate, cut, hang and stall each retried once, then done'
              % api,
              [(x['id'], x['status'], x['attempts'], x['last_error'])
               for x in rows.values() if x['status'] != 'pending'])
        by = srv.stats()['by_status']
        check(all(by.get(f) == 1 for f in faults) and by.get('200') == 6,
              '%s: the server saw each fault once' % api, by)
        check(r.elapsed >= 1.95, '%s: the hang waited for timeout_s' % api, r.elapsed)
        for x in done:
            check(x['reply'] == fake_server.default_text(0, None, PROMPTS[x['id']]),
                  '%s: the retried reply is complete' % api, x['id'])
        srv.stop()


# ---------------------------------------------------------------- case 5: concurrency


def case_concurrency():
    srv = Server('conc', '--latency-ms', '200')
    ep = endpoint('conc', 'openai-chat', srv, concurrency=3)
    r = hb(run_args(ep, 'conc', '--filter', '*-4k-*', '--limit', '30'))
    check(r.rc == 0, 'exits 0', r)
    rows = db_rows('conc')
    check(statuses(rows).get('done') == 30, '30 done', statuses(rows))
    s = srv.stats()
    check(s['requests'] == 30, '30 requests', s)
    check(2 <= s['in_flight_max'] <= 3, 'in_flight_max within [2, 3]', s['in_flight_max'])
    check(r.elapsed >= 30 / 3 * 0.2 - 0.05, 'elapsed >= 10 rounds of 200 ms', r.elapsed)
    # from the log too: at no arrival were more than 3 requests in the server
    recs = srv.records()
    spans = [(arrival(x), arrival(x) + x['duration_ms'] / 1000.0) for x in recs]
    worst = max(sum(1 for a, b in spans if a <= t + 1e-3 and b > t + 2e-3)
                for t, _ in spans) if spans else 0
    check(worst <= 3, 'log: never more than 3 requests overlap', worst)
    print('  concurrency: 30 requests at 3 x 200 ms took %.2f s (ideal 2.0 s)' % r.elapsed)
    srv.stop()

    # a slot freed by a reply is used at once: with concurrency 1 and an instant server, the
    # next request follows the previous reply within milliseconds, not after an idle poll
    srv = Server('pace')
    ep = endpoint('pace', 'openai-chat', srv, concurrency=1)
    r = hb(run_args(ep, 'pace', '--filter', '*-4k-*', '--limit', '12'))
    check(r.rc == 0, 'concurrency 1: exits 0', r)
    recs = sorted(srv.records(), key=lambda x: x['seq'])
    gaps = sorted(arrival(b) - (arrival(a) + a['duration_ms'] / 1000.0)
                  for a, b in zip(recs, recs[1:]))
    median = gaps[len(gaps) // 2] if gaps else 0
    check(len(recs) == 12 and median < 0.15,
          'concurrency 1: the next request goes as soon as the reply is in (median gap '
          'between a reply and the next request)', '%.3f s' % median,
          'gaps %s' % [round(g, 3) for g in gaps])
    check(r.elapsed < 12 * 0.25 * 0.6,
          'concurrency 1: 12 requests to an instant server take well under 12 x 250 ms',
          '%.2f s' % r.elapsed)
    print('  pacing: 12 requests one at a time took %.2f s, median idle gap %.3f s'
          % (r.elapsed, median))
    srv.stop()


# ---------------------------------------------------------------- case 6: rpm


def case_rpm():
    srv = Server('rpm')
    ep = endpoint('rpm', 'openai-chat', srv, concurrency=8, rpm=60)
    r = hb(run_args(ep, 'rpm', '--filter', '*-4k-*', '--limit', '8'), timeout=40)
    check(r.rc == 0, 'exits 0', r)
    rows = db_rows('rpm')
    check(statuses(rows).get('done') == 8, '8 done', statuses(rows))
    times = sorted(arrival(x) for x in srv.records())
    check(len(times) == 8, '8 requests', len(times))
    # 1/s with a bucket of one second's worth: a 3 s window may hold 3 + 1.  The window is
    # shortened by 50 ms so that a request due at exactly +3 s, logged a millisecond early,
    # does not count twice.
    worst = max(sum(1 for u in times if t <= u < t + 2.95) for t in times) if times else 0
    check(worst <= 4, 'no 3 s window holds more than 4 requests', worst,
          [round(t - times[0], 3) for t in times])
    if times:
        check(times[-1] - times[0] >= 5.8, 'the 8 requests spread over >= ~6 s',
              round(times[-1] - times[0], 2))
    check(r.elapsed >= 5.8, 'elapsed >= ~6 s', r.elapsed)


# ---------------------------------------------------------------- case 7: SIGKILL and resume


def case_sigkill():
    srv = Server('kill', '--latency-ms', '150')
    ep = endpoint('kill', 'openai-chat', srv, concurrency=4)
    args = run_args(ep, 'kill')
    snaps = []   # per kill: (log lines at the kill, {id: response_id} done, cached hashes)
    # each kill falls once the run has committed a few more replies than the last one left
    # (an observable event, not a delay), so every session makes progress and none finishes
    target = 0
    for k, more in enumerate((2, 3, 2)):
        c = Child(args, 'kill-%d' % k)
        target += more
        wait_until('%d replies committed' % target,
                   lambda: done_count('kill') >= target or c.p.poll() is not None)
        alive = c.p.poll() is None
        c.p.kill()
        c.wait(10)
        check(alive, 'still running when killed after %d replies' % target)
        scan_for_key('after SIGKILL %d (WAL and SHM left behind)' % k)
        check(srv.wait_idle(), 'server idle after the kill')
        rows = db_rows('kill')
        done = {i: x['response_id'] for i, x in rows.items() if x['status'] == 'done'}
        snaps.append((len(srv.records()), done, cache_hashes('kill-cache'), rows))
        target = len(done)
        print('  SIGKILL at %d done, %d requests so far' % (len(done), len(srv.records())))
    sizes = [len(s[1]) for s in snaps]
    check(0 < sizes[0] and all(a < b for a, b in zip(sizes, sizes[1:])) and
          sizes[-1] < len(IDS), 'each kill fell mid-run (progress, not finished)', sizes)
    r = hb(args)
    check(r.rc == 0, 'the resumed run completes', r)
    final = db_rows('kill')
    check(statuses(final) == {'done': len(IDS)}, 'all done after resuming', statuses(final))
    recs = srv.records()
    body = {}   # request_hash -> body sha256 (from the response ids)
    resp = by_response_id(srv)
    for i, x in final.items():
        rec = resp.get(x['response_id'])
        check(rec is not None, 'final response id is the server\'s', i, x['response_id'])
        if rec:
            body.setdefault(x['request_hash'], set()).add(rec['body_sha256'])
    check(all(len(v) == 1 for v in body.values()), 'one body per request_hash')
    members = collections.defaultdict(set)
    for i, x in final.items():
        members[x['request_hash']].add(i)
    sha_hash = {next(iter(v)): h for h, v in body.items() if v}
    for k, (nlines, done, cached, rows) in enumerate(snaps):
        # a reply committed before the kill is kept as it was
        changed = [i for i, rid in done.items() if final[i]['response_id'] != rid]
        check(not changed, 'kill %d: replies committed before the kill are kept' % k, changed)
        later = recs[nlines:]
        again = collections.Counter()
        for rec in later:
            h = sha_hash.get(rec['body_sha256'])
            if h is None:
                continue
            committed = members[h] & set(done)
            if not committed:
                continue
            if h in cached:
                check(False, 'kill %d: a request answered and cached before the kill was '
                      'sent again' % k, sorted(committed), rec['seq'])
            else:
                again[h] += 1
        for h, n in again.items():
            # committed to the run but killed before the cache write: only its twins that
            # were still unanswered may be sent
            check(n <= len(members[h] - set(done)),
                  'kill %d: a request committed before the kill was sent again' % k,
                  sorted(members[h] & set(done)), n)
    n200 = collections.Counter(x['body_sha256'] for x in recs if x['status'] == 200)
    print('  sigkill: %d requests for %d distinct prompts over 4 sessions' %
          (len(recs), len(n200)))


# ---------------------------------------------------------------- case 9: the key


def case_key():
    srv = Server('key')
    for api in ('openai-chat', 'anthropic-messages'):
        ep = endpoint('key-' + api, api, srv)
        r = hb(run_args(ep, 'key-dry', '--dry-run'))
        check(r.rc == 0, '%s --dry-run exits 0' % api, r)
        check(KEY not in r.out + r.err, '%s --dry-run does not print the key' % api)
        hdr = 'Authorization: Bearer [redacted]' if api == 'openai-chat' \
            else 'x-api-key: [redacted]'
        check(hdr in r.out, '%s --dry-run says the key is redacted' % api, r.out[:600])
        check('"model"' in r.out and 'estimate' in r.out, '%s --dry-run prints the request'
              % api, r.out[:300])
        env = dict(ENV)
        del env[KEY_ENV]
        r2 = hb(run_args(ep, 'key-dry', '--dry-run'), env=env)
        check(r2.rc == 0 and KEY_ENV in r2.out + r2.err and 'not set' in r2.out + r2.err,
              '%s --dry-run without the variable says it is not set' % api, r2.out[-300:])
    check(srv.stats()['requests'] == 0, '--dry-run sends nothing', srv.stats())
    # a real run with the variable unset: the message names the variable (what and where)
    env = dict(ENV)
    del env[KEY_ENV]
    r = hb(run_args(endpoint('key-unset', 'openai-chat', srv), 'key-unset', '--limit', '2'),
           env=env)
    check(r.rc == 1, 'run with $%s unset: exit 1' % KEY_ENV, r)
    check(KEY_ENV in r.err, 'run with $%s unset: the message names the variable' % KEY_ENV,
          r.err[-400:])
    check(not os.path.exists(os.path.join(RESULTS, 'key-dry.sqlite')),
          '--dry-run writes no run database')
    srv.stop()
    n = scan_for_key('end of the test')
    for what, data in OUTPUTS:
        check(KEY.encode() not in data, 'the key is printed by: holobench ' + what)
    print('  key: %d files and %d outputs scanned' % (n, len(OUTPUTS)))


# ---------------------------------------------------------------- case 10: Ctrl-C


def case_sigint():
    srv = Server('int', '--latency-ms', '500')
    ep = endpoint('int', 'openai-chat', srv, concurrency=4)
    args = run_args(ep, 'int', '--filter', '*-4k-*')
    # one Ctrl-C: stop sending, wait for the replies in flight
    c = Child(args, 'int-1')
    # the first round answered and the next one in flight
    wait_until('a second round of requests in flight',
               lambda: srv.stats()['requests'] > 4 and srv.stats()['in_flight'] > 0, 10)
    inflight = srv.stats()['in_flight']
    c.p.send_signal(signal.SIGINT)
    t_int = time.monotonic()
    r = c.wait(15)
    took = time.monotonic() - t_int
    check(inflight > 0, 'requests were in flight at the Ctrl-C', inflight)
    check(r.rc not in (0, 'timeout'), 'Ctrl-C: non-zero exit', r)
    check(took < 3, 'Ctrl-C: exits once the replies in flight are in', round(took, 2))
    check(srv.wait_idle(), 'server idle')
    rows = db_rows('int')
    stored = {x['response_id'] for x in rows.values() if x['status'] == 'done'}
    sent = {response_id('openai', x['seq']) for x in srv.records() if x['status'] == 200}
    check(sent <= stored, 'Ctrl-C: every reply the server sent is committed',
          len(sent - stored))
    check(0 < len(stored) < len(IDS_4K), 'Ctrl-C stopped the run part way', len(stored))
    n1 = len(stored)
    done1 = {i: x['response_id'] for i, x in rows.items() if x['status'] == 'done'}
    # two Ctrl-C: stop at once
    c = Child(args, 'int-2')
    wait_until('a request in flight', lambda: srv.stats()['in_flight'] >= 1, 10)
    c.p.send_signal(signal.SIGINT)
    # the second Ctrl-C once the first is seen (its message), or the two may merge into one
    wait_until('the first Ctrl-C acknowledged',
               lambda: b'interrupted:' in open(c.err_path, 'rb').read(), 10)
    c.p.send_signal(signal.SIGINT)
    t_int = time.monotonic()
    r = c.wait(15)
    check(r.rc not in (0, 'timeout'), 'double Ctrl-C: non-zero exit', r)
    check(time.monotonic() - t_int < 0.45, 'double Ctrl-C: stops without waiting for replies',
          round(time.monotonic() - t_int, 2))
    rows = db_rows('int')
    check(all(rows[i]['status'] == 'done' and rows[i]['response_id'] == rid
              for i, rid in done1.items()), 'double Ctrl-C: nothing committed is lost')
    check(sum(1 for x in rows.values() if x['status'] == 'done') >= n1,
          'double Ctrl-C: the run database is readable and consistent')
    check(srv.wait_idle(), 'server idle')
    # a re-run completes (without the latency, to save time)
    srv.reset(latency_ms=0)
    r = hb(args)
    check(r.rc == 0, 're-run after Ctrl-C completes', r)
    rows = db_rows('int')
    st = collections.Counter(rows[i]['status'] for i in IDS_4K)
    check(st == {'done': len(IDS_4K)}, 're-run: every selected instance done', st, n1)
    srv.stop()


# ---------------------------------------------------------------- main

CASES = [('1 success', case_success), ('2 429', case_429), ('3 errors', case_errors),
         ('4 faults', case_faults), ('5 concurrency', case_concurrency), ('6 rpm', case_rpm),
         ('7 sigkill', case_sigkill), ('10 sigint', case_sigint), ('9 key', case_key)]


def main():
    only = os.environ.get('HB_RUN_CASES')   # e.g. "2,7" to run a few cases
    times = []
    try:
        for name, fn in CASES:
            if only and name.split()[0] not in only.split(','):
                continue
            CASE[0] = name
            t0 = time.monotonic()
            print('case %s' % name, flush=True)
            nf = len(FAILURES)
            try:
                fn()
            except Exception:
                check(False, 'exception', traceback.format_exc())
            times.append((name, time.monotonic() - t0, len(FAILURES) - nf))
    finally:
        for c in CHILDREN:
            if c.p.poll() is None:
                c.p.kill()
                c.p.wait(5)
        for s in SERVERS:
            s.stop()
        if FAILURES and os.environ.get('HB_KEEP_TMP'):
            print('temp folder kept: %s' % TMP)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    print()
    for name, t, nf in times:
        print('%-16s %6.2f s  %s' % (name, t, 'FAILED %d' % nf if nf else 'ok'))
    print('total %.1f s; %d failure(s)' % (time.monotonic() - T_START, len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == '__main__':
    sys.exit(main())
