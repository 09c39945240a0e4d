#!/usr/bin/env python3
"""The layering rule, checked with the build's own compiler flags: a source file of layer L
can include every header of its own and lower layers, and no header of a higher layer.

For each layer it takes the compile command of one of its files from the build's
compile_commands.json, and compiles (-fsyntax-only) a probe file that includes one header,
for every header of every layer. An upward include that compiles, or a downward include that
does not, fails the test. This also checks that every header compiles on its own.

usage: test_layering.py BUILD_DIR SOURCE_ROOT
"""
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys
import tempfile

LAYERS = ["base", "data", "gen", "api", "eval", "cli"]


def layer_of(path, src):
    rel = os.path.relpath(path, src)
    top = rel.split(os.sep)[0]
    return top if top in LAYERS and rel.endswith(".c") else None


def probe_commands(build, src):
    """One compile command (argument list, cwd) per layer, with the source and outputs removed."""
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = json.load(f)
    cmds = {}
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        layer = layer_of(path, src)
        if layer is None or layer in cmds:
            continue
        args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        kept, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MQ", "-MT", "-c"):
                skip = True
                continue
            if a in ("-MD", "-MMD") or os.path.normpath(os.path.join(e["directory"], a)) == path:
                continue
            kept.append(a)
        cmds[layer] = (kept, e["directory"])
    return cmds


def compiles(cmd, cwd, header, tmp):
    fd, probe = tempfile.mkstemp(suffix=".c", dir=tmp)
    with os.fdopen(fd, "w") as f:
        f.write('#include "%s"\nint layering_probe(void);\n' % header)
    r = subprocess.run(cmd + ["-fsyntax-only", "-c", probe], cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode == 0, r.stdout


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    src = os.path.join(root, "src")
    cmds = probe_commands(build, src)
    missing = [l for l in LAYERS if l not in cmds]
    if missing:
        sys.exit("no compile command for layer(s) %s in compile_commands.json" % missing)
    headers = [(j, h) for j, l in enumerate(LAYERS)
               for h in sorted(os.listdir(os.path.join(src, l))) if h.endswith(".h")]
    jobs = []
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for i, layer in enumerate(LAYERS):
            cmd, cwd = cmds[layer]
            for j, h in headers:
                jobs.append((layer, LAYERS[j], h, j <= i, pool.submit(compiles, cmd, cwd, h, tmp)))
                if j > i:  # nor spelled with its folder, through an include path above src/L
                    qual = LAYERS[j] + "/" + h
                    jobs.append((layer, LAYERS[j], qual, False,
                                 pool.submit(compiles, cmd, cwd, qual, tmp)))
        bad = 0
        for layer, hl, h, want, fut in jobs:
            ok, out = fut.result()
            if ok != want:
                bad += 1
                verb = "does not compile" if want else "compiles (an upward include)"
                print("FAIL: %s/%s included from layer %s %s" % (hl, h, layer, verb))
                if want:
                    print(out[-2000:])
    print("%d includes checked across %d layers, %d wrong" % (len(jobs), len(LAYERS), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
