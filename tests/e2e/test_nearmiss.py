"""Near-miss distractors and row filters (issue 18, items 1 and 2).

Usage: test_nearmiss.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)

On a copy of the test schema whose queries get row filters:
  validate   accepts consistent filters; refuses, with file:line, a filter that changes the
             answer, one naming a table the query does not read, and bad SQL
  tables     the default mode writes the same bytes as `--distractors tables` and as the same
             root without filters (the paper's setting does not move)
  near-miss  every instance of a filtered query: row_roles parallel to rows; answer rows pass
             their filter (or are parents an answer row references); near misses are rows of
             the read tables that fail it; others come from other tables; the gold equals the
             query run independently (python's sqlite3) over every placed row of the read
             tables; budgets hold; `gold --check` finds nothing to change
  fallback   a query without a filter is written as in the tables mode, and counted
  mixed      near misses take at most half the distractor budget, other tables the rest
"""

import collections
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
failures = []

FILTERS = {
    'mini-q02': {'wines': 'score > :min_score'},
    'mini-q03': {'wines': 'score >= (SELECT score FROM wines ORDER BY score DESC LIMIT 1 '
                          'OFFSET 2)'},
    'mini-q05': {'wines': 'year >= :y0 AND winery_id IN (SELECT id FROM wineries WHERE '
                          'region = :region)',
                 'wineries': 'region = :region'},
}


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:1500] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def hb(*args):
    return H.run(BIN, list(args), timeout=240)


def add_filters(root, filters):
    path = os.path.join(root, 'queries', 'mini.json')
    doc = json.load(open(path))
    for q in doc['queries']:
        if q['id'] in filters:
            q['row_filter'] = filters[q['id']]
    with open(path, 'w') as f:
        f.write('{"schema": "mini",\n "queries": [\n')
        f.write(',\n'.join('  ' + json.dumps(q) for q in doc['queries']))
        f.write('\n ]}\n')
    return path


def gen(root, out, *extra):
    r = hb('generate', '--root', root, '--lengths', '4k,8k', '--amount', '1k',
           '--density', '0.5', '--positions', 'uniform,end', '-o', out, *extra)
    check(r.rc == 0, 'generate %s' % ' '.join(extra), r.describe())
    return r


def read(path):
    return [json.loads(l) for l in open(path, encoding='utf-8')]


def passing(schema, table, cond, params):
    rowids = {r[0] for r in schema.db.execute(
        'SELECT rowid FROM "%s" WHERE (%s)' % (table, cond), params)}
    t = schema.table(table)
    return {i for i, (rowid, _) in enumerate(t.rows) if rowid in rowids}


def check_instance(schema, inst, filters):
    n = len(inst['rows'])
    roles = inst.get('row_roles')
    if not check(inst.get('distractors') == 'near-miss' and roles and len(roles) == n,
                 '%s: near-miss instance with row_roles parallel to rows' % inst['id']):
        return
    ok = {t: passing(schema, t, c, inst['params']) for t, c in filters.items()}
    placed = [(schema.table(t), schema.lookup(t, k)) for t, k in inst['rows']]
    answer_parents = set()
    for (t, i), role in zip(placed, roles):
        if role == 'answer':
            for parent, j in schema.parent_rows(t, i):
                answer_parents.add((parent.name, j))
    info = 0
    for (t, i), role, line in zip(placed, roles, inst['context'].split('\n')):
        read = t.name in inst['tables']
        if role == 'answer':
            info += H.line_cost(line)
            check(read and (t.name not in ok or i in ok[t.name] or
                            (t.name, i) in answer_parents),
                  '%s: answer row %s[%d] passes its filter' % (inst['id'], t.name, i))
        elif role == 'near-miss':
            check(read and t.name in ok and i not in ok[t.name],
                  '%s: near miss %s[%d] is a read row failing its filter' % (
                      inst['id'], t.name, i))
        else:
            check(role == 'other' and not read, '%s: other row %s from another table' % (
                inst['id'], t.name))
    check(info == inst['info_tokens_actual'], '%s: info tokens count answer rows only' %
          inst['id'], info, inst['info_tokens_actual'])
    check(inst['context_tokens'] <= inst['target_tokens'], '%s: context within target' %
          inst['id'])
    budget = inst.get('info_tokens') or int(inst['density'] * inst['target_tokens'])
    check(inst['info_tokens_actual'] <= budget, '%s: answer rows within the budget' % inst['id'])
    bad = H.gold_mismatch(schema, inst)
    check(not bad, '%s: gold equals the query over every placed row of the read tables' %
          inst['id'], bad)


def test_validate(tmp, root):
    r = hb('validate', '--root', root)
    check(r.rc == 0 and 'error' not in r.err.replace('0 errors', ''),
          'validate accepts the filters', r.describe())
    cases = [({'mini-q02': {'wines': 'score > :min_score + 1'}}, 'changes the answer'),
             ({'mini-q02': {'grapes': 'color = 1'}}, 'does not read'),
             ({'mini-q02': {'wines': 'scorez > 1'}}, 'no such column')]
    for filters, msg in cases:
        bad = os.path.join(tmp, 'bad')
        shutil.rmtree(bad, ignore_errors=True)
        shutil.copytree(root, bad)
        path = add_filters(bad, filters)
        r = hb('validate', '--root', bad)
        check(r.rc == 1 and msg in r.err and (path + ':') in r.err,
              'validate refuses %s with file:line' % filters, r.describe())


def test_tables(tmp, root):
    plain = os.path.join(tmp, 'plain.jsonl')
    explicit = os.path.join(tmp, 'explicit.jsonl')
    nofilter = os.path.join(tmp, 'nofilter.jsonl')
    gen(root, plain)
    gen(root, explicit, '--distractors', 'tables')
    gen(os.path.join(SRC, 'tests', 'data', 'root'), nofilter)
    a, b, c = (open(p, 'rb').read() for p in (plain, explicit, nofilter))
    check(a == b, 'default output equals --distractors tables')
    check(a == c, 'filters do not change the tables mode')


def test_near_miss(tmp, root, schema):
    out = os.path.join(tmp, 'nm.jsonl')
    r = gen(root, out, '--distractors', 'near-miss')
    check('no row_filter' in r.err, 'the summary counts queries without a filter', r.err)
    tables = {i['id']: i for i in read(os.path.join(tmp, 'plain.jsonl'))}
    nm_seen = 0
    for inst in read(out):
        base = inst['query_id'].split('.')[0]
        if base in FILTERS:
            check_instance(schema, inst, FILTERS[base])
            nm_seen += inst.get('row_roles', []).count('near-miss') > 0
        else:
            check('overlap' in inst, '%s: the overlap is recorded' % inst['id'])
            inst.pop('overlap', None)
            check(inst == tables.get(inst['id']),
                  '%s: a query without a filter is written as in the tables mode' % inst['id'])
    check(nm_seen > 0, 'near-miss instances hold near misses', nm_seen)
    r = hb('gold', '--root', root, '--check', out)
    check(r.rc == 0, 'gold --check finds nothing to change in a near-miss suite', r.describe())


def test_mixed(tmp, root, schema):
    out = os.path.join(tmp, 'mixed.jsonl')
    gen(root, out, '--distractors', 'mixed')
    tables = {i['id']: i for i in read(os.path.join(tmp, 'plain.jsonl'))}
    saw_both = 0
    for inst in read(out):
        if 'row_roles' not in inst:
            continue
        costs = {'near-miss': 0, 'other': 0}
        for role, line in zip(inst['row_roles'], inst['context'].split('\n')):
            if role in costs:
                costs[role] += H.line_cost(line)
        dis_budget = inst['target_tokens'] - inst['info_tokens_actual']
        # the tables mode places every row of the other tables when it falls short
        others_used_up = 'context' in tables[inst['id']].get('shortfall', {})
        check(costs['near-miss'] <= dis_budget // 2 or others_used_up,
              '%s: near misses take at most half the distractor budget' % inst['id'], costs,
              dis_budget)
        saw_both += costs['near-miss'] > 0 and costs['other'] > 0
    check(saw_both > 0, 'mixed instances hold near misses and other rows')


STOP = set("""a about above after all also among an and any are as at be been before being below
between both but by can could did do does each every for from had has have how i if in into is
it its list many may me more most much name no not of on one only or other our out over per same
so some such than that the their them then there these they this those through to under up us
was we were what when where which while who whom whose why will with would you your""".split())


def words(text):
    out, w = [], ''
    for ch in text + ' ':
        if ch.isascii() and ch.isalnum() or not ch.isascii():
            w += ch.lower() if ch.isascii() else ch
        else:
            if w:
                out.append(w)
            w = ''
    return out


def test_overlap(tmp, root):
    """--overlap in the tables mode: the shares recomputed from the question and the lines."""
    out = os.path.join(tmp, 'overlap.jsonl')
    gen(root, out, '--overlap')
    seen = set()
    for inst in read(out):
        q = []
        for w in words(inst['question']):
            if len(w.encode()) >= 2 and w not in STOP and w not in q:
                q.append(w)
        lines = inst['context'].split('\n')
        rel = [l for l, (t, _) in zip(lines, inst['rows']) if t in inst['tables']]
        dis = [l for l, (t, _) in zip(lines, inst['rows']) if t not in inst['tables']]
        want = [sum(1 for w in q if any(w in words(l) for l in part)) / len(q) if q else 0
                for part in (rel, dis)]
        got = [inst['overlap']['answer'], inst['overlap']['distractors']]
        check(all(abs(a - b) < 1e-4 for a, b in zip(want, got)),
              '%s: overlap shares' % inst['id'], want, got)
        seen.add(tuple(got))
    check(len(seen) > 1, 'the overlap differs between questions', seen)


def test_bundled(tmp):
    """The bundled schemas: every near-miss instance's gold is its query over the placed rows
    (python's sqlite3), budgets hold, and `gold --check` finds no drift."""
    out = os.path.join(tmp, 'bundled.jsonl')
    r = hb('generate', '--root', SRC, '--lengths', '4k,8k', '--amount', '1k', '--density', '0.5',
           '--positions', 'uniform', '--distractors', 'near-miss', '-o', out)
    check(r.rc == 0, 'generate the bundled schemas with near misses', r.describe())
    schemas, near = {}, 0
    for inst in read(out):
        name = inst['schema']
        if name not in schemas:
            schemas[name] = H.Schema(os.path.join(SRC, 'schemas', name))
        bad = H.gold_mismatch(schemas[name], inst)
        check(not bad, '%s: gold over the placed rows' % inst['id'], bad)
        check(inst['context_tokens'] <= inst['target_tokens'], '%s: within target' % inst['id'])
        near += 'near-miss' in inst.get('row_roles', [])
    check(near > 0, 'bundled near-miss instances hold near misses')
    entries = filtered = 0
    for f in sorted(os.listdir(os.path.join(SRC, 'queries'))):
        for q in json.load(open(os.path.join(SRC, 'queries', f)))['queries']:
            entries += 1
            filtered += 'row_filter' in q
    check(filtered >= 0.6 * entries, 'at least 60%% of the bundled queries carry a filter (%d of '
          '%d)' % (filtered, entries))
    r = hb('validate', '--root', SRC)
    check(r.rc == 0 and ' 0 errors, 0 warnings' in r.err, 'validate accepts the bundled filters',
          r.describe())
    r = hb('gold', '--root', SRC, '--check', out)
    check(r.rc == 0 and 'budget drift' not in r.out + r.err.replace('0 with budget drift', ''),
          'gold --check on the bundled near-miss suite', r.describe())


def test_report(tmp, root):
    """report breaks a run's scores down by distractor mode and lexical-overlap bin, from the
    suite's `distractors` and `overlap` members (issue 18, item 4)."""
    suite = os.path.join(tmp, 'nm.jsonl')
    insts = read(suite)
    key = 'HB_E2E_NEARMISS_KEY'
    srv = H.FakeServer(tmp, tag='nm-server')
    try:
        ep = os.path.join(tmp, 'ep.json')
        with open(ep, 'w') as f:
            json.dump({'api': 'openai-chat', 'base_url': 'http://127.0.0.1:%d/v1' % srv.port,
                       'model': 'fake-model', 'api_key_env': key, 'params': {'max_tokens': 64},
                       'concurrency': 8, 'timeout_s': 30, 'max_retries': 1}, f)
        db = os.path.join(tmp, 'nm-run.sqlite')
        r = H.run(BIN, ['run', suite, '--endpoint', ep, '--run', db, '--no-cache', '-q'],
                  timeout=240, env={key: 'fake-nearmiss-key'})
        check(r.rc == 0, 'run the near-miss suite', r.describe())
    finally:
        srv.stop()
    r = H.run(BIN, ['score', db, '-q'], timeout=120)
    check(r.rc == 0, 'score it', r.describe())
    r = H.run(BIN, ['report', db, '--format', 'json'], timeout=120)
    if not check(r.rc == 0, 'report --format json', r.describe()):
        return
    by = json.loads(r.out)['runs'][0].get('by_mode', {})
    modes = collections.Counter(i.get('distractors', 'tables') for i in insts)
    for mode, n in modes.items():
        check(by.get('mode:' + mode, {}).get('n') == n, 'report: %d %s instances' % (n, mode),
              by)
    bins = collections.Counter(min(int(i['overlap']['answer'] * 5), 4) for i in insts)
    for b, n in bins.items():
        name = 'overlap:%.1f-%.1f' % (b / 5, (b + 1) / 5)
        check(by.get(name, {}).get('n') == n, 'report: %d instances in %s' % (n, name), by)
    text = H.run(BIN, ['report', db], timeout=120)
    check('Score by distractor mode' in text.out and 'Score by lexical overlap' in text.out,
          'the text report has both tables', text.out[-1500:])


def test_no_answer_rows(tmp):
    """A filter that no row passes (validate warns about it): near-miss instances with no
    answer row at all are still built, all near misses, with the gold of what was placed."""
    root = os.path.join(tmp, 'none-pass')
    shutil.copytree(os.path.join(SRC, 'tests', 'data', 'root'), root)
    add_filters(root, {'mini-q02': {'wines': 'score > 1000'}})
    out = os.path.join(tmp, 'none-pass.jsonl')
    r = hb('generate', '--root', root, '--queries', 'mini-q02*', '--preset', 'quick',
           '--distractors', 'near-miss', '-o', out)
    check(r.rc == 0, 'generate with a filter no row passes', r.describe())
    schema = H.Schema(os.path.join(root, 'schemas', 'mini'))
    insts = read(out) if r.rc == 0 else []
    check(insts and all('answer' not in i['row_roles'] and 'near-miss' in i['row_roles']
                        and not H.gold_mismatch(schema, i) for i in insts),
          'no answer row, near misses, and the gold of what was placed')


def test_usage(tmp, root):
    r = hb('generate', '--root', root, '--preset', 'quick', '--distractors', 'near_miss',
           '-o', os.path.join(tmp, 'x.jsonl'))
    check(r.rc == 2 and 'near-miss' in r.err, 'an unknown mode suggests the nearest',
          r.describe())


def main():
    with tempfile.TemporaryDirectory(prefix='hb-nearmiss-') as tmp:
        root = os.path.join(tmp, 'root')
        shutil.copytree(os.path.join(SRC, 'tests', 'data', 'root'), root)
        add_filters(root, FILTERS)
        schema = H.Schema(os.path.join(root, 'schemas', 'mini'))
        test_validate(tmp, root)
        test_tables(tmp, root)
        test_near_miss(tmp, root, schema)
        test_mixed(tmp, root, schema)
        test_overlap(tmp, root)
        test_report(tmp, root)
        test_bundled(tmp)
        test_no_answer_rows(tmp)
        test_usage(tmp, root)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


main()
