/* tokenizer_load: reads a `.tiktoken` rank file (with its built-in or side-file pattern) or a
 * Hugging Face tokenizer.json into the encoder's tables, refusing, with the file and line,
 * every component that would change counts and is not implemented.  Rules in tokenizer.h. */
#include "err.h"
#include "jsonloc.h"
#include "tokenizer.h"
#include "tokenizer_int.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "banned.h"

/* The encodings' patterns as tiktoken gives them, contractions case-insensitive. */
static const struct {
    const char *name, *pattern;
} builtin[] = {
    {"cl100k_base", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
                    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
    {"o200k_base",
     "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
     "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"
     "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
     "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"
     "\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
};

/* GPT-2's pattern, which a ByteLevel pre-tokenizer with use_regex applies. */
static const char gpt2_pattern[] =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/* ---- .tiktoken ---- */

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decode standard base64 with padding into out; -1 if malformed. */
static int b64_decode(const char *s, size_t n, struct buf *out)
{
    size_t i, pad = 0;

    buf_reset(out);
    if (n == 0 || n % 4)
        return -1;
    while (pad < 2 && s[n - 1 - pad] == '=')
        pad++;
    for (i = 0; i < n; i += 4) {
        int v[4], j;
        for (j = 0; j < 4; j++) {
            v[j] = i + j >= n - pad ? 0 : b64_value((unsigned char)s[i + j]);
            if (v[j] < 0)
                return -1;
        }
        buf_addch(out, v[0] << 2 | v[1] >> 4);
        if (i + 2 < n - pad)
            buf_addch(out, (v[1] & 15) << 4 | v[2] >> 2);
        if (i + 3 < n - pad)
            buf_addch(out, (v[2] & 3) << 6 | v[3]);
    }
    return 0;
}

static int load_ranks(struct tokenizer *t, const char *path, const struct buf *text)
{
    struct buf tok = BUF_INIT;
    const char *p = text->s, *end = text->s + text->len;
    int line = 0, rc = 0;

    while (p < end && !rc) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *sp;
        struct srcloc loc = {path, ++line, 0};
        char num[16];
        uint64_t rank;
        size_t nlen;
        if (!eol)
            eol = end;
        sp = memchr(p, ' ', (size_t)(eol - p));
        nlen = sp ? (size_t)(eol - sp - 1) : 0;
        if (eol == p) {
            p = eol + 1;
            continue; /* a blank line, such as a final one */
        }
        if (!sp || nlen == 0 || nlen >= sizeof(num) || b64_decode(p, (size_t)(sp - p), &tok))
            rc = error_at(&loc, "expected a base64 token, a space and a rank");
        else {
            memcpy(num, sp + 1, nlen);
            num[nlen] = 0;
            if (parse_u64(num, &rank) || rank >= TOK_MAX_ID)
                rc = error_at(&loc, "invalid rank '%s' (ranks are below %u)", num, TOK_MAX_ID);
            else if (tok_add(t, (uint32_t)rank, tok.s, tok.len))
                rc = error_at(&loc, "token or rank %s given twice", num);
        }
        p = eol + 1;
    }
    if (!rc && !t->ntok)
        rc = error("%s: no tokens", path);
    buf_release(&tok);
    return rc;
}

/* The pattern and name from NAME.json beside NAME.tiktoken; -1 after printing. */
static int read_side_file(const char *side, char **name, char **pattern)
{
    struct buf text = BUF_INIT;
    cJSON *root = NULL, *it;
    int rc = -1;

    if (read_file(side, &text) || !(root = json_parse_file_text(text.s, text.len, side)))
        goto out;
    cJSON_ArrayForEach(it, root)
    {
        struct jstep step = {it->string, 0};
        struct srcloc loc = {side, json_line(text.s, text.len, &step, 1), 0};
        if (strcmp(it->string, "special_tokens") == 0 && cJSON_IsObject(it))
            continue; /* counted as ordinary text: see tokenizer.h */
        if ((strcmp(it->string, "name") && strcmp(it->string, "pattern")) || !cJSON_IsString(it)) {
            error_at(&loc, "unexpected '%s': expected the strings \"name\" and \"pattern\"",
                     it->string);
            goto out;
        }
        free(*it->string == 'n' ? *name : *pattern);
        *(*it->string == 'n' ? name : pattern) = xstrdup(it->valuestring);
    }
    if (!*pattern) {
        struct srcloc loc = {side, 1, 0};
        error_at(&loc, "missing \"pattern\"");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    buf_release(&text);
    return rc;
}

struct tokenizer *tok_load_tiktoken(const char *path)
{
    struct buf text = BUF_INIT;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *stem = xstrndup(base, strlen(base) - strlen(".tiktoken"));
    char *side = xstrndup(path, strlen(path) - strlen(".tiktoken")), *side_json;
    char *name = NULL, *pattern = NULL;
    struct tokenizer *t = NULL;
    size_t i;
    int from_side;

    side_json = xmalloc(strlen(side) + 6);
    memcpy(side_json, side, strlen(side));
    memcpy(side_json + strlen(side), ".json", 6);
    if ((from_side = file_exists(side_json))) {
        if (read_side_file(side_json, &name, &pattern))
            goto fail;
    } else {
        for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
            if (strcmp(stem, builtin[i].name) == 0)
                pattern = xstrdup(builtin[i].pattern);
        if (!pattern) {
            error("%s: unknown encoding '%s': name the file cl100k_base.tiktoken or "
                  "o200k_base.tiktoken, or give its pattern in '%s'",
                  path, stem, side_json);
            goto fail;
        }
    }
    if (read_file(path, &text))
        goto fail;
    t = tok_new(name ? name : stem);
    t->pairs_by_bytes = 1;
    t->whole_first = 1;
    if (load_ranks(t, path, &text) ||
        tok_add_regex(t, pattern, 0, from_side ? side_json : "built-in pattern") ||
        tok_finish(t, path)) {
        tokenizer_free(t);
        t = NULL;
    }
fail:
    buf_release(&text);
    free(stem);
    free(side);
    free(side_json);
    free(name);
    free(pattern);
    return t;
}

/* ---- tokenizer.json ---- */

struct hf {
    const char *path;
    struct buf text;
    struct tokenizer *t;
    int byte_of[324]; /* byte-level character -> byte, -1 if none */
    struct buf a, b;  /* scratch: decoded token bytes */
};

/* Print `file:line: message` for the value at path (steps of keys and indices). */
static int hf_error(struct hf *L, const struct jstep *path, size_t n, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
static int hf_error(struct hf *L, const struct jstep *path, size_t n, const char *fmt, ...)
{
    struct buf msg = BUF_INIT;
    struct srcloc loc = {L->path, json_line(L->text.s, L->text.len, path, n), 0};
    va_list ap;

    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    error_at(&loc, "%s", msg.s);
    buf_release(&msg);
    return -1;
}

/* GPT-2's byte-level alphabet: printable bytes stand for themselves, the others for 256+k. */
static void byte_level_table(int *byte_of)
{
    int b, k = 0;

    for (b = 0; b < 324; b++)
        byte_of[b] = -1;
    for (b = 0; b < 256; b++) {
        int printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
        byte_of[printable ? b : 256 + k++] = b;
    }
}

/* Decode a token spelled in byte-level characters into its bytes; -1 if it is not so spelled. */
static int byte_level_decode(const struct hf *L, const char *s, struct buf *out)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;
    utf8proc_ssize_t len;

    buf_reset(out);
    while (*p) {
        len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0 || cp >= 324 || L->byte_of[cp] < 0)
            return -1;
        buf_addch(out, L->byte_of[cp]);
        p += len;
    }
    return out->len ? 0 : -1;
}

static int hf_vocab(struct hf *L, const cJSON *vocab)
{
    const cJSON *it;

    if (!cJSON_IsObject(vocab)) {
        struct jstep p[] = {{"model", 0}};
        return hf_error(L, p, 1, "expected the object \"vocab\" in the model");
    }
    cJSON_ArrayForEach(it, vocab)
    {
        struct jstep p[] = {{"model", 0}, {"vocab", 0}, {it->string, 0}};
        double v = cJSON_GetNumberValue(it);
        if (!cJSON_IsNumber(it) || v < 0 || v >= (double)TOK_MAX_ID || v != (double)(uint32_t)v)
            return hf_error(L, p, 3, "invalid token id for '%s' (ids are below %u)", it->string,
                            TOK_MAX_ID);
        if (byte_level_decode(L, it->string, &L->a))
            continue; /* not byte-level text: byte-level pieces can never produce it */
        if (tok_add(L->t, (uint32_t)v, L->a.s, L->a.len))
            return hf_error(L, p, 3, "token '%s' or its id given twice", it->string);
    }
    return 0;
}

/* The two halves of merge i: "a b" or ["a", "b"]. */
static int merge_halves(const cJSON *m, const char **a, const char **b, char **tmp)
{
    const char *sp;

    if (cJSON_IsArray(m) && cJSON_GetArraySize(m) == 2 &&
        cJSON_IsString(cJSON_GetArrayItem(m, 0)) && cJSON_IsString(cJSON_GetArrayItem(m, 1))) {
        *a = cJSON_GetArrayItem(m, 0)->valuestring;
        *b = cJSON_GetArrayItem(m, 1)->valuestring;
        return 0;
    }
    if (!cJSON_IsString(m) || !(sp = strchr(m->valuestring, ' ')) || strchr(sp + 1, ' '))
        return -1;
    *tmp = xstrndup(m->valuestring, (size_t)(sp - m->valuestring));
    *a = *tmp;
    *b = sp + 1;
    return 0;
}

static int hf_merges(struct hf *L, const cJSON *merges)
{
    const cJSON *m;
    uint32_t rank = 0;

    if (!cJSON_IsArray(merges)) {
        struct jstep p[] = {{"model", 0}};
        return hf_error(L, p, 1, "expected the array \"merges\" in the model");
    }
    cJSON_ArrayForEach(m, merges)
    {
        struct jstep p[] = {{"model", 0}, {"merges", 0}, {NULL, (int)rank}};
        const char *a, *b;
        char *tmp = NULL;
        uint32_t ia, ib, im;
        if (merge_halves(m, &a, &b, &tmp)) {
            free(tmp);
            return hf_error(L, p, 3, "expected a merge \"a b\" or [\"a\", \"b\"]");
        }
        if (byte_level_decode(L, a, &L->a) || byte_level_decode(L, b, &L->b) ||
            (ia = tok_lookup(L->t, L->a.s, L->a.len)) == TOK_NONE ||
            (ib = tok_lookup(L->t, L->b.s, L->b.len)) == TOK_NONE ||
            (buf_add(&L->a, L->b.s, L->b.len),
             (im = tok_lookup(L->t, L->a.s, L->a.len)) == TOK_NONE)) {
            hf_error(L, p, 3, "merge '%s' '%s' names a token not in the vocabulary", a, b);
            free(tmp);
            return -1;
        }
        free(tmp);
        tok_add_pair(L->t, ia, ib, rank++, im);
    }
    return 0;
}

static int cmp_added(const void *x, const void *y)
{
    const struct tok_added *a = x, *b = y;
    return a->len < b->len ? 1 : a->len > b->len ? -1 : 0;
}

static int hf_added(struct hf *L, const cJSON *added)
{
    static const char *const unsupported[] = {"single_word", "lstrip", "rstrip"};
    const cJSON *it;
    int i = 0;
    size_t k;

    cJSON_ArrayForEach(it, added)
    {
        struct jstep p[] = {{"added_tokens", 0}, {NULL, i++}};
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(it, "content");
        double v = cJSON_GetNumberValue(id);
        struct tok_added *a;
        if (!cJSON_IsString(content) || !cJSON_IsNumber(id) || v < 0 || v >= (double)TOK_MAX_ID)
            return hf_error(L, p, 2, "expected an added token with \"id\" and \"content\"");
        for (k = 0; k < 3; k++)
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, unsupported[k])))
                return hf_error(L, p, 2, "added token '%s': \"%s\" is not supported",
                                content->valuestring, unsupported[k]);
        if (!*content->valuestring)
            continue;
        L->t->added = xrealloc(L->t->added, st_mult(L->t->nadded + 1, sizeof(*L->t->added)));
        a = &L->t->added[L->t->nadded++];
        a->text = xstrdup(content->valuestring);
        a->len = strlen(a->text);
        a->id = (uint32_t)v;
        L->t->added_first[(unsigned char)a->text[0]] = 1;
    }
    if (L->t->nadded)
        qsort(L->t->added, L->t->nadded, sizeof(*L->t->added), cmp_added);
    return 0;
}

/* A normalizer that is one of the four Unicode normal forms, as utf8proc options; 0 if not. */
static int normal_form(const cJSON *n)
{
    static const struct {
        const char *type;
        int options;
    } forms[] = {
        {"NFC", UTF8PROC_STABLE | UTF8PROC_COMPOSE},
        {"NFD", UTF8PROC_STABLE | UTF8PROC_DECOMPOSE},
        {"NFKC", UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT},
        {"NFKD", UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT},
    };
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(n, "type"));
    size_t i;

    for (i = 0; type && i < 4; i++)
        if (strcmp(type, forms[i].type) == 0)
            return forms[i].options;
    return 0;
}

static const char *type_of(const cJSON *o)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "type"));
    return type ? type : "(no type)";
}

static int hf_normalizer(struct hf *L, const cJSON *n)
{
    struct jstep p[] = {{"normalizer", 0}, {"normalizers", 0}, {NULL, 0}};
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(n, "normalizers"), *it;
    int k = 0;

    if (!n || cJSON_IsNull(n))
        return 0;
    if ((L->t->norm[0] = normal_form(n)))
        return 0;
    if (strcmp(type_of(n), "Sequence") || !cJSON_IsArray(seq))
        return hf_error(L, p, 1, "normalizer '%s' is not supported (it changes the count)",
                        type_of(n));
    cJSON_ArrayForEach(it, seq)
    {
        p[2].index = k;
        if (k == 3 || !(L->t->norm[k++] = normal_form(it)))
            return hf_error(L, p, 3, "normalizer '%s' is not supported (it changes the count)",
                            type_of(it));
    }
    return 0;
}

/* A Split pre-tokenizer: a regex or a string, its matches and the text between them pieces. */
static int hf_split(struct hf *L, const cJSON *s, struct jstep *p, size_t np)
{
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(s, "pattern");
    const char *re = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pat, "Regex"));
    const char *str = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pat, "String"));
    const char *behavior = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "behavior"));
    struct buf where = BUF_INIT;
    int rc;

    if (!re && !str)
        return hf_error(L, p, np, "expected a Split \"pattern\" with \"Regex\" or \"String\"");
    if (!behavior || strcmp(behavior, "Isolated") ||
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "invert")))
        return hf_error(L, p, np, "Split behavior '%s'%s is not supported (only 'Isolated')",
                        behavior ? behavior : "(none)",
                        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "invert")) ? " with invert"
                                                                                    : "");
    buf_addf(&where, "%s:%d", L->path, json_line(L->text.s, L->text.len, p, np));
    rc = tok_add_regex(L->t, re ? re : str, re ? 0 : PCRE2_LITERAL, where.s);
    buf_release(&where);
    return rc;
}

/* ByteLevel: GPT-2's pattern when use_regex (the default), the prefix space when asked. */
static int hf_byte_level(struct hf *L, const cJSON *b, int alone, struct jstep *p, size_t np)
{
    const cJSON *use_regex = cJSON_GetObjectItemCaseSensitive(b, "use_regex");

    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "add_prefix_space"))) {
        if (!alone)
            return hf_error(L, p, np,
                            "ByteLevel with add_prefix_space after another "
                            "pre-tokenizer is not supported");
        L->t->prefix_space = 1;
    }
    if (!cJSON_IsFalse(use_regex))
        return tok_add_regex(L->t, gpt2_pattern, 0, "GPT-2 pattern");
    return 0;
}

static int hf_pre_tokenizer(struct hf *L, const cJSON *pre)
{
    struct jstep p[] = {{"pre_tokenizer", 0}, {"pretokenizers", 0}, {NULL, 0}};
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(pre, "pretokenizers"), *it;
    int byte_level = 0;

    if (!cJSON_IsObject(pre))
        return hf_error(L, NULL, 0, "no pre-tokenizer: only byte-level BPE is supported");
    if (strcmp(type_of(pre), "ByteLevel") == 0)
        return hf_byte_level(L, pre, 1, p, 1);
    if (strcmp(type_of(pre), "Sequence") || !cJSON_IsArray(seq))
        return hf_error(L, p, 1, "pre-tokenizer '%s' is not supported", type_of(pre));
    cJSON_ArrayForEach(it, seq)
    {
        int rc;
        if (byte_level)
            return hf_error(L, p, 3, "pre-tokenizer '%s' after ByteLevel is not supported",
                            type_of(it));
        if (strcmp(type_of(it), "Split") == 0)
            rc = hf_split(L, it, p, 3);
        else if (strcmp(type_of(it), "ByteLevel") == 0)
            rc = hf_byte_level(L, it, p[2].index == 0, p, 3), byte_level = 1;
        else
            rc = hf_error(L, p, 3, "pre-tokenizer '%s' is not supported", type_of(it));
        if (rc)
            return rc;
        p[2].index++;
    }
    if (!byte_level)
        return hf_error(L, p, 1, "no ByteLevel pre-tokenizer: only byte-level BPE is supported");
    return 0;
}

/* The model's options that would change the count, refused unless harmless. */
static int hf_model_options(struct hf *L, const cJSON *model)
{
    static const char *const affixes[] = {"continuing_subword_prefix", "end_of_word_suffix"};
    struct jstep p[] = {{"model", 0}, {NULL, 0}};
    const cJSON *it;
    size_t i;

    if (!cJSON_IsObject(model) ||
        (cJSON_HasObjectItem(model, "type") && strcmp(type_of(model), "BPE")))
        return hf_error(L, p, cJSON_IsObject(model), "model '%s' is not supported (only BPE)",
                        cJSON_IsObject(model) ? type_of(model) : "(none)");
    for (i = 0; i < 2; i++) {
        const char *v =
            cJSON_GetStringValue(it = cJSON_GetObjectItemCaseSensitive(model, affixes[i]));
        p[1].key = affixes[i];
        if (v && *v)
            return hf_error(L, p, 2, "\"%s\" '%s' is not supported", affixes[i], v);
    }
    it = cJSON_GetObjectItemCaseSensitive(model, "dropout");
    if (cJSON_IsNumber(it) && it->valuedouble > 0) {
        p[1].key = "dropout";
        return hf_error(L, p, 2, "BPE dropout is not supported (it makes counts random)");
    }
    L->t->whole_first = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(model, "ignore_merges"));
    return 0;
}

static char *hf_name(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t n = strlen(base);

    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    return xstrndup(base, n);
}

struct tokenizer *tok_load_hf(const char *path)
{
    struct hf L = {path, BUF_INIT, NULL, {0}, BUF_INIT, BUF_INIT};
    cJSON *root = NULL, *model;
    char *name;
    int rc = -1;

    byte_level_table(L.byte_of);
    if (read_file(path, &L.text) || !(root = json_parse_file_text(L.text.s, L.text.len, path)))
        goto out;
    if (!cJSON_IsObject(root) || !(model = cJSON_GetObjectItemCaseSensitive(root, "model"))) {
        error("%s:1: expected a tokenizer.json: an object with a \"model\"", path);
        goto out;
    }
    name = hf_name(path);
    L.t = tok_new(name);
    free(name);
    L.t->keep_gaps = 1;
    rc = hf_model_options(&L, model);
    if (!rc)
        rc = hf_normalizer(&L, cJSON_GetObjectItemCaseSensitive(root, "normalizer"));
    if (!rc)
        rc = hf_pre_tokenizer(&L, cJSON_GetObjectItemCaseSensitive(root, "pre_tokenizer"));
    if (!rc)
        rc = hf_vocab(&L, cJSON_GetObjectItemCaseSensitive(model, "vocab"));
    if (!rc)
        rc = hf_merges(&L, cJSON_GetObjectItemCaseSensitive(model, "merges"));
    if (!rc)
        rc = hf_added(&L, cJSON_GetObjectItemCaseSensitive(root, "added_tokens"));
    if (!rc)
        rc = tok_finish(L.t, path);
out:
    if (rc) {
        tokenizer_free(L.t);
        L.t = NULL;
    }
    cJSON_Delete(root);
    buf_release(&L.text);
    buf_release(&L.a);
    buf_release(&L.b);
    return L.t;
}
