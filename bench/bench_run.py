#!/usr/bin/env python3
"""Run benchmark: `holobench run` over ~1000 instances against the fake server
(tests/fake_server/fake_server.py) answering every request after a fixed latency, with
--no-cache, so that every instance is one request.  The server sends no rate-limit headers
(like vLLM): its simulated default token limit (2M per minute) would otherwise run out
after ~800 of these prompts and rightly pause the client for up to a minute.

Prints the achieved requests per second against the ideal concurrency / latency (target
>= 90 %), the effective concurrency, and the client's CPU time per request from the
holobench child's rusage (os.wait4: (utime + stime) / requests; target < 1 ms).

usage: bench/bench_run.py [BINARY [ROOT]] [--latency-ms 100] [--concurrency 32] [--seeds 13]
(defaults: build/holobench, .)
"""
import argparse
import calendar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request


def arrival_and_end(rec):
    t = rec['time']
    end = calendar.timegm(time.strptime(t[:19], '%Y-%m-%dT%H:%M:%S')) + int(t[20:23]) / 1000.0
    return end - rec['duration_ms'] / 1000.0, end


def proc_cpu(pid):
    """CPU seconds (user + system, all threads) of a live process, from /proc (Linux)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf('SC_CLK_TCK'))
    except (OSError, ValueError, IndexError):
        return float('nan')


def run_against_fake(binary, root, suite, latency_ms, concurrency, tmp):
    """Starts the fake server, runs `holobench run` over the suite with --no-cache and returns
    (stats, recs, wall, ru, srv_cpu): the server's /_stats, its log records, the wall time,
    holobench's rusage and the server's CPU seconds."""
    fake = os.path.join(root, 'tests', 'fake_server', 'fake_server.py')
    log = os.path.join(tmp, 'server.log')
    portfile = os.path.join(tmp, 'port')
    with open(portfile, 'w') as fo:
        # The server is started through a two-line bootstrap that sets TCP_NODELAY on its
        # sockets: http.server writes a reply's headers and body in two send() calls, and
        # with Nagle on the second waits for the client's delayed ACK (~40 ms on Linux),
        # which would cap this benchmark at about 32 / 0.14 s whatever the client does.
        boot = ('import sys; sys.path.insert(0, sys.argv[1]); import fake_server; '
                'fake_server.Handler.disable_nagle_algorithm = True; '
                'sys.exit(fake_server.main(sys.argv[2:]))')
        srv = subprocess.Popen([sys.executable, '-c', boot, os.path.dirname(fake),
                                '--port', '0', '--latency-ms',
                                str(latency_ms), '--max-seconds', '600', '--log', log,
                                '--no-ratelimit-headers', '--exit-with-parent'], stdout=fo,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        port = None
        while port is None:
            with open(portfile) as f:
                m = re.match(r'PORT (\d+)\n', f.read())
            if m:
                port = int(m.group(1))
            elif srv.poll() is not None or time.monotonic() > deadline:
                sys.exit('the fake server did not start')
            else:
                time.sleep(0.02)
        ep = os.path.join(tmp, 'bench.json')
        with open(ep, 'w') as f:
            json.dump({'api': 'openai-chat', 'base_url': 'http://127.0.0.1:%d/v1' % port,
                       'model': 'fake-model', 'api_key_env': 'HB_BENCH_KEY',
                       'params': {'temperature': 0, 'max_tokens': 256},
                       'concurrency': concurrency, 'timeout_s': 60, 'max_retries': 2}, f)
        env = dict(os.environ, HB_BENCH_KEY='fake-bench-key')
        cmd = [binary, 'run', suite, '--endpoint', ep, '--run',
               os.path.join(tmp, 'run.sqlite'), '--no-cache', '--root', root, '-q']
        srv_cpu0 = proc_cpu(srv.pid)
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.stderr.read().decode('utf-8', 'replace')
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        srv_cpu = proc_cpu(srv.pid) - srv_cpu0
        p.stderr.close()
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            sys.exit('holobench run failed (%d): %s' % (p.returncode, err))
        with urllib.request.urlopen('http://127.0.0.1:%d/_stats' % port, timeout=5) as r:
            stats = json.loads(r.read())
        with open(log, encoding='utf-8') as f:
            recs = [json.loads(line) for line in f if line.strip()]
    finally:
        srv.terminate()
        try:
            srv.wait(5)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait(5)

    return stats, recs, wall, ru, srv_cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('binary', nargs='?', default='build/holobench')
    ap.add_argument('root', nargs='?', default='.')
    ap.add_argument('--latency-ms', type=float, default=100)
    ap.add_argument('--concurrency', type=int, default=32)
    ap.add_argument('--seeds', type=int, default=13)
    a = ap.parse_args()
    binary, root = os.path.abspath(a.binary), os.path.abspath(a.root)
    ideal = a.concurrency / (a.latency_ms / 1000.0)

    with tempfile.TemporaryDirectory(prefix='hb-bench-run-') as tmp:
        suite = os.path.join(tmp, 'suite.jsonl')
        subprocess.run([binary, 'generate', '-q', '--root', os.path.join(root, 'tests', 'data',
                        'root'), '--preset', 'quick', '--seeds', str(a.seeds), '-o', suite],
                       check=True, timeout=300)
        with open(suite, 'rb') as f:
            n_inst = sum(1 for _ in f)

        stats, recs, wall, ru, srv_cpu = run_against_fake(binary, root, suite, a.latency_ms,
                                                           a.concurrency, tmp)

    n = stats['requests']
    spans = [arrival_and_end(r) for r in recs]
    first = min(s for s, _ in spans)
    last = max(e for _, e in spans)
    phase = last - first
    busy = sum(e - s for s, e in spans)
    cpu = ru.ru_utime + ru.ru_stime
    print('instances %d, requests %d (%s), latency %g ms, concurrency %d'
          % (n_inst, n, ', '.join('%s: %d' % kv for kv in sorted(stats['by_status'].items())),
             a.latency_ms, a.concurrency))
    print('wall %.2f s (holobench start to exit); sending phase %.2f s (first arrival to last '
          'reply)' % (wall, phase))
    rate = n / phase if phase > 0 else 0
    print('requests/s: %.1f in the sending phase, %.1f overall; ideal %.0f/s -> %.1f %% '
          '(target >= 90 %%)' % (rate, n / wall, ideal, 100.0 * rate / ideal))
    print('effective concurrency (mean requests in the server): %.1f of %d; server '
          'in_flight_max %d' % (busy / phase if phase > 0 else 0, a.concurrency,
                                stats['in_flight_max']))
    print('client CPU: user %.3f s + system %.3f s = %.3f ms per request (target < 1 ms); '
          'peak RSS %.1f MB' % (ru.ru_utime, ru.ru_stime, 1000.0 * cpu / max(1, n),
                                 ru.ru_maxrss / 1024.0))
    print('fake server CPU: %.2f s = %.0f %% of one core over the wall time (a Python '
          'server near 100 %% is the limit, not holobench); %d cores' %
          (srv_cpu, 100.0 * srv_cpu / wall, os.cpu_count() or 0))
    return 0 if rate >= 0.9 * ideal and 1000.0 * cpu / max(1, n) < 1.0 else 1


if __name__ == '__main__':
    sys.exit(main())
