/* jsonloc.c: line numbers for JSON input files; the interface and its rules are in jsonloc.h. */
#include "jsonloc.h"

#include "buf.h"
#include "err.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* cJSON refuses deeper nesting (CJSON_NESTING_LIMIT), so a scanner that recurses no deeper
 * cannot be made to exhaust the stack by a text that cJSON accepted. */
#define MAX_DEPTH 1000

struct scan {
    const char *p, *end;
    int line;
};

static void skip_ws(struct scan *s)
{
    while (s->p < s->end) {
        char c = *s->p;
        if (c == '\n')
            s->line++;
        else if (c != ' ' && c != '\t' && c != '\r')
            break;
        s->p++;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static long read_hex4(const char *p, const char *end)
{
    long v = 0;
    int i;
    if (end - p < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static void add_utf8(struct buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        buf_addch(b, (int)cp);
    } else if (cp < 0x800) {
        buf_addch(b, (int)(0xc0 | (cp >> 6)));
        buf_addch(b, (int)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        buf_addch(b, (int)(0xe0 | (cp >> 12)));
        buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
        buf_addch(b, (int)(0x80 | (cp & 0x3f)));
    } else {
        buf_addch(b, (int)(0xf0 | (cp >> 18)));
        buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
        buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
        buf_addch(b, (int)(0x80 | (cp & 0x3f)));
    }
}

/* At a '"': move past the closing quote, appending the decoded bytes to `out` when it is not
 * NULL.  Raw line breaks are counted, not refused: cJSON accepts them inside strings. */
static int scan_string(struct scan *s, struct buf *out)
{
    s->p++;
    while (s->p < s->end) {
        char c = *s->p++;
        if (c == '"')
            return 0;
        if (c == '\n')
            s->line++;
        if (c != '\\') {
            if (out)
                buf_addch(out, c);
            continue;
        }
        if (s->p >= s->end)
            return -1;
        c = *s->p++;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            break;
        case 'b':
            c = '\b';
            break;
        case 'f':
            c = '\f';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 't':
            c = '\t';
            break;
        case 'u': {
            long cp = read_hex4(s->p, s->end), lo;
            if (cp < 0)
                return -1;
            s->p += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && s->end - s->p >= 6 && s->p[0] == '\\' &&
                s->p[1] == 'u' && (lo = read_hex4(s->p + 2, s->end)) >= 0xdc00 && lo < 0xe000) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                s->p += 6;
            }
            if (out)
                add_utf8(out, (unsigned long)cp);
            continue;
        }
        default:
            return -1;
        }
        if (out)
            buf_addch(out, c);
    }
    return -1;
}

static int skip_literal(struct scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
        return -1;
    s->p += n;
    return 0;
}

static int skip_value(struct scan *s, int depth);

/* A value of the index (json_lines): its line and, for a container, its members (sorted by
 * key) or elements. */
struct jnode {
    int line;
    char *key;    /* as a member: its decoded key; NULL in an array */
    size_t order; /* as a member: its place in the object, for the first duplicate to win */
    struct jnode *kids;
    size_t nkids, alloc;
};

static int read_node(struct scan *s, struct jnode *nd, int depth);

/* The next member or element of nd (its key decoded for an object), zeroed. */
static struct jnode *new_kid(struct jnode *nd, struct buf *key)
{
    struct jnode *kid;
    ALLOC_GROW(nd->kids, nd->nkids + 1, nd->alloc);
    kid = &nd->kids[nd->nkids];
    memset(kid, 0, sizeof(*kid));
    if (key) {
        kid->key = buf_detach(key, NULL);
        kid->order = nd->nkids;
    }
    nd->nkids++;
    return kid;
}

/* At a '{' or '[': move past the matching close.  Members and elements are checked only as
 * far as needed to find where each one ends; with nd, each is also read into nd->kids (the
 * index), else skipped. */
static int walk_container(struct scan *s, struct jnode *nd, int depth)
{
    char close = *s->p == '{' ? '}' : ']';
    struct buf key = BUF_INIT;
    int rc = -1;
    if (depth >= MAX_DEPTH)
        return -1;
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        return 0;
    }
    for (;;) {
        if (close == '}') {
            if (s->p >= s->end || *s->p != '"' || scan_string(s, nd ? &key : NULL) < 0)
                break;
            skip_ws(s);
            if (s->p >= s->end || *s->p != ':')
                break;
            s->p++;
            skip_ws(s);
        }
        if (nd ? read_node(s, new_kid(nd, close == '}' ? &key : NULL), depth + 1) < 0
               : skip_value(s, depth + 1) < 0)
            break;
        skip_ws(s);
        if (s->p >= s->end)
            break;
        if (*s->p == close) {
            s->p++;
            rc = 0;
            break;
        }
        if (*s->p != ',')
            break;
        s->p++;
        skip_ws(s);
    }
    buf_release(&key);
    return rc;
}

static int skip_value(struct scan *s, int depth)
{
    if (s->p >= s->end)
        return -1;
    switch (*s->p) {
    case '"':
        return scan_string(s, NULL);
    case '{':
    case '[':
        return walk_container(s, NULL, depth);
    case 't':
        return skip_literal(s, "true");
    case 'f':
        return skip_literal(s, "false");
    case 'n':
        return skip_literal(s, "null");
    default:
        break;
    }
    if (*s->p != '-' && (*s->p < '0' || *s->p > '9'))
        return -1;
    /* the exact number grammar does not matter here: only where the number ends */
    while (s->p < s->end && (strchr("+-.eE", *s->p) || (*s->p >= '0' && *s->p <= '9')))
        s->p++;
    return 0;
}

/* Skips a value and the comma after it: the next member or element must follow. */
static int skip_member(struct scan *s)
{
    if (skip_value(s, 1) < 0)
        return -1;
    skip_ws(s);
    if (s->p >= s->end || *s->p != ',')
        return -1;
    s->p++;
    skip_ws(s);
    return 0;
}

/* At a '{': leave s->p at the value of member `key` (whitespace skipped) and return 0, or
 * return -1 when there is no such member. */
static int find_member(struct scan *s, const char *key, struct buf *tmp)
{
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}')
        return -1;
    for (;;) {
        int match;
        if (s->p >= s->end || *s->p != '"')
            return -1;
        buf_reset(tmp);
        if (scan_string(s, tmp) < 0)
            return -1;
        /* up to a NUL byte (raw or \u0000), where cJSON's key string ends */
        match = !strcmp(tmp->s, key);
        skip_ws(s);
        if (s->p >= s->end || *s->p != ':')
            return -1;
        s->p++;
        skip_ws(s);
        if (match)
            return 0;
        if (skip_member(s) < 0)
            return -1;
    }
}

/* At a '[': leave s->p at element `index`, or return -1. */
static int find_element(struct scan *s, int index)
{
    int i;
    if (index < 0)
        return -1;
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == ']')
        return -1;
    for (i = 0; i < index; i++) {
        if (skip_member(s) < 0)
            return -1;
    }
    return 0;
}

int json_line(const char *text, size_t len, const struct jstep *path, size_t n)
{
    struct scan s = {text, text + len, 1};
    struct buf tmp = BUF_INIT;
    size_t i;
    int line = 0;

    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        s.p += 3;
    skip_ws(&s);
    for (i = 0; i < n; i++) {
        if (s.p >= s.end)
            goto out;
        if (path[i].key) {
            if (*s.p != '{' || find_member(&s, path[i].key, &tmp) < 0)
                goto out;
        } else {
            if (*s.p != '[' || find_element(&s, path[i].index) < 0)
                goto out;
        }
    }
    if (s.p < s.end)
        line = s.line;
out:
    buf_release(&tmp);
    return line;
}

/* ---- the index ---- */

struct json_lines {
    struct jnode root;
    int ok; /* the root was read (0 for an empty or malformed start) */
};

static int cmp_member(const void *a, const void *b)
{
    const struct jnode *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int read_node(struct scan *s, struct jnode *nd, int depth)
{
    int rc;
    nd->line = s->line;
    if (s->p >= s->end)
        return -1;
    if (*s->p != '{' && *s->p != '[')
        return skip_value(s, depth);
    rc = walk_container(s, nd, depth);
    if (nd->nkids && nd->kids[0].key) /* an object: sorted for lookups */
        qsort(nd->kids, nd->nkids, sizeof(*nd->kids), cmp_member);
    return rc;
}

struct json_lines *json_lines_new(const char *text, size_t len)
{
    struct json_lines *ix = xcalloc(1, sizeof(*ix));
    struct scan s = {text, text + len, 1};
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        s.p += 3;
    skip_ws(&s);
    ix->ok = s.p < s.end;
    if (ix->ok)
        read_node(&s, &ix->root, 0);
    return ix;
}

static const struct jnode *member(const struct jnode *nd, const char *key)
{
    size_t lo = 0, hi = nd->nkids;
    if (!nd->nkids || !nd->kids[0].key)
        return NULL;
    while (lo < hi) { /* the first member whose key is not below `key` */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(nd->kids[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nd->nkids && !strcmp(nd->kids[lo].key, key) ? &nd->kids[lo] : NULL;
}

int json_lines_get(const struct json_lines *ix, const struct jstep *path, size_t n)
{
    const struct jnode *nd = &ix->root;
    size_t i;
    if (!ix->ok)
        return 0;
    for (i = 0; i < n && nd; i++) {
        if (path[i].key)
            nd = member(nd, path[i].key);
        else if (nd->nkids && !nd->kids[0].key && path[i].index >= 0 &&
                 (size_t)path[i].index < nd->nkids)
            nd = &nd->kids[path[i].index];
        else
            nd = NULL;
    }
    return nd ? nd->line : 0;
}

static void jnode_release(struct jnode *nd)
{
    size_t i;
    for (i = 0; i < nd->nkids; i++) {
        jnode_release(&nd->kids[i]);
        free(nd->kids[i].key);
    }
    free(nd->kids);
}

void json_lines_free(struct json_lines *ix)
{
    if (!ix)
        return;
    jnode_release(&ix->root);
    free(ix);
}

const char *json_str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : "";
}

double json_num(const cJSON *o, const char *key, double missing)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : missing;
}

/* How deep in brackets `end` is, strings skipped: cJSON gives up past CJSON_NESTING_LIMIT
 * with no reason given, so the message says it. */
static long nesting_at(const char *text, const char *end)
{
    const char *p;
    long depth = 0;
    int in_str = 0;
    for (p = text; p < end; p++) {
        if (in_str) {
            if (*p == '\\' && p + 1 < end)
                p++;
            else if (*p == '"')
                in_str = 0;
        } else if (*p == '"') {
            in_str = 1;
        } else if (*p == '[' || *p == '{') {
            depth++;
        } else if ((*p == ']' || *p == '}') && depth > 0) {
            depth--;
        }
    }
    return depth;
}

cJSON *json_parse_file_text(const char *text, size_t len, const char *filename)
{
    const char *end = NULL, *p;
    struct srcloc loc = {filename, 1, 1};
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);

    if (root) {
        /* cJSON stops after the first value; anything but whitespace after it is an error */
        while (end < text + len && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
            end++;
        if (end == text + len)
            return root;
        cJSON_Delete(root);
    }
    if (!end || end < text || end > text + len)
        end = text; /* cJSON always sets it on failure; be safe anyway */
    for (p = text; p < end; p++) {
        if (*p == '\n') {
            loc.line++;
            loc.col = 1;
        } else {
            loc.col++;
        }
    }
    if (nesting_at(text, end) >= CJSON_NESTING_LIMIT)
        error_at(&loc, "invalid JSON: nested deeper than %d levels (the limit)",
                 CJSON_NESTING_LIMIT);
    else
        error_at(&loc, "invalid JSON");
    return NULL;
}
