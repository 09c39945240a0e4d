#!/usr/bin/env python3
"""End-to-end checks of `holobench generate` against the contract (SPEC.md, "An instance"
and "Budgets") and the algorithms documented in src/gen/context.h, generate.h, gold.h, src/data/query.h
and schema.h.

    test_generate.py [HOLOBENCH [SOURCE_ROOT]]

Every instance of the suites built here is checked independently of holobench's code path:
the schema is loaded by our own CSV reader into python's sqlite3, sentences are rendered
by our own template renderer, gold answers are recomputed from the recorded rows, and the
budgets, shortfalls and positions are recomputed from the documented rules.  Each failure
prints the check's name, the instance id, and what was expected against what was found;
the exit status is 1 if any check failed.

Checks (names as printed):
  fields, ids, order, query          the instance's fields, id format, suite order, the
                                     query's expansion, question, tables read, schema_hash
  render                             each context line is the row rendered with the
                                     template verbalize_choose() picks
  context                            lines = rows, per-line cost, sums, no duplicate row,
                                     key text present in the line
  budget, shortfall, tightness       context <= target, info <= budget, shortfall iff the
                                     pool is used up and its cheapest row would fit, gap < every row
                                     not taken
  closure                            relevant parents come with (and before) their children
  positions, cross-position          the five layouts; same rows and gold at every position
  amount-stable                      same relevant rows at every length for a fixed amount
  gold, gold-ambiguous               the gold answer recomputed in a fresh database
  determinism, seeds, shards         byte-identical reruns, seed subsets, --shard I/N
  shortfall-strict, usage, cli       --strict, usage errors (exit 2), --help, other flags
  wine                               the bundled schema, when schemas/wine and
                                     queries/wine.json exist (else SKIP)

Suites: a main grid over tests/data/root (lengths 300..3k, amounts and densities, all five
positions, two seeds), a slice of the paper preset, a copy of the root with queries whose
answers depend on row order (gold.ambiguous), a copy with awkward data (make_tricky_root),
and the bundled wine schema.  All per-instance checks run on every suite.
"""

import collections
import fnmatch
import itertools
import json
import math
import os
import re
import shutil
import sqlite3
import sys
import time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
DATA_ROOT = os.path.join(SRC, 'tests', 'data', 'root')
POSITIONS = ['uniform', 'begin', 'end', 'middle', 'bimodal']
REQUIRED = ['id', 'schema', 'schema_hash', 'query_id', 'question', 'sql', 'params', 'types',
            'difficulty', 'target_tokens', 'position', 'seed', 'tables', 'context', 'rows',
            'context_tokens', 'info_tokens_actual', 'gold', 'generator']

ck = H.Checker()


def project_version():
    try:
        with open(os.path.join(SRC, 'meson.build'), encoding='utf-8') as f:
            m = re.search(r"version\s*:\s*'([^']+)'", f.read())
            return m.group(1) if m else None
    except OSError:
        return None


def size_text(n):
    if n % 1048576 == 0:
        return '%dm' % (n // 1048576)
    if n % 1024 == 0:
        return '%dk' % (n // 1024)
    return str(n)


def parse_size(s):
    s = s.strip().lower()
    if s.endswith('k'):
        return int(s[:-1]) * 1024
    if s.endswith('m'):
        return int(s[:-1]) * 1048576
    return int(s)


# ---------------------------------------------------------------- queries, independently


class Query:
    pass


def outer_order_by(sql):
    """Whether the outermost statement has an ORDER BY outside parentheses, string
    literals and comments (query.h)."""
    out, depth, i, n = [], 0, 0, len(sql)
    while i < n:
        c = sql[i]
        if sql.startswith('--', i):
            j = sql.find('\n', i)
            i = n if j < 0 else j
            out.append(' ')
            continue
        if sql.startswith('/*', i):
            j = sql.find('*/', i + 2)
            i = n if j < 0 else j + 2
            out.append(' ')
            continue
        if c in '\'"`[':
            close = ']' if c == '[' else c
            j = i + 1
            while j < n:
                if sql[j] == close:
                    if close != ']' and j + 1 < n and sql[j + 1] == close:
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            out.append(' x ')
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        elif depth == 0:
            out.append(c)
            i += 1
            continue
        out.append(' ')
        i += 1
    return re.search(r'\border\s+by\b', ''.join(out), re.I) is not None


def load_queries(root, name):
    with open(os.path.join(root, 'queries', name + '.json'), encoding='utf-8') as f:
        qs = json.load(f)
    out = []
    for e in qs['queries']:
        params = e.get('params') or {}
        names = list(params)
        combos = list(itertools.product(*[params[k] for k in names])) if names else [()]
        for k, combo in enumerate(combos, 1):
            q = Query()
            q.id = '%s.%d' % (e['id'], k) if names else e['id']
            q.base_id = e['id']
            q.sql = e['sql']
            q.params = dict(zip(names, combo))
            q.question = e['question']
            for pn, pv in q.params.items():
                q.question = q.question.replace('{%s}' % pn, H.cell_text(pv))
            q.types = e.get('types')
            q.difficulty = e.get('difficulty')
            q.ordered = e['ordered'] if 'ordered' in e else outer_order_by(e['sql'])
            q.expect_empty = bool(e.get('expect_empty'))
            out.append(q)
    return out


def tables_read(schema, q):
    """The tables a query reads, from SQLite's authorizer (schema order)."""
    seen = set()

    def auth(action, a, b, dbname, source):
        if action == sqlite3.SQLITE_READ and a:
            seen.add(a.lower())
        return sqlite3.SQLITE_OK
    schema.db.set_authorizer(auth)
    try:
        schema.db.execute(q.sql, q.params).fetchall()
    finally:
        schema.db.set_authorizer(None)
    return [t.name for t in schema.order if t.name.lower() in seen]


# ---------------------------------------------------------------- per-seed sentences


class SeedCache:
    """Every row's (template, sentence, cost) at one seed, rendered by our renderer."""

    def __init__(self, schema):
        self.schema = schema
        self.by_seed = {}

    def get(self, seed):
        if seed not in self.by_seed:
            d = {}
            for t in self.schema.order:
                if t.skip or t.templates is None:
                    continue
                for i in range(len(t.rows)):
                    k, s = self.schema.sentence(seed, t, i)
                    d[(t.name, i)] = (k, s, H.line_cost(s))
            self.by_seed[seed] = d
        return self.by_seed[seed]


# ---------------------------------------------------------------- gold, independently


def build_db(schema, placed, variant):
    """A fresh database with the placed rows.  variant 0: the schema's DDL, rows in
    canonical order (table order, then row order).  Two other layouts are as valid, so an
    answer that differs under them depends on row order:
    variant 1: the schema's DDL, rows inserted in reverse, reverse_unordered_selects on;
    variant 2: the same tables stored in the opposite order (WITHOUT ROWID with the primary
    key descending; rows inserted in reverse where there is no key)."""
    db = sqlite3.connect(':memory:')
    if variant in (0, 1):
        db.executescript(schema.ddl)
        if variant == 1:
            db.execute('PRAGMA reverse_unordered_selects = ON')
    else:
        for t in schema.order:
            info = schema.db.execute('PRAGMA table_info(%s)' % H.quote_ident(t.name)).fetchall()
            cols = ', '.join('%s %s' % (H.quote_ident(r[1]), r[2]) for r in info)
            if t.pk:
                pk = ', '.join(H.quote_ident(t.columns[c]) + ' DESC' for c in t.pk)
                db.execute('CREATE TABLE %s (%s, PRIMARY KEY (%s)) WITHOUT ROWID' % (
                    H.quote_ident(t.name), cols, pk))
            else:
                db.execute('CREATE TABLE %s (%s)' % (H.quote_ident(t.name), cols))
    order = sorted(placed, key=lambda ti: (schema.order.index(ti[0]), ti[1]))
    if variant:
        order.reverse()
    for t, i in order:
        rowid, vals = t.rows[i]
        names = [H.quote_ident(c) for c in t.columns]
        if variant != 2 and t.pk:
            names.insert(0, 'rowid')
            vals = (rowid,) + vals
        db.execute('INSERT INTO %s (%s) VALUES (%s)' % (
            H.quote_ident(t.name), ', '.join(names), ', '.join('?' * len(names))), vals)
    return db


def run_query(db, q):
    cur = db.execute(q.sql, q.params)
    rows = [tuple(r) for r in cur.fetchall()]
    return [d[0] for d in cur.description], rows


def same_result(a, b, ordered):
    return H.rows_equal(a, b) if ordered else H.multiset_equal(a, b)


def show(rows, limit=6):
    s = json.dumps([list(H.expected_json_value(v) for v in r) if isinstance(r, tuple) else r
                    for r in rows[:limit]], default=str)
    return s + (' ... (%d rows)' % len(rows) if len(rows) > limit else '')


# ---------------------------------------------------------------- one suite


class Env:
    def __init__(self, root, name):
        self.schema = H.load_schema(root, name)
        self.hash = self.schema.schema_hash()
        self.queries = {q.id: q for q in load_queries(root, name)}
        self.query_list = list(self.queries.values())
        for q in self.query_list:
            q.tables = tables_read(self.schema, q)
        self.seeds = SeedCache(self.schema)
        self.ancestors = {}
        self._key_cols = {}
        self._pools = {}
        self._parents = {}

    def key_cols(self, t):
        """Key columns that every template of t mentions (their text must be in the line)."""
        if t.name not in self._key_cols:
            cols = []
            for c in (t.pk if t.templates else []):
                name = t.columns[c].lower()
                if all(name in {x.lower() for x in H.template_columns(tp)} for tp in t.templates):
                    cols.append(c)
            self._key_cols[t.name] = cols
        return self._key_cols[t.name]

    def pools(self, seed, rel):
        """(relevant pool, distractor pool, cheapest relevant, cheapest distractor) at a
        seed; pools are [((table, row), cost)] sorted by cost, the relevant cost counting
        the row's relevant ancestors."""
        key = (seed, rel)
        if key not in self._pools:
            sent = self.seeds.get(seed)
            rp, dp = [], []
            for (tn, i), (_, _, c) in sent.items():
                if tn.lower() in rel:
                    t = self.schema.table(tn)
                    g = c + sum(sent[a][2] for a in self.relevant_ancestors(t, i, rel))
                    rp.append(((tn, i), g, c))
                else:
                    dp.append(((tn, i), c))
            self._pools[key] = (sorted(((k, g) for k, g, _ in rp), key=lambda x: x[1]),
                                sorted(dp, key=lambda x: x[1]),
                                min((c for _, _, c in rp), default=None),
                                min((c for _, c in dp), default=None))
        return self._pools[key]

    def parents(self, t, i):
        key = (t.name, i)
        if key not in self._parents:
            self._parents[key] = self.schema.parent_rows(t, i)
        return self._parents[key]

    def relevant_ancestors(self, t, i, rel):
        """Rows reachable from (t, i) through foreign keys into relevant tables."""
        key = (t.name, i, rel)
        if key in self.ancestors:
            return self.ancestors[key]
        out, stack = set(), [(t, i)]
        while stack:
            ct, ci = stack.pop()
            for p, j in self.parents(ct, ci):
                if p is ct or p.name.lower() not in rel or p.templates is None or p.skip:
                    continue
                if (p.name, j) not in out:
                    out.add((p.name, j))
                    stack.append((p, j))
        self.ancestors[key] = frozenset(out)
        return self.ancestors[key]


def info_budget(inst):
    if 'info_tokens' in inst:
        return inst['info_tokens']
    return math.floor(Fraction(repr(inst['density'])) * inst['target_tokens'])


def check_instance(env, inst, version):
    iid = inst.get('id', '?')
    missing = [k for k in REQUIRED if k not in inst]
    if not ck.expect(not missing, 'fields', iid, 'missing fields %s' % missing):
        return None
    ck.expect(('info_tokens' in inst) != ('density' in inst), 'fields', iid,
              'exactly one of info_tokens and density expected, got %s' %
              [k for k in ('info_tokens', 'density') if k in inst])
    for k in ('columns', 'rows', 'ordered'):
        ck.expect(k in inst['gold'], 'fields', iid, 'gold has no %r' % k)
    gen = inst['generator']
    ck.expect(isinstance(gen, dict) and gen.get('token_estimator') and gen.get('version'),
              'fields', iid, 'generator needs version and token_estimator, got %r' % gen)
    if version and isinstance(gen, dict):
        ck.expect(gen.get('version') == version, 'fields', iid,
                  'generator.version: expected %r got %r' % (version, gen.get('version')))
    ck.expect(inst['schema'] == env.schema.name, 'fields', iid,
              'schema: expected %r got %r' % (env.schema.name, inst['schema']))
    ck.expect(inst['schema_hash'] == env.hash, 'query', iid,
              'schema_hash: expected %s got %s' % (env.hash, inst['schema_hash']))
    ck.expect(inst['position'] in POSITIONS, 'fields', iid, 'position %r' % inst['position'])

    q = env.queries.get(inst['query_id'])
    if not ck.expect(q is not None, 'query', iid, 'unknown query id %r' % inst['query_id']):
        return None
    # id
    setting = ('a' + size_text(inst['info_tokens'])) if 'info_tokens' in inst else None
    m = re.fullmatch(r'(.+)-([0-9]+[km]?)-([ad][^-]+)-([a-z]+)-s([0-9]+)', iid)
    if ck.expect(m is not None, 'ids', iid, 'id does not look like QUERY-LENGTH-SETTING-'
                 'POSITION-sSEED'):
        ck.expect(m.group(1) == q.id and m.group(2) == size_text(inst['target_tokens'])
                  and m.group(4) == inst['position'] and int(m.group(5)) == inst['seed']
                  and (setting is None or m.group(3) == setting), 'ids', iid,
                  'id parts disagree with the fields: query %s, length %s, setting %s, '
                  'position %s, seed %s' % (q.id, size_text(inst['target_tokens']),
                                            setting or 'd…', inst['position'], inst['seed']))
        if setting is None:
            ck.expect(m.group(3).startswith('d') and
                      Fraction(m.group(3)[1:]) == Fraction(repr(inst['density'])), 'ids', iid,
                      'density in id %r vs field %r' % (m.group(3), inst['density']))
    # the query
    ck.expect(inst['sql'] == q.sql, 'query', iid, 'sql: expected %r got %r' % (q.sql, inst['sql']))
    ck.expect(inst['question'] == q.question, 'query', iid,
              'question: expected %r got %r' % (q.question, inst['question']))
    ck.expect(inst['params'] == q.params and all(
        type(inst['params'].get(k)) is type(v) for k, v in q.params.items()), 'query', iid,
        'params: expected %r got %r' % (q.params, inst['params']))
    ck.expect(inst['types'] == q.types and inst['difficulty'] == q.difficulty, 'query', iid,
              'types/difficulty: expected %r/%r got %r/%r' % (
                  q.types, q.difficulty, inst['types'], inst['difficulty']))
    ck.expect(inst['tables'] == q.tables, 'query', iid,
              'tables read: expected %r (authorizer, schema order) got %r' % (
                  q.tables, inst['tables']))
    ck.expect(inst['gold'].get('ordered') == q.ordered, 'query', iid,
              'gold.ordered: expected %r got %r' % (q.ordered, inst['gold'].get('ordered')))

    schema = env.schema
    rel = {t.lower() for t in inst['tables']}
    seed = inst['seed']
    sent = env.seeds.get(seed)

    # ---- rows and context
    rows = inst['rows']
    ctx = inst['context']
    lines = ctx.split('\n') if rows or ctx else []
    if not ck.expect(len(lines) == len(rows), 'context', iid,
                     'context has %d lines, rows has %d entries' % (len(lines), len(rows))):
        return None
    tmpls = inst.get('row_templates')
    placed = []   # (table obj, row index)
    is_rel = []
    seen = set()
    total = info = 0
    ok_rows = True
    for n, (entry, line) in enumerate(zip(rows, lines)):
        where = '%s line %d' % (iid, n + 1)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            ck.fail('context', where, 'rows entry is not [table, key]: %r' % (entry,))
            ok_rows = False
            continue
        t = schema.table(entry[0])
        i = schema.lookup(entry[0], entry[1])
        if i is None:
            ck.fail('context', where, 'no row %r in the schema (key %s)' % (entry, 'scalar' if
                    t is None or len(t.pk) < 2 else 'array'))
            ok_rows = False
            continue
        ck.expect(entry[1] == schema.key_json(t, i) and type(entry[1]) is type(
            schema.key_json(t, i)), 'context', where, 'key: expected %r got %r' % (
            schema.key_json(t, i), entry[1]))
        ck.expect(not t.skip and t.templates is not None, 'context', where,
                  'row of a table that is not verbalized: %s' % t.name)
        ck.expect((t.name, i) not in seen, 'context', where, 'row %r placed twice' % (entry,))
        seen.add((t.name, i))
        placed.append((t, i))
        r = t.name.lower() in rel
        is_rel.append(r)
        cost = H.line_cost(line)
        total += cost
        info += cost if r else 0
        ck.expect('\n' not in line and '\r' not in line, 'context', where, 'line break in line')
        # the key's text appears in the line when every template mentions the key columns
        for c in env.key_cols(t):
            txt = H.cell_text(t.rows[i][1][c])
            if txt is not None and txt not in line:
                ck.fail('context', where, 'key value %r of %s not in line %r' % (
                    txt, t.name, line))
        # the sentence itself
        if (t.name, i) in sent:
            k, s, _ = sent[(t.name, i)]
            if tmpls is not None:
                ck.expect(n < len(tmpls) and tmpls[n] == k, 'render', where,
                          'row_templates: expected %d (verbalize_choose) got %r' % (
                              k, tmpls[n] if n < len(tmpls) else None))
            ck.expect(line == s, 'render', where, 'sentence: expected %r got %r' % (s, line))
    if not ok_rows:
        return None
    ck.expect(inst['context_tokens'] == total, 'context', iid,
              'context_tokens: expected %d (sum of line costs) got %d' % (
                  total, inst['context_tokens']))
    ck.expect(inst['info_tokens_actual'] == info, 'context', iid,
              'info_tokens_actual: expected %d (relevant lines) got %d' % (
                  info, inst['info_tokens_actual']))

    # ---- budgets, shortfall, tightness
    target = inst['target_tokens']
    budget = info_budget(inst)
    ck.expect(total <= target, 'budget', iid, 'context %d tokens > target %d' % (total, target))
    ck.expect(info <= budget, 'budget', iid, 'relevant %d tokens > budget %d' % (info, budget))
    sf = inst.get('shortfall')
    ck.expect(sf is None or (isinstance(sf, dict) and sf and set(sf) <= {'info', 'context'}),
              'shortfall', iid, 'shortfall should be an object with info and/or context: %r' % sf)
    sf = sf if isinstance(sf, dict) else {}
    placed_set = set((t.name, i) for t, i in placed)
    rel_pool, dis_pool, min_rel, min_dis = env.pools(seed, frozenset(rel))
    for what, gap, mincost, pool in (('info', budget - info, min_rel, rel_pool),
                                     ('context', target - total, min_dis, dis_pool)):
        # the data ran out: every row of the pool is placed and another would have fit
        exhausted = all(key in placed_set for key, _ in pool)
        expect_sf = gap > 0 and exhausted and (mincost is None or gap >= mincost)
        got = sf.get(what)
        ck.expect((got is not None) == expect_sf and (got is None or got == gap), 'shortfall',
                  iid, '%s: gap %d, cheapest row of the pool %s: expected %s, got %s' % (
                      what, gap, mincost, ('shortfall %d' % gap) if expect_sf else 'none',
                      'shortfall %r' % got if got is not None else 'none'))
    # tightness: every row not taken is bigger than the gap (a relevant row together with
    # its relevant parents: a bound, since some of them may have been placed earlier)
    for what, gap, pool in (('distractor', target - total, dis_pool),
                            ('relevant', budget - info, rel_pool)):
        bad = None
        for key, c in pool:
            if c > gap:
                break  # pools are sorted by cost
            if key not in placed_set:
                bad = (key, c)
                break
        ck.expect(bad is None, 'tightness', iid, lambda: '%s %s row %d (cost %d%s) not placed '
                  'though the gap is %d' % (what, bad[0][0], bad[0][1], bad[1], ' with its '
                                            'parents' if what == 'relevant' else '', gap))

    # ---- join closure: placed relevant rows bring their relevant parents, placed earlier
    line_of = {(t.name, i): n for n, (t, i) in enumerate(placed)}
    for n, ((t, i), r) in enumerate(zip(placed, is_rel)):
        if not r:
            continue
        for p, j in env.parents(t, i):
            if p is t or p.name.lower() not in rel or p.skip or p.templates is None:
                continue
            pl = line_of.get((p.name, j))
            ck.expect(pl is not None and pl < n, 'closure', '%s line %d' % (iid, n + 1),
                      '%s row %r references %s row %r, which is %s' % (
                          t.name, schema.key_json(t, i), p.name, schema.key_json(p, j),
                          'not placed' if pl is None else 'placed after it (line %d)' % (pl + 1)))

    # ---- positions
    M = sum(is_rel)
    A = len(is_rel) - M
    T = M + A
    pos = inst['position']
    if pos == 'begin':
        want = [True] * M + [False] * A
    elif pos == 'end':
        want = [False] * A + [True] * M
    elif pos == 'middle':
        want = [False] * (A // 2) + [True] * M + [False] * (A - A // 2)
    elif pos == 'bimodal':
        want = [True] * (M // 2) + [False] * A + [True] * (M - M // 2)
    else:
        slots = {(2 * k + 1) * T // (2 * M) for k in range(M)}
        want = [x in slots for x in range(T)]
    ck.expect(is_rel == want, 'positions', iid, '%s with M=%d, A=%d: expected relevant at %s, '
              'got %s' % (pos, M, A, [x for x, w in enumerate(want) if w][:12],
                          [x for x, w in enumerate(is_rel) if w][:12]))

    # ---- gold
    check_gold(env, inst, q, [(t, i) for (t, i), r in zip(placed, is_rel) if r])
    return {'placed': placed, 'is_rel': is_rel}


def check_gold(env, inst, q, relevant):
    iid = inst['id']
    gold = inst['gold']
    db0 = build_db(env.schema, relevant, 0)
    try:
        cols, rows0 = run_query(db0, q)
    except sqlite3.Error as e:
        ck.fail('gold', iid, 'our recomputation failed: %s' % e)
        return
    ck.expect(gold['columns'] == cols, 'gold', iid, 'columns: expected %r got %r' % (
        cols, gold['columns']))
    ambiguous = None
    for variant in (1, 2):
        try:
            _, rows1 = run_query(build_db(env.schema, relevant, variant), q)
        except sqlite3.Error:
            continue  # the layout does not suit this query (rowid, NULL keys): no verdict
        ambiguous = not same_result(rows0, rows1, q.ordered)
        if ambiguous:
            break
    if ambiguous:
        ck.expect(gold.get('ambiguous') is True, 'gold-ambiguous', iid,
                  'the answer depends on row order (%s vs %s with the rows stored in the '
                  'opposite order) but gold.ambiguous is %r' % (
                      show(rows0), show(rows1), gold.get('ambiguous')))
    elif ambiguous is False:
        ck.expect(gold.get('ambiguous') is False, 'gold-ambiguous', iid,
                  'gold.ambiguous is %r, but the answer %s does not change with the rows '
                  'stored in the opposite order' % (gold.get('ambiguous'), show(rows0)))
    got = gold['rows']
    if gold.get('ambiguous'):
        ck.expect(len(got) == len(rows0), 'gold', iid, 'ambiguous gold: expected %d rows, '
                  'got %d' % (len(rows0), len(got)))
        return
    if q.ordered:
        ck.expect(H.rows_equal(rows0, got), 'gold', iid, 'ordered gold: expected %s got %s' % (
            show(rows0), show(got)))
    else:
        canon = sorted(rows0, key=H.sqlite_order_key)
        if H.rows_equal(canon, got):
            ck.ok('gold')
        elif H.multiset_equal(rows0, [tuple(r) for r in got]):
            ck.fail('gold', iid, 'unordered gold rows are right but not in canonical order: '
                    'expected %s got %s' % (show(canon), show(got)))
        else:
            ck.fail('gold', iid, 'gold (as a multiset): expected %s got %s' % (
                show(canon), show(got)))
    if q.expect_empty:
        ck.expect(not got, 'gold', iid, 'query marked expect_empty has gold rows %s' % show(got))


def check_suite(env, suite, label):
    """All per-instance checks, then the checks across instances."""
    version = project_version()
    ids = collections.Counter(inst.get('id') for _, inst in suite)
    dup = [i for i, c in ids.items() if c > 1]
    ck.expect(not dup, 'ids', label, 'duplicate ids: %s' % dup[:5])
    facts = {}
    for _, inst in suite:
        f = check_instance(env, inst, version)
        if f is not None:
            facts[inst['id']] = (inst, f)
    # same (query, length, setting, seed) at every position: same rows, same gold
    groups = collections.defaultdict(list)
    for iid, (inst, f) in facts.items():
        setting = inst.get('info_tokens', ('d', inst.get('density')))
        groups[(inst['query_id'], inst['target_tokens'], str(setting), inst['seed'])].append(
            (inst, f))
    for key, members in groups.items():
        if len(members) < 2:
            continue
        a_inst, a = members[0]

        def seqs(f):
            rel = [r for r, x in zip(f['placed'], f['is_rel']) if x]
            dis = [r for r, x in zip(f['placed'], f['is_rel']) if not x]
            return [(t.name, i) for t, i in rel], [(t.name, i) for t, i in dis]
        ar, ad = seqs(a)
        for b_inst, b in members[1:]:
            br, bd = seqs(b)
            ck.expect(ar == br and ad == bd, 'cross-position', b_inst['id'],
                      'relevant/distractor rows (in order) differ from %s' % a_inst['id'])
            for k in ('gold', 'context_tokens', 'info_tokens_actual', 'shortfall'):
                ck.expect(a_inst.get(k) == b_inst.get(k), 'cross-position', b_inst['id'],
                          '%s differs from %s: %r vs %r' % (k, a_inst['id'], a_inst.get(k),
                                                            b_inst.get(k)))
    # a fixed amount chooses the same relevant rows at every length
    groups = collections.defaultdict(list)
    for iid, (inst, f) in facts.items():
        if 'info_tokens' in inst:
            groups[(inst['query_id'], inst['info_tokens'], inst['seed'],
                    inst['position'])].append((inst, f))
    for key, members in groups.items():
        base = None
        for inst, f in members:
            rel = [(t.name, i) for (t, i), x in zip(f['placed'], f['is_rel']) if x]
            if base is None:
                base = (inst['id'], rel)
            else:
                ck.expect(rel == base[1], 'amount-stable', inst['id'],
                          'relevant rows differ from %s (same amount, other length)' % base[0])
    return facts


def expected_ids(env, lengths, amounts, densities, positions, seeds, globs=None):
    out = []
    for seed in seeds:
        for q in env.query_list:
            if globs and not any(fnmatch.fnmatchcase(q.id, g) for g in globs):
                continue
            for L in lengths:
                settings = ['a' + size_text(a) for a in amounts if a <= L]
                settings += ['d' + d for d in densities]
                for s in settings:
                    for p in positions:
                        out.append('%s-%s-%s-%s-s%d' % (q.id, size_text(L), s, p, seed))
    return out


AMBIGUITY_QUERIES = [
    {'id': 'amb-q01', 'question': 'Name any three wines.',
     'sql': 'SELECT name FROM wines LIMIT 3', 'types': ['Comparison'], 'difficulty': 'easy'},
    {'id': 'amb-q02', 'question': 'Name the best-rated wine.',
     'sql': 'SELECT name FROM wines ORDER BY score DESC LIMIT 1', 'types': ['Max/Min'],
     'difficulty': 'easy'},
    {'id': 'amb-q03', 'question': 'List the critics by the year they started.',
     'sql': 'SELECT handle, since FROM critics ORDER BY since', 'types': ['Ranking'],
     'difficulty': 'easy'},
    {'id': 'amb-q04', 'question': 'List the first five wines by number.',
     'sql': 'SELECT name FROM wines ORDER BY id LIMIT 5', 'types': ['Ranking'],
     'difficulty': 'easy'},
    {'id': 'amb-q05', 'question': 'How many wines does each winery make?',
     'sql': 'SELECT winery_id, COUNT(*) FROM wines GROUP BY winery_id', 'types': ['Aggregation'],
     'difficulty': 'easy'},
]


def make_tricky_root(dest):
    """A copy of the test root with awkward data: non-ASCII text and a line break inside
    quoted fields, "" (empty text) next to NULL, CRLF line endings, reals that format
    differently from their CSV text, an integer beyond double precision, negative numbers,
    NULL key parts, a table keyed by rowid, and templates with escapes."""
    shutil.copytree(DATA_ROOT, dest)
    sd = os.path.join(dest, 'schemas', 'mini')
    with open(os.path.join(sd, 'schema.sql'), 'a', encoding='utf-8') as f:
        f.write('\nCREATE TABLE notes (\n  body TEXT,\n  stars INTEGER\n);\n')
    with open(os.path.join(sd, 'data', 'notes.csv'), 'w', encoding='utf-8', newline='') as f:
        f.write('body,stars\r\n"multi\r\nline \u2713",5\r\n"",\r\nplain,3\r\n'
                '\u00dcn\u00efcode caf\u00e9,\r\n"comma, inside",-2\r\n,4\r\n')
    with open(os.path.join(sd, 'data', 'wines.csv'), 'a', encoding='utf-8', newline='') as f:
        f.write('9007199254740993,"Ch\u00e2teau ""\u00dcn\u00ef""",2,3,2019,17.70,-5\n'
                '81,Tiny,,,,1e-05,90\n82,Round,1,1,2000,100,88\n')
    with open(os.path.join(sd, 'data', 'critics.csv'), 'a', encoding='utf-8', newline='') as f:
        f.write('"van, der",Norland,1999\nzed,"",2000\nyan,,2001\n')
    vpath = os.path.join(sd, 'verbalize.json')
    with open(vpath, encoding='utf-8') as f:
        verb = json.load(f)
    verb['tables']['notes'] = {'templates': [
        'A note says: {body}[ ({stars} stars)].',
        '[{stars} stars: ]{body}',
        'Someone wrote \\{sic\\} \u201c{body}\u201d[, rating it {stars}] \\[n\\].']}
    with open(vpath, 'w', encoding='utf-8') as f:
        json.dump(verb, f, ensure_ascii=False, indent=1)
    qpath = os.path.join(dest, 'queries', 'mini.json')
    with open(qpath, encoding='utf-8') as f:
        qs = json.load(f)
    qs['queries'] += [
        {'id': 'tricky-q01', 'question': 'How many notes have no stars?',
         'sql': 'SELECT COUNT(*) FROM notes WHERE stars IS NULL', 'types': ['Aggregation'],
         'difficulty': 'easy'},
        {'id': 'tricky-q02', 'question': 'What do the notes say, in order?',
         'sql': 'SELECT body, stars FROM notes ORDER BY rowid', 'types': ['Ranking'],
         'difficulty': 'easy'},
        {'id': 'tricky-q03', 'question': 'How many critics per country?',
         'sql': 'SELECT country, COUNT(*), MIN(handle) FROM critics GROUP BY country',
         'types': ['Aggregation'], 'difficulty': 'medium'},
        {'id': 'tricky-q04', 'question': 'Which wines cost under {p} with a score below {s}?',
         'sql': 'SELECT id, name, price, price * 3 FROM wines WHERE price < :p OR score < :s',
         'params': {'p': [0.5, 20.25], 's': [0]}, 'types': ['Comparison'],
         'difficulty': 'easy'},
    ]
    with open(qpath, 'w', encoding='utf-8') as f:
        json.dump(qs, f, ensure_ascii=False, indent=1)


# ---------------------------------------------------------------- generate runs


def generate(args, tmp, name, cwd=None, timeout=60):
    out = os.path.join(tmp, name)
    r = H.run(BIN, ['generate'] + args + ['-o', out], cwd=cwd, timeout=timeout)
    return r, out


def must_generate(check, args, tmp, name):
    r, out = generate(args, tmp, name)
    if not ck.expect(r.rc == 0 and os.path.exists(out), check, name, r.describe):
        return None, None
    try:
        return out, H.load_suite(out)
    except ValueError as e:
        ck.fail(check, name, str(e))
        return None, None


def read_bytes(p):
    with open(p, 'rb') as f:
        return f.read()


def main():
    t0 = time.time()
    env = Env(DATA_ROOT, 'mini')
    with H.TempDir() as tmp:
        # ---------------------------------------------------------- a. to d.: the main suite
        lengths = ['300', '1k', '2k', '3k']
        amounts = ['100', '500', '1k']
        densities = ['0.1', '0.25', '0.5', '1']
        base = ['--root', DATA_ROOT, '--lengths', ','.join(lengths), '--amount',
                ','.join(amounts), '--density', ','.join(densities), '--positions',
                ','.join(POSITIONS)]
        main_args = base + ['--seeds', '2']
        path, suite = must_generate('generate', main_args, tmp, 'main.jsonl')
        if suite:
            ids = [inst['id'] for _, inst in suite]
            want = expected_ids(env, [parse_size(x) for x in lengths],
                                [parse_size(x) for x in amounts], densities, POSITIONS, [1, 2])
            first = next((k for k, (a, b) in enumerate(zip(ids, want)) if a != b),
                         min(len(ids), len(want)))
            ck.expect(ids == want, 'order', 'main suite',
                      'instance order (schemas, seeds, queries, lengths, amounts then '
                      'densities, positions; amount > length skipped): %d vs %d instances, '
                      'first difference at #%d: expected %s got %s' % (
                          len(want), len(ids), first, want[first:first + 1], ids[first:first + 1]))
            check_suite(env, suite, 'main suite')
            print('main suite: %d instances checked (%.1f s)' % (len(suite), time.time() - t0),
                  flush=True)

        # a bigger slice of the paper grid (lengths up to 64k: every budget short here)
        p2, slice_suite = must_generate('generate', ['--root', DATA_ROOT, '--preset', 'paper',
                                                     '--seeds', '3', '--shard', '2/3'],
                                        tmp, 'paper-slice.jsonl')
        if slice_suite:
            check_suite(env, slice_suite, 'paper slice')
            ck.expect(all('shortfall' in inst for _, inst in slice_suite), 'shortfall',
                      'paper slice', 'lengths 4k-64k over the mini schema must all fall short')
            print('paper slice: %d instances checked (%.1f s)' % (len(slice_suite),
                                                                   time.time() - t0), flush=True)

        # order-dependent answers: a copy of the test root with queries made for it
        amb_root = os.path.join(tmp, 'amb-root')
        shutil.copytree(DATA_ROOT, amb_root)
        with open(os.path.join(amb_root, 'queries', 'mini.json'), 'w', encoding='utf-8') as f:
            json.dump({'schema': 'mini', 'queries': AMBIGUITY_QUERIES}, f, indent=1)
        aenv = Env(amb_root, 'mini')
        ap, amb_suite = must_generate('generate', ['--root', amb_root, '--lengths', '1k,2k',
                                                   '--density', '0.5,1', '--amount', '300',
                                                   '--positions', 'begin', '--seeds', '3'],
                                      tmp, 'ambiguity.jsonl')
        if amb_suite:
            check_suite(aenv, amb_suite, 'ambiguity suite')
            flagged = {i['query_id'] for _, i in amb_suite if i['gold'].get('ambiguous')}
            ck.expect('amb-q01' in flagged, 'gold-ambiguous', 'amb-q01',
                      'a LIMIT without ORDER BY should give ambiguous gold')
            print('ambiguity suite: %d instances checked (%.1f s)' % (
                len(amb_suite), time.time() - t0), flush=True)

        # awkward data (see make_tricky_root)
        tricky_root = os.path.join(tmp, 'tricky-root')
        make_tricky_root(tricky_root)
        tenv = Env(tricky_root, 'mini')
        tp, tricky = must_generate('generate', ['--root', tricky_root, '--lengths', '500,2k',
                                                '--amount', '200', '--density', '0.5,1',
                                                '--positions', 'begin,uniform,bimodal',
                                                '--seeds', '2'], tmp, 'tricky.jsonl')
        if tricky:
            check_suite(tenv, tricky, 'tricky suite')
            print('tricky suite: %d instances checked (%.1f s)' % (
                len(tricky), time.time() - t0), flush=True)

        # ---------------------------------------------------------- e. determinism, seeds
        if suite:
            r, again = generate(main_args, tmp, 'main-again.jsonl')
            ck.expect(r.rc == 0 and read_bytes(again) == read_bytes(path), 'determinism',
                      'main suite', 'a second run with the same arguments is not '
                      'byte-identical')
            r = H.run(BIN, ['generate'] + main_args + ['-o', '-'])
            ck.expect(r.rc == 0 and r.out.encode() == read_bytes(path), 'determinism',
                      '-o -', 'the suite written to stdout differs from the file')
            s1, s1_suite = must_generate('seeds', base + ['--seed', '1'], tmp, 'seed1.jsonl')
            s2, s2_suite = must_generate('seeds', base + ['--seed', '2'], tmp, 'seed2.jsonl')
            if s1_suite and s2_suite:
                ck.expect(read_bytes(s1) != read_bytes(s2), 'seeds', '--seed 2',
                          'the suites of --seed 1 and --seed 2 are identical')
                by_seed = {1: [], 2: []}
                for line, inst in suite:
                    by_seed[inst['seed']].append(line)
                ck.expect([x for x, _ in s1_suite] == by_seed[1], 'seeds', '--seed 1',
                          '--seed 1 differs from the seed-1 part of --seeds 2')
                ck.expect([x for x, _ in s2_suite] == by_seed[2], 'seeds', '--seed 2',
                          '--seed 2 differs from the seed-2 part of --seeds 2')
                ck.expect(all(i['seed'] == 2 for _, i in s2_suite), 'seeds', '--seed 2',
                          'instances with a seed other than 2')
                differ = sum(a['context'] != b['context'] for (_, a), (_, b) in
                             zip(s1_suite, s2_suite))
                ck.expect(differ > len(s1_suite) // 2, 'seeds', '--seed 2', 'only %d of %d '
                          'contexts differ between seeds 1 and 2' % (differ, len(s1_suite)))

        # the suite does not depend on how the root is spelt or where holobench runs
        small = ['--lengths', '1k', '--amount', '300', '--positions', 'begin,uniform']
        r1, o1 = generate(['--root', DATA_ROOT + os.sep] + small, tmp, 'root-abs.jsonl')
        r2, o2 = generate(['--root', '.'] + small, tmp, 'root-dot.jsonl', cwd=DATA_ROOT)
        ck.expect(r1.rc == 0 and r2.rc == 0 and read_bytes(o1) == read_bytes(o2),
                  'determinism', '--root', 'the suite differs between --root %s/ and --root . '
                  '(run inside it)' % DATA_ROOT)

        # ---------------------------------------------------------- f. shards
        if suite:
            lines = [x for x, _ in suite]
            parts = []
            for i in (1, 2, 3):
                r, out = generate(main_args + ['--shard', '%d/3' % i], tmp, 'shard%d.jsonl' % i)
                if ck.expect(r.rc == 0, 'shards', '--shard %d/3' % i, r.describe):
                    parts.append([x for x, _ in H.load_suite(out)])
            if len(parts) == 3:
                sets = [set(p) for p in parts]
                ck.expect(not (sets[0] & sets[1] or sets[0] & sets[2] or sets[1] & sets[2]),
                          'shards', '--shard I/3', 'shards are not disjoint')
                ck.expect(sets[0] | sets[1] | sets[2] == set(lines), 'shards', '--shard I/3',
                          'the union of the shards is not the full suite')
                for i in range(3):
                    ck.expect(parts[i] == lines[i::3], 'shards', '--shard %d/3' % (i + 1),
                              'shard %d holds %d lines, not instances %d, %d, ... of the full '
                              'suite' % (i + 1, len(parts[i]), i + 1, i + 4))
        for bad in ('0/3', '4/3', '1/0', 'x/3', '2'):
            r, out = generate(['--root', DATA_ROOT, '--preset', 'quick', '--shard', bad], tmp,
                              'badshard.jsonl')
            ck.expect(r.rc == 2 and not os.path.exists(out), 'shards', '--shard %s' % bad,
                      'expected exit 2 and no output; ' + r.describe())

        # ---------------------------------------------------------- g. shortfall, --strict
        long_args = ['--root', DATA_ROOT, '--lengths', '64k', '--amount', '2k', '--positions',
                     'uniform', '--queries', 'mini-q01']
        lp, long_suite = must_generate('shortfall-strict', long_args, tmp, 'long.jsonl')
        if long_suite:
            first = long_suite[0][1]
            ck.expect('shortfall' in first and first['shortfall'].get('context'),
                      'shortfall-strict', first['id'], 'a 64k context over the mini schema '
                      'should report a context shortfall, got %r' % first.get('shortfall'))
            r, out = generate(long_args + ['--strict'], tmp, 'strict.jsonl')
            ck.expect(r.rc == 1, 'shortfall-strict', '--strict', 'expected exit 1; ' +
                      r.describe())
            ck.expect(not os.path.exists(out), 'shortfall-strict', '--strict',
                      'left an output file behind')
            keep = os.path.join(tmp, 'existing.jsonl')
            with open(keep, 'w') as f:
                f.write('old\n')
            r2 = H.run(BIN, ['generate'] + long_args + ['--strict', '-o', keep])
            ck.expect(r2.rc == 1 and read_bytes(keep) == b'old\n', 'shortfall-strict',
                      '--strict over an existing file', 'expected exit 1 and the file left '
                      'as it was; ' + r2.describe())
            sf = first.get('shortfall', {})
            for k in ('info', 'context'):
                if sf.get(k):
                    ck.expect(re.search(r'\b%d\b' % sf[k], r.err) is not None,
                              'shortfall-strict', '--strict', 'the message should say that '
                              '%d %s tokens are missing (as the instance %s records); stderr: '
                              '%r' % (sf[k], k, first['id'], r.err.strip()))
            ck.expect('mini-q01' in r.err, 'shortfall-strict', '--strict',
                      'the message should name the query; stderr: %r' % r.err.strip())
        # --strict when nothing falls short: same output, exit 0
        ok_args = ['--root', DATA_ROOT, '--lengths', '300', '--amount', '100', '--positions',
                   'begin,end', '--queries', 'mini-q01']
        op, ok_suite = must_generate('shortfall-strict', ok_args, tmp, 'nosf.jsonl')
        if ok_suite and not any('shortfall' in i for _, i in ok_suite):
            r, out = generate(ok_args + ['--strict'], tmp, 'nosf-strict.jsonl')
            ck.expect(r.rc == 0 and os.path.exists(out) and read_bytes(out) == read_bytes(op),
                      'shortfall-strict', '--strict without shortfall',
                      'expected exit 0 and the same suite; ' + r.describe())
        elif ok_suite:
            ck.skip('shortfall-strict', 'the no-shortfall grid point fell short')

        # ---------------------------------------------------------- h. usage errors, --help
        usage = [
            ['--lengths', '4q'], ['--lengths', '0'], ['--lengths', '-4k'], ['--lengths', ''],
            ['--amount', 'x'], ['--density', '0'], ['--density', '1.5'], ['--density', 'half'],
            ['--positions', 'left'], ['--positions', 'uniform,sideways'],
            ['--preset', 'nope'], ['--seeds', '2', '--seed', '3'], ['--seeds', '0'],
            ['--seed', 'abc'], ['--no-such-flag'],
        ]
        for extra in usage:
            r, out = generate(['--root', DATA_ROOT, '--preset', 'quick'] + extra, tmp,
                              'usage.jsonl')
            ck.expect(r.rc == 2 and not os.path.exists(out), 'usage', ' '.join(extra) or "''",
                      'expected exit 2 (bad usage) and no output; ' + r.describe())
            ck.expect(r.err.strip() != '', 'usage', ' '.join(extra),
                      'a usage error must say what is wrong on stderr')
            if os.path.exists(out):
                os.unlink(out)
        r = H.run(BIN, ['generate', '--root', DATA_ROOT, '--preset', 'quick'])
        ck.expect(r.rc == 2, 'usage', 'no -o', 'expected exit 2 without -o; ' + r.describe())
        for args in (['generate', '--help'], ['generate', '-h'], ['help', 'generate']):
            r = H.run(BIN, args)
            ck.expect(r.rc == 0 and 'usage:' in r.out, 'usage', ' '.join(args),
                      'expected exit 0 and "usage:" on stdout; ' + r.describe())

        # ---------------------------------------------------------- other flags
        # --queries takes a glob over the expanded ids
        qp, q_suite = must_generate('cli', ['--root', DATA_ROOT, '--preset', 'quick',
                                            '--queries', 'mini-q02*'], tmp, 'glob.jsonl')
        if q_suite:
            got = sorted({i['query_id'] for _, i in q_suite})
            ck.expect(got == ['mini-q02.1', 'mini-q02.2'], 'cli', "--queries 'mini-q02*'",
                      'expected queries mini-q02.1, mini-q02.2, got %s' % got)
        # a density as the user may write it must still give valid JSON
        for d in ('.5', '0.50', '1.0'):
            r, out = generate(['--root', DATA_ROOT, '--lengths', '1k', '--density', d,
                               '--positions', 'begin', '--queries', 'mini-q01'], tmp,
                              'dens.jsonl')
            if r.rc == 2:
                ck.ok('cli')
                continue
            try:
                ds = H.load_suite(out)
                ck.expect(ds and Fraction(repr(ds[0][1]['density'])) == Fraction(d) and
                          ds[0][1]['info_tokens_actual'] <= Fraction(d) * 1024, 'cli',
                          '--density %s' % d, 'density recorded as %r' % (
                              ds[0][1].get('density') if ds else None))
            except ValueError as e:
                ck.fail('cli', '--density %s' % d, 'accepted, but the suite is not valid JSON: '
                        '%s' % e)
            os.unlink(out)
        # the same grid value twice must not give two instances with one id
        r, out = generate(['--root', DATA_ROOT, '--lengths', '1k,1024', '--amount', '100',
                           '--positions', 'begin,begin', '--queries', 'mini-q01'], tmp,
                          'dupes.jsonl')
        if r.rc != 2:
            ids = [i['id'] for _, i in H.load_suite(out)] if r.rc == 0 else []
            ck.expect(r.rc == 0 and len(ids) == len(set(ids)), 'cli',
                      '--lengths 1k,1024 --positions begin,begin',
                      'expected exit 2 or unique ids; got exit %s and ids %s' % (r.rc, ids))
        else:
            ck.ok('cli')

        # ---------------------------------------------------------- c. the bundled schema
        wine_ok = (os.path.exists(os.path.join(SRC, 'schemas', 'wine', 'schema.sql')) and
                   os.path.exists(os.path.join(SRC, 'queries', 'wine.json')))
        if not wine_ok:
            ck.skip('wine', 'schemas/wine or queries/wine.json not present in %s' % SRC)
        else:
            wenv = Env(SRC, 'wine')
            wp, wsuite = must_generate('wine', ['--root', SRC, '--schemas', 'wine', '--preset',
                                                'quick', '--seed', '1'], tmp, 'wine.jsonl')
            if wsuite:
                check_suite(wenv, wsuite, 'wine suite')
                for _, inst in wsuite:
                    costs = [H.line_cost(x) for x in inst['context'].split('\n')]
                    gap = inst['target_tokens'] - inst['context_tokens']
                    if 'shortfall' not in inst and costs:
                        ck.expect(gap < 2 * max(costs), 'wine', inst['id'],
                                  'no shortfall but the gap %d is not below twice the longest '
                                  'line (%d)' % (gap, max(costs)))
                print('wine suite: %d instances checked' % len(wsuite))

    print('\nruntime %.1f s' % (time.time() - t0))
    return ck.summary()


if __name__ == '__main__':
    sys.exit(main())
