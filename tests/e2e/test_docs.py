#!/usr/bin/env python3
"""The README documents what `holobench help` and every `CMD --help` offer: each command is
in the README's command table and each long option of each command appears in the README,
so that the documentation cannot drift from the program.

usage: test_docs.py HOLOBENCH SOURCE_ROOT"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary, src = sys.argv[1], sys.argv[2]
readme = open(os.path.join(src, "README.md"), encoding="utf-8").read()
failures = 0


def run(*args):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=30)
    H.fail_on_sanitizer(args, p.stderr)
    return p.returncode, p.stdout


rc, out = run("help")
commands = [m.group(1) for m in re.finditer(r"^  (\w+)\s{2,}", out, re.M)]
if rc != 0 or len(commands) < 10:
    print(f"FAIL: holobench help lists {commands}")
    failures += 1
for c in commands:
    if c in ("help", "version"):
        continue
    if f"`holobench {c}" not in readme:
        print(f"FAIL: command '{c}' is not in the README")
        failures += 1
    rc, text = run(c, "--help")
    if rc != 0 or not text.startswith(f"usage: holobench {c}"):
        print(f"FAIL: '{c} --help' exits {rc} or lacks its usage line")
        failures += 1
    for opt in sorted(set(re.findall(r"--[a-z][a-z-]+", text))):
        if opt != "--help" and opt not in readme:
            print(f"FAIL: option {opt} of '{c}' is not in the README")
            failures += 1
print(f"test_docs: {len(commands)} commands, {failures} failures")
sys.exit(1 if failures else 0)
