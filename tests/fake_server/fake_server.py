#!/usr/bin/env python3
"""A deterministic fake LLM API server for offline tests of holobench's HTTP client.

Python 3 standard library only.  It speaks the real wire formats (see WIRE.md):

  POST .../v1/chat/completions  (also .../chat/completions)   OpenAI Chat Completions
  POST .../v1/responses         (also .../responses)          OpenAI Responses API
  POST /v1/messages                                          Anthropic Messages
  GET  .../v1/models                                         OpenAI model list
  GET  /_stats    POST /_reset    POST /_shutdown    GET /_health   (test control)

Start it with --port 0; the first line on stdout is "PORT <n>".  --tls CERT KEY serves
HTTPS with that certificate (the tests make a throwaway CA with openssl).  The server always ends
by itself after --max-seconds (default 300).  The API key is checked for presence (and
against --api-key if given) but never written anywhere: the log says only "auth": true/false.

What each request gets is decided in this order:
  1. malformed requests get the real 4xx (missing key -> 401, missing anthropic-version ->
     400, bad JSON, missing model/max_tokens/messages, bad temperature, max_tokens on an
     o-series model, thinking budget >= max_tokens, prompt over --context-limit, unknown
     model with --models; the Responses API refuses max_tokens, max_completion_tokens and
     messages, as the real one does);
  2. else the next --script action, if any is left (script actions are used verbatim);
  3. else the --replies entry matching the last user message, if it is an action object;
  4. else --default-action; then --rpm/--tpm (a real 429 once the window is full) and
     --fail-rate (seeded, per request body and attempt) may turn it into an error.

Structured output is answered as the real APIs answer it: an OpenAI response_format
json_schema reply is the message content (a JSON string); an Anthropic forced tool
(tool_choice {"type": "tool"}) replies with a tool_use block whose input is the JSON — the
mapped or scripted text when it is a JSON object, else a value made from the schema (a
mapped text that is not JSON stays a text block, as from a server that ignores the tool).
The schema is checked as the real APIs check it (400 otherwise): OpenAI strict schemas need
"additionalProperties": false and every property in "required", on every object;
Anthropic tool names match ^[a-zA-Z0-9_-]{1,64}$, property names ^[a-zA-Z0-9_.-]{1,64}$,
and input_schema is of type object.  --require-schema refuses (400) a request that asks
for no schema; the --log line of a structured request has "schema_fields", the property
names of the schema's "rows" items (or of the schema itself).

Script action (a JSON object; every key optional; {} or null is a normal 200):
  status          HTTP status (default 200); non-200 gets that API's real error body
  error           error-body variant: native (default), context_length, quota (OpenAI
                  insufficient_quota / Anthropic enforced_spend_limit_reached; aliases
                  insufficient_quota, spend_limit), requests, tokens (429 kinds),
                  model_not_found, unsupported_parameter, llamacpp (integer code),
                  hint (a 429 without any rate-limit or retry-after header whose message
                  asks for the wait: "Please try again in <wait>", wait default "2s"),
                  llamacpp_context, string ({"error": "..."}), fastapi ({"detail": [...]}),
                  html (nginx page), text (plain text), empty (no body).  502 defaults to html.
  message, type, code, param   override fields of the native error body
  echo_key        true: the error message quotes the request's Authorization, x-api-key or
                  api-key value, as some servers do ("Incorrect API key provided: ...")
  retry_after     number -> "retry-after: <seconds>"; a string is sent verbatim; null = none.
                  A 429 rate limit defaults to ceil(reset) seconds; quota errors to none.
  retry_after_ms  number -> "retry-after-ms: <ms>"
  x_should_retry  true/false -> "x-should-retry" header
  reset           seconds until the limit resets (default 1 on a 429), or a string sent
                  verbatim in every *-reset header (e.g. "-1")
  reset_format    duration (Go-style "6m0s"; OpenAI default) | seconds (Azure integer) |
                  rfc3339 (Anthropic default)
  ratelimit_headers  false: send no rate-limit headers (like vLLM/llama.cpp/Ollama)
  headers         {name: value} extra response headers
  body, content_type   raw body (string) sent instead of the generated one
  fault           drop (close without a response) | reset (TCP RST) | hang (never answer;
                  ends when the client goes away or after hang_ms/--hang-max-ms) |
                  truncate (Content-Length = full body, half of it sent, close) |
                  cut (no Content-Length, half the JSON, close) |
                  stall (headers and half the body, then hang like "hang")
  delay_ms        sleep before answering (added to --latency-ms)
  hang_ms         bound for hang/stall (default --hang-max-ms)
  text            the reply text; reply: default | echo | echo-request
  finish          "length" -> finish_reason "length" / stop_reason "max_tokens"; "stop" ->
                  stop / end_turn; other strings verbatim; null -> finish_reason null
  usage           false: omit usage; "zeros": all zero; an object: sent verbatim
  refusal         OpenAI: content null + this refusal; Anthropic: stop_reason "refusal"
  reasoning       OpenAI: true/"reasoning" (vLLM/Ollama message.reasoning), "reasoning_content"
                  (llama.cpp/DeepSeek), "both"; Anthropic: any true value -> thinking block
  reasoning_text  the thinking text;  redacted_thinking: true adds a redacted_thinking block
  reasoning_tokens  reasoning token count (part of completion/output tokens)
  model, system_fingerprint   override the returned values
  repeat          apply this action to the next N requests (default 1)
  cached_tokens   prompt tokens read from the cache: OpenAI prompt_tokens_details /
                  Responses input_tokens_details.cached_tokens, Anthropic
                  cache_read_input_tokens (Anthropic's input_tokens then leaves them out)
  cache_write_tokens  Anthropic cache_creation_input_tokens (left out of input_tokens)
  thinking_tokens Anthropic usage.output_tokens_details.thinking_tokens
  stop_details    Anthropic: a stop_details object sent beside stop_reason
  stream_fault    for a streamed request: cut (half the events, then the connection closes
                  without the terminal event), error (half the events, then an error event:
                  Anthropic overloaded_error, OpenAI server_error), stall (half the events,
                  then silence like "hang")
  stream_delay_ms pause between two events of a stream (keep-alive comments are not sent)

Streaming: a request with "stream": true (or --stream, for every request) is answered with
Server-Sent Events in each API's form (WIRE.md 2.6): Chat Completions chunks ending in
`data: [DONE]` (usage in a last chunk only with stream_options.include_usage), Anthropic
message_start / ping / content_block_* / message_delta / message_stop, and Responses
response.created ... response.output_text.delta ... response.completed (or .incomplete).
The --log line of a request says "stream" and "include_usage".
"""

import argparse
import base64
import collections
import hashlib
import json
import math
import os
import random
import re
import select
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
SECRET_HEADERS = {'authorization', 'x-api-key', 'api-key', 'proxy-authorization', 'cookie',
                  'x-goog-api-key'}
AUTH_HEADERS = {'authorization', 'x-api-key', 'api-key'}
REASONING_MODEL = re.compile(r'^(o\d|gpt-5)')
DEFAULT_REQUEST_LIMIT = 10000
DEFAULT_TOKEN_LIMIT = 2000000
DEFAULT_OUTPUT_LIMIT = 400000
MAX_BODY_READ = 256 << 20

NGINX_PAGE = ('<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n'
              '<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n'
              '</body>\r\n</html>\r\n')
REASONS = {400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required',
           403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
           408: 'Request Timeout', 409: 'Conflict', 413: 'Payload Too Large',
           422: 'Unprocessable Entity', 429: 'Too Many Requests',
           500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
           503: 'Service Unavailable', 504: 'Gateway Time-out', 529: 'Site Overloaded'}

# OpenAI: status -> (type, param, code, message)
OPENAI_ERRORS = {
    400: ('invalid_request_error', 'messages[0].content', 'string_above_max_length',
          "Invalid 'messages[0].content': string too long. Expected a string with maximum "
          "length 10485760, but got a string with length 10485761 instead."),
    401: ('invalid_request_error', None, 'invalid_api_key',
          'Incorrect API key provided. You can find your API key at '
          'https://platform.openai.com/account/api-keys.'),
    402: ('invalid_request_error', None, 'payment_required', 'Payment required.'),
    403: ('invalid_request_error', None, 'model_not_found',
          'Project `proj_fake` does not have access to model `{model}`'),
    404: ('invalid_request_error', None, 'model_not_found',
          'The model `{model}` does not exist or you do not have access to it.'),
    408: ('invalid_request_error', None, 'request_timeout', 'Request timed out.'),
    409: ('invalid_request_error', None, 'conflict',
          'The request conflicted with another request. Please try again.'),
    413: ('invalid_request_error', None, 'request_too_large',
          'Request too large. The request body exceeds the maximum allowed size.'),
    422: ('invalid_request_error', None, None, 'Unprocessable entity.'),
    429: ('requests', None, 'rate_limit_exceeded',
          'Rate limit reached for {model} in organization org-fake on requests per min '
          '(RPM): Limit {limit}, Used {limit}, Requested 1. Please try again in {wait}. '
          'Visit https://platform.openai.com/account/rate-limits to learn more.'),
    500: ('server_error', None, None,
          'The server had an error while processing your request. Sorry about that!'),
    501: ('server_error', None, None, 'Not implemented.'),
    502: ('server_error', None, None, 'Bad gateway.'),
    503: ('server_error', None, None,
          'The engine is currently overloaded, please try again later.'),
    504: ('server_error', None, None, 'Gateway timeout. Please try again.'),
    529: ('server_error', None, None, 'The server is overloaded, please try again later.'),
}

# Anthropic: status -> (type, message)
ANTHROPIC_ERRORS = {
    400: ('invalid_request_error', 'messages: text content blocks must be non-empty'),
    401: ('authentication_error', 'invalid x-api-key'),
    402: ('billing_error', 'Your credit balance is too low to access the Anthropic API. '
                           'Please go to Plans & Billing to upgrade or purchase credits.'),
    403: ('permission_error',
          'Your API key does not have permission to use the specified resource.'),
    404: ('not_found_error', 'model: {model}'),
    408: ('timeout_error', 'Request timed out'),
    409: ('invalid_request_error', 'Conflicting concurrent request; please retry.'),
    413: ('request_too_large', 'Request exceeds the maximum allowed number of bytes.'),
    422: ('invalid_request_error', 'Unprocessable entity.'),
    429: ('rate_limit_error',
          "This request would exceed your organization's rate limit of {limit} requests "
          'per minute (org: fake, model: {model}). For details, refer to: '
          'https://docs.claude.com/en/api/rate-limits. You can see the response headers '
          'for current usage. Please reduce the prompt length or the maximum tokens '
          'requested, or try again later.'),
    500: ('api_error', 'Internal server error'),
    501: ('api_error', 'Not implemented'),
    502: ('api_error', 'Bad gateway'),
    503: ('overloaded_error', 'Overloaded'),
    504: ('timeout_error', 'Request timeout'),
    529: ('overloaded_error', 'Overloaded'),
}

LLAMACPP_TYPES = {400: 'invalid_request_error', 401: 'authentication_error',
                  403: 'permission_error', 404: 'not_found_error', 500: 'server_error',
                  501: 'not_supported_error', 503: 'unavailable_error'}
LLAMACPP_MESSAGES = {503: 'Loading model', 501: 'This server does not support this feature.'}


# ---------------------------------------------------------------- small helpers

def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    return hashlib.sha256(data).hexdigest()


def det_id(seed, tag, n, length):
    """A deterministic base62 string from (seed, tag, n)."""
    digest = hashlib.sha256(('%s|%s|%s' % (seed, tag, n)).encode()).digest()
    num = int.from_bytes(digest, 'big')
    out = []
    for _ in range(length):
        num, r = divmod(num, 62)
        out.append(BASE62[r])
    return ''.join(out)


def det_hex(seed, tag, n, length):
    return hashlib.sha256(('%s|%s|%s' % (seed, tag, n)).encode()).hexdigest()[:length]


def tokens_of(text):
    """Token estimate: UTF-8 bytes / 4, rounded up."""
    if not text:
        return 0
    return (len(text.encode('utf-8')) + 3) // 4


def cut_to_tokens(text, n):
    """The prefix of text worth about n tokens (cut on a character boundary)."""
    raw = text.encode('utf-8')[:max(0, n) * 4]
    return raw.decode('utf-8', 'ignore')


def go_duration(seconds):
    """Go time.Duration.String() style at millisecond precision: 12ms, 1s, 6m0s, 1h2m3.5s."""
    ms = int(round(max(0.0, float(seconds)) * 1000))
    if ms == 0:
        return '0s'
    if ms < 1000:
        return '%dms' % ms
    h, rem = divmod(ms, 3600000)
    m, rem = divmod(rem, 60000)
    s = ('%d.%03d' % divmod(rem, 1000)).rstrip('0').rstrip('.')
    if h:
        return '%dh%dm%ss' % (h, m, s)
    if m:
        return '%dm%ss' % (m, s)
    return '%ss' % s


def rfc3339(epoch):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(math.ceil(epoch)))


def iso_now():
    t = time.time()
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t)) + '.%03dZ' % int((t % 1) * 1000)


def content_text(content):
    """Text of an OpenAI/Anthropic message content (a string or a list of parts/blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for p in content:
            if isinstance(p, str):
                parts.append(p)
            elif isinstance(p, dict) and isinstance(p.get('text'), str):
                parts.append(p['text'])
        return '\n'.join(parts)
    return ''


def schema_instance(schema, root, key, depth=0):
    """A deterministic value that satisfies a (simple) JSON schema."""
    if depth > 12 or not isinstance(schema, dict):
        return None
    ref = schema.get('$ref')
    if isinstance(ref, str) and ref.startswith('#/'):
        node = root
        for part in ref[2:].split('/'):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return schema_instance(node, root, key, depth + 1)
    if 'const' in schema:
        return schema['const']
    if isinstance(schema.get('enum'), list) and schema['enum']:
        enum = schema['enum']
        return enum[int(sha256_hex(key)[:8], 16) % len(enum)]
    for alt in ('anyOf', 'oneOf', 'allOf'):
        if isinstance(schema.get(alt), list) and schema[alt]:
            return schema_instance(schema[alt][0], root, key, depth + 1)
    t = schema.get('type')
    if isinstance(t, list):
        t = next((x for x in t if x != 'null'), 'null')
    if t is None:
        t = 'object' if 'properties' in schema else 'string'
    if t == 'object':
        props = schema.get('properties') or {}
        return {k: schema_instance(v, root, key + '.' + k, depth + 1) for k, v in props.items()}
    if t == 'array':
        n = max(1, int(schema.get('minItems', 1) or 1))
        return [schema_instance(schema.get('items') or {}, root, '%s[%d]' % (key, i), depth + 1)
                for i in range(n)]
    if t == 'integer':
        return int(schema.get('minimum', 0))
    if t == 'number':
        return float(schema.get('minimum', 0))
    if t == 'boolean':
        return False
    if t == 'null':
        return None
    return 'fake-' + sha256_hex(key)[:6]


# ---------------------------------------------------------------- shared state

class Window:
    """Sliding-window records of one API: (monotonic time, amount)."""
    def __init__(self):
        self.req = collections.deque()   # accepted requests
        self.tok = collections.deque()   # prompt tokens (+ max tokens on OpenAI)
        self.out = collections.deque()   # output tokens


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.log_lock = threading.Lock()
        self.stop = threading.Event()
        self.started = time.monotonic()
        self.seq = 0
        self.script = collections.deque()
        self.replies = []          # [(kind 'sha'|'sub', key, value)]
        self.default_action = {}
        self.rpm = args.rpm
        self.tpm = args.tpm
        self.fail_rate = args.fail_rate
        self.fail_statuses = args.fail_statuses
        self.latency_ms = args.latency_ms
        self.log = open(args.log, 'a', encoding='utf-8') if args.log else None
        self.prefixes = []   # [(monotonic time, prompt text)] for --prefix-cache-s
        self.reset_counters()

    def prefix_lookup(self, text):
        """OpenAI's automatic prompt caching, simulated (--prefix-cache-s): on arrival, the
        longest prefix this prompt shares with one answered in the last N seconds, counted in
        whole 128-token blocks once it reaches 1,024 tokens.  A prompt enters the cache when
        its reply is sent (prefix_store), so requests sent together all miss."""
        ttl = self.args.prefix_cache_s
        if not ttl:
            return 0
        now = time.monotonic()
        best = 0
        with self.lock:
            self.prefixes = [(t, p) for t, p in self.prefixes if now - t <= ttl]
            for _, p in self.prefixes:
                best = max(best, len(os.path.commonprefix([p, text])))
        tokens = tokens_of(text[:best])
        return tokens // 128 * 128 if tokens >= 1024 else 0

    def anthropic_cache_lookup(self, req):
        """Anthropic's prompt caching, simulated (with --prefix-cache-s): the request's text up
        to its last cache_control breakpoint (system first) is the cached prefix.  When a request
        answered in the last 5 minutes (1 hour with "ttl": "1h") wrote the same prefix, its
        tokens are read from the cache; else they are written (once answered).  Prefixes under
        1,024 tokens are not cached, as the API does.  Returns (read, write, prefix or None)."""
        if not self.args.prefix_cache_s:
            return 0, 0, None
        parts, prefix, ttl = [content_text(req.get('system'))], None, 300
        for m in req.get('messages') or []:
            blocks = m.get('content') if isinstance(m, dict) else None
            for b in blocks if isinstance(blocks, list) else [blocks]:
                parts.append(content_text([b]) if not isinstance(b, str) else b)
                cc = b.get('cache_control') if isinstance(b, dict) else None
                if isinstance(cc, dict):
                    prefix = '\n'.join(parts)
                    ttl = 3600 if cc.get('ttl') == '1h' else 300
        if prefix is None or tokens_of(prefix) < 1024:
            return 0, 0, None
        now = time.monotonic()
        with self.lock:
            hit = any(p == prefix and now - t <= ttl_p
                      for t, p, ttl_p in getattr(self, 'an_prefixes', []))
        n = tokens_of(prefix)
        return (n, 0, None) if hit else (0, n, (prefix, ttl))

    def anthropic_cache_store(self, entry):
        prefix, ttl = entry
        with self.lock:
            now = time.monotonic()
            self.an_prefixes = [(t, p, tl) for t, p, tl in getattr(self, 'an_prefixes', [])
                                if now - t <= tl] + [(now, prefix, ttl)]

    def prefix_store(self, text):
        if self.args.prefix_cache_s:
            with self.lock:
                self.prefixes.append((time.monotonic(), text))

    def reset_counters(self):
        self.requests = 0
        self.in_flight = 0 if not hasattr(self, 'in_flight') else self.in_flight
        self.in_flight_max = self.in_flight
        self.by_status = collections.Counter()
        self.by_api = collections.Counter()
        self.windows = {}                       # api -> Window
        self.attempts = collections.Counter()   # body sha -> requests seen

    def load_script(self, actions):
        if not isinstance(actions, list):
            raise ValueError('the script must be a JSON list of actions')
        self.script.clear()
        for a in actions:
            if a is None:
                a = {}
            if not isinstance(a, dict):
                raise ValueError('each script action must be an object or null: %r' % (a,))
            for _ in range(max(1, int(a.get('repeat', 1)))):
                self.script.append(a)

    def load_replies(self, mapping):
        if not isinstance(mapping, dict):
            raise ValueError('the replies file must be a JSON object')
        self.replies = []
        for k, v in mapping.items():
            kind = 'sha' if re.fullmatch(r'[0-9a-fA-F]{64}', k) else 'sub'
            self.replies.append((kind, k.lower() if kind == 'sha' else k, v))

    def window(self, api, now):
        """The rate window of one API, with entries older than --rate-window-s dropped
        (call with the lock held)."""
        w = self.windows.get(api)
        if w is None:
            w = self.windows[api] = Window()
        span = self.args.rate_window_s
        for dq in (w.req, w.tok, w.out):
            while dq and dq[0][0] <= now - span:
                dq.popleft()
        return w

    def write_log(self, rec):
        if not self.log:
            return
        line = json.dumps(rec, separators=(',', ':'), ensure_ascii=False)
        with self.log_lock:
            self.log.write(line + '\n')
            self.log.flush()


STATE = None


# ---------------------------------------------------------------- the handler

class Reply:
    events = None   # a stream: [(event name or None, data text)]

    def __init__(self, status, body=b'', ctype='application/json', headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode('utf-8')
        self.ctype = ctype
        self.headers = list(headers or [])


class Handler(BaseHTTPRequestHandler):
    # headers and body in one segment: without this, every reply waits ~40 ms for the
    # client's delayed ACK (Nagle)
    disable_nagle_algorithm = True

    protocol_version = 'HTTP/1.1'
    server_version = 'fake-llm-server'
    sys_version = ''
    timeout = None

    def version_string(self):
        return 'fake-llm-server'

    def log_message(self, fmt, *args):  # quiet: the --log file is the record
        pass

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    # ------------------------------------------------ entry

    def dispatch(self):
        st = STATE
        path = urlsplit(self.path).path
        if path.startswith('/_'):
            return self.control(path)
        body = self.read_body()
        if body is None:        # unreadable or oversized beyond reading: drop the connection
            self.close_connection = True
            return
        api = self.api_of(path)
        hdrs = {k.lower(): v for k, v in self.headers.items()}
        sha = sha256_hex(body)
        with st.lock:
            st.seq += 1
            seq = st.seq
            st.in_flight += 1
            st.in_flight_max = max(st.in_flight_max, st.in_flight)
            in_flight = st.in_flight
            st.attempts[sha] += 1
            attempt = st.attempts[sha]
        ctx = {'seq': seq, 'api': api, 'path': path, 'method': self.command, 'body': body,
               'sha': sha, 'hdrs': hdrs, 'attempt': attempt, 'model': None, 'req': None,
               'status': None, 'fault': None, 'source': None, 't0': time.monotonic(),
               'responses': path.rstrip('/').endswith('/responses')}
        try:
            self.process(ctx)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            ctx['fault'] = ctx['fault'] or 'client_closed'
            self.close_connection = True
        finally:
            with st.lock:
                st.in_flight -= 1
                st.requests += 1
                st.by_api[api or 'unknown'] += 1
                key = ctx['fault'] or (str(ctx['status']) if ctx['status'] is not None
                                       else 'none')
                st.by_status[key] += 1
            rec = collections.OrderedDict()
            rec['seq'] = seq
            rec['time'] = iso_now()
            rec['method'] = self.command
            rec['path'] = path
            rec['query'] = urlsplit(self.path).query
            rec['api'] = api
            rec['model'] = ctx['model']
            rec['body_sha256'] = sha
            rec['body_bytes'] = len(body)
            rec['auth'] = any(h in hdrs for h in AUTH_HEADERS)
            rec['headers'] = {k: v for k, v in hdrs.items() if k not in SECRET_HEADERS}
            rec['status'] = ctx['status']
            rec['fault'] = ctx['fault']
            rec['source'] = ctx['source']
            rec['attempt'] = attempt
            rec['in_flight'] = in_flight
            rec['duration_ms'] = int((time.monotonic() - ctx['t0']) * 1000)
            if ctx.get('schema_fields') is not None:
                rec['schema_fields'] = ctx['schema_fields']
            if isinstance(ctx.get('req'), dict):
                rec['stream'] = ctx['req'].get('stream') is True
                so = ctx['req'].get('stream_options')
                rec['include_usage'] = isinstance(so, dict) and so.get('include_usage') is True
            if ctx.get('streamed') is not None:
                rec['streamed'] = ctx['streamed']
            st.write_log(rec)

    def api_of(self, path):
        p = path.rstrip('/')
        if p.endswith('/chat/completions') or p.endswith('/models') or p.endswith('/responses'):
            return 'openai'
        if p.endswith('/v1/messages'):
            return 'anthropic'
        return None

    def read_body(self):
        te = (self.headers.get('Transfer-Encoding') or '').lower()
        if 'chunked' in te:
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    return None
                try:
                    n = int(line.split(b';')[0].strip(), 16)
                except ValueError:
                    return None
                if n == 0:
                    while self.rfile.readline(65537) not in (b'\r\n', b'\n', b''):
                        pass
                    return b''.join(chunks)
                total += n
                if total > MAX_BODY_READ:
                    return None
                chunks.append(self.rfile.read(n))
                self.rfile.readline(3)
        try:
            n = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            return None
        if n < 0 or n > MAX_BODY_READ:
            return None
        data = self.rfile.read(n) if n else b''
        if len(data) != n:
            return None
        return data

    # ------------------------------------------------ control endpoints

    def control(self, path):
        st = STATE
        if path == '/_health':
            return self.send(Reply(200, b'{"ok":true}'))
        if path == '/_stats':
            with st.lock:
                out = {'requests': st.requests, 'in_flight': st.in_flight,
                       'in_flight_max': st.in_flight_max, 'by_status': dict(st.by_status),
                       'by_api': dict(st.by_api), 'script_remaining': len(st.script),
                       'uptime_s': round(time.monotonic() - st.started, 3)}
            return self.send(Reply(200, json.dumps(out)))
        if path == '/_reset' and self.command == 'POST':
            body = self.read_body() or b''
            try:
                cfg = json.loads(body) if body.strip() else {}
                if not isinstance(cfg, dict):
                    raise ValueError('the /_reset body must be a JSON object')
                with st.lock:
                    st.reset_counters()
                    if 'script' in cfg:
                        st.load_script(cfg['script'])
                    if 'replies' in cfg:
                        st.load_replies(cfg['replies'])
                    if 'default_action' in cfg:
                        st.default_action = cfg['default_action'] or {}
                    for k in ('rpm', 'tpm', 'fail_rate', 'latency_ms'):
                        if k in cfg:
                            setattr(st, k, cfg[k])
                    if 'fail_statuses' in cfg:
                        st.fail_statuses = [int(x) for x in cfg['fail_statuses']]
            except (ValueError, TypeError) as e:
                return self.send(Reply(400, json.dumps({'error': str(e)})))
            return self.send(Reply(200, b'{"ok":true}'))
        if path == '/_shutdown' and self.command == 'POST':
            self.read_body()
            self.send(Reply(200, b'{"ok":true}'))
            request_shutdown(self.server)
            return None
        return self.send(Reply(404, json.dumps({'error': 'unknown control path ' + path})))

    # ------------------------------------------------ the API request

    def process(self, ctx):
        st = STATE
        api, path, hdrs = ctx['api'], ctx['path'], ctx['hdrs']
        if api is None:
            ctx['source'] = 'routing'
            return self.finish_reply(ctx, self.invalid_url('openai', ctx), {})
        if path.rstrip('/').endswith('/models'):
            ctx['source'] = 'routing'
            if self.command != 'GET':
                return self.finish_reply(ctx, self.invalid_url(api, ctx), {})
            names = st.args.models or ['fake-model']
            data = [{'id': m, 'object': 'model', 'created': 1700000000, 'owned_by': 'fake'}
                    for m in names]
            return self.finish_reply(ctx, Reply(200, json.dumps({'object': 'list',
                                                                  'data': data})), {})
        if self.command != 'POST':
            ctx['source'] = 'routing'
            return self.finish_reply(ctx, self.invalid_url(api, ctx), {})

        early = self.validate(ctx)
        if early is not None:
            ctx['source'] = 'validation'
            return self.finish_reply(ctx, early, {})

        action, source = self.choose_action(ctx)
        ctx['source'] = source
        delay = (st.latency_ms or 0) + float(action.get('delay_ms') or 0)
        fault = action.get('fault')
        if delay > 0 and fault != 'hang':
            if st.stop.wait(delay / 1000.0):
                ctx['fault'] = 'shutdown'
                self.close_connection = True
                return None
        if fault in ('drop', 'reset', 'hang'):
            return self.do_fault(ctx, fault, action, None)
        status = int(action.get('status', 200) or 200)
        if status == 200 and 'body' not in action:
            reply = self.success(ctx, action)
        elif status == 200:
            reply = Reply(200, action['body'], action.get('content_type', 'application/json'))
        else:
            if action.get('echo_key'):
                key = (hdrs.get('authorization') or hdrs.get('x-api-key') or
                       hdrs.get('api-key') or '')
                action = dict(action, message='Incorrect API key provided: ' + key)
            if action.get('error') == 'hint':
                # a gateway's 429: no rate-limit headers, no retry-after, the wait in words
                wait = action.get('wait', '2s')
                action = dict(action, ratelimit_headers=False, retry_after=None,
                              message=action.get('message') or
                              'Rate limit reached for requests. Please try again in %s.' % wait)
            reply = self.error(ctx, status, action)
        return self.finish_reply(ctx, reply, action)

    def finish_reply(self, ctx, reply, action):
        """Adds the common headers and sends the reply (or the body fault)."""
        api = ctx['api']
        elapsed = int((time.monotonic() - ctx['t0']) * 1000)
        hdr = []
        if api == 'anthropic':
            hdr.append(('request-id', 'req_01' + det_id(STATE.args.seed, 'req', ctx['seq'], 22)))
            hdr.append(('anthropic-organization-id', '00000000-0000-4000-8000-00000000fa4e'))
        else:
            hdr.append(('x-request-id', 'req_' + det_hex(STATE.args.seed, 'req', ctx['seq'], 32)))
            hdr.append(('openai-processing-ms', str(elapsed)))
            hdr.append(('openai-version', '2020-10-01'))
            hdr.append(('openai-organization', 'user-fake'))
        if (ctx.get('ratelimit') is not None and action.get('ratelimit_headers', True)
                and not STATE.args.no_ratelimit_headers):
            hdr.extend(self.ratelimit_headers(ctx, reply.status, action))
        reply.headers = hdr + reply.headers
        for k, v in (action.get('headers') or {}).items():
            reply.headers.append((str(k), str(v)))
        fault = action.get('fault')
        if getattr(reply, 'events', None) is not None:
            ctx['status'] = reply.status
            return self.send_stream(ctx, reply, action)
        if fault in ('truncate', 'cut', 'stall'):
            return self.do_fault(ctx, fault, action, reply)
        ctx['status'] = reply.status
        return self.send(reply)

    def send_stream(self, ctx, reply, action):
        """Server-Sent Events, close-delimited; stream_fault cuts, errors or stalls it."""
        events = reply.events
        fault = action.get('stream_fault')
        if fault in ('cut', 'error', 'stall'):
            ctx['fault'] = 'stream_' + fault
            events = events[:max(1, len(events) // 2)]
            if fault == 'error':
                events = events + [stream_error_event(ctx)]
        self.close_connection = True
        self.send_response(200, 'OK')
        self.send_header('Content-Type', 'text/event-stream; charset=utf-8')
        self.send_header('Cache-Control', 'no-cache')
        self.send_header('Connection', 'close')
        for k, v in reply.headers:
            self.send_header(k, v)
        self.end_headers()
        delay = float(action.get('stream_delay_ms') or 0) / 1000.0
        for i, (name, data) in enumerate(events):
            if i and delay and STATE.stop.wait(delay):
                return None
            chunk = ('event: %s\n' % name if name else '') + 'data: %s\n\n' % data
            self.wfile.write(chunk.encode('utf-8'))
            self.wfile.flush()
        if fault == 'stall':
            self.wait_for_client(float(action.get('hang_ms', STATE.args.hang_max_ms)) / 1000.0)
        return None

    def send(self, reply):
        self.send_response(reply.status, REASONS.get(reply.status))
        if reply.ctype:
            self.send_header('Content-Type', reply.ctype)
        self.send_header('Content-Length', str(len(reply.body)))
        for k, v in reply.headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(reply.body)
        self.wfile.flush()

    # ------------------------------------------------ faults

    def do_fault(self, ctx, fault, action, reply):
        st = STATE
        ctx['fault'] = fault
        self.close_connection = True
        bound = float(action.get('hang_ms', st.args.hang_max_ms)) / 1000.0
        if fault == 'drop':
            self.wfile.flush()
            return None
        if fault == 'reset':
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack('ii', 1, 0))
                self.connection.close()
            except OSError:
                pass
            return None
        if fault == 'hang':
            self.wait_for_client(bound)
            return None
        half = reply.body[:len(reply.body) // 2]
        self.send_response(reply.status, REASONS.get(reply.status))
        if reply.ctype:
            self.send_header('Content-Type', reply.ctype)
        if fault in ('truncate', 'stall'):
            self.send_header('Content-Length', str(len(reply.body)))
        else:
            self.send_header('Connection', 'close')
        for k, v in reply.headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(half)
        self.wfile.flush()
        ctx['status'] = reply.status
        if fault == 'stall':
            self.wait_for_client(bound)
        return None

    def wait_for_client(self, bound):
        """Waits until the client closes the connection, the bound passes or the server stops."""
        end = time.monotonic() + max(0.0, bound)
        sock = self.connection
        while not STATE.stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            try:
                r, _, _ = select.select([sock], [], [], min(0.1, left))
                if r and not sock.recv(1, socket.MSG_PEEK):
                    return          # the client went away
                if r:
                    STATE.stop.wait(min(0.1, left))   # pipelined data: keep waiting
            except (OSError, ValueError):
                return

    # ------------------------------------------------ validation (real 4xx)

    def validate(self, ctx):
        api, hdrs = ctx['api'], ctx['hdrs']
        args = STATE.args
        if len(ctx['body']) > args.max_body_mb * (1 << 20):
            if api == 'anthropic':
                t, m = ANTHROPIC_ERRORS[413]
                return self.an_error(ctx, 413, t, m)
            t, p, c, m = OPENAI_ERRORS[413]
            return self.oa_error(413, t, p, c, m)
        if api == 'openai':
            auth = hdrs.get('authorization', '')
            key = auth[7:].strip() if auth.lower().startswith('bearer ') else ''
            key = key or hdrs.get('api-key', '').strip()
            if not key:
                return self.oa_error(401, 'invalid_request_error', None, None,
                                     "You didn't provide an API key. You need to provide your "
                                     "API key in an Authorization header using Bearer auth "
                                     "(i.e. Authorization: Bearer YOUR_KEY), or as the password "
                                     "field (with blank username) if you're accessing the API "
                                     "from your browser and are prompted for a username and "
                                     "password. You can obtain an API key from "
                                     "https://platform.openai.com/account/api-keys.")
            if args.api_key is not None and key != args.api_key:
                t, p, c, m = OPENAI_ERRORS[401]
                return self.oa_error(401, t, p, c, m)
        else:
            key = hdrs.get('x-api-key', '').strip()
            if not key:
                return self.an_error(ctx, 401, 'authentication_error',
                                     'x-api-key header is required')
            if args.api_key is not None and key != args.api_key:
                return self.an_error(ctx, 401, 'authentication_error', 'invalid x-api-key')
            if not hdrs.get('anthropic-version', '').strip():
                return self.an_error(ctx, 400, 'invalid_request_error',
                                     'anthropic-version: header is required')
        try:
            req = json.loads(ctx['body'].decode('utf-8'))
            if not isinstance(req, dict):
                raise ValueError('not an object')
        except (ValueError, UnicodeDecodeError):
            if api == 'openai':
                return self.oa_error(400, 'invalid_request_error', None, None,
                                     'We could not parse the JSON body of your request. (HINT: '
                                     'This likely means you aren\'t using your HTTP library '
                                     'correctly. The OpenAI API expects a JSON payload, but what '
                                     'was sent was not valid JSON. If you have trouble figuring '
                                     'out how to fix this, please contact us through our help '
                                     'center at help.openai.com.)')
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'There was an error parsing the body of your request.')
        ctx['req'] = req
        model = req.get('model')
        ctx['model'] = model if isinstance(model, str) else None
        if ctx['responses']:
            return self.validate_responses(ctx, req)
        if api == 'openai':
            return self.validate_openai(ctx, req)
        return self.validate_anthropic(ctx, req)

    def validate_openai(self, ctx, req):
        args = STATE.args
        model = ctx['model']
        if not model:
            return self.oa_error(400, 'invalid_request_error', None, None,
                                 'you must provide a model parameter')
        msgs = req.get('messages')
        if not isinstance(msgs, list) or not msgs:
            return self.oa_error(400, 'invalid_request_error', 'messages', 'empty_array'
                                 if isinstance(msgs, list) else None,
                                 "Invalid 'messages': empty array. Expected an array with "
                                 "minimum length 1, but got an empty array instead."
                                 if isinstance(msgs, list) else
                                 "Missing required parameter: 'messages'.")
        if args.models and model not in args.models:
            return self.oa_error(404, 'invalid_request_error', None, 'model_not_found',
                                 'The model `%s` does not exist or you do not have access '
                                 'to it.' % model)
        temp = req.get('temperature')
        if isinstance(temp, (int, float)) and not isinstance(temp, bool):
            if temp > 2:
                return self.oa_error(400, 'invalid_request_error', 'temperature',
                                     'decimal_above_max_value',
                                     "Invalid 'temperature': decimal above maximum value. "
                                     "Expected a value <= 2, but got %s instead." % temp)
            if REASONING_MODEL.match(model) and temp != 1:
                return self.oa_error(400, 'invalid_request_error', 'temperature',
                                     'unsupported_value',
                                     "Unsupported value: 'temperature' does not support %s "
                                     "with this model. Only the default (1) value is "
                                     "supported." % temp)
        if REASONING_MODEL.match(model) and 'max_tokens' in req:
            return self.oa_error(400, 'invalid_request_error', 'max_tokens',
                                 'unsupported_parameter',
                                 "Unsupported parameter: 'max_tokens' is not supported with "
                                 "this model. Use 'max_completion_tokens' instead.")
        bad = self.check_structured(ctx, req)
        if bad is not None:
            return bad
        ctx['prompt_tokens'] = prompt_tokens('openai', req)
        ctx['cached_tokens'] = STATE.prefix_lookup(request_prompt_text(req))
        if args.context_limit and ctx['prompt_tokens'] > args.context_limit:
            return self.context_error(ctx, {})
        return None

    def validate_responses(self, ctx, req):
        """The Responses API: input (not messages), max_output_tokens (not max_tokens)."""
        args = STATE.args
        model = ctx['model']
        if not model:
            return self.oa_error(400, 'invalid_request_error', 'model', 'missing_required_parameter',
                                 "Missing required parameter: 'model'.")
        for bad, hint in (('max_tokens', 'max_output_tokens'),
                          ('max_completion_tokens', 'max_output_tokens'),
                          ('messages', 'input'), ('response_format', 'text.format')):
            if bad in req:
                return self.oa_error(400, 'invalid_request_error', bad, 'unknown_parameter',
                                     "Unsupported parameter: '%s'. In the Responses API, this "
                                     "parameter has moved to '%s'." % (bad, hint))
        inp = req.get('input')
        if not (isinstance(inp, str) and inp) and not (isinstance(inp, list) and inp):
            return self.oa_error(400, 'invalid_request_error', 'input', 'missing_required_parameter',
                                 "Missing required parameter: 'input'.")
        mot = req.get('max_output_tokens')
        if mot is not None and (not isinstance(mot, int) or isinstance(mot, bool) or mot < 16):
            return self.oa_error(400, 'invalid_request_error', 'max_output_tokens',
                                 'integer_below_min_value',
                                 "Invalid 'max_output_tokens': integer below minimum value. "
                                 "Expected a value >= 16, but got %s instead." % mot)
        if args.models and model not in args.models:
            return self.oa_error(404, 'invalid_request_error', None, 'model_not_found',
                                 'The model `%s` does not exist or you do not have access '
                                 'to it.' % model)
        bad = self.check_structured(ctx, req)
        if bad is not None:
            return bad
        ctx['prompt_tokens'] = prompt_tokens('responses', req)
        if args.context_limit and ctx['prompt_tokens'] > args.context_limit:
            return self.context_error(ctx, {})
        return None

    def validate_anthropic(self, ctx, req):
        args = STATE.args
        if not ctx['model']:
            return self.an_error(ctx, 400, 'invalid_request_error', 'model: Field required')
        mt = req.get('max_tokens')
        if mt is None:
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'max_tokens: Field required')
        if not isinstance(mt, int) or isinstance(mt, bool) or mt < 1:
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'max_tokens: Input should be a valid integer greater than '
                                 'or equal to 1')
        msgs = req.get('messages')
        if not isinstance(msgs, list):
            return self.an_error(ctx, 400, 'invalid_request_error', 'messages: Field required')
        if not msgs:
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'messages: at least one message is required')
        if args.models and ctx['model'] not in args.models:
            return self.an_error(ctx, 404, 'not_found_error', 'model: %s' % ctx['model'])
        if req.get('stream') is not None and not isinstance(req.get('stream'), bool):
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'stream: Input should be a valid boolean')
        temp = req.get('temperature')
        if isinstance(temp, (int, float)) and not isinstance(temp, bool) and temp > 1:
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'temperature: Input should be less than or equal to 1')
        thinking = req.get('thinking')
        if isinstance(thinking, dict) and thinking.get('type') == 'enabled':
            budget = thinking.get('budget_tokens')
            if not isinstance(budget, int) or budget < 1024:
                return self.an_error(ctx, 400, 'invalid_request_error',
                                     'thinking.enabled.budget_tokens: Input should be greater '
                                     'than or equal to 1024')
            if budget >= mt:
                return self.an_error(ctx, 400, 'invalid_request_error',
                                     '`max_tokens` must be greater than '
                                     '`thinking.budget_tokens`. Please consult our '
                                     'documentation at https://docs.claude.com/en/docs/'
                                     'build-with-claude/extended-thinking#max-tokens-and-'
                                     'context-window-size')
            if temp is not None and temp != 1:
                return self.an_error(ctx, 400, 'invalid_request_error',
                                     '`temperature` may only be set to 1 when thinking is '
                                     'enabled. Please consult our documentation at https://'
                                     'docs.claude.com/en/docs/build-with-claude/extended-'
                                     'thinking#feature-compatibility')
        bad = self.check_structured(ctx, req)
        if bad is not None:
            return bad
        ctx['prompt_tokens'] = prompt_tokens('anthropic', req)
        ctx['cache'] = STATE.anthropic_cache_lookup(req)
        if args.context_limit and ctx['prompt_tokens'] > args.context_limit:
            return self.context_error(ctx, {})
        return None

    def check_structured(self, ctx, req):
        """The schema rules the real APIs enforce, and --require-schema."""
        api = ctx['api']
        tool = forced_tool(req) if api == 'anthropic' else None
        schema = tool[1] if tool is not None else structured_schema(api, req)
        if schema is None:
            if STATE.args.require_schema:
                msg = 'the fake server was started with --require-schema: no schema asked for'
                if api == 'openai':
                    return self.oa_error(400, 'invalid_request_error', 'response_format', None,
                                         msg)
                return self.an_error(ctx, 400, 'invalid_request_error', msg)
            return None
        rows = (schema.get('properties') or {}).get('rows')
        items = rows.get('items') if isinstance(rows, dict) else None
        holder = items if isinstance(items, dict) else schema
        ctx['schema_fields'] = list((holder.get('properties') or {}).keys())
        if api == 'openai':
            rf = req.get('response_format') or {}
            js = rf.get('json_schema') if isinstance(rf, dict) else None
            if ctx.get('responses'):
                tf = req.get('text') if isinstance(req.get('text'), dict) else {}
                js = tf.get('format') if isinstance(tf.get('format'), dict) else None
            if isinstance(js, dict) and js.get('strict') is True:
                problem = strict_schema_problem(schema, ())
                if problem:
                    return self.oa_error(400, 'invalid_request_error', 'response_format', None,
                                         "Invalid schema for response_format '%s': %s"
                                         % (js.get('name'), problem))
            return None
        name = tool[0] if tool is not None else None
        if tool is not None and not re.fullmatch(r'[a-zA-Z0-9_-]{1,64}', name or ''):
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'tools.0.custom.name: String should match pattern '
                                 "'^[a-zA-Z0-9_-]{1,64}$'")
        if tool is not None and schema.get('type') != 'object':
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 'tools.0.custom.input_schema.type: Input should be \'object\'')
        key = bad_property_key(schema)
        if key is not None:
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 "tools.0.custom.input_schema: Property keys should match "
                                 "pattern '^[a-zA-Z0-9_.-]{1,64}$' (%r)" % key)
        return None

    # ------------------------------------------------ choosing what to answer

    def choose_action(self, ctx):
        st = STATE
        req = ctx['req']
        ctx['last_user'] = last_user_text(req)
        ctx['reply_text'] = None
        with st.lock:
            scripted = st.script.popleft() if st.script else None
        if scripted is not None:
            self.account(ctx, scripted, enforce=False)
            return scripted, 'script'
        action = dict(st.default_action or {})
        source = 'default'
        mapped = self.lookup_reply(ctx['last_user'])
        if isinstance(mapped, str):
            ctx['reply_text'] = mapped
            source = 'map'
        elif isinstance(mapped, dict):
            action.update(mapped)
            source = 'map'
            if action.get('fault') or int(action.get('status', 200) or 200) != 200:
                self.account(ctx, action, enforce=False)
                return action, source
        if st.fail_rate and st.fail_statuses:
            h = sha256_hex('%s|fail|%s|%d' % (st.args.seed, ctx['sha'], ctx['attempt']))
            u = int(h[:13], 16) / float(1 << 52)
            if u < st.fail_rate:
                pick = random.Random(h).choice(st.fail_statuses)
                failed = {'status': pick}
                if pick == 429:
                    failed['reset'] = 0.2
                    failed['retry_after_ms'] = 200
                    failed['retry_after'] = 1
                self.account(ctx, failed, enforce=False)
                return failed, 'fail_rate'
        limited = self.account(ctx, action, enforce=True)
        if limited is not None:
            return limited, 'rate_limit'
        return action, source

    def lookup_reply(self, text):
        st = STATE
        if not st.replies:
            return None
        h = sha256_hex(text or '')
        for kind, key, value in st.replies:
            if kind == 'sha' and key == h:
                return value
        for kind, key, value in st.replies:
            if kind == 'sub' and key and text and key in text:
                return value
        return None

    def account(self, ctx, action, enforce):
        """Records the request in the rate windows; with enforce, returns a 429 action when
        --rpm/--tpm would be exceeded (check and record are atomic)."""
        st = STATE
        req = ctx['req']
        reserve = ctx.get('prompt_tokens', 0)
        if ctx['api'] == 'openai':
            reserve += int(req.get('max_completion_tokens') or req.get('max_tokens')
                           or req.get('max_output_tokens') or 0)
        now = time.monotonic()
        span = st.args.rate_window_s
        with st.lock:
            w = st.window(ctx['api'], now)
            used_tok = sum(t for _, t in w.tok)
            ok_status = int(action.get('status', 200) or 200) == 200 and not action.get('fault')
            if enforce and st.rpm and len(w.req) >= st.rpm:
                wait = w.req[0][0] + span - now
                kind = 'requests'
            elif enforce and st.tpm and w.tok and used_tok + reserve > st.tpm:
                wait = w.tok[0][0] + span - now
                kind = 'tokens'
            else:
                if ok_status:
                    w.req.append((now, 1))
                    w.tok.append((now, reserve))
                ctx['ratelimit'] = self.snapshot(w, now)
                return None
            ctx['ratelimit'] = self.snapshot(w, now)
        wait = max(0.001, wait)
        return {'status': 429, 'error': kind, 'reset': wait, 'retry_after': math.ceil(wait),
                '_enforced': True}

    def snapshot(self, w, now):
        """Rate-limit numbers for the headers (called with the lock held).  A reset is the
        time until the window is empty again, i.e. the limit is back to its initial state."""
        st = STATE
        span = st.args.rate_window_s
        req_limit = st.rpm or DEFAULT_REQUEST_LIMIT
        tok_limit = st.tpm or DEFAULT_TOKEN_LIMIT

        def reset(dq):
            return (dq[-1][0] + span - now) if dq else 0.0
        return {
            'req_limit': req_limit, 'req_remaining': max(0, req_limit - len(w.req)),
            'req_reset': reset(w.req),
            'tok_limit': tok_limit,
            'tok_remaining': max(0, tok_limit - sum(t for _, t in w.tok)),
            'tok_reset': reset(w.tok),
            'out_limit': DEFAULT_OUTPUT_LIMIT,
            'out_remaining': max(0, DEFAULT_OUTPUT_LIMIT - sum(t for _, t in w.out)),
            'out_reset': reset(w.out),
        }

    # ------------------------------------------------ rate-limit headers

    def ratelimit_headers(self, ctx, status, action):
        rl = dict(ctx['ratelimit'])
        api = ctx['api']
        override = action.get('reset')
        if status == 429 and action.get('error') not in ('quota', 'insufficient_quota',
                                                          'spend_limit'):
            if override is None:
                override = 1
            if action.get('error') == 'tokens':
                rl['tok_remaining'] = 0
            else:
                rl['req_remaining'] = 0
        fmt = action.get('reset_format') or ('rfc3339' if api == 'anthropic' else 'duration')
        now_wall = time.time()

        def fmt_reset(seconds):
            if isinstance(override, str):
                return override
            if override is not None:
                seconds = float(override)
            if fmt == 'seconds':
                return str(int(math.ceil(seconds)))
            if fmt == 'rfc3339':
                return rfc3339(now_wall + seconds)
            return go_duration(seconds)

        out = []
        if api == 'anthropic':
            inp = ('input-tokens', rl['tok_limit'], rl['tok_remaining'], rl['tok_reset'])
            outp = ('output-tokens', rl['out_limit'], rl['out_remaining'], rl['out_reset'])
            tightest = inp if inp[2] <= outp[2] else outp   # "tokens" = most restrictive
            fams = [('requests', rl['req_limit'], rl['req_remaining'], rl['req_reset']),
                    ('tokens',) + tightest[1:], inp, outp]
            for name, lim, rem, reset in fams:
                out.append(('anthropic-ratelimit-%s-limit' % name, str(lim)))
                out.append(('anthropic-ratelimit-%s-remaining' % name, str(rem)))
                out.append(('anthropic-ratelimit-%s-reset' % name, fmt_reset(reset)))
        else:
            out.append(('x-ratelimit-limit-requests', str(rl['req_limit'])))
            out.append(('x-ratelimit-limit-tokens', str(rl['tok_limit'])))
            out.append(('x-ratelimit-remaining-requests', str(rl['req_remaining'])))
            out.append(('x-ratelimit-remaining-tokens', str(rl['tok_remaining'])))
            out.append(('x-ratelimit-reset-requests', fmt_reset(rl['req_reset'])))
            out.append(('x-ratelimit-reset-tokens', fmt_reset(rl['tok_reset'])))
        return out

    # ------------------------------------------------ error replies

    def oa_error(self, status, etype, param, code, message):
        return Reply(status, json.dumps({'error': {'message': message, 'type': etype,
                                                   'param': param, 'code': code}}, indent=4))

    def an_error(self, ctx, status, etype, message, details=None):
        err = {'type': etype, 'message': message}
        if details is not None:
            err['details'] = details
        body = {'type': 'error', 'error': err,
                'request_id': 'req_01' + det_id(STATE.args.seed, 'req', ctx['seq'], 22)}
        return Reply(status, json.dumps(body))

    def invalid_url(self, api, ctx):
        if api == 'anthropic':
            return self.an_error(ctx, 404, 'not_found_error', 'Not Found')
        return self.oa_error(404, 'invalid_request_error', None, None,
                             'Invalid URL (%s %s)' % (self.command, ctx['path']))

    def context_error(self, ctx, action):
        n = ctx.get('prompt_tokens') or 0
        limit = STATE.args.context_limit or max(1, n - 1)
        if ctx['api'] == 'anthropic':
            return self.an_error(ctx, 400, 'invalid_request_error',
                                 action.get('message') or
                                 'prompt is too long: %d tokens > %d maximum' % (n, limit))
        return self.oa_error(400, 'invalid_request_error', 'messages', 'context_length_exceeded',
                             action.get('message') or
                             "This model's maximum context length is %d tokens. However, your "
                             "messages resulted in %d tokens. Please reduce the length of the "
                             "messages." % (limit, n))

    def error(self, ctx, status, action):
        api = ctx['api']
        model = ctx['model'] or 'unknown'
        variant = action.get('error') or ('html' if status == 502 else 'native')
        if 'body' in action:
            reply = Reply(status, action['body'], action.get('content_type', 'application/json'))
        elif variant == 'html':
            reply = Reply(status, NGINX_PAGE.format(code=status,
                                                    reason=REASONS.get(status, 'Error')),
                          'text/html')
        elif variant == 'text':
            reply = Reply(status, action.get('message') or
                          '%d %s' % (status, REASONS.get(status, 'Error')), 'text/plain')
        elif variant == 'empty':
            reply = Reply(status, b'', None)
        elif variant == 'string':
            reply = Reply(status, json.dumps({'error': action.get('message') or
                                              REASONS.get(status, 'error').lower()}))
        elif variant == 'fastapi':
            reply = Reply(status, json.dumps({'detail': [{
                'type': 'missing', 'loc': ['body', 'messages'], 'msg': 'Field required',
                'input': {'model': model}}]}))
        elif variant in ('llamacpp', 'llamacpp_context'):
            if variant == 'llamacpp_context':
                n = ctx.get('prompt_tokens') or 0
                err = {'code': status, 'message': 'the request exceeds the available context '
                       'size, try increasing it', 'type': 'exceed_context_size_error',
                       'n_prompt_tokens': n, 'n_ctx': STATE.args.context_limit or max(1, n - 1)}
            else:
                err = {'code': status,
                       'message': action.get('message') or LLAMACPP_MESSAGES.get(status) or
                       REASONS.get(status, 'error'),
                       'type': action.get('type') or LLAMACPP_TYPES.get(status, 'server_error')}
            reply = Reply(status, json.dumps({'error': err}))
        elif variant == 'context_length':
            reply = self.context_error(ctx, action)
        elif variant in ('quota', 'insufficient_quota', 'spend_limit'):
            if api == 'anthropic':
                reply = self.an_error(
                    ctx, status, action.get('type') or 'rate_limit_error',
                    action.get('message') or
                    "You have reached your API usage limits: your organization has crossed its "
                    "monthly API usage threshold, set based on your organization's API tier. "
                    "You will regain access on 2099-01-01 at 00:00 UTC.",
                    details={'error_code': 'enforced_spend_limit_reached'})
            else:
                reply = self.oa_error(status, action.get('type') or 'insufficient_quota', None,
                                      action.get('code') or 'insufficient_quota',
                                      action.get('message') or
                                      'You exceeded your current quota, please check your plan '
                                      'and billing details. For more information on this error, '
                                      'read the docs: https://platform.openai.com/docs/guides/'
                                      'error-codes/api-errors.')
        elif variant == 'model_not_found' and api == 'openai':
            reply = self.oa_error(status, 'invalid_request_error', None, 'model_not_found',
                                  'The model `%s` does not exist or you do not have access to '
                                  'it.' % model)
        elif variant == 'unsupported_parameter' and api == 'openai':
            reply = self.oa_error(status, 'invalid_request_error', 'max_tokens',
                                  'unsupported_parameter',
                                  "Unsupported parameter: 'max_tokens' is not supported with "
                                  "this model. Use 'max_completion_tokens' instead.")
        else:
            reply = self.native_error(ctx, status, variant, action)
        reply.headers.extend(self.retry_headers(status, variant, action))
        return reply

    def native_error(self, ctx, status, variant, action):
        api = ctx['api']
        model = ctx['model'] or 'unknown'
        reset = action.get('reset', 1)
        wait = reset if isinstance(reset, str) else go_duration(float(reset))
        rl = ctx.get('ratelimit') or {}
        limit = STATE.rpm or rl.get('req_limit', DEFAULT_REQUEST_LIMIT)
        if api == 'anthropic':
            etype, msg = ANTHROPIC_ERRORS.get(
                status, ('api_error' if status >= 500 else 'invalid_request_error',
                         REASONS.get(status, 'Error')))
            if status == 429 and variant == 'tokens':
                msg = ('Number of request tokens has exceeded your per-minute rate limit '
                       '(https://docs.claude.com/en/api/rate-limits); see the response headers '
                       'for current usage. Please reduce the prompt length or the maximum tokens '
                       'requested, or try again later.')
            msg = msg.replace('{model}', model).replace('{limit}', str(limit))
            return self.an_error(ctx, status, action.get('type') or etype,
                                 action.get('message') or msg)
        etype, param, code, msg = OPENAI_ERRORS.get(
            status, ('server_error' if status >= 500 else 'invalid_request_error', None, None,
                     REASONS.get(status, 'Error')))
        if status == 429 and variant == 'tokens':
            tlimit = STATE.tpm or rl.get('tok_limit', DEFAULT_TOKEN_LIMIT)
            etype = 'tokens'
            msg = ('Rate limit reached for {model} in organization org-fake on tokens per min '
                   '(TPM): Limit %d, Used %d, Requested %d. Please try again in {wait}. Visit '
                   'https://platform.openai.com/account/rate-limits to learn more.'
                   % (tlimit, tlimit, ctx.get('prompt_tokens') or 0))
        msg = msg.replace('{model}', model).replace('{limit}', str(limit)).replace('{wait}', wait)
        return self.oa_error(status, action.get('type') or etype, action.get('param', param),
                             action.get('code', code), action.get('message') or msg)

    def retry_headers(self, status, variant, action):
        out = []
        quota = variant in ('quota', 'insufficient_quota', 'spend_limit')
        if 'retry_after' in action:
            ra = action['retry_after']
        elif status == 429 and not quota:
            reset = action.get('reset', 1)
            ra = math.ceil(float(reset)) if not isinstance(reset, str) else None
        else:
            ra = None
        if ra is not None:
            if isinstance(ra, float) and ra.is_integer():
                ra = int(ra)
            out.append(('retry-after', str(ra)))
        if action.get('retry_after_ms') is not None:
            ms = action['retry_after_ms']
            out.append(('retry-after-ms', str(int(ms) if float(ms).is_integer() else ms)))
        if 'x_should_retry' in action:
            out.append(('x-should-retry', 'true' if action['x_should_retry'] else 'false'))
        return out

    # ------------------------------------------------ success replies

    def reply_text(self, ctx, action):
        req = ctx['req']
        if isinstance(action.get('text'), str):
            return action['text']
        if ctx.get('reply_text') is not None:
            return ctx['reply_text']
        mode = action.get('reply') or STATE.args.reply
        if mode == 'echo':
            return ctx['last_user'] or ''
        if mode == 'echo-request':
            return json.dumps(req, sort_keys=True)
        schema = structured_schema(ctx['api'], req)
        if schema is not None:
            return json.dumps(schema_instance(schema, schema, '%s|%s' % (
                STATE.args.seed, sha256_hex(ctx['last_user'] or ''))))
        return default_text(STATE.args.seed, req, ctx['last_user'] or '')

    def success(self, ctx, action):
        api, req = ctx['api'], ctx['req']
        seed = STATE.args.seed
        text = self.reply_text(ctx, action)
        refusal = action.get('refusal')
        if ctx['responses']:
            limit = req.get('max_output_tokens')
        elif api == 'openai':
            limit = req.get('max_completion_tokens') or req.get('max_tokens')
        else:
            limit = req.get('max_tokens')
        want_reasoning = action.get('reasoning')
        thinking_req = req.get('thinking') if api == 'anthropic' else None
        if (api == 'anthropic' and isinstance(thinking_req, dict)
                and thinking_req.get('type') in ('enabled', 'adaptive') and want_reasoning is None):
            want_reasoning = True
        rtokens = action.get('reasoning_tokens')
        if rtokens is None:
            rtokens = 0
            if want_reasoning or (api == 'openai' and REASONING_MODEL.match(ctx['model'] or '')):
                rtokens = 64
        rtext = action.get('reasoning_text') or (
            'The question asks about the rows in the text; I go through them one by one. '
            '(fake reasoning %s)' % det_hex(seed, 'think', sha256_hex(ctx['last_user'] or ''), 8))
        finish = action.get('finish', 'stop') if 'finish' in action else 'stop'
        text_tokens = tokens_of(refusal if refusal else text)
        if isinstance(limit, int) and limit > 0 and rtokens + text_tokens > limit and \
                'finish' not in action:
            finish = 'length'
            text = cut_to_tokens(text, max(0, limit - rtokens))
            text_tokens = tokens_of(text)
        if finish == 'length' and 'text' not in action and isinstance(limit, int) and limit > 0:
            text_tokens = max(0, limit - rtokens)
        completion = text_tokens + rtokens
        prompt = ctx.get('prompt_tokens', 0)
        with STATE.lock:
            STATE.window(api, time.monotonic()).out.append((time.monotonic(), completion))
        model = action.get('model') or ctx['model']
        if ctx['responses']:
            body = self.responses_success(ctx, action, text, refusal, finish, want_reasoning,
                                          rtext, rtokens, prompt, completion, model)
        elif api == 'openai':
            body = self.openai_success(ctx, action, text, refusal, finish, want_reasoning,
                                       rtext, rtokens, prompt, completion, model)
        else:
            body = self.anthropic_success(ctx, action, text, refusal, finish, want_reasoning,
                                          rtext, rtokens, prompt, completion, model)
        if req.get('stream') is True or STATE.args.stream:
            ctx['streamed'] = True
            reply = Reply(200, b'', 'text/event-stream')
            reply.events = stream_events(ctx, body)
            return reply
        return Reply(200, json.dumps(body, indent=2 if api == 'openai' else None))

    def openai_success(self, ctx, action, text, refusal, finish, reasoning, rtext, rtokens,
                       prompt, completion, model):
        seed = STATE.args.seed
        msg = collections.OrderedDict()
        msg['role'] = 'assistant'
        msg['content'] = None if refusal else text
        msg['refusal'] = refusal if refusal else None
        if reasoning:
            field = reasoning if isinstance(reasoning, str) else 'reasoning'
            if field in ('reasoning', 'both'):
                msg['reasoning'] = rtext
            if field in ('reasoning_content', 'both'):
                msg['reasoning_content'] = rtext
        msg['annotations'] = []
        if finish == 'length':
            fr = 'length'
        elif refusal and 'finish' not in action:
            fr = 'stop'
        else:
            fr = finish
        body = collections.OrderedDict()
        body['id'] = 'chatcmpl-' + det_id(seed, 'chatcmpl', ctx['seq'], 29)
        body['object'] = 'chat.completion'
        body['created'] = int(time.time())
        body['model'] = model
        body['choices'] = [{'index': 0, 'message': msg, 'logprobs': None, 'finish_reason': fr}]
        usage = action.get('usage', True)
        if usage is not False and usage is not None:
            if isinstance(usage, dict):
                body['usage'] = usage
            else:
                z = usage == 'zeros'
                body['usage'] = {
                    'prompt_tokens': 0 if z else prompt,
                    'completion_tokens': 0 if z else completion,
                    'total_tokens': 0 if z else prompt + completion,
                    'prompt_tokens_details': {'cached_tokens': 0 if z else min(
                        prompt, ctx.get('cached_tokens', 0)), 'audio_tokens': 0},
                    'completion_tokens_details': {'reasoning_tokens': 0 if z else rtokens,
                                                  'audio_tokens': 0,
                                                  'accepted_prediction_tokens': 0,
                                                  'rejected_prediction_tokens': 0}}
        body['service_tier'] = 'default'
        body['system_fingerprint'] = action.get('system_fingerprint',
                                                'fp_' + det_hex(seed, 'fp', 0, 10))
        if 'usage' in body and 'cached_tokens' in action:
            body['usage']['prompt_tokens_details']['cached_tokens'] = action['cached_tokens']
        STATE.prefix_store(request_prompt_text(ctx['req']))
        return body

    def anthropic_success(self, ctx, action, text, refusal, finish, reasoning, rtext, rtokens,
                          prompt, completion, model):
        seed = STATE.args.seed
        req = ctx['req']
        content = []
        if reasoning:
            sig = base64.b64encode(hashlib.sha256(
                ('%s|sig|%s' % (seed, ctx['sha'])).encode()).digest() * 3).decode()
            content.append({'type': 'thinking', 'thinking': rtext, 'signature': sig})
        if action.get('redacted_thinking'):
            data = base64.b64encode(hashlib.sha512(
                ('%s|redacted|%s' % (seed, ctx['sha'])).encode()).digest() * 2).decode()
            content.append({'type': 'redacted_thinking', 'data': data})
        stop = {'stop': 'end_turn', 'length': 'max_tokens'}.get(finish, finish)
        tool = forced_tool(req)
        if refusal:
            if refusal is not True:
                content.append({'type': 'text', 'text': refusal})
            if 'finish' not in action:
                stop = 'refusal'
        elif tool is not None and stop == 'end_turn' and (
                ('text' not in action and ctx.get('reply_text') is None)
                or json_object(text) is not None):
            name, schema = tool
            given = json_object(text) if ('text' in action or ctx.get('reply_text')
                                          is not None) else None
            content.append({'type': 'tool_use',
                            'id': 'toolu_01' + det_id(seed, 'tool', ctx['seq'], 22),
                            'name': name,
                            'input': given if given is not None else schema_instance(
                                schema, schema, '%s|%s' % (
                                    seed, sha256_hex(ctx['last_user'] or '')))})
            stop = 'tool_use'
        else:
            content.append({'type': 'text', 'text': text})
        body = collections.OrderedDict()
        body['id'] = 'msg_01' + det_id(seed, 'msg', ctx['seq'], 22)
        body['type'] = 'message'
        body['role'] = 'assistant'
        body['model'] = model
        body['content'] = content
        body['stop_reason'] = stop
        body['stop_sequence'] = None
        usage = action.get('usage', True)
        if usage is not False and usage is not None:
            if isinstance(usage, dict):
                body['usage'] = usage
            else:
                z = usage == 'zeros'
                read, write, prefix = ctx.get('cache') or (0, 0, None)
                read = int(action.get('cached_tokens') or read)
                write = int(action.get('cache_write_tokens') or write)
                if prefix is not None:
                    STATE.anthropic_cache_store(prefix)
                body['usage'] = {'input_tokens': 0 if z else max(0, prompt - read - write),
                                 'cache_creation_input_tokens': write,
                                 'cache_read_input_tokens': read,
                                 'output_tokens': 0 if z else completion,
                                 'service_tier': 'standard'}
                if action.get('thinking_tokens') is not None:
                    body['usage']['output_tokens_details'] = {
                        'thinking_tokens': action['thinking_tokens']}
        if action.get('stop_details') is not None:
            body['stop_details'] = action['stop_details']
        return body

    def responses_success(self, ctx, action, text, refusal, finish, reasoning, rtext, rtokens,
                          prompt, completion, model):
        seed = STATE.args.seed
        req = ctx['req']
        output = []
        if reasoning:
            output.append({'id': 'rs_' + det_hex(seed, 'rs', ctx['seq'], 32), 'type': 'reasoning',
                           'summary': [{'type': 'summary_text', 'text': rtext}]})
        part = ({'type': 'refusal', 'refusal': refusal} if refusal else
                {'type': 'output_text', 'text': text, 'annotations': [], 'logprobs': []})
        output.append({'id': 'msg_' + det_hex(seed, 'rmsg', ctx['seq'], 32), 'type': 'message',
                       'status': 'completed', 'role': 'assistant', 'content': [part]})
        status, details = 'completed', None
        if finish == 'length':
            status, details = 'incomplete', {'reason': 'max_output_tokens'}
        elif finish == 'content_filter':
            status, details = 'incomplete', {'reason': 'content_filter'}
        body = collections.OrderedDict()
        body['id'] = 'resp_' + det_hex(seed, 'resp', ctx['seq'], 48)
        body['object'] = 'response'
        body['created_at'] = int(time.time())
        body['status'] = status
        body['error'] = None
        body['incomplete_details'] = details
        body['instructions'] = req.get('instructions')
        body['max_output_tokens'] = req.get('max_output_tokens')
        body['model'] = model
        body['output'] = output
        body['parallel_tool_calls'] = True
        body['reasoning'] = {'effort': (req.get('reasoning') or {}).get('effort'), 'summary': None}
        body['store'] = req.get('store', True)
        body['temperature'] = req.get('temperature', 1.0)
        body['text'] = req.get('text') or {'format': {'type': 'text'}}
        usage = action.get('usage', True)
        if usage is not False and usage is not None:
            if isinstance(usage, dict):
                body['usage'] = usage
            else:
                z = usage == 'zeros'
                body['usage'] = {
                    'input_tokens': 0 if z else prompt,
                    'input_tokens_details': {'cached_tokens': int(action.get('cached_tokens')
                                                                  or 0)},
                    'output_tokens': 0 if z else completion,
                    'output_tokens_details': {'reasoning_tokens': 0 if z else rtokens},
                    'total_tokens': 0 if z else prompt + completion}
        return body


# ---------------------------------------------------------------- request helpers

def last_user_text(req):
    if isinstance(req, dict) and 'input' in req and 'messages' not in req:
        inp = req.get('input')
        if isinstance(inp, str):
            return inp
        req = {'messages': inp}
    msgs = req.get('messages') if isinstance(req, dict) else None
    if not isinstance(msgs, list):
        return ''
    for m in reversed(msgs):
        if isinstance(m, dict) and m.get('role') == 'user':
            return content_text(m.get('content'))
    return ''


def request_prompt_text(req):
    """The messages' text in order, as a prefix cache sees it."""
    return '\n'.join(content_text(m.get('content')) for m in req.get('messages') or []
                     if isinstance(m, dict))


def prompt_tokens(api, req):
    n = 3
    if api == 'responses':
        inp = req.get('input')
        msgs = [{'content': inp}] if isinstance(inp, str) else (inp or [])
        return n + sum(4 + tokens_of(content_text(m.get('content'))) for m in msgs
                       if isinstance(m, dict)) + tokens_of(content_text(req.get('instructions')))
    for m in req.get('messages') or []:
        if isinstance(m, dict):
            n += 4 + tokens_of(content_text(m.get('content')))
    if api == 'anthropic':
        n += tokens_of(content_text(req.get('system')))
    return n


def structured_schema(api, req):
    """The JSON schema the reply text must follow, if the request asks for one."""
    if api == 'openai':
        tf = req.get('text')
        if isinstance(tf, dict) and isinstance(tf.get('format'), dict):
            f = tf['format']
            if f.get('type') == 'json_schema':
                return f.get('schema') if isinstance(f.get('schema'), dict) else {}
        rf = req.get('response_format')
        if isinstance(rf, dict):
            if rf.get('type') == 'json_schema' and isinstance(rf.get('json_schema'), dict):
                s = rf['json_schema'].get('schema')
                return s if isinstance(s, dict) else {}
            if rf.get('type') == 'json_object':
                return {'type': 'object', 'properties': {'answer': {'type': 'string'}}}
        return None
    for holder in (req, req.get('output_config') if isinstance(req.get('output_config'),
                                                               dict) else {}):
        of = holder.get('output_format') or holder.get('format')
        if isinstance(of, dict) and of.get('type') == 'json_schema':
            s = of.get('schema')
            return s if isinstance(s, dict) else {}
    return None


def strict_schema_problem(schema, where):
    """What OpenAI's strict mode refuses in a schema, or None."""
    if not isinstance(schema, dict):
        return None
    ctx = 'In context=%r, ' % (where,)
    t = schema.get('type')
    if t == 'object' or (isinstance(t, list) and 'object' in t) or 'properties' in schema:
        props = schema.get('properties') or {}
        if schema.get('additionalProperties') is not False:
            return ctx + "'additionalProperties' is required to be supplied and to be false."
        req = schema.get('required')
        missing = [k for k in props if not isinstance(req, list) or k not in req]
        if missing:
            return ctx + ("'required' is required to be supplied and to be an array including "
                          "every key in properties. Missing '%s'." % missing[0])
        for k, v in props.items():
            p = strict_schema_problem(v, where + ('properties', k))
            if p:
                return p
    if isinstance(schema.get('items'), dict):
        return strict_schema_problem(schema['items'], where + ('items',))
    return None


def bad_property_key(schema, depth=0):
    """A property name Anthropic refuses in a tool's input_schema, or None."""
    if not isinstance(schema, dict) or depth > 12:
        return None
    for k, v in (schema.get('properties') or {}).items():
        if not re.fullmatch(r'[a-zA-Z0-9_.-]{1,64}', k):
            return k
        bad = bad_property_key(v, depth + 1)
        if bad is not None:
            return bad
    return bad_property_key(schema.get('items'), depth + 1)


def json_object(text):
    """text as a JSON object, or None."""
    try:
        v = json.loads(text)
    except (TypeError, ValueError):
        return None
    return v if isinstance(v, dict) else None


def forced_tool(req):
    tc = req.get('tool_choice')
    if not isinstance(tc, dict) or tc.get('type') != 'tool':
        return None
    for t in req.get('tools') or []:
        if isinstance(t, dict) and t.get('name') == tc.get('name'):
            return tc.get('name'), t.get('input_schema') or {}
    return tc.get('name'), {}


def default_text(seed, req, last_user):
    h = sha256_hex('%s|answer|%s' % (seed, last_user))
    return ('Reasoning: I read the %d characters of the question and the text before it, '
            'and collected the rows it asks about.\nAnswer: fake-%s'
            % (len(last_user), h[:8]))


# ---------------------------------------------------------------- streams

def pieces(text, n=3):
    """text in n pieces (at least one), cut at code points."""
    if not text:
        return []
    step = max(1, -(-len(text) // n))
    return [text[i:i + step] for i in range(0, len(text), step)]


def stream_events(ctx, body):
    """The events that stream the reply `body` in ctx's API."""
    if ctx.get('responses'):
        return responses_events(body)
    if ctx['api'] == 'openai':
        so = ctx['req'].get('stream_options')
        return chat_events(body, isinstance(so, dict) and so.get('include_usage') is True)
    return anthropic_events(body)


def chat_events(body, include_usage):
    head = {k: body[k] for k in ('id', 'object', 'created', 'model', 'system_fingerprint')
            if k in body}
    head['object'] = 'chat.completion.chunk'
    choice = body['choices'][0]
    msg = choice['message']
    out = []

    def chunk(delta, finish=None):
        c = dict(head)
        c['choices'] = [{'index': 0, 'delta': delta, 'logprobs': None, 'finish_reason': finish}]
        out.append((None, json.dumps(c)))
    chunk({'role': 'assistant', 'content': ''})
    for field in ('reasoning', 'reasoning_content'):
        for p in pieces(msg.get(field)):
            chunk({field: p})
    for p in pieces(msg.get('refusal')):
        chunk({'refusal': p})
    for p in pieces(msg.get('content')):
        chunk({'content': p})
    chunk({}, choice['finish_reason'])
    if include_usage and body.get('usage') is not None:
        c = dict(head)
        c['choices'] = []
        c['usage'] = body['usage']
        out.append((None, json.dumps(c)))
    out.append((None, '[DONE]'))
    return out


def anthropic_events(body):
    out = []

    def ev(name, obj):
        obj = dict({'type': name}, **obj)
        out.append((name, json.dumps(obj)))
    usage = dict(body.get('usage') or {})
    start = {k: v for k, v in body.items() if k not in ('content', 'stop_details')}
    start['content'] = []
    start['stop_reason'] = None
    start['usage'] = dict(usage, output_tokens=1) if usage else {'input_tokens': 0,
                                                                 'output_tokens': 1}
    ev('message_start', {'message': start})
    ev('ping', {})
    for i, block in enumerate(body['content']):
        t = block['type']
        if t == 'text':
            ev('content_block_start', {'index': i, 'content_block': {'type': 'text', 'text': ''}})
            for p in pieces(block['text']):
                ev('content_block_delta', {'index': i, 'delta': {'type': 'text_delta', 'text': p}})
        elif t == 'thinking':
            ev('content_block_start', {'index': i, 'content_block': {
                'type': 'thinking', 'thinking': '', 'signature': ''}})
            for p in pieces(block['thinking']):
                ev('content_block_delta', {'index': i, 'delta': {'type': 'thinking_delta',
                                                                 'thinking': p}})
            ev('content_block_delta', {'index': i, 'delta': {'type': 'signature_delta',
                                                             'signature': block['signature']}})
        elif t == 'tool_use':
            ev('content_block_start', {'index': i, 'content_block': dict(block, input={})})
            for p in pieces(json.dumps(block['input'])):
                ev('content_block_delta', {'index': i, 'delta': {'type': 'input_json_delta',
                                                                 'partial_json': p}})
        else:   # redacted_thinking comes whole
            ev('content_block_start', {'index': i, 'content_block': block})
        ev('content_block_stop', {'index': i})
        if i == 0:
            ev('ping', {})
    delta = {'stop_reason': body['stop_reason'], 'stop_sequence': body.get('stop_sequence')}
    if body.get('stop_details') is not None:
        delta['stop_details'] = body['stop_details']
    ev('message_delta', {'delta': delta,
                         'usage': {'output_tokens': usage.get('output_tokens', 0)}})
    ev('message_stop', {})
    return out


def responses_events(body):
    out = []
    seq = [0]

    def ev(name, obj):
        obj = dict({'type': name, 'sequence_number': seq[0]}, **obj)
        seq[0] += 1
        out.append((name, json.dumps(obj)))
    shell = dict(body, status='in_progress', output=[], usage=None, incomplete_details=None)
    ev('response.created', {'response': shell})
    ev('response.in_progress', {'response': shell})
    for i, item in enumerate(body['output']):
        ev('response.output_item.added', {'output_index': i, 'item': dict(
            item, summary=[]) if item['type'] == 'reasoning' else dict(item, content=[],
                                                                       status='in_progress')})
        if item['type'] == 'reasoning':
            for j, s in enumerate(item['summary']):
                for p in pieces(s['text']):
                    ev('response.reasoning_summary_text.delta', {
                        'item_id': item['id'], 'output_index': i, 'summary_index': j,
                        'delta': p})
        else:
            for j, part in enumerate(item['content']):
                ev('response.content_part.added', {'item_id': item['id'], 'output_index': i,
                                                   'content_index': j, 'part': dict(
                                                       part, **({'text': ''} if 'text' in part
                                                                else {'refusal': ''}))})
                kind = 'output_text' if part['type'] == 'output_text' else 'refusal'
                for p in pieces(part.get('text') or part.get('refusal')):
                    ev('response.%s.delta' % kind, {'item_id': item['id'], 'output_index': i,
                                                    'content_index': j, 'delta': p})
                ev('response.content_part.done', {'item_id': item['id'], 'output_index': i,
                                                  'content_index': j, 'part': part})
        ev('response.output_item.done', {'output_index': i, 'item': item})
    ev('response.incomplete' if body['status'] == 'incomplete' else 'response.completed',
       {'response': body})
    return out


def stream_error_event(ctx):
    """An error that arrives after the 200, in ctx's API."""
    if ctx.get('responses'):
        return ('error', json.dumps({'type': 'error', 'code': 'server_error',
                                     'message': 'The server had an error while processing '
                                                'your request. Sorry about that!',
                                     'param': None, 'sequence_number': 999}))
    if ctx['api'] == 'openai':
        return (None, json.dumps({'error': {'message': 'The server had an error while '
                                                       'processing your request.',
                                            'type': 'server_error', 'param': None,
                                            'code': None}}))
    return ('error', json.dumps({'type': 'error', 'error': {'type': 'overloaded_error',
                                                           'message': 'Overloaded'}}))


# ---------------------------------------------------------------- main

def request_shutdown(server):
    if STATE.stop.is_set():
        return
    STATE.stop.set()
    threading.Thread(target=server.shutdown, daemon=True).start()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


def parse_args(argv):
    p = argparse.ArgumentParser(description='Deterministic fake OpenAI/Anthropic API server.')
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=0, help='0 picks a free port (printed as PORT n)')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--latency-ms', type=float, default=0, help='fixed latency for every reply')
    p.add_argument('--script', help='JSON list of per-request actions, used in order')
    p.add_argument('--replies', help='JSON map {sha256 of last user message | substring: '
                                     'reply text or action object}')
    p.add_argument('--reply', choices=['default', 'echo', 'echo-request'], default='default',
                   help='reply text when nothing else gives one')
    p.add_argument('--default-action', default=None,
                   help='JSON action applied to every request outside the script')
    p.add_argument('--fail-rate', type=float, default=0.0,
                   help='probability (seeded, per body and attempt) of an error reply')
    p.add_argument('--fail-statuses', default='500,503',
                   help='comma list of statuses --fail-rate picks from (default 500,503)')
    p.add_argument('--rpm', type=int, default=0, help='enforced requests per window (429)')
    p.add_argument('--tpm', type=int, default=0,
                   help='enforced tokens per window (prompt + max tokens; Anthropic: input)')
    p.add_argument('--rate-window-s', type=float, default=60.0,
                   help='length of the --rpm/--tpm window in seconds (default 60)')
    p.add_argument('--context-limit', type=int, default=0,
                   help='prompts over this many (estimated) tokens get the context error')
    p.add_argument('--models', default=None, help='comma list of known models (others: 404)')
    p.add_argument('--api-key', default=None, help='if given, other keys get 401')
    p.add_argument('--max-body-mb', type=float, default=32,
                   help='larger request bodies get 413 (default 32, as Anthropic)')
    p.add_argument('--no-ratelimit-headers', action='store_true',
                   help='send no rate-limit headers (like vLLM, llama.cpp, Ollama)')
    p.add_argument('--hang-max-ms', type=float, default=30000,
                   help='upper bound of a hung response (default 30000)')
    p.add_argument('--max-seconds', type=float, default=300,
                   help='the server exits by itself after this many seconds (default 300)')
    p.add_argument('--exit-with-parent', action='store_true',
                   help='exit when the parent process goes away')
    p.add_argument('--log', help='append one JSON line per API request to this file')
    p.add_argument('--stream', action='store_true',
                   help='answer every successful request as an event stream')
    p.add_argument('--prefix-cache-s', type=float, default=0,
                   help='simulate OpenAI prompt caching: prompts sharing a prefix with one seen '
                        'in the last N seconds report it as cached_tokens')
    p.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'),
                   help='serve HTTPS with this PEM certificate (chain) and key')
    p.add_argument('--require-schema', action='store_true',
                   help='refuse (400) a request that asks for no structured output')
    args = p.parse_args(argv)
    args.fail_statuses = [int(x) for x in args.fail_statuses.split(',') if x.strip()]
    args.models = [m.strip() for m in args.models.split(',') if m.strip()] if args.models else None
    if not 0.0 <= args.fail_rate <= 1.0:
        p.error('--fail-rate must be between 0 and 1')
    if args.max_seconds <= 0:
        p.error('--max-seconds must be positive')
    return args


def main(argv=None):
    global STATE
    args = parse_args(sys.argv[1:] if argv is None else argv)
    STATE = State(args)
    try:
        if args.script:
            with open(args.script, encoding='utf-8') as f:
                STATE.load_script(json.load(f))
        if args.replies:
            with open(args.replies, encoding='utf-8') as f:
                STATE.load_replies(json.load(f))
        if args.default_action:
            da = json.loads(args.default_action)
            if not isinstance(da, dict):
                raise ValueError('--default-action must be a JSON object')
            STATE.default_action = da
    except (OSError, ValueError) as e:
        sys.stderr.write('fake_server: %s\n' % e)
        return 2
    server = Server((args.host, args.port), Handler)
    if args.tls:
        import ssl
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls[0], args.tls[1])
        # the handshake runs in the handler's thread, so a client that refuses the
        # certificate cannot stall the accept loop
        server.socket = tls.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    sys.stdout.write('PORT %d\n' % server.server_address[1])
    sys.stdout.flush()

    def on_signal(signum, frame):
        request_shutdown(server)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    deadline = threading.Timer(args.max_seconds, request_shutdown, args=(server,))
    deadline.daemon = True
    deadline.start()
    if args.exit_with_parent:
        parent = os.getppid()

        def watch():
            while not STATE.stop.wait(0.5):
                if os.getppid() != parent:
                    request_shutdown(server)
                    return
        threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        STATE.stop.set()
        deadline.cancel()
        server.server_close()
        if STATE.log:
            with STATE.log_lock:
                STATE.log.close()
                STATE.log = None
    return 0


if __name__ == '__main__':
    sys.exit(main())
