#!/usr/bin/env python3
"""Bad-input cases for `holobench generate`, kept as data in tests/e2e/badinput/.

    test_badinput.py [HOLOBENCH [SOURCE_ROOT]] [CASE...]

Each case is a folder badinput/CASE/ with:
  edits.json  a list of edits applied to a fresh copy of tests/data/root:
                {"file": F, "line": N, "text": T}      replace line N (from 1) of F with T
                {"file": F, "find": S, "replace": R}  replace the one occurrence of S in F
                {"file": F, "content": C}             write F (creating it) with C
  root/       (optional) files copied over the root, replacing or adding
  expect      `exit N` and the lines stderr must contain, each as a whole line (paths are
              relative to the case root); lines starting with '#' are comments
  args        (optional) the command's arguments, one per line, instead of
              `generate --preset quick -o out.jsonl --root .` (e.g. `validate`, `--root`, `.`)

The test copies the root into a temporary folder, applies the case, and runs
`holobench generate --preset quick -o out.jsonl --root .` (or the case's args) there.  The
exit status must match, each expected line must be a line of stderr, and a failed run must
leave no out.jsonl behind.  Exit status 1 if any case failed.
"""

import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'badinput')
ARGS = ['generate', '--preset', 'quick', '-o', 'out.jsonl', '--root', '.']


class CaseError(Exception):
    pass


def apply_edit(root, e):
    path = os.path.join(root, e['file'])
    if 'content' in e:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(e['content'])
        return
    with open(path, encoding='utf-8', newline='') as f:
        text = f.read()
    if 'line' in e:
        lines = text.splitlines(True)
        n = e['line']
        if not 1 <= n <= len(lines):
            raise CaseError('%s has no line %d' % (e['file'], n))
        old = lines[n - 1]
        end = old[len(old.rstrip('\r\n')):]
        if old.rstrip('\r\n') == e['text']:
            raise CaseError('%s:%d already reads %r: the edit changes nothing' % (
                e['file'], n, e['text']))
        lines[n - 1] = e['text'] + end
        text = ''.join(lines)
    elif 'find' in e:
        k = text.count(e['find'])
        if k != 1:
            raise CaseError('%s: %r occurs %d times, not once' % (e['file'], e['find'], k))
        text = text.replace(e['find'], e['replace'])
    else:
        raise CaseError('edit without line, find or content: %r' % e)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(text)


def load_expect(case_dir):
    code, lines = None, []
    with open(os.path.join(case_dir, 'expect'), encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n').rstrip('\r')
            if not line or line.startswith('#'):
                continue
            if line.startswith('exit ') and code is None and not lines:
                code = int(line.split()[1])
            else:
                lines.append(line)
    if code is None:
        raise CaseError('expect has no "exit N" line')
    return code, lines


def run_case(binary, data_root, name, tmp):
    case_dir = os.path.join(CASES, name)
    root = os.path.join(tmp, name)
    shutil.copytree(data_root, root)
    overlay = os.path.join(case_dir, 'root')
    if os.path.isdir(overlay):
        shutil.copytree(overlay, root, dirs_exist_ok=True)
    edits_path = os.path.join(case_dir, 'edits.json')
    if os.path.exists(edits_path):
        with open(edits_path, encoding='utf-8') as f:
            for e in json.load(f):
                apply_edit(root, e)
    code, want = load_expect(case_dir)
    args = ARGS
    if os.path.exists(os.path.join(case_dir, 'args')):
        with open(os.path.join(case_dir, 'args'), encoding='utf-8') as f:
            args = [a for a in f.read().split('\n') if a]
    r = H.run(binary, args, cwd=root, timeout=30)
    problems = []
    if r.rc != code:
        problems.append('exit status: expected %s, got %s' % (code, r.rc))
    got_lines = [x.rstrip('\r') for x in r.err.split('\n')]
    for w in want:
        if w not in got_lines:
            problems.append('stderr lacks the line: %s' % w)
    if r.rc != 0 and os.path.exists(os.path.join(root, 'out.jsonl')):
        problems.append('a failed run left out.jsonl behind')
    if problems:
        return problems, r
    return [], r


def main():
    argv = sys.argv
    names = [a for a in argv[3:]]
    binary, src = H.locate(argv[:3])
    data_root = os.path.join(src, 'tests', 'data', 'root')
    t0 = time.time()
    all_cases = sorted(d for d in os.listdir(CASES)
                       if os.path.isdir(os.path.join(CASES, d)))
    names = names or all_cases
    failed = []
    with H.TempDir() as tmp:
        for name in names:
            try:
                problems, r = run_case(binary, data_root, name, tmp)
            except (CaseError, OSError, ValueError) as e:
                problems, r = ['the case itself is broken: %s' % e], None
            if problems:
                failed.append(name)
                print('FAIL [badinput] %s:' % name)
                for p in problems:
                    print('    ' + p)
                if r is not None:
                    print('    --- stderr (exit %s) ---' % r.rc)
                    for line in r.err.rstrip().split('\n'):
                        print('    | ' + line)
            else:
                print('ok   [badinput] %s' % name)
    print('\n%d cases, %d failed, %.1f s' % (len(names), len(failed), time.time() - t0))
    if failed:
        print('failed: ' + ', '.join(failed))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
