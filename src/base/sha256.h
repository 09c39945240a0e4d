/* sha256: the SHA-256 message digest (FIPS 180-4), for fingerprinting inputs and outputs.
 *
 * Checksums name exactly which data file or generated table a result came from, so they
 * must be a standard digest that anyone can recompute with sha256sum, not a private hash
 * such as hash64().  Written from the FIPS 180-4 description; speed is adequate for files
 * of some hundreds of megabytes, not tuned further.
 *
 * Use: sha256_init(), any number of sha256_update() calls with pieces of any size,
 * sha256_final().  The context lives on the caller's stack; it holds no heap memory, so
 * there is nothing to release.  After sha256_final() the context must be initialised again
 * before reuse. */
#ifndef HB_SHA256_H
#define HB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_HEX_LEN 64 /* without the NUL */

struct sha256_ctx {
    uint32_t h[8];     /* chaining value */
    uint64_t total;    /* message bytes seen so far */
    uint8_t block[64]; /* a partial block waiting for more input */
    size_t used;       /* bytes of `block` in use, always < 64 between calls */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t n);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_LEN]);

/* Lowercase hex of a digest, NUL-terminated (the form sha256sum prints). */
void sha256_hex(const uint8_t d[SHA256_DIGEST_LEN], char out[SHA256_HEX_LEN + 1]);

#endif
