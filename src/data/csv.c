/* csv.c: RFC 4180 comma-separated values, read from memory and written into a buf; the interface
 * and its rules are in csv.h. */
#include "csv.h"

#include "err.h"
#include "xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

#define CSV_STR_(x) #x
#define CSV_STR(x) CSV_STR_(x)
#define FIELD_TOO_LONG "field longer than " CSV_STR(CSV_MAX_FIELD) " bytes (the limit)"
/* the bytes a quoted field may span: every content byte a doubled quote, and both quotes */
#define RAW_MAX (2 * (size_t)CSV_MAX_FIELD + 2)

/* A quoted field with doubled quotes is unescaped into `esc`, which may move while the rest
 * of the record is read, so until the record is complete such a field is remembered by offset
 * and its pointer is filled in at the end. */
struct esc_fix {
    size_t field;
    size_t off;
};

struct csv_reader {
    const char *p;   /* next unread byte */
    const char *end; /* one past the input */
    const char *filename;
    int line;               /* physical line of `p`, 1-based */
    const char *line_start; /* first byte of that line, for columns */
    /* Input before this point is known to be followed by data other than line ends, so
     * a blank line there is a record and not the end; saves rescanning long blank runs. */
    const char *data_ahead;
    int failed;

    struct csv_field *fields;
    size_t fields_alloc;
    char *esc;
    size_t esc_len, esc_alloc;
    struct esc_fix *fix;
    size_t nfix, fix_alloc;
};

struct csv_reader *csv_reader_new(const char *data, size_t len, const char *filename)
{
    struct csv_reader *r = xcalloc(1, sizeof(*r));

    /* Empty fields point at the input, so it must be a real address even when empty. */
    if (!data) {
        data = "";
        len = 0;
    }
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    r->p = data;
    r->end = data + len;
    r->filename = filename;
    r->line = 1;
    r->line_start = data;
    r->data_ahead = data;
    return r;
}

void csv_reader_free(struct csv_reader *r)
{
    if (!r)
        return;
    free(r->fields);
    free(r->esc);
    free(r->fix);
    free(r);
}

/* `p` is just past an LF. */
static inline void new_line(struct csv_reader *r, const char *p)
{
    if (r->line < INT_MAX)
        r->line++;
    r->line_start = p;
}

static int col_of(const struct csv_reader *r, const char *p)
{
    size_t col = (size_t)(p - r->line_start) + 1;
    return col > INT_MAX ? INT_MAX : (int)col;
}

static int syntax_error(struct csv_reader *r, int line, int col, const char *msg)
{
    struct srcloc loc = {r->filename, line, col};
    r->failed = 1;
    return error_at(&loc, "%s", msg);
}

static int only_line_ends_left(struct csv_reader *r, const char *p)
{
    const char *q = p;

    if (p < r->data_ahead)
        return 0;
    while (q < r->end && (*q == '\n' || *q == '\r'))
        q++;
    if (q == r->end)
        return 1;
    r->data_ahead = q;
    return 0;
}

static void esc_add(struct csv_reader *r, const char *s, size_t n)
{
    ALLOC_GROW(r->esc, st_add(r->esc_len, n), r->esc_alloc);
    memcpy(r->esc + r->esc_len, s, n);
    r->esc_len += n;
}

/* Count the line ends inside a quoted stretch [p, q) so that later records and messages
 * report physical lines.  memchr keeps this at library speed on long fields. */
static void count_lines(struct csv_reader *r, const char *p, const char *q)
{
    while ((p = memchr(p, '\n', (size_t)(q - p))) != NULL)
        new_line(r, ++p);
}

/* Read the quoted field whose opening quote is at r->p into field `idx`; leaves r->p just past
 * the closing quote.  Returns 0 or -1 (unterminated). */
static int read_quoted(struct csv_reader *r, size_t idx)
{
    const char *open = r->p, *p = open + 1, *seg = p, *q;
    int open_line = r->line, open_col = col_of(r, open);
    size_t off = 0;
    int escaped = 0;
    struct csv_field *f = &r->fields[idx];
    /* Past this, even a field of doubled quotes only is too long: a huge field fails here
     * without the rest of the input being looked at (it may be a mapped gigabyte). */
    const char *lim = (size_t)(r->end - p) > RAW_MAX ? p + RAW_MAX : r->end;

    for (;;) {
        q = p < lim ? memchr(p, '"', (size_t)(lim - p)) : NULL;
        if (!q && lim < r->end)
            return syntax_error(r, open_line, open_col, FIELD_TOO_LONG);
        if (!q)
            return syntax_error(r, open_line, open_col, "unterminated quoted field");
        count_lines(r, p, q);
        if (q + 1 < r->end && q[1] == '"') {
            /* A doubled quote: from here on the field is built in `esc`, keeping one quote. */
            if (!escaped) {
                escaped = 1;
                off = r->esc_len;
            }
            esc_add(r, seg, (size_t)(q + 1 - seg));
            p = seg = q + 2;
            continue;
        }
        break;
    }
    f->quoted = 1;
    if (escaped) {
        esc_add(r, seg, (size_t)(q - seg));
        f->s = NULL;
        f->len = r->esc_len - off;
        ALLOC_GROW(r->fix, r->nfix + 1, r->fix_alloc);
        r->fix[r->nfix].field = idx;
        r->fix[r->nfix].off = off;
        r->nfix++;
    } else {
        f->s = seg;
        f->len = (size_t)(q - seg);
    }
    r->p = q + 1;
    return 0;
}

int csv_next(struct csv_reader *r, const struct csv_field **fields, size_t *n, int *line)
{
    const char *p = r->p, *end = r->end;
    size_t nf = 0, i;

    if (r->failed)
        return -1;
    if (p == end || ((*p == '\n' || *p == '\r') && only_line_ends_left(r, p))) {
        r->p = end;
        return 0;
    }
    *line = r->line;
    r->esc_len = 0;
    r->nfix = 0;

    for (;;) {
        struct csv_field *f;
        int qline = r->line; /* where a quoted field opens, for the message below */
        int fline = r->line, fcol = col_of(r, p);

        if (nf == CSV_MAX_FIELDS)
            return syntax_error(r, fline, fcol,
                                "more than " CSV_STR(CSV_MAX_FIELDS) " fields in a record (the "
                                                                     "limit)");
        ALLOC_GROW(r->fields, nf + 1, r->fields_alloc);
        f = &r->fields[nf];
        if (p < end && *p == '"') {
            qline = r->line;
            r->p = p;
            if (read_quoted(r, nf) < 0)
                return -1;
            p = r->p;
        } else {
            /* The hot loop: most fields of most files are short and unquoted.  It stops
             * one byte past the limit, so a huge field is not read to its end. */
            const char *s = p;
            const char *lim = (size_t)(end - p) > CSV_MAX_FIELD ? p + CSV_MAX_FIELD + 1 : end;
            while (p < lim) {
                char c = *p;
                if (c == ',' || c == '\n')
                    break;
                if (c == '\r' && (p + 1 == end || p[1] == '\n'))
                    break;
                p++;
            }
            f->s = s;
            f->len = (size_t)(p - s);
            f->quoted = 0;
        }
        if (f->len > CSV_MAX_FIELD)
            return syntax_error(r, fline, fcol, FIELD_TOO_LONG);
        nf++;

        if (p == end)
            break;
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '\n') {
            new_line(r, ++p);
            break;
        }
        if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
            p++;
            if (p < end)
                new_line(r, ++p);
            break;
        }
        /* Only a quoted field can stop anywhere else.  When it ran over lines, the quote
         * that opened it is the likely mistake: say where that was. */
        if (qline != r->line) {
            char msg[96];
            snprintf(msg, sizeof(msg),
                     "unexpected character after closing quote (the quoted field opened on "
                     "line %d)",
                     qline);
            return syntax_error(r, r->line, col_of(r, p), msg);
        }
        return syntax_error(r, r->line, col_of(r, p), "unexpected character after closing quote");
    }
    r->p = p;

    for (i = 0; i < r->nfix; i++)
        r->fields[r->fix[i].field].s = r->esc + r->fix[i].off;
    *fields = r->fields;
    *n = nf;
    return 1;
}

/* `n` > 0.  Readers that trim unquoted fields would lose edge blanks, so those are quoted
 * too. */
static int needs_quotes(const char *s, size_t n)
{
    size_t i;

    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return 1;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r')
            return 1;
    }
    return 0;
}

void csv_add_text(struct buf *b, const char *s, size_t n)
{
    const char *q, *end;

    /* before any pointer arithmetic: `s` may be NULL when empty */
    if (n == 0) {
        buf_add(b, "\"\"", 2);
        return;
    }
    end = s + n;
    if (!needs_quotes(s, n)) {
        buf_add(b, s, n);
        return;
    }
    buf_addch(b, '"');
    while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
        buf_add(b, s, (size_t)(q + 1 - s));
        buf_addch(b, '"');
        s = q + 1;
    }
    buf_add(b, s, (size_t)(end - s));
    buf_addch(b, '"');
}

void csv_add_field(struct buf *b, const struct cell *c)
{
    if (c->type == SQLITE_NULL)
        return;
    csv_add_text(b, c->text, c->len);
}
