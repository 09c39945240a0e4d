#include "check.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void digest(const void *data, size_t n, char hex[SHA256_HEX_LEN + 1])
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_LEN];

    sha256_init(&ctx);
    sha256_update(&ctx, data, n);
    sha256_final(&ctx, d);
    sha256_hex(d, hex);
}

static void check_vector(const char *msg, const char *want)
{
    char hex[SHA256_HEX_LEN + 1];

    digest(msg, strlen(msg), hex);
    CHECK_STR(hex, want);
}

int main(void)
{
    /* The message lengths around the padding boundary (55 bytes fit the length in the same
     * block, 56 need another), over bytes 0, 1, 2, ...; expected values from sha256sum. */
    static const struct {
        size_t n;
        const char *want;
    } edges[] = {
        {55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"},
        {56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"},
        {57, "2fe741af801cc238602ac0ec6a7b0c3a8a87c7fc7d7f02a3fe03d1c12eac4d8f"},
        {63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"},
        {64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"},
        {65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"},
        {119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
        {120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
        {128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"},
    };
    uint8_t bytes[128], d[SHA256_DIGEST_LEN];
    char hex[SHA256_HEX_LEN + 1], whole[SHA256_HEX_LEN + 1];
    struct sha256_ctx ctx;
    char *million;
    size_t i, done, chunk;

    /* FIPS 180-2 appendix B and the NIST example vectors */
    check_vector("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_vector("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    check_vector(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
        "nopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

    /* one million 'a', in uneven chunks (1, 2, ... 199 bytes, repeating) so that updates
     * start and end at every offset within a block, and in one piece */
    million = malloc(1000000);
    CHECK(million != NULL);
    if (million) {
        memset(million, 'a', 1000000);
        sha256_init(&ctx);
        for (done = 0, chunk = 1; done < 1000000; done += chunk, chunk = chunk % 199 + 1) {
            if (chunk > 1000000 - done)
                chunk = 1000000 - done;
            sha256_update(&ctx, million + done, chunk);
        }
        sha256_final(&ctx, d);
        sha256_hex(d, hex);
        CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        digest(million, 1000000, hex);
        CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        free(million);
    }

    for (i = 0; i < sizeof(bytes); i++)
        bytes[i] = (uint8_t)i;
    for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
        digest(bytes, edges[i].n, hex);
        CHECK_STR(hex, edges[i].want);
    }

    /* byte at a time and empty updates give the same digest as one call, for every length
     * up to two blocks */
    for (i = 0; i <= sizeof(bytes); i++) {
        size_t k;
        digest(bytes, i, whole);
        sha256_init(&ctx);
        for (k = 0; k < i; k++) {
            sha256_update(&ctx, bytes + k, 1);
            sha256_update(&ctx, bytes, 0);
        }
        sha256_final(&ctx, d);
        sha256_hex(d, hex);
        CHECK_STR(hex, whole);
    }
    return check_done();
}
