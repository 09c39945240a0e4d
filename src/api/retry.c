/* retry.c: when to try again, from the status, the server's headers and the attempt count; the
 * interface and its rules are in retry.h. */
#include "retry.h"

#include "civil.h"

#include <stdint.h>
#include <string.h>

#include "banned.h"

/* Defaults for zero fields of struct backoff: openai-python's base delay, a cap that keeps a
 * long outage from stretching one wait past a minute, and its MAX_RETRY_AFTER_DELAY. */
#define DEFAULT_BASE 0.5
#define DEFAULT_CAP 60.0
#define DEFAULT_MAX_SERVER_DELAY 120.0

void pacing_init(struct pacing *p)
{
    p->retry_after = -1;
    p->should_retry = -1;
    p->remaining_requests = p->remaining_tokens = -1;
    p->reset_requests = p->reset_tokens = -1;
    p->retry_after_ms_seen = 0;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* An unsigned decimal ("12", "0.5", ".5", "3.") at *sp, advancing past it; -1 when there is
 * no digit.  Written out instead of strtod, which also takes signs, hex, "inf", leading
 * blanks and the locale's decimal point. */
static int scan_decimal(const char **sp, double *out)
{
    const char *s = *sp;
    double v = 0, scale = 1;
    int digits = 0;
    for (; is_digit(*s); s++, digits++)
        v = v * 10 + (*s - '0');
    if (*s == '.') {
        for (s++; is_digit(*s); s++, digits++) {
            scale /= 10;
            v += (*s - '0') * scale;
        }
    }
    if (!digits)
        return -1;
    *sp = s;
    *out = v;
    return 0;
}

/* A whole string that is one unsigned decimal, or -1. */
static double parse_number(const char *s)
{
    double v;
    if (scan_decimal(&s, &v) < 0 || *s)
        return -1;
    return v;
}

double parse_go_duration(const char *s)
{
    static const struct {
        const char *unit;
        double seconds;
    } units[] = {
        /* "ms" before "m", so that the longest unit wins */
        {"ns", 1e-9}, {"us", 1e-6}, {"\xC2\xB5s", 1e-6}, {"\xCE\xBCs", 1e-6},
        {"ms", 1e-3}, {"s", 1},     {"m", 60},           {"h", 3600},
    };
    double v, total = 0;
    size_t i, len;

    if (!s || !*s)
        return -1;
    /* Go accepts a sign; a negative duration (Azure's "-1") means no usable reset */
    if (*s == '+' && !*++s)
        return -1;
    /* Azure OpenAI sends plain seconds */
    if ((v = parse_number(s)) >= 0)
        return v;
    while (*s) {
        if (scan_decimal(&s, &v) < 0)
            return -1;
        for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
            len = strlen(units[i].unit);
            if (!strncmp(s, units[i].unit, len))
                break;
        }
        if (i == sizeof(units) / sizeof(units[0]))
            return -1;
        s += len;
        total += v * units[i].seconds;
    }
    return total;
}

/* Exactly `n` digits at s, as an integer, or -1. */
static int fixed_digits(const char *s, int n)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Seconds since the epoch for a valid UTC date and time, or -1 (also before 1970, so that
 * -1 stays unambiguous; no reset lies in the past that far). */
static double epoch_seconds(int y, int mo, int d, int h, int mi, int s, double frac, int offset)
{
    double t;
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > civil_month_days(y, mo) || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || s < 0 || s > 60) /* 60: a leap second */
        return -1;
    t = (double)(civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset) + frac;
    return t < 0 ? -1 : t;
}

double parse_rfc3339(const char *s)
{
    int y, mo, d, h, mi, sec, oh, om, offset = 0;
    double frac = 0, scale = 1;

    if (!s || strlen(s) < 20)
        return -1;
    y = fixed_digits(s, 4);
    mo = fixed_digits(s + 5, 2);
    d = fixed_digits(s + 8, 2);
    h = fixed_digits(s + 11, 2);
    mi = fixed_digits(s + 14, 2);
    sec = fixed_digits(s + 17, 2);
    /* RFC 3339 section 5.6 allows a lower-case t and z, and a space for the T */
    if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
        return -1;
    s += 19;
    if (*s == '.') {
        if (!is_digit(s[1]))
            return -1;
        for (s++; is_digit(*s); s++) {
            scale /= 10;
            frac += (*s - '0') * scale;
        }
    }
    if (*s == 'Z' || *s == 'z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        /* each check stops at the NUL, so nothing is read past a short string */
        oh = fixed_digits(s + 1, 2);
        if (oh < 0 || s[3] != ':' || (om = fixed_digits(s + 4, 2)) < 0 || oh > 23 || om > 59)
            return -1;
        offset = (*s == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        s += 6;
    } else {
        return -1;
    }
    if (*s)
        return -1;
    return epoch_seconds(y, mo, d, h, mi, sec, frac, offset);
}

/* Index of a three-letter name in `names` (case-insensitively), or -1. */
static int name_index(const char *s, const char *const *names, int count)
{
    int i;
    for (i = 0; i < count; i++)
        if (lower(s[0]) == lower(names[i][0]) && lower(s[1]) == lower(names[i][1]) &&
            lower(s[2]) == lower(names[i][2]))
            return i;
    return -1;
}

double parse_http_date(const char *s)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /* IMF-fixdate (RFC 9110 5.6.7), fixed width: "Sun, 06 Nov 1994 08:49:37 GMT" */
    if (!s || strlen(s) != 29 || name_index(s, days, 7) < 0 || s[3] != ',' || s[4] != ' ' ||
        s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
        strcmp(s + 25, " GMT"))
        return -1;
    return epoch_seconds(fixed_digits(s + 12, 4), name_index(s + 8, months, 12) + 1,
                         fixed_digits(s + 5, 2), fixed_digits(s + 17, 2), fixed_digits(s + 20, 2),
                         fixed_digits(s + 23, 2), 0, 0);
}

/* A reset in any of the forms seen: duration or plain seconds (OpenAI, Azure), RFC 3339
 * (Anthropic) or an HTTP-date; as seconds from now, or -1. */
static double reset_seconds(const char *v, double now)
{
    double t = parse_go_duration(v);
    if (t >= 0)
        return t;
    if ((t = parse_rfc3339(v)) < 0 && (t = parse_http_date(v)) < 0)
        return -1;
    return t > now ? t - now : 0;
}

/* Anthropic reports tokens, input-tokens and output-tokens; the tightest of them governs. */
static void merge_min(double *slot, double v)
{
    if (v >= 0 && (*slot < 0 || v < *slot))
        *slot = v;
}

static int name_is(const char *name, const char *want)
{
    return !strcmp(name, want);
}

void pacing_header(struct pacing *p, const char *line, size_t n, double now)
{
    char name[80], value[128];
    const char *colon = memchr(line, ':', n), *a, *b;
    size_t i, len;
    double v;

    /* the status line and the blank line that ends the headers have no colon */
    if (!colon)
        return;
    for (a = line, b = colon; a < b && (*a == ' ' || *a == '\t'); a++)
        ;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    len = (size_t)(b - a);
    if (!len || len >= sizeof(name))
        return; /* no header that matters is that long */
    for (i = 0; i < len; i++)
        name[i] = (char)lower((unsigned char)a[i]);
    name[len] = '\0';

    for (a = colon + 1, b = line + n; a < b && (*a == ' ' || *a == '\t'); a++)
        ;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r' || b[-1] == '\n'))
        b--;
    len = (size_t)(b - a);
    if (len >= sizeof(value))
        return;
    memcpy(value, a, len);
    value[len] = '\0';

    if (name_is(name, "retry-after-ms") || name_is(name, "x-ms-retry-after-ms")) {
        if ((v = parse_number(value)) >= 0) {
            p->retry_after = v / 1000;
            p->retry_after_ms_seen = 1;
        }
    } else if (name_is(name, "retry-after")) {
        if (p->retry_after_ms_seen)
            return;
        if ((v = parse_number(value)) < 0 && (v = parse_http_date(value)) >= 0)
            v = v > now ? v - now : 0;
        if (v >= 0)
            p->retry_after = v;
    } else if (name_is(name, "x-should-retry")) {
        if (!strcmp(value, "true"))
            p->should_retry = 1;
        else if (!strcmp(value, "false"))
            p->should_retry = 0;
    } else if (name_is(name, "x-ratelimit-remaining-requests")) {
        if ((v = parse_number(value)) >= 0)
            p->remaining_requests = v;
    } else if (name_is(name, "x-ratelimit-remaining-tokens")) {
        if ((v = parse_number(value)) >= 0)
            p->remaining_tokens = v;
    } else if (name_is(name, "x-ratelimit-reset-requests")) {
        if ((v = reset_seconds(value, now)) >= 0)
            p->reset_requests = v;
    } else if (name_is(name, "x-ratelimit-reset-tokens")) {
        if ((v = reset_seconds(value, now)) >= 0)
            p->reset_tokens = v;
    } else if (name_is(name, "anthropic-ratelimit-requests-remaining")) {
        if ((v = parse_number(value)) >= 0)
            p->remaining_requests = v;
    } else if (name_is(name, "anthropic-ratelimit-requests-reset")) {
        if ((v = reset_seconds(value, now)) >= 0)
            p->reset_requests = v;
    } else if (name_is(name, "anthropic-ratelimit-tokens-remaining") ||
               name_is(name, "anthropic-ratelimit-input-tokens-remaining") ||
               name_is(name, "anthropic-ratelimit-output-tokens-remaining")) {
        merge_min(&p->remaining_tokens, parse_number(value));
    } else if (name_is(name, "anthropic-ratelimit-tokens-reset") ||
               name_is(name, "anthropic-ratelimit-input-tokens-reset") ||
               name_is(name, "anthropic-ratelimit-output-tokens-reset")) {
        merge_min(&p->reset_tokens, reset_seconds(value, now));
    }
}

static double max2(double a, double b)
{
    return a > b ? a : b;
}

/* The reset that ends a 429: that of the exhausted limit, else the later of those known
 * (a token 429 can come with tokens still remaining, when the prompt needs more). */
static double rate_reset(const struct pacing *p)
{
    int req_out = p->remaining_requests >= 0 && p->remaining_requests < 1;
    int tok_out = p->remaining_tokens >= 0 && p->remaining_tokens < 1;
    if (req_out || tok_out)
        return max2(req_out ? p->reset_requests : -1, tok_out ? p->reset_tokens : -1);
    return max2(p->reset_requests, p->reset_tokens);
}

double backoff_delay(const struct backoff *b, int attempt, long status, const struct pacing *p,
                     struct prng *rng)
{
    double base = b && b->base > 0 ? b->base : DEFAULT_BASE;
    double cap = b && b->cap > 0 ? b->cap : DEFAULT_CAP;
    double max_server =
        b && b->max_server_delay > 0 ? b->max_server_delay : DEFAULT_MAX_SERVER_DELAY;
    double server = -1, ceiling = base;
    int i;

    if (p)
        server = p->retry_after >= 0 ? p->retry_after : status == 429 ? rate_reset(p) : -1;
    /* like the SDKs: a delay the server names is trusted unless it is absurd, in which case
     * our own backoff keeps the run moving */
    if (server > 0 && server <= max_server)
        return server;
    /* doubling stops at the cap, so a large attempt count cannot overflow */
    for (i = 1; i < attempt && ceiling < cap; i++)
        ceiling *= 2;
    if (ceiling > cap)
        ceiling = cap;
    /* full jitter (AWS architecture blog): spreads the clients that failed together */
    return prng_double(rng) * ceiling;
}

/* Case-insensitive search in a body that need not be NUL-terminated. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle), i, j;
    for (i = 0; m <= n && i + m <= n; i++) {
        for (j = 0; j < m && lower((unsigned char)s[i + j]) == needle[j]; j++)
            ;
        if (j == m)
            return s + i;
    }
    return NULL;
}

/* A duration after a hint phrase: "20s", "1.5 seconds", "1ms", "6m0s", "2 minutes". */
static double hint_duration(const char *s, const char *end)
{
    char text[48];
    size_t i = 0;
    double v;
    const char *p;
    while (s < end && *s == ' ')
        s++;
    for (p = s; p < end && i + 1 < sizeof(text) && *p != ' ' && *p != ',' && *p != ';' &&
                *p != ')' && *p != '"';
         p++)
        text[i++] = *p;
    while (i > 0 && text[i - 1] == '.') /* the sentence's full stop */
        i--;
    text[i] = '\0';
    if ((v = parse_go_duration(text)) >= 0 && i && !is_digit(text[i - 1]))
        return v;
    p = text;
    if (scan_decimal(&p, &v) < 0 || *p) /* a bare number: its unit is the next word */
        return -1;
    for (s += i; s < end && *s == ' '; s++)
        ;
    if (find_ci(s, (size_t)(end - s) < 12 ? (size_t)(end - s) : 12, "millisecond") == s ||
        find_ci(s, (size_t)(end - s) < 2 ? (size_t)(end - s) : 2, "ms") == s)
        return v / 1000;
    if (find_ci(s, (size_t)(end - s) < 3 ? (size_t)(end - s) : 3, "min") == s)
        return v * 60;
    if (find_ci(s, (size_t)(end - s) < 3 ? (size_t)(end - s) : 3, "sec") == s ||
        (s < end && lower((unsigned char)*s) == 's'))
        return v;
    return -1;
}

double retry_hint_in_body(const char *body, size_t n)
{
    static const char *const phrases[] = {"try again in ", "retry after ", "retry in ",
                                          "try again after "};
    size_t i;
    if (!body)
        return -1;
    for (i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
        const char *at = find_ci(body, n, phrases[i]);
        double v;
        if (at && (v = hint_duration(at + strlen(phrases[i]), body + n)) >= 0)
            return v;
    }
    return -1;
}
