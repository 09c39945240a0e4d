#!/usr/bin/env python3
"""Self-test of tests/fake_server/fake_server.py (Python 3 standard library only; urllib).

Runs as `python3 tests/fake_server/test_fake_server.py`; exit status 0 when every check
passes.  Every wait is bounded; the whole run takes a few seconds (limit: 30 s).
"""

import calendar
import hashlib
import http.client
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e'))
import helpers as H  # noqa: E402  (poll: the one way the tests wait)

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, 'fake_server.py')
KEY = 'fake-SECRET-do-not-log-0123456789'
T_START = time.monotonic()
BUDGET_S = 30.0


# ---------------------------------------------------------------- plumbing

class Failure(Exception):
    pass


def check(cond, what, *detail):
    if not cond:
        raise Failure(what + ('' if not detail else ': ' + ' | '.join(repr(d) for d in detail)))


def start_server(*extra, max_seconds=60):
    """Starts the server; returns (process, port).  The port is read with a 5 s bound."""
    cmd = [sys.executable, SERVER, '--port', '0', '--max-seconds', str(max_seconds),
           '--exit-with-parent'] + list(extra)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 5
    line = b''
    while time.monotonic() < deadline and not line.endswith(b'\n'):
        r, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            break
        ch = proc.stdout.read1(1) if hasattr(proc.stdout, 'read1') else proc.stdout.read(1)
        if not ch:
            break
        line += ch
    if not line.startswith(b'PORT '):
        proc.kill()
        raise Failure('server did not print PORT: %r %r' % (line, proc.stderr.read()))
    return proc, int(line.split()[1])


def stop_server(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body.decode('utf-8'))


def call(port, path, body=None, headers=None, method=None, timeout=5):
    """One request; returns Resp for any HTTP status (urllib's HTTPError included)."""
    data = None if body is None else (body if isinstance(body, bytes)
                                      else json.dumps(body).encode())
    req = urllib.request.Request('http://127.0.0.1:%d%s' % (port, path), data=data,
                                 method=method or ('POST' if data is not None else 'GET'))
    req.add_header('Content-Type', 'application/json')
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    except urllib.error.HTTPError as e:
        with e:
            return Resp(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


OA_HDR = {'Authorization': 'Bearer ' + KEY}
AN_HDR = {'x-api-key': KEY, 'anthropic-version': '2023-06-01'}


def oa(port, text='What is the answer?', model='gpt-4o-mini', extra=None, headers=None,
       timeout=5):
    body = {'model': model, 'messages': [{'role': 'system', 'content': 'Be brief.'},
                                         {'role': 'user', 'content': text}],
            'max_completion_tokens': 200}
    body.update(extra or {})
    return call(port, '/v1/chat/completions', body, OA_HDR if headers is None else headers,
                timeout=timeout)


def an(port, text='What is the answer?', model='claude-test', extra=None, headers=None,
       timeout=5):
    body = {'model': model, 'max_tokens': 200, 'system': 'Be brief.',
            'messages': [{'role': 'user', 'content': [{'type': 'text', 'text': text}]}]}
    body.update(extra or {})
    return call(port, '/v1/messages', body, AN_HDR if headers is None else headers,
                timeout=timeout)


def reset(port, **cfg):
    r = call(port, '/_reset', cfg)
    check(r.status == 200, '/_reset accepted', r.status, r.body)


def stats(port):
    return call(port, '/_stats').json()


def oa_error_shape(r, status, etype=None, code=None):
    check(r.status == status, 'status %d' % status, r.status, r.body[:200])
    check(r.headers.get('content-type', '').startswith('application/json'),
          'JSON error content-type', r.headers.get('content-type'))
    b = r.json()
    check(set(b) == {'error'}, 'OpenAI error envelope', b)
    check(set(b['error']) == {'message', 'type', 'param', 'code'}, 'OpenAI error fields', b)
    check(isinstance(b['error']['message'], str) and b['error']['message'], 'message', b)
    if etype is not None:
        check(b['error']['type'] == etype, 'OpenAI error type', etype, b)
    if code is not None:
        check(b['error']['code'] == code, 'OpenAI error code', code, b)
    check('x-request-id' in r.headers, 'x-request-id on an OpenAI error')
    return b['error']


def an_error_shape(r, status, etype, details=False):
    check(r.status == status, 'status %d' % status, r.status, r.body[:200])
    b = r.json()
    check(set(b) == {'type', 'error', 'request_id'}, 'Anthropic error envelope', b)
    check(b['type'] == 'error', 'Anthropic type=error', b)
    want = {'type', 'message', 'details'} if details else {'type', 'message'}
    check(set(b['error']) == want, 'Anthropic error fields', b)
    check(b['error']['type'] == etype, 'Anthropic error type', etype, b)
    check(b['request_id'].startswith('req_'), 'request_id', b)
    check(r.headers.get('request-id') == b['request_id'], 'request-id header = body', r.headers)
    return b['error']


def parse_rfc3339(s):
    return calendar.timegm(time.strptime(s, '%Y-%m-%dT%H:%M:%SZ'))


# ---------------------------------------------------------------- tests (one server)

def t_openai_success(port):
    reset(port)
    r = oa(port)
    check(r.status == 200, 'OpenAI 200', r.status, r.body)
    b = r.json()
    for k in ('id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'usage'):
        check(k in b, 'OpenAI field ' + k, b)
    check(b['id'].startswith('chatcmpl-') and b['object'] == 'chat.completion', 'ids', b)
    check(b['model'] == 'gpt-4o-mini', 'model echoed', b['model'])
    c = b['choices'][0]
    check(c['index'] == 0 and c['finish_reason'] == 'stop', 'choice', c)
    m = c['message']
    check(m['role'] == 'assistant' and m['refusal'] is None, 'message', m)
    check(m['content'].startswith('Reasoning: ') and '\nAnswer: fake-' in m['content'],
          'default reply text', m['content'])
    u = b['usage']
    check(u['total_tokens'] == u['prompt_tokens'] + u['completion_tokens'] and
          u['prompt_tokens'] > 0 and u['completion_tokens_details']['reasoning_tokens'] == 0,
          'usage', u)
    h = r.headers
    check(h['x-request-id'].startswith('req_') and h['openai-processing-ms'].isdigit(),
          'request headers', h)
    for k in ('limit-requests', 'limit-tokens', 'remaining-requests', 'remaining-tokens',
              'reset-requests', 'reset-tokens'):
        check('x-ratelimit-' + k in h, 'header x-ratelimit-' + k, h)
    check(int(h['x-ratelimit-remaining-requests']) == int(h['x-ratelimit-limit-requests']) - 1,
          'remaining requests after one request', h)
    check(h['x-ratelimit-reset-requests'] == '1s', 'Go duration for a 1 s window',
          h['x-ratelimit-reset-requests'])
    again = oa(port).json()['choices'][0]['message']['content']
    check(again == m['content'], 'the default reply is deterministic')
    other = oa(port, text='Another question').json()['choices'][0]['message']['content']
    check(other != m['content'], 'the default reply depends on the request')
    r2 = call(port, '/chat/completions', {'model': 'x', 'messages': [
        {'role': 'user', 'content': [{'type': 'text', 'text': 'parts'}]}]}, OA_HDR)
    check(r2.status == 200, 'path without /v1 and content parts', r2.status, r2.body)


def t_anthropic_success(port):
    reset(port)
    r = an(port)
    check(r.status == 200, 'Anthropic 200', r.status, r.body)
    b = r.json()
    check(set(b) == {'id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence',
                     'usage'}, 'Anthropic fields', b)
    check(b['id'].startswith('msg_') and b['type'] == 'message' and b['role'] == 'assistant',
          'envelope', b)
    check(b['stop_reason'] == 'end_turn' and b['stop_sequence'] is None, 'stop', b)
    check(len(b['content']) == 1 and b['content'][0]['type'] == 'text' and
          'Answer: fake-' in b['content'][0]['text'], 'content', b)
    check(b['usage']['input_tokens'] > 0 and b['usage']['output_tokens'] > 0, 'usage', b)
    h = r.headers
    check(h['request-id'].startswith('req_'), 'request-id', h)
    now = time.time()
    for fam in ('requests', 'tokens', 'input-tokens', 'output-tokens'):
        for suf in ('limit', 'remaining', 'reset'):
            check('anthropic-ratelimit-%s-%s' % (fam, suf) in h, 'header %s-%s' % (fam, suf), h)
        t = parse_rfc3339(h['anthropic-ratelimit-%s-reset' % fam])
        check(now - 2 <= t <= now + 5, 'RFC 3339 reset near now', h)
    # missing version, missing key, wrong JSON, missing max_tokens, thinking budget
    r = an(port, headers={'x-api-key': KEY})
    e = an_error_shape(r, 400, 'invalid_request_error')
    check(e['message'] == 'anthropic-version: header is required', 'version message', e)
    e = an_error_shape(an(port, headers={'anthropic-version': '2023-06-01'}), 401,
                       'authentication_error')
    check('x-api-key' in e['message'], 'missing-key message', e)
    r = call(port, '/v1/messages', b'{not json', AN_HDR)
    an_error_shape(r, 400, 'invalid_request_error')
    r = call(port, '/v1/messages', {'model': 'm', 'messages': [{'role': 'user', 'content': 'x'}]},
             AN_HDR)
    e = an_error_shape(r, 400, 'invalid_request_error')
    check(e['message'] == 'max_tokens: Field required', 'max_tokens required', e)
    r = an(port, extra={'max_tokens': 1024, 'thinking': {'type': 'enabled',
                                                         'budget_tokens': 1024}})
    an_error_shape(r, 400, 'invalid_request_error')
    # thinking requested: a thinking block with a signature comes before the text
    r = an(port, extra={'max_tokens': 4000, 'thinking': {'type': 'enabled',
                                                         'budget_tokens': 2048}})
    kinds = [c['type'] for c in r.json()['content']]
    check(kinds == ['thinking', 'text'] and r.json()['content'][0]['signature'],
          'thinking block on request', kinds)


def t_openai_validation(port):
    reset(port)
    e = oa_error_shape(oa(port, headers={}), 401, 'invalid_request_error')
    check(KEY not in json.dumps(e), 'key not echoed')
    r = call(port, '/v1/chat/completions', b'{"model":', OA_HDR)
    oa_error_shape(r, 400, 'invalid_request_error')
    r = oa(port, model='o3-mini', extra={'max_tokens': 10})
    e = oa_error_shape(r, 400, 'invalid_request_error', 'unsupported_parameter')
    check(e['param'] == 'max_tokens', 'param names the field', e)
    r = call(port, '/v1/nothing', {'a': 1}, OA_HDR)
    e = oa_error_shape(r, 404, 'invalid_request_error')
    check(e['message'] == 'Invalid URL (POST /v1/nothing)', 'invalid URL message', e)
    r = oa(port, model='o3-mini', extra={'max_completion_tokens': 500})
    u = r.json()['usage']
    check(u['completion_tokens_details']['reasoning_tokens'] > 0, 'o-series reasoning tokens', u)


OA_STATUS = {400: 'invalid_request_error', 401: 'invalid_request_error',
             403: 'invalid_request_error', 404: 'invalid_request_error',
             408: 'invalid_request_error', 409: 'invalid_request_error',
             413: 'invalid_request_error', 422: 'invalid_request_error', 429: 'requests',
             500: 'server_error', 503: 'server_error', 504: 'server_error',
             529: 'server_error'}
AN_STATUS = {400: 'invalid_request_error', 401: 'authentication_error', 402: 'billing_error',
             403: 'permission_error', 404: 'not_found_error', 408: 'timeout_error',
             409: 'invalid_request_error', 413: 'request_too_large',
             422: 'invalid_request_error', 429: 'rate_limit_error', 500: 'api_error',
             503: 'overloaded_error', 504: 'timeout_error', 529: 'overloaded_error'}


def settled_stats(port):
    """The server counts a request when its handler ends, which may be just after the client
    has read the reply: its stats once nothing is in flight (waited for at most 2 s)."""
    def settled():
        x = stats(port)
        return x if x['in_flight'] == 0 else None
    return H.poll(settled, 2, 0.05) or stats(port)


def t_error_statuses(port):
    statuses = sorted(set(OA_STATUS) | {502})
    reset(port, script=[{'status': s} for s in statuses])
    for s in statuses:
        r = oa(port)
        if s == 502:
            check(r.status == 502 and r.headers['content-type'].startswith('text/html') and
                  b'nginx' in r.body, '502 nginx page', r.status, r.body)
            continue
        oa_error_shape(r, s, OA_STATUS[s])
    check(oa(port).status == 200, 'normal 200 after the script')
    statuses = sorted(set(AN_STATUS) | {502})
    reset(port, script=[{'status': s} for s in statuses])
    for s in statuses:
        r = an(port)
        if s == 502:
            check(r.status == 502 and b'<html>' in r.body, '502 html', r.body)
            continue
        an_error_shape(r, s, AN_STATUS[s])
    st = settled_stats(port)
    check(st['by_status'].get('529') == 1 and st['script_remaining'] == 0, 'stats by status', st)


def t_error_variants(port):
    reset(port, script=[
        {'status': 400, 'error': 'context_length'},
        {'status': 429, 'error': 'quota'},
        {'status': 500, 'error': 'llamacpp'},
        {'status': 503, 'error': 'string', 'message': 'upstream unavailable'},
        {'status': 400, 'error': 'llamacpp_context'},
        {'status': 422, 'error': 'fastapi'},
        {'status': 500, 'error': 'empty'},
        {'status': 429, 'error': 'tokens'},
    ])
    e = oa_error_shape(oa(port), 400, 'invalid_request_error', 'context_length_exceeded')
    check(e['param'] == 'messages' and 'maximum context length' in e['message'], 'context', e)
    r = oa(port)
    e = oa_error_shape(r, 429, 'insufficient_quota', 'insufficient_quota')
    check('retry-after' not in r.headers and 'retry-after-ms' not in r.headers,
          'quota has no retry-after', r.headers)
    b = oa(port).json()
    check(b == {'error': {'code': 500, 'message': 'Internal Server Error',
                          'type': 'server_error'}}, 'llama.cpp body', b)
    r = oa(port)
    check(r.status == 503 and r.json() == {'error': 'upstream unavailable'}, 'string error',
          r.body)
    b = oa(port).json()['error']
    check(b['code'] == 400 and b['type'] == 'exceed_context_size_error' and
          'n_prompt_tokens' in b and 'n_ctx' in b, 'llama.cpp context error', b)
    b = oa(port).json()
    check(list(b) == ['detail'], 'FastAPI 422', b)
    r = oa(port)
    check(r.status == 500 and r.body == b'', 'empty 500', r.body)
    r = oa(port)
    e = oa_error_shape(r, 429, 'tokens', 'rate_limit_exceeded')
    check(r.headers['x-ratelimit-remaining-tokens'] == '0', 'tokens remaining 0', r.headers)
    # Anthropic: context, spend limit, llama.cpp-ish not applicable
    reset(port, script=[{'status': 400, 'error': 'context_length'},
                        {'status': 429, 'error': 'spend_limit'},
                        {'status': 529}])
    e = an_error_shape(an(port), 400, 'invalid_request_error')
    check(e['message'].startswith('prompt is too long: '), 'Anthropic context message', e)
    r = an(port)
    e = an_error_shape(r, 429, 'rate_limit_error', details=True)
    check(e['details'] == {'error_code': 'enforced_spend_limit_reached'}, 'spend limit', e)
    check('retry-after' not in r.headers, 'spend limit has no retry-after', r.headers)
    e = an_error_shape(an(port), 529, 'overloaded_error')
    check(e['message'] == 'Overloaded', '529 message', e)


def t_retry_headers(port):
    reset(port, script=[
        {'status': 429},
        {'status': 429, 'retry_after': 2},
        {'status': 429, 'retry_after': None, 'retry_after_ms': 1500, 'reset': 1.5},
        {'status': 429, 'retry_after': None, 'reset': 360},
        {'status': 429, 'retry_after': None, 'reset': 0.012, 'reset_format': 'seconds'},
        {'status': 429, 'retry_after': None, 'reset': '-1'},
        {'status': 503, 'retry_after': 'Wed, 21 Oct 2015 07:28:00 GMT', 'x_should_retry': False},
        {'status': 429, 'ratelimit_headers': False},
    ])
    r = oa(port)
    oa_error_shape(r, 429, 'requests', 'rate_limit_exceeded')
    check(r.headers.get('retry-after') == '1', 'default retry-after 1', r.headers)
    check(r.headers['x-ratelimit-remaining-requests'] == '0' and
          r.headers['x-ratelimit-reset-requests'] == '1s', 'reset headers on 429', r.headers)
    check('Please try again in 1s' in r.json()['error']['message'], 'hint in message')
    check(oa(port).headers.get('retry-after') == '2', 'retry-after 2')
    h = oa(port).headers
    check('retry-after' not in h and h.get('retry-after-ms') == '1500' and
          h['x-ratelimit-reset-requests'] == '1.5s', 'retry-after-ms', h)
    h = oa(port).headers
    check('retry-after' not in h and h['x-ratelimit-reset-requests'] == '6m0s' and
          h['x-ratelimit-reset-tokens'] == '6m0s', 'reset headers only (Go duration)', h)
    h = oa(port).headers
    check(h['x-ratelimit-reset-requests'] == '1', 'Azure integer seconds', h)
    h = oa(port).headers
    check(h['x-ratelimit-reset-requests'] == '-1', 'garbage reset verbatim', h)
    r = oa(port)
    check(r.status == 503 and r.headers['retry-after'].startswith('Wed,') and
          r.headers['x-should-retry'] == 'false', 'HTTP-date retry-after, x-should-retry',
          r.headers)
    r = oa(port)
    check(r.status == 429 and not any(k.startswith('x-ratelimit') for k in r.headers),
          'no rate-limit headers', r.headers)
    # Anthropic: retry-after seconds + RFC 3339 resets
    reset(port, script=[{'status': 429, 'reset': 7}])
    r = an(port)
    an_error_shape(r, 429, 'rate_limit_error')
    check(r.headers['retry-after'] == '7', 'Anthropic retry-after', r.headers)
    t = parse_rfc3339(r.headers['anthropic-ratelimit-requests-reset'])
    check(abs(t - (time.time() + 7)) <= 2, 'RFC 3339 reset ~7 s ahead', r.headers)
    check(r.headers['anthropic-ratelimit-requests-remaining'] == '0', 'remaining 0', r.headers)


def t_reply_variants(port):
    reset(port, script=[
        {'usage': False},
        {'finish': 'length'},
        {'refusal': "I can't help with that."},
        {'reasoning': 'reasoning', 'reasoning_tokens': 50},
        {'reasoning': 'reasoning_content'},
        {'text': 'Answer: 42', 'model': 'served-model', 'finish': None},
        {'reply': 'echo'},
        {'usage': 'zeros'},
    ])
    b = oa(port).json()
    check('usage' not in b, 'no usage', b)
    b = oa(port).json()
    check(b['choices'][0]['finish_reason'] == 'length' and
          b['usage']['completion_tokens'] == 200, 'finish length', b)
    m = oa(port).json()['choices'][0]['message']
    check(m['content'] is None and m['refusal'] == "I can't help with that.", 'refusal', m)
    b = oa(port).json()
    check(b['choices'][0]['message']['reasoning'] and
          'reasoning_content' not in b['choices'][0]['message'] and
          b['usage']['completion_tokens_details']['reasoning_tokens'] == 50 and
          b['usage']['completion_tokens'] >= 50, 'vLLM reasoning', b)
    m = oa(port).json()['choices'][0]['message']
    check(m.get('reasoning_content') and 'reasoning' not in m, 'llama.cpp reasoning_content', m)
    b = oa(port).json()
    check(b['choices'][0]['message']['content'] == 'Answer: 42' and b['model'] == 'served-model'
          and b['choices'][0]['finish_reason'] is None, 'scripted text/model/null finish', b)
    m = oa(port, text='echo me back').json()['choices'][0]['message']
    check(m['content'] == 'echo me back', 'echo', m)
    u = oa(port).json()['usage']
    check(u['prompt_tokens'] == 0 and u['total_tokens'] == 0, 'zero usage', u)
    # automatic truncation at a small max_completion_tokens
    b = oa(port, extra={'max_completion_tokens': 5}).json()
    check(b['choices'][0]['finish_reason'] == 'length' and b['usage']['completion_tokens'] <= 5,
          'small limit truncates', b)
    reset(port, script=[
        {'finish': 'length'},
        {'reasoning': True, 'redacted_thinking': True},
        {'refusal': 'No.'},
        {'usage': False},
    ])
    b = an(port).json()
    check(b['stop_reason'] == 'max_tokens' and b['usage']['output_tokens'] == 200, 'max_tokens',
          b)
    b = an(port).json()
    kinds = [c['type'] for c in b['content']]
    check(kinds == ['thinking', 'redacted_thinking', 'text'] and b['content'][0]['signature']
          and b['content'][1]['data'], 'thinking + redacted_thinking before text', b)
    b = an(port).json()
    check(b['stop_reason'] == 'refusal', 'Anthropic refusal', b)
    check('usage' not in an(port).json(), 'Anthropic without usage')
    # structured output: json_schema reply follows the schema; forced tool -> tool_use
    schema = {'type': 'object', 'properties': {
        'labels': {'type': 'array', 'items': {'type': 'object', 'properties': {
            'row': {'type': 'integer'}, 'label': {'enum': ['exact', 'partial', 'none']}},
            'required': ['row', 'label'], 'additionalProperties': False}}},
        'required': ['labels'], 'additionalProperties': False}
    rf = {'type': 'json_schema', 'json_schema': {'name': 'judge', 'schema': schema,
                                                 'strict': True}}
    out = json.loads(oa(port, extra={'response_format': rf}).json()
                     ['choices'][0]['message']['content'])
    check(out['labels'][0]['label'] in ('exact', 'partial', 'none') and
          isinstance(out['labels'][0]['row'], int), 'json_schema reply', out)
    b = an(port, extra={'tools': [{'name': 'judge', 'input_schema': schema}],
                        'tool_choice': {'type': 'tool', 'name': 'judge'}}).json()
    check(b['stop_reason'] == 'tool_use' and b['content'][0]['type'] == 'tool_use' and
          'labels' in b['content'][0]['input'], 'forced tool_use', b)


def t_replies_map(port):
    q1 = 'Which wine is the oldest?'
    reset(port, replies={
        hashlib.sha256(q1.encode()).hexdigest(): 'Answer: Chateau X',
        'cheapest': 'Answer: Vin Y',
        'explode': {'status': 500},
        'cut short': {'text': 'Answer: Z partial', 'finish': 'length'},
    })
    c = oa(port, text=q1).json()['choices'][0]['message']['content']
    check(c == 'Answer: Chateau X', 'sha256 key', c)
    c = an(port, text='Which is the cheapest wine?').json()['content'][0]['text']
    check(c == 'Answer: Vin Y', 'substring key', c)
    oa_error_shape(oa(port, text='please explode now'), 500, 'server_error')
    b = oa(port, text='cut short please').json()
    check(b['choices'][0]['finish_reason'] == 'length' and
          b['choices'][0]['message']['content'] == 'Answer: Z partial', 'action value', b)
    c = oa(port, text='unmatched').json()['choices'][0]['message']['content']
    check(c.startswith('Reasoning: '), 'default when nothing matches', c)


def expect_exception(fn, kinds, what):
    try:
        r = fn()
    except kinds:
        return
    except urllib.error.URLError as e:
        if isinstance(e.reason, kinds):
            return
        raise Failure('%s: unexpected URLError %r' % (what, e.reason))
    raise Failure('%s: no exception (got %r)' % (what, getattr(r, 'status', r)))


def t_faults(port):
    reset(port, script=[{'fault': 'drop'}, {'fault': 'reset'}, {'fault': 'truncate'},
                        {'fault': 'cut'}, {'fault': 'hang', 'hang_ms': 3000},
                        {'fault': 'stall', 'hang_ms': 3000}, {'delay_ms': 300},
                        {'fault': 'drop'}])
    expect_exception(lambda: oa(port), (http.client.RemoteDisconnected,), 'drop')
    expect_exception(lambda: oa(port), (ConnectionResetError,), 'reset')
    expect_exception(lambda: oa(port), (http.client.IncompleteRead,), 'truncate')
    expect_exception(lambda: oa(port).json(), (ValueError,), 'cut JSON')
    t0 = time.monotonic()
    expect_exception(lambda: oa(port, timeout=0.3), (socket.timeout, TimeoutError), 'hang')
    check(time.monotonic() - t0 < 2, 'hang ended by the client timeout')
    expect_exception(lambda: oa(port, timeout=0.3).json(),
                     (socket.timeout, TimeoutError, http.client.IncompleteRead), 'stall')
    t0 = time.monotonic()
    expect_exception(lambda: oa(port, timeout=0.1), (socket.timeout, TimeoutError), 'slow')
    expect_exception(lambda: an(port), (http.client.RemoteDisconnected,), 'Anthropic drop')
    check(oa(port).status == 200, 'server fine after faults')
    # the hung handlers notice the client went away and end
    H.poll(lambda: stats(port)['in_flight'] == 0, 3, 0.05)
    st = stats(port)
    check(st['in_flight'] == 0, 'hung requests ended after the client left', st)
    for k in ('drop', 'reset', 'truncate', 'cut', 'hang', 'stall'):
        check(st['by_status'].get(k), 'fault %s counted' % k, st)


def t_rpm(port):
    # the server runs with --rate-window-s 1
    reset(port, rpm=3)
    got = [oa(port) for _ in range(5)]
    check([r.status for r in got] == [200, 200, 200, 429, 429], 'rpm 3', [r.status for r in got])
    r = got[3]
    oa_error_shape(r, 429, 'requests', 'rate_limit_exceeded')
    check(r.headers['retry-after'] == '1' and r.headers['x-ratelimit-remaining-requests'] == '0'
          and r.headers['x-ratelimit-limit-requests'] == '3', 'rpm 429 headers', r.headers)
    check([x.headers['x-ratelimit-remaining-requests'] for x in got[:3]] == ['2', '1', '0'],
          'remaining counts down', [x.headers for x in got[:3]])
    check(an(port).status == 200, 'separate window per API')
    reopened = H.poll(lambda: oa(port).status == 200, 3, 0.1)
    check(reopened, 'window reopens after retry-after')
    # tpm: prompt + max_completion_tokens reserve
    reset(port, tpm=500)
    s = [oa(port, extra={'max_completion_tokens': 200}).status for _ in range(3)]
    check(s == [200, 200, 429], 'tpm 500', s)
    reset(port, rpm=0, tpm=0)


def t_fail_rate(port):
    def run():
        reset(port, fail_rate=0.5, fail_statuses=[500, 503, 429])
        return [oa(port, text='q%d' % i).status for i in range(12)]
    a, b = run(), run()
    check(a == b, 'fail-rate is deterministic', a, b)
    check(200 in a and any(s != 200 for s in a), 'fail-rate mixes outcomes', a)
    reset(port, fail_rate=0)


def t_concurrency(port, log_path):
    reset(port, latency_ms=150)
    t0 = time.monotonic()
    check(oa(port).status == 200 and time.monotonic() - t0 >= 0.15, 'latency_ms')
    reset(port, latency_ms=0)
    reset(port, default_action={'delay_ms': 250})
    results = []
    barrier = threading.Barrier(6, timeout=5)

    def worker(i, sem=None):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        try:
            if sem:
                with sem:
                    results.append(an(port, text='c%d' % i, timeout=5).status)
            else:
                results.append(oa(port, text='c%d' % i, timeout=5).status)
        except Exception as e:  # reported through results
            results.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    st = settled_stats(port)
    check(results == [200] * 6 and st['in_flight_max'] == 6 and st['requests'] == 6,
          '6 parallel requests seen', results, st)
    # a client-side limit of 2 shows as in_flight_max 2
    reset(port, default_action={'delay_ms': 150})
    barrier = threading.Barrier(6, timeout=5)
    sem = threading.Semaphore(2)
    results.clear()
    threads = [threading.Thread(target=worker, args=(i, sem)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    st = stats(port)
    check(results == [200] * 6 and st['in_flight_max'] == 2, 'limited to 2', results, st)
    reset(port, default_action={})
    # the log: one JSON line per request, no key values anywhere
    with open(log_path, encoding='utf-8') as f:
        text = f.read()
    check(KEY not in text, 'the API key is never logged')
    lines = [json.loads(x) for x in text.splitlines()]
    check(len(lines) > 50, 'log lines', len(lines))
    last = lines[-1]
    for k in ('time', 'method', 'path', 'body_sha256', 'model', 'headers', 'auth', 'status',
              'in_flight'):
        check(k in last, 'log field ' + k, last)
    check(last['auth'] is True and 'x-api-key' not in last['headers'] and
          'authorization' not in last['headers'] and
          last['headers'].get('anthropic-version') == '2023-06-01', 'auth logged as bool', last)
    check(max(x['in_flight'] for x in lines[-6:]) <= 2, 'in_flight in the log', lines[-6:])
    check(any(x['auth'] is False for x in lines), 'missing key logged as auth false')
    body = {'model': 'm', 'messages': [{'role': 'user', 'content': 'hash me'}]}
    raw = json.dumps(body).encode()
    call(port, '/v1/chat/completions', raw, OA_HDR)
    # the line is written when the reply is done, possibly after earlier requests' lines:
    # look for it by its hash, for at most 2 s
    want = hashlib.sha256(raw).hexdigest()

    def logged():
        with open(log_path, encoding='utf-8') as f:
            hits = [json.loads(x) for x in f.read().splitlines() if want in x]
        return hits[-1] if hits else None
    last = H.poll(logged, 2, 0.05)
    check(last is not None and last['model'] == 'm' and last['status'] == 200,
          'body hash and model in the log', last)


def t_max_seconds_and_script_file():
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, 'script.json')
        with open(script, 'w') as f:
            json.dump([{'status': 503, 'repeat': 2}, {}, {'status': 529}], f)
        t0 = time.monotonic()
        proc, port = start_server('--script', script, '--context-limit', '60',
                                  '--models', 'gpt-4o-mini,claude-test', max_seconds=1.5)
        try:
            # validation comes before the script and does not use it up
            e = oa_error_shape(oa(port, text='long ' * 100), 400, 'invalid_request_error',
                               'context_length_exceeded')
            check('maximum context length is 60 tokens' in e['message'], '--context-limit', e)
            oa_error_shape(oa(port, model='gpt-nope'), 404, 'invalid_request_error',
                           'model_not_found')
            an_error_shape(an(port, model='claude-nope'), 404, 'not_found_error')
            oa_error_shape(oa(port), 503, 'server_error')
            oa_error_shape(oa(port), 503, 'server_error')
            check(oa(port).status == 200, 'script {} is a normal 200')
            an_error_shape(an(port), 529, 'overloaded_error')
            check(an(port).status == 200, 'normal after the script file')
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                raise Failure('the server did not exit after --max-seconds')
            took = time.monotonic() - t0
            check(1.2 <= took <= 4, '--max-seconds 1.5 honoured', took)
            check(proc.returncode == 0, 'clean exit', proc.returncode, proc.stderr.read())
        finally:
            stop_server(proc)
            proc.stdout.close()
            proc.stderr.close()


# ---------------------------------------------------------------- runner

def rs(port, text='What is the answer?', model='gpt-5-mini', extra=None, timeout=5):
    body = {'model': model, 'instructions': 'Be brief.', 'max_output_tokens': 200,
            'input': [{'role': 'user', 'content': text}], 'store': False}
    body.update(extra or {})
    return call(port, '/v1/responses', body, OA_HDR, timeout=timeout)


def sse_events(body):
    """[(event name or None, parsed data or the raw text)] of an event-stream body."""
    out = []
    for block in body.decode('utf-8').split('\n\n'):
        name, data = None, []
        for line in block.split('\n'):
            if line.startswith('event: '):
                name = line[7:]
            elif line.startswith('data: '):
                data.append(line[6:])
        if data:
            text = '\n'.join(data)
            out.append((name, text if text == '[DONE]' else json.loads(text)))
    return out


def t_responses(port):
    reset(port, default_action={'reasoning': True, 'cached_tokens': 12})
    r = rs(port, extra={'reasoning': {'effort': 'low'}})
    check(r.status == 200 and r.headers.get('x-request-id', '').startswith('req_'),
          'responses: 200 with x-request-id', r.status, r.body[:300])
    b = r.json()
    check(b['object'] == 'response' and b['status'] == 'completed' and
          [o['type'] for o in b['output']] == ['reasoning', 'message'],
          'responses: reasoning and message items', b)
    check(b['output'][1]['content'][0]['type'] == 'output_text' and
          b['usage']['input_tokens_details']['cached_tokens'] == 12 and
          b['usage']['output_tokens_details']['reasoning_tokens'] == 64,
          'responses: output_text and usage details', b['usage'])
    r = rs(port, extra={'max_output_tokens': 16})
    check(r.json()['status'] == 'incomplete' and
          r.json()['incomplete_details'] == {'reason': 'max_output_tokens'},
          'responses: a cut reply is incomplete', r.json()['status'])
    for bad in ({'max_tokens': 100}, {'messages': []}, {'response_format': {'type': 'text'}}):
        r = rs(port, extra=bad)
        oa_error_shape(r, 400, 'invalid_request_error')
    r = rs(port, extra={'text': {'format': {'type': 'json_schema', 'name': 'x', 'strict': True,
                                            'schema': {'type': 'object', 'properties': {
                                                'a': {'type': 'string'}}}}}})
    oa_error_shape(r, 400, 'invalid_request_error')
    reset(port)


def t_streams(port):
    reset(port, default_action={'reasoning': True, 'cached_tokens': 5, 'cache_write_tokens': 6,
                                'thinking_tokens': 7})
    # Chat Completions: chunks, usage only with include_usage, [DONE]
    r = oa(port, extra={'stream': True, 'stream_options': {'include_usage': True}})
    check(r.status == 200 and r.headers['content-type'].startswith('text/event-stream'),
          'chat stream: an event stream', r.status, r.headers)
    ev = sse_events(r.body)
    check(ev[-1] == (None, '[DONE]') and ev[-2][1]['choices'] == [] and
          ev[-2][1]['usage']['prompt_tokens_details']['cached_tokens'] == 5,
          'chat stream: usage chunk, then [DONE]', ev[-2:])
    text = ''.join((e[1]['choices'][0]['delta'].get('content') or '') for e in ev[:-2])
    plain = oa(port).json()['choices'][0]['message']['content']
    check(text == plain, 'chat stream: the same text as unstreamed', text, plain)
    ev = sse_events(oa(port, extra={'stream': True}).body)
    check(all(e[1] == '[DONE]' or 'usage' not in e[1] for e in ev),
          'chat stream: no usage without include_usage')
    # Anthropic: named events
    r = an(port, extra={'stream': True, 'max_tokens': 2000,
                        'thinking': {'type': 'enabled', 'budget_tokens': 1024}})
    ev = sse_events(r.body)
    names = [e[0] for e in ev]
    check(names[0] == 'message_start' and 'ping' in names and names[-2:] ==
          ['message_delta', 'message_stop'], 'anthropic stream: event order', names)
    start = ev[0][1]['message']['usage']
    check(start['cache_read_input_tokens'] == 5 and start['cache_creation_input_tokens'] == 6,
          'anthropic stream: cache counts in message_start', start)
    deltas = [e[1]['delta']['type'] for e in ev if e[0] == 'content_block_delta']
    check('thinking_delta' in deltas and 'text_delta' in deltas and 'signature_delta' in deltas,
          'anthropic stream: thinking, signature and text deltas', deltas)
    # Responses: named events ending in response.completed
    ev = sse_events(rs(port, extra={'stream': True}).body)
    names = [e[0] for e in ev]
    check(names[0] == 'response.created' and names[-1] == 'response.completed' and
          'response.output_text.delta' in names and
          'response.reasoning_summary_text.delta' in names and
          [e[1]['sequence_number'] for e in ev] == list(range(len(ev))),
          'responses stream: events and sequence numbers', names)
    # faults: cut (no terminal event), error (an error event after the 200)
    reset(port, script=[{'stream_fault': 'cut'}, {'stream_fault': 'error'},
                        {'stream_fault': 'error'}])
    ev = sse_events(an(port, extra={'stream': True}).body)
    check(ev and 'message_stop' not in [e[0] for e in ev], 'cut: no message_stop', ev[-1:])
    ev = sse_events(an(port, extra={'stream': True}).body)
    check(ev[-1][0] == 'error' and ev[-1][1]['error']['type'] == 'overloaded_error',
          'error: an overloaded_error event', ev[-1:])
    ev = sse_events(oa(port, extra={'stream': True}).body)
    check('error' in ev[-1][1] and ev[-1][1] != '[DONE]', 'error: a chat error chunk', ev[-1:])
    reset(port)


def main():
    failures = 0
    with tempfile.TemporaryDirectory() as d:
        log_path = os.path.join(d, 'requests.jsonl')
        proc, port = start_server('--rate-window-s', '1', '--seed', '7', '--log', log_path,
                                  '--hang-max-ms', '5000')
        tests = [t_openai_success, t_anthropic_success, t_openai_validation, t_error_statuses,
                 t_error_variants, t_retry_headers, t_reply_variants, t_replies_map, t_faults,
                 t_rpm, t_fail_rate, (lambda p: t_concurrency(p, log_path)), t_responses,
                 t_streams]
        names = ['openai_success', 'anthropic_success', 'openai_validation', 'error_statuses',
                 'error_variants', 'retry_headers', 'reply_variants', 'replies_map', 'faults',
                 'rpm', 'fail_rate', 'concurrency_and_log', 'responses', 'streams']
        try:
            for name, t in zip(names, tests):
                if time.monotonic() - T_START > BUDGET_S:
                    print('FAIL %s: time budget exhausted' % name)
                    failures += 1
                    continue
                t0 = time.monotonic()
                try:
                    t(port)
                    print('ok   %-22s %.2fs' % (name, time.monotonic() - t0))
                except Exception as e:  # report and go on
                    failures += 1
                    print('FAIL %-22s %s: %s' % (name, type(e).__name__, e))
        finally:
            stop_server(proc)
            err = proc.stderr.read().decode('utf-8', 'replace')
            proc.stdout.close()
            proc.stderr.close()
            if err.strip():
                failures += 1
                print('FAIL server stderr:\n' + err)
    t0 = time.monotonic()
    try:
        t_max_seconds_and_script_file()
        print('ok   %-22s %.2fs' % ('max_seconds_script', time.monotonic() - t0))
    except Exception as e:
        failures += 1
        print('FAIL %-22s %s: %s' % ('max_seconds_script', type(e).__name__, e))
    total = time.monotonic() - T_START
    print('%s: %d failure(s) in %.1fs' % ('FAIL' if failures else 'PASS', failures, total))
    if total > BUDGET_S:
        print('FAIL: took longer than %.0fs' % BUDGET_S)
        failures += 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
