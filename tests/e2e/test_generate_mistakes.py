#!/usr/bin/env python3
"""Common mistakes with `generate` get answers that say what to do (issue 15, item 5):

  globs      a --queries glob that matches no query id is an error before anything is
             written, with the nearest ids suggested and how many there are
  total      generate prints the number of instances it will write (and it is exact), and on
             a terminal its progress line has "N of TOTAL" and an ETA
  big        a grid of more than a few GB prints the expected size as a warning before the
             first instance (the process is stopped once it has said so)
  shortfall  the summary explains each query that fell short: target vs placed tokens, why
             (the query reads every table: nothing to place as distractor; the tables are too
             small at this scale), the fix; and counts the instances whose positions are
             therefore identical (checked against the suite: their contexts are equal)

Usage: test_generate_mistakes.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)
"""

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = H.locate()
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:2000] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def env():
    e = {k: v for k, v in os.environ.items() if k != 'HOLOBENCH_HOME'}
    e.update(LC_ALL='C', NO_COLOR='1', HOLOBENCH_HOME='')
    return e


def hb(args, cwd):
    p = subprocess.run([BIN] + list(args), cwd=cwd, env=env(), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=300)
    H.fail_on_sanitizer(args, p.stderr)
    return H.Result(list(args), p.returncode, p.stdout.decode('utf-8', 'replace'),
                    p.stderr.decode('utf-8', 'replace'))


def bench(tmp):
    """The test schema `mini` with two more queries: one reading every table."""
    root = os.path.join(tmp, 'bench')
    shutil.copytree(os.path.join(SRC, 'tests', 'data', 'root'), root)
    path = os.path.join(root, 'queries', 'mini.json')
    with open(path) as f:
        d = json.load(f)
    d['queries'].append({
        'id': 'mini-q08', 'question': 'How many rows are there in all?',
        'sql': 'SELECT (SELECT COUNT(*) FROM wines) + (SELECT COUNT(*) FROM grapes) + '
               '(SELECT COUNT(*) FROM wineries) + (SELECT COUNT(*) FROM critics)',
        'types': ['Aggregation'], 'difficulty': 'easy'})
    with open(path, 'w') as f:
        json.dump(d, f)
    return root


def globs(tmp, root):
    out = os.path.join(tmp, 'g.jsonl')
    for glob, near in (('mini-q9*', 'mini-q09'), ('mnii-q01', 'mini-q01'),
                       ('mini-q0[2-3]x', None)):
        r = hb(['generate', '--root', root, '--preset', 'quick', '--queries', glob, '-o', out],
               tmp)
        check(r.rc == 1, '--queries %s: exit 1' % glob, r.describe())
        check("no query id of schema mini matches '%s'" % glob in r.err,
              '--queries %s: says no query id matches' % glob, r.err)
        check(re.search(r'\(nearest: mini-q\d\d[^;]*; \d+ in all\)', r.err),
              '--queries %s: the nearest ids and the count' % glob, r.err)
        if near and near in ids(root):
            check("did you mean '%s'?" % near in r.err, '--queries %s: did you mean' % glob,
                  r.err)
        check(not os.path.exists(out), '--queries %s: nothing written' % glob)
        check('instances to write' not in r.err, '--queries %s: fails before planning' % glob,
              r.err)
    # an entry's id selects its expanded queries; one good glob beside a bad one still fails
    r = hb(['generate', '--root', root, '--preset', 'quick', '--queries', 'mini-q02,nope*',
            '-o', out], tmp)
    check(r.rc == 1 and "matches 'nope*'" in r.err, 'a bad glob beside a good one fails',
          r.describe())
    r = hb(['generate', '--root', root, '--preset', 'quick', '--queries', 'mini-q02', '-o', out],
           tmp)
    check(r.rc == 0, "an entry's id selects its expanded queries", r.describe())


def ids(root):
    with open(os.path.join(root, 'queries', 'mini.json')) as f:
        return [q['id'] for q in json.load(f)['queries']]


def total(tmp, root):
    out = os.path.join(tmp, 't.jsonl')
    r = hb(['generate', '--root', root, '--preset', 'quick', '-o', out], tmp)
    m = re.search(r'generate: (\d+) instances to write, ([\d.]+) M context tokens '
                  r'\(up to about ([\d.]+) MB\)', r.err)
    if check(r.rc == 0 and m, 'generate prints the total first', r.describe()):
        with open(out) as f:
            n = sum(1 for line in f if line.strip())
        check(int(m.group(1)) == n, 'the total is exact', m.group(1), n)
        check(r.err.index('instances to write') < r.err.index('generated '),
              'the total comes before the summary', r.err)
    # the same grid in shards: the totals add up
    got = 0
    for i in (1, 2, 3):
        r = hb(['generate', '--root', root, '--preset', 'quick', '--shard', '%d/3' % i, '-o',
                out], tmp)
        m = re.search(r'generate: (\d+) instances to write', r.err)
        with open(out) as f:
            n = sum(1 for line in f if line.strip())
        check(m and int(m.group(1)) == n, 'shard %d/3: the total is exact' % i, r.err, n)
        got += n
    # on a terminal: "N of TOTAL instances" and an ETA on the progress line
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN, 'generate', '--root', root, '--preset', 'quick', '-o', out],
                         cwd=tmp, env=env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=slave)
    os.close(slave)
    data = b''
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rd, _, _ = select.select([master], [], [], 1.0)
        if not rd:
            if p.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    p.wait(60)
    os.close(master)
    text = data.decode('utf-8', 'replace')
    H.fail_on_sanitizer(['generate', '(pty)'], data)
    check(p.returncode == 0, 'generate on a terminal: exit 0', p.returncode, text[-2000:])
    check(re.search(r'generate: \d+ of \d+ instances \(\d+%\), [\d.]+ MB, ETA \d+m\d\ds', text),
          'the progress line has the total and an ETA', text[-2000:])


def big(tmp, root):
    """--scale 100 at the long lengths: tens of GB.  Stopped once the warning is out."""
    out = os.path.join(tmp, 'big', 'big.jsonl')
    os.makedirs(os.path.dirname(out))
    # the wine schema can draw rows at any scale (generate.json)
    args = [BIN, 'generate', '--root', SRC, '--schemas', 'wine', '--preset', 'long', '--seeds',
            '4', '-o', out]
    p = subprocess.Popen(args, cwd=tmp, env=env(), stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = []
    try:
        for _ in range(20):  # the plan's lines come first; at most a few
            line = p.stderr.readline().decode('utf-8', 'replace')
            if not line:
                break
            lines.append(line)
            if line.startswith('warning: the suite will take'):
                break
    finally:
        p.kill()
        p.wait(30)
        p.stderr.close()
    text = ''.join(lines)
    m = re.search(r"warning: the suite will take about ([\d.]+) GB in '([^']+)' \((\d+) "
                  r"instances\); --shard I/N writes it in parts, fewer --lengths make it smaller",
                  text)
    check(m and float(m.group(1)) > 2 and m.group(2) == out,
          'a suite of many GB: the expected size first, as a warning', text)
    check(re.search(r'generate: \d+ instances to write', text), 'and the total', text)
    shutil.rmtree(os.path.dirname(out), ignore_errors=True)
    # written to standard output, nothing is said about the size (nothing to warn about)
    r = hb(['generate', '--root', root, '--preset', 'quick', '-o', '-'], tmp)
    check(r.rc == 0 and 'will take about' not in r.err, 'a small suite: no size warning',
          r.err)


def shortfall(tmp, root):
    out = os.path.join(tmp, 's.jsonl')
    r = hb(['generate', '--root', root, '--lengths', '4k,32k', '--amount', '1k', '--positions',
            'uniform,begin,end', '--queries', 'mini-q01,mini-q08', '-o', out], tmp)
    if not check(r.rc == 0, 'shortfall grid: exit 0', r.describe()):
        return
    inst = [json.loads(line) for line in open(out) if line.strip()]
    short = {}
    for d in inst:
        if d.get('shortfall'):
            short.setdefault(d['query_id'], []).append(d)
    check(set(short) == {'mini-q01', 'mini-q08'}, 'both queries fall short', sorted(short))
    check(re.search(r'shortfall: %d instances could not fill a budget' %
                    sum(len(v) for v in short.values()), r.err), 'the count of short instances',
          r.err)
    for qid, why, fix in (
            ('mini-q08', 'the query reads every table, so there is nothing to place as '
             'distractor', 'fix: smaller --lengths'),
            ('mini-q01', 'the tables it does not read are too small at this scale',
             'fix: --scale above')):
        m = re.search(r'^  %s: (\d+) instances; context tokens (\d+) wanted, (\d+) placed on '
                      r'average: (.*)$' % qid, r.err, re.M)
        if not check(m, '%s explained' % qid, r.err):
            continue
        ds = short.get(qid, [])
        check(int(m.group(1)) == len(ds), '%s: its short instances' % qid, m.group(1), len(ds))
        if ds:
            want = sum(d['target_tokens'] for d in ds) // len(ds)
            placed = sum(d['context_tokens'] for d in ds) // len(ds)
            check(int(m.group(2)) == want and int(m.group(3)) == placed,
                  '%s: target and placed tokens' % qid, m.groups(), want, placed)
        check(why in m.group(4) and fix in m.group(4), '%s: why and the fix' % qid, m.group(4))
    # identical positions: the instances of a (length) point whose contexts are all equal
    groups = {}
    for d in inst:
        groups.setdefault((d['query_id'], d['target_tokens'], d.get('info_tokens')),
                          []).append(d['context'])
    same = sum(len(v) for v in groups.values() if len(v) > 1 and len(set(v)) == 1)
    m = re.search(r'identical positions: (\d+) instances have the same context as the other '
                  r'positions of their grid point[^:]*: (.*)$', r.err, re.M)
    if check(m, 'identical positions counted', r.err):
        check(int(m.group(1)) == same and same > 0, 'the identical instances, counted',
              m.group(1), same)
        check('mini-q08 (%d)' % same in m.group(2), 'named by query', m.group(2))


def main():
    tmp = tempfile.mkdtemp(prefix='hb-e2e-generate-mistakes-')
    try:
        root = bench(tmp)
        globs(tmp, root)
        total(tmp, root)
        big(tmp, root)
        shortfall(tmp, root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
