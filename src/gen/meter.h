/* meter: how lengths are measured — the estimator, a model's tokenizer file, or a calibration.
 *
 * `--tokenizer SPEC` on generate, gold, run and calibrate opens one (meter_open()):
 *   - no SPEC: the estimator (TOKEN_ESTIMATOR in context.h), and suites stay as they were;
 *   - NAME or FILE: a tokenizer (data/tokenizer.h), found by resource_find_tokenizer();
 *     every line's cost is its exact count with its newline, and each instance records the
 *     tokenizer's name and the file's SHA-256 (generator.tokenizer);
 *   - calibrated:FILE: a calibration written by `calibrate -o FILE`: a line's cost is
 *     estimate x slope rounded to the nearest (at least 1), the slope of the line's schema when the
 * file has one, else the overall slope; the per-request overhead is recorded, not added to the
 * context.
 *
 * Line costs with a tokenizer (struct line_measure): `nl` counts the line followed by its
 * newline, `alone` the line on its own (how the last line of a context stands), and the
 * budget cost is the larger, so that a context's exact count never exceeds the sum of its
 * lines' costs when the pre-tokenizer ends a piece at every newline (tokenizer_joins()).
 *
 * Ownership: meter_open() fills a struct the caller releases with meter_close(). */
#ifndef HB_METER_H
#define HB_METER_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

struct tokenizer;

enum meter_kind { METER_ESTIMATOR, METER_TOKENIZER, METER_CALIBRATED };

struct meter_slope {
    char *schema;
    double slope, overhead;
};

struct meter {
    enum meter_kind kind;
    struct tokenizer *tok; /* METER_TOKENIZER */
    char *name;            /* the tokenizer's name, or "calibrated:BASENAME" */
    char *path;            /* the file as found */
    char sha256[65];       /* of the file */
    double slope, overhead, error;
    struct meter_slope *schemas; /* per schema, when the calibration has them */
    size_t nschemas;
};

/* Opens SPEC (NULL: the estimator).  bench: the benchmark folder for name lookup (may be
 * NULL).  Returns 0, or -1 after printing. */
int meter_open(struct meter *m, const char *spec, const char *bench);
void meter_close(struct meter *m);

/* The slope and overhead to use for schema (calibrations; 1 and 0 otherwise). */
double meter_slope(const struct meter *m, const char *schema, double *overhead);

struct line_measure {
    uint32_t cost;  /* the budget cost */
    uint32_t nl;    /* tokens of the line and its newline */
    uint32_t alone; /* tokens of the line alone */
};
/* Measures one raw line (slope from meter_slope() for calibrations). */
void meter_line(const struct meter *m, double slope, const char *s, size_t n,
                struct line_measure *out);
/* Tokens of a text of lines (the estimator's token_estimate() summed over its lines, scaled by
 * a calibration's slope plus its overhead, or the tokenizer's exact count). */
uint64_t meter_text(const struct meter *m, const char *s, size_t n);

/* The instance's record, `"tokenizer":{...}` (nothing for the estimator). */
void meter_json(const struct meter *m, struct buf *b);
/* "o200k_base (sha256 1234abcd…)" for messages. */
void meter_describe(const struct meter *m, struct buf *b);

#endif
