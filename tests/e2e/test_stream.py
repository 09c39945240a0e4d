#!/usr/bin/env python3
"""Streaming, the OpenAI Responses API and the accounting columns, end to end against the fake
server (tests/fake_server, which streams Server-Sent Events for all three APIs).

usage: test_stream.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)

  parity     for openai-chat, anthropic-messages and openai-responses: a streamed run stores
             exactly what a non-streamed run stores (reply, reasoning, finish, truncation,
             refusal, every token count), and the server saw "stream": true (and
             stream_options.include_usage on Chat Completions) only on the streamed run
  default    Anthropic streams by default above max_tokens 21333, not at 21333, and never with
             "stream": false; "stream" in params is honoured, not dropped
  cut        a stream cut short (no terminal event) or ended by an error event is retried and
             then done with the whole reply; without retries it is 'failed', never 'done'
  idle       timeout_s is an idle timeout: a stream slower in total than timeout_s but never
             quiet that long is done in one attempt; a stream that stalls fails with the
             idle message
  responses  the Responses request (input, max_output_tokens, instructions, reasoning.effort,
             store false), max_output_tokens -> truncated, content_filter -> refused
  think      <think>...</think> goes to reasoning on Anthropic and Responses replies too
  account    cached, cache-write and thinking tokens, the request id and stop_details are
             stored; report's cost prices cache reads and writes with price_cached_in and
             price_cache_write
  migrate    a version 1 run database (without the new columns) is readable by report and
             upgraded to version 2 on resume; an old reply cache too
  batch      export for openai-responses writes url /v1/responses; import reads Responses
             bodies back
  judge      score --judge through an openai-responses endpoint (text.format json_schema)
"""
import json
import os
import random
import shutil
import sqlite3
import string
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import helpers as H  # noqa: E402

BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
SRC = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
if not BIN or not SRC:
    sys.exit('usage: test_stream.py HOLOBENCH SOURCE_ROOT')
sys.path.insert(0, os.path.join(SRC, 'tests', 'fake_server'))
import fake_server  # noqa: E402  (det_id, det_hex: the request ids the server sends)

SUITE = os.path.join(SRC, 'tests', 'data', 'quick-suite.jsonl')
KEY_ENV = 'HB_E2E_STREAM_KEY'
KEY = 'sk-stream-' + ''.join(random.SystemRandom().choice(string.ascii_letters)
                             for _ in range(32))
ENV = dict(os.environ, LC_ALL='C', NO_COLOR='1')
ENV[KEY_ENV] = KEY
TMP = tempfile.mkdtemp(prefix='hb-e2e-stream-')
FAILURES = []
APIS = ('openai-chat', 'anthropic-messages', 'openai-responses')
COLS = ('status', 'reply', 'reasoning', 'finish_reason', 'finish_raw', 'truncated', 'refused',
        'input_tokens', 'output_tokens', 'reasoning_tokens', 'cached_tokens',
        'cache_write_tokens', 'stop_details', 'model_returned', 'usage_estimated')


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:700] for d in detail) if detail else '')
        FAILURES.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def hb(*args, expect=None):
    p = subprocess.run([BIN, *args], capture_output=True, timeout=120, env=ENV,
                       stdin=subprocess.DEVNULL)
    H.fail_on_sanitizer(args, p.stderr)
    out, err = p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')
    check(KEY not in out + err, 'the key is in no output')
    if expect is not None:
        check(p.returncode == expect, 'holobench %s exited %d' % (' '.join(args), p.returncode),
              err[-800:])
    return p.returncode, out, err


def endpoint(name, api, port, **kw):
    d = {'api': api,
         'base_url': 'http://127.0.0.1:%d%s' % (port, '' if api == 'anthropic-messages'
                                                else '/v1'),
         'model': {'openai-chat': 'fake-model', 'anthropic-messages': 'claude-fake',
                   'openai-responses': 'gpt-fake'}[api],
         'api_key_env': KEY_ENV, 'params': {'max_tokens': 256},
         'concurrency': 2, 'timeout_s': 10, 'max_retries': 2}
    d.update(kw)
    path = os.path.join(TMP, name + '.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    return path


def run(ep, name, *extra):
    db = os.path.join(TMP, name + '.sqlite')
    rc, out, err = hb('run', SUITE, '--endpoint', ep, '--run', db, '--no-cache', '--root', SRC,
                      '-q', *extra)
    return db, rc, err


def rows(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    out = {r['id']: dict(r) for r in con.execute(
        'SELECT * FROM instances WHERE status != ? ORDER BY rowid', ('pending',))}
    con.close()
    return out


def control(port, path, body=None):
    req = urllib.request.Request('http://127.0.0.1:%d%s' % (port, path),
                                 data=None if body is None else json.dumps(body).encode(),
                                 method='GET' if body is None else 'POST')
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


class Log:
    """The server's --log, read from where the last read stopped."""

    def __init__(self, path):
        self.path, self.pos = path, 0

    def new(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, encoding='utf-8') as f:
            f.seek(self.pos)
            lines = f.readlines()
            self.pos = f.tell()
        return [json.loads(x) for x in lines if x.strip()]


def request_ids(recs):
    """The request-id / x-request-id values the server sent to these requests."""
    out = set()
    for r in recs:
        out.add('req_01' + fake_server.det_id(0, 'req', r['seq'], 22))
        out.add('req_' + fake_server.det_hex(0, 'req', r['seq'], 32))
    return out


# ---------------------------------------------------------------- the cases

ACCOUNT = {'reasoning': True, 'cached_tokens': 3, 'cache_write_tokens': 5, 'thinking_tokens': 7,
           'stop_details': {'type': 'end', 'note': 'fake'}}


def case_parity(srv, log):
    actions = [('account', ACCOUNT), ('length', {'finish': 'length'}),
               ('refusal', {'refusal': 'I cannot help with that.'}),
               ('filter', {'finish': 'content_filter'})]
    for api in APIS:
        for tag, action in actions:
            if tag == 'filter' and api == 'anthropic-messages':
                continue  # Anthropic has no content filter finish
            control(srv.port, '/_reset', {'default_action': action})
            name = '%s-%s' % (api, tag)
            log.new()
            plain, rc1, e1 = run(endpoint(name, api, srv.port), name + '-plain', '--limit', '3')
            sent_plain = log.new()
            streamed, rc2, e2 = run(endpoint(name + '-s', api, srv.port, stream=True),
                                    name + '-stream', '--limit', '3')
            sent_stream = log.new()
            check(rc1 == 0 and rc2 == 0, '%s: both runs end well' % name, e1, e2)
            a, b = rows(plain), rows(streamed)
            check(len(a) == 3 and a.keys() == b.keys(), '%s: the same instances' % name)
            for i in a:
                for c in COLS:
                    check(a[i][c] == b[i][c], '%s: %s: %s streamed as not' % (name, i, c),
                          a[i][c], b[i][c])
                check(a[i]['status'] == 'done', '%s: %s done' % (name, i))
                check(b[i]['request_id'] in request_ids(sent_stream),
                      '%s: %s: the request id stored' % (name, i), b[i]['request_id'])
            check(sent_plain and not any(r.get('stream') or r.get('streamed') for r in sent_plain),
                  '%s: the plain run did not stream' % name)
            check(sent_stream and all(r.get('stream') and r.get('streamed') for r in sent_stream),
                  '%s: every request of the streamed run streamed' % name, sent_stream[:1])
            if api == 'openai-chat':
                check(all(r.get('include_usage') for r in sent_stream),
                      '%s: stream_options.include_usage asked for' % name)
            r0 = next(iter(b.values()))
            if tag == 'account':
                check(r0['reasoning'] and 'fake reasoning' in r0['reasoning'],
                      '%s: reasoning kept apart' % name, r0['reasoning'])
                if api == 'anthropic-messages':
                    check((r0['cached_tokens'], r0['cache_write_tokens'], r0['reasoning_tokens'])
                          == (3, 5, 7), '%s: cache read, write and thinking tokens' % name,
                          r0['cached_tokens'], r0['cache_write_tokens'], r0['reasoning_tokens'])
                    check(json.loads(r0['stop_details'] or 'null') == ACCOUNT['stop_details'],
                          '%s: stop_details' % name, r0['stop_details'])
                else:
                    check(r0['cached_tokens'] == 3 and r0['cache_write_tokens'] is None,
                          '%s: cached tokens' % name, r0['cached_tokens'])
                    check(r0['reasoning_tokens'] == 64, '%s: reasoning tokens' % name)
            elif tag == 'length':
                check(all(r['truncated'] == 1 and r['finish_reason'] == 'length'
                          for r in b.values()), '%s: truncated' % name)
                if api == 'openai-responses':
                    check(r0['finish_raw'] == 'max_output_tokens', '%s: finish_raw' % name,
                          r0['finish_raw'])
            else:
                check(all(r['refused'] == 1 for r in b.values()), '%s: flagged refused' % name,
                      r0['finish_reason'], r0['refused'])


def case_default(srv, log):
    control(srv.port, '/_reset', {'default_action': {}})
    for name, mt, kw, want in (('over', 30000, {}, True), ('at', 21333, {}, False),
                               ('off', 30000, {'stream': False}, False)):
        ep = endpoint('an-default-' + name, 'anthropic-messages', srv.port,
                      params={'max_tokens': mt}, **kw)
        log.new()
        db, rc, err = run(ep, 'an-default-' + name, '--limit', '1')
        sent = log.new()
        check(rc == 0 and sent and all(r.get('stream') == want for r in sent),
              'anthropic max_tokens %d %s: streamed %s' % (mt, kw, want),
              err, [r.get('stream') for r in sent])
    ep = endpoint('oa-params-stream', 'openai-chat', srv.port,
                  params={'max_tokens': 64, 'stream': True})
    log.new()
    db, rc, err = run(ep, 'oa-params-stream', '--limit', '1')
    sent = log.new()
    check(rc == 0 and sent and all(r.get('stream') and r.get('include_usage') for r in sent),
          'stream in params is honoured', err)


def case_cut(srv, log):
    ref = {}
    for api in APIS:
        ref[api] = rows(os.path.join(TMP, '%s-account-plain.sqlite' % api))
    for api in APIS:
        for fault in ('cut', 'error'):
            name = '%s-%s' % (api, fault)
            control(srv.port, '/_reset', {'default_action': ACCOUNT,
                                          'script': [dict(ACCOUNT, stream_fault=fault)]})
            db, rc, err = run(endpoint(name, api, srv.port, stream=True, concurrency=1), name,
                              '--limit', '1')
            r = list(rows(db).values())
            check(rc == 0 and len(r) == 1 and r[0]['status'] == 'done' and r[0]['attempts'] == 2,
                  '%s: retried, then done' % name, err, r[:1])
            if r:
                want = ref[api].get(r[0]['id'])
                check(want is not None and r[0]['reply'] == want['reply'] and
                      r[0]['output_tokens'] == want['output_tokens'],
                      '%s: the whole reply, not the part before the fault' % name)
            control(srv.port, '/_reset', {'default_action': dict(ACCOUNT, stream_fault=fault)})
            log.new()
            db, rc, err = run(endpoint(name + '-0', api, srv.port, stream=True, max_retries=0),
                              name + '-0', '--limit', '2')
            sent = log.new()
            r = list(rows(db).values())
            check(r and all(x['request_id'] in request_ids(sent) for x in r),
                  '%s: a failed attempt keeps its request id' % name, [x['request_id'] for x in r])
            check(len(r) == 2 and all(x['status'] == 'failed' and x['reply'] is None for x in r),
                  '%s without retries: failed, no reply stored' % name, r[:1])
            words = 'cut short' if fault == 'cut' else ('Overloaded' if api ==
                                                        'anthropic-messages' else 'server had')
            check(all(words in (x['last_error'] or '') for x in r),
                  '%s: the message says why' % name, [x['last_error'] for x in r])


def case_idle(srv, log):
    control(srv.port, '/_reset', {'default_action': dict(ACCOUNT, stream_delay_ms=300)})
    log.new()
    db, rc, err = run(endpoint('idle-slow', 'openai-chat', srv.port, stream=True, timeout_s=1,
                               max_retries=0), 'idle-slow', '--limit', '1')
    sent = log.new()
    r = list(rows(db).values())
    check(rc == 0 and r and r[0]['status'] == 'done' and r[0]['attempts'] == 1,
          'a slow stream, never quiet for timeout_s, is done at once', err, r[:1])
    check(sent and sent[0]['duration_ms'] > 1000,
          'the slow stream lasted longer than timeout_s in total', sent[:1])
    control(srv.port, '/_reset', {'default_action': dict(ACCOUNT, stream_fault='stall',
                                                         hang_ms=6000)})
    db, rc, err = run(endpoint('idle-stall', 'anthropic-messages', srv.port, stream=True,
                               timeout_s=1, max_retries=0), 'idle-stall', '--limit', '1')
    r = list(rows(db).values())
    check(r and r[0]['status'] == 'failed' and 'no data for 1 s' in (r[0]['last_error'] or ''),
          'a stalled stream fails with the idle timeout', r[:1])


def case_responses(srv, log):
    control(srv.port, '/_reset', {'default_action': {}})
    ep = endpoint('rs-shape', 'openai-responses', srv.port,
                  params={'max_tokens': 200, 'reasoning_effort': 'low', 'system': 'Be brief.',
                          'temperature': 1})
    rc, out, err = hb('run', SUITE, '--endpoint', ep, '--dry-run', '--root', SRC,
                      '--run', os.path.join(TMP, 'rs-dry.sqlite'))
    check(rc == 0 and 'POST http://127.0.0.1:%d/v1/responses' % srv.port in out,
          'dry run: POST .../responses', out[:300], err)
    try:
        body = json.loads(out.split('\n\n')[1])
    except (IndexError, ValueError):
        body = {}
    check(body.get('max_output_tokens') == 200 and 'max_tokens' not in body and
          body.get('reasoning') == {'effort': 'low'} and body.get('instructions') == 'Be brief.'
          and body.get('store') is False and 'messages' not in body and
          isinstance(body.get('input'), list) and body['input'][0]['role'] == 'user',
          'the Responses request shape', json.dumps(body)[:400])
    db, rc, err = run(ep, 'rs-shape', '--limit', '2')
    check(rc == 0 and all(r['status'] == 'done' for r in rows(db).values()),
          'a Responses run (the server refuses max_tokens and messages)', err)


def case_think(srv, log):
    action = {'text': '<think>pondering the rows</think>\nAnswer: 42'}
    control(srv.port, '/_reset', {'default_action': action})
    for api in ('anthropic-messages', 'openai-responses'):
        for stream in (False, True):
            name = 'think-%s-%d' % (api, stream)
            db, rc, err = run(endpoint(name, api, srv.port, stream=stream), name, '--limit', '1')
            r = list(rows(db).values())
            check(rc == 0 and r and r[0]['reply'] == 'Answer: 42' and
                  r[0]['reasoning'] == 'pondering the rows',
                  '%s: <think> split into reasoning' % name, r[:1], err)


def find(obj, key):
    if isinstance(obj, dict):
        if key in obj:
            return obj[key]
        obj = list(obj.values())
    if isinstance(obj, list):
        for v in obj:
            got = find(v, key)
            if got is not None:
                return got
    return None


def case_account(srv, log):
    control(srv.port, '/_reset', {'default_action': ACCOUNT})
    ep = endpoint('cost', 'anthropic-messages', srv.port, price_in=2, price_out=10,
                  price_cached_in=0.5, price_cache_write=2.5)
    db, rc, err = run(ep, 'cost', '--limit', '4')
    r = rows(db).values()
    tin = sum(x['input_tokens'] for x in r)
    tout = sum(x['output_tokens'] for x in r)
    read = sum(x['cached_tokens'] for x in r)
    write = sum(x['cache_write_tokens'] for x in r)
    want = ((tin - read - write) * 2 + read * 0.5 + write * 2.5 + tout * 10) / 1e6
    hb('score', db, expect=0)
    rc, out, err = hb('report', db, '--format', 'json')
    try:
        got = find(json.loads(out), 'cost_usd')
    except ValueError:
        got = None
    check(rc == 0 and got is not None and abs(got - want) < 1e-9 and read == 12 and write == 20,
          'cost with cache prices', got, want, err[-300:])
    one = next(iter(r))
    rc, out, err = hb('show', db, one['id'])
    check(rc == 0 and 'request_id          %s' % one['request_id'] in out and
          'cache_write_tokens  5' in out and 'stop_details' in out,
          'show prints the accounting columns', out[:900], err)
    return db


def case_migrate(srv, log, db):
    old = os.path.join(TMP, 'old.sqlite')
    shutil.copy(db, old)
    cache = os.path.join(TMP, 'old-cache.sqlite')
    con = sqlite3.connect(old)
    for c in ('cache_write_tokens', 'request_id', 'stop_details'):
        con.execute('ALTER TABLE instances DROP COLUMN %s' % c)
    con.execute("UPDATE run SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    con = sqlite3.connect(cache)  # a reply cache as holobench wrote it before
    con.execute('CREATE TABLE cache (request_hash TEXT PRIMARY KEY NOT NULL, text TEXT, '
                'reasoning TEXT, finish TEXT, finish_raw TEXT, truncated INTEGER NOT NULL, '
                'refused INTEGER NOT NULL, input_tokens INTEGER, output_tokens INTEGER, '
                'reasoning_tokens INTEGER, cached_tokens INTEGER, model TEXT, response_id TEXT, '
                'created_at TEXT NOT NULL)')
    con.commit()
    con.close()
    rc, out, err = hb('report', old, '--format', 'json')
    check(rc == 0 and find(json.loads(out or '{}'), 'cost_usd') is not None,
          'report reads a version 1 run', err[-400:])
    con = sqlite3.connect(old)
    one = con.execute("SELECT id FROM instances WHERE status = 'done' LIMIT 1").fetchone()[0]
    con.close()
    rc, out, err = hb('show', old, one)
    check(rc == 0 and 'cached_tokens       3' in out and 'request_id' not in out,
          'show reads a version 1 run', out[:600], err)
    con = sqlite3.connect(old)
    check(con.execute("SELECT value FROM run WHERE key = 'schema_version'").fetchone()[0] == '1',
          'report leaves a version 1 run as it is')
    con.close()
    ep = os.path.join(TMP, 'cost.json')
    rc, out, err = hb('run', SUITE, '--endpoint', ep, '--run', old, '--cache', cache, '--root',
                      SRC, '-q', '--limit', '5')
    con = sqlite3.connect(old)
    ver = con.execute("SELECT value FROM run WHERE key = 'schema_version'").fetchone()[0]
    cols = [r[1] for r in con.execute('PRAGMA table_info(instances)')]
    n = con.execute("SELECT count(*) FROM instances WHERE status = 'done' AND "
                    "cache_write_tokens = 5").fetchone()[0]
    con.close()
    check(rc == 0 and ver == '2' and 'request_id' in cols and n >= 1,
          'resume upgrades a version 1 run', ver, cols[-4:], n, err[-400:])
    con = sqlite3.connect(cache)
    cols = [r[1] for r in con.execute('PRAGMA table_info(cache)')]
    nc = con.execute('SELECT count(*) FROM cache WHERE cache_write_tokens = 5').fetchone()[0]
    con.close()
    check('cache_write_tokens' in cols and nc >= 1, 'an old reply cache gets the new columns',
          cols, nc)


def case_batch(srv, log):
    ep = endpoint('rs-batch', 'openai-responses', srv.port, params={'max_tokens': 300})
    d = os.path.join(TMP, 'exp-rs')
    rc, out, err = hb('export', SUITE, '--endpoint', ep, '-o', d, '--root', SRC, expect=0)
    with open(os.path.join(d, 'manifest.json'), encoding='utf-8') as f:
        m = json.load(f)
    lines = []
    for fe in m.get('files', []):
        with open(os.path.join(d, fe['file']), encoding='utf-8') as f:
            lines += [json.loads(x) for x in f if x.strip()]
    check(m.get('api') == 'openai-responses' and len(lines) == 80 and
          all(x['url'] == '/v1/responses' and x['method'] == 'POST' and
              x['body'].get('max_output_tokens') == 300 and 'stream' not in x['body'] and
              isinstance(x['body'].get('input'), list) for x in lines),
          'export: Responses batch lines', lines[:1])
    out_lines = []
    for k, x in enumerate(lines):
        status = 'incomplete' if k == 1 else 'completed'
        body = {'id': 'resp_%d' % k, 'object': 'response', 'status': status,
                'incomplete_details': {'reason': 'max_output_tokens'} if k == 1 else None,
                'error': None, 'model': 'gpt-fake-2026',
                'output': [{'type': 'reasoning', 'summary': [{'type': 'summary_text',
                                                              'text': 'thought %d' % k}]},
                           {'type': 'message', 'role': 'assistant',
                            'content': [{'type': 'output_text', 'text': 'Answer: %d' % k,
                                         'annotations': []}]}],
                'usage': {'input_tokens': 500 + k, 'input_tokens_details': {'cached_tokens': 100},
                          'output_tokens': 40, 'output_tokens_details': {'reasoning_tokens': 9},
                          'total_tokens': 540 + k}}
        out_lines.append({'id': 'batch_req_%d' % k, 'custom_id': x['custom_id'],
                          'response': {'status_code': 200, 'request_id': 'req_b%d' % k,
                                       'body': body}, 'error': None})
    with open(os.path.join(d, 'output.jsonl'), 'w', encoding='utf-8') as f:
        f.write(''.join(json.dumps(o) + '\n' for o in reversed(out_lines)))
    run_db = os.path.join(TMP, 'rs-batch.sqlite')
    rc, out, err = hb('import', d, '--run', run_db, '--endpoint', ep, '--root', SRC, expect=0)
    r = rows(run_db)
    ids = m.get('custom_ids', {})
    first = r.get(ids.get(lines[0]['custom_id'])) or {}
    second = r.get(ids.get(lines[1]['custom_id'])) or {}
    check(len(r) == 80 and all(x['status'] == 'done' for x in r.values()),
          'import: every Responses result done', err[-400:])
    check(first.get('reply') == 'Answer: 0' and first.get('reasoning') == 'thought 0' and
          (first.get('input_tokens'), first.get('cached_tokens'), first.get('reasoning_tokens'))
          == (500, 100, 9) and first.get('truncated') == 0, 'import: a Responses reply', first)
    check(second.get('truncated') == 1 and second.get('finish_raw') == 'max_output_tokens',
          'import: an incomplete reply is truncated', second)


def case_judge(tmp_port_log):
    replies = os.path.join(TMP, 'judge-replies.json')
    with open(replies, 'w') as f:
        json.dump({'```response': json.dumps({'reasoning': 'r', 'final_answer': '38'}),
                   'Gold rows:': json.dumps({'evaluations': [{'id': 1,
                                                              'label': 'Exact Match'}]})}, f)
    jlog = os.path.join(TMP, 'judge.log')
    srv = H.FakeServer(TMP, '--replies', replies, '--require-schema', '--log', jlog,
                       tag='judge', max_seconds=200)
    try:
        run_db = os.path.join(TMP, 'openai-chat-account-plain.sqlite')
        judge = os.path.join(TMP, 'judged.sqlite')
        shutil.copy(run_db, judge)
        ep = endpoint('judge', 'openai-responses', srv.port, params={'max_tokens': 256},
                      stream=True)
        rc, out, err = hb('score', judge, '--judge', ep, '--root', SRC)
        con = sqlite3.connect(judge)
        n = con.execute("SELECT count(*) FROM scores WHERE scorer = 'judge:gpt-fake'").fetchone()[0]
        con.close()
        with open(jlog, encoding='utf-8') as f:
            recs = [json.loads(x) for x in f if x.strip()]
        check(rc == 0 and n == 3, 'score --judge through openai-responses', n, err[-500:])
        check(recs and all(r['path'].endswith('/v1/responses') and r.get('schema_fields')
                           is not None and r.get('stream') for r in recs),
              'the judge asked /responses for a schema, streamed', recs[:1])
    finally:
        srv.stop()


def main():
    log_path = os.path.join(TMP, 'server.log')
    srv = H.FakeServer(TMP, '--log', log_path, '--hang-max-ms', '8000', max_seconds=250)
    log = Log(log_path)
    try:
        case_parity(srv, log)
        case_default(srv, log)
        case_cut(srv, log)
        case_idle(srv, log)
        case_responses(srv, log)
        case_think(srv, log)
        db = case_account(srv, log)
        case_migrate(srv, log, db)
        case_batch(srv, log)
        case_judge(None)
    finally:
        srv.stop()
    if FAILURES:
        print('test_stream: %d failures; files kept in %s' % (len(FAILURES), TMP))
        return 1
    shutil.rmtree(TMP, ignore_errors=True)
    print('test_stream: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
