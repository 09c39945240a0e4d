/* tokenizer: exact token counts with a model's own byte-pair encoding.
 *
 * Two file formats load into one encoder:
 *   - an OpenAI `.tiktoken` rank file (a base64 token and its rank per line), split into
 *     pieces by its encoding's pattern: `cl100k_base` and `o200k_base` are built in and chosen
 *     by the file's base name; any other `NAME.tiktoken` needs `NAME.json` beside it, an object
 *     {"name": …, "pattern": …} (an optional "special_tokens" object is accepted and unused);
 *   - a Hugging Face `tokenizer.json` with a BPE model over a byte-level pre-tokenizer
 *     (`Split` regexes and `ByteLevel`, as Llama 3, Qwen 2.5/3, DeepSeek V3 and GPT-2 ship),
 *     its merges (the "a b" and the ["a", "b"] forms), added tokens and an NFC/NFKC/NFD/NFKD
 *     normalizer.  Any other normalizer, pre-tokenizer or model option that changes what is
 *     counted is refused, naming the component.  Decoders and post-processors are ignored: a
 *     decoder does not change an encoding, and the special tokens a post-processor adds
 *     (Llama's <|begin_of_text|>) belong to the prompt's frame, not to the text counted here.
 *
 * Encoding: the text is split into pieces by the pattern (PCRE2 with UTF and Unicode
 * properties, JIT-compiled), each piece's bytes are merged pair by pair, lowest rank first and
 * leftmost among equals, exactly as tiktoken and Hugging Face tokenizers do; a piece that is a
 * whole token stays one (tiktoken always, Hugging Face when the model says `ignore_merges`).
 * Pieces already seen are answered from a cache, so repeated words cost one lookup.
 *
 * Special tokens: a `.tiktoken` encoder counts text that spells a special token such as
 * "<|endoftext|>" as ordinary text (tiktoken's encode_ordinary); a tokenizer.json matches its
 * added tokens in the text first, as the Hugging Face libraries do.
 *
 * Invalid UTF-8 is defined, not an error: the text is cut into maximal runs of well-formed
 * UTF-8 and the bytes between them; each run is encoded on its own and each byte that is not
 * part of a well-formed character is one piece of one byte, so it counts as one token (every
 * byte is a token in these vocabularies).  Python's bytes.decode("utf-8", "surrogateescape")
 * marks exactly those bytes.
 *
 * Ownership: tokenizer_load() returns an encoder the caller frees with tokenizer_free().  An
 * encoder is not thread-safe (its cache and match data are written while encoding). */
#ifndef HB_TOKENIZER_H
#define HB_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

struct tokenizer;

/* ---- Loading ---- */

/* A `.tiktoken` file by its name ending, else a tokenizer.json.  Prints `file:line: message`
 * and returns NULL when the file is missing, garbled or uses something not implemented. */
struct tokenizer *tokenizer_load(const char *path);
void tokenizer_free(struct tokenizer *t);

/* The encoding's name: the side file's "name", the built-in encoding's, or the file's base
 * name for a tokenizer.json.  Borrowed from t. */
const char *tokenizer_name(const struct tokenizer *t);

/* ---- Encoding ---- */

/* Token ids of text[0..n), appended to *ids (an xrealloc'd array of *alloc elements, which the
 * caller frees) after the first *len; *len is updated. */
void tokenizer_encode(struct tokenizer *t, const char *text, size_t n, uint32_t **ids, size_t *len,
                      size_t *alloc);
/* The number of tokens tokenizer_encode() would append. */
size_t tokenizer_count(struct tokenizer *t, const char *text, size_t n);

/* ---- Joining texts ----
 * Counting a long text as the sum of its lines' counts is exact only when the pre-tokenizer
 * ends a piece at every junction.  tokenizer_last_piece() gives where the last piece of a
 * text starts (its first pattern's last match, which must end the text); tokenizer_joins()
 * says whether, after a text whose last piece is `tail`, the pattern still ends that piece
 * exactly at the junction when `next` follows, so that count(text next) = count(text) +
 * count(next).  It answers 0 (cannot say) when the text is not well-formed UTF-8, when
 * `next` starts with a character a normalizer could compose with what precedes it, when an
 * added token could span the junction, or when the tokenizer adds a prefix space; callers
 * then count the joined text. */

/* The byte offset where the last piece of text[0..n) starts; SIZE_MAX when unknown. */
size_t tokenizer_last_piece(struct tokenizer *t, const char *text, size_t n);
/* 1 when the junction between a text ending in its last piece `tail` and `next` is a piece
 * boundary; 0 when it is not or cannot be told. */
int tokenizer_joins(struct tokenizer *t, const char *tail, size_t ntail, const char *next,
                    size_t nnext);

#endif
