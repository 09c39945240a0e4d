#!/usr/bin/env python3
"""`holobench report` over run databases built here with python's sqlite3 (the tables as
src/api/rundb.c and src/eval/scorerun.c create them), with known scores: means and 95% intervals
recomputed independently (the intervals by a clustered bootstrap written here, compared
within a tolerance); paired differences on constructed runs with a known difference; Markdown tables well-formed; the CSV loads with python's csv and
with `sqlite3 :memory: ".import --csv"`; runs side by side; the scorer agreement and
Cohen's kappa on a constructed case; the HTML page self-contained, escaped, and rendered
by headless Chromium (when /usr/bin/chromium exists) without console errors.

usage: test_report.py HOLOBENCH SOURCE_ROOT"""
import csv
import io
import json
import math
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers as H  # noqa: E402

binary = sys.argv[1] if len(sys.argv) > 1 else None
failures = 0
CHROMIUM = "/usr/bin/chromium"


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


def hb(*args, expect=0):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, LC_ALL="C"))
    H.fail_on_sanitizer(args, p.stderr)
    check(p.returncode == expect,
          f"report {' '.join(args)} exited {p.returncode}, expected {expect}: {p.stderr}")
    return p


# ---------------------------------------------------------------- run databases

RUN_DDL = """
CREATE TABLE IF NOT EXISTS run (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE IF NOT EXISTS instances (
    id TEXT PRIMARY KEY NOT NULL,
    query_id TEXT,
    schema TEXT,
    types TEXT,
    difficulty TEXT,
    target_tokens INTEGER,
    info_tokens INTEGER,
    density TEXT,
    position TEXT,
    seed INTEGER,
    request_hash TEXT,
    prompt_tokens INTEGER,
    status TEXT NOT NULL DEFAULT 'pending',
    reply TEXT,
    reasoning TEXT,
    finish_reason TEXT,
    finish_raw TEXT,
    truncated INTEGER,
    refused INTEGER,
    input_tokens INTEGER,
    output_tokens INTEGER,
    reasoning_tokens INTEGER,
    cached_tokens INTEGER,
    usage_estimated INTEGER,
    latency_ms REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    http_status INTEGER,
    last_error TEXT,
    model_returned TEXT,
    response_id TEXT,
    from_cache INTEGER,
    updated_at TEXT,
    score REAL,
    score_gold_hash TEXT,
    labels TEXT,
    scorer TEXT
);
"""
SCORES_DDL = (
    "CREATE TABLE IF NOT EXISTS scores (id TEXT NOT NULL, scorer TEXT NOT NULL, score REAL, "
    "recall REAL, precision REAL, f1 REAL, order_ok INTEGER, items INTEGER, unmatched INTEGER, "
    "says_none INTEGER, extraction TEXT, flag TEXT, labels TEXT, gold_hash TEXT, "
    "scored_at TEXT, PRIMARY KEY (id, scorer))")

DET = "deterministic-v1"


def make_run(path, model, rows, suite=None, scored=True, suite_hash=None):
    """rows: dicts with id, types, difficulty, target_tokens, info_tokens, density, position,
    status, reply, truncated, refused and scores = {scorer: (score, flag, labels)}."""
    con = sqlite3.connect(path)
    con.executescript(RUN_DDL)
    if scored:
        con.execute(SCORES_DDL)
    settings = [("schema_version", "1"), ("model", model), ("api", "openai-chat")]
    if suite:
        settings.append(("suite_path", suite))
    if suite_hash:
        settings.append(("suite_hash", suite_hash))
    con.executemany("INSERT INTO run VALUES (?, ?)", settings)
    for r in rows:
        con.execute(
            "INSERT INTO instances (id, query_id, schema, types, difficulty, target_tokens, "
            "info_tokens, density, position, seed, status, reply, truncated, refused) "
            "VALUES (?, ?, 'mini', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
            (r["id"], r["id"].split("-")[0], json.dumps(r["types"]), r["difficulty"],
             r["target_tokens"], r["info_tokens"], r["density"], r["position"], r["status"],
             r["reply"], r["truncated"], 0))
        for scorer, (score, flag, labels) in (r["scores"] if scored else {}).items():
            con.execute("INSERT INTO scores (id, scorer, score, flag, labels) VALUES (?,?,?,?,?)",
                        (r["id"], scorer, score, flag, json.dumps(labels)))
            if scorer == DET:
                con.execute("UPDATE instances SET score = ?, labels = ?, scorer = ? WHERE id = ?",
                            (score, json.dumps(labels), DET, r["id"]))
    con.commit()
    con.close()


def size_name(n):
    if n % 1048576 == 0:
        return "%dm" % (n // 1048576)
    if n % 1024 == 0:
        return "%dk" % (n // 1024)
    return str(n)


TYPESETS = [["Aggregation"], ["Join", "Ranking"], ["Max/Min"], ["Comparison", "Join"]]
LENGTHS = [4096, 8192, 1048576]
POSITIONS = ["uniform", "begin", "middle"]
DIFFS = ["easy", "medium", "hard"]
SETTINGS = [("a2k", 2048, None), ("d0.5", 0, "0.5")]


def run_rows(salt):
    """A grid of instances with deterministic, varied scores; a few flagged, two unscored."""
    rows = []
    k = 0
    for li, length in enumerate(LENGTHS):
        for pi, pos in enumerate(POSITIONS):
            for ti, types in enumerate(TYPESETS):
                for si, (sname, info, dens) in enumerate(SETTINGS):
                    k += 1
                    iid = "q%02d-%s-%s-%s-s%d" % (ti + 1, size_name(length), sname, pos, si)
                    score = ((k * 37 + salt * 11) % 101) / 100.0
                    flag, status, reply, trunc = None, "done", "answer %d" % k, 0
                    if k % 17 == 0:
                        flag, status, reply, score = "no-reply", "failed", None, 0.0
                    elif k % 13 == 0:
                        flag, trunc, score = "truncated", 1, 0.0
                    elif k % 19 == 0:
                        flag, score = "refused", 0.0
                    scores = {DET: (score, flag, ["exact"] if score > 0.5 else ["none"])}
                    if k in (5, 6) and salt == 0:
                        scores = {}  # not scored yet
                    rows.append(dict(id=iid, types=types, difficulty=DIFFS[k % 3],
                                     target_tokens=length, info_tokens=info, density=dens,
                                     position=pos, status=status, reply=reply, truncated=trunc,
                                     scores=scores))
    return rows


def expected(rows, scorer=DET):
    """{(dimension, value): [scores]}: see expected_clustered."""
    return {k: [s for _, s in v] for k, v in expected_clustered(rows, scorer).items()}


def expected_clustered(rows, scorer=DET):
    """{(dimension, value): [(query id, score)]} the way the contract defines the tables: a
    pending instance (never sent) is in no mean, even with a score stored by an older
    scorer."""
    groups = {}

    def add(dim, value, s):
        groups.setdefault((dim, value), []).append((r["id"].split("-")[0], s))

    for r in rows:
        if scorer not in r["scores"] or r["status"] == "pending":
            continue
        s = r["scores"][scorer][0]
        add("overall", "all", s)
        add("flag", r["scores"][scorer][1] or "ok", s)
        for t in dict.fromkeys(r["types"]):
            add("type", t, s)
            add("length:type", size_name(r["target_tokens"]) + ":" + t, s)
        add("difficulty", r["difficulty"], s)
        length = size_name(r["target_tokens"])
        setting = "d" + r["density"] if r["density"] else "a" + size_name(r["info_tokens"])
        add("length", length, s)
        add("setting", setting, s)
        add("position", r["position"], s)
        add("length:position", length + ":" + r["position"], s)
        add("setting:length", setting + ":" + length, s)
    return groups


def quantile(v, q):
    """numpy's default: linear between order statistics."""
    h = q * (len(v) - 1)
    i = int(h)
    return v[i] + (h - i) * (v[i + 1] - v[i]) if i + 1 < len(v) else v[-1]


def boot_ci(pairs, reps=1000, seed=12345):
    """(mean, lo, hi) of [(cluster, value)]: a percentile bootstrap that draws clusters with
    replacement (an independent implementation: python's generator, per cell); lo and hi
    None with fewer than two clusters."""
    m = sum(v for _, v in pairs) / len(pairs)
    by = {}
    for c, v in pairs:
        by.setdefault(c, []).append(v)
    if len(by) < 2:
        return m, None, None
    global last_clusters
    last_clusters = len(by)
    sums = [(sum(v), len(v)) for v in by.values()]
    rnd = random.Random(seed)
    means = []
    for _ in range(reps):
        draw = rnd.choices(sums, k=len(sums))
        means.append(sum(s for s, _ in draw) / sum(n for _, n in draw))
    means.sort()
    return m, quantile(means, 0.025), quantile(means, 0.975)


last_clusters = 0


def close_ci(lo, hi, plo, phi):
    """Two bootstraps with different generators agree on the bounds within Monte Carlo noise:
    a tenth of the width plus 0.01, more with few clusters (the bootstrap distribution of 4
    clusters of 2 instances has only a few dozen distinct values, so its percentiles jump)."""
    tol = (0.1 + 0.4 / max(last_clusters, 1)) * (phi - plo) + 0.01
    return abs(lo - plo) <= tol and abs(hi - phi) <= tol


# ---------------------------------------------------------------- checks per format

def check_csv(text, runs):
    """runs: {label: rows}.  Every expected group is there with its n, mean and interval."""
    check(text.startswith("run,dimension,value,n,mean,ci_low,ci_high\r\n"), "CSV header, CRLF")
    got, coverage = {}, {}
    for rec in csv.DictReader(io.StringIO(text, newline="")):
        if rec["dimension"].startswith("paired:"):
            continue
        if rec["dimension"] == "cost":
            continue
        if rec["dimension"] == "coverage":
            coverage[(rec["run"], rec["value"])] = rec
            check(rec["mean"] == rec["ci_low"] == rec["ci_high"] == "", f"coverage row {rec}")
            continue
        got[(rec["run"], rec["dimension"], rec["value"])] = rec
    for label, rows in runs.items():
        answered = sum(1 for r in rows if r["status"] != "pending")
        check(coverage.get((label, "instances"), {}).get("n") == str(len(rows)),
              f"CSV coverage: {label} has {len(rows)} instances")
        check(coverage.get((label, "answered"), {}).get("n") == str(answered),
              f"CSV coverage: {label} answered {answered}")
        for (dim, value), vals in expected_clustered(rows).items():
            rec = got.get((label, dim, value))
            check(rec is not None, f"CSV has {label} {dim} {value}")
            if rec is None:
                continue
            m, lo, hi = boot_ci(vals)
            check(int(rec["n"]) == len(vals), f"CSV n of {label} {dim} {value}")
            check(abs(float(rec["mean"]) - m) < 1e-6, f"CSV mean of {label} {dim} {value}")
            if lo is None:
                check(rec["ci_low"] == "" and rec["ci_high"] == "",
                      f"no interval with one query: {label} {dim} {value} {rec}")
            else:
                check(close_ci(float(rec["ci_low"]), float(rec["ci_high"]), lo, hi),
                      f"CSV interval of {label} {dim} {value}: {rec} vs {lo} {hi}")
    n_expected = sum(len(expected(rows)) for rows in runs.values())
    check(len(got) == n_expected, f"CSV has {len(got)} rows, expected {n_expected}")
    check(len(coverage) == 2 * len(runs), "CSV: two coverage rows per run")
    return got


def check_csv_sqlite(path, runs):
    if not shutil.which("sqlite3"):
        print("SKIP: no sqlite3 shell")
        return
    p = subprocess.run(["sqlite3", ":memory:", f".import --csv {path} r",
                        ".mode csv",
                        "SELECT run, dimension, value, n, mean FROM r ORDER BY rowid"],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 0 and not p.stderr, f"sqlite3 .import --csv: {p.stderr}")
    rows = [r for r in csv.reader(io.StringIO(p.stdout))
            if r[1] not in ("coverage", "cost") and not r[1].startswith("paired:")]
    check(len(rows) == sum(len(expected(r)) for r in runs.values()), "sqlite3 imported every row")
    for label, dim, value, n, mean in rows:
        vals = expected(runs[label])[(dim, value)]
        check(int(n) == len(vals) and abs(float(mean) - sum(vals) / len(vals)) < 1e-6,
              f"sqlite3 sees {label} {dim} {value} n={n} mean={mean}")


def md_cells(line):
    """Cells of a Markdown table row, splitting on pipes not escaped with a backslash."""
    check(line.startswith("|") and line.endswith("|"), f"md row framed by pipes: {line!r}")
    cells, cur, i = [], "", 1
    while i < len(line) - 1:
        c = line[i]
        if c == "\\" and i + 1 < len(line) - 1:
            cur += line[i:i + 2]
            i += 2
            continue
        if c == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    cells.append(cur.strip())
    return cells


def check_md(text):
    blocks, cur = [], []
    for line in text.split("\n"):
        if line.startswith("|"):
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    check(len(blocks) >= 9, f"Markdown has the tables ({len(blocks)})")
    for b in blocks:
        head = md_cells(b[0])
        check(len(b) >= 2 and re.fullmatch(r"\|( :?-{3,}:? \|)+", b[1]),
              f"separator row under {b[0]!r}")
        check(len(md_cells(b[1])) == len(head), f"separator has the header's columns: {b[0]}")
        for row in b[2:]:
            check(len(md_cells(row)) == len(head), f"md row {row!r} has {len(head)} cells")
    return blocks


def check_text(text, rows, label):
    for (dim, value), vals in expected_clustered(rows).items():
        if ":" in dim or dim == "flag":
            continue
        m, lo, hi = boot_ci(vals)
        if dim == "overall":
            check("%.3f" % m in text, f"text shows the overall mean of {label}, {m:.3f}")
            continue
        if lo is None:
            cell = "%.3f (%d)" % (m, len(vals))
            check(cell in text, f"text shows {dim} {value} of {label} as {cell!r}")
            continue
        pat = r"%.3f \[(\d\.\d{3}), (\d\.\d{3})\] \(%d\)" % (m, len(vals))
        found = [x for x in re.findall(pat, text)
                 if close_ci(float(x[0]), float(x[1]), lo, hi)]
        check(found, f"text shows {dim} {value} of {label} as {m:.3f} [{lo:.3f}, {hi:.3f}] "
              f"({len(vals)}): {re.findall(pat, text)}")


# ---------------------------------------------------------------- HTML

def check_self_contained(html):
    check(html.startswith("<!DOCTYPE html>"), "HTML doctype")
    check(html.count("<html") == 1 and html.rstrip().endswith("</html>"), "one page")
    for m in re.finditer(r"""\b(src|href)\s*=\s*["']?([^"'\s>]*)""", html, re.I):
        check(m.group(2).startswith("#") or m.group(2).startswith("data:"),
              f"no external reference: {m.group(0)}")
    check(not re.search(r"<script", html, re.I), "no script element")
    check(not re.search(r"<link[^>]+stylesheet", html, re.I), "no stylesheet link")
    check(not re.search(r"@import|url\(", html, re.I), "no CSS import or url()")
    check("<svg" in html and "<path" in html, "an SVG line chart")
    # every link resolves to an anchor on the page
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for target in re.findall(r'href="#([^"]+)"', html):
        check(target in ids, f"anchor #{target} exists")


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, decoded with the
    standard library (zlib plus the five scanline filters)."""
    data = open(path, "rb").read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = (int.from_bytes(body[0:4], "big"),
                                   int.from_bytes(body[4:8], "big"), body[8], body[9])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    check(depth == 8 and colour in (2, 6), f"an 8-bit RGB(A) PNG ({depth}, {colour})")
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def check_screenshot(shot):
    """Not blank: many pixels off the white page, in many colours (text, charts, shading);
    readable at 1,280 px: nothing drawn in the right-hand 24 px, so no table or chart runs
    off the page's width."""
    w, h, bpp, rows = png_pixels(shot)
    check(w == 1280, f"rendered 1,280 px wide ({w})")
    inked, colours, margin = 0, set(), 0
    for y in range(0, h, 4):
        line = rows[y]
        for x in range(0, w, 2):
            px = bytes(line[x * bpp:x * bpp + 3])
            if px != b"\xff\xff\xff":
                inked += 1
                colours.add(px)
                if x >= w - 24:
                    margin += 1
    total = (h // 4) * (w // 2)
    check(inked > total // 50, f"the page is not blank ({inked} of {total} sampled pixels inked)")
    check(len(colours) > 50, f"charts and shading drawn ({len(colours)} colours)")
    check(margin == 0, f"nothing in the right margin at 1,280 px ({margin} pixels)")


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--enable-logging=stderr", "--v=0"]


def chromium(tmp, *args):
    prof = os.path.join(tmp, "chromium-profile")
    try:
        return subprocess.run([CHROMIUM, *CHROME_FLAGS, f"--user-data-dir={prof}", *args],
                              capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        check(False, "chromium timed out")
        return None


def screenshot(html_path, tmp):
    """The page in headless Chromium: a screenshot at 1,280 px that is not blank and fits,
    no console errors, and a printed PDF of several pages."""
    if not os.access(CHROMIUM, os.X_OK):
        print(f"SKIP: {CHROMIUM} not installed: the page was not rendered")
        return
    shot, pdf = os.path.join(tmp, "shot.png"), os.path.join(tmp, "report.pdf")
    p = chromium(tmp, f"--screenshot={shot}", "--window-size=1280,2400",
                 "--hide-scrollbars", "file://" + html_path)
    if p is None:
        return
    check(os.path.exists(shot) and os.path.getsize(shot) > 10 * 1024,
          f"screenshot written ({os.path.getsize(shot) if os.path.exists(shot) else 0} bytes): "
          f"{p.stderr[-2000:]}")
    bad = [line for line in p.stderr.splitlines()
           if "Uncaught" in line or re.search(r"CONSOLE|console", line)]
    check(not bad, f"no console errors from the page: {bad}")
    if os.path.exists(shot):
        check_screenshot(shot)
    keep = os.environ.get("HB_REPORT_SHOT")
    if keep and os.path.exists(shot):
        shutil.copy(shot, keep)
    p = chromium(tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", "file://" + html_path)
    if p is None:
        return
    data = open(pdf, "rb").read() if os.path.exists(pdf) else b""
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    check(data.startswith(b"%PDF") and pages >= 2, f"printed to a PDF of {pages} pages")


def suite_line(iid, question, gold_rows):
    return json.dumps({"id": iid, "schema": "mini", "query_id": iid.split("-")[0],
                       "question": question, "types": ["Aggregation"], "difficulty": "easy",
                       "target_tokens": 4096, "info_tokens": 2048, "position": "uniform",
                       "seed": 1, "gold": {"columns": ["name", "n"], "rows": gold_rows,
                                           "ordered": False},
                       "rows": [], "row_templates": [], "context": "x"})


def check_html(tmp, runs_paths, rows):
    evil = "<script>alert(\"x\")</script> & 'q' <b>bold</b>"
    # the lowest score gets a hostile reply and a question from the suite
    low = min((r for r in rows if r["scores"].get(DET) and r["status"] == "done"),
              key=lambda r: r["scores"][DET][0])
    suite = os.path.join(tmp, "suite.jsonl")
    with open(suite, "w") as f:
        for r in rows:
            q = "Which <wines> & 'grapes'?" if r is low else "How many %s?" % r["id"]
            f.write(suite_line(r["id"], q, [["Ch\u00e2teau <x>", 3], ["B&B", None]]) + "\n")
    con = sqlite3.connect(runs_paths[0])
    con.execute("UPDATE instances SET reply = ? WHERE id = ?", (evil, low["id"]))
    con.commit()
    con.close()
    out = os.path.join(tmp, "report.html")
    hb("report", *runs_paths, "--format", "html", "--suite", suite, "-o", out)
    html = open(out, encoding="utf-8").read()
    check_self_contained(html)
    check("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;" in html,
          "the reply is HTML-escaped")
    check("<b>bold</b>" not in html, "no raw markup from a reply")
    check("Which &lt;wines&gt; &amp; &#39;grapes&#39;?" in html, "the question, escaped")
    check("Ch\u00e2teau &lt;x&gt;" in html and "B&amp;B" in html, "gold values, escaped")
    listed = len(pick_worst(rows)) + len(pick_worst(run_rows(1)))
    check(html.count("<article id=") == listed, f"details of {listed} instances")
    check(re.search(r'<a href="#r0-w0">' + re.escape(low["id"]) + "</a>", html) is not None,
          "the worst instance first, linked to its details")
    for t in ("Aggregation", "Join", "Ranking", "Max/Min", "Comparison"):
        check("Score vs context length: %s</text>" % t in html,
              f"two runs: a small multiple for {t}, a line per run")
    one = hb("report", runs_paths[0], "--format", "html").stdout
    check("Score vs context length by query type: model-a" in one,
          "one run: a chart with a line per query type")
    check("Length \u00d7 position" in html and "<rect" in html, "heat map")
    for v in ("0.", "class=\"hv\""):
        check(v in html, f"heat map values written in cells ({v})")
    check('class="band"' in html, "score vs length has a shaded 95% band")
    check(html.count('class="scale"') == 10 * 4 and "mean score</text>" in html,
          "each heat map (length x position, length x type, two runs) has a ten-step colour scale")
    check("Length \u00d7 query type" in html, "length x type heat map")
    check(html.count('class="bar"') >= 2 * (2 + 3) and "Score by information position" in html,
          "setting and position as grouped bars per run")
    check("context length (tokens)" in html and "position of the relevant rows" in html,
          "axis titles")
    check(re.search(r"<title>model-a, 4k: \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \(n=\d+, 4 "
                    r"queries\)</title>", html) is not None, "hover titles with interval and n")
    check_charts(html, len(runs_paths))
    check("@media print" in html, "print CSS")
    check("Paired difference: model-b minus model-a" in html and 'href="#paired"' in html,
          "paired comparisons in the page")
    screenshot(out, tmp)


def check_charts(html, nruns):
    """Every chart has axis titles, a legend and n behind each point; each kind of heat map
    is a row of one map per run, all with the same rows and columns and a colour scale."""
    charts = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
    check(len(charts) >= 3, f"charts drawn ({len(charts)})")
    for c in charts:
        name = re.search(r'aria-label="([^"]*)"', c).group(1)
        check('<g class="legend">' in c, f"chart {name}: a legend")
        check(re.search(r'transform="rotate\(-90[^>]*>[^<]+</text>', c), f"chart {name}: y title")
        check(re.search(r'class="xl">[^<]*\([^<]*\)</text>|class="xl">[^<]*(position|'
                        r'type|amount|depth)[^<]*</text>', c), f"chart {name}: x title")
        marks = re.findall(r'<(?:circle|rect)[^>]*class="bar"[^>]*>.*?</rect>|<circle[^>]*>.*?'
                           r'</circle>', c, re.S)
        check(marks and all(re.search(r'<title>[^<]*\(n=\d+', m) for m in marks),
              f"chart {name}: every point and bar has n in its hover title")
    for k in range(2):
        row = re.search(r'<div class="row heats" id="heat-%d">(.*?)</div>' % k, html, re.S)
        if not check(row, f"heat maps of kind {k} in a row of their own"):
            continue
        maps = re.findall(r'<svg class="heat".*?</svg>', row.group(1), re.S)
        check(len(maps) == nruns, f"heat maps of kind {k}: one per run ({len(maps)})")
        labels = [re.findall(r'class="(?:xl|yl)">([^<]*)</text>', m) for m in maps]
        check(all(x == labels[0] for x in labels), f"heat maps of kind {k}: the same rows and "
              f"columns side by side: {labels}")
        for m in maps:
            check(m.count('class="scale"') == 10 and "mean score</text>" in m,
                  f"heat map of kind {k}: a colour scale with its title")
            check("length (tokens)</text>" in m, f"heat map of kind {k}: the rows' title, in units")
            cells = re.findall(r'<rect[^>]*stroke="#fff"><title>([^<]*)</title>', m)
            check(cells and all("n=" in t or ":" not in t for t in cells),
                  f"heat map of kind {k}: n in every cell's hover title")


# ---------------------------------------------------------------- JSON

def check_json(text, csv_text_, runs):
    """Every cell of every view, the counts and the paired differences, against the values
    computed here and the CSV (whose intervals check_csv compares with the bootstrap here)."""
    doc = json.loads(text)
    rec = {(r["run"], r["dimension"], r["value"]): r
           for r in csv.DictReader(io.StringIO(csv_text_, newline=""))}
    check([r["label"] for r in doc["runs"]] == list(runs), "JSON: the runs in order")
    for jr in doc["runs"]:
        rows = runs[jr["label"]]
        exp = expected(rows)
        got = {}
        for view, cells in jr["views"].items():
            for c in cells:
                value = c["value"] if "value" in c else ":".join(
                    c[d] for d in view.split(":"))
                got[(view, value)] = c
        got[("overall", "all")] = jr["overall"]
        for name, c in jr["flags"].items():
            if c["n"]:
                got[("flag", name)] = c
        check(set(got) == set(exp), f"JSON {jr['label']}: every cell, no other "
              f"{sorted(set(got) ^ set(exp))[:4]}")
        for key, vals in exp.items():
            c = got.get(key)
            if c is None:
                continue
            check(c["n"] == len(vals) and abs(c["mean"] - sum(vals) / len(vals)) < 1e-9,
                  f"JSON {jr['label']} {key} n and mean")
            cr = rec.get((jr["label"],) + key)
            lo = None if cr is None or cr["ci_low"] == "" else float(cr["ci_low"])
            check((c["ci_low"] is None and lo is None) or
                  (lo is not None and c["ci_low"] is not None and abs(c["ci_low"] - lo) < 1e-6),
                  f"JSON {jr['label']} {key} interval as in the CSV")
        check(jr["instances"] == len(rows) and
              jr["scored"] == sum(1 for r in rows if DET in r["scores"]),
              f"JSON counts of {jr['label']}")
    pairs = {(p["run"], c["dimension"], c["value"]): c
             for p in doc["paired"] for c in p["differences"]}
    want = {k: v for k, v in rec.items() if k[1].startswith("paired:")}
    check(len(pairs) == len(want) and all(
        abs(pairs.get((k[0], k[1][7:], k[2]), {}).get("diff", 1e9) - float(v["mean"])) < 1e-6
        for k, v in want.items()), "JSON paired differences as in the CSV")


# ---------------------------------------------------------------- drill-down

def pick_worst(rows, most=20, per_query=2):
    """The lowest scores among answered, scored instances with a reply, in suite order among
    equal scores, at most per_query per query id."""
    cand = [(r["scores"][DET][0], k, r) for k, r in enumerate(rows)
            if r["status"] != "pending" and DET in r["scores"] and
            r["scores"][DET][1] != "no-reply"]
    cand.sort(key=lambda x: (x[0], x[1]))
    taken, out = {}, []
    for _, _, r in cand:
        q = r["id"].split("-")[0]
        if taken.get(q, 0) < per_query and len(out) < most:
            taken[q] = taken.get(q, 0) + 1
            out.append(r)
    return out


def drill_rows():
    """15 queries of 4 instances; scores low for a few queries so that a plain lowest-20
    list would repeat them."""
    rows = []
    for q in range(15):
        for i in range(4):
            k = q * 4 + i
            score = (0.01 * i) if q < 3 else 0.2 + ((k * 29) % 71) / 100.0
            flag = "no-reply" if k == 5 else None
            nlab = 1 + k % 3
            labels = [["exact", "partial", "none"][(k + j) % 3] for j in range(nlab)]
            rows.append(dict(id="d%02d-4k-a2k-uniform-s%d" % (q, i), types=["Join"],
                             difficulty="easy", target_tokens=4096, info_tokens=2048,
                             density=None, position="uniform",
                             status="failed" if flag else "done",
                             reply=None if flag else "reply of %d\nsecond line" % k,
                             truncated=0, scores={DET: (0.0 if flag else score, flag, labels)},
                             why=["row %d of %d: reason <%d>" % (j + 1, nlab, k)
                                  for j in range(nlab)],
                             prov=[["t%d" % ((k + j) % 3), j] for j in range(10 + k % 5)]))
    return rows


def drill_suite_line(r):
    gold = [["g%d" % j, j] for j in range(len(r["scores"][DET][2]))]
    return json.dumps({"id": r["id"], "schema": "mini", "query_id": r["id"].split("-")[0],
                       "question": "Question of %s?" % r["id"], "sql": "SELECT %s" % r["id"],
                       "types": r["types"], "difficulty": "easy", "tables": ["t0", "t2"],
                       "target_tokens": 4096, "info_tokens": 2048, "position": "uniform",
                       "seed": 1, "gold": {"columns": ["name", "n"], "rows": gold,
                                           "ordered": False},
                       "rows": r["prov"], "row_templates": [0] * len(r["prov"]),
                       "context": "\\n".join("line" for _ in r["prov"])})


def relevant(r):
    return [i + 1 for i, p in enumerate(r["prov"]) if p[0] in ("t0", "t2")]


def check_drill(tmp):
    rows = drill_rows()
    path = os.path.join(tmp, "drill.sqlite")
    suite = os.path.join(tmp, "drill.jsonl")
    with open(suite, "w") as f:
        for r in rows:
            f.write(drill_suite_line(r) + "\n")
    make_run(path, "model-d", rows, suite=suite)
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE scores ADD COLUMN why TEXT")
    for r in rows:
        con.execute("UPDATE scores SET why = ? WHERE id = ?", (json.dumps(r["why"]), r["id"]))
    con.commit()
    con.close()
    want = pick_worst(rows)
    plain = sorted(rows, key=lambda r: r["scores"][DET][0])[:20]
    check(len({r["id"].split("-")[0] for r in plain}) < len({r["id"].split("-")[0] for r in want}),
          "the test data would repeat queries without the rule")
    text = hb("report", path).stdout
    drill = text.split("Drill-down: model-d\n")[-1] if "Drill-down: model-d\n" in text else ""
    heads = re.findall(r"^(\d+)\. (\S+) \(score ([0-9.]+)", drill, re.M)
    check([h[1] for h in heads] == [r["id"] for r in want],
          f"drill-down ids {[h[1] for h in heads]} vs {[r['id'] for r in want]}")
    per_q = {}
    for h in heads:
        per_q[h[1].split("-")[0]] = per_q.get(h[1].split("-")[0], 0) + 1
    check(per_q and max(per_q.values()) <= 2, "at most two per query")
    blocks = re.split(r"^\d+\. ", drill, flags=re.M)[1:]
    for r, block in zip(want, blocks):
        k = rows.index(r)
        check("Question of %s?" % r["id"] in block and "SELECT %s" % r["id"] in block,
              f"question and SQL of {r['id']}")
        for j, (lab, why) in enumerate(zip(r["scores"][DET][2], r["why"])):
            check(re.search(r"g%d \| %d  \[%s\] %s" % (j, j, lab, re.escape(why)), block),
                  f"gold row {j} of {r['id']} with its label and why")
        pos = relevant(r)
        n = len(r["prov"])
        want_pos = "%d of %d lines (%.0f%%), depth %.2f to %.2f: lines %s" % (
            len(pos), n, 100.0 * len(pos) / n, (pos[0] - 1) / (n - 1), (pos[-1] - 1) / (n - 1),
            ", ".join(map(str, pos)))
        check("relevant lines  " + want_pos in block, f"positions of {r['id']}: {want_pos}")
        check("reply of %d second line" % k in block, f"reply of {r['id']}, one line")
    md = hb("report", path, "--format", "md").stdout
    check("### Drill-down: model-d" in md and "- **why" not in md and
          "- **SQL:** SELECT %s" % want[0]["id"] in md, "Markdown drill-down")
    html = hb("report", path, "--format", "html").stdout
    check(html.count("<article id=") == len(want), "HTML details: the same instances")
    check("reason &lt;%d&gt;" % rows.index(want[0]) in html and "<th>why</th>" in html,
          "HTML: each gold row's reason, escaped")
    check("<b>SQL:</b> <code>SELECT %s</code>" % want[0]["id"] in html, "HTML: the SQL")
    doc = json.loads(hb("report", path, "--format", "json").stdout)
    low = doc["runs"][0]["lowest"]
    check([x["id"] for x in low] == [r["id"] for r in want], "JSON: the same drill-down")
    for x, r in zip(low, want):
        check(x["query_id"] == r["id"].split("-")[0] and
              abs(x["score"] - r["scores"][DET][0]) < 1e-12 and
              x["labels"] == r["scores"][DET][2] and x["why"] == r["why"] and
              x["relevant_lines"] == relevant(r) and x["context_lines"] == len(r["prov"]) and
              x["sql"] == "SELECT " + r["id"] and x["gold"]["rows"][0] == ["g0", 0] and
              x["reply"] == r["reply"], f"JSON drill-down of {r['id']}: {x}")
    return path, rows, want


# ---------------------------------------------------------------- agreement

def agreement_rows():
    """Label pairs with a known confusion table: rows deterministic, columns judge."""
    names = ["exact", "partial", "none"]
    conf = [[20, 5, 0], [3, 10, 2], [1, 4, 15]]
    pairs = [(names[i], names[j]) for i in range(3) for j in range(3) for _ in range(conf[i][j])]
    rows = []
    for k in range(0, len(pairs), 3):  # three gold rows per instance
        chunk = pairs[k:k + 3]
        a, b = [p[0] for p in chunk], [p[1] for p in chunk]
        sa = sum({"exact": 1, "partial": 0.5, "none": 0}[x] for x in a) / len(a)
        sb = sum({"exact": 1, "partial": 0.5, "none": 0}[x] for x in b) / len(b)
        rows.append(dict(id="agree-%02d" % (k // 3), types=["Join"], difficulty="easy",
                         target_tokens=4096, info_tokens=2048, density=None, position="end",
                         status="done", reply="r", truncated=0,
                         scores={DET: (sa, None, a), "judge-gpt": (sb, None, b)}))
    n = sum(map(sum, conf))
    po = sum(conf[i][i] for i in range(3)) / n
    pe = sum(sum(conf[i]) * sum(conf[j][i] for j in range(3)) for i in range(3)) / n / n
    differ = sum(1 for r in rows if r["scores"][DET][2] != r["scores"]["judge-gpt"][2])
    return rows, conf, po, (po - pe) / (1 - pe), differ


def check_agreement(tmp):
    rows, conf, po, kappa, differ = agreement_rows()
    path = os.path.join(tmp, "agree.sqlite")
    make_run(path, "model-j", rows)
    text = hb("report", path).stdout
    check("Cohen's kappa" in text and "%.3f" % kappa in text, f"kappa {kappa:.3f} in {text}")
    check("%.1f%%" % (100 * po) in text, f"agreement {100 * po:.1f}%")
    for i, name in enumerate(["exact", "partial", "none"]):
        line = next((x for x in text.splitlines() if x.startswith(name + " ")
                     and len(x.split()) == 5), "")
        check(line.split()[1:4] == [str(c) for c in conf[i]], f"confusion row {name}: {line!r}")
    check(re.search(r"instances with a differing label\s+%d\b" % differ, text) is not None,
          "disagreeing instances counted")
    listed = [r["id"] for r in rows if r["scores"][DET][2] != r["scores"]["judge-gpt"][2]][:20]
    for iid in listed:
        check(iid in text, f"disagreeing instance {iid} listed")
    # the judge as the chosen scorer: its means, and the same agreement seen from its side
    csvtext = hb("report", path, "--scorer", "judge-gpt", "--format", "csv").stdout
    got = {(r["dimension"], r["value"]): r for r in csv.DictReader(io.StringIO(csvtext))}
    jm = sum(r["scores"]["judge-gpt"][0] for r in rows) / len(rows)
    check(abs(float(got[("overall", "all")]["mean"]) - jm) < 1e-6, "judge's overall mean")
    judge_text = hb("report", path, "--scorer", "judge-gpt").stdout
    check("%.3f" % kappa in judge_text, "kappa is symmetric")
    md = hb("report", path, "--format", "md").stdout
    check_md(md)
    html = hb("report", path, "--format", "html").stdout
    check('id="agreement"' in html and "%.3f" % kappa in html, "agreement in the HTML")


# ---------------------------------------------------------------- coverage

def pending_rows(salt, every):
    """run_rows with every `every`-th instance pending (never sent); a third of those keep
    the 0 'no-reply' score an older holobench gave pending instances."""
    rows = run_rows(salt)
    for k, r in enumerate(rows):
        if k % every == 1:
            r.update(status="pending", reply=None, truncated=None)
            r["scores"] = {DET: (0.0, "no-reply", ["none"])} if k % (3 * every) == 1 else {}
    return rows


def csv_text(tmp, *runs):
    out = os.path.join(tmp, "cov.csv")
    hb("report", *runs, "--format", "csv", "-o", out)
    with open(out, newline="") as f:
        return f.read()


def check_coverage(tmp):
    """A run with pending instances: counted apart, in no mean; side by side with a finished
    run, or a run of another suite, the report warns."""
    rows_p, rows_f = pending_rows(3, 4), run_rows(4)
    p, f, g = (os.path.join(tmp, n) for n in ("part.sqlite", "full.sqlite", "suite2.sqlite"))
    make_run(p, "model-p", rows_p, suite_hash="aaaa1111")
    make_run(f, "model-f", rows_f, suite_hash="aaaa1111")
    make_run(g, "model-g", rows_f, suite_hash="bbbb2222")
    total = len(rows_p)
    pending = sum(1 for r in rows_p if r["status"] == "pending")
    check(0 < pending < total, f"the test run has pending instances ({pending})")
    text = hb("report", p).stdout
    check_text(text, rows_p, "model-p")
    check("model-p: answered %d of %d instances (%d pending)" % (total - pending, total, pending)
          in text, "text: answered N of M, with the pending")
    line = next((x for x in text.splitlines() if x.startswith("model-p ")), "")
    scored = sum(1 for r in rows_p if r["scores"] and r["status"] != "pending")
    check(line.split()[1:4] == [str(total), str(pending), str(scored)],
          f"runs table: instances, pending, scored: {line!r}")
    check(line.split()[-6] == str(total - pending - scored), f"unscored leaves pending out {line}")
    check("Warning" not in text, "one run: no warning")
    check_csv(csv_text(tmp, p), {"model-p": rows_p})

    both = hb("report", p, f)
    differ = pending
    warn = ("the runs side by side do not cover the same instances: %d are answered by some "
            "runs and not by others (model-p lacks %d)" % (differ, differ))
    check("Warning: " + warn in both.stdout, f"text warning: {both.stdout[:2000]}")
    check("answered different instances" in both.stderr, f"warned on stderr: {both.stderr}")
    check("different suites" not in both.stdout, "the same suite hash: no suite warning")
    check_text(both.stdout, rows_f, "model-f")
    md = hb("report", p, f, "--format", "md").stdout
    check("> **Warning:** " + warn in md, "Markdown warning")
    check("- model-f: answered %d of %d instances\n" % (total, total) in md,
          "Markdown: answered N of M")
    check_md(md)
    html = hb("report", p, f, "--format", "html").stdout
    check('<p class="warn"><b>Warning:</b> ' + warn in html, "HTML warning")
    check("<li>model-p: answered %d of %d instances (%d pending)</li>"
          % (total - pending, total, pending) in html, "HTML: answered N of M")
    check_csv(csv_text(tmp, p, f), {"model-p": rows_p, "model-f": rows_f})
    # a run of another suite, even one that answered the same ids, is warned
    other = hb("report", f, g).stdout
    check("Warning: the runs side by side ran different suites (suite_hash: model-f aaaa1111, "
          "model-g bbbb2222)" in other, f"suite warning: {other[:1500]}")
    check("do not cover the same instances" not in other, "same answered ids: no such warning")


# ---------------------------------------------------------------- clustering and pairing

def cluster_rows(shift, noise_seed=None):
    """40 queries x 6 instances; a query's level sets most of its scores (instances of one
    query are alike, as in a real suite).  shift: added to every score (a known paired
    difference); noise_seed: a per-query shift instead, drawn here."""
    rnd = random.Random(99)
    noise = random.Random(noise_seed) if noise_seed is not None else None
    rows = []
    for q in range(40):
        level = rnd.choice([0.05, 0.2, 0.4, 0.6, 0.8])
        qshift = shift if noise is None else noise.choice([-0.1, -0.05, 0.0, 0.05, 0.1, 0.15])
        for k in range(6):
            base = min(0.85, max(0.0, level + rnd.choice([-0.05, 0.0, 0.05])))
            score = round(base + qshift, 2) if noise is None else \
                min(1.0, max(0.0, round(base + qshift, 2)))
            rows.append(dict(id="c%02d-4k-a2k-s%d" % (q, k), types=[TYPESETS[q % 4][0]],
                             difficulty=DIFFS[k % 3], target_tokens=[4096, 8192][k % 2],
                             info_tokens=2048, density=None, position=POSITIONS[k % 3],
                             status="done", reply="r", truncated=0,
                             scores={DET: (score, None, ["exact"])}))
    return rows


def paired_python(rows_a, rows_b, keep=lambda r: True):
    """[(query id, score b - score a)] over the instances both scored."""
    a = {r["id"]: r["scores"][DET][0] for r in rows_a}
    return [(r["id"].split("-")[0], r["scores"][DET][0] - a[r["id"]])
            for r in rows_b if r["id"] in a and keep(r)]


def sign_p(pos, neg):
    n, k = pos + neg, min(pos, neg)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0


def csv_rows(text):
    return {(r["run"], r["dimension"], r["value"]): r
            for r in csv.DictReader(io.StringIO(text, newline=""))}


def check_paired(tmp):
    ra, rb, rn = cluster_rows(0.0), cluster_rows(0.1), cluster_rows(0.0, noise_seed=5)
    a, b, n = (os.path.join(tmp, x) for x in ("pa.sqlite", "pb.sqlite", "pn.sqlite"))
    make_run(a, "model-a", ra)
    make_run(b, "model-b", rb)
    make_run(n, "model-n", rn)
    got = csv_rows(hb("report", a, b, n, "--format", "csv").stdout)

    # clustering: the interval of a run whose queries differ a lot is the cluster bootstrap's,
    # much wider than an interval that takes the 240 instances as independent
    vals = [(r["id"].split("-")[0], r["scores"][DET][0]) for r in ra]
    m, lo, hi = boot_ci(vals)
    rec = got[("model-a", "overall", "all")]
    check(close_ci(float(rec["ci_low"]), float(rec["ci_high"]), lo, hi),
          f"overall interval {rec} vs python's clustered bootstrap {lo:.4f} {hi:.4f}")
    iid = 2 * 1.96 * statistics.stdev(v for _, v in vals) / math.sqrt(len(vals))
    width = float(rec["ci_high"]) - float(rec["ci_low"])
    check(width > 1.8 * iid, f"clustered interval ({width:.4f}) wider than an iid one ({iid:.4f})")

    # a known difference: every score of b is a's plus 0.1
    rec = got.get(("model-b", "paired:all", "all"), {})
    check(rec.get("n") == "240" and abs(float(rec.get("mean", "nan")) - 0.1) < 1e-9,
          f"paired difference b - a is 0.1 over 240 instances: {rec}")
    check(rec and abs(float(rec["ci_low"]) - 0.1) < 1e-6 and abs(float(rec["ci_high"]) - 0.1) < 1e-6,
          f"a constant difference has a zero-width interval at 0.1: {rec}")
    text = hb("report", a, b).stdout
    line = next((x for x in text.splitlines() if x.startswith("all ")), "")
    check(line.split()[1:] == ["all", "240", "40", "+0.100", "[+0.100,", "+0.100]", "40", "/",
                               "0", "%.3g" % sign_p(40, 0)],
          f"paired row of b - a: {line!r}")
    for t in ("Aggregation", "Join", "Max/Min", "Comparison"):
        cnt = sum(1 for r in rb if r["types"] == [t])
        check(re.search(r"^%s\s+%d\s+0\s+0\s+%d$" % (re.escape(t), cnt, cnt), text, re.M),
              f"wins/ties/losses of {t}: b higher on all {cnt}")

    # a noisy difference: interval and sign test recomputed here, per dimension value
    for dim, value, keep in (("all", "all", lambda r: True),
                             ("length", "8k", lambda r: r["target_tokens"] == 8192),
                             ("position", "begin", lambda r: r["position"] == "begin")):
        d = paired_python(ra, rn, keep)
        m, lo, hi = boot_ci(d)
        rec = got.get(("model-n", "paired:" + dim, value), {})
        check(rec and abs(float(rec["mean"]) - m) < 1e-6 and
              close_ci(float(rec["ci_low"]), float(rec["ci_high"]), lo, hi),
              f"paired {dim} {value}: {rec} vs python {m:.4f} [{lo:.4f}, {hi:.4f}]")
    qm = {}
    for c, x in paired_python(ra, rn):
        qm.setdefault(c, []).append(x)
    pos = sum(1 for v in qm.values() if sum(v) / len(v) > 1e-9)
    neg = sum(1 for v in qm.values() if sum(v) / len(v) < -1e-9)
    text = hb("report", a, n).stdout
    line = next((x for x in text.splitlines() if x.startswith("all ")), "")
    check(line.split()[-4:] == [str(pos), "/", str(neg), "%.3g" % sign_p(pos, neg)],
          f"sign test over queries {pos}/{neg}: {line!r}")
    check(hb("report", a, n).stdout == text, "the same report twice: the same intervals")
    # one length only: bars with error bars, no single-dot line, no band
    one = os.path.join(tmp, "one.sqlite")
    make_run(one, "model-1", [dict(r, target_tokens=4096) for r in ra])
    html = hb("report", one, "--format", "html").stdout
    check('class="bar"' in html and 'class="err"' in html, "one length: bars with error bars")
    check('class="band"' not in html and "stroke-width=\"2\"" not in html,
          "one length: no line and no band")
    # prompts differ: warned
    con = sqlite3.connect(n)
    con.execute("INSERT INTO run VALUES ('prompt_hash', 'ffff0000')")
    con.commit()
    con.close()
    con = sqlite3.connect(a)
    con.execute("INSERT INTO run VALUES ('prompt_hash', 'eeee0000')")
    con.commit()
    con.close()
    p = hb("report", a, n)
    check("Warning: the runs side by side used different prompts (prompt_hash: model-a eeee0000, "
          "model-n ffff0000)" in p.stdout and "different prompts" in p.stderr,
          f"prompt warning: {p.stdout[:1500]}")


# ---------------------------------------------------------------- main

# ---------------------------------------------------------------- cost, tokens and time

def usage_of(k):
    """Usage columns of the k-th instance, varied; None where the server said nothing."""
    status = ["done", "done", "done", "failed", "done", "too_long", "done"][k % 7]
    return dict(input_tokens=None if k % 11 == 0 else 1000 + 37 * k,
                output_tokens=None if k % 11 == 0 else 20 + (k * 13) % 70,
                reasoning_tokens=(k * 7) % 30, cached_tokens=(k * 100) % 500,
                latency_ms=None if status == "too_long" else 100.0 + (k * 7919) % 4000,
                attempts=1 + (k % 5 == 0) + (k % 10 == 0), from_cache=int(k % 9 == 4),
                status=status, model_returned="srv-model-%d" % (1 + (k % 6 == 0)),
                updated_at="2026-03-0%dT1%d:%02d:%02d.%03dZ" % (1 + k % 2, k % 10, k % 60,
                                                                 (k * 7) % 60, k % 1000))


def wall_seconds(stamps):
    import datetime
    t = [datetime.datetime.strptime(x, "%Y-%m-%dT%H:%M:%S.%fZ") for x in stamps]
    return (max(t) - min(t)).total_seconds()


def check_cost(tmp):
    rows = run_rows(0)
    path = os.path.join(tmp, "cost.sqlite")
    make_run(path, "model-a", rows, suite_hash="abc123def456")
    con = sqlite3.connect(path)
    endpoint = {"name": "ep", "api": "openai-chat", "base_url": "http://127.0.0.1:9/v1",
                "model": "model-a", "api_key_env": "EP_KEY", "price_in": 2.5, "price_out": 10}
    con.executemany("INSERT INTO run VALUES (?, ?)",
                    [("endpoint", json.dumps(endpoint)), ("holobench_version", "9.8.7"),
                     ("prompt_hash", "feedc0ffee"), ("prompt", "built-in:answer")])
    use = []
    for k, r in enumerate(rows):
        u = usage_of(k)
        use.append(u)
        con.execute("UPDATE instances SET input_tokens=?, output_tokens=?, reasoning_tokens=?, "
                    "cached_tokens=?, latency_ms=?, attempts=?, from_cache=?, status=?, "
                    "model_returned=?, updated_at=? WHERE id=?",
                    (u["input_tokens"], u["output_tokens"], u["reasoning_tokens"],
                     u["cached_tokens"], u["latency_ms"], u["attempts"], u["from_cache"],
                     u["status"], u["model_returned"], u["updated_at"], r["id"]))
    # one pending instance: in no sum
    con.execute("UPDATE instances SET status='pending', input_tokens=99999999 WHERE id=?",
                (rows[-1]["id"],))
    con.commit()
    con.close()
    use = use[:-1]
    tin = sum(u["input_tokens"] or 0 for u in use)
    tout = sum(u["output_tokens"] or 0 for u in use)
    treas = sum(u["reasoning_tokens"] for u in use)
    tcache = sum(u["cached_tokens"] for u in use)
    dollars = (tin * 2.5 + tout * 10) / 1e6
    lat = sorted(u["latency_ms"] for u in use
                 if u["latency_ms"] is not None and not u["from_cache"])
    p50, p90, p99 = (quantile(lat, q) for q in (0.5, 0.9, 0.99))
    retried = sum(1 for u in use if u["attempts"] > 1)
    retries = sum(u["attempts"] - 1 for u in use)
    status = {s: sum(1 for u in use if u["status"] == s)
              for s in ("done", "failed", "bad_request", "too_long")}
    wall = wall_seconds([u["updated_at"] for u in use])
    models = {}
    for u in use:
        models[u["model_returned"]] = models.get(u["model_returned"], 0) + 1
    check(retried and status["failed"] and status["too_long"] and wall > 3600,
          "the cost test data is varied")

    got = {}
    for rec in csv.DictReader(io.StringIO(csv_text(tmp, path), newline="")):
        if rec["dimension"] == "cost":
            got[rec["value"]] = rec
    want = {"input_tokens": tin, "output_tokens": tout, "reasoning_tokens": treas,
            "cached_tokens": tcache, "cost_usd": dollars, "latency_p50_ms": p50,
            "latency_p90_ms": p90, "latency_p99_ms": p99, "retried": retried,
            "retries": retries, "wall_s": wall}
    want.update({"status_" + s: n for s, n in status.items()})
    for name, v in want.items():
        rec = got.get(name)
        check(rec is not None and abs(float(rec["mean"] or "nan") - v) < 1e-3,
              f"CSV cost {name}: {rec} vs {v}")
    check(got.get("latency_p50_ms", {}).get("n") == str(len(lat)), "latency n: not cached")

    text = hb("report", path).stdout
    block = text.split("Cost, tokens and time\n")[-1].split("\n\n")[0]
    def cell(name):
        line = next((x for x in block.splitlines() if x.startswith(name + "  ")), "")
        return line[len(name):].strip()
    check(cell("input tokens") == str(tin), f"text input tokens {cell('input tokens')} {tin}")
    check(cell("output tokens") == str(tout), "text output tokens")
    check(cell("cost (USD)") == "%.4f" % dollars, f"text cost {cell('cost (USD)')} {dollars}")
    check(cell("latency p90 (ms)") == "%.0f" % p90, "text latency p90")
    check(cell("retried") == str(retried), "text retried")
    check(cell("status failed") == str(status["failed"]), "text failures by class")
    check(cell("wall time") == "%dh %02dm %02ds" % (wall // 3600, wall % 3600 // 60, wall % 60),
          f"text wall time {cell('wall time')} {wall}")
    top = sorted(models.items(), key=lambda x: (-x[1], x[0]))
    check(cell("model (server said)") == ", ".join("%s (%d)" % m for m in top),
          f"text models {cell('model (server said)')}")
    meta = text.split("Run metadata\n")[-1].split("\n\n")[0]
    check("9.8.7" in meta and "abc123def456" in meta and "feedc0ffee" in meta and
          "built-in:answer" in meta and "127.0.0.1:9" in meta, f"metadata {meta}")

    doc = json.loads(hb("report", path, "--format", "json").stdout)
    jc = doc["runs"][0]["cost"]
    for name, v in want.items():
        if name.startswith("status_"):
            got_v = jc["status"][name[7:]]
        else:
            got_v = jc.get(name)
        check(got_v is not None and abs(got_v - v) < 1e-6, f"JSON cost {name}: {got_v} vs {v}")
    meta = doc["runs"][0]["metadata"]
    check(meta["endpoint"]["base_url"] == endpoint["base_url"] and
          meta["holobench_version"] == "9.8.7" and meta["suite_hash"] == "abc123def456",
          f"JSON metadata {meta}")
    md = hb("report", path, "--format", "md").stdout
    check("| cost (USD) | %.4f |" % dollars in md, "md cost row")
    html = hb("report", path, "--format", "html").stdout
    check('<section id="cost">' in html and "%.4f" % dollars in html and "9.8.7" in html,
          "html cost section")

    # without recorded prices: tokens, and a word that cost needs prices
    con = sqlite3.connect(path)
    endpoint.pop("price_in")
    con.execute("UPDATE run SET value=? WHERE key='endpoint'", (json.dumps(endpoint),))
    con.commit()
    con.close()
    text = hb("report", path).stdout
    block = text.split("Cost, tokens and time\n")[-1].split("\n\n")[0]
    check(cell("cost (USD)") == "needs prices", f"no prices: {cell('cost (USD)')}")
    check(cell("input tokens") == str(tin), "no prices: tokens still shown")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        a, b, c = (os.path.join(tmp, n) for n in ("a.sqlite", "b.sqlite", "c.sqlite"))
        rows_a, rows_b, rows_c = run_rows(0), run_rows(1), run_rows(2)
        make_run(a, "model-a", rows_a)
        make_run(b, "model-b", rows_b)
        make_run(c, "model-a", rows_c)  # shares a model with a: labelled with file names

        text = hb("report", a).stdout
        check_text(text, rows_a, "model-a")
        flagged = {f: sum(1 for r in rows_a if r["scores"].get(DET, (0, None))[1] == f)
                   for f in ("no-reply", "truncated", "refused")}
        check(all(flagged.values()), f"the test data has each flag {flagged}")
        line = next((x for x in text.splitlines() if x.startswith("model-a ")), "")
        nums = line.split()[1:7]
        want = [len(rows_a), sum(1 for r in rows_a if r["scores"]), flagged["no-reply"],
                flagged["truncated"], flagged["refused"],
                sum(1 for r in rows_a if not r["scores"])]
        check(nums == [str(x) for x in want], f"counts row {line!r}, expected {want}")
        check("1m" in text and "4k" in text and "8k" in text, "lengths shown as 4k/8k/1m")
        check("a2k" in text and "d0.5" in text, "settings shown as a2k and d0.5")
        check("- model-a: answered %d of %d instances\n" % (len(rows_a), len(rows_a)) in text,
              "a finished run: answered all of its instances")
        check(" pending " not in text.split("\nRuns\n")[1][:600], "no pending column")

        # several runs side by side
        text3 = hb("report", a, b, c).stdout
        check("model-a (a.sqlite)" in text3 and "model-a (c.sqlite)" in text3 and
              "model-b" in text3, "run labels: model, with the file name when shared")
        check_text(text3, rows_b, "model-b")
        head = next((x for x in text3.splitlines() if x.startswith("type ")), "")
        check(head.split() == ["type", "model-a", "(a.sqlite)", "model-b", "model-a",
                               "(c.sqlite)"], f"one column per run: {head!r}")
        check("Warning" not in text3, "runs that answered the same instances: no warning")

        runs = {"model-a (a.sqlite)": rows_a, "model-b": rows_b, "model-a (c.sqlite)": rows_c}
        csv_path = os.path.join(tmp, "r.csv")
        hb("report", a, b, c, "--format", "csv", "-o", csv_path)
        check_csv(open(csv_path, newline="").read(), runs)
        check_csv_sqlite(csv_path, runs)
        check(hb("report", a, b, c, "--format", "csv").stdout.replace("\r\n", "\n") ==
              open(csv_path).read().replace("\r\n", "\n"), "-o writes what stdout shows")

        check_json(hb("report", a, b, c, "--format", "json").stdout,
                   open(csv_path, newline="").read(), runs)

        md = hb("report", a, b, c, "--format", "md").stdout
        blocks = check_md(md)
        check(any(md_cells(b[0])[1:] == list(runs) for b in blocks), "md: a column per run")

        check_html(tmp, [a, b], rows_a)
        check_agreement(tmp)
        check_coverage(tmp)
        check_paired(tmp)
        check_cost(tmp)
        check_drill(tmp)

        # errors: nothing written, the message says what
        missing = os.path.join(tmp, "nope.sqlite")
        p = hb("report", missing, expect=1)
        check("nope.sqlite" in p.stderr, "missing run named")
        unscored = os.path.join(tmp, "unscored.sqlite")
        make_run(unscored, "m", rows_a, scored=False)
        p = hb("report", unscored, "-o", os.path.join(tmp, "u.txt"), expect=1)
        check("holobench score" in p.stderr, f"unscored run: {p.stderr}")
        check(not os.path.exists(os.path.join(tmp, "u.txt")), "no output after a failure")
        p = hb("report", a, "--scorer", "judge-x", expect=1)
        check("deterministic-v1" in p.stderr, f"the scorers the run has: {p.stderr}")
        hb("report", a, "--format", "pdf", expect=2)
        hb("report", expect=2)
        notrun = os.path.join(tmp, "other.sqlite")
        sqlite3.connect(notrun).executescript("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        hb("report", notrun, expect=1)
        before = open(a, "rb").read()
        hb("report", a, "--format", "html")
        check(open(a, "rb").read() == before, "the run is not modified")

    print("%d failures" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
