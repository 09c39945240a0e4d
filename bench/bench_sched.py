#!/usr/bin/env python3
"""Scheduling benchmark (issue 17): does holding a group's members until its leader has
answered cost throughput?  The same ~1000 instances are run twice against the fake server
(fixed latency, no rate-limit headers, --no-cache): once as they are, once with a
`context_id` giving every 6 consecutive instances one group, so that `run` sends each
group's leader first and the other 5 after it answered.  Prints both request rates in the
sending phase and their ratio (target: the grouped run within 10 % of the plain one).

usage: bench/bench_sched.py [BINARY [ROOT]] [--latency-ms 100] [--concurrency 32]
                            [--seeds 13] [--group 6]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_run import arrival_and_end, run_against_fake  # noqa: E402


def rate(recs):
    spans = [arrival_and_end(r) for r in recs]
    phase = max(e for _, e in spans) - min(s for s, _ in spans)
    return len(recs) / phase if phase > 0 else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('binary', nargs='?', default='build/holobench')
    ap.add_argument('root', nargs='?', default='.')
    ap.add_argument('--latency-ms', type=float, default=100)
    ap.add_argument('--concurrency', type=int, default=32)
    ap.add_argument('--seeds', type=int, default=13)
    ap.add_argument('--group', type=int, default=6)
    a = ap.parse_args()
    binary, root = os.path.abspath(a.binary), os.path.abspath(a.root)
    with tempfile.TemporaryDirectory(prefix='hb-bench-sched-') as tmp:
        plain = os.path.join(tmp, 'plain.jsonl')
        subprocess.run([binary, 'generate', '-q', '--root', os.path.join(root, 'tests', 'data',
                        'root'), '--preset', 'quick', '--seeds', str(a.seeds), '-o', plain],
                       check=True, timeout=300)
        grouped = os.path.join(tmp, 'grouped.jsonl')
        with open(plain, encoding='utf-8') as f, open(grouped, 'w', encoding='utf-8') as g:
            for k, line in enumerate(f):
                inst = json.loads(line)
                inst['context_id'] = 'group%06d' % (k // a.group)
                g.write(json.dumps(inst) + '\n')
        rates = {}
        for tag, suite in (('plain', plain), ('grouped', grouped)):
            d = os.path.join(tmp, tag)
            os.mkdir(d)
            stats, recs, wall, ru, _ = run_against_fake(binary, root, suite, a.latency_ms,
                                                        a.concurrency, d)
            rates[tag] = rate(recs)
            print('%-8s %d requests, %.1f requests/s in the sending phase, wall %.2f s, '
                  'server in_flight_max %d' % (tag, stats['requests'], rates[tag], wall,
                                               stats['in_flight_max']))
    ratio = rates['grouped'] / rates['plain'] if rates['plain'] else 0
    print('grouped / plain requests/s: %.3f (groups of %d, latency %g ms, concurrency %d; '
          'target >= 0.90)' % (ratio, a.group, a.latency_ms, a.concurrency))
    return 0 if ratio >= 0.9 else 1


if __name__ == '__main__':
    sys.exit(main())
