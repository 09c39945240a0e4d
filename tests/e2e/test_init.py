#!/usr/bin/env python3
"""holobench init: a benchmark folder to start from, and one drafted from a SQLite database.

  plain      init DIR writes holobench.json, schemas/example, queries/example.json,
             harness/endpoints/ (examples and a README), results/ and a README; validate and
             generate --preset quick then work from a subfolder, through holobench.json
  refused    init again into the same folder exits 1 and changes nothing
  from-db    a database with a foreign key, NULLs, reals and text with commas, quotes and a
             line break: schema.sql, data/*.csv that read back to the same cells,
             verbalize.json with three templates per table, a query file with several types;
             validate, validate --db --verbalize and generate pass
  mistakes   init without DIR (2), --from-db of a missing file (1), validate --verbalize
             without --db (2); an unknown preset, position, schema, endpoint or prompt names
             the nearest and the choices; a grid without instances and score of a missing
             run exit 1 and leave no file; --filter keys and fixed values are checked

usage: test_init.py [HOLOBENCH [SOURCE_ROOT]]"""
import json
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:1500] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def hb(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != 'HOLOBENCH_HOME'}
    env.update(LC_ALL='C', NO_COLOR='1', HOLOBENCH_HOME='')
    import subprocess
    p = subprocess.run([BIN] + list(args), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    H.fail_on_sanitizer(args, p.stderr)
    return H.Result(list(args), p.returncode, p.stdout.decode('utf-8', 'replace'),
                    p.stderr.decode('utf-8', 'replace'))


def plain(tmp):
    bench = os.path.join(tmp, 'bench')
    r = hb(['init', bench], tmp)
    if not check(r.rc == 0, 'init exits 0', r.describe()):
        return
    for f in ('holobench.json', 'README.md', 'schemas/example/schema.sql',
              'schemas/example/data/books.csv', 'schemas/example/verbalize.json',
              'queries/example.json', 'harness/endpoints/README.md',
              'harness/endpoints/openai.json', 'harness/endpoints/local.json'):
        check(os.path.isfile(os.path.join(bench, f)), 'init writes ' + f)
    check(os.path.isdir(os.path.join(bench, 'results')), 'init makes results/')
    apis = set()
    for f in ('openai.json', 'openai-responses.json', 'anthropic.json', 'local.json'):
        with open(os.path.join(bench, 'harness', 'endpoints', f)) as fh:
            ep = json.load(fh)
        check(isinstance(ep, dict), f + ' is JSON')
        apis.add(ep.get('api'))
    check(apis == {'openai-chat', 'openai-responses', 'anthropic-messages'},
          'the examples cover every API', apis)
    with open(os.path.join(bench, 'README.md')) as fh:
        readme = fh.read()
    check('holobench generate --preset quick' in readme, 'README names the next commands')
    sub = os.path.join(bench, 'results')
    r = hb(['validate'], sub)
    check(r.rc == 0 and '0 errors, 0 warnings' in r.err, 'validate from a subfolder',
          r.describe())
    r = hb(['generate', '--preset', 'quick', '-q', '-o', 'quick.jsonl'], sub)
    if check(r.rc == 0, 'generate --preset quick', r.describe()):
        suite = H.load_suite(os.path.join(sub, 'quick.jsonl'))
        check(len(suite) == 40, 'quick suite of the example has 5 queries x 8 points',
              len(suite))
        check({i['schema'] for _, i in suite} == {'example'}, 'instances of schema example')
    before = open(os.path.join(bench, 'queries', 'example.json')).read()
    r = hb(['init', bench], tmp)
    check(r.rc == 1 and 'already a benchmark folder' in r.err, 'init twice is refused',
          r.describe())
    check(open(os.path.join(bench, 'queries', 'example.json')).read() == before,
          'a refused init changes nothing')


ROWS_PARENT = [(1, 'Lyon, "Old Town"', 4.5, None), (2, 'Nice', None, 'sea'),
               (3, 'Bordeaux\nRive', 12.25, 'wine, "red"'), (4, 'Arles', 0.1, '')]


def build_db(path):
    db = sqlite3.connect(path)
    db.executescript('''
        CREATE TABLE city (CityID INTEGER PRIMARY KEY, Name TEXT NOT NULL, Area REAL,
                           Note TEXT);
        CREATE TABLE shop (ShopID INTEGER PRIMARY KEY, Title TEXT NOT NULL,
                           CityID INTEGER REFERENCES city (CityID), Revenue REAL,
                           Staff INTEGER);''')
    db.executemany('INSERT INTO city VALUES (?,?,?,?)', ROWS_PARENT)
    for i in range(1, 41):
        db.execute('INSERT INTO shop VALUES (?,?,?,?,?)',
                   (i, 'Shop %d, "the %s"' % (i, 'best' if i % 2 else 'other'),
                    None if i % 9 == 0 else 1 + i % 4, 1000.5 + i * 37.25,
                    None if i % 5 == 0 else i % 13))
    db.commit()
    db.close()


def from_db(tmp):
    dbfile = os.path.join(tmp, 'shops.sqlite')
    build_db(dbfile)
    bench = os.path.join(tmp, 'mine')
    r = hb(['init', bench, '--from-db', dbfile], tmp)
    if not check(r.rc == 0, 'init --from-db exits 0', r.describe()):
        return
    sdir = os.path.join(bench, 'schemas', 'shops')
    ddl = open(os.path.join(sdir, 'schema.sql')).read()
    check('CREATE TABLE city' in ddl and 'REFERENCES city' in ddl, 'schema.sql holds the DDL',
          ddl)
    # the CSVs read back (as SQLite would store them) to the database's cells
    src = sqlite3.connect(dbfile)
    for table in ('city', 'shop'):
        text = open(os.path.join(sdir, 'data', table + '.csv'), encoding='utf-8').read()
        recs = [f for _, f in H.read_csv(text)]
        want = src.execute('SELECT * FROM %s ORDER BY rowid' % table).fetchall()
        check(len(recs) == len(want) + 1, table + '.csv has a header and every row', len(recs))
        for rec, row in zip(recs[1:], want):
            got = [None if f is None else f for f in rec]
            exp = [None if v is None else repr(v) if isinstance(v, float) else str(v)
                   for v in row]
            check(got == exp, table + '.csv row', got, exp)
    src.close()
    verb = json.load(open(os.path.join(sdir, 'verbalize.json')))
    check(sorted(verb['tables']) == ['city', 'shop'], 'verbalize.json has both tables')
    for t, v in verb['tables'].items():
        check(len(v['templates']) == 3, t + ' has three templates', v)
    check('[' in verb['tables']['city']['templates'][0], 'a NULL column is optional',
          verb['tables']['city'])
    qs = json.load(open(os.path.join(bench, 'queries', 'shops.json')))
    types = {t for q in qs['queries'] for t in q['types']}
    check(qs['schema'] == 'shops' and len(types) >= 4 and 'Join' in types,
          'the query file has queries of several types, a join among them', qs)
    r = hb(['validate'], bench)
    check(r.rc == 0 and '0 errors' in r.err, 'validate the drafted schema', r.describe())
    r = hb(['validate', '--db', dbfile, '--verbalize', os.path.join(sdir, 'verbalize.json')],
           bench)
    check(r.rc == 0 and '1 schemas, 5 queries: 0 errors' in r.err, 'validate --db --verbalize',
          r.describe())
    r = hb(['generate', '--lengths', '2k', '--amount', '512', '--positions', 'uniform', '-q',
            '-o', 'results/s.jsonl'], bench)
    if check(r.rc == 0, 'generate over the drafted schema', r.describe()):
        suite = H.load_suite(os.path.join(bench, 'results', 's.jsonl'))
        check(len(suite) == 5, 'one instance per drafted query', len(suite))
    r = hb(['generate', '--db', dbfile, '--verbalize', os.path.join(sdir, 'verbalize.json'),
            '--lengths', '2k', '--amount', '512', '--positions', 'uniform', '-q',
            '-o', 'results/d.jsonl'], bench)
    check(r.rc == 0, 'generate --db with the drafted templates', r.describe())


def mistakes(tmp):
    r = hb(['init'], tmp)
    check(r.rc == 2 and 'init DIR' in r.err, 'init without DIR is a usage error', r.describe())
    r = hb(['init', os.path.join(tmp, 'x'), '--from-db', os.path.join(tmp, 'nope.sqlite')], tmp)
    check(r.rc == 1 and "no database" in r.err and 'nope.sqlite' in r.err,
          'init --from-db of a missing file', r.describe())
    check(not os.path.exists(os.path.join(tmp, 'x', 'holobench.json')),
          'a failed init leaves no holobench.json')
    bench = os.path.join(tmp, 'bench')
    r = hb(['generate', '--preset', 'quik', '-o', 'x.jsonl'], bench)
    check(r.rc == 2 and "unknown preset 'quik'; did you mean 'quick'? (paper, quick, long)"
          in r.err, 'an unknown preset suggests the nearest', r.describe())
    r = hb(['generate', '--preset', 'fast', '-o', 'x.jsonl'], bench)
    check(r.rc == 2 and "unknown preset 'fast' (paper, quick, long)" in r.err,
          'a far preset only lists the choices', r.describe())
    r = hb(['generate', '--positions', 'midle', '-o', 'x.jsonl'], bench)
    check(r.rc == 2 and "unknown position 'midle'; did you mean 'middle'? (uniform, begin, end,"
          " middle, bimodal)" in r.err, 'an unknown position suggests the nearest', r.describe())
    for args, want in (
            (['generate', '--schemas', 'exampel', '-o', 'x.jsonl'],
             "unknown schema 'exampel'; did you mean 'example'? (example)"),
            (['validate', 'exampel'], "unknown schema 'exampel'; did you mean 'example'?"),
            (['run', 'results/q.jsonl', '--endpoint', 'opnai', '--dry-run'],
             "unknown endpoint 'opnai'; did you mean 'openai'? (anthropic, local, openai"),
            (['run', 'results/q.jsonl', '--endpoint', 'openai', '--prompt', 'answr'],
             "unknown prompt 'answr'; did you mean 'answer'? (answer, answer-json, judge-extract,"),
            (['export', 'results/q.jsonl', '--endpoint', 'xyz', '-o', 'out'],
             "unknown endpoint 'xyz' (anthropic, local, openai"),
            (['generate', '--lengths', '1k', '--amount', '2k', '-o', 'empty.jsonl'],
             'the grid yields no instance: all 5 grid points have an amount above their length'),
            (['score', 'results/none.sqlite'], "no run database 'results/none.sqlite'")):
        r = hb(args, bench)
        check(r.rc == 1 and want in r.err, ' '.join(args), r.describe())
    for f, want in (('lenght=4k', "--filter: unknown key 'lenght'; did you mean 'length'? "
                                  "(schema, query, type, difficulty, length, position, setting, "
                                  "seed)"),
                    ('type=join', "--filter: unknown type 'join'; did you mean 'Join'? "
                                  "(Aggregation, Max/Min, Join, Comparison, Ranking)"),
                    ('difficulty=eazy', "unknown difficulty 'eazy'; did you mean 'easy'?"),
                    ('length=4q', "--filter: length '4q' is not a size")):
        for cmd in (['run', 'results/quick.jsonl', '--endpoint', 'openai', '--dry-run'],
                    ['export', 'results/quick.jsonl', '--endpoint', 'openai', '-o', 'out']):
            r = hb(cmd + ['--filter', f], bench)
            check(r.rc == 2 and want in r.err, cmd[0] + ' --filter ' + f, r.describe())
    r = hb(['run', 'results/quick.jsonl', '--endpoint', 'openai', '--dry-run', '--filter',
            'type=Join', '--filter', 'position=mid*'], bench)
    check(r.rc == 0, 'valid filters pass', r.describe())
    check(not os.path.exists(os.path.join(bench, 'empty.jsonl')),
          'a grid without instances writes no suite')
    check(not os.path.exists(os.path.join(bench, 'results', 'none.sqlite')),
          'score of a missing run leaves no database')
    r = hb(['validate', '--verbalize', 'v.json'], tmp)
    check(r.rc == 2 and '--verbalize goes with --db' in r.err, 'validate --verbalize alone',
          r.describe())


def main():
    with tempfile.TemporaryDirectory(prefix='hb-init-') as tmp:
        plain(tmp)
        from_db(tmp)
        mistakes(tmp)
    if failures:
        print('%d failures' % len(failures))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
