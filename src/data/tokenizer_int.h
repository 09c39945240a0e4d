/* tokenizer_int: the encoder's tables, shared by tokenizer.c (encoding) and tokenizer_load.c
 * (reading the two file formats).  Not for other modules: they see tokenizer.h.
 *
 * Every token is held as its raw bytes, whatever the file's spelling (base64 in a rank file,
 * byte-level characters such as "Ġ" in a tokenizer.json), so one merge loop serves both. */
#ifndef HB_TOKENIZER_INT_H
#define HB_TOKENIZER_INT_H

#include "buf.h"

#include "rx.h"

#include <stddef.h>
#include <stdint.h>

#define TOK_NONE UINT32_MAX
/* Ids index a table, so a file naming id 10^9 would cost gigabytes: real vocabularies stay
 * below 300k, and an id at or above this is refused with its line. */
#define TOK_MAX_ID (1u << 22)
#define TOK_MAX_SPLITS 8        /* Split pre-tokenizers in one file */
#define TOK_MATCH_LIMIT 1000000 /* PCRE2 backtracking steps per split call */
#define TOK_DEPTH_LIMIT 10000   /* PCRE2 nesting depth per split call */

struct tok_span {
    uint32_t off, len; /* in tokenizer.bytes; len 0: no token with this id */
};

/* A merge of a tokenizer.json: pair (left, right) merges with `rank` into `id`. */
struct tok_pair {
    uint64_t key; /* (left << 32 | right) + 1; 0: empty slot */
    uint32_t rank, id;
};

/* An added token of a tokenizer.json, matched in the text before anything else. */
struct tok_added {
    char *text;
    size_t len;
    uint32_t id;
};

/* One cached piece: its bytes and its ids, both in the cache's arrays. */
struct tok_cached {
    uint64_t hash; /* 0: empty slot */
    uint32_t key_off, key_len, ids_off, ids_len;
};

struct tokenizer {
    char *name;
    int pairs_by_bytes; /* 1: a pair merges when its bytes are a token (tiktoken); 0: merges */
    int whole_first;    /* a piece that is a token stays one (tiktoken, ignore_merges) */
    int keep_gaps;      /* text between pattern matches is a piece too (HF "Isolated") */
    int prefix_space;   /* HF ByteLevel add_prefix_space */
    int norm[4];        /* utf8proc option sets applied in turn; 0 ends the list */

    /* vocabulary */
    struct buf bytes;      /* every token's bytes */
    struct tok_span *tok;  /* by id */
    uint32_t ntok;         /* ids 0 .. ntok-1 */
    size_t nvocab;         /* ids that have bytes */
    size_t tok_alloc;      /* entries allocated in tok */
    uint32_t *slots;       /* open addressing over ids, TOK_NONE empty */
    size_t slot_mask;      /* slots has slot_mask + 1 entries */
    uint32_t byte_id[256]; /* the token of each single byte */

    /* merges (tokenizer.json) */
    struct tok_pair *pairs;
    size_t pair_mask, npairs;

    /* pre-tokenizer: applied in turn, each to the pieces of the one before */
    pcre2_code *re[TOK_MAX_SPLITS];
    size_t nre;
    pcre2_match_data *md;
    pcre2_match_context *mc; /* TOK_MATCH_LIMIT, TOK_DEPTH_LIMIT */

    struct tok_added *added;
    size_t nadded;
    unsigned char added_first[256]; /* 1 if some added token starts with this byte */

    /* piece cache, emptied when full */
    struct tok_cached *cache;
    size_t cache_mask, cache_used;
    struct buf cache_keys;
    uint32_t *cache_ids;
    size_t cache_nids, cache_ids_alloc;

    /* scratch for merging one piece */
    uint32_t *m_id, *m_next, *m_prev;
    uint64_t *m_heap;
    size_t m_alloc;
    struct buf m_cat;
};

/* ---- Building (tokenizer.c) ---- */

/* A fresh, empty encoder; the caller fills it and then calls tok_finish(). */
struct tokenizer *tok_new(const char *name);
/* Add token `id` with these bytes; returns -1 when the bytes or the id are taken already. */
int tok_add(struct tokenizer *t, uint32_t id, const void *s, size_t n);
/* The id of the token with these bytes, or TOK_NONE. */
uint32_t tok_lookup(const struct tokenizer *t, const void *s, size_t n);
/* Record merge number `rank` of two tokens into `id` (a later duplicate replaces it). */
void tok_add_pair(struct tokenizer *t, uint32_t left, uint32_t right, uint32_t rank, uint32_t id);
/* Compile a pre-tokenizer pattern (PCRE2 options added to UTF and UCP); prints
 * `file:line: message` with `where` as the location text and returns -1 on failure. */
int tok_add_regex(struct tokenizer *t, const char *pattern, uint32_t options, const char *where);
/* Check that every byte is a token and build what encoding needs; -1 after printing. */
int tok_finish(struct tokenizer *t, const char *file);

/* ---- Reading the files (tokenizer_load.c) ---- */

struct tokenizer *tok_load_tiktoken(const char *path);
struct tokenizer *tok_load_hf(const char *path);

#endif
