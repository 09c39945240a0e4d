/* Unit tests of the byte-pair encoder on a tiny hand-made rank file and a tiny
 * tokenizer.json, whose expected token ids are worked out by hand in the comments, and of the
 * located messages for garbled or unsupported files. */
#include "buf.h"
#include "check.h"
#include "tokenizer.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

static char dir[] = "/tmp/hb-tokXXXXXX";

static char *write_file(const char *name, const char *text, size_t n)
{
    char *path = path_join(dir, name);
    FILE *f = fopen(path, "wb");

    if (!f || fwrite(text, 1, n, f) != n || fclose(f)) {
        perror(path);
        exit(1);
    }
    return path;
}

/* Encode text and compare the ids with want (ended by -1). */
#define CHECK_IDS(t, text, ...)                                                                    \
    do {                                                                                           \
        static const long want_[] = {__VA_ARGS__, -1};                                             \
        check_ids(t, text, sizeof(text) - 1, want_, __LINE__);                                     \
    } while (0)

static void check_ids(struct tokenizer *t, const char *text, size_t n, const long *want, int line)
{
    uint32_t *ids = NULL;
    size_t len = 0, alloc = 0, i, nwant = 0;
    struct buf got = BUF_INIT, exp = BUF_INIT;

    tokenizer_encode(t, text, n, &ids, &len, &alloc);
    for (i = 0; i < len; i++)
        buf_addf(&got, " %u", (unsigned)ids[i]);
    for (; want[nwant] >= 0; nwant++)
        buf_addf(&exp, " %ld", want[nwant]);
    check_count_++;
    if (strcmp(got.s, exp.s)) {
        fprintf(stderr, "line %d: ids of \"%s\":%s, want%s\n", line, text, got.s, exp.s);
        check_failures_++;
    }
    CHECK_U64(tokenizer_count(t, text, n), ==, nwant);
    free(ids);
    buf_release(&got);
    buf_release(&exp);
}

/* Load a file that must fail; its message on stderr must contain `want`. */
static void check_refused(const char *path, const char *want)
{
    char *log = path_join(dir, "stderr.txt");
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600), saved = dup(2);
    struct tokenizer *t;
    struct buf msg = BUF_INIT;

    fflush(stderr);
    dup2(fd, 2);
    t = tokenizer_load(path);
    fflush(stderr);
    dup2(saved, 2);
    close(fd);
    close(saved);
    CHECK(t == NULL);
    tokenizer_free(t);
    read_file(log, &msg);
    if (!strstr(msg.s, want)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg.s, want);
        check_failures_++;
    }
    check_count_++;
    buf_release(&msg);
    free(log);
}

static void base64(struct buf *b, const unsigned char *s, size_t n)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;

    for (i = 0; i < n; i += 3) {
        unsigned v = s[i] << 16 | (i + 1 < n ? s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
        buf_addch(b, a[v >> 18]);
        buf_addch(b, a[(v >> 12) & 63]);
        buf_addch(b, i + 1 < n ? a[(v >> 6) & 63] : '=');
        buf_addch(b, i + 2 < n ? a[v & 63] : '=');
    }
}

/* Ranks: every byte b has rank b; then "bc" 256, "ab" 257, "cd" 258, "aa" 259, "xyz" 260.
 * Pattern \S+|\s+ in tiny.json.  tiktoken merges the pair whose joined bytes rank lowest:
 *   "abcd": pairs ab 257, bc 256, cd 258 -> bc first: a bc d; "abc", "bcd" are no tokens
 *           -> 97 256 100
 *   "aaa":  aa 259 twice, the leftmost first -> aa a -> 259 97
 *   "xyz":  no pair merges, but the whole piece is a token -> 260
 *   " ":    a piece of its own -> 32 */
#define TINY_SIDE "{\"name\": \"tiny\", \"pattern\": \"\\\\S+|\\\\s+\"}"

/* Joining texts: a pattern with cl100k's newline parts (punctuation takes the newlines after
 * it; whitespace before newlines goes with them).  After "ab.\n" the piece ends at the
 * newline unless more newlines follow; after "ab \n" the same. */
#define JOIN_SIDE                                                                                  \
    "{\"name\": \"join\", \"pattern\": \" ?[^\\\\s]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|"            \
    "\\\\s+(?!\\\\S)|\\\\s+\"}"
static void test_joins(const struct buf *ranks)
{
    char *path = write_file("join.tiktoken", ranks->s, ranks->len);
    char *side = write_file("join.json", JOIN_SIDE, strlen(JOIN_SIDE));
    struct tokenizer *t = tokenizer_load(path);
    CHECK(t != NULL);
    if (t) {
        CHECK_U64(tokenizer_last_piece(t, "x ab.\n", 6), ==, 1);
        CHECK_U64(tokenizer_last_piece(t, "ab \n", 4), ==, 2);
        CHECK_U64(tokenizer_last_piece(t, "ab\xff\n", 4), ==, SIZE_MAX); /* not UTF-8 */
        CHECK(tokenizer_joins(t, " ab.\n", 5, "xy", 2) == 1);
        CHECK(tokenizer_joins(t, " ab.\n", 5, "\nxy", 3) == 0);
        CHECK(tokenizer_joins(t, " \n", 2, " xy", 3) == 1);
        CHECK(tokenizer_joins(t, " \n", 2, "\n", 1) == 0);
        CHECK(tokenizer_joins(t, " \n", 2, "\xff", 1) == 0);
        /* where it joins, counting the two apart is counting them together */
        CHECK_U64(tokenizer_count(t, "x ab.\nxy", 8), ==,
                  tokenizer_count(t, "x ab.\n", 6) + tokenizer_count(t, "xy", 2));
    }
    tokenizer_free(t);
    unlink(side);
    free(side);
    free(path);
}
static void test_tiktoken(void)
{
    struct buf ranks = BUF_INIT;
    static const char *const extra[] = {"bc", "ab", "cd", "aa", "xyz"};
    char *path, *side;
    struct tokenizer *t;
    int i;

    for (i = 0; i < 256; i++) {
        unsigned char c = (unsigned char)i;
        base64(&ranks, &c, 1);
        buf_addf(&ranks, " %d\n", i);
    }
    for (i = 0; i < 5; i++) {
        base64(&ranks, (const unsigned char *)extra[i], strlen(extra[i]));
        buf_addf(&ranks, " %d\n", 256 + i);
    }
    path = write_file("tiny.tiktoken", ranks.s, ranks.len);
    side = write_file("tiny.json", TINY_SIDE, strlen(TINY_SIDE));
    t = tokenizer_load(path);
    CHECK(t != NULL);
    if (t) {
        CHECK_STR(tokenizer_name(t), "tiny");
        CHECK_IDS(t, "abcd aaa xyz", 97, 256, 100, 32, 259, 97, 32, 260);
        /* invalid UTF-8: each stray byte is one byte token, the runs around it encoded alone */
        CHECK_IDS(t,
                  "ab\xff"
                  "ab\xe2\x82 ",
                  257, 255, 257, 226, 130, 32);
        CHECK_IDS(t, "\xc3\xa9", 195, 169);
        CHECK_U64(tokenizer_count(t, "", 0), ==, 0);
    }
    tokenizer_free(t);
    test_joins(&ranks);

    /* a garbled line, a duplicate rank, an unknown encoding without its side file */
    buf_adds(&ranks, "!!notbase64 261\n");
    path = (free(path), write_file("tiny.tiktoken", ranks.s, ranks.len));
    check_refused(path, "tiny.tiktoken:262: expected a base64 token, a space and a rank");
    buf_setlen(&ranks, ranks.len - strlen("!!notbase64 261\n"));
    buf_adds(&ranks, "eHk= 12\n");
    path = (free(path), write_file("tiny.tiktoken", ranks.s, ranks.len));
    check_refused(path, "tiny.tiktoken:262: token or rank 12 given twice");
    /* ids index a table: a rank of a billion is refused, not an 8 GB allocation */
    buf_setlen(&ranks, ranks.len - strlen("eHk= 12\n"));
    buf_adds(&ranks, "eHk= 999999999\n");
    path = (free(path), write_file("tiny.tiktoken", ranks.s, ranks.len));
    check_refused(path, "tiny.tiktoken:262: invalid rank '999999999' (ranks are below 4194304)");
    unlink(side);
    check_refused(path, "unknown encoding 'tiny'");
    free(path);
    free(side);
    buf_release(&ranks);
}

/* A tokenizer.json whose vocabulary gives every byte its own value as id (spelled in GPT-2's
 * byte-level alphabet: space is "Ġ" U+0120), then
 *   merges "b c" (rank 0) -> "bc" 256, ["a", "b"] (1) -> "ab" 257, "c d" (2) -> "cd" 258,
 *          ["a", "a"] (3) -> "aa" 259, "Ġ a" (4) -> "Ġa" 261; "abcd" 260 is a token no
 *          merge reaches;
 *   normalizer `norm`, Split " ?\S+|\s+" (Isolated) then ByteLevel without its regex,
 *   added token "<x>" 300. */
static char *tiny_json(const char *norm, const char *extra_model, const char *pre)
{
    struct buf j = BUF_INIT;
    int b, k = 0;
    char *path;

    buf_adds(&j, "{\"version\": \"1.0\",\n\"added_tokens\": [{\"id\": 300, \"content\": \"<x>\", "
                 "\"special\": true}],\n");
    buf_addf(&j, "\"normalizer\": %s,\n\"pre_tokenizer\": %s,\n", norm, pre);
    buf_addf(&j, "\"decoder\": {\"type\": \"ByteLevel\"},\n\"model\": {\"type\": \"BPE\"%s,\n",
             extra_model);
    buf_adds(&j, "\"vocab\": {");
    for (b = 0; b < 256; b++) {
        int printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
        int cp = printable ? b : 256 + k++;
        buf_addf(&j, "\"\\u%04x\": %d, ", cp, b);
    }
    buf_adds(&j, "\"bc\": 256, \"ab\": 257, \"cd\": 258, \"aa\": 259, \"abcd\": 260, "
                 "\"\\u0120a\": 261},\n");
    buf_adds(&j, "\"merges\": [\"b c\", [\"a\", \"b\"], \"c d\", [\"a\", \"a\"], "
                 "\"\\u0120 a\"]}}\n");
    path = write_file("tokenizer.json", j.s, j.len);
    buf_release(&j);
    return path;
}

#define SPLIT_BYTE_LEVEL                                                                           \
    "{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": "             \
    "{\"Regex\": \" ?\\\\S+|\\\\s+\"}, \"behavior\": \"Isolated\", \"invert\": false}, "           \
    "{\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"use_regex\": false}]}"

/* Hugging Face ranks pairs by merge number, not by the id of the result:
 *   "abcd": bc (0) first -> a bc d; (a, bc) and (bc, d) are no merges -> 97 256 100, even
 *           though "abcd" is a token (ignore_merges is off)
 *   " aaa": pairs (Ġ,a) 4, (a,a) 3 twice -> the leftmost aa first: Ġ aa a; then (Ġ,aa) and
 *           (aa,a) are no merges -> 32 259 97
 *   " ab":  (Ġ,a) 4, (a,b) 1 -> ab: Ġ ab -> 32 257
 *   "<x>":  the added token, wherever it stands -> 300
 *   "e\u0301" (e + combining acute) becomes "é" (c3 a9) under NFC -> 195 169 */
static void test_hf(void)
{
    char *path = tiny_json("{\"type\": \"NFC\"}", "", SPLIT_BYTE_LEVEL);
    struct tokenizer *t = tokenizer_load(path);

    CHECK(t != NULL);
    if (t) {
        CHECK_STR(tokenizer_name(t), "tokenizer");
        CHECK_IDS(t, "abcd aaa ab", 97, 256, 100, 32, 259, 97, 32, 257);
        CHECK_IDS(t, "a<x>b <x>", 97, 300, 98, 32, 300);
        CHECK_IDS(t, "e\xcc\x81", 195, 169);
        CHECK_IDS(t, " a", 261);
        CHECK_IDS(t, "a\xff", 97, 255);
    }
    tokenizer_free(t);
    free(path);

    /* ignore_merges: a piece that is a token stays one; no normalizer: e + U+0301 stays */
    path = tiny_json("null", ", \"ignore_merges\": true", SPLIT_BYTE_LEVEL);
    t = tokenizer_load(path);
    CHECK(t != NULL);
    if (t) {
        CHECK_IDS(t, "abcd", 260);
        CHECK_IDS(t, "e\xcc\x81", 101, 204, 129);
    }
    tokenizer_free(t);
    free(path);

    /* ByteLevel alone, with GPT-2's pattern and the prefix space: "ab" is " ab" */
    path = tiny_json("null", "", "{\"type\": \"ByteLevel\", \"add_prefix_space\": true}");
    t = tokenizer_load(path);
    CHECK(t != NULL);
    if (t)
        CHECK_IDS(t, "ab", 32, 257);
    tokenizer_free(t);
    free(path);

    path = tiny_json("{\"type\": \"Lowercase\"}", "", SPLIT_BYTE_LEVEL);
    check_refused(path, "tokenizer.json:3: normalizer 'Lowercase' is not supported");
    free(path);
    path = tiny_json("null", "", "{\"type\": \"Metaspace\", \"replacement\": \"_\"}");
    check_refused(path, "tokenizer.json:4: pre-tokenizer 'Metaspace' is not supported");
    free(path);
    path = tiny_json("null", ", \"end_of_word_suffix\": \"</w>\"", SPLIT_BYTE_LEVEL);
    check_refused(path, "\"end_of_word_suffix\" '</w>' is not supported");
    free(path);
    path = write_file("broken.json", "{\"model\": {\"vocab\": {}\n", 24);
    check_refused(path, "broken.json:");
    free(path);
    path = path_join(dir, "missing.json");
    check_refused(path, "missing.json");
    free(path);
}

int main(void)
{
    struct buf cmd = BUF_INIT;

    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_tiktoken();
    test_hf();
    buf_addf(&cmd, "rm -rf '%s'", dir);
    if (system(cmd.s))
        fprintf(stderr, "cannot remove %s\n", dir);
    buf_release(&cmd);
    return check_done();
}
