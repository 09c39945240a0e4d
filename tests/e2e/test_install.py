#!/usr/bin/env python3
"""holobench as an installed program: configure a second build with --prefix in a temporary
folder, `meson install` it there, and use the installed binary from an empty folder.

  files       the binary, share/holobench/{schemas,queries,harness/prompts,harness/endpoints},
              a man page per command of `help --options` (and holobench.1) and bash and zsh
              completion, each naming every long option of every command's --help
  lookup      `where` from an empty folder: the installed data; $HOLOBENCH_HOME before it; a
              folder with a holobench.json (found from a subfolder) before both; --root first
  built-in    with the installed prompts deleted, `where prompt answer` is built-in:answer
  pipeline    generate --preset quick, run (against the fake server, compiled-in prompt),
              score, report, show; the run records its suite absolute and relative
  moved       the folder moved as a whole: score and show still find the suite

usage: test_install.py HOLOBENCH SOURCE_ROOT   (HOLOBENCH is not used: the test builds its
own; exit 77, skipped, when meson or ninja is missing)"""
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

SRC = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
if not SRC:
    sys.exit(__doc__)
failures = []


def check(cond, what, *detail):
    if not cond:
        msg = what + (': ' + ' | '.join(str(d)[:800] for d in detail) if detail else '')
        failures.append(msg)
        print('FAIL ' + msg, flush=True)
    return cond


def env_without_home(**extra):
    e = {k: v for k, v in os.environ.items() if k != 'HOLOBENCH_HOME'}
    e.update(LC_ALL='C', NO_COLOR='1')
    e.update(extra)
    return e


def hb(args, cwd, timeout=120, **extra):
    """The installed holobench, with $HOLOBENCH_HOME only when given."""
    p = subprocess.run([BIN] + list(args), cwd=cwd, env=env_without_home(**extra),
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    H.fail_on_sanitizer(args, p.stderr)
    return H.Result(list(args), p.returncode, p.stdout.decode('utf-8', 'replace'),
                    p.stderr.decode('utf-8', 'replace'))


def install(tmp):
    meson, ninja = shutil.which('meson'), shutil.which('ninja')
    if not meson or not ninja:
        print('SKIP: meson or ninja not found')
        sys.exit(77)
    build, prefix = os.path.join(tmp, 'build'), os.path.join(tmp, 'prefix')
    t0 = time.monotonic()
    for cmd in ([meson, 'setup', build, SRC, '--prefix', prefix],
                [ninja, '-C', build, '-j2'],
                [meson, 'install', '-C', build, '--quiet']):
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=240,
                           stdin=subprocess.DEVNULL, env=env_without_home())
        if p.returncode != 0:
            sys.exit('FAIL: %s: exit %d\n%s%s' % (' '.join(cmd), p.returncode, p.stdout[-3000:],
                                                   p.stderr[-3000:]))
    print('configured, built and installed in %.1f s' % (time.monotonic() - t0), flush=True)
    return prefix


def long_options(cmd):
    r = hb([cmd, '--help'], cwd=EMPTY)
    check(r.rc == 0, f'{cmd} --help exits 0', r.rc, r.err)
    return sorted(set(re.findall(r'--[a-z][a-z-]+', r.out.split('options:', 1)[-1])))


def test_files(prefix):
    share = os.path.join(prefix, 'share')
    data = os.path.join(share, 'holobench')
    for rel in ('schemas/wine/schema.sql', 'schemas/wine/verbalize.json', 'queries/wine.json',
                'harness/prompts/answer.txt', 'harness/prompts/judge-label.txt',
                'harness/endpoints/openai.json'):
        check(os.path.isfile(os.path.join(data, rel)), f'installed {rel}')
    r = hb(['help', '--options'], cwd=EMPTY)
    cmds = [line.split('\t')[0] for line in r.out.splitlines()]
    check(r.rc == 0 and len(cmds) >= 12 and 'where' in cmds, 'help --options lists commands',
          r.out)
    man1 = os.path.join(share, 'man', 'man1')
    check(os.path.isfile(os.path.join(man1, 'holobench.1')), 'holobench.1 installed')
    bash = os.path.join(share, 'bash-completion', 'completions', 'holobench.bash')
    zsh = os.path.join(share, 'zsh', 'site-functions', '_holobench')
    btext = open(bash).read() if check(os.path.isfile(bash), 'bash completion') else ''
    ztext = open(zsh).read() if check(os.path.isfile(zsh), 'zsh completion') else ''
    if btext and shutil.which('bash'):
        p = subprocess.run(['bash', '-n', bash], capture_output=True, text=True)
        check(p.returncode == 0, 'bash completion parses', p.stderr)
    groff = shutil.which('groff')
    for c in cmds:
        page = os.path.join(man1, f'holobench-{c}.1')
        if not check(os.path.isfile(page), f'man page of {c}'):
            continue
        text = open(page, encoding='utf-8').read()
        bcase = re.search(r'^    %s\) opts="([^"]*)"' % re.escape(c), btext, re.M)
        zcase = re.search(r'^  %s\)\n(.*?)^    ;;' % re.escape(c), ztext, re.M | re.S)
        check(bcase and zcase, f'{c}: a case in both completions')
        for opt in long_options(c):
            check(opt.replace('-', '\\-') in text, f'{c}: {opt} in its man page')
            check(bcase and opt in bcase.group(1).split(), f'{c}: {opt} in bash completion')
            check(zcase and f"'{opt}[" in zcase.group(1), f'{c}: {opt} in zsh completion')
        if groff:
            p = subprocess.run([groff, '-man', '-ww', '-z', page], capture_output=True,
                               text=True)
            check(p.returncode == 0 and not p.stderr.strip(), f'{c}: groff reads its page',
                  p.stderr)


def test_lookup(tmp, data):
    r = hb(['where'], cwd=EMPTY)
    check(r.rc == 0 and re.search(r'^benchmark folder +\(none', r.out, re.M),
          'where: no benchmark folder in an empty folder', r.out, r.err)
    check(re.search(r'^schemas +%s \(installed data\)' % re.escape(data + '/schemas'), r.out,
                    re.M), 'where: schemas from the installed data', r.out)
    check(re.search(r'^prompt answer +%s \(installed data\)' % re.escape(
        data + '/harness/prompts/answer.txt'), r.out, re.M), 'where: installed prompt', r.out)
    # $HOLOBENCH_HOME, then a benchmark folder (found from below), then --root
    home, bench, other = (os.path.join(tmp, n) for n in ('home', 'bench', 'other'))
    for d in (home, bench, other):
        os.makedirs(os.path.join(d, 'harness', 'endpoints'))
        with open(os.path.join(d, 'harness', 'endpoints', 'mine.json'), 'w') as f:
            f.write('{}\n')
    os.makedirs(os.path.join(bench, 'sub', 'deeper'))
    with open(os.path.join(bench, 'holobench.json'), 'w') as f:
        f.write('{}\n')
    want = lambda d: os.path.realpath(os.path.join(d, 'harness', 'endpoints', 'mine.json'))
    r = hb(['where', 'endpoint', 'mine'], cwd=EMPTY)
    check(r.rc == 1, 'where endpoint mine: not found without a home', r.rc, r.out)
    r = hb(['where', 'endpoint', 'mine'], cwd=EMPTY, HOLOBENCH_HOME=home)
    check(r.rc == 0 and os.path.realpath(r.out.strip()) == want(home),
          'where: $HOLOBENCH_HOME before the installed data', r.out, r.err)
    r = hb(['where', 'endpoint', 'mine'], cwd=os.path.join(bench, 'sub', 'deeper'),
           HOLOBENCH_HOME=home)
    check(r.rc == 0 and os.path.realpath(r.out.strip()) == want(bench),
          'where: the holobench.json folder above before $HOLOBENCH_HOME', r.out, r.err)
    r = hb(['where', '--root', other, 'endpoint', 'mine'], cwd=os.path.join(bench, 'sub'),
           HOLOBENCH_HOME=home)
    check(r.rc == 0 and os.path.realpath(r.out.strip()) == want(other),
          'where: --root before everything', r.out, r.err)
    r = hb(['where', 'schemas'], cwd=os.path.join(bench, 'sub'))
    check(r.rc == 0 and r.out.strip() == data,
          'where schemas: a benchmark folder without schemas/ falls through', r.out, r.err)


def run_info(db):
    c = sqlite3.connect(db)
    try:
        return dict(c.execute('SELECT key, value FROM run'))
    finally:
        c.close()


def test_pipeline(tmp, data):
    shutil.rmtree(os.path.join(data, 'harness', 'prompts'))
    r = hb(['where', 'prompt', 'answer'], cwd=EMPTY)
    check(r.rc == 0 and r.out.strip() == 'built-in:answer',
          'where prompt answer: built-in once the files are gone', r.out, r.err)
    work = os.path.join(tmp, 'work')
    os.makedirs(os.path.join(work, 'results'))
    r = hb(['generate', '--preset', 'quick', '-o', 'quick.jsonl', '-q'], cwd=work)
    lines = open(os.path.join(work, 'quick.jsonl')).read().splitlines() if r.rc == 0 else []
    check(r.rc == 0 and len(lines) > 100, 'generate --preset quick from an empty folder',
          r.rc, r.err)
    if not lines:
        return
    first = json.loads(lines[0])['id']
    srv = H.FakeServer(tmp, '--log', os.path.join(tmp, 'server.log'))
    try:
        ep = os.path.join(tmp, 'fake.json')
        with open(ep, 'w') as f:
            json.dump({'api': 'openai-chat', 'base_url': f'http://127.0.0.1:{srv.port}/v1',
                       'model': 'fake-model', 'api_key_env': 'HB_E2E_INSTALL_KEY',
                       'params': {'temperature': 0, 'max_tokens': 64}, 'concurrency': 4,
                       'timeout_s': 20, 'max_retries': 2}, f)
        r = hb(['run', 'quick.jsonl', '--endpoint', ep, '--run', 'results/fake.sqlite',
                '--limit', '16'], cwd=work, HB_E2E_INSTALL_KEY='fake-key-for-tests')
        check(r.rc == 0, 'run with the compiled-in prompt', r.rc, r.err)
    finally:
        srv.stop()
    db = os.path.join(work, 'results', 'fake.sqlite')
    if not check(os.path.isfile(db), 'run database written'):
        return
    info = run_info(db)
    with open(os.path.join(SRC, 'harness', 'prompts', 'answer.txt'), 'rb') as f:
        want_hash = hashlib.sha256(f.read()).hexdigest()
    check(info.get('prompt') == 'built-in:answer', 'run records the built-in prompt', info)
    check(info.get('prompt_hash') == want_hash, 'built-in prompt is answer.txt byte for byte',
          info.get('prompt_hash'), want_hash)
    check(info.get('suite_path') == os.path.realpath(os.path.join(work, 'quick.jsonl')),
          'suite_path is absolute', info.get('suite_path'))
    check(info.get('suite_path_rel') == '../quick.jsonl', 'suite_path_rel is relative to the run',
          info.get('suite_path_rel'))
    r = hb(['score', 'results/fake.sqlite'], cwd=work)
    check(r.rc == 0, 'score', r.rc, r.err)
    r = hb(['report', 'results/fake.sqlite'], cwd=work)
    check(r.rc == 0 and r.out.strip(), 'report', r.rc, r.err)
    # from another folder, and after the folder moved: the suite is still found
    r = hb(['show', os.path.join(work, 'results', 'fake.sqlite'), first], cwd=EMPTY)
    check(r.rc == 0 and re.search(r'^question ', r.out, re.M),
          'show from another folder finds the question', r.rc, r.out[:400], r.err)
    moved = os.path.join(tmp, 'moved')
    os.rename(work, moved)
    run = os.path.join(moved, 'results', 'fake.sqlite')
    r = hb(['show', run, first], cwd=EMPTY)
    check(r.rc == 0 and re.search(r'^question ', r.out, re.M),
          'show after the folder moved finds the question', r.rc, r.out[:400], r.err)
    r = hb(['score', run], cwd=EMPTY)
    check(r.rc == 0, 'score after the folder moved', r.rc, r.err)


def main():
    global BIN, EMPTY
    tmp = tempfile.mkdtemp(prefix='hb-e2e-install-')
    try:
        prefix = install(tmp)
        BIN = os.path.join(prefix, 'bin', 'holobench')
        EMPTY = os.path.join(tmp, 'empty')
        os.makedirs(EMPTY)
        data = os.path.join(prefix, 'share', 'holobench')
        test_files(prefix)
        test_lookup(tmp, data)
        test_pipeline(tmp, data)
    finally:
        if failures and os.environ.get('HB_KEEP_TMP'):
            print('kept', tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print('test_install: %d failures' % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
