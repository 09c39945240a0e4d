/* tokenizer: the byte-pair encoder itself — vocabulary tables, the rank-ordered merge of one
 * piece, the piece cache, and the way text becomes pieces (added tokens, UTF-8 runs,
 * normalization, pattern splits).  The two file readers are in tokenizer_load.c; the rules
 * are at the top of tokenizer.h. */
#include "tokenizer.h"

#include "err.h"
#include "tokenizer_int.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "banned.h"

#define CACHE_SLOTS ((size_t)1 << 16)
#define CACHE_BYTES ((size_t)8 << 20)
#define NFC (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

static uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h | 1; /* never 0, which marks an empty cache slot */
}

/* ---- Building ---- */

struct tokenizer *tok_new(const char *name)
{
    struct tokenizer *t = xcalloc(1, sizeof(*t));
    size_t i;

    t->name = xstrdup(name);
    buf_init(&t->bytes, 1 << 20);
    buf_init(&t->cache_keys, 0);
    buf_init(&t->m_cat, 0);
    t->slot_mask = (1 << 10) - 1;
    t->slots = xmalloc(st_mult(t->slot_mask + 1, sizeof(*t->slots)));
    for (i = 0; i <= t->slot_mask; i++)
        t->slots[i] = TOK_NONE;
    return t;
}

static int span_eq(const struct tokenizer *t, uint32_t id, const void *s, size_t n)
{
    return t->tok[id].len == n && memcmp(t->bytes.s + t->tok[id].off, s, n) == 0;
}

uint32_t tok_lookup(const struct tokenizer *t, const void *s, size_t n)
{
    size_t i = hash_bytes(s, n) & t->slot_mask;

    for (; t->slots[i] != TOK_NONE; i = (i + 1) & t->slot_mask)
        if (span_eq(t, t->slots[i], s, n))
            return t->slots[i];
    return TOK_NONE;
}

static void slots_grow(struct tokenizer *t)
{
    size_t mask = t->slot_mask * 2 + 1, i, j;
    uint32_t *slots = xmalloc(st_mult(mask + 1, sizeof(*slots)));

    for (i = 0; i <= mask; i++)
        slots[i] = TOK_NONE;
    for (i = 0; i <= t->slot_mask; i++) {
        uint32_t id = t->slots[i];
        if (id == TOK_NONE)
            continue;
        j = hash_bytes(t->bytes.s + t->tok[id].off, t->tok[id].len) & mask;
        while (slots[j] != TOK_NONE)
            j = (j + 1) & mask;
        slots[j] = id;
    }
    free(t->slots);
    t->slots = slots;
    t->slot_mask = mask;
}

int tok_add(struct tokenizer *t, uint32_t id, const void *s, size_t n)
{
    size_t i;

    if (n == 0 || id == TOK_NONE || n > UINT32_MAX || t->bytes.len > UINT32_MAX - n)
        return -1;
    if (id >= t->ntok) {
        size_t old = t->tok_alloc, want = (size_t)id + 1;
        ALLOC_GROW(t->tok, want, t->tok_alloc); /* geometric: ids mostly come in order */
        memset(t->tok + old, 0, (t->tok_alloc - old) * sizeof(*t->tok));
        t->ntok = (uint32_t)want;
    }
    if (t->tok[id].len || tok_lookup(t, s, n) != TOK_NONE)
        return -1;
    t->tok[id].off = (uint32_t)t->bytes.len;
    t->tok[id].len = (uint32_t)n;
    buf_add(&t->bytes, s, n);
    if (++t->nvocab * 2 > t->slot_mask + 1)
        slots_grow(t);
    i = hash_bytes(s, n) & t->slot_mask;
    while (t->slots[i] != TOK_NONE)
        i = (i + 1) & t->slot_mask;
    t->slots[i] = id;
    return 0;
}

static size_t pair_slot(const struct tok_pair *pairs, size_t mask, uint64_t key)
{
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;

    while (pairs[i].key && pairs[i].key != key)
        i = (i + 1) & mask;
    return i;
}

void tok_add_pair(struct tokenizer *t, uint32_t left, uint32_t right, uint32_t rank, uint32_t id)
{
    uint64_t key = ((uint64_t)left << 32 | right) + 1;
    size_t i;

    if (!t->pairs) {
        t->pair_mask = (1 << 12) - 1;
        t->pairs = xcalloc(t->pair_mask + 1, sizeof(*t->pairs));
    }
    i = pair_slot(t->pairs, t->pair_mask, key);
    if (!t->pairs[i].key)
        t->npairs++;
    t->pairs[i].key = key;
    t->pairs[i].rank = rank;
    t->pairs[i].id = id;
    if (t->npairs * 2 > t->pair_mask) { /* keep the load under 1/2 */
        size_t mask = t->pair_mask * 4 + 3, j;
        struct tok_pair *p = xcalloc(mask + 1, sizeof(*p));
        for (j = 0; j <= t->pair_mask; j++)
            if (t->pairs[j].key)
                p[pair_slot(p, mask, t->pairs[j].key)] = t->pairs[j];
        free(t->pairs);
        t->pairs = p;
        t->pair_mask = mask;
    }
}

int tok_add_regex(struct tokenizer *t, const char *pattern, uint32_t options, const char *where)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re;

    if (t->nre == TOK_MAX_SPLITS)
        return error("%s: more than %d split patterns", where, TOK_MAX_SPLITS);
    re = rx_compile(pattern, PCRE2_UTF | PCRE2_UCP | options, &code, &off);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof(msg));
        return error("%s: invalid pattern at offset %zu: %s", where, (size_t)off, (char *)msg);
    }
    rx_jit(re); /* without JIT pcre2_match interprets */
    t->re[t->nre++] = re;
    return 0;
}

int tok_finish(struct tokenizer *t, const char *file)
{
    int b;

    for (b = 0; b < 256; b++) {
        unsigned char c = (unsigned char)b;
        t->byte_id[b] = tok_lookup(t, &c, 1);
        if (t->byte_id[b] == TOK_NONE)
            return error("%s: no token for the byte 0x%02x: byte-pair encoding needs all 256", file,
                         b);
    }
    if (!t->nre)
        return error("%s: no pre-tokenizer pattern", file);
    t->md = rx_match_data(1);
    t->mc = rx_match_context();
    pcre2_set_match_limit(t->mc, TOK_MATCH_LIMIT);
    pcre2_set_depth_limit(t->mc, TOK_DEPTH_LIMIT);
    t->cache_mask = CACHE_SLOTS - 1;
    t->cache = xcalloc(CACHE_SLOTS, sizeof(*t->cache));
    return 0;
}

void tokenizer_free(struct tokenizer *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->nre; i++)
        pcre2_code_free(t->re[i]);
    pcre2_match_data_free(t->md);
    pcre2_match_context_free(t->mc);
    for (i = 0; i < t->nadded; i++)
        free(t->added[i].text);
    free(t->added);
    free(t->name);
    buf_release(&t->bytes);
    free(t->tok);
    free(t->slots);
    free(t->pairs);
    free(t->cache);
    buf_release(&t->cache_keys);
    free(t->cache_ids);
    free(t->m_id);
    free(t->m_next);
    free(t->m_prev);
    free(t->m_heap);
    buf_release(&t->m_cat);
    free(t);
}

const char *tokenizer_name(const struct tokenizer *t)
{
    return t->name;
}

/* ---- Merging one piece ---- */

/* The rank at which tokens a and b merge, and into which token; UINT32_MAX if they do not. */
static uint32_t pair_rank(struct tokenizer *t, uint32_t a, uint32_t b, uint32_t *id)
{
    if (t->pairs_by_bytes) { /* tiktoken: the rank of the joined bytes, which is its id */
        buf_reset(&t->m_cat);
        buf_add(&t->m_cat, t->bytes.s + t->tok[a].off, t->tok[a].len);
        buf_add(&t->m_cat, t->bytes.s + t->tok[b].off, t->tok[b].len);
        *id = tok_lookup(t, t->m_cat.s, t->m_cat.len);
        return *id;
    }
    if (t->pairs) {
        size_t i = pair_slot(t->pairs, t->pair_mask, ((uint64_t)a << 32 | b) + 1);
        if (t->pairs[i].key) {
            *id = t->pairs[i].id;
            return t->pairs[i].rank;
        }
    }
    return UINT32_MAX;
}

/* A min-heap of (rank << 32 | position): the lowest rank first, the leftmost among equals. */
static void heap_push(uint64_t *h, size_t *n, uint64_t v)
{
    size_t i = (*n)++;

    while (i && h[(i - 1) / 2] > v) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = v;
}

static uint64_t heap_pop(uint64_t *h, size_t *n)
{
    uint64_t top = h[0], v = h[--*n];
    size_t i = 0, c;

    while ((c = 2 * i + 1) < *n) {
        if (c + 1 < *n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = v;
    return top;
}

static void push_pair(struct tokenizer *t, size_t *nheap, uint32_t pos)
{
    uint32_t id, next = t->m_next[pos], rank;

    if (next == TOK_NONE)
        return;
    rank = pair_rank(t, t->m_id[pos], t->m_id[next], &id);
    if (rank != UINT32_MAX)
        heap_push(t->m_heap, nheap, (uint64_t)rank << 32 | pos);
}

/* Merge the n bytes of s (n >= 2) into tokens, left in m_id[0 .. return value). */
static size_t merge_piece(struct tokenizer *t, const unsigned char *s, size_t n)
{
    size_t i, nheap = 0, out = 0;
    uint32_t pos;

    if (n > t->m_alloc) {
        t->m_alloc = n;
        t->m_id = xrealloc(t->m_id, st_mult(n, sizeof(*t->m_id)));
        t->m_next = xrealloc(t->m_next, st_mult(n, sizeof(*t->m_next)));
        t->m_prev = xrealloc(t->m_prev, st_mult(n, sizeof(*t->m_prev)));
        t->m_heap = xrealloc(t->m_heap, st_mult(st_mult(n, 3), sizeof(*t->m_heap)));
    }
    for (i = 0; i < n; i++) {
        t->m_id[i] = t->byte_id[s[i]];
        t->m_next[i] = i + 1 < n ? (uint32_t)(i + 1) : TOK_NONE;
        t->m_prev[i] = i ? (uint32_t)(i - 1) : TOK_NONE;
    }
    for (i = 0; i + 1 < n; i++)
        push_pair(t, &nheap, (uint32_t)i);
    while (nheap) {
        uint64_t top = heap_pop(t->m_heap, &nheap);
        uint32_t id, next, after;
        pos = (uint32_t)top;
        next = t->m_next[pos];
        if (t->m_id[pos] == TOK_NONE || next == TOK_NONE ||
            pair_rank(t, t->m_id[pos], t->m_id[next], &id) != top >> 32)
            continue; /* stale: one side has merged since */
        after = t->m_next[next];
        t->m_id[pos] = id;
        t->m_id[next] = TOK_NONE;
        t->m_next[pos] = after;
        if (after != TOK_NONE)
            t->m_prev[after] = pos;
        if (t->m_prev[pos] != TOK_NONE)
            push_pair(t, &nheap, t->m_prev[pos]);
        push_pair(t, &nheap, pos);
    }
    for (pos = 0; pos != TOK_NONE; pos = t->m_next[pos])
        t->m_id[out++] = t->m_id[pos];
    return out;
}

/* ---- Pieces, cached ---- */

/* Where tokens go: appended to an array, or only counted. */
struct sink {
    uint32_t **ids;
    size_t *len, *alloc;
    size_t count;
};

static void emit(struct sink *k, const uint32_t *ids, size_t n)
{
    k->count += n;
    if (!k->ids)
        return;
    ALLOC_GROW(*k->ids, st_add(*k->len, n), *k->alloc);
    memcpy(*k->ids + *k->len, ids, n * sizeof(*ids));
    *k->len += n;
}

static void cache_clear(struct tokenizer *t)
{
    memset(t->cache, 0, (t->cache_mask + 1) * sizeof(*t->cache));
    t->cache_used = 0;
    buf_reset(&t->cache_keys);
    t->cache_nids = 0;
}

static void piece(struct tokenizer *t, const char *s, size_t n, struct sink *k)
{
    uint64_t h;
    size_t i, cnt;
    uint32_t id;
    struct tok_cached *c;

    if (n == 1 || (t->whole_first && (id = tok_lookup(t, s, n)) != TOK_NONE)) {
        emit(k, n == 1 ? &t->byte_id[(unsigned char)*s] : &id, 1);
        return;
    }
    h = hash_bytes(s, n);
    for (i = h & t->cache_mask; t->cache[i].hash; i = (i + 1) & t->cache_mask) {
        c = &t->cache[i];
        if (c->hash == h && c->key_len == n && memcmp(t->cache_keys.s + c->key_off, s, n) == 0) {
            emit(k, t->cache_ids + c->ids_off, c->ids_len);
            return;
        }
    }
    cnt = merge_piece(t, (const unsigned char *)s, n);
    emit(k, t->m_id, cnt);
    if (n > CACHE_BYTES / 64)
        return; /* a huge piece would crowd out the rest */
    if (t->cache_used * 2 >= t->cache_mask + 1 || t->cache_keys.len + n > CACHE_BYTES) {
        cache_clear(t);
        i = h & t->cache_mask;
    }
    while (t->cache[i].hash)
        i = (i + 1) & t->cache_mask;
    ALLOC_GROW(t->cache_ids, st_add(t->cache_nids, cnt), t->cache_ids_alloc);
    memcpy(t->cache_ids + t->cache_nids, t->m_id, cnt * sizeof(*t->m_id));
    c = &t->cache[i];
    c->hash = h;
    c->key_off = (uint32_t)t->cache_keys.len;
    c->key_len = (uint32_t)n;
    c->ids_off = (uint32_t)t->cache_nids;
    c->ids_len = (uint32_t)cnt;
    buf_add(&t->cache_keys, s, n);
    t->cache_nids += cnt;
    t->cache_used++;
}

/* ---- Text to pieces ---- */

static size_t utf8_char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Split s (valid UTF-8) with pattern `level` and the ones after it; the last level's pieces
 * are merged.  Text between matches is dropped (tiktoken) or is a piece too (keep_gaps). */
static void split(struct tokenizer *t, size_t level, const char *s, size_t n, struct sink *k)
{
    size_t pos = 0, last = 0;

    if (level == t->nre) {
        if (n)
            piece(t, s, n, k);
        return;
    }
    while (pos < n) {
        PCRE2_SIZE *ov;
        size_t ms, me;
        int rc = rx_result(
            pcre2_match(t->re[level], (PCRE2_SPTR)s, n, pos, PCRE2_NO_UTF_CHECK, t->md, t->mc));
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) { /* a match or depth limit: the next character is a piece of its own,
                       * so no text goes uncounted and the cost stays bounded per call */
            ms = pos;
            me = pos + utf8_char_len(s + pos);
            if (me > n)
                me = n;
        } else {
            ov = pcre2_get_ovector_pointer(t->md);
            ms = ov[0];
            me = ov[1];
        }
        if (me <= ms) { /* an empty match: step over one character */
            pos = ms + (ms < n ? utf8_char_len(s + ms) : 1);
            continue;
        }
        if (t->keep_gaps && ms > last)
            split(t, level + 1, s + last, ms - last, k);
        split(t, level + 1, s + ms, me - ms, k);
        last = pos = me;
    }
    if (t->keep_gaps && last < n)
        split(t, level + 1, s + last, n - last, k);
}

/* utf8proc_map() with the buffer allocated here (utf8proc's own malloc is out of reach of
 * the allocation-failure test): the same two passes, decompose to measure then to fill,
 * and the re-encoding in place.  *out is NUL-terminated; out of memory ends the command. */
static utf8proc_ssize_t normalize(const char *s, size_t n, utf8proc_uint8_t **out,
                                  utf8proc_option_t opt)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t len = utf8proc_decompose(u, (utf8proc_ssize_t)n, NULL, 0, opt), got;
    utf8proc_int32_t *w;
    size_t bytes;
    if (len < 0)
        return len;
    bytes = st_add(st_mult((size_t)len, sizeof(*w)), 1); /* 1: the NUL after 4 bytes each */
    if (!(w = lib_malloc(ALLOC_UTF8PROC, bytes)))
        xalloc_die(bytes);
    got = utf8proc_decompose(u, (utf8proc_ssize_t)n, w, len, opt);
    if (got >= 0)
        got = utf8proc_reencode(w, got, opt);
    if (got < 0) {
        free(w);
        return got;
    }
    *out = (utf8proc_uint8_t *)w;
    return got;
}

/* Normalize a run of valid UTF-8, add the prefix space, split it. */
static void encode_run(struct tokenizer *t, const char *s, size_t n, struct sink *k)
{
    char *norm = NULL, *spaced = NULL;
    size_t i;

    for (i = 0; i < 4 && t->norm[i]; i++) {
        utf8proc_uint8_t *out = NULL;
        size_t j;
        utf8proc_ssize_t len;
        /* ASCII is the same in every normal form; below U+0300 (lead bytes under 0xCC) every
         * character is in NFC and composes with nothing before it */
        unsigned char limit = t->norm[i] == NFC ? 0xCC : 0x80;
        for (j = 0; j < n && (unsigned char)s[j] < limit; j++)
            ;
        if (j == n)
            continue;
        len = normalize(s, n, &out, t->norm[i]);
        if (len < 0)
            break; /* cannot happen on valid UTF-8; counted as it is */
        free(norm);
        norm = (char *)out;
        s = norm;
        n = (size_t)len;
    }
    if (t->prefix_space && n && *s != ' ') {
        spaced = xmalloc(st_add(n, 1));
        spaced[0] = ' ';
        memcpy(spaced + 1, s, n);
        s = spaced;
        n++;
    }
    split(t, 0, s, n, k);
    free(spaced);
    free(norm);
}

/* Length of the well-formed UTF-8 character at s (n > 0 bytes left), 0 if there is none. */
static size_t utf8_valid_char(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len, i;

    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Runs of valid UTF-8 are encoded; every other byte is one byte token. */
static void encode_segment(struct tokenizer *t, const char *s, size_t n, struct sink *k)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0, i = 0, len;

    while (i < n) {
        if ((len = utf8_valid_char(u + i, n - i))) {
            i += len;
            continue;
        }
        if (i > start)
            encode_run(t, s + start, i - start, k);
        emit(k, &t->byte_id[u[i]], 1);
        start = ++i;
    }
    if (n > start)
        encode_run(t, s + start, n - start, k);
}

/* The longest added token at s, or NULL. */
static const struct tok_added *added_at(const struct tokenizer *t, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < t->nadded; i++) /* longest first */
        if (t->added[i].len <= n && memcmp(t->added[i].text, s, t->added[i].len) == 0)
            return &t->added[i];
    return NULL;
}

static void encode_text(struct tokenizer *t, const char *s, size_t n, struct sink *k)
{
    size_t start = 0, i;
    const struct tok_added *a;

    for (i = 0; t->nadded && i < n; i++) {
        if (!t->added_first[(unsigned char)s[i]] || !(a = added_at(t, s + i, n - i)))
            continue;
        encode_segment(t, s + start, i - start, k);
        emit(k, &a->id, 1);
        start = i + a->len;
        i = start - 1;
    }
    encode_segment(t, s + start, n - start, k);
}

void tokenizer_encode(struct tokenizer *t, const char *text, size_t n, uint32_t **ids, size_t *len,
                      size_t *alloc)
{
    struct sink k = {ids, len, alloc, 0};

    encode_text(t, text, n, &k);
}

size_t tokenizer_count(struct tokenizer *t, const char *text, size_t n)
{
    struct sink k = {NULL, NULL, NULL, 0};

    encode_text(t, text, n, &k);
    return k.count;
}

/* ---- Joining texts ---- */

static int utf8_valid(const char *s, size_t n)
{
    size_t i = 0, len;

    while (i < n) {
        if (!(len = utf8_valid_char((const unsigned char *)s + i, n - i)))
            return 0;
        i += len;
    }
    return 1;
}

size_t tokenizer_last_piece(struct tokenizer *t, const char *s, size_t n)
{
    size_t pos = 0, ms = SIZE_MAX, me = 0;

    if (!t->nre || t->prefix_space || !n || !utf8_valid(s, n))
        return SIZE_MAX;
    while (pos < n) {
        PCRE2_SIZE *ov;
        if (rx_result(
                pcre2_match(t->re[0], (PCRE2_SPTR)s, n, pos, PCRE2_NO_UTF_CHECK, t->md, NULL)) < 0)
            break;
        ov = pcre2_get_ovector_pointer(t->md);
        if (ov[1] <= ov[0]) {
            pos = ov[0] + (ov[0] < n ? utf8_char_len(s + ov[0]) : 1);
            continue;
        }
        ms = ov[0], me = ov[1];
        pos = me;
    }
    if (me != n)
        return SIZE_MAX;
    if (t->norm[0]) /* a normalized tail could differ from the raw one */
        for (pos = ms; pos < n; pos++)
            if ((unsigned char)s[pos] >= 0x80)
                return SIZE_MAX;
    return ms;
}

int tokenizer_joins(struct tokenizer *t, const char *tail, size_t ntail, const char *next,
                    size_t nnext)
{
    char stack[512], *buf;
    size_t i, n = ntail + nnext;
    PCRE2_SIZE *ov;
    int rc;

    if (!t->nre || t->prefix_space || !ntail || !nnext || !utf8_valid(next, nnext))
        return 0;
    /* below U+0300 a character composes with nothing before it in any normal form */
    if (t->norm[0] && (unsigned char)next[0] >= 0xCC)
        return 0;
    for (i = 0; i < t->nadded; i++) /* an added token holding the tail's last byte inside */
        if (t->added[i].len > 1 && memchr(t->added[i].text, tail[ntail - 1], t->added[i].len - 1))
            return 0;
    buf = n <= sizeof(stack) ? stack : xmalloc(n);
    memcpy(buf, tail, ntail);
    memcpy(buf + ntail, next, nnext);
    rc = rx_result(pcre2_match(t->re[0], (PCRE2_SPTR)buf, n, 0, PCRE2_NO_UTF_CHECK, t->md, NULL));
    ov = pcre2_get_ovector_pointer(t->md);
    rc = rc >= 0 && ov[0] == 0 && ov[1] == ntail;
    if (buf != stack)
        free(buf);
    return rc;
}

struct tokenizer *tokenizer_load(const char *path)
{
    size_t n = strlen(path);

    if (n >= 9 && strcmp(path + n - 9, ".tiktoken") == 0)
        return tok_load_tiktoken(path);
    return tok_load_hf(path);
}
