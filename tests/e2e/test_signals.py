#!/usr/bin/env python3
"""A command cut by SIGTERM, SIGINT or SIGHUP leaves no temporary file behind, and the output
it was replacing is whole: the old file as it was, or no file. The signal is sent once the
temporary file has grown past a megabyte (an observable event), so the command is caught
mid-write, not before it started or after it finished.

usage: test_signals.py HOLOBENCH SOURCE_ROOT
"""
import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FAILURES = []


def check(cond, what, *detail):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, *detail, flush=True)


def cut(sig, out, old=None):
    """Starts a paper-preset generate into `out`, sends `sig` mid-write, checks the aftermath."""
    if old is not None:
        with open(out, "wb") as f:
            f.write(old)
    # the signal at its default in the child: under nohup the test's own SIGHUP is ignored, and
    # generate rightly leaves an ignored signal ignored
    p = subprocess.Popen([BIN, "generate", "--root", SRC, "--preset", "paper", "-q", "-o", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
    def grown():
        tmps = glob.glob(out + ".tmp-*")
        try:
            return bool(tmps) and os.path.getsize(tmps[0]) > 1 << 20
        except OSError:
            return False
    caught = bool(H.poll(grown, 60, 0.005, lambda: p.poll() is None))
    if caught:
        p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    H.fail_on_sanitizer(["generate", "(signal %d)" % sig], err)
    name = signal.Signals(sig).name
    check(caught, "%s: the temporary file grew past 1 MB while generate ran" % name)
    check(p.returncode == -sig, "%s: generate dies of the signal" % name, p.returncode)
    left = glob.glob(out + ".tmp-*")
    check(not left, "%s: no temporary file is left" % name, left)
    if old is None:
        check(not os.path.exists(out), "%s: no partial output appears" % name)
    else:
        with open(out, "rb") as f:
            check(f.read() == old, "%s: the old output is whole" % name)
    print("  %s after the temporary file passed 1 MB: exit %s, %d temporaries left"
          % (name, p.returncode, len(left)))


def main():
    with tempfile.TemporaryDirectory(prefix="hb-signals-") as tmp:
        cut(signal.SIGTERM, os.path.join(tmp, "a.jsonl"))
        cut(signal.SIGINT, os.path.join(tmp, "b.jsonl"), old=b'{"id": "old"}\n')
        cut(signal.SIGHUP, os.path.join(tmp, "c.jsonl"))
    print("test_signals: %d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
