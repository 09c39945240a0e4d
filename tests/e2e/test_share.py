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
import re
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


def run_ratio(tmp, suite, port, concurrency, tag, api='openai-chat', **extra):
    ep = os.path.join(tmp, 'ep-%s.json' % tag)
    base = 'http://127.0.0.1:%d' % port + ('/v1' if api == 'openai-chat' else '')
    spec = {'api': api, 'base_url': base, 'model': 'fake-model', 'api_key_env': KEY_ENV,
            'params': {'max_tokens': 64}, 'concurrency': concurrency, 'timeout_s': 30,
            'max_retries': 2}
    spec.update(extra)
    with open(ep, 'w') as f:
        json.dump(spec, f)
    db = os.path.join(tmp, 'run-%s.sqlite' % tag)
    r = H.run(BIN, ['run', suite, '--endpoint', ep, '--run', db, '--no-cache', '-q'],
              timeout=240, env={KEY_ENV: 'fake-share-key'})
    check(r.rc == 0, 'run %s' % tag, r.describe())
    con = sqlite3.connect(db)
    done, cached, inp, write = con.execute(
        "SELECT count(*), sum(cached_tokens), sum(input_tokens), sum(cache_write_tokens) "
        "FROM instances WHERE status = 'done'").fetchone()
    con.close()
    check(done > 0, 'run %s answered' % tag)
    if api != 'openai-chat':
        return (cached or 0) / max(inp or 1, 1), (write or 0) / max(inp or 1, 1)
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


def test_anthropic(tmp, grouped_path):
    """Anthropic: the shared prefix goes as its own block with a cache_control breakpoint; the
    fake server writes it on the group's first request and reads it on the others."""
    ratios = {}
    prices = {'price_in': 3, 'price_out': 15, 'price_cached_in': 0.3, 'price_cache_write': 3.75}
    for tag, conc, extra in (('an-serial', 1, {}), ('an-scheduled', 16, prices),
                             ('an-off', 16, {'prompt_cache': False})):
        srv = H.FakeServer(tmp, '--prefix-cache-s', '600', '--latency-ms', '100', tag=tag)
        try:
            ratios[tag] = run_ratio(tmp, grouped_path, srv.port, conc, tag,
                                    api='anthropic-messages', **extra)
        finally:
            srv.stop()
    print('anthropic (read, write) ratios: ' + ', '.join(
        '%s %.3f/%.3f' % (k, v[0], v[1]) for k, v in sorted(ratios.items())))
    check(ratios['an-serial'][0] > 0.3 and ratios['an-serial'][1] > 0,
          'anthropic: request by request, the cache is written once and read after', ratios)
    check(ratios['an-scheduled'][0] >= 0.75 * ratios['an-serial'][0],
          'anthropic scheduled: at least 75% of the ideal cache reads', ratios)
    check(ratios['an-off'] == (0, 0), 'anthropic with "prompt_cache": false: no cache block',
          ratios)
    db = os.path.join(tmp, 'run-an-scheduled.sqlite')
    r = H.run(BIN, ['score', db, '-q'], timeout=120)
    check(r.rc == 0, 'score the cached run', r.describe())
    r = H.run(BIN, ['report', db, '--format', 'json'], timeout=120)
    found = {}

    def walk(v):
        if isinstance(v, dict):
            for k in ('cache_hit_ratio', 'saved_by_caching_usd'):
                if k in v:
                    found[k] = v[k]
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    if check(r.rc == 0, 'report --format json on the cached run', r.describe()):
        walk(json.loads(r.out))
    check(abs(found.get('cache_hit_ratio', -1) - ratios['an-scheduled'][0]) < 1e-3 and
          (found.get('saved_by_caching_usd') or 0) > 0,
          'the report gives the cache hit ratio and the money saved', found)


def test_request_shape(tmp, grouped_path):
    """The dry run shows the request as sent: prompt_cache_key = context_id on OpenAI."""
    first = json.loads(open(grouped_path).readline())
    ep = os.path.join(tmp, 'ep-shape.json')
    with open(ep, 'w') as f:
        json.dump({'api': 'openai-chat', 'base_url': 'http://127.0.0.1:9/v1',
                   'model': 'fake-model', 'api_key_env': KEY_ENV,
                   'params': {'max_tokens': 64}}, f)
    r = H.run(BIN, ['run', grouped_path, '--endpoint', ep, '--run',
                    os.path.join(tmp, 'shape.sqlite'), '--dry-run', '--no-cache'],
              env={KEY_ENV: 'fake-share-key'})
    check(r.rc == 0 and '"prompt_cache_key":"%s"' % first['context_id'] in r.out,
          'openai: prompt_cache_key is the context_id', r.describe(), r.out[:600])


def oracle_scores(tmp, suite, db):
    """The run's replies replaced by each instance's gold rows, then scored: {id: score}."""
    gold = {i['id']: i['gold'] for i in map(json.loads, open(suite))}
    con = sqlite3.connect(db)
    for (iid,) in con.execute("SELECT id FROM instances WHERE status = 'done'").fetchall():
        rows = gold[iid]['rows']
        text = 'Answer:\n' + ('\n'.join(
            ' | '.join('unknown' if v is None else str(v) for v in row) for row in rows)
            if rows else 'There are none.')
        con.execute('UPDATE instances SET reply = ? WHERE id = ?', (text, iid))
    con.commit()
    con.close()
    r = H.run(BIN, ['score', db, '-q'], timeout=120)
    check(r.rc == 0, 'score ' + db, r.describe())
    con = sqlite3.connect(db)
    got = dict(con.execute("SELECT id, score FROM scores").fetchall())
    con.close()
    return got


def test_oracle(tmp, plain_path):
    """Sharing changes which rows an instance holds, never whether its gold is right: given
    the gold as replies, the shared run scores as the unshared one (every instance exact)."""
    srv = H.FakeServer(tmp, '--latency-ms', '10', tag='oracle')
    try:
        run_ratio(tmp, plain_path, srv.port, 16, 'plain')
    finally:
        srv.stop()
    shared = oracle_scores(tmp, os.path.join(tmp, 'grouped.jsonl'),
                           os.path.join(tmp, 'run-scheduled.sqlite'))
    plain = oracle_scores(tmp, plain_path, os.path.join(tmp, 'run-plain.sqlite'))
    check(shared and plain and set(shared.values()) == {1.0} and set(plain.values()) == {1.0}
          and len(shared) == len(plain), 'oracle replies score 1 on the shared and the unshared '
          'suite alike', sorted(set(shared.values())), sorted(set(plain.values())))


def estimate(text):
    """holobench's token estimate of a text: the reference's per line, over its lines."""
    n, parts = 0, text.split('\n')
    for i, line in enumerate(parts):
        if i == len(parts) - 1 and not line:
            break
        n += H.line_cost(line)
    return n


def test_dry_run_cache(tmp, grouped_path):
    """The dry run prices a shared suite with and without prompt caching: each context's
    first request writes its prefix (template up to the context, and the context), the others
    read it."""
    template = open(os.path.join(SRC, 'harness', 'prompts', 'answer.txt')).read()
    head = template[:template.index('{context}')]
    insts = [json.loads(l) for l in open(grouped_path)]
    groups = collections.defaultdict(list)
    for i in insts:
        groups[i['context_id']].append(estimate(head + i['context']))
    want_read = sum(sum(v[1:]) for v in groups.values())
    want_write = sum(v[0] for v in groups.values())
    ep = os.path.join(tmp, 'ep-price.json')
    with open(ep, 'w') as f:
        json.dump({'api': 'anthropic-messages', 'base_url': 'http://127.0.0.1:9',
                   'model': 'fake-model', 'api_key_env': KEY_ENV, 'params': {'max_tokens': 64},
                   'price_in': 3, 'price_out': 15, 'price_cached_in': 0.3,
                   'price_cache_write': 3.75}, f)
    r = H.run(BIN, ['run', grouped_path, '--endpoint', ep, '--run',
                    os.path.join(tmp, 'price.sqlite'), '--dry-run', '--no-cache'],
              env={KEY_ENV: 'fake-share-key'})
    m = re.search(r'prompt cache: +(\d+) of the input tokens read from the cache and (\d+) '
                  r'written \((\d+) shared contexts', r.out)
    check(r.rc == 0 and m, 'the dry run gives the prompt cache estimate', r.describe(), r.out[-800:])
    if not m:
        return
    check((int(m.group(1)), int(m.group(2)), int(m.group(3))) ==
          (want_read, want_write, len(groups)),
          'cache reads, writes and contexts as the suite says', m.groups(),
          (want_read, want_write, len(groups)))
    low = [float(x) for x in re.findall(r'cost with(?:out)? caching: +low \(input only\) '
                                        r'\$([0-9.]+)', r.out)]
    check(len(low) == 2 and low[0] <= 0.4 * low[1],
          'with caching the input costs at most 40% of the price without', low)


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
        test_anthropic(tmp, os.path.join(tmp, 'grouped.jsonl'))
        test_request_shape(tmp, os.path.join(tmp, 'grouped.jsonl'))
        test_dry_run_cache(tmp, os.path.join(tmp, 'grouped.jsonl'))
        test_oracle(tmp, os.path.join(tmp, 'plain.jsonl'))
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


main()
