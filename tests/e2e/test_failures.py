"""Runs that fail, fail visibly; TLS and secrets; endpoint fidelity; resumes; the dry run
(issue 14, items 3, 4, 5, 7 and 8), against tests/fake_server.

Usage: test_failures.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)

  exit        0 when every selected instance is done, 3 when some were refused, 1 stopped
  breaker     the same 404 (unknown model, both APIs) five times in a row stops the run with
              the server's message; --stop-after changes the count; a dead port stops after
              unreachable_s
  hint        a 429 without headers waits what its message asks ("try again in 2s")
  secrets     a header from the environment is sent, redacted in --dry-run and in an echoed
              error; stored errors are one bounded line; an unset variable stops the run
  tls         a throwaway CA made with openssl: trusted by ca_file or CURL_CA_BUNDLE works;
              untrusted stops at once (exit 1, the message names ca_file, no retry)
  fidelity    base_url's query string, system messages, max_completion_tokens by default
              for api.openai.com, warnings for unknown params, thinking checks
  examples    every shipped endpoint's --dry-run request has its API's documented shape
  resume      a renamed endpoint, a new local port and new limits resume; a new param or
              model is refused naming the field
  dry         the dry run counts only what is left, elides the context (--show-request
              prints it), estimates wall time from concurrency and rpm
"""

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

BIN, SRC = H.locate()
SUITE = os.path.join(SRC, 'tests', 'data', 'quick-suite.jsonl')
KEY_ENV = 'HB_E2E_FAILURES_KEY'
KEY = 'sk-fail-' + os.urandom(8).hex()
HDR_ENV = 'HB_E2E_FAILURES_HDR'
HDR_SECRET = 'azk-' + os.urandom(8).hex()
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:1500] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def hb(args, env=None, timeout=120):
    e = {k: v for k, v in os.environ.items()
         if k not in ('CURL_CA_BUNDLE', 'SSL_CERT_FILE', 'SSL_CERT_DIR', HDR_ENV)}
    e.update(LC_ALL='C', NO_COLOR='1', HOLOBENCH_HOME='')
    e[KEY_ENV] = KEY
    e.update(env or {})
    t0 = time.monotonic()
    p = subprocess.run([BIN] + [str(a) for a in args], env=e, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=timeout)
    H.fail_on_sanitizer(args, p.stderr)
    r = H.Result([str(a) for a in args], p.returncode, p.stdout.decode('utf-8', 'replace'),
                 p.stderr.decode('utf-8', 'replace'))
    r.elapsed = time.monotonic() - t0
    check(KEY not in r.out + r.err and HDR_SECRET not in r.out + r.err,
          'no secret in the output of ' + ' '.join(r.args))
    return r


def endpoint(tmp, name, port, api='openai-chat', scheme='http', **kw):
    openai = api == 'openai-chat'
    d = {'api': api, 'base_url': '%s://127.0.0.1:%d%s' % (scheme, port, '/v1' if openai else ''),
         'model': 'fake-model' if openai else 'claude-fake', 'api_key_env': KEY_ENV,
         'params': {'max_tokens': 64}, 'concurrency': 1, 'timeout_s': 20, 'max_retries': 3}
    d.update(kw)
    d = {k: v for k, v in d.items() if v is not None}
    path = os.path.join(tmp, name + '.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    return path


def run_args(tmp, ep, name, *extra):
    return ['run', SUITE, '--endpoint', ep, '--root', SRC, '--run',
            os.path.join(tmp, name + '.sqlite'), '--no-cache'] + list(extra)


def server(tmp, *flags, script=None, tag='srv'):
    args = ['--log', os.path.join(tmp, tag + '.log')] + list(flags)
    if script is not None:
        path = os.path.join(tmp, tag + '-script.json')
        with open(path, 'w') as f:
            json.dump(script, f)
        args += ['--script', path]
    return H.FakeServer(tmp, *args, tag=tag)


def log_of(tmp, tag='srv'):
    path = os.path.join(tmp, tag + '.log')
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(x) for x in f if x.strip()]


def rows(tmp, name):
    con = sqlite3.connect(os.path.join(tmp, name + '.sqlite'))
    try:
        return con.execute('SELECT id, status, last_error, attempts FROM instances '
                           'WHERE status != \'pending\' ORDER BY rowid').fetchall()
    finally:
        con.close()


def suite_lines():
    with open(SUITE, encoding='utf-8') as f:
        return [json.loads(x) for x in f if x.strip()]


# ---------------------------------------------------------------- item 3


def case_exit(tmp):
    srv = server(tmp, script=[{'status': 400, 'message': 'bad thing'}], tag='exit')
    try:
        ep = endpoint(tmp, 'exit', srv.port)
        r = hb(run_args(tmp, ep, 'exit-some', '--limit', '4'))
        check(r.rc == 3, 'a run with one bad_request instance exits 3', r.describe())
        check('exit status 3' in r.err, 'and says so', r.err[-400:])
        r = hb(run_args(tmp, ep, 'exit-all', '--limit', '3'))
        check(r.rc == 0, 'a run with every instance done exits 0', r.describe())
    finally:
        srv.stop()


def case_breaker(tmp):
    srv = server(tmp, '--models', 'fake-model,claude-fake', tag='brk')
    try:
        for api, model, text in (('openai-chat', 'gpt-typo', 'does not exist'),
                                 ('anthropic-messages', 'claude-typo', 'claude-typo')):
            ep = endpoint(tmp, 'brk-' + api, srv.port, api=api, model=model)
            before = len(log_of(tmp, 'brk'))
            r = hb(run_args(tmp, ep, 'brk-' + api))
            sent = len(log_of(tmp, 'brk')) - before
            check(r.rc == 1, api + ': a mistyped model stops the run (exit 1)', r.describe())
            check('stopping the run' in r.err and text in r.err and '404' in r.err,
                  api + ': with the server\'s message', r.err[-600:])
            check(sent == 5, api + ': after 5 requests, not %d' % sent)
        ep = endpoint(tmp, 'brk-2', srv.port, model='gpt-typo')
        before = len(log_of(tmp, 'brk'))
        r = hb(run_args(tmp, ep, 'brk-2', '--stop-after', '2'))
        check(r.rc == 1 and len(log_of(tmp, 'brk')) - before == 2,
              '--stop-after 2 stops after 2', r.describe())
        ep = endpoint(tmp, 'brk-0', srv.port, model='gpt-typo', stop_after=0)
        before = len(log_of(tmp, 'brk'))
        r = hb(run_args(tmp, ep, 'brk-0', '--limit', '7'))
        check(r.rc == 3 and len(log_of(tmp, 'brk')) - before == 7,
              'stop_after 0 never stops: 7 sent, exit 3', r.describe())
    finally:
        srv.stop()
    # a port nobody listens on: connection refused on every attempt
    import socket
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    dead = s.getsockname()[1]
    s.close()
    ep = endpoint(tmp, 'dead', dead, max_retries=1000, unreachable_s=1)
    r = hb(run_args(tmp, ep, 'dead'), timeout=60)
    check(r.rc == 1 and 'no request reached the server' in r.err,
          'a dead server stops the run after unreachable_s', r.describe())


def case_hint(tmp):
    srv = server(tmp, script=[{'status': 429, 'error': 'hint', 'wait': '2s'}], tag='hint')
    try:
        ep = endpoint(tmp, 'hint', srv.port)
        r = hb(run_args(tmp, ep, 'hint', '--limit', '1'))
        check(r.rc == 0, 'the 429 is retried and answered', r.describe())
        check("the wait the server's message asks for" in r.err,
              'the progress line says why it waits', r.err[-600:])
        log = log_of(tmp, 'hint')
        check(len(log) == 2, 'two requests', log)
        # a lower bound only: the retry waited at least the 2 s the body asked for
        check(r.elapsed >= 1.9, 'the retry waited the hinted 2 s (%.2f s)' % r.elapsed)
    finally:
        srv.stop()


# ---------------------------------------------------------------- item 4


def case_secrets(tmp):
    long_msg = 'first line\nsecond line ' + 'x' * 2000
    srv = server(tmp, script=[{'status': 400, 'echo_key': True},
                              {'status': 400, 'message': long_msg}], tag='sec')
    try:
        ep = endpoint(tmp, 'sec', srv.port, api_key_env=None,
                      headers={'api-key': {'env': HDR_ENV}, 'X-Title': 'holobench'})
        r = hb(run_args(tmp, ep, 'sec', '--limit', '1'))
        check(r.rc == 1 and '$' + HDR_ENV in r.err, 'an unset header variable stops the run',
              r.describe())
        check(log_of(tmp, 'sec') == [], 'and nothing is sent')
        env = {HDR_ENV: HDR_SECRET}
        r = hb(run_args(tmp, ep, 'sec-dry', '--dry-run'), env=env)
        check(r.rc == 0 and 'api-key: [redacted]' in r.out and 'X-Title: [redacted]' in r.out,
              '--dry-run redacts every header value', r.out[:800])
        r = hb(run_args(tmp, ep, 'sec', '--limit', '2'), env=env)
        check(r.rc == 3, 'two refused instances: exit 3', r.describe())
        got = rows(tmp, 'sec')
        check(len(got) == 2, 'two rows recorded', got)
        if len(got) == 2:
            e0, e1 = got[0][2] or '', got[1][2] or ''
            check('Incorrect API key provided: [redacted]' in e0 and HDR_SECRET not in e0,
                  'the echoed header secret is redacted in last_error', e0)
            check('\n' not in e1 and len(e1) <= 340 and e1.startswith('first line second line')
                  and '...' in e1, 'a long message is one bounded line', e1)
    finally:
        srv.stop()


def make_ca(tmp):
    """A CA and a server certificate for 127.0.0.1, made with openssl; None without it."""
    if not shutil.which('openssl'):
        return None
    d = os.path.join(tmp, 'pki')
    os.makedirs(d)
    ext = os.path.join(d, 'ext.cnf')
    with open(ext, 'w') as f:
        f.write('subjectAltName=IP:127.0.0.1,DNS:localhost\n')
    steps = [
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
         '-days', '2', '-subj', '/CN=holobench test CA'],
        ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr',
         '-subj', '/CN=127.0.0.1'],
        ['x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
         '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', ext],
    ]
    for s in steps:
        p = subprocess.run(['openssl'] + s, cwd=d, capture_output=True, timeout=60)
        if p.returncode != 0:
            print('openssl failed: %s' % p.stderr.decode('utf-8', 'replace')[-400:])
            return None
    return d


def case_tls(tmp):
    pki = make_ca(tmp)
    if not check(pki, 'tls: openssl makes a throwaway CA (apt-get install openssl; .ci/run '
                      'installs it)'):
        return
    ca = os.path.join(pki, 'ca.pem')
    srv = server(tmp, '--tls', os.path.join(pki, 'srv.pem'), os.path.join(pki, 'srv.key'),
                 tag='tls')
    try:
        ep = endpoint(tmp, 'tls-ok', srv.port, scheme='https', ca_file=ca)
        r = hb(run_args(tmp, ep, 'tls-ok', '--limit', '2'))
        check(r.rc == 0, 'trusted through ca_file: the run works', r.describe())
        ep = endpoint(tmp, 'tls-env', srv.port, scheme='https')
        r = hb(run_args(tmp, ep, 'tls-env', '--limit', '2'), env={'CURL_CA_BUNDLE': ca})
        check(r.rc == 0, 'trusted through CURL_CA_BUNDLE: the run works', r.describe())
        served = len(log_of(tmp, 'tls'))
        check(served == 4, 'the TLS server answered 4 requests, not %d' % served)
        ep = endpoint(tmp, 'tls-bad', srv.port, scheme='https', max_retries=8)
        r = hb(run_args(tmp, ep, 'tls-bad'))
        check(r.rc == 1, 'an untrusted certificate stops the run (exit 1)', r.describe())
        check('ca_file' in r.err and 'certificate' in r.err,
              'the message says how to trust the CA', r.err[-600:])
        got = rows(tmp, 'tls-bad')
        check(got and all(a == 1 for _, _, _, a in got), 'no retry: one attempt each', got)
        check(len(log_of(tmp, 'tls')) == served, 'no request reached the server')
    finally:
        srv.stop()


# ---------------------------------------------------------------- item 5


def dry_body(r):
    """The request body of a --dry-run output."""
    parts = r.out.split('\n\n')
    try:
        return json.loads(parts[1])
    except (IndexError, ValueError):
        check(False, 'a --dry-run prints a JSON body', r.out[:600])
        return {}


def case_fidelity(tmp):
    srv = server(tmp, tag='fid')
    try:
        ep = endpoint(tmp, 'azure', srv.port, base_url='http://127.0.0.1:%d/openai/deployments/'
                      'd1?api-version=2024-10-21' % srv.port, system='Be brief.')
        r = hb(run_args(tmp, ep, 'azure', '--limit', '1'))
        log = log_of(tmp, 'fid')
        check(r.rc == 0 and log and log[-1]['path'] == '/openai/deployments/d1/chat/completions'
              and log[-1]['query'] == 'api-version=2024-10-21',
              'the query string stays after the path', log[-1:], r.describe())
    finally:
        srv.stop()
    r = hb(run_args(tmp, ep, 'azure-dry', '--dry-run'))
    body = dry_body(r)
    msgs = body.get('messages') or [{}]
    check(msgs[0] == {'role': 'system', 'content': 'Be brief.'} and msgs[1]['role'] == 'user',
          'openai-chat: the system message comes first', msgs[:1])
    ep = endpoint(tmp, 'dev', 9, system='Be brief.', system_role='developer')
    check(dry_body(hb(run_args(tmp, ep, 'dev', '--dry-run')))['messages'][0]['role'] ==
          'developer', 'system_role developer')
    ep = endpoint(tmp, 'an-sys', 9, api='anthropic-messages', system='Be brief.')
    body = dry_body(hb(run_args(tmp, ep, 'an-sys', '--dry-run')))
    check(body.get('system') == 'Be brief.' and [m['role'] for m in body['messages']] == ['user'],
          'anthropic-messages: system is a top-level field', body.get('system'))
    prompt = os.path.join(tmp, 'sys-prompt.txt')
    with open(prompt, 'w') as f:
        f.write('[system]\nYou answer from the sentences only.\n[user]\n{context}\n\n{question}\n')
    ep = endpoint(tmp, 'psys', 9)
    body = dry_body(hb(run_args(tmp, ep, 'psys', '--dry-run', '--prompt', prompt)))
    msgs = body.get('messages') or [{}]
    check(msgs[0] == {'role': 'system', 'content': 'You answer from the sentences only.'} and
          not msgs[-1]['content'].startswith('[system]'),
          'a prompt file\'s [system] part is the system message', msgs[:1])
    with open(prompt, 'w') as f:
        f.write('[system]\n[user]\n{context}\n\n{question}\n')
    r = hb(run_args(tmp, ep, 'psys', '--dry-run', '--prompt', prompt))
    check(r.rc == 1 and 'sys-prompt.txt:2: the system message between [system] and [user] is '
          'empty' in r.err, 'an empty system message is an error with its line', r.describe())
    with open(prompt, 'w') as f:
        f.write('[system]\nYou answer from the sentences only.\n[user]\n{context}\n\n{question}\n')
    ep = endpoint(tmp, 'psys2', 9, system='Other.')
    r = hb(run_args(tmp, ep, 'psys2', '--dry-run', '--prompt', prompt))
    check(r.rc == 1 and 'keep one' in r.err, 'a system message from both is an error',
          r.describe())
    ep = endpoint(tmp, 'oa', 9, base_url='https://api.openai.com/v1')
    body = dry_body(hb(run_args(tmp, ep, 'oa', '--dry-run')))
    check('max_completion_tokens' in body and 'max_tokens' not in body,
          'api.openai.com gets max_completion_tokens by default', sorted(body))
    ep = endpoint(tmp, 'unk', 9, params={'max_tokens': 64, 'temprature': 0})
    r = hb(run_args(tmp, ep, 'unk', '--dry-run'))
    check(r.rc == 0 and 'warning' in r.err and 'temprature' in r.err,
          'an unknown param is a warning naming it', r.err)
    for what, params, text in (
            ('budget not below max_tokens', {'max_tokens': 2048,
                                             'thinking': {'type': 'enabled',
                                                          'budget_tokens': 2048}},
             'less than max_tokens'),
            ('budget under 1024', {'max_tokens': 4096,
                                   'thinking': {'type': 'enabled', 'budget_tokens': 500}},
             'minimum is 1024'),
            ('temperature with thinking', {'max_tokens': 4096, 'temperature': 0,
                                           'thinking': {'type': 'enabled',
                                                        'budget_tokens': 2048}},
             'temperature')):
        ep = endpoint(tmp, 'think', 9, api='anthropic-messages', params=params)
        r = hb(run_args(tmp, ep, 'think', '--dry-run'))
        check(r.rc == 1 and text in r.err, 'thinking: ' + what + ' is an error', r.describe())


OPENAI_FIELDS = {'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature',
                 'top_p', 'seed', 'stop', 'n', 'response_format', 'reasoning_effort', 'store',
                 'stream', 'stream_options', 'presence_penalty', 'frequency_penalty'}
RESPONSES_FIELDS = {'model', 'input', 'instructions', 'max_output_tokens', 'reasoning', 'store',
                    'stream', 'temperature', 'top_p', 'text', 'metadata', 'service_tier',
                    'truncation', 'user', 'prompt_cache_key', 'include'}
ANTHROPIC_FIELDS = {'model', 'messages', 'max_tokens', 'system', 'temperature', 'top_p',
                    'top_k', 'stop_sequences', 'thinking', 'metadata', 'stream'}


def case_examples(tmp):
    files = sorted(glob.glob(os.path.join(SRC, 'harness', 'endpoints', '*.json')))
    check(len(files) >= 5, 'the shipped endpoints are found', files)
    for path in files:
        name = os.path.basename(path)
        with open(path) as f:
            spec = json.load(f)
        r = hb(run_args(tmp, path, 'ex-' + name, '--dry-run'),
               env={spec.get('api_key_env') or 'HB_UNUSED': 'sk-example'})
        check(r.rc == 0 and 'warning' not in r.err, name + ': --dry-run without warnings',
              r.describe())
        body = dry_body(r)
        head = r.out.split('\n\n')[0].splitlines()
        post = head[0] if head else ''
        headers = {h.split(':')[0].lower(): h.split(':', 1)[1].strip() for h in head[1:]}
        check(body.get('model') == spec['model'], name + ': the model is sent')
        if spec['api'] == 'openai-responses':
            check(post.endswith('/responses'), name + ': POST {base_url}/responses', post)
            check(set(body) <= RESPONSES_FIELDS, name + ': documented Responses fields',
                  sorted(set(body) - RESPONSES_FIELDS))
            inp = body.get('input')
            check(isinstance(inp, str) or (isinstance(inp, list) and inp and
                                           inp[-1].get('role') == 'user'),
                  name + ': the prompt as input', inp)
            check(body.get('store') is False, name + ': store false')
            check(headers.get('authorization') == 'Bearer [redacted]',
                  name + ': Bearer authorization', headers)
            continue
        msgs = body.get('messages')
        check(isinstance(msgs, list) and msgs and msgs[-1].get('role') == 'user' and
              isinstance(msgs[-1].get('content'), str), name + ': one user message last', msgs)
        if spec['api'] == 'openai-chat':
            check(post.startswith('POST ') and post.endswith('/chat/completions'),
                  name + ': POST {base_url}/chat/completions', post)
            check(set(body) <= OPENAI_FIELDS, name + ': documented Chat Completions fields',
                  sorted(set(body) - OPENAI_FIELDS))
            check(headers.get('content-type') == 'application/json', name + ': JSON body')
            if spec.get('api_key_env'):
                check(headers.get('authorization') == 'Bearer [redacted]',
                      name + ': Bearer authorization', headers)
            if 'api.openai.com' in spec['base_url']:
                check('max_tokens' not in body and 'max_completion_tokens' in body,
                      name + ': api.openai.com takes max_completion_tokens', sorted(body))
        else:
            check(post == 'POST https://api.anthropic.com/v1/messages', name + ': the URL',
                  post)
            check(set(body) <= ANTHROPIC_FIELDS, name + ': documented Messages fields',
                  sorted(set(body) - ANTHROPIC_FIELDS))
            check(isinstance(body.get('max_tokens'), int), name + ': max_tokens is required')
            check(headers.get('x-api-key') == '[redacted]' and
                  headers.get('anthropic-version') == '2023-06-01' and
                  headers.get('content-type') == 'application/json',
                  name + ': x-api-key, anthropic-version and content-type', headers)
            check(not ('temperature' in body and 'top_p' in body),
                  name + ': not both temperature and top_p (refused by current models)')
            check(not re.search(r'claude-(3|2|instant)', spec['model']),
                  name + ': a current model, not ' + spec['model'])


# ---------------------------------------------------------------- item 7


def case_resume(tmp):
    srv = server(tmp, tag='res1')
    try:
        ep = endpoint(tmp, 'res-a', srv.port, concurrency=2)
        r = hb(run_args(tmp, ep, 'res', '--limit', '3'))
        check(r.rc == 0, 'the first run', r.describe())
    finally:
        srv.stop()
    srv = server(tmp, tag='res2')
    try:
        ep = endpoint(tmp, 'res-b', srv.port, concurrency=3, rpm=6000, tpm=10000000,
                      base_url='http://localhost:%d/v1' % srv.port)
        r = hb(run_args(tmp, ep, 'res', '--limit', '3'))
        check(r.rc == 0 and len(log_of(tmp, 'res2')) == 3,
              'a renamed endpoint on a new local port with new limits resumes', r.describe())
        ep = endpoint(tmp, 'res-b', srv.port, params={'max_tokens': 64, 'temperature': 0.5})
        r = hb(run_args(tmp, ep, 'res', '--limit', '3'))
        lines = [x for x in r.err.splitlines() if x.startswith('error:')]
        check(r.rc == 1 and len(lines) == 1 and 'params.temperature changed' in lines[0],
              'a new param is refused in one line naming it', r.describe())
        ep = endpoint(tmp, 'res-b', srv.port, model='other-model')
        r = hb(run_args(tmp, ep, 'res', '--limit', '3'))
        check(r.rc == 1 and "model changed: 'fake-model' then, 'other-model' now" in r.err,
              'a new model is refused naming it', r.describe())
    finally:
        srv.stop()


# ---------------------------------------------------------------- item 8


def case_dry(tmp):
    srv = server(tmp, tag='dry')
    try:
        ep = endpoint(tmp, 'dry', srv.port, concurrency=2, rpm=60)
        args = ['run', SUITE, '--endpoint', ep, '--root', SRC, '--run',
                os.path.join(tmp, 'dry.sqlite'), '--cache', os.path.join(tmp, 'dry-cache.sqlite')]
        r = hb(args + ['--limit', '5'])
        check(r.rc == 0, 'five answered', r.describe())
    finally:
        srv.stop()
    r = hb(args + ['--dry-run'])
    m = re.search(r'selected 80 instances: (\d+) to send, (\d+) from the reply cache, (\d+) '
                  r'done, 0 refused', r.out)
    check(r.rc == 0 and m and int(m.group(3)) == 5 and
          int(m.group(1)) + int(m.group(2)) == 75,
          'the dry run counts what is left (the quick suite repeats a few requests, which '
          'the cache answers)', r.out[-900:])
    send = int(m.group(1)) if m else 0
    check(re.search(r'estimate for %d requests' % send, r.out), 'the estimate is for those')
    wall = re.search(r'wall time: +about (\d+)m(\d+)s .*at rpm 60', r.out)
    check(wall and int(wall.group(1)) * 60 + int(wall.group(2)) == send,
          'the wall time follows rpm 60: one request a second', r.out[-500:])
    insts = {i['id']: i for i in suite_lines()}
    first = re.search(r'the context of instance (\S+), \d+ bytes, elided', r.out)
    check(first and first.group(1) in insts and
          insts[first.group(1)]['context'][:200] not in r.out,
          'the first request to send has its context elided', r.out[:1500])
    if first:
        done = {x[0] for x in rows(tmp, 'dry')}
        check(first.group(1) not in done, 'and is not one already done')
        r = hb(args + ['--dry-run', '--show-request'])
        body = dry_body(r)
        check(insts[first.group(1)]['context'] in body['messages'][-1]['content'],
              '--show-request prints the context whole')
    other = ['run', SUITE, '--endpoint', ep, '--root', SRC, '--run',
             os.path.join(tmp, 'dry2.sqlite'), '--cache', os.path.join(tmp, 'dry-cache.sqlite'),
             '--dry-run']
    r = hb(other)
    m = re.search(r'80 instances: (\d+) to send, (\d+) from the reply cache, 0 done', r.out)
    check(m and int(m.group(2)) >= 5 and int(m.group(1)) + int(m.group(2)) == 80,
          'another run path counts the cached replies', r.out[-900:])


def main():
    tmp = tempfile.mkdtemp(prefix='hb-e2e-failures-')
    keep = False
    try:
        for case in (case_exit, case_breaker, case_hint, case_secrets, case_tls, case_fidelity,
                     case_examples, case_resume, case_dry):
            print('== ' + case.__name__, flush=True)
            d = os.path.join(tmp, case.__name__)
            os.makedirs(d)
            case(d)
    finally:
        keep = bool(failures)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print('%d failure(s); files kept in %s' % (len(failures), tmp))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
