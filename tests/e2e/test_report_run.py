#!/usr/bin/env python3
"""`report` over runs made by holobench itself (`run` against the fake server, then `score`),
for what only a real run records (issue 16):

  prices    the endpoint's price_in/price_out are recorded with the run (never the key) and
            the report's cost in dollars is input x price_in + output x price_out
  version   `score` records the scorer's version with every score; a run whose scores carry
            another version side by side gives the "different versions" warning in every
            format; a run scored before versions were stored (no such column) still reports
            ("not recorded") and is migrated in place by the next `score`
  depth     accuracy by the relative depth of each gold row's source line, recomputed here
            from the suite's provenance and the stored labels (see depth_expected)

Usage: test_report_run.py HOLOBENCH SOURCE_ROOT   (Python 3 standard library only)
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
# the version the scorer stores, as its header defines it (bumped with the matching rules)
with open(os.path.join(SRC, 'src', 'eval', 'score.h')) as _f:
    SCORER_VERSION = re.search(r'#define SCORER_VERSION "([^"]+)"', _f.read()).group(1)
SUITE = os.path.join(SRC, 'tests', 'data', 'quick-suite.jsonl')
KEY_ENV = 'HB_E2E_REPORT_RUN_KEY'
KEY = 'fake-test-key-report-run-5e1f'
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:1500] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def hb(args, cwd, expect=0):
    env = {k: v for k, v in os.environ.items() if k not in ('HOLOBENCH_HOME', KEY_ENV)}
    env.update(LC_ALL='C', NO_COLOR='1', HOLOBENCH_HOME='')
    env[KEY_ENV] = KEY
    p = subprocess.run([BIN] + list(args), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    H.fail_on_sanitizer(args, p.stderr)
    r = H.Result(list(args), p.returncode, p.stdout.decode('utf-8', 'replace'),
                 p.stderr.decode('utf-8', 'replace'))
    check(r.rc == expect, 'exit %d expected' % expect, r.describe())
    check(KEY not in r.out and KEY not in r.err, 'the key never printed', r.describe())
    return r


def endpoint(tmp, port):
    d = {'api': 'openai-chat', 'base_url': 'http://127.0.0.1:%d/v1' % port,
         'model': 'fake-model', 'api_key_env': KEY_ENV,
         'params': {'temperature': 0, 'max_tokens': 64}, 'concurrency': 2, 'timeout_s': 10,
         'max_retries': 0, 'price_in': 2.5, 'price_out': 10}
    path = os.path.join(tmp, 'priced.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    return path


def query(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def execute(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


def report_json(tmp, *runs):
    r = hb(['report', '--format', 'json', '--suite', SUITE] + list(runs), tmp)
    try:
        return json.loads(r.out), r
    except ValueError as e:
        check(False, 'report --format json is JSON', e, r.out[:500])
        return None, r


def gold_replies(db):
    """Every other answered instance gets its gold rows as the reply (some exact labels)."""
    with open(SUITE) as f:
        gold = {d['id']: d['gold'] for d in map(json.loads, f)}
    ids = [i for (i,) in query(db, "SELECT id FROM instances WHERE status = 'done' "
                                   "ORDER BY rowid")]
    con = sqlite3.connect(db)
    for k, iid in enumerate(ids):
        if k % 2:
            continue
        g = gold[iid]
        text = 'Answer:\n' + '\n'.join(
            '- ' + ' | '.join('' if v is None else str(v) for v in row) for row in g['rows'])
        con.execute('UPDATE instances SET reply = ? WHERE id = ?', (text, iid))
    con.commit()
    con.close()


# ---------------------------------------------------------------- depth, recomputed

def cell_words(v):
    """A gold cell as the report looks for it in a line: its text, integers without '.0'."""
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        v = int(v)
    return str(v)


def holds(line, text):
    """Whole-word containment, as the report tests it (a word boundary either side)."""
    return re.search(r'(?<![0-9A-Za-z])' + re.escape(text) + r'(?![0-9A-Za-z])', line) is not None


def source_line(row, lines, relevant):
    vals = [v for v in row if v is not None]
    cells = [cell_words(v) for v in vals]
    if not cells or (len(cells) == 1 and not isinstance(vals[0], str)):
        return None
    for i in relevant:
        if all(holds(lines[i], c) for c in cells):
            return i
    return None


def depth_expected(suite, labels_of):
    bins = [[0, 0, 0] for _ in range(10)]
    unplaced = 0
    with open(suite) as f:
        for d in map(json.loads, f):
            labs = labels_of.get(d['id'])
            if labs is None:
                continue
            lines = d['context'].split('\n')
            relevant = [i for i, (t, _) in enumerate(d['rows']) if t in d['tables']]
            for k, row in enumerate(d['gold']['rows'][:len(labs)]):
                i = source_line(row, lines, relevant)
                if i is None:
                    unplaced += 1
                    continue
                depth = i / (len(lines) - 1) if len(lines) > 1 else 0.0
                b = min(9, int(depth * 10))
                bins[b][['exact', 'partial', 'none'].index(labs[k])] += 1
    return bins, unplaced


def check_depth(rep, db):
    labels_of = {i: json.loads(l) for i, l in query(
        db, "SELECT s.id, s.labels FROM scores s JOIN instances i ON i.id = s.id WHERE "
            "s.scorer = 'deterministic-v1' AND i.status = 'done' AND s.labels IS NOT NULL "
            "AND (s.flag IS NULL OR s.flag != 'unscored')")}
    bins, unplaced = depth_expected(SUITE, labels_of)
    got = rep['runs'][0].get('depth')
    if not check(isinstance(got, dict), 'the JSON has the depth analysis', rep['runs'][0].keys()):
        return
    check(got.get('rows_unplaced') == unplaced, 'gold rows without a source line counted',
          got.get('rows_unplaced'), unplaced)
    gb = got.get('bins', [])
    check(len(gb) == 10, 'ten depth bins', len(gb))
    for k, b in enumerate(gb[:10]):
        want = bins[k]
        n = sum(want)
        check([b.get('exact'), b.get('partial'), b.get('none')] == want,
              'depth bin %d counts' % k, b, want)
        check(b.get('n') == n, 'depth bin %d n' % k, b.get('n'), n)
        if n:
            acc = (want[0] + 0.5 * want[1]) / n
            check(abs(b.get('score', -1) - acc) < 1e-9, 'depth bin %d score' % k, b, acc)
        check(b.get('from') == k / 10 and b.get('to') == (k + 1) / 10, 'bin %d bounds' % k, b)
    check(sum(sum(b) for b in bins) > 10 and any(b[0] for b in bins),
          'the test places rows and has exact labels', bins)


def check_depth_formats(tmp, db, other):
    r = hb(['report', '--suite', SUITE, db], tmp)
    check('Score by depth of each gold row' in r.out and '90-100%' in r.out,
          'text report: the depth table', r.out[-3000:])
    r = hb(['report', '--format', 'md', '--suite', SUITE, db, other], tmp)
    check('Score by depth of each gold row' in r.out and '| 0-10% |' in r.out,
          'markdown report: the depth table side by side', r.out[-3000:])
    html_path = os.path.join(tmp, 'r.html')
    r = hb(['report', '--format', 'html', '--suite', SUITE, '-o', html_path, db, other], tmp)
    with open(html_path) as f:
        html = f.read()
    import test_report as TR  # its chart checks, over a page of real runs
    before = TR.failures
    TR.check_charts(html, 2)
    check(TR.failures == before, 'every chart of the page: axis titles, legend, n per point; '
          'heat maps side by side (test_report.check_charts)')
    svg = re.search(r'<svg[^>]*aria-label="[^"]*depth[^"]*".*?</svg>', html, re.S)
    if check(svg, 'HTML: a depth chart', html[:300]):
        s = svg.group(0)
        check("depth of the gold row&#39;s source line in the context (%, bin start)" in s and
              'mean label (0' in s,
              'depth chart: axis titles', s[:2000])
        check(re.search(r'<title>[^<]*n=\d+ gold rows', s), 'depth chart: n per point', s[:2000])
        check('<g class="legend">' in s, 'depth chart: a legend', s[:500])


# ---------------------------------------------------------------- the checks

def main():
    tmp = tempfile.mkdtemp(prefix='hb-e2e-report-run-')
    try:
        srv = H.FakeServer(tmp, tag='srv', max_seconds=120)
        try:
            ep = endpoint(tmp, srv.port)
            db = os.path.join(tmp, 'a.sqlite')
            hb(['run', SUITE, '--endpoint', ep, '--root', SRC, '--run', db, '--no-cache',
                '--filter', 'mini-q0[1-6]-*'], tmp)
        finally:
            srv.stop()
        (recorded,) = query(db, "SELECT value FROM run WHERE key = 'endpoint'")[0]
        e = json.loads(recorded)
        check(e.get('price_in') == 2.5 and e.get('price_out') == 10,
              'the run records the prices', recorded)
        check(KEY not in recorded and 'api_key' not in e, 'no secret in the recorded endpoint',
              recorded)
        gold_replies(db)
        hb(['score', db], tmp)
        versions = query(db, "SELECT DISTINCT scorer_version FROM scores")
        check(versions == [(SCORER_VERSION,)], 'score records the scorer version', versions)

        rep, _ = report_json(tmp, db)
        if rep:
            run = rep['runs'][0]
            cost = run.get('cost', {})
            tin, tout = cost.get('input_tokens'), cost.get('output_tokens')
            if check(isinstance(tin, (int, float)) and tin > 0 and tout, 'tokens recorded', cost):
                want = (tin * 2.5 + tout * 10) / 1e6
                check(abs(cost.get('cost_usd', -1) - want) < 1e-12, 'cost in dollars', cost, want)
            check(run.get('metadata', {}).get('scorer_version') == SCORER_VERSION,
                  'the report names the scorer version', run.get('metadata'))
            check(rep['warnings'].get('scorers_differ') is False, 'one run: no scorer warning',
                  rep['warnings'])
            check_depth(rep, db)
        r = hb(['report', db], tmp)
        check(re.search(r'cost \(USD\)\s+\d+\.\d+', r.out), 'text report: a dollar figure',
              r.out[-3000:])

        # side by side with another version of the rules
        other = os.path.join(tmp, 'b.sqlite')
        shutil.copy(db, other)
        execute(other, "UPDATE scores SET scorer_version = '0'")
        rep, r = report_json(tmp, db, other)
        if rep:
            check(rep['warnings'].get('scorers_differ') is True, 'scorers_differ in JSON',
                  rep['warnings'])
        check('different versions of' in r.err, 'the warning on stderr', r.err)
        for fmt in ('text', 'md', 'html'):
            r = hb(['report', '--format', fmt, db, other], tmp)
            check('scored by different versions of deterministic-v1' in r.out,
                  fmt + ': the scorer warning block', r.out[:3000])
        check_depth_formats(tmp, db, other)

        # a run scored before versions were stored: reported, then migrated by `score`
        old = os.path.join(tmp, 'old.sqlite')
        shutil.copy(db, old)
        execute(old, 'ALTER TABLE scores DROP COLUMN scorer_version')
        rep, _ = report_json(tmp, old)
        if rep:
            check(rep['runs'][0]['metadata'].get('scorer_version') == 'not recorded',
                  'an old run: version not recorded', rep['runs'][0]['metadata'])
        rep, r = report_json(tmp, db, old)
        if rep:
            check(rep['warnings'].get('scorers_differ') is True,
                  'a recorded and an unrecorded version differ', rep['warnings'])
        hb(['score', old], tmp)
        check(query(old, "SELECT DISTINCT scorer_version FROM scores") == [(SCORER_VERSION,)],
              'score migrates an old run in place', query(old, "SELECT * FROM scores LIMIT 1"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print('%d failure(s)' % len(failures))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
