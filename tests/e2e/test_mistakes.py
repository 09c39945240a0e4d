"""Common mistakes with `run` and `export` get answers that say what to do (issue 15, item 5).

Usage: test_mistakes.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)

  filters   setting (a1k, a1024, d0.5) and seed filters select what the suite's ids say,
            for `run --dry-run` and `export`; bad values are usage errors (exit 2)
  none      a filter that matches nothing exits 1 naming it and the values the suite has;
            filters that match only apart say so; --limit 0 is a usage error; no run
            database is made
  sent      against the fake server: a finished run run again sends nothing, says so, exits
            0; a run where every request fails exits 1 with the last failure
  leftover  a run that fails before any request (unopenable cache, missing key, unreadable
            suite) leaves no run database and no empty results/ behind
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
SUITE = os.path.join(SRC, 'tests', 'data', 'quick-suite.jsonl')
KEY_ENV = 'HB_E2E_MISTAKES_KEY'
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:1500] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def hb(args, cwd, key=True):
    env = {k: v for k, v in os.environ.items() if k not in ('HOLOBENCH_HOME', KEY_ENV)}
    env.update(LC_ALL='C', NO_COLOR='1', HOLOBENCH_HOME='')
    if key:
        env[KEY_ENV] = 'fake-test-key'
    p = subprocess.run([BIN] + list(args), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    H.fail_on_sanitizer(args, p.stderr)
    return H.Result(list(args), p.returncode, p.stdout.decode('utf-8', 'replace'),
                    p.stderr.decode('utf-8', 'replace'))


def endpoint(tmp, name, port, **kw):
    d = {'api': 'openai-chat', 'base_url': 'http://127.0.0.1:%d/v1' % port,
         'model': 'fake-model', 'api_key_env': KEY_ENV,
         'params': {'temperature': 0, 'max_tokens': 64}, 'concurrency': 2, 'timeout_s': 10,
         'max_retries': 0}
    d.update(kw)
    path = os.path.join(tmp, name + '.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    return path


def suite_ids():
    with open(SUITE) as f:
        return [json.loads(line)['id'] for line in f if line.strip()]


def dry_count(r):
    m = re.search(r'estimate for (\d+) requests', r.out)
    return int(m.group(1)) if m else None


def filters(tmp, ep):
    ids = suite_ids()
    base = ['run', SUITE, '--endpoint', ep, '--root', SRC, '--dry-run']
    for fs, want in ((['setting=d0.5'], [i for i in ids if '-d0.5-' in i]),
                     (['setting=a1k', 'length=4k'], [i for i in ids if '-4k-a1k-' in i]),
                     (['setting=a1024'], [i for i in ids if '-a1k-' in i]),
                     (['seed=1', 'setting=d*'], [i for i in ids if '-d' in i]),
                     (['seed=s1'], ids)):
        args = base + [a for f in fs for a in ('--filter', f)]
        r = hb(args, tmp)
        check(r.rc == 0 and want and dry_count(r) == len(want),
              'run --dry-run --filter %s selects %d' % (fs, len(want)), r.describe())
    out = os.path.join(tmp, 'batch')
    r = hb(['export', SUITE, '--endpoint', ep, '--root', SRC, '-o', out,
            '--filter', 'setting=d0.5', '--filter', 'length=8k'], tmp)
    lines = 0
    if os.path.isdir(out):
        for name in os.listdir(out):
            if name.startswith('batch-'):
                with open(os.path.join(out, name)) as f:
                    lines += sum(1 for line in f if line.strip())
    want = len([i for i in suite_ids() if '-8k-d0.5-' in i])
    check(r.rc == 0 and lines == want, 'export --filter setting=d0.5 writes %d requests' % want,
          lines, r.describe())
    for f, msg in (('setting=x', "--filter: setting 'x' is neither an amount"),
                   ('seed=one', "--filter: seed 'one' is not a count")):
        r = hb(base + ['--filter', f], tmp)
        check(r.rc == 2 and msg in r.err, 'run --filter %s: usage error' % f, r.describe())
    r = hb(['run', '--help'], tmp)
    check('setting' in r.out and 'seed' in r.out, 'run --help documents setting and seed')


def none_selected(tmp, ep):
    db = os.path.join(tmp, 'none.sqlite')
    run = ['run', SUITE, '--endpoint', ep, '--root', SRC, '--run', db]
    for fs, msg in (
            (['seed=7'], "--filter 'seed=7' matches no instance of '%s'; its seed values are: 1"
             % SUITE),
            (['type=Ranking', 'position=begin', 'position=end'],
             "--filter 'position=begin', 'position=end' matches no instance of '%s'; its "
             "position values are: uniform, middle" % SUITE),
            (['setting=a2k'], "its setting values are: a1k, d0.5"),
            (['*-q99-*'], "--filter '*-q99-*' matches no instance"),
            (['query=mini-q01', 'type=Ranking'],
             "no instance of '%s' matches all the filters together" % SUITE)):
        args = [a for f in fs for a in ('--filter', f)]
        for cmd in (run, run + ['--dry-run'],
                    ['export', SUITE, '--endpoint', ep, '--root', SRC, '-o',
                     os.path.join(tmp, 'none-batch')]):
            r = hb(cmd + args, tmp)
            check(r.rc == 1 and msg in r.err, '%s --filter %s: exit 1 naming it' % (cmd[0], fs),
                  msg, r.describe())
    r = hb(run + ['--limit', '0'], tmp)
    check(r.rc == 2 and '--limit 0 selects nothing' in r.err, '--limit 0: usage error',
          r.describe())
    check(not os.path.exists(db), 'no run database after a selection of none')
    check(not os.path.exists(os.path.join(tmp, 'none-batch', 'manifest.json')),
          'no export after a selection of none')


def statuses(db):
    con = sqlite3.connect(db)
    try:
        return sorted(s for (s,) in con.execute('SELECT status FROM instances'))
    finally:
        con.close()


def sent(tmp):
    ok = H.FakeServer(tmp, tag='ok', max_seconds=120)
    try:
        ep = endpoint(tmp, 'ok', ok.port)
        db = os.path.join(tmp, 'ok.sqlite')
        args = ['run', SUITE, '--endpoint', ep, '--root', SRC, '--run', db, '--no-cache',
                '--filter', 'mini-q01-4k-a1k-*']
        r = hb(args, tmp)
        check(r.rc == 0 and statuses(db).count('done') == 2, 'a run of 2 exits 0', r.describe())
        r = hb(args, tmp)
        check(r.rc == 0 and 'nothing to send: every selected instance is already done' in r.err,
              'a finished run run again: exit 0, says nothing to send', r.describe())
    finally:
        ok.stop()
    bad = H.FakeServer(tmp, '--default-action', json.dumps({'status': 500}), tag='bad',
                       max_seconds=120)
    try:
        ep = endpoint(tmp, 'bad', bad.port)
        db = os.path.join(tmp, 'bad.sqlite')
        r = hb(['run', SUITE, '--endpoint', ep, '--root', SRC, '--run', db, '--no-cache',
                '--limit', '3'], tmp)
        check(r.rc == 1 and 'none of the 3 requests was answered; the last failure:' in r.err,
              'every request failed: exit 1 with the last failure', r.describe())
        check(os.path.exists(db) and statuses(db).count('failed') == 3,
              'the failures stay in the run for a resume', os.path.exists(db) and statuses(db))
    finally:
        bad.stop()


def leftover(tmp):
    ep = endpoint(tmp, 'closed', 9)
    work = os.path.join(tmp, 'fresh')
    os.makedirs(work)
    notdir = os.path.join(tmp, 'a-file')
    with open(notdir, 'w') as f:
        f.write('x')
    for what, args, key, msg in (
            ('unopenable cache', ['--cache', os.path.join(notdir, 'c.sqlite')], True,
             'cannot open reply cache'),
            ('missing key', [], False, 'the API key variable $%s is not set' % KEY_ENV)):
        r = hb(['run', SUITE, '--endpoint', ep, '--root', SRC] + args, work, key=key)
        check(r.rc == 1 and msg in r.err, what + ': exit 1 saying why', r.describe())
        check(os.listdir(work) == [], what + ': nothing left behind', os.listdir(work))
        db = os.path.join(tmp, 'given.sqlite')
        r = hb(['run', SUITE, '--endpoint', ep, '--root', SRC, '--run', db] + args, work,
               key=key)
        left = [n for n in os.listdir(tmp) if n.startswith('given.sqlite')]
        check(r.rc == 1 and not left, what + ' with --run: no run database', left,
              r.describe())
    r = hb(['run', os.path.join(tmp, 'no-such.jsonl'), '--endpoint', ep, '--root', SRC], work)
    check(r.rc == 1 and 'cannot open' in r.err and os.listdir(work) == [],
          'unreadable suite: exit 1, nothing left behind', os.listdir(work), r.describe())


def main():
    tmp = tempfile.mkdtemp(prefix='hb-e2e-mistakes-')
    try:
        ep = endpoint(tmp, 'dry', 9)
        for case in (filters, none_selected, sent, leftover):
            print('== ' + case.__name__, flush=True)
            if case in (filters, none_selected):
                case(tmp, ep)
            else:
                case(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
