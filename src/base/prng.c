/* prng.c: the project's own seeded pseudo-random numbers; the interface and its rules are in
 * prng.h. */
#include "prng.h"

#include <string.h>

/* 128-bit product for the bounded draw; GCC and Clang both have it. */
__extension__ typedef unsigned __int128 u128;

uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t splitmix64(uint64_t *state)
{
    *state += 0x9e3779b97f4a7c15ULL;
    return mix64(*state);
}

void prng_seed(struct prng *r, uint64_t seed)
{
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t prng_next(struct prng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t prng_below(struct prng *r, uint64_t n)
{
    /* Lemire 2019, with 128-bit multiply */
    u128 m = (u128)prng_next(r) * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = (0 - n) % n;
        while (l < t) {
            m = (u128)prng_next(r) * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double prng_double(struct prng *r)
{
    return (double)(prng_next(r) >> 11) * 0x1.0p-53;
}

void prng_shuffle(struct prng *r, void *base, size_t n, size_t size)
{
    unsigned char *a = base, tmp[64];
    size_t i;
    if (n < 2)
        return;
    for (i = n - 1; i > 0; i--) {
        size_t j = (size_t)prng_below(r, (uint64_t)i + 1);
        size_t done = 0;
        if (j == i)
            continue;
        while (done < size) { /* swap in chunks so any element size works */
            size_t k = size - done < sizeof(tmp) ? size - done : sizeof(tmp);
            memcpy(tmp, a + i * size + done, k);
            memcpy(a + i * size + done, a + j * size + done, k);
            memcpy(a + j * size + done, tmp, k);
            done += k;
        }
    }
}

uint64_t hash64(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

uint64_t hash64_mix(uint64_t seed, const char *s)
{
    return mix64(seed ^ hash64(s, strlen(s)));
}
