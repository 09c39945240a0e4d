#!/usr/bin/env python3
"""Hostile inputs of issue #19: any JSON spelling of a suite, a flood of bad CSV lines, the
empty cases that once passed NULL to memcpy/fwrite, and usage errors that once leaked.

In the sanitizer build (CI's build-san) every command run here also fails the test on a
sanitizer report in its stderr (helpers.run), so the NULL-with-length-0 calls and leaks this
file drives through stay fixed.

Usage: test_hostile.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
DATA_ROOT = os.path.join(SRC, 'tests', 'data', 'root')
SUITE = os.path.join(SRC, 'tests', 'data', 'quick-suite.jsonl')
failures = []


def check(cond, what, detail=''):
    if not cond:
        failures.append(what)
        print('FAIL: %s%s' % (what, ('\n  ' + str(detail)[:1500]) if detail else ''), flush=True)
    return cond


def hb(*args, expect=None, cwd=None):
    r = H.run(BIN, [str(a) for a in args], cwd=cwd, timeout=240)
    if expect is not None:
        check(r.rc == expect, 'exit %s, not %s' % (r.rc, expect), r.describe())
    return r


def without(text, *paths):
    """Output with the suite's and folders' paths taken out, for comparing two runs."""
    for p in paths:
        text = text.replace(p, 'PATH')
    return text


# ---------------------------------------------------------------- 1. any JSON spelling


def objects_sorted(text):
    """show prints an object member (params, shortfall) in the line's key order, which is
    the spelling's: compare such lines as JSON values."""
    def norm(m):
        return m.group(1) + json.dumps(json.loads(m.group(2)), sort_keys=True)
    return re.sub(r'^([a-z_]+ +)(\{.*\})$', norm, text, flags=re.M)


def respell(src, dst, **dumps):
    with open(src, encoding='utf-8') as f, open(dst, 'w', encoding='utf-8') as g:
        for line in f:
            g.write(json.dumps(json.loads(line), **dumps) + '\n')


def export_requests(d):
    """{custom_id: body} of an export folder."""
    with open(os.path.join(d, 'manifest.json'), encoding='utf-8') as f:
        m = json.load(f)
    out = {}
    for fe in m['files']:
        with open(os.path.join(d, fe['file']), encoding='utf-8') as f:
            for line in f:
                r = json.loads(line)
                out[r['custom_id']] = r['body']
    return m, out


def fake_results(manifest, suite, path):
    """An OpenAI batch output file answering every request with the gold's first cell."""
    by_id = {}
    with open(suite, encoding='utf-8') as f:
        for line in f:
            x = json.loads(line)
            by_id[x['id']] = x
    with open(path, 'w', encoding='utf-8') as f:
        for cid, iid in sorted(manifest['custom_ids'].items()):
            rows = by_id[iid]['gold']['rows']
            text = 'The answer is %s.' % (rows[0][0] if rows else 'none')
            body = {'id': 'chatcmpl-' + cid[3:], 'object': 'chat.completion',
                    'created': 1718000000, 'model': 'gpt-test',
                    'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': text},
                                 'finish_reason': 'stop'}],
                    'usage': {'prompt_tokens': 100, 'completion_tokens': 5, 'total_tokens': 105}}
            f.write(json.dumps({'id': 'batch_req_' + cid[3:], 'custom_id': cid,
                                'response': {'status_code': 200, 'request_id': 'r',
                                             'body': body}, 'error': None}) + '\n')


def pipeline(tmp, suite, tag, endpoint, ids):
    """Every reader of a suite over `suite`; what must not depend on its spelling."""
    out = {}
    for i in ids:
        out['show ' + i] = objects_sorted(hb('show', suite, i, '--all', expect=0).out)
    r = hb('gold', suite, '--root', DATA_ROOT, '--check', expect=0)
    out['gold --check'] = (r.rc, without(r.out + r.err, suite))
    r = hb('gold', suite, '--root', DATA_ROOT, '--json', expect=0)
    out['gold --json'] = [json.loads(x) for x in r.out.splitlines()]
    # --no-cache: the first pipeline's replies are in the shared cache, so later dry runs
    # would rightly count them as cached
    r = hb('run', suite, '--endpoint', endpoint, '--dry-run', '--no-cache', '--root', SRC,
           '--run', os.path.join(tmp, tag + '-dry.sqlite'), expect=0)
    out['run --dry-run'] = without(r.out, suite, tmp)
    d = os.path.join(tmp, tag + '-export')
    hb('export', suite, '--endpoint', endpoint, '-o', d, '--root', SRC, expect=0)
    m, reqs = export_requests(d)
    out['export'] = (m['custom_ids'], m['request_hashes'], reqs)
    fake_results(m, suite, os.path.join(d, 'output.jsonl'))
    run = os.path.join(tmp, tag + '-run.sqlite')
    hb('import', d, os.path.join(d, 'output.jsonl'), '--run', run, '--endpoint', endpoint,
       '--root', SRC, expect=0)
    hb('score', run, expect=0)
    con = sqlite3.connect(run)
    out['score'] = sorted(con.execute('SELECT id, status, score, labels FROM instances'))
    con.close()
    for i in ids:
        out['show run ' + i] = hb('show', run, i, expect=0).out
    r = hb('report', run, '--format', 'csv', expect=0)
    # times differ from run to run; everything else must not
    timed = re.compile(r',cost,(wall_s|latency_p\d+_ms),')
    out['report csv'] = without(''.join(x for x in r.out.splitlines(keepends=True)
                                        if not timed.search(x)), run, suite, tmp)
    html = os.path.join(tmp, tag + '-report.html')
    hb('report', run, '--format', 'html', '-o', html, expect=0)
    with open(html, encoding='utf-8') as f:
        page = without(f.read(), run, suite, tmp)
    out['report html questions'] = sorted(set(re.findall(r'<pre[^>]*>[^<]*</pre>', page)))
    return out


def test_spellings(tmp):
    endpoint = os.path.join(tmp, 'ep.json')
    with open(endpoint, 'w') as f:
        json.dump({'api': 'openai-chat', 'base_url': 'http://127.0.0.1:9/v1',
                   'model': 'gpt-test', 'params': {'temperature': 0, 'max_tokens': 64},
                   'api_key_env': 'HB_HOSTILE_KEY'}, f)
    os.environ['HB_HOSTILE_KEY'] = 'sk-fake'
    with open(SUITE, encoding='utf-8') as f:
        all_ids = [json.loads(line)['id'] for line in f]
    ids = [all_ids[0], all_ids[len(all_ids) // 2], all_ids[-1]]
    orig = os.path.join(tmp, 'orig.jsonl')
    shutil.copy(SUITE, orig)
    want = pipeline(tmp, orig, 'orig', endpoint, ids)
    check(len(want['score']) == len(all_ids) and
          all(s == 'done' for _, s, _, _ in want['score']), 'the original is read whole',
          want['score'][:3])
    spellings = {
        'spaced': dict(indent=None, separators=(', ', ': ')),
        'sorted': dict(indent=None, separators=(', ', ': '), sort_keys=True),
        'sorted-compact': dict(separators=(',', ':'), sort_keys=True, ensure_ascii=False),
    }
    for tag, dumps in spellings.items():
        path = os.path.join(tmp, tag + '.jsonl')
        respell(SUITE, path, **dumps)
        with open(path, 'rb') as f, open(SUITE, 'rb') as g:
            check(hashlib.sha256(f.read()).digest() != hashlib.sha256(g.read()).digest(),
                  '%s: the spelling differs from the original' % tag)
        got = pipeline(tmp, path, tag, endpoint, ids)
        for k in want:
            check(got[k] == want[k], '%s: %s reads the same as on the original' % (tag, k),
                  'got %r\nwant %r' % (str(got[k])[:600], str(want[k])[:600]))
    # an id with an escape, in holobench's own layout: the fast path must not be fooled
    line = open(SUITE, encoding='utf-8').readline()
    odd = json.loads(line)
    odd['id'] = 'q\u00e9/"x"'
    path = os.path.join(tmp, 'escaped.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(line.replace(json.dumps(json.loads(line)['id']), json.dumps(odd['id']), 1))
    r = hb('show', path, odd['id'], expect=0)
    check(odd['question'] in r.out, 'show finds an id written with escapes', r.out[:300])
    hb('show', path, json.loads(line)['id'], expect=1)


# ---------------------------------------------------------------- 2. the cap on problems


def test_cap(tmp):
    root = os.path.join(tmp, 'root')
    shutil.copytree(DATA_ROOT, root)
    csv = os.path.join(root, 'schemas', 'mini', 'data', 'grapes.csv')
    with open(csv, 'a', encoding='utf-8') as f:
        for i in range(3000):
            f.write('%d,bad line\n' % (10000 + i))
    rel = os.path.join('schemas', 'mini', 'data', 'grapes.csv')
    located = re.compile(r'^%s:[0-9]+: ' % re.escape(rel), re.M)
    for args, shown in (([], 50), (['--max-errors', '7'], 7), (['--max-errors', '0'], 3000)):
        r = hb('validate', '--root', '.', *args, expect=1, cwd=root)
        n = len(located.findall(r.err))
        check(n == shown, 'validate %s: %d located lines, not %d' % (args, n, shown))
        more = re.findall(r'^\u2026 and ([0-9]+) more in (.*)$', r.err, re.M)
        if shown < 3000:
            check(more == [(str(3000 - shown), rel)], 'validate %s: one summary line' % args,
                  more or r.err[-600:])
        else:
            check(more == [], 'validate --max-errors 0: no summary line', more)
        check(len(r.err) < 20000 or shown == 3000, 'validate %s: stderr is short' % args)
    # every command that loads the schema takes the cap
    r = hb('generate', '--root', '.', '--preset', 'quick', '-o', '-', expect=1, cwd=root)
    check(len(located.findall(r.err)) == 50 and '\u2026 and 2950 more in ' + rel in r.err,
          'generate caps the CSV errors', r.err[-400:])
    hb('validate', '--max-errors', 'many', expect=2, cwd=root)


# ---------------------------------------------------------------- 3. empty cases and usage errors


def test_empty_and_usage(tmp):
    # a context too small for the relevant rows: queries get no rows placed
    out = os.path.join(tmp, 'tiny.jsonl')
    r = hb('generate', '--root', DATA_ROOT, '--lengths', '100', '--amount', '1', '-q', '-o', out)
    check(r.rc in (0, 1), 'generate with no rows placed runs', r.describe())
    # an unchanged suite through gold writes an empty report
    r = hb('gold', SUITE, '--root', DATA_ROOT, '--check', expect=0)
    check(r.out == '', 'gold --check of an unchanged suite prints no report', r.out[:300])
    # usage errors after lists were filled leak nothing (LeakSanitizer in build-san)
    hb('generate', SUITE, '--amount', '1k', '--lengths', '4k', '--schemas', 'mini', expect=2)
    hb('generate', '--lengths', '4k,4k', '-o', '-', '--root', DATA_ROOT, expect=2)
    hb('export', SUITE, '--filter', 'schema=mini', expect=2)
    hb('export', SUITE, '--filter', 'schema=mini', '--endpoint', 'x', expect=2)
    hb('run', SUITE, '--filter', 'schema=mini', expect=2)
    hb('run', SUITE, '--filter', 'schema=mini', '--endpoint', 'x', '--limit', 'z', expect=2)
    hb('run', '--filter', 'schema=mini', expect=2)
    hb('show', SUITE, 'x', '--lines', '9:1', expect=2)


def main():
    with H.TempDir() as tmp:
        for name, fn in (('spellings', test_spellings), ('cap', test_cap),
                         ('empty and usage', test_empty_and_usage)):
            print('--', name, flush=True)
            sub = os.path.join(tmp, name.replace(' ', '-'))
            os.makedirs(sub)
            fn(sub)
    if failures:
        print('\n%d check(s) failed' % len(failures))
        return 1
    print('\nall checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
