"""Shared helpers for holobench's end-to-end tests (Python 3 standard library only).

Everything here is written from the product contract (SPEC.md) and the documented
algorithms in the headers, not from holobench's code path: the schema loader, the CSV
reader, the template renderer, the template chooser and the token estimate are our own, so
that the tests check holobench against an independent reading of the contract.

Usage of a test script:  test_X.py [HOLOBENCH [SOURCE_ROOT]]
(defaults: $HOLOBENCH / $HB_SOURCE_ROOT, else build/holobench and the repository root.)
"""

import collections
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

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))

MASK64 = (1 << 64) - 1


# ---------------------------------------------------------------- locating things


def locate(argv=None):
    """(binary, source_root) from argv[1:3], the environment, or the defaults."""
    argv = sys.argv if argv is None else argv
    binary = argv[1] if len(argv) > 1 else os.environ.get('HOLOBENCH')
    root = argv[2] if len(argv) > 2 else os.environ.get('HB_SOURCE_ROOT')
    root = os.path.abspath(root or DEFAULT_ROOT)
    binary = os.path.abspath(binary or os.path.join(root, 'build', 'holobench'))
    if not os.access(binary, os.X_OK):
        sys.exit('error: holobench binary not found or not executable: %s' % binary)
    return binary, root


def run_ddl():
    """The run database's tables, as tests/e2e/test_report.py copies them from rundb.c, for
    tests that build a run by hand."""
    import importlib.util
    spec = importlib.util.spec_from_file_location('test_report',
                                                  os.path.join(HERE, 'test_report.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.RUN_DDL


# ---------------------------------------------------------------- running holobench

# A report of AddressSanitizer, LeakSanitizer or UBSan (CI's build-san).  It must fail the
# test even when the exit status is the one a case expects (a leak on a usage error exits 2).
SANITIZER_RE = re.compile(r'^(==[0-9]+==ERROR: [A-Za-z]*Sanitizer|SUMMARY: [A-Za-z]*Sanitizer|'
                          r'.*: runtime error: )', re.M)


def sanitizer_report(err):
    """The first line of a sanitizer report in stderr (str or bytes), else None."""
    if isinstance(err, bytes):
        err = err.decode('utf-8', 'replace')
    m = SANITIZER_RE.search(err or '')
    return m.group(0) if m else None


def fail_on_sanitizer(args, err):
    """Stops the test with a failure when holobench's stderr holds a sanitizer report."""
    line = sanitizer_report(err)
    if line:
        if isinstance(err, bytes):
            err = err.decode('utf-8', 'replace')
        print('FAIL: sanitizer report from holobench %s: %s\n%s' % (
            ' '.join(str(a) for a in args), line, err[-4000:]), flush=True)
        sys.exit(1)



class Result:
    def __init__(self, args, rc, out, err):
        self.args, self.rc, self.out, self.err = args, rc, out, err

    def describe(self):
        return 'holobench %s -> exit %s\n--- stderr ---\n%s' % (
            ' '.join(self.args), self.rc, self.err.rstrip())


def run(binary, args, cwd=None, timeout=60, env=None):
    """Runs holobench; stdout and stderr are decoded as UTF-8 (replacing bad bytes)."""
    e = dict(os.environ)
    e.update({'LC_ALL': 'C', 'NO_COLOR': '1'})
    if env:
        e.update(env)
    try:
        p = subprocess.run([binary] + list(args), cwd=cwd, env=e, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(list(args), 'timeout', '', 'timed out after %ss' % timeout)
    fail_on_sanitizer(args, p.stderr)
    return Result(list(args), p.returncode,
                  p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace'))


def load_suite(path):
    """Reads a JSONL suite: a list of (line_text, instance).  Strict JSON (no NaN etc.)."""
    def no_const(name):
        raise ValueError('non-standard JSON constant %s' % name)
    out = []
    with open(path, 'rb') as f:
        data = f.read()
    text = data.decode('utf-8')
    if text and not text.endswith('\n'):
        raise ValueError('%s: the last line does not end with a newline' % path)
    for n, line in enumerate(text.split('\n')[:-1], 1):
        try:
            out.append((line, json.loads(line, parse_constant=no_const)))
        except ValueError as e:
            raise ValueError('%s:%d: not valid JSON: %s: %.200s' % (path, n, e, line))
    return out


# ---------------------------------------------------------------- CSV (RFC 4180)


class CSVError(Exception):
    pass


def read_csv(text):
    """RFC 4180 reader keeping the difference between an empty unquoted field (None: NULL)
    and "" (the empty string).  Records end with CRLF or LF; quoted fields may hold commas,
    line breaks and doubled quotes.  Returns a list of (line_number, [fields])."""
    records = []
    i, n, line = 0, len(text), 1
    if text.startswith('\ufeff'):
        i = 1
    while i < n:
        start_line = line
        fields = []
        while True:  # one field
            if i < n and text[i] == '"':
                i += 1
                buf = []
                while True:
                    if i >= n:
                        raise CSVError('line %d: unterminated quoted field' % start_line)
                    c = text[i]
                    if c == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            buf.append('"')
                            i += 2
                            continue
                        i += 1
                        break
                    if c == '\n':
                        line += 1
                    buf.append(c)
                    i += 1
                fields.append(''.join(buf))
                if i < n and text[i] not in ',\r\n':
                    raise CSVError('line %d: text after a closing quote' % line)
            else:
                j = i
                while j < n and text[j] not in ',\r\n':
                    if text[j] == '"':
                        raise CSVError('line %d: quote inside an unquoted field' % line)
                    j += 1
                fields.append(text[i:j] if j > i else None)
                i = j
            if i < n and text[i] == ',':
                i += 1
                continue
            break
        # end of record
        if i < n and text[i] == '\r':
            i += 1
        if i < n and text[i] == '\n':
            i += 1
        line += 1
        records.append((start_line, fields))
    return records


# ---------------------------------------------------------------- values


def format_real(d):
    """value.h: the shortest of %.15g/%.16g/%.17g that reads back, '.0' when it would look
    like an integer; inf, -inf, nan."""
    if d != d:
        return 'nan'
    if d in (float('inf'), float('-inf')):
        return 'inf' if d > 0 else '-inf'
    s = None
    for p in (15, 16, 17):
        s = '%.*g' % (p, d)
        if float(s) == d:
            break
    if re.fullmatch(r'-?[0-9]+', s):
        s += '.0'
    return s


def cell_text(v):
    """The display text of a SQLite value as holobench formats it (None for NULL)."""
    if v is None:
        return None
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_real(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return v


def type_letter(v):
    if v is None:
        return 'n'
    if isinstance(v, int):
        return 'i'
    if isinstance(v, float):
        return 'r'
    if isinstance(v, (bytes, bytearray, memoryview)):
        return 'b'
    return 't'


def expected_json_value(v):
    """What cell_json() should write for a SQLite value: a number for INTEGER and finite
    REAL, a string otherwise (BLOB as hex, inf/nan as text), null."""
    if isinstance(v, float) and (v != v or v in (float('inf'), float('-inf'))):
        return cell_text(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return v


def values_equal(expected, got):
    """Type-aware: integers equal, reals with relative 1e-12, text exact, null only null."""
    e = expected_json_value(expected)
    if isinstance(e, bool) or isinstance(got, bool):
        return False
    if e is None or got is None:
        return e is None and got is None
    if isinstance(e, int):
        return isinstance(got, int) and e == got
    if isinstance(e, float):
        if not isinstance(got, float):
            return False
        if e == got:
            return True
        return abs(e - got) <= 1e-12 * max(abs(e), abs(got))
    return isinstance(got, str) and e == got


def rows_equal(expected, got):
    return len(expected) == len(got) and all(
        len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b))
        for a, b in zip(expected, got))


def _sort_key_value(v):
    # SQLite's order: NULL < numbers < text < blob (text and blob by bytes)
    if v is None:
        return (0, 0)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (1, v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return (3, bytes(v))
    return (2, v.encode('utf-8'))


def sqlite_order_key(row):
    return tuple(_sort_key_value(v) for v in row)


def multiset_equal(expected, got):
    if len(expected) != len(got):
        return False
    try:
        a = sorted(expected, key=sqlite_order_key)
        b = sorted(got, key=sqlite_order_key)
    except TypeError:
        return False
    return rows_equal(a, b)


# ---------------------------------------------------------------- token estimate


def line_cost(line):
    """The reference estimator: floor(100 * code points / 366) + 1 per line."""
    return 100 * len(line) // 366 + 1


# ---------------------------------------------------------------- hashing (prng.h)


def mix64(z):
    z &= MASK64
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK64
    return z ^ (z >> 31)


def hash64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & MASK64
    return mix64(h)


def verbalize_choose(seed, table, key_text, n):
    """verbalize.h: index = mix64(seed ^ hash64(table, 0x00, key_text)) % n."""
    h = hash64(table.encode('utf-8') + b'\0' + key_text.encode('utf-8'))
    return mix64((seed & MASK64) ^ h) % n


# ---------------------------------------------------------------- templates


class TemplateError(Exception):
    pass


def parse_template(src):
    """A template as a tree: ('lit', text) | ('col', name) | ('opt', [nodes])."""
    stack = [[]]
    i, n = 0, len(src)
    lit = []

    def flush():
        if lit:
            stack[-1].append(('lit', ''.join(lit)))
            del lit[:]
    while i < n:
        c = src[i]
        if c == '\\':
            if i + 1 < n and src[i + 1] in '{}[]\\':
                lit.append(src[i + 1])
                i += 2
                continue
            raise TemplateError('bad escape at %d' % i)
        if c == '{':
            j = src.find('}', i + 1)
            if j < 0:
                raise TemplateError('unclosed {')
            flush()
            stack[-1].append(('col', src[i + 1:j]))
            i = j + 1
            continue
        if c == '[':
            flush()
            stack.append([])
            i += 1
            continue
        if c == ']':
            flush()
            if len(stack) == 1:
                raise TemplateError('unbalanced ]')
            part = stack.pop()
            stack[-1].append(('opt', part))
            i += 1
            continue
        lit.append(c)
        i += 1
    flush()
    if len(stack) != 1:
        raise TemplateError('unbalanced [')
    return stack[0]


def template_columns(nodes, out=None):
    out = set() if out is None else out
    for kind, x in nodes:
        if kind == 'col':
            out.add(x)
        elif kind == 'opt':
            template_columns(x, out)
    return out


def resolve_column(name, columns):
    """Exact match first, then ignoring ASCII case."""
    if name in columns:
        return columns.index(name)
    low = [c.lower() for c in columns]
    if name.lower() in low:
        return low.index(name.lower())
    raise TemplateError('unknown column %r' % name)


def render(nodes, columns, row):
    """Renders a parsed template for a row (values in column order)."""
    out = []

    def walk(ns):
        for kind, x in ns:
            if kind == 'lit':
                out.append(x)
            elif kind == 'col':
                t = cell_text(row[resolve_column(x, columns)])
                if t is not None:
                    out.append(t.replace('\n', ' ').replace('\r', ' '))
            else:
                if any(k == 'col' and row[resolve_column(y, columns)] is None for k, y in x):
                    continue
                walk(x)
    walk(nodes)
    return ''.join(out)


# ---------------------------------------------------------------- schema loading


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []      # names, declaration order
        self.pk = []           # indices of primary-key columns in key order
        self.fks = []          # (parent_table, [from col idx], [parent col names])
        self.rows = []         # (rowid, tuple of values), rowid order
        self.by_key = {}       # typed key -> row index
        self.by_rowid = {}     # rowid -> row index
        self.templates = None  # list of parsed templates, or None (skipped / none)
        self.template_src = None
        self.skip = False


def typed(v):
    """A hashable, type-aware form of a value (1 and 1.0 and '1' are different)."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return ('b', bytes(v))
    return (type_letter(v), v)


def key_of_json(key, table):
    """A typed key from an instance's JSON key (scalar, array, or rowid)."""
    if table.pk and len(table.pk) > 1:
        if not isinstance(key, list) or len(key) != len(table.pk):
            return None
        return tuple(typed(k) for k in key)
    if isinstance(key, list):
        return None
    return (typed(key),)


def placed_gold(schema, inst):
    """The instance's query run over every placed row of the tables it reads (its provenance),
    in a fresh database with the schema's DDL: the gold computed without holobench."""
    con = sqlite3.connect(':memory:')
    con.executescript(schema.ddl)
    con.execute('PRAGMA foreign_keys=OFF')
    for tname, key in inst['rows']:
        if tname not in inst['tables']:
            continue
        t = schema.table(tname)
        vals = t.rows[schema.lookup(tname, key)][1]
        con.execute('INSERT INTO %s VALUES (%s)' % (quote_ident(t.name),
                                                    ','.join('?' * len(vals))), vals)
    return [list(r) for r in con.execute(inst['sql'], inst['params'])]


def gold_mismatch(schema, inst):
    """None when the instance's gold equals placed_gold (as multisets unless ordered), else
    (recorded rows, independent rows) for the failure message."""
    got, want = inst['gold']['rows'], placed_gold(schema, inst)
    if not inst['gold']['ordered']:
        got, want = sorted(got, key=repr), sorted(want, key=repr)
    return None if rows_equal(got, want) else (got[:5], want[:5])


class Schema:
    """A schema folder loaded independently into python's sqlite3."""

    def __init__(self, folder, name=None):
        self.folder = folder
        self.name = name or os.path.basename(os.path.normpath(folder))
        with open(os.path.join(folder, 'schema.sql'), encoding='utf-8') as f:
            self.ddl = f.read()
        self.db = sqlite3.connect(':memory:')
        self.db.executescript(self.ddl)
        self.tables = {}
        self.order = []  # creation order
        for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY rowid"):
            t = Table(name)
            info = self.db.execute('PRAGMA table_info(%s)' % quote_ident(name)).fetchall()
            t.columns = [r[1] for r in info]
            t.pk = [i for _, i in sorted((r[5], i) for i, r in enumerate(info) if r[5] > 0)]
            self.tables[name.lower()] = t
            self.order.append(t)
        for t in self.order:
            fk = {}
            for r in self.db.execute('PRAGMA foreign_key_list(%s)' % quote_ident(t.name)):
                fk.setdefault(r[0], (r[2], [], []))
                fk[r[0]][1].append(t.columns.index(r[3]))
                fk[r[0]][2].append(r[4])
            t.fks = [fk[k] for k in sorted(fk)]
        datadir = os.path.join(folder, 'data')
        self.db.execute('BEGIN')
        for t in self.order:
            path = os.path.join(datadir, t.name + '.csv')
            if not os.path.exists(path):
                continue
            with open(path, encoding='utf-8', newline='') as f:
                recs = read_csv(f.read())
            header = recs[0][1]
            sql = 'INSERT INTO %s (%s) VALUES (%s)' % (
                quote_ident(t.name), ','.join(quote_ident(h) for h in header),
                ','.join('?' * len(header)))
            for _, fields in recs[1:]:
                self.db.execute(sql, fields)
        self.db.execute('COMMIT')
        for t in self.order:
            cols = ','.join(quote_ident(c) for c in t.columns)
            for r in self.db.execute('SELECT rowid, %s FROM %s ORDER BY rowid' % (
                    cols, quote_ident(t.name))):
                t.rows.append((r[0], tuple(r[1:])))
            for i, (rowid, vals) in enumerate(t.rows):
                t.by_key[self.typed_key(t, i)] = i
                t.by_rowid[rowid] = i
        # templates
        vpath = os.path.join(folder, 'verbalize.json')
        with open(vpath, encoding='utf-8') as f:
            verb = json.load(f)
        skip = {s.lower() for s in verb.get('skip', [])}
        entries = verb.get('tables', {})
        for t in self.order:
            if t.name.lower() in skip:
                t.skip = True
                continue
            e = entries.get(t.name)
            if e is None:
                for k, v in entries.items():
                    if k.lower() == t.name.lower():
                        e = v
            if e is not None:
                t.template_src = list(e['templates'])
                t.templates = [parse_template(s) for s in t.template_src]

    # keys

    def typed_key(self, t, i):
        rowid, vals = t.rows[i]
        if not t.pk:
            return (typed(rowid),)
        return tuple(typed(vals[c]) for c in t.pk)

    def key_text(self, t, i):
        rowid, vals = t.rows[i]
        if not t.pk:
            return str(rowid)
        return '\x1f'.join(cell_text(vals[c]) or '' for c in t.pk)

    def key_json(self, t, i):
        rowid, vals = t.rows[i]
        if not t.pk:
            return rowid
        ks = [expected_json_value(vals[c]) for c in t.pk]
        return ks[0] if len(ks) == 1 else ks

    def table(self, name):
        return self.tables.get(name.lower())

    def lookup(self, table_name, key):
        """Row index of [table, key] from an instance, or None."""
        t = self.table(table_name)
        if t is None:
            return None
        k = key_of_json(key, t)
        if k is None:
            return None
        return t.by_key.get(k)

    def parent_rows(self, t, i):
        """For each foreign key of t: (parent table, parent row index) when the row's
        non-NULL FK values match a parent row."""
        out = []
        vals = t.rows[i][1]
        for parent, from_cols, to_cols in t.fks:
            p = self.table(parent)
            if p is None:
                continue
            fv = [vals[c] for c in from_cols]
            if any(v is None for v in fv):
                continue
            where = ' AND '.join('%s = ?' % quote_ident(c) for c in to_cols)
            r = self.db.execute('SELECT rowid FROM %s WHERE %s' % (quote_ident(p.name), where),
                                fv).fetchone()
            if r is not None:
                out.append((p, p.by_rowid[r[0]]))
        return out

    def sentence(self, seed, t, i, k=None):
        """(template index, sentence) of row i of t at a seed, by verbalize_choose."""
        if k is None:
            k = verbalize_choose(seed, t.name, self.key_text(t, i), len(t.templates))
        return k, render(t.templates[k], t.columns, t.rows[i][1])

    def schema_hash(self):
        """schema.h: SHA-256 over tables in creation order: name 0x1f CREATE 0x1e, then each
        row (type letter + text + 0x1f per value, 0x1e), then 0x1d."""
        h = hashlib.sha256()
        for t in self.order:
            (sql,) = self.db.execute('SELECT sql FROM sqlite_master WHERE type=? AND name=?',
                                     ('table', t.name)).fetchone()
            h.update(t.name.encode() + b'\x1f' + sql.encode() + b'\x1e')
            for _, vals in t.rows:
                for v in vals:
                    h.update(type_letter(v).encode() + (cell_text(v) or '').encode() + b'\x1f')
                h.update(b'\x1e')
            h.update(b'\x1d')
        return h.hexdigest()


def quote_ident(s):
    return '"' + s.replace('"', '""') + '"'


def load_schema(root, name):
    return Schema(os.path.join(root, 'schemas', name), name)


# ---------------------------------------------------------------- temp dirs


class TempDir:
    def __init__(self, prefix='hb-e2e-'):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def __enter__(self):
        return self.path

    def __exit__(self, *a):
        shutil.rmtree(self.path, ignore_errors=True)


# ---------------------------------------------------------------- reporting


def subject(where):
    """What a failure is about, for the summary: an instance id without its grid point
    (QUERY of QUERY-LENGTH-SETTING-POSITION-sSEED), else the text as it is."""
    m = re.match(r'(.+?)-[0-9]+[km]?-[ad][^-]+-[a-z]+-s[0-9]+\b', where)
    return m.group(1) if m else where


class Checker:
    """Collects failures per check; prints each (check, instance, expected vs got)."""

    def __init__(self, max_per_check=8):
        self.failures = {}
        self.counts = {}
        self.max_per_check = max_per_check
        self.skips = []

    def ok(self, check):
        self.counts[check] = self.counts.get(check, 0) + 1

    def fail(self, check, where, msg):
        self.counts[check] = self.counts.get(check, 0) + 1
        lst = self.failures.setdefault(check, [])
        lst.append((where, msg))
        if len(lst) <= self.max_per_check:
            print('FAIL [%s] %s: %s' % (check, where, msg), flush=True)
        elif len(lst) == self.max_per_check + 1:
            print('FAIL [%s] ... (further failures of this check not shown)' % check,
                  flush=True)

    def expect(self, cond, check, where, msg):
        if cond:
            self.ok(check)
        else:
            self.fail(check, where, msg() if callable(msg) else msg)
        return cond

    def skip(self, check, why):
        self.skips.append((check, why))
        print('SKIP [%s] %s' % (check, why), flush=True)

    def summary(self):
        print()
        for check in sorted(self.counts):
            nf = len(self.failures.get(check, []))
            print('%-24s %7d assertions, %s' % (check, self.counts[check],
                                                 'FAILED %d' % nf if nf else 'ok'))
            if nf:
                subjects = collections.Counter(subject(w) for w, _ in self.failures[check])
                print('%-24s failing: %s' % ('', ', '.join(
                    '%s (%d)' % kv for kv in subjects.most_common(12))))
        for check, why in self.skips:
            print('%-24s skipped: %s' % (check, why))
        if self.failures:
            print('\n%d check(s) failed: %s' % (len(self.failures),
                                                ', '.join(sorted(self.failures))))
            return 1
        print('\nall checks passed')
        return 0


FAKE_SERVER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           'fake_server', 'fake_server.py')


def poll(cond, seconds, step=0.01, alive=None):
    """Calls cond() until it returns something true (an observable event: a line, a row, a
    file, a count), for at most `seconds`, or until alive() says the process to watch has
    ended; returns that value, or None.  The tests' one way of waiting: never a bare sleep."""
    deadline = time.monotonic() + seconds
    while True:
        v = cond()
        if v or time.monotonic() > deadline or (alive is not None and not alive()):
            return v or None
        time.sleep(step)


def server_port(out, proc, seconds=15):
    """The port the fake server printed first ("PORT n") to the file `out`; RuntimeError when
    proc ended or `seconds` passed first."""
    def port():
        with open(out) as f:
            return re.match(r'PORT (\d+)\n', f.read())
    m = poll(port, seconds, 0.02, lambda: proc.poll() is None)
    if not m:
        raise RuntimeError('fake server did not start')
    return int(m.group(1))


class FakeServer:
    """tests/fake_server on a free port of 127.0.0.1, its output in folder `tmp` under `tag`;
    extra arguments go to the server. Started once it has printed its port (15 s at most)."""

    def __init__(self, tmp, *flags, tag='server', max_seconds=200):
        out = os.path.join(tmp, tag + '.out')
        with open(out, 'w') as fo, open(os.path.join(tmp, tag + '.err'), 'w') as fe:
            self.p = subprocess.Popen(
                [sys.executable, FAKE_SERVER, '--port', '0', '--max-seconds', str(max_seconds),
                 '--exit-with-parent'] + list(flags),
                stdout=fo, stderr=fe, stdin=subprocess.DEVNULL)
        self.port = server_port(out, self.p)

    def stop(self):
        self.p.terminate()
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
