#!/usr/bin/env python3
"""`generate --fit-window N --reserve-output M [--shrink]`: a length whose prompt (context +
the answer prompt's own tokens, counted the same way) plus M exceeds N is refused, nothing
written; with --shrink its context is cut to fit by dropping distractor lines (the relevant
lines and the gold stay), and the instance records the fit.  Counted here with the estimator,
re-implemented from its definition (helpers.line_cost).

Also --tokenizer NAME lookup, with a tokenizer written here whose every byte is one token
(a rank file of the 256 bytes and a pattern \\S+|\\s+): found in $HOLOBENCH_TOKENIZERS
before $HOLOBENCH_HOME/tokenizers/, a context's count is then its UTF-8 length, and the fit
is counted with it too.

usage: test_fit.py HOLOBENCH SOURCE_ROOT"""
import base64
import hashlib
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = H.locate()
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print('FAIL:', what, flush=True)


def frame_tokens(question):
    """The answer prompt around an empty context, by the estimator (a cost per line)."""
    text = open(os.path.join(src, 'harness', 'prompts', 'answer.txt'), encoding='utf-8').read()
    text = text.replace('{context}', '', 1).replace('{question}', question, 1)
    lines = text.split('\n')
    if text.endswith('\n'):  # a final newline ends the last line; it starts none
        lines.pop()
    return sum(H.line_cost(x) for x in lines)


def main():
    grid = ['--root', src, '-q', '--lengths', '4k,8k', '--amount', '1k', '--positions',
            'uniform,end', '--queries', 'wine-q0[1-3]']
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'fit.jsonl')
        r = H.run(binary, ['generate'] + grid + ['--fit-window', '9k', '--reserve-output', '1k',
                                                 '-o', out])
        check(r.rc == 1 and 'length 8192 does not fit a window of 9216' in r.err and
              not os.path.exists(out), 'a length that does not fit is refused: %s' % r.describe())
        r = H.run(binary, ['generate'] + grid + ['--shrink', '-o', out])
        check(r.rc == 2 and '--fit-window' in r.err, '--shrink needs --fit-window: %s'
              % r.describe())

        plain = os.path.join(tmp, 'plain.jsonl')
        r = H.run(binary, ['generate'] + grid + ['-o', plain])
        check(r.rc == 0, r.describe())
        r = H.run(binary, ['generate'] + grid + ['--fit-window', '9k', '--reserve-output', '1k',
                                                 '--shrink', '-o', out])
        check(r.rc == 0, r.describe())
        before = {json.loads(x)['id']: json.loads(x) for x in open(plain, encoding='utf-8')}
        after = [json.loads(x) for x in open(out, encoding='utf-8')]
        check(len(after) == len(before) == 12, 'both suites have 12 instances')
        shrunk = 0
        for i in after:
            f, b = i.get('fit') or {}, before[i['id']]
            frame = frame_tokens(i['question'])
            check(f.get('window') == 9216 and f.get('reserve_output') == 1024 and
                  f.get('prompt_frame') == frame, '%s: fit %r (frame %d)' % (i['id'], f, frame))
            check(i['context_tokens'] + frame + 1024 <= 9216,
                  '%s: %d context + %d prompt + 1024 fits 9216' % (i['id'], i['context_tokens'],
                                                                   frame))
            check(f.get('prompt_tokens') == i['context_tokens'] + frame,
                  '%s: prompt_tokens %r' % (i['id'], f))
            want = min(i['target_tokens'], 9216 - 1024 - frame)
            check(f.get('context_target') == want, '%s: context_target %r, want %d'
                  % (i['id'], f.get('context_target'), want))
            if want == i['target_tokens']:
                check(i['context'] == b['context'], '%s: a length that fits is unchanged'
                      % i['id'])
                continue
            shrunk += 1
            rel = set(tuple(map(json.dumps, r)) for r in i['rows'] if r[0] in i['tables'])
            rel_b = set(tuple(map(json.dumps, r)) for r in b['rows'] if r[0] in b['tables'])
            rows = set(tuple(map(json.dumps, r)) for r in i['rows'])
            rows_b = set(tuple(map(json.dumps, r)) for r in b['rows'])
            check(rel == rel_b and rows < rows_b and i['gold'] == b['gold'],
                  '%s: only distractor lines are dropped (%d of %d lines left)'
                  % (i['id'], len(rows), len(rows_b)))
            check(want - i['context_tokens'] < 60, '%s: the cut context fills its target: %d of '
                  '%d' % (i['id'], i['context_tokens'], want))
        check(shrunk == 6, 'the six 8k instances were cut (%d)' % shrunk)
        r = H.run(binary, ['gold', '--root', src, '--check', out])
        check(r.rc == 0, 'gold --check keeps a cut suite: %s' % r.describe())


def byte_tokenizer(folder, name):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + '.tiktoken')
    with open(path, 'w') as f:
        for i in range(256):
            f.write('%s %d\n' % (base64.b64encode(bytes([i])).decode(), i))
    with open(os.path.join(folder, name + '.json'), 'w') as f:
        json.dump({'name': name, 'pattern': '\\S+|\\s+'}, f)
    return path


def lookup():
    with tempfile.TemporaryDirectory() as tmp:
        env_dir, home = os.path.join(tmp, 'env'), os.path.join(tmp, 'home')
        path = byte_tokenizer(env_dir, 'bytes')
        byte_tokenizer(os.path.join(home, 'tokenizers'), 'bytes')
        with open(os.path.join(home, 'tokenizers', 'bytes.tiktoken'), 'a') as f:
            f.write('eHl6 256\n')  # another file: another SHA-256
        env = {'HOLOBENCH_TOKENIZERS': env_dir, 'HOLOBENCH_HOME': home}
        os.makedirs(os.path.join(env_dir, 'qwen-like'))
        with open(os.path.join(env_dir, 'qwen-like', 'tokenizer.json'), 'w') as f:
            f.write('{}')
        r = H.run(binary, ['where', '--root', src], env=env)
        check(r.rc == 0 and (env_dir + ': bytes, qwen-like') in r.out and
              os.path.join(home, 'tokenizers') + ': bytes' in r.out,
              'where lists the tokenizer folders in lookup order with their tokenizers: %s' %
              r.out[-600:])
        out = os.path.join(tmp, 's.jsonl')
        r = H.run(binary, ['generate', '--root', src, '-q', '--tokenizer', 'bytes', '--lengths',
                           '2k', '--amount', '500', '--positions', 'middle', '--queries',
                           'store-q0[12]', '--fit-window', '2200', '--shrink', '-o', out],
                  env=env)
        check(r.rc == 0, r.describe())
        sha = hashlib.sha256(open(path, 'rb').read()).hexdigest()
        insts = [json.loads(x) for x in open(out, encoding='utf-8')] if r.rc == 0 else []
        for i in insts:
            n = len(i['context'].encode('utf-8'))
            tok = i['generator'].get('tokenizer', {})
            check(tok.get('name') == 'bytes' and tok.get('sha256') == sha,
                  '%s: the file from $HOLOBENCH_TOKENIZERS: %r' % (i['id'], tok))
            check(i['context_tokens'] == n and i['line_tokens'] == n + 1,
                  '%s: %d bytes, context_tokens %d, line_tokens %d' % (
                      i['id'], n, i['context_tokens'], i['line_tokens']))
            check(i['fit']['prompt_tokens'] == n + i['fit']['prompt_frame'] <= 2200,
                  '%s: the fit in bytes: %r' % (i['id'], i['fit']))
        check(len(insts) == 2, 'two instances')
        # run --dry-run counts the prompts with the tokenizer: here their UTF-8 length
        tmpl = open(os.path.join(src, 'harness', 'prompts', 'answer.txt'), encoding='utf-8').read()
        want = sum(len(tmpl.replace('{context}', i['context'], 1)
                       .replace('{question}', i['question'], 1).encode('utf-8')) for i in insts)
        r = H.run(binary, ['run', out, '--endpoint', 'openai', '--root', src, '--dry-run',
                           '--tokenizer', 'bytes'], env=env)
        check(r.rc == 0 and 'input tokens:  %d (prompts counted with bytes' % want in r.out,
              'run --dry-run counts %d prompt tokens with the tokenizer: %s' % (want,
                                                                              r.describe()))
        del env['HOLOBENCH_TOKENIZERS']
        r = H.run(binary, ['gold', '--root', src, '--check', '--tokenizer', 'bytes', out],
                  env=env)
        check(r.rc == 1 and 'was measured with bytes' in r.err,
              'gold with $HOLOBENCH_HOME\'s other file is refused: %s' % r.describe())
        r = H.run(binary, ['generate', '--root', src, '--tokenizer', 'nonesuch', '-o', out],
                  env=env)
        check(r.rc == 1 and "no tokenizer named 'nonesuch'" in r.err and
              os.path.join(home, 'tokenizers') in r.err, 'an unknown name: %s' % r.describe())


main()
lookup()
sys.exit(1 if failures else 0)
