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
"""

import collections
import json
import os
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
            want = H.placed_gold(schema, i)
            got = i['gold']['rows']
            if not i['gold']['ordered']:
                want, got = sorted(want, key=repr), sorted(got, key=repr)
            check(H.rows_equal(got, want), '%s: gold over the placed rows' % i['id'], got, want)
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
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


main()
