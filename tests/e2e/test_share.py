"""Shared contexts (issue 17, item 1): `generate --share-contexts`.

Usage: test_share.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)

  same      instances at one schema, seed, length, setting and position whose queries read
            the same set of tables have the same context and the same context_id; other
            table sets, lengths or positions have other contexts and other ids
  gold      each instance's gold is still its own query over its placed rows (python's
            sqlite3 over the provenance) and `gold --check` finds nothing to change
  budgets   budgets hold as without sharing; nothing but the rows, context and context_id
            differs from an unshared instance
  summary   the summary gives the distinct contexts and the sharing factor, which matches
            the suite
  default   without the flag there is no context_id and the bytes are the unshared suite's
  schedule  `run` over a shared suite whose group members are adjacent, against the fake
            server's simulated prefix cache (--prefix-cache-s): with 16 requests in flight the
            cache hit ratio (cached / input tokens) reaches at least 75% of the one run
            request by request reaches (each group's leader answers before its members go);
            the same suite without context_id, sent 16 at a time, stays far below (the test
            can tell)
"""

import collections
import json
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
ROOT = os.path.join(SRC, 'tests', 'data', 'root')
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:1500] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def gen(out, *extra):
    r = H.run(BIN, ['generate', '--root', ROOT, '--lengths', '4k,8k', '--amount', '1k',
                    '--density', '0.5', '--positions', 'uniform,middle', '--seeds', '2',
                    '-o', out] + list(extra), timeout=240)
    check(r.rc == 0, 'generate %s' % ' '.join(extra), r.describe())
    return r, [json.loads(l) for l in open(out, encoding='utf-8')]


def point(i):
    return (i['seed'], i['target_tokens'], i.get('info_tokens'), i.get('density'),
            i['position'])


KEY_ENV = 'HB_E2E_SHARE_KEY'


def run_ratio(tmp, suite, port, concurrency, tag):
    ep = os.path.join(tmp, 'ep-%s.json' % tag)
    with open(ep, 'w') as f:
        json.dump({'api': 'openai-chat', 'base_url': 'http://127.0.0.1:%d/v1' % port,
                   'model': 'fake-model', 'api_key_env': KEY_ENV,
                   'params': {'temperature': 0, 'max_tokens': 64},
                   'concurrency': concurrency, 'timeout_s': 30, 'max_retries': 2}, f)
    db = os.path.join(tmp, 'run-%s.sqlite' % tag)
    r = H.run(BIN, ['run', suite, '--endpoint', ep, '--run', db, '--no-cache', '-q'],
              timeout=240, env={KEY_ENV: 'fake-share-key'})
    check(r.rc == 0, 'run %s' % tag, r.describe())
    con = sqlite3.connect(db)
    done, cached, inp = con.execute("SELECT count(*), sum(cached_tokens), sum(input_tokens) "
                                    "FROM instances WHERE status = 'done'").fetchone()
    con.close()
    check(done > 0, 'run %s answered' % tag)
    return (cached or 0) / max(inp or 1, 1)


def test_schedule(tmp, shared):
    # group members adjacent: sent in suite order 16 at a time, they would all go together
    lines = sorted(shared, key=lambda i: (i['context_id'], i['id']))
    grouped = os.path.join(tmp, 'grouped.jsonl')
    bare = os.path.join(tmp, 'bare.jsonl')
    with open(grouped, 'w') as g, open(bare, 'w') as b:
        for i in lines:
            g.write(json.dumps(i) + '\n')
            b.write(json.dumps({k: v for k, v in i.items() if k != 'context_id'}) + '\n')
    ratios = {}
    for tag, suite, conc in (('serial', grouped, 1), ('scheduled', grouped, 16),
                             ('unscheduled', bare, 16)):
        srv = H.FakeServer(tmp, '--prefix-cache-s', '600', '--latency-ms', '100', tag=tag)
        try:
            ratios[tag] = run_ratio(tmp, suite, srv.port, conc, tag)
        finally:
            srv.stop()
    print('cache hit ratios: ' + ', '.join('%s %.3f' % kv for kv in sorted(ratios.items())))
    check(ratios['serial'] > 0.3, 'request by request, most of a shared context is cached',
          ratios)
    check(ratios['scheduled'] >= 0.75 * ratios['serial'],
          'scheduled 16 at a time: at least 75% of the ideal cache hit ratio', ratios)
    check(ratios['unscheduled'] < 0.5 * ratios['serial'],
          'without groups, 16 at a time misses the cache (the test can tell)', ratios)


def main():
    schema = H.Schema(os.path.join(ROOT, 'schemas', 'mini'))
    with tempfile.TemporaryDirectory(prefix='hb-share-') as tmp:
        r, shared = gen(os.path.join(tmp, 'shared.jsonl'), '--share-contexts')
        _, plain = gen(os.path.join(tmp, 'plain.jsonl'))
        _, again = gen(os.path.join(tmp, 'again.jsonl'))
        check(open(os.path.join(tmp, 'plain.jsonl'), 'rb').read() ==
              open(os.path.join(tmp, 'again.jsonl'), 'rb').read() and
              all('context_id' not in i for i in plain), 'without the flag: no context_id')
        groups = collections.defaultdict(set)
        ids = collections.defaultdict(set)
        for i in shared:
            key = point(i) + (tuple(i['tables']),)
            groups[key].add(i['context'])
            ids[key].add(i['context_id'])
        check(all(len(v) == 1 for v in groups.values()),
              'one context per grid point and table set')
        check(all(len(v) == 1 for v in ids.values()), 'one context_id per grid point and table set')
        by_id = collections.defaultdict(set)
        for i in shared:
            by_id[i['context_id']].add(i['context'])
        check(all(len(v) == 1 for v in by_id.values()), 'a context_id names one context')
        check(len(by_id) == len({i['context'] for i in shared}), 'distinct contexts, distinct ids')
        shared_groups = sum(1 for k, v in groups.items()
                            if sum(1 for i in shared if point(i) + (tuple(i['tables']),) == k) > 1)
        check(shared_groups > 0, 'some contexts are shared by several queries')
        factor = len(shared) / len(by_id)
        check('%d distinct contexts for %d instances (sharing factor %.2f)' % (
            len(by_id), len(shared), factor) in r.err, 'the summary gives the sharing factor',
            r.err)
        unshared = {i['id']: i for i in plain}
        for i in shared:
            bad = H.gold_mismatch(schema, i)
            check(not bad, '%s: gold over the placed rows' % i['id'], bad)
            check(i['context_tokens'] <= i['target_tokens'], '%s: within the target' % i['id'])
            u = dict(unshared[i['id']])
            s = dict(i)
            for k in ('rows', 'row_templates', 'context', 'context_id', 'gold',
                      'context_tokens', 'info_tokens_actual', 'shortfall'):
                u.pop(k, None)
                s.pop(k, None)
            check(u == s, '%s: only the context and what follows from it differ' % i['id'])
        g = H.run(BIN, ['gold', '--root', ROOT, '--check', os.path.join(tmp, 'shared.jsonl')],
                  timeout=240)
        check(g.rc == 0, 'gold --check on a shared suite', g.describe())
        test_schedule(tmp, shared)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


main()
