/* prng: the project's own seeded pseudo-random numbers.
 *
 * Everything that draws takes a `struct prng *` explicitly; nothing uses rand(), time() or
 * SQLite's RANDOM(), so the same seed gives the same output on any machine.
 *
 * Algorithm (documented because suites depend on it bit for bit):
 *  - seeding: the 256-bit state is four successive outputs of SplitMix64 started at the seed;
 *  - generator: xoshiro256** (Blackman & Vigna, 2018);
 *  - prng_below(n): Lemire's nearly-divisionless unbiased bounded integer;
 *  - prng_shuffle: Fisher-Yates from the last element down, j = prng_below(i + 1);
 *  - hash64: FNV-1a 64 over the bytes, finished with the SplitMix64 mixer, used to derive
 *    seeds from names (hash64_mix combines a seed with a string). */
#ifndef HB_PRNG_H
#define HB_PRNG_H

#include <stddef.h>
#include <stdint.h>

struct prng {
    uint64_t s[4];
};

void prng_seed(struct prng *r, uint64_t seed);
uint64_t prng_next(struct prng *r);
/* Uniform in [0, n); n > 0. */
uint64_t prng_below(struct prng *r, uint64_t n);
/* Uniform double in [0, 1) with 53 random bits. */
double prng_double(struct prng *r);
/* Shuffle `n` elements of `size` bytes each in place. */
void prng_shuffle(struct prng *r, void *base, size_t n, size_t size);

uint64_t splitmix64(uint64_t *state);
uint64_t mix64(uint64_t x);
uint64_t hash64(const void *data, size_t n);
/* mix64(seed ^ hash64(s)): a derived seed for one named purpose. */
uint64_t hash64_mix(uint64_t seed, const char *s);

#endif
