/* civil: dates of the proleptic Gregorian calendar as day numbers (days since 1970-01-01).
 *
 * Done here rather than with the C library because timegm is not standard C, mktime reads
 * the local time zone, and generated dates must be the same on every machine.  The
 * conversions are Howard Hinnant's days_from_civil and civil_from_days, exact for any year
 * an int64_t day number can hold.  Nothing here allocates. */
#ifndef HB_CIVIL_H
#define HB_CIVIL_H

#include <stddef.h>
#include <stdint.h>

/* Leap year: divisible by 4, and not by 100 unless by 400. */
int civil_is_leap(int64_t y);
/* Days in month m (1-12) of year y. */
int civil_month_days(int64_t y, int m);

/* The day number of y-m-d; m in 1..12 and d in 1..31 (d past the month's end counts on into
 * the next month). */
int64_t civil_to_days(int64_t y, int m, int d);
/* The date of day number z. */
void civil_from_days(int64_t z, int64_t *y, int *m, int *d);

/* "YYYY-MM-DD" (exactly the n bytes at s) naming a real date; returns 0 and its day number,
 * or -1 (also for 2023-02-30). */
int civil_parse_ymd(const char *s, size_t n, int64_t *out);

#endif
