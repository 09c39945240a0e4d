#!/usr/bin/env python3
"""`calibrate -o FILE` and `generate --tokenizer calibrated:FILE` against the fake server,
which counts prompt tokens as UTF-8 bytes / 4 rounded up (tests/fake_server: tokens_of) plus
3 per request and 4 per message.

Calibration fits the server's reported tokens against the estimate; a suite generated with
the calibration must then be sized in the server's tokens: every context's count by the
server's rule (bytes / 4) within 2% of the context_tokens holobench recorded, and within 2% of
its target.  A run of that suite with `run --tokenizer calibrated:FILE` records prompt tokens
whose relative error against the server's count `report` shows (median, p5, p95), within 2%;
the same run counted with the estimator shows the estimator's drift.  gold re-checks with the
same calibration only.

usage: test_calibrate.py HOLOBENCH SOURCE_ROOT"""
import json
import math
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = H.locate()
failures = 0
KEY = {'HB_TEST_CAL_KEY': 'fake-calibrate-key'}


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print('FAIL:', what, flush=True)


def hb(args, cwd, ok=True, timeout=180):
    r = H.run(binary, args, cwd=cwd, env=KEY, timeout=timeout)
    if ok and r.rc != 0:
        sys.exit('FAIL: holobench %s exited %s: %s' % (' '.join(args), r.rc, r.err[-2000:]))
    return r


def server_tokens(text):
    """The fake server's count of a text (tokens_of)."""
    return (len(text.encode('utf-8')) + 3) // 4


def main():
    with tempfile.TemporaryDirectory() as tmp:
        server = H.FakeServer(tmp, tag='cal')
        try:
            run_all(tmp, server.port)
        finally:
            server.stop()


def run_all(tmp, port):
    ep = os.path.join(tmp, 'ep.json')
    with open(ep, 'w') as f:
        json.dump({'api': 'openai-chat', 'base_url': 'http://127.0.0.1:%d/v1' % port,
                   'model': 'cal-model', 'params': {'max_tokens': 64},
                   'api_key_env': 'HB_TEST_CAL_KEY', 'concurrency': 4, 'timeout_s': 20,
                   'max_retries': 2}, f)
    os.makedirs(os.path.join(tmp, 'results'))
    cal = os.path.join(tmp, 'cal.json')
    r = hb(['calibrate', '--endpoint', ep, '--root', src, '--samples', '24', '--run',
            os.path.join(tmp, 'results', 'cal.sqlite'), '-o', cal], tmp)
    c = json.load(open(cal))
    print(r.out.strip())
    check(c.get('prompts') == 24 and 0.5 < c.get('slope', 0) < 1.5 and
          'overhead' in c and 0 <= c.get('relative_error', -1) < 0.02 and
          isinstance(c.get('schemas'), dict) and c.get('measured_with') == 'the estimator',
          'calibration file: %r' % c)

    # a suite sized with the calibration is sized in the server's tokens
    suite = os.path.join(tmp, 'cal.jsonl')
    hb(['generate', '--root', src, '-q', '--tokenizer', 'calibrated:' + cal, '--lengths',
        '2k,8k', '--amount', '512', '--positions', 'uniform,end', '--queries', '*-q0[1-3]',
        '-o', suite], tmp)
    insts = [json.loads(x) for x in open(suite, encoding='utf-8')]
    worst = 0
    for i in insts:
        got = server_tokens(i['context'])
        rel = abs(got - i['context_tokens']) / got
        worst = max(worst, rel, (got - i['target_tokens']) / i['target_tokens'])
        check(rel <= 0.02, '%s: the server counts %d, holobench recorded %d (%.1f%%)'
              % (i['id'], got, i['context_tokens'], 100 * rel))
        check(got <= i['target_tokens'] * 1.02 and got >= i['target_tokens'] * 0.95,
              '%s: the server counts %d for a target of %d' % (i['id'], got,
                                                               i['target_tokens']))
        check(i['generator'].get('tokenizer', {}).get('name') == 'calibrated:cal.json',
              '%s records the calibration: %r' % (i['id'], i['generator']))
    print('calibrated suite: %d instances, worst deviation from the server\'s count %.2f%%'
          % (len(insts), 100 * worst))
    check(len(insts) >= 20, 'the calibrated suite has instances')

    # the estimator's suite drifts from the server's count; the calibrated one does not
    est = os.path.join(tmp, 'est.jsonl')
    hb(['generate', '--root', src, '-q', '--lengths', '8k', '--amount', '512', '--positions',
        'uniform', '--queries', '*-q01', '-o', est], tmp)
    drift = [server_tokens(json.loads(x)['context']) / 8192 - 1 for x in open(est)]
    print('estimator suite: the server counts %+.1f%% .. %+.1f%% of the target'
          % (100 * min(drift), 100 * max(drift)))

    # gold re-checks with the calibration only
    hb(['gold', '--root', src, '-q', '--check', '--tokenizer', 'calibrated:' + cal, suite], tmp)
    r = hb(['gold', '--root', src, '--check', suite], tmp, ok=False)
    check(r.rc == 1 and 'was measured with calibrated:cal.json' in r.err,
          'gold refuses a calibrated suite without the calibration: %s %s' % (r.rc, r.err))
    bad = os.path.join(tmp, 'bad.json')
    with open(bad, 'w') as f:
        json.dump({'slope': 0}, f)
    r = hb(['generate', '--root', src, '--tokenizer', 'calibrated:' + bad, '-o',
            os.path.join(tmp, 'x.jsonl')], tmp, ok=False)
    check(r.rc == 1 and 'not a calibration' in r.err and not os.path.exists(
        os.path.join(tmp, 'x.jsonl')), 'a calibration without a slope is refused: %s' % r.err)

    # report: the relative error of requested against reported prompt tokens, per run
    runs = {}
    for name, extra in (('calibrated', ['--tokenizer', 'calibrated:' + cal]), ('estimated', [])):
        runs[name] = os.path.join(tmp, 'results', name + '.sqlite')
        hb(['run', suite, '--endpoint', ep, '--root', src, '--run', runs[name], '--no-cache',
            '-q'] + extra, tmp)
        hb(['score', runs[name], '--root', src, '-q'], tmp)
    db = sqlite3.connect(runs['calibrated'])
    rel = sorted((p - i) / i for p, i in db.execute(
        'SELECT prompt_tokens, input_tokens FROM instances WHERE input_tokens > 0'))
    db.close()
    r = hb(['report', runs['calibrated'], runs['estimated'], '--format', 'json'],
           tmp)
    rep = json.loads(r.out)
    costs = {}

    def find(o):
        if isinstance(o, dict):
            if 'prompt_error_p50' in o:
                costs[len(costs)] = o
            for v in o.values():
                find(v)
        elif isinstance(o, list):
            for v in o:
                find(v)
    find(rep)
    check(len(costs) == 2, 'report --format json has the prompt error of both runs: %r'
          % list(costs.values()))
    if len(costs) == 2:
        cal_cost, est_cost = costs[0], costs[1]
        mid = rel[len(rel) // 2] if len(rel) % 2 else (rel[len(rel) // 2 - 1] +
                                                       rel[len(rel) // 2]) / 2
        check(cal_cost['prompt_error_n'] == len(rel) and
              math.isclose(cal_cost['prompt_error_p50'], mid, abs_tol=1e-9),
              'median relative error %r equals the database\'s %r' % (cal_cost, mid))
        check(abs(cal_cost['prompt_error_p50']) < 0.02 and
              abs(cal_cost['prompt_error_p5']) < 0.03 and abs(cal_cost['prompt_error_p95']) < 0.03,
              'calibrated prompts are within 2%% of the server\'s count: %r' % cal_cost)
        check(est_cost['prompt_error_p50'] > cal_cost['prompt_error_p50'] + 0.02,
              'the estimator\'s prompts drift from the server\'s count: %r' % est_cost)
        print('prompt error, calibrated: p50 %+.2f%% p5 %+.2f%% p95 %+.2f%%; estimated: p50 '
              '%+.2f%%' % (100 * cal_cost['prompt_error_p50'], 100 * cal_cost['prompt_error_p5'],
                           100 * cal_cost['prompt_error_p95'], 100 * est_cost['prompt_error_p50']))
    for fmt in ('text', 'md', 'html'):
        r = hb(['report', runs['calibrated'], '--format', fmt], tmp)
        check('Prompt tokens: requested vs reported' in r.out,
              'report --format %s shows the prompt error table' % fmt)


main()
sys.exit(1 if failures else 0)
