/* match.c: the scorer's normalisation and cell reading — folded text, numbers as numbers
 * (separators, scale words, percentages, spelled-out numbers; never digits inside words),
 * dates as dates; the rules are in score.h. */
#include "score_int.h"

#include "civil.h"
#include "xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* U+00C0..U+017F without their diacritics, lower case ('*' and '/' for × and ÷). */
static const char fold_tab[] = "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
                               "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllll"
                               "llnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static unsigned decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    *len = 1;
    if (c < 0xC0 || n < 2)
        return c;
    if (c < 0xE0)
        return *len = 2, ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    if (c < 0xF0 && n >= 3)
        return *len = 3, ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    *len = n < 4 ? n : 4;
    return 0x10000;
}

static int is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* A superscript digit or minus: its ASCII character ('4' for U+2074), or -1. */
static int superscript(unsigned cp)
{
    if (cp == 0xB9)
        return '1';
    if (cp == 0xB2 || cp == 0xB3)
        return (int)('2' + cp - 0xB2);
    if (cp == 0x2070 || (cp >= 0x2074 && cp <= 0x2079))
        return cp == 0x2070 ? '0' : (int)('4' + cp - 0x2074);
    return cp == 0x207B ? '-' : -1;
}

/* Latin Extended-B and Latin Extended Additional letters (Vietnamese "Nguyễn", "ơ", "ư"), each
 * its base letter by Unicode's canonical decomposition, upper case for a capital; '?' for none.
 * Generated once from Python's unicodedata (NFD, first character). */
static const char fold_ext_b[] = /* from U+0180 */
    "????????????????????????????????Oo?????????????Uu???????????????"
    "?????????????AaIiOoUuUuUuUuUu?AaAa????GgKkOoOo??j???Gg??NnAa????"
    "AaAaEeEeIiIiOoOoRrRrUuUuSsTt??Hh??????AaEeOoOoOoOoYy????????????"
    "????????????????";
static const char fold_ext_add[] = /* from U+1E00 */
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"
    "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"
    "WwWwWwWwWwXxXxYyZzZzZzhtwy??????AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"
    "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy??????";

/* The base letter of an extended Latin letter (lower case), its capital flag in *cap; 0 for
 * none. */
static int fold_ext(unsigned cp, int *cap)
{
    char c = cp >= 0x180 && cp < 0x250     ? fold_ext_b[cp - 0x180]
             : cp >= 0x1E00 && cp < 0x1F00 ? fold_ext_add[cp - 0x1E00]
                                           : '?';
    if (c == '?')
        return 0;
    *cap = c >= 'A' && c <= 'Z';
    return *cap ? c + 32 : c;
}

/* A run of one to nine stars (★, ⭐) at u, said as a rating: the count, its bytes in *len;
 * else 0 (also for one star before a word, a bullet, or any before a number, a sign). */
static int star_run(const unsigned char *u, size_t n, size_t *len)
{
    size_t i = 0, l;
    int k = 0;
    unsigned cp;
    while (i < n && ((cp = decode(u + i, n - i, &l)) == 0x2605 || cp == 0x2B50 || cp == 0xFE0F))
        k += cp != 0xFE0F, i += l;
    for (l = i; l < n && u[l] == ' '; l++)
        ;
    if (k < 1 || k > 9 || (k == 1 && l < n && ((u[l] | 0x20) >= 'a' && (u[l] | 0x20) <= 'z')))
        return 0; /* "★ Lyon" is a bullet */
    if (l < n && u[l] >= '0' && u[l] <= '9')
        return 0; /* "★ 4.5": a sign before the rating */
    *len = i;
    return k;
}

/* Folded to lower-case ASCII where a letter has a base letter (Latin-1, Latin Extended-A, -B
 * and Additional; combining marks dropped), spaces and dashes made ASCII, quotes and Markdown
 * emphasis dropped, whitespace collapsed.  caps (optional) gets one byte per output byte: 1
 * where the letter was a capital. */
/* s[0, n) holds two arrows in a row outside brackets with no comma or semicolon between them
 * ("A → B → C", "M51 (Jan 8) → M13 (Feb 12) → …"): a chain of items in order, not a
 * direction. */
static int arrow_chain(const char *s, size_t n)
{
    const char *p = memchr(s, 0xe2, n), *end = s + n, *q, *from = s;
    int arrows = 0, depth = 0;
    for (; p && p + 3 <= end && arrows < 2; p = memchr(p + 1, 0xe2, (size_t)(end - p - 1))) {
        if (memcmp(p, "\xe2\x86\x92", 3))
            continue;
        for (q = from; q < p; q++) {
            depth += (*q == '(') - (*q == ')');
            if (!depth && strchr(",;\n", *q))
                arrows = 0; /* pairs apart: "English→German, English→French" are directions */
        }
        from = p + 3;
        arrows = depth ? 0 : arrows + 1; /* in brackets, a direction: "NX402 (Porto Alegre → …)" */
    }
    return arrows >= 2;
}

void text_norm(const char *s, size_t n, struct buf *out, struct buf *caps)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len;
    int space = 1, sup_run = 0, chain = arrow_chain(s, n);
    buf_reset(out);
    buf_grow(out, n + 8);
    if (caps)
        buf_reset(caps), buf_grow(caps, n + 8);
    while (i < n) {
        unsigned cp;
        int ch = -1, cap = 0;
        if (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') || (u[i] >= '0' && u[i] <= '9')) {
            cap = u[i] <= 'Z' && u[i] >= 'A'; /* most bytes: an ASCII letter or digit, as is */
            buf_addch(out, (char)(cap ? u[i] + 32 : u[i]));
            if (caps)
                buf_addch(caps, (char)cap);
            space = 0, sup_run = 0, i++;
            continue;
        }
        cp = decode(u + i, n - i, &len);
        if (cp == '{' && i + 2 < n && u[i + 1] == ',' && u[i + 2] == '}') {
            ch = ',', len = 3; /* LaTeX's thousands separator: "1{,}234{,}500" */
        } else if (cp == 0x2192 || cp == 0x27F6 || cp == 0x21D2 ||
                   (cp == '-' && i + 1 < n && u[i + 1] == '>' && (!i || u[i - 1] != '-'))) {
            len += cp == '-'; /* "Oslo → Reykjavík", "Oslo -> Reykjavík": a direction */
            buf_adds(out, chain ? (space ? ">" : " >") : space ? "to" : " to");
            if (caps)
                while (caps->len < out->len)
                    buf_addch(caps, 0);
            ch = ' ', space = 1;
        } else if (is_space_cp(cp)) {
            if (!space)
                ch = ' ';
            space = 1;
        } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
            ch = '-';
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032 || cp == 0x201C || cp == 0x201D ||
                   cp == '"' || cp == 0xAB || cp == 0xBB || cp == 0x2BC) {
            ch = '\'';
        } else if (cp == '_' && out->len && out->s[out->len - 1] >= 'a' &&
                   out->s[out->len - 1] <= 'z' && i + 1 < n && (u[i + 1] | 0x20) >= 'a' &&
                   (u[i + 1] | 0x20) <= 'z') {
            ch = ' ', space = 1; /* a key's words: "under_maintenance" */
        } else if (cp == '*' || cp == '`' || cp == '_' || cp == 0x2BB) {
            ch = -1; /* dropped; so is the ʻokina, often left out ("Kauaʻi ʻakikiki") */
        } else if ((cp >= 0x20A0 && cp <= 0x20CF) || cp == 0xA2 || cp == 0xA3 || cp == 0xA5) {
            ch = '$'; /* one currency sign, so that "€24" reads as a number */
        } else if ((!out->len || out->s[out->len - 1] < '0' || out->s[out->len - 1] > '9') &&
                   star_run(u + i, n - i, &len) > 0) { /* a rating: "★★★★" is 4; not "4★" */
            ch = '0' + star_run(u + i, n - i, &len), space = 0;
        } else if (cp >= 0xBC && cp <= 0xBE && out->len && out->s[out->len - 1] >= '0' &&
                   out->s[out->len - 1] <= '9') {
            buf_adds(out, cp == 0xBC ? ".2" : cp == 0xBD ? "." : ".7"); /* "4½", "52¼": a part */
            while (caps && caps->len < out->len)
                buf_addch(caps, 0);
            ch = '5', space = 0;
        } else if (cp >= 0xBC && cp <= 0xBE) { /* alone, a fraction: "½-½" is "1/2-1/2" */
            buf_adds(out, cp == 0xBC ? "1/" : cp == 0xBD ? "1/" : "3/");
            while (caps && caps->len < out->len)
                buf_addch(caps, 0);
            ch = cp == 0xBD ? '2' : '4', space = 0;
        } else if (superscript(cp) >= 0) { /* "10⁴" is "10^4" */
            if (!out->len || (out->s[out->len - 1] != '^' && !(sup_run && out->len)))
                buf_addch(out, '^');
            if (caps)
                while (caps->len < out->len)
                    buf_addch(caps, 0);
            ch = superscript(cp), space = 0;
        } else if (cp >= 0x2080 && cp <= 0x2089) {
            ch = (int)('0' + cp - 0x2080), space = 0; /* a subscript: "CO₂" is "CO2" */
        } else if (cp == 0x2248 || cp == 0x223C) {
            ch = '~', space = 0; /* "≈1,290": the hedge "~" is */
        } else if ((cp == 0xB7 || cp == 0x2022 || cp == 0x2219 || cp == 0x22C5) && space &&
                   out->len > 1 && i + len < n && u[i + len] == ' ') {
            out->s[out->len - 1] = ';', ch = ' '; /* "2019: 2 · 2020: 1": items apart */
        } else if (cp == 0xB5 || cp == 0x3BC) {
            ch = 'u', space = 0; /* micro: "µg/L" is "ug/L" */
        } else if ((cp >= 0xA1 && cp <= 0xBF) || (cp >= 0x2016 && cp <= 0x2BFF) || cp >= 0x10000) {
            if (!space) /* symbols, arrows, signs and emoji ("≈3.75", "→ Lyon"): spaces */
                ch = ' ';
            space = 1;
        } else if (cp < 0x80) {
            cap = cp >= 'A' && cp <= 'Z';
            ch = cap ? (int)cp + 32 : (int)cp;
        } else if (cp >= 0x300 && cp < 0x370) {
            ch = -1; /* a combining mark (text in decomposed form): dropped with its accent */
        } else if (cp >= 0x180 && fold_ext(cp, &cap)) {
            ch = fold_ext(cp, &cap); /* its base letter */
        } else if (cp >= 0xC0 && cp < 0x180) {
            cap = cp < 0xDF ? cp != 0xD7 : cp >= 0x100 && !(cp & 1) && cp < 0x138;
            ch = fold_tab[cp - 0xC0];
        } else {
            buf_add(out, s + i, len), space = 0;
            if (caps)
                while (caps->len < out->len)
                    buf_addch(caps, 0);
        }
        if (ch == '-' && out->len && out->s[out->len - 1] >= 'a' && out->s[out->len - 1] <= 'z' &&
            i + len < n &&
            (((u[i + len] | 0x20) >= 'a' && (u[i + len] | 0x20) <= 'z') ||
             (u[i + len] >= 0xC3 && u[i + len] <= 0xC5)))
            ch = ' ', space = 1; /* "Joon-ho" is "Joon Ho" */
        if (ch == '&' && space && out->len && i + 1 < n && u[i + 1] == ' ') {
            buf_adds(out, "an"); /* "A & B" is "A and B" */
            if (caps)
                buf_add(caps, "\0\0", 2);
            ch = 'd';
        }
        sup_run = superscript(cp) >= 0;
        if (ch >= 0) {
            if (ch != ' ')
                space = 0;
            buf_addch(out, ch);
            if (caps)
                buf_addch(caps, cap);
        }
        i += len;
    }
    while (out->len && out->s[out->len - 1] == ' ')
        buf_setlen(out, out->len - 1);
    if (caps)
        buf_setlen(caps, out->len);
}

/* Letters also written as two ("Müller" as "Mueller", "Ærø" as "Aeroe", "Straße" as "Strasse",
 * "Þór" as "Thor"). */
static const struct {
    const char *utf8, *ascii;
} translit[] = {{"\xc3\xbc", "ue"}, {"\xc3\x9c", "Ue"}, {"\xc3\xb6", "oe"}, {"\xc3\x96", "Oe"},
                {"\xc3\xa4", "ae"}, {"\xc3\x84", "Ae"}, {"\xc3\x9f", "ss"}, {"\xc3\xa6", "ae"},
                {"\xc3\x86", "Ae"}, {"\xc3\xb8", "oe"}, {"\xc3\x98", "Oe"}, {"\xc3\xa5", "aa"},
                {"\xc3\x85", "Aa"}, {"\xc5\x93", "oe"}, {"\xc5\x92", "Oe"}, {"\xc3\xbe", "th"},
                {"\xc3\x9e", "Th"}};

static int translit_at(const char *p)
{
    size_t k;
    if ((unsigned char)p[0] != 0xC3 && (unsigned char)p[0] != 0xC5)
        return -1;
    for (k = 0; k < sizeof(translit) / sizeof(*translit); k++)
        if (!strncmp(p, translit[k].utf8, 2))
            return (int)k;
    return -1;
}

/* A time of day "07:45" or "13:10" (two-digit hours): also on the 12-hour clock ("7:45 am",
 * "7:45am", "1:10 pm"), without its leading zero ("7:45") and with a stop for the colon
 * ("7.45am", "13.10").  Returns how many were added. */
static size_t clock_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const am[] = {" am", "am", " a.m"}, *const pm[] = {" pm", "pm", " p.m"};
    const char *sep;
    int h, m, k;
    size_t added = 0;
    char b[32];
    if (strlen(raw) != 5 || raw[2] != ':' || sscanf(raw, "%2d:%2d", &h, &m) != 2 || h > 23 ||
        m > 59)
        return 0;
    for (sep = ":."; *sep && (*sep == ':' || m); sep++) /* a stop, as British writers put it:
                                                            "9.45am", "14.50" */
        for (k = 0; k < 4; k++) {
            if (k == 3 && *sep == ':' && (raw[0] != '0' || h == 0))
                break;
            if (k == 3) /* the 24-hour clock: "7:45" unpadded, "07.45" as written */
                snprintf(b, sizeof(b), *sep == ':' ? "%d:%02d" : "%02d.%02d", h, m);
            else
                snprintf(b, sizeof(b), "%d%c%02d%s", h % 12 ? h % 12 : 12, *sep, m,
                         h < 12 ? am[k] : pm[k]);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(b);
            added++;
        }
    for (k = 0; m == 0 && k < 4; k++) { /* a whole hour: "7pm", "7 p.m", "noon", "midnight" */
        if (k == 3 && h != 0 && h != 12)
            break;
        if (k == 3)
            snprintf(b, sizeof(b), "%s", h ? "noon" : "midnight");
        else
            snprintf(b, sizeof(b), "%d%s", h % 12 ? h % 12 : 12, h < 12 ? am[k] : pm[k]);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(b);
        added++;
    }
    return added;
}

/* A time of day h:m in a 12-hour form: "9am" (whole hours), "9:30 am", with `sp` between the
 * number and its half of the day. */
static void twelve_hour(char *b, size_t n, int h, int m, const char *sp)
{
    if (m)
        snprintf(b, n, "%d:%02d%s%s", h % 12 ? h % 12 : 12, m, sp, h < 12 ? "am" : "pm");
    else
        snprintf(b, n, "%d%s%s", h % 12 ? h % 12 : 12, sp, h < 12 ? "am" : "pm");
}

/* A span of two times of day ("09:00–18:00", "9:00-17:30"): also "9am to 6pm", "9 am - 6 pm",
 * "9:00 to 18:00".  Returns how many were added. */
static size_t span_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const join[] = {" to ", "-", " - "};
    int h1, m1, h2, m2, used = 0, k, sp;
    char a[24], b[24], v[64];
    size_t added = 0;
    if (sscanf(raw, "%2d:%2d%n", &h1, &m1, &used) != 2 || h1 > 23 || m1 > 59)
        return 0;
    raw += used;
    raw += !strncmp(raw, " ", 1);
    if (!strncmp(raw, "\xe2\x80\x93", 3) || !strncmp(raw, "\xe2\x80\x94", 3))
        raw += 3;
    else if (*raw == '-')
        raw++;
    else if (!strncmp(raw, "to ", 3))
        raw += 3;
    else
        return 0;
    raw += *raw == ' ';
    if (sscanf(raw, "%2d:%2d%n", &h2, &m2, &used) != 2 || raw[used] || h2 > 23 || m2 > 59)
        return 0;
    for (sp = 0; sp < 2; sp++)
        for (k = 0; k < 3; k++) {
            twelve_hour(a, sizeof a, h1, m1, sp ? " " : "");
            twelve_hour(b, sizeof b, h2, m2, sp ? " " : "");
            snprintf(v, sizeof v, "%s%s%s", a, join[k], b);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(v), added++;
        }
    for (k = 0; k < 3; k++) { /* the 24-hour clock, hours without a leading zero */
        snprintf(v, sizeof v, "%d:%02d%s%d:%02d", h1, m1, join[k], h2, m2);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(v), added++;
    }
    return added;
}

/* A lap time "1:32.417" (minutes, two-digit seconds, maybe their fraction): also as seconds
 * with their unit ("92.417 s", "92.417 seconds"), and with a fraction in minutes and seconds
 * ("1 min 32.417 s"). */
static size_t lap_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const secs[] = {" s", "s", " sec", " seconds", " secs"};
    size_t len = strlen(raw), c = strspn(raw, "0123456789"), f, k, added = 0;
    char b[64];
    if (c < 1 || c > 2 || raw[c] != ':' || strspn(raw + c + 1, "0123456789") != 2)
        return 0;
    f = c + 3;
    if (raw[f] == '.' && strspn(raw + f + 1, "0123456789") == len - f - 1 && len > f + 1)
        f = len;
    if (f != len || len > 12)
        return 0;
    if (len > c + 5 && raw[len - 1] == '0') { /* "1:36.40" also as "1:36.4" and its forms */
        snprintf(b, sizeof(b), "%.*s", (int)(len - 1), raw);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(b);
        added = 1 + lap_variants(b, out, n, alloc);
    }
    for (k = 0; k < sizeof(secs) / sizeof(*secs) + 2; k++) {
        long mins = strtol(raw, NULL, 10), whole = strtol(raw + c + 1, NULL, 10);
        const char *frac = raw + c + 3;
        if (k >= sizeof(secs) / sizeof(*secs) && !*frac)
            break; /* "18:40" in minutes and seconds: time_variants says it */
        if (k < sizeof(secs) / sizeof(*secs))
            snprintf(b, sizeof(b), "%ld%s%s", mins * 60 + whole, frac, secs[k]);
        else
            snprintf(b, sizeof(b), k % 2 ? "%ldm %ld%ss" : "%ld min %ld%s s", mins, whole, frac);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(b);
        added++;
    }
    if (raw[c + 3]) { /* in words, and compact: "1 minute 48.32 seconds", "1m48.32s" */
        long mins = strtol(raw, NULL, 10);
        const char *sec = raw + c + 1 + (raw[c + 1] == '0');
        for (k = 0; k < 2; k++) {
            if (k)
                snprintf(b, sizeof(b), "%ldm%ss", mins, sec);
            else
                snprintf(b, sizeof(b), "%ld minute%s %s seconds", mins, mins == 1 ? "" : "s", sec);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(b), added++;
        }
    }
    return added;
}

/* The seconds of a clock time as written ("05.4", "19.0", "40"): the forms they are said in
 * ("05.4" and "5.4"; "19.0" also "19"), in sec[], and how many. */
static int second_forms(const char *t, char sec[3][16])
{
    size_t d = strspn(t, "0123456789"), f = t[d] == '.' ? strspn(t + d + 1, "0123456789") : 0;
    int n = 0;
    if (d != 2 || t[d + (f ? f + 1 : 0)] || f > 3)
        return 0;
    snprintf(sec[n++], 16, "%s", t);
    if (t[0] == '0')
        snprintf(sec[n++], 16, "%s", t + 1);
    if (f && strspn(t + d + 1, "0") == f) /* "19.0": also "19" */
        snprintf(sec[n++], 16, "%.*s", (int)(t[0] == '0' ? 1 : 2), t + (t[0] == '0'));
    return n;
}

/* A clock time of a duration, "2:18:40", "1:32:05.4" or "18:40": also said in words ("2 hours
 * 18 minutes 40 seconds", "2h 18m 40s", "1h32m05.4s", "18 min 40 s"); with no hours, as
 * minutes ("0:34:12" is "34:12"). */
static size_t time_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const forms[][3] = {{" hours ", " minutes ", " seconds"},
                                           {"h ", "m ", "s"},
                                           {" h ", " min ", " s"},
                                           {" hr ", " min ", " sec"},
                                           {"h", "m", "s"},
                                           {" hours, ", " minutes and ", " seconds"}};
    static const char *const short_forms[][2] = {
        {" minutes ", " seconds"}, {"m ", "s"}, {" min ", " s"}, {" min ", " sec"}};
    int h = -1, m, sec, k, j, nsec;
    char b[96], secs[3][16];
    const char *p = strchr(raw, ':');
    if (p && (p = strchr(p + 1, ':')) && sscanf(raw, "%d:%2d:", &h, &m) == 2 && strlen(raw) <= 12 &&
        (nsec = second_forms(p + 1, secs)) > 0) {
        size_t added = 0;
        for (j = 0; j < nsec; j++)
            for (k = 0; k < 12; k++) { /* minutes with two digits too: "2h 06m 41s" */
                snprintf(b, sizeof(b), k < 6 ? "%d%s%d%s%s%s" : "%d%s%02d%s%s%s", h,
                         h == 1 && k % 6 == 0 ? " hour " : forms[k % 6][0], m, forms[k % 6][1],
                         secs[j], forms[k % 6][2]);
                ALLOC_GROW(*out, *n + 1, *alloc);
                (*out)[(*n)++] = xstrdup(b), added++;
            }
        if (h == 0 && m < 60) { /* "0:34:12" as minutes: "34:12", "34 min 12 s" */
            snprintf(b, sizeof(b), "%d:%s", m, p + 1);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(b), added++;
            added += time_variants(b, out, n, alloc);
        }
        return added;
    }
    if (sscanf(raw, "%d:%2d", &m, &sec) == 2 && strlen(raw) <= 5 && !strchr(raw + 3, ':')) {
        for (k = 0; k < 4; k++) {
            snprintf(b, sizeof(b), "%d%s%d%s", m, short_forms[k][0], sec, short_forms[k][1]);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(b);
        }
        return 4 + clock_variants(raw, out, n, alloc) + lap_variants(raw, out, n, alloc);
    }
    return lap_variants(raw, out, n, alloc);
}

const char *const month_names[12] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

/* A month named alone, "Jan" or "January" (also "Sept."): the other form too. */
static size_t month_variant(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(raw), k;
    if (len < 3 || len > 10)
        return 0;
    if (raw[len - 1] == '.')
        len--;
    for (k = 0; k < 12; k++) {
        const char *other = NULL;
        if (len == strlen(month_names[k]) && !strncasecmp(raw, month_names[k], len))
            other = len > 3 ? month_names[k] : NULL;
        else if ((len == 3 || (k == 8 && len == 4)) && !strncasecmp(raw, month_names[k], len))
            other = month_names[k];
        if (!other)
            continue;
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] =
            len == strlen(month_names[k]) ? xstrndup(month_names[k], 3) : xstrdup(other);
        return 1;
    }
    return 0;
}

/* A date key "YYYY-MM-DD" also without its year, as a list names it ("3 nov", "3 november",
 * "nov 3", "november 3"): anchors that cut a sentence of dated rows. */
size_t yearless_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const th[] = {"th", "st", "nd", "rd"};
    char v[7][32];
    int m, d, k;
    const char *suf;
    if (strlen(raw) != 10 || raw[4] != '-' || raw[7] != '-' || strspn(raw, "0123456789") != 4)
        return 0;
    m = (int)strtol(raw + 5, NULL, 10), d = (int)strtol(raw + 8, NULL, 10);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    suf = th[(d % 10 <= 3 && (d < 11 || d > 13)) ? d % 10 : 0];
    snprintf(v[0], sizeof v[0], "%d %s", d, month_names[m - 1]);
    snprintf(v[1], sizeof v[1], "%d %.3s", d, month_names[m - 1]);
    snprintf(v[2], sizeof v[2], "%s %d", month_names[m - 1], d);
    snprintf(v[3], sizeof v[3], "%.3s %d", month_names[m - 1], d);
    snprintf(v[4], sizeof v[4], "%s %d%s", month_names[m - 1], d, suf); /* "november 3rd" */
    snprintf(v[5], sizeof v[5], "%d%s %s", d, suf, month_names[m - 1]);
    snprintf(v[6], sizeof v[6], "%d%s of %s", d, suf, month_names[m - 1]);
    for (k = 0; k < 7; k++) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(v[k]);
    }
    return 7;
}

/* A month number ("01", "3") in a column of months (`strftime('%m', d)`, `month`) also as its
 * name, "January" and "Jan"; a quarter's (`quarter`, `qtr`) as "Q3", "quarter 3", "third
 * quarter". */
size_t month_number_names(const char *col, const char *raw, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(raw), cl = col ? strlen(col) : 0;
    int m;
    if (col && len == 1 && raw[0] >= '1' && raw[0] <= '4' &&
        ((cl >= 7 && !strcasecmp(col + cl - 7, "quarter")) ||
         (cl >= 3 && !strcasecmp(col + cl - 3, "qtr")))) {
        static const char *const ord[] = {"first", "second", "third", "fourth"};
        char v[3][24];
        snprintf(v[0], sizeof v[0], "q%c", raw[0]); /* a quarter: "Q3", "quarter 3", … */
        snprintf(v[1], sizeof v[1], "quarter %c", raw[0]);
        snprintf(v[2], sizeof v[2], "%s quarter", ord[raw[0] - '1']);
        ALLOC_GROW(*out, *n + 3, *alloc);
        for (m = 0; m < 3; m++)
            (*out)[(*n)++] = xstrdup(v[m]);
        return 3;
    }
    if (!col || len < 1 || len > 2 || strspn(raw, "0123456789") != len ||
        !(strstr(col, "%m") || (cl >= 5 && !strcasecmp(col + cl - 5, "month"))))
        return 0;
    m = (int)strtol(raw, NULL, 10);
    if (m < 1 || m > 12)
        return 0;
    ALLOC_GROW(*out, *n + 2, *alloc);
    (*out)[(*n)++] = xstrdup(month_names[m - 1]);
    (*out)[(*n)++] = xstrndup(month_names[m - 1], 3);
    return 2;
}

/* A gold month "YYYY-MM" also as "January 2024", "Jan 2024", "2024/01" and "01/2024", and as
 * "January" alone (not "May"). */
static size_t year_month_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    char v[4][24];
    int y, m, k;
    if (strlen(raw) != 7 || raw[4] != '-' || strspn(raw, "0123456789") != 4 ||
        strspn(raw + 5, "0123456789") != 2)
        return 0;
    y = (int)strtol(raw, NULL, 10), m = (int)strtol(raw + 5, NULL, 10);
    if (m < 1 || m > 12)
        return 0;
    snprintf(v[0], sizeof v[0], "%s %d", month_names[m - 1], y);
    snprintf(v[1], sizeof v[1], "%.3s %d", month_names[m - 1], y);
    snprintf(v[2], sizeof v[2], "%d/%02d", y, m);
    snprintf(v[3], sizeof v[3], "%02d/%d", m, y);
    for (k = 0; k < 4; k++) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(v[k]);
    }
    /* the month alone, its year the question's; "may" alone is a verb too often, but heading a
     * field it is the month */
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrdup(m == 5 ? "may:" : month_names[m - 1]);
    return 5;
}

/* Scores of sets or legs apart by spaces ("6-4 3-6 7-5"): also with commas ("6-4, 3-6, 7-5"). */
static size_t score_groups(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    size_t i;
    if (!strchr(raw, ' ') || strspn(raw, "0123456789- ") != strlen(raw) || !strchr(raw, '-'))
        return 0;
    for (i = 0; raw[i]; i++) {
        if (raw[i] == ' ')
            buf_adds(&v, ", ");
        else
            buf_addch(&v, raw[i]);
    }
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    return 1;
}

/* A US state's postal code ("HI", "NM") also as its name: codes are a closed list, and
 * replies write the name.  Not the other way: "in", "or", "me" are words too. */
static size_t state_name(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const codes = "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD "
                                     "MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC "
                                     "SD TN TX UT VT VA WA WV WI WY DC";
    static const char *const names[] = {"alabama",        "alaska",        "arizona",
                                        "arkansas",       "california",    "colorado",
                                        "connecticut",    "delaware",      "florida",
                                        "georgia",        "hawaii",        "idaho",
                                        "illinois",       "indiana",       "iowa",
                                        "kansas",         "kentucky",      "louisiana",
                                        "maine",          "maryland",      "massachusetts",
                                        "michigan",       "minnesota",     "mississippi",
                                        "missouri",       "montana",       "nebraska",
                                        "nevada",         "new hampshire", "new jersey",
                                        "new mexico",     "new york",      "north carolina",
                                        "north dakota",   "ohio",          "oklahoma",
                                        "oregon",         "pennsylvania",  "rhode island",
                                        "south carolina", "south dakota",  "tennessee",
                                        "texas",          "utah",          "vermont",
                                        "virginia",       "washington",    "west virginia",
                                        "wisconsin",      "wyoming",       "district of columbia"};
    const char *p;
    if (strlen(raw) != 2 || !isupper((unsigned char)raw[0]) || !isupper((unsigned char)raw[1]))
        return 0;
    for (p = codes; *p; p += p[2] ? 3 : 2)
        if (!strncmp(p, raw, 2)) {
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(names[(p - codes) / 3]);
            return 1;
        }
    return 0;
}

/* The other spellings of a gold text, normalised: of a time, a month, a score, odds, a handle
 * or a state's code, its other forms; else each letter of translit[] written either way (every
 * combination up to 4 such letters, else all one way or the other).  Returns how many were
 * added to *out (each owned by the caller). */
/* The Latin letters of Greek letter cp (U+0386 to U+03CE, accented forms too), or NULL:
 * the usual English spelling ("Κάστωρ" "kastor", "Παπαδόπουλος" "papadopoulos"). */
static const char *greek_latin(unsigned cp)
{
    static const char *const lat[24] = {"a", "b", "g", "d", "e",  "z",  "e",  "th",
                                        "i", "k", "l", "m", "n",  "x",  "o",  "p",
                                        "r", "s", "t", "y", "ph", "ch", "ps", "o"};
    static const struct {
        unsigned cp;
        const char *l;
    } acc[] = {{0x386, "a"}, {0x388, "e"}, {0x389, "e"}, {0x38A, "i"}, {0x38C, "o"}, {0x38E, "y"},
               {0x38F, "o"}, {0x3AC, "a"}, {0x3AD, "e"}, {0x3AE, "e"}, {0x3AF, "i"}, {0x3CA, "i"},
               {0x3CB, "y"}, {0x3CC, "o"}, {0x3CD, "y"}, {0x3CE, "o"}};
    size_t k;
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return lat[cp - 0x391 - (cp > 0x3A2)];
    if (cp == 0x3C2)
        return "s"; /* a word's last sigma */
    if (cp >= 0x3B1 && cp <= 0x3C9)
        return lat[cp - 0x3B1 - (cp > 0x3C2)];
    for (k = 0; k < sizeof(acc) / sizeof(*acc); k++)
        if (acc[k].cp == cp)
            return acc[k].l;
    return NULL;
}

/* A name in Cyrillic or Greek also romanised, as replies write it ("Ольга Смирнова" as "olga
 * smirnova", "Κάστωρ" as "kastor"): each letter by the usual English spelling, the soft and
 * hard signs dropped; both "y" and "i" for "й" are too many forms, so "y" ("Андрей"
 * "andrey"). */
static size_t romanised(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const lat[32] = {
        "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "y",    "k", "l", "m", "n", "o",  "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};
    struct buf v = BUF_INIT, t = BUF_INIT;
    const unsigned char *u = (const unsigned char *)raw;
    size_t i = 0;
    int any = 0;
    while (u[i] && (u[i] < 0xCE || u[i] > 0xD1))
        i++;
    if (!u[i])
        return 0; /* most names: no Greek or Cyrillic letter, nothing to copy */
    i = 0;
    while (u[i]) {
        unsigned cp = u[i] >= 0xCE && u[i] <= 0xD1 && (u[i + 1] & 0xC0) == 0x80
                          ? ((u[i] & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu)
                          : 0;
        if (greek_latin(cp)) { /* "ου" is "ou": "Παπαδόπουλος" "papadopoulos" */
            int ou = *greek_latin(cp) == 'y' && v.len && (v.s[v.len - 1] | 0x20) == 'o';
            buf_adds(&v, ou ? "u" : greek_latin(cp)), i += 2, any = 1;
        } else if (cp == 0x401 || cp == 0x451) { /* "Ё", "ё" */
            buf_addch(&v, 'e'), i += 2, any = 1;
        } else if (cp >= 0x410 && cp <= 0x44F) {
            buf_adds(&v, lat[(cp - 0x410) % 32]), i += 2, any = 1;
        } else {
            buf_addch(&v, (char)u[i++]);
        }
    }
    if (any) {
        text_norm(v.s, v.len, &t, NULL);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&t, NULL);
    }
    buf_release(&v);
    buf_release(&t);
    return any;
}

size_t text_variants(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(raw), i, nsp = 0, added = 0;
    unsigned mask, masks;
    struct buf v = BUF_INIT, t = BUF_INIT;
    if (len && raw[0] >= '0' && raw[0] <= '9' && strchr(raw, ':'))
        return span_variants(raw, out, n, alloc) + time_variants(raw, out, n, alloc);
    if (month_variant(raw, out, n, alloc))
        return 1;
    if ((added = year_month_variants(raw, out, n, alloc)) > 0)
        return added;
    if (score_groups(raw, out, n, alloc) || state_name(raw, out, n, alloc))
        return 1;
    if (len >= 3 && len <= 7 && strspn(raw, "0123456789") >= 1 &&
        raw[strspn(raw, "0123456789")] == '/' &&
        strspn(raw + strspn(raw, "0123456789") + 1, "0123456789") ==
            len - strspn(raw, "0123456789") - 1) { /* odds "5/1", also "5-1" and "5 to 1" */
        size_t a = strspn(raw, "0123456789");
        buf_reset(&t);
        buf_addf(&t, "%.*s-%s", (int)a, raw, raw + a + 1);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&t, NULL);
        buf_addf(&t, "%.*s to %s", (int)a, raw, raw + a + 1);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&t, NULL);
        return 2;
    }
    if ((raw[0] == '@' || raw[0] == '#') && len >= 4 && isalpha((unsigned char)raw[1])) {
        text_norm(raw + 1, len - 1, &t, NULL); /* a handle or tag without its sign: "tidewatcher" */
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&t, NULL);
        return 1;
    }
    if (romanised(raw, out, n, alloc))
        return 1;
    for (i = 0; i + 1 < len; i++)
        nsp += translit_at(raw + i) >= 0;
    if (!nsp)
        return 0;
    masks = nsp <= 4 ? 1u << nsp : 2;
    for (mask = 1; mask < masks; mask++) {
        unsigned bit = 0;
        buf_reset(&v);
        for (i = 0; i < len; i++) {
            int k = i + 1 < len ? translit_at(raw + i) : -1;
            if (k >= 0 && (nsp > 4 || (mask >> bit & 1))) {
                buf_adds(&v, translit[k].ascii), i++;
            } else {
                buf_addch(&v, raw[i]);
                if (k >= 0)
                    buf_addch(&v, raw[++i]);
            }
            bit += k >= 0;
        }
        text_norm(v.s, v.len, &t, NULL);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrndup(t.s, t.len);
        added++;
    }
    buf_release(&v);
    buf_release(&t);
    return added;
}

/* norm after the first of the prefixes pre[] (NULL-ended) it starts with, when what is left
 * passes rest(): that rest added as a short form.  Returns how many were added. */
static size_t after_prefix(const char *norm, const char *const *pre, int (*rest)(const char *),
                           char ***out, size_t *n, size_t *alloc)
{
    size_t k, t;
    for (k = 0; pre[k]; k++) {
        if (pre[k][0] != norm[0]) /* most texts stop at their first letter, cheaply */
            continue;
        t = strlen(pre[k]);
        if (!strncmp(norm, pre[k], t) && rest(norm + t)) {
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(norm + t);
            return 1;
        }
    }
    return 0;
}

/* Two words or more left: a person's name. */
static int two_words(const char *rest)
{
    return strchr(rest, ' ') != NULL;
}

/* A personal name after a title of rank or address ("Captain Rhea Solano", "Dr. Ilse
 * Varga"), also written without it: the title is how the sentences styled the person. */
static size_t untitled(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const title[] = {
        "captain ", "capt. ",      "dr. ",      "dr ",    "doctor ", "mr. ",       "mrs. ",
        "ms. ",     "mr ",         "mrs ",      "ms ",    "prof. ",  "professor ", "sir ",
        "dame ",    "lady ",       "lord ",     "rev. ",  "father ", "sister ",    "colonel ",
        "major ",   "lieutenant ", "sergeant ", "nurse ", "coach ",  "sgt. ",      "sgt ",
        "cpl. ",    "cpl ",        "lt. ",      "lt ",    "col. ",   "maj. ",      "gen. ",
        "pvt. ",    "pte. ",       "cmdr. ",    "adm. ",  "insp. ",  "det. ",      "supt. ",
        "officer ", "judge ",      "hon. ",     NULL};
    return after_prefix(norm, title, two_words, out, n, alloc);
}

/* A name of four letters or more, from a letter. */
static int ship_name(const char *rest)
{
    return strlen(rest) >= 4 && isalpha((unsigned char)rest[0]);
}

/* A ship's name after its prefix ("hms corrib", "mv skagerrak dawn"), also said without it
 * ("the Corrib"): the prefix is a class of vessel, not the name. */
static size_t unprefixed_ship(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const pre[] = {"hms ", "hmcs ", "hmas ", "hmnzs ", "uss ", "rms ", "mv ",
                                      "ss ",  "rv ",   "fv ",   "mt ",    "sy ",  "psv ", NULL};
    return after_prefix(norm, pre, ship_name, out, n, alloc);
}
/* A name quoted inside a longer one ("tortoise 'old mo'"), also said alone. */
static size_t nickname(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    const char *a = strchr(norm, '\''), *b = a ? strchr(a + 1, '\'') : NULL;
    if (!a || !b || b - a - 1 < 4 || (a > norm && a[-1] != ' ') || (a == norm && !b[1]) ||
        (b[1] && b[1] != ' '))
        return 0;
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrndup(a + 1, (size_t)(b - a - 1));
    return 1;
}

/* A company's name of two words or more before its legal form ("nordic timber ab", "kessel
 * tools gmbh", "krakow skora sp. z o.o."), also said without it. */
static size_t unincorporated(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const form[] = {
        " ab",         " gmbh",   " ltd", " ltd.", " inc",    " inc.",  " llc",     " plc",
        " ag",         " sa",     " oy",  " as",   " bv",     " nv",    " srl",     " spa",
        " corp",       " corp.",  " s.a", " s.a.", " a.s.",   " a.s",   " sarl",    " s.p.a.",
        " s.l.",       " asa",    " oyj", " kft",  " s.r.o.", " s.r.l", " s.r.l.",  " b.v.",
        " n.v.",       " d.o.o.", " a/s", " aps",  " kg",     " ltda",  " pty ltd", " sp. z o.o",
        " sp. z o.o.", " co",     " co.", NULL};
    const char *last = strrchr(norm, ' ');
    size_t len = strlen(norm), k, f;
    if (!last || strlen(last) > 7 || last == strchr(norm, ' '))
        return 0; /* a legal form ends in a short word ("gmbh", "o.o."), after two or more */
    for (k = 0; form[k]; k++) {
        const char *fl = strrchr(form[k], ' ');
        if (fl[1] != last[1] || strcmp(fl, last))
            continue; /* most forms: at their last word's first letter */
        f = strlen(form[k]);
        if (len > f + 4 && !strcmp(norm + len - f, form[k]) &&
            memchr(norm, ' ', len - f)) { /* two words or more before it */
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrndup(norm, len - f);
            return 1;
        }
    }
    return 0;
}

/* t, normalised, with its last word, a plural of five letters or more ("farms", "tomatoes",
 * "berries"), in the singular, into out; 0 when it is none (no "-ss", "-us", "-is" word, no
 * digit). */
int singular_of(const char *t, char *out, size_t cap)
{
    size_t n = strlen(t), b = n;
    while (b > 0 && t[b - 1] != ' ')
        b--;
    if (n - b < 5 || n >= cap || t[n - 1] != 's' || strpbrk(t, "0123456789") ||
        strspn(t + b, "abcdefghijklmnopqrstuvwxyz") != n - b || strchr("sui", t[n - 2]) ||
        !strcmp(t + n - 3, "ics"))
        return 0; /* nor a field's name in "-ics" ("Paediatrics") */
    memcpy(out, t, n + 1);
    if (n - b >= 6 && !strcmp(t + n - 3, "ies"))
        out[n - 3] = 'y', out[n - 2] = '\0'; /* "berries" */
    else if (!strcmp(t + n - 3, "oes") || !strcmp(t + n - 4, "ches") || !strcmp(t + n - 4, "shes"))
        out[n - 2] = '\0'; /* "tomatoes", "benches" */
    else
        out[n - 1] = '\0';
    return 1;
}

/* A club's name before its kind ("thames rc", "leander club", "molesey boat club"), also said
 * without it ("Thames", "Molesey"), and its initials said out ("Oxford Brookes University Boat
 * Club" for "… BC"). */
static size_t club_forms(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const kind[][2] = {{" bc", " boat club"},
                                          {" rc", " rowing club"},
                                          {" fc", " football club"},
                                          {" rfc", " rugby football club"},
                                          {" afc", " football club"},
                                          {" sc", " sailing club"},
                                          {" cc", " cricket club"},
                                          {" gc", " golf club"},
                                          {" hc", " hockey club"},
                                          {" tc", " tennis club"},
                                          {" boat club", NULL},
                                          {" rowing club", NULL},
                                          {" football club", NULL},
                                          {" sailing club", NULL},
                                          {" cricket club", NULL},
                                          {" golf club", NULL},
                                          {" hockey club", NULL},
                                          {" tennis club", NULL},
                                          {" bowls club", NULL},
                                          {" bowling club", NULL},
                                          {" athletic club", NULL},
                                          {" chess club", NULL},
                                          {" club", NULL}};
    size_t len = strlen(norm), k, f, added = 0;
    struct buf v = BUF_INIT;
    for (k = 0; k < sizeof(kind) / sizeof(*kind) && !added; k++) {
        f = strlen(kind[k][0]);
        if (len < f + 4 || strcmp(norm + len - f, kind[k][0]))
            continue;
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrndup(norm, len - f), added++;
        if (kind[k][1]) {
            buf_add(&v, norm, len - f);
            buf_adds(&v, kind[k][1]);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = buf_detach(&v, NULL), added++;
        }
    }
    buf_release(&v);
    return added;
}

/* Four letters or more. */
static int unit_name(const char *rest)
{
    return strlen(rest) >= 4;
}

/* A unit of an institution after its kind ("dept. of geology", "department of marine
 * biology"), also said without it ("Geology"). */
static size_t unit_of(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const pre[] = {"dept. of ",   "dept of ",     "department of ",
                                      "faculty of ", "division of ", "office of ",
                                      NULL};
    return after_prefix(norm, pre, unit_name, out, n, alloc);
}
/* A word of norm written short or long ("kestrel intl" and "kestrel international", "halden
 * phil" and "halden philharmonic"): the other form, one word changed per variant, at most 3. */
static size_t abbrev_variants(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const pair[][2] = {{"intl", "international"},
                                          {"phil", "philharmonic"},
                                          {"co", "company"},
                                          {"ltd", "limited"},
                                          {"univ", "university"},
                                          {"mt", "mount"},
                                          {"ft", "fort"},
                                          {"natl", "national"},
                                          {"corp", "corporation"},
                                          {"bros", "brothers"},
                                          {"ave", "avenue"},
                                          {"rd", "road"},
                                          {"sq", "square"},
                                          {"hosp", "hospital"},
                                          {"ctr", "centre"},
                                          {"assn", "association"},
                                          {"govt", "government"},
                                          {"dept", "department"},
                                          {"utd", "united"}};
    struct buf v = BUF_INIT;
    size_t b = 0, e, k, added = 0, len = strlen(norm);
    while (b < len && added < 3) {
        size_t w;
        for (e = b; e < len && norm[e] != ' '; e++)
            ;
        w = e - b - (e > b && norm[e - 1] == '.'); /* "intl." */
        for (k = 0; k < sizeof(pair) / sizeof(*pair); k++) {
            int side;
            for (side = 0; side < 2; side++)
                if (pair[k][side][0] == norm[b] && !strncmp(norm + b, pair[k][side], w) &&
                    !pair[k][side][w]) {
                    buf_reset(&v);
                    buf_add(&v, norm, b);
                    buf_adds(&v, pair[k][!side]);
                    buf_adds(&v, norm + e);
                    ALLOC_GROW(*out, *n + 1, *alloc);
                    (*out)[(*n)++] = buf_detach(&v, NULL);
                    added++;
                }
        }
        b = e + 1;
    }
    buf_release(&v);
    return added;
}

/* norm with every "/" between two words spaced (" / "), or with the spaces around " / "
 * dropped; 0 when it has no such slash. */
static size_t slash_spacing(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    const char *p;
    int changed = 0;
    if (!strchr(norm, '/'))
        return 0;
    for (p = norm; *p; p++) {
        if (p[0] == ' ' && p[1] == '/' && p[2] == ' ') {
            buf_addch(&v, '/'), p += 2, changed = 1;
        } else if (p[0] == '/' && p > norm && p[-1] != ' ' && p[1] && p[1] != ' ') {
            buf_adds(&v, " / "), changed = 1;
        } else {
            buf_addch(&v, *p);
        }
    }
    if (changed) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
    }
    buf_release(&v);
    return (size_t)changed;
}

/* norm ending in a number from 2 to 20 written the other way, Roman or Arabic ("fisica 2":
 * "fisica ii", "rv hakon vii": "rv hakon 7"); 0 when it ends in neither. */
static size_t numeral_other_way(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const roman[] = {"",    "i",    "ii",  "iii",  "iv",    "v",   "vi",
                                        "vii", "viii", "ix",  "x",    "xi",    "xii", "xiii",
                                        "xiv", "xv",   "xvi", "xvii", "xviii", "xix", "xx"};
    const char *last = strrchr(norm, ' ');
    struct buf b = BUF_INIT;
    int k, v;
    if (!last || last == norm || strlen(last + 1) > 5 ||
        strspn(last + 1, "0123456789ivx") != strlen(last + 1))
        return 0; /* the last word no number of either kind */
    last++;
    v = strspn(last, "0123456789") == strlen(last) && strlen(last) <= 2
            ? (int)strtol(last, NULL, 10)
            : 0;
    for (k = 2; !v && k <= 20; k++)
        if (!strcmp(last, roman[k]))
            v = -k;
    if (v == 0 || v == 1 || v > 20)
        return 0;
    buf_add(&b, norm, (size_t)(last - norm));
    if (v > 0)
        buf_adds(&b, roman[v]);
    else
        buf_addf(&b, "%d", -v);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&b, NULL);
    return 1;
}

/* Names that are one another's (a row of up to four, NULL after the last): when norm is a
 * row's first name, or any of its names when `any`, the row's other names are added. */
typedef const char *const name_row[4];
static size_t other_names(const char *norm, name_row *rows, size_t nrows, int any, char ***out,
                          size_t *n, size_t *alloc)
{
    size_t k, j, i, added = 0;
    for (k = 0; k < nrows; k++)
        for (j = 0; j < (any ? 4u : 1u) && rows[k][j]; j++)
            if (rows[k][j][0] == norm[0] && !strcmp(norm, rows[k][j])) {
                for (i = 0; i < 4 && rows[k][i]; i++)
                    if (i != j) {
                        ALLOC_GROW(*out, *n + 1, *alloc);
                        (*out)[(*n)++] = xstrdup(rows[k][i]), added++;
                    }
                return added;
            }
    return 0;
}

/* A country's other common names ("United States" for "USA", "Turkey" for "Türkiye"). */
static size_t country_names(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static name_row same[] = {{"usa", "united states", "united states of america", "u.s."},
                              {"uk", "united kingdom", "great britain", "u.k."},
                              {"uae", "united arab emirates", NULL, NULL},
                              {"turkiye", "turkey", NULL, NULL},
                              {"czechia", "czech republic", NULL, NULL},
                              {"cote d'ivoire", "ivory coast", NULL, NULL},
                              {"osterreich", "austria", NULL, NULL},
                              {"deutschland", "germany", NULL, NULL},
                              {"myanmar", "burma", NULL, NULL},
                              {"eswatini", "swaziland", NULL, NULL},
                              {"netherlands", "the netherlands", "holland", NULL},
                              {"vietnam", "viet nam", NULL, NULL}};
    /* and its people's adjective, for a nationality ("Polish" for "Poland") */
    /* clang-format off */
    static name_row people[] = {
        {"poland", "polish", NULL, NULL}, {"netherlands", "dutch", "the netherlands", "holland"},
        {"italy", "italian", NULL, NULL}, {"france", "french", NULL, NULL},
        {"germany", "german", NULL, NULL}, {"spain", "spanish", NULL, NULL},
        {"portugal", "portuguese", NULL, NULL}, {"belgium", "belgian", NULL, NULL},
        {"norway", "norwegian", NULL, NULL}, {"sweden", "swedish", NULL, NULL},
        {"denmark", "danish", NULL, NULL}, {"finland", "finnish", NULL, NULL},
        {"iceland", "icelandic", NULL, NULL}, {"ireland", "irish", NULL, NULL},
        {"austria", "austrian", NULL, NULL}, {"switzerland", "swiss", NULL, NULL},
        {"greece", "greek", NULL, NULL}, {"turkey", "turkish", "turkiye", NULL},
        {"russia", "russian", NULL, NULL}, {"ukraine", "ukrainian", NULL, NULL},
        {"czechia", "czech", "czech republic", NULL}, {"slovakia", "slovak", NULL, NULL},
        {"hungary", "hungarian", NULL, NULL}, {"romania", "romanian", NULL, NULL},
        {"croatia", "croatian", NULL, NULL}, {"serbia", "serbian", NULL, NULL},
        {"slovenia", "slovenian", "slovene", NULL}, {"estonia", "estonian", NULL, NULL},
        {"latvia", "latvian", NULL, NULL}, {"lithuania", "lithuanian", NULL, NULL},
        {"usa", "american", "united states", NULL}, {"uk", "british", "united kingdom", "great britain"},
        {"canada", "canadian", NULL, NULL}, {"mexico", "mexican", NULL, NULL},
        {"brazil", "brazilian", NULL, NULL}, {"argentina", "argentine", "argentinian", NULL},
        {"chile", "chilean", NULL, NULL}, {"colombia", "colombian", NULL, NULL},
        {"peru", "peruvian", NULL, NULL}, {"australia", "australian", NULL, NULL},
        {"new zealand", "new zealander", NULL, NULL}, {"japan", "japanese", NULL, NULL},
        {"china", "chinese", NULL, NULL}, {"korea", "korean", "south korean", NULL}, {"south korea", "south korean", NULL, NULL},
        {"india", "indian", NULL, NULL}, {"kenya", "kenyan", NULL, NULL},
        {"ethiopia", "ethiopian", NULL, NULL}, {"nigeria", "nigerian", NULL, NULL},
        {"south africa", "south african", NULL, NULL}, {"egypt", "egyptian", NULL, NULL},
        {"morocco", "moroccan", NULL, NULL}, {"ghana", "ghanaian", NULL, NULL},
        {"jamaica", "jamaican", NULL, NULL}, {"scotland", "scottish", "scots", NULL},
        {"wales", "welsh", NULL, NULL}, {"england", "english", NULL, NULL},
        {"sri lanka", "sri lankan", NULL, NULL}, {"bangladesh", "bangladeshi", NULL, NULL},
        {"pakistan", "pakistani", NULL, NULL}, {"nepal", "nepali", "nepalese", NULL},
        {"vietnam", "vietnamese", NULL, NULL}, {"thailand", "thai", NULL, NULL},
        {"indonesia", "indonesian", NULL, NULL}, {"philippines", "filipino", "philippine", NULL},
        {"malaysia", "malaysian", NULL, NULL}, {"singapore", "singaporean", NULL, NULL},
        {"taiwan", "taiwanese", NULL, NULL}, {"israel", "israeli", NULL, NULL},
        {"iran", "iranian", NULL, NULL}, {"tanzania", "tanzanian", NULL, NULL},
        {"uganda", "ugandan", NULL, NULL}, {"rwanda", "rwandan", NULL, NULL},
        {"senegal", "senegalese", NULL, NULL}, {"algeria", "algerian", NULL, NULL},
        {"tunisia", "tunisian", NULL, NULL}, {"ecuador", "ecuadorian", NULL, NULL},
        {"venezuela", "venezuelan", NULL, NULL}, {"uruguay", "uruguayan", NULL, NULL},
        {"cuba", "cuban", NULL, NULL}, {"bulgaria", "bulgarian", NULL, NULL},
        {"albania", "albanian", NULL, NULL}, {"cyprus", "cypriot", NULL, NULL},
        {"malta", "maltese", NULL, NULL}, {"armenia", "armenian", NULL, NULL},
        {"mongolia", "mongolian", NULL, NULL}, {"luxembourg", "luxembourgish", NULL, NULL}};
    /* clang-format on */
    size_t added;
    if (strpbrk(norm, "0123456789") || strlen(norm) > 32)
        return 0; /* no country's name */
    added = other_names(norm, same, sizeof(same) / sizeof(*same), 1, out, n, alloc);
    return added + other_names(norm, people, sizeof(people) / sizeof(*people), 1, out, n, alloc);
}

/* A city's or region's name in its own language and in English ("Wien" and "Vienna",
 * "Donostia" and "San Sebastián", "Göteborg" and "Gothenburg"), either way: sentences made
 * from local data often keep the local name, replies the English. */
static size_t place_names(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    /* clang-format off */
    static name_row places[] = {
        {"wien", "vienna", NULL, NULL}, {"munchen", "munich", NULL, NULL},
        {"koln", "cologne", NULL, NULL}, {"praha", "prague", NULL, NULL},
        {"warszawa", "warsaw", NULL, NULL},
        {"roma", "rome", NULL, NULL}, {"milano", "milan", NULL, NULL},
        {"napoli", "naples", NULL, NULL}, {"firenze", "florence", NULL, NULL},
        {"venezia", "venice", NULL, NULL}, {"torino", "turin", NULL, NULL},
        {"genova", "genoa", NULL, NULL}, {"padova", "padua", NULL, NULL},
        {"lisboa", "lisbon", NULL, NULL}, {"sevilla", "seville", NULL, NULL},
        {"bruxelles", "brussels", "brussel", NULL}, {"antwerpen", "antwerp", "anvers", NULL},
        {"geneve", "geneva", "genf", NULL}, {"luzern", "lucerne", NULL, NULL},
        {"kobenhavn", "copenhagen", NULL, NULL},
        {"goteborg", "gothenburg", NULL, NULL}, {"helsingfors", "helsinki", NULL, NULL},
        {"moskva", "moscow", NULL, NULL}, {"sankt peterburg", "saint petersburg", "st petersburg", NULL},
        {"athina", "athens", NULL, NULL}, {"den haag", "the hague", NULL, NULL},
        {"beograd", "belgrade", NULL, NULL}, {"bucuresti", "bucharest", NULL, NULL},
        {"nurnberg", "nuremberg", NULL, NULL},
        {"hannover", "hanover", NULL, NULL},
        {"donostia", "san sebastian", "donostia-san sebastian", NULL},
        {"bilbo", "bilbao", NULL, NULL}, {"a coruna", "la coruna", NULL, NULL},
        {"catalunya", "catalonia", "cataluna", NULL}, {"andalucia", "andalusia", NULL, NULL},
        {"euskadi", "basque country", "pais vasco", NULL}, {"bayern", "bavaria", NULL, NULL},
        {"toscana", "tuscany", NULL, NULL}, {"sicilia", "sicily", NULL, NULL},
        {"sardegna", "sardinia", NULL, NULL}, {"bretagne", "brittany", NULL, NULL},
        {"normandie", "normandy", NULL, NULL}, {"vlaanderen", "flanders", NULL, NULL}};
    /* clang-format on */
    if (strlen(norm) > 24 || strpbrk(norm, "0123456789"))
        return 0;
    return other_names(norm, places, sizeof(places) / sizeof(*places), 1, out, n, alloc);
}

/* The word for "university" in another language ("universitet", "uniwersytet", "université"):
 * its length, or 0. */
static size_t university_word(const char *w)
{
    static const char *const u[] = {"universitetet", "universitet", "universitat", "universitaet",
                                    "universite",    "universita",  "universidad", "universidade",
                                    "uniwersytet",   "univerzitet", "univerzita",  "universiteit",
                                    "yliopisto",     "egyetem",     NULL};
    int k;
    if (w[0] != 'u' && w[0] != 'y' && w[0] != 'e')
        return 0; /* most words: at once */
    for (k = 0; u[k]; k++)
        if (!strncmp(w, u[k], strlen(u[k])) && (!w[strlen(u[k])] || w[strlen(u[k])] == ' '))
            return strlen(u[k]);
    return 0;
}

/* A university named in its own language ("uppsala universitet", "universitetet i bergen",
 * "universita di padova") also in English, either way round ("uppsala university",
 * "university of bergen"), when its place is one to three words. */
static size_t university_english(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const link[] = {"i ",  "u ",     "di ",    "de ", "del ", "do ",
                                       "da ", "of ",    "van ",   "zu ", "w ",   "v ",
                                       "in ", "degli ", "della ", NULL};
    size_t len = strlen(norm), w, l, spaces = 0, i;
    const char *rest, *end;
    int k;
    struct buf v = BUF_INIT;
    if ((w = university_word(norm))) { /* "universitetet i bergen" */
        rest = norm + w + (norm[w] == ' ');
        for (k = 0; link[k]; k++)
            if (!strncmp(rest, link[k], strlen(link[k])))
                rest += strlen(link[k]);
        end = norm + len;
    } else { /* "uppsala universitet" */
        const char *last = strrchr(norm, ' ');
        if (!last || !university_word(last + 1) || last[1 + university_word(last + 1)])
            return 0;
        rest = norm, end = last;
    }
    for (i = 0; rest + i < end; i++)
        spaces += rest[i] == ' ';
    if (end <= rest || spaces > 2)
        return 0;
    l = (size_t)(end - rest);
    buf_add(&v, rest, l);
    buf_adds(&v, " university");
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    buf_adds(&v, "university of ");
    buf_add(&v, rest, l);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    return 2;
}

size_t place_variants(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    return country_names(norm, out, n, alloc) + place_names(norm, out, n, alloc) +
           university_english(norm, out, n, alloc);
}

static const char *const small_words[] = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};

int small_number_at(const char *t, size_t *len)
{
    size_t k, n;
    if (isdigit((unsigned char)t[0])) {
        n = strspn(t, "0123456789");
        *len = n; /* not "1,000" nor "1.5" */
        return n <= 2 && !isalnum((unsigned char)t[n]) &&
                       !((t[n] == ',' || t[n] == '.') && isdigit((unsigned char)t[n + 1]))
                   ? (int)strtol(t, NULL, 10)
                   : -1;
    }
    if (!strchr("zotfsenZOTFSEN", t[0]) || !t[0])
        return -1; /* no small number's word opens with another letter */
    for (k = 0; k < sizeof(small_words) / sizeof(small_words[0]); k++)
        if (!strncasecmp(t, small_words[k], n = strlen(small_words[k])) &&
            !isalpha((unsigned char)t[n])) {
            *len = n;
            return (int)k;
        }
    return -1;
}

/* A text of a small whole number also in words ("four" for "4", a star rating kept as text). */
static size_t number_in_words(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    const char *const *w = small_words;
    size_t len = strlen(norm);
    long v;
    if (!len || len > 2 || strspn(norm, "0123456789") != len || (v = strtol(norm, NULL, 10)) > 20)
        return 0;
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrdup(w[v]);
    return 1;
}

/* The ordinals up to twentieth, in words and in digits. */
static const char *const ordinal_words[] = {
    "first",     "second",    "third",       "fourth",     "fifth",      "sixth",      "seventh",
    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",    "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"};
static const char *const ordinal_digits[] = {"1st",  "2nd",  "3rd",  "4th",  "5th",  "6th",  "7th",
                                             "8th",  "9th",  "10th", "11th", "12th", "13th", "14th",
                                             "15th", "16th", "17th", "18th", "19th", "20th"};

size_t ordinal_names(const char *col, double v, char ***out, size_t *n, size_t *alloc)
{
    static const char *const cols[] = {"century", "floor",    "round",  "edition",  "year",
                                       "grade",   "stage",    "leg",    "semester", "placing",
                                       "place",   "position", "finish", NULL};
    int k, c, hit = 0;
    for (c = 0; col && cols[c]; c++)
        hit |= strstr(col, cols[c]) != NULL;
    if (!hit || v != floor(v) || v < 0 || v > 20)
        return 0; /* range first: a cast of a larger double to int is undefined */
    k = (int)v - 1;
    if (k == -1) { /* floor 0: the ground floor */
        if (!strstr(col, "floor"))
            return 0;
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup("ground");
        return 1;
    }
    ALLOC_GROW(*out, *n + 2, *alloc);
    (*out)[(*n)++] = xstrdup(ordinal_words[k]);
    (*out)[(*n)++] = xstrdup(ordinal_digits[k]);
    return 2;
}

/* An ordinal word of a name also in the other form ("6th form": "sixth form", "first avenue":
 * "1st avenue"), up to twentieth. */
static size_t ordinal_other_way(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    const char *const *w = ordinal_words, *const *d = ordinal_digits;
    const char *p = norm;
    struct buf v = BUF_INIT;
    size_t b, e, k;
    for (; *p; p += e ? e : 1) {
        b = (size_t)(p - norm);
        e = strcspn(p, " ");
        if ((b && norm[b - 1] != ' ') || e < 3 || e > 11 || !strchr("htd", p[e - 1]) ||
            !strchr("tsnr", p[e - 2]))
            continue; /* no word ending as an ordinal does: "st", "nd", "rd", "th" */
        for (k = 0; k < 20; k++)
            if ((strlen(d[k]) == e && !strncmp(p, d[k], e)) ||
                (strlen(w[k]) == e && !strncmp(p, w[k], e)))
                break;
        if (k == 20)
            continue;
        buf_add(&v, norm, b);
        buf_adds(&v, strncmp(p, d[k], e) ? d[k] : w[k]);
        buf_adds(&v, p + e);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        return 1;
    }
    return 0;
}

/* A word of a name written short or out ("St. Brigid's" and "Saint Brigid's", "Mt." and
 * "Mount", "Ft." and "Fort"): the name with its first such word the other way. */
static size_t short_word_other_way(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const word[][3] = {/* short, short without its dot, long */
                                          {"st. ", "st ", "saint "},
                                          {"mt. ", "mt ", "mount "},
                                          {"ft. ", "ft ", "fort "}};
    size_t at, k, w, len;
    struct buf v = BUF_INIT;
    for (at = 0; norm[at]; at++) {
        if ((at && norm[at - 1] != ' ') || !strchr("smf", norm[at]))
            continue;
        for (k = 0; k < sizeof(word) / sizeof(*word); k++)
            for (w = 0; w < 3; w++) {
                size_t o, added = 0;
                if (strncmp(norm + at, word[k][w], len = strlen(word[k][w])))
                    continue;
                for (o = 0; o < 3; o++) {
                    if (o == w || (w < 2 && o < 2))
                        continue; /* a short form becomes the long; the long both short */
                    buf_add(&v, norm, at);
                    buf_adds(&v, word[k][o]);
                    buf_adds(&v, norm + at + len);
                    ALLOC_GROW(*out, *n + 1, *alloc);
                    (*out)[(*n)++] = buf_detach(&v, NULL), added++;
                }
                return added;
            }
    }
    return 0;
}

/* A name with full stops or apostrophes also without them, each kind or both ("st. brigid's":
 * "st brigid's", "st. brigids", "st brigids"), as replies drop them. */
static size_t without_marks(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const drop[] = {".", "'", ".'"};
    size_t k, i, added = 0, len = strlen(norm);
    struct buf v = BUF_INIT;
    if (!strpbrk(norm, ".'"))
        return 0; /* most names: nothing to drop */
    for (k = 0; k < 3; k++) {
        int dropped = 0;
        buf_reset(&v);
        for (i = 0; i < len; i++) {
            /* a mark inside a word or after it, not a decimal point ("2.5") */
            int mark = strchr(drop[k], norm[i]) && i > 0 && isalpha((unsigned char)norm[i - 1]);
            if (mark)
                dropped = 1;
            else
                buf_addch(&v, norm[i]);
        }
        if (!dropped || v.len < 4 || (k == 2 && added < 2))
            continue; /* both kinds only when each kind was there */
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL), added++;
    }
    buf_release(&v);
    return added;
}

/* A text "yes" or "no" ("true", "false") of column `col` also as "with" or "without" a word of
 * the column's name ("with snowmaking: 15", "without snowmaking: 4"). */
size_t flag_forms(const char *col, const char *norm, char ***out, size_t *n, size_t *alloc)
{
    char words[8][32], w[48];
    size_t nw, i;
    int v = !strcmp(norm, "yes") || !strcmp(norm, "true")   ? 1
            : !strcmp(norm, "no") || !strcmp(norm, "false") ? 0
                                                            : -1;
    if (v < 0 || !col)
        return 0;
    nw = column_words(col, words);
    for (i = 0; i < nw; i++) {
        snprintf(w, sizeof w, "%s %s", v ? "with" : "without", words[i]);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(w);
    }
    return nw;
}

/* A title with a comma between words ("open source, open season") also without it, as replies
 * drop it; with one comma, also with what follows it in brackets ("Natural History Museum
 * (London)" for "Natural History Museum, London"). */
size_t without_commas(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    size_t i;
    if (!strstr(norm, ", "))
        return 0;
    for (i = 0; norm[i]; i++)
        if (!(norm[i] == ',' && i > 0 && isalpha((unsigned char)norm[i - 1]) &&
              norm[i + 1] == ' ' && isalpha((unsigned char)norm[i + 2])))
            buf_addch(&v, norm[i]);
    if (v.len == strlen(norm)) {
        buf_release(&v);
        return 0;
    }
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    if (strchr(norm, ',') == strrchr(norm, ',') && !strchr(norm, '(')) {
        const char *c = strchr(norm, ','); /* one comma: "x (y)" too, "museum (london)" */
        buf_add(&v, norm, (size_t)(c - norm));
        buf_addf(&v, " (%s)", c + 2);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        return 2;
    }
    return 1;
}

/* A name in ASCII with two letters for one ("skaerbaek", "mueller", "aarhus"): also as a
 * reply folds the one letter ("Skærbæk" reads "skarbak"), each pair or all of them. */
static size_t pairs_as_one(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const pair[] = {"ae", "oe", "ue", "aa"};
    size_t at[8], np = 0, i, k, added = 0, b, e;
    unsigned mask, masks;
    struct buf v = BUF_INIT;
    for (i = 0; norm[i] && norm[i + 1] && np < 8; i++)
        for (k = 0; k < 4; k++)
            if (norm[i] == pair[k][0] && norm[i + 1] == pair[k][1]) {
                for (b = i; b > 0 && isalpha((unsigned char)norm[b - 1]); b--)
                    ;
                for (e = i + 2; isalpha((unsigned char)norm[e]); e++)
                    ;
                if (e - b < 5)
                    break; /* a short code, no name: "AA" is no grade "A", "SSAA" no "SSA" */
                at[np++] = i++;
                break;
            }
    if (!np || np > 4)
        return 0;
    masks = 1u << np;
    for (mask = 1; mask < masks; mask++) {
        size_t q = 0;
        buf_reset(&v);
        for (i = 0; norm[i]; i++) {
            buf_addch(&v, norm[i]);
            if (q < np && at[q] == i && (mask >> q & 1))
                i++; /* the pair's second letter dropped */
            q += q < np && at[q] <= i;
        }
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL), added++;
    }
    buf_release(&v);
    return added;
}

/* A name of two or three short syllables ("ha noi", "sai gon", "da nang"), also written as one
 * word ("hanoi"): each word of letters, four at most, ten letters in all. */
static size_t syllables_joined(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t i, run = 0, words = 1, letters = 0, k = 0;
    char *v;
    for (i = 0; norm[i]; i++) {
        if (norm[i] == ' ') {
            if (!run)
                return 0;
            words++, run = 0;
        } else if (norm[i] < 'a' || norm[i] > 'z' || ++run > 4) {
            return 0;
        } else {
            letters++;
        }
    }
    if (words < 2 || words > 3 || !run || letters > 10)
        return 0;
    v = xmalloc(letters + 1);
    for (i = 0; norm[i]; i++)
        if (norm[i] != ' ')
            v[k++] = norm[i];
    v[k] = '\0';
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = v;
    return 1;
}

/* A time or duration of hours and minutes, maybe seconds, with its hours padded to two digits
 * or not ("04:02:19" also "4:02:19", "4:02:19" also "04:02:19"). */
static size_t clock_padding(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t h = strspn(norm, "0123456789"), len = strlen(norm);
    char v[16];
    if ((h != 1 && h != 2) || (len != h + 3 && len != h + 6) || norm[h] != ':' ||
        strspn(norm + h + 1, "0123456789") != 2 ||
        (len == h + 6 && (norm[h + 3] != ':' || strspn(norm + h + 4, "0123456789") != 2)) ||
        (h == 2 && norm[0] != '0'))
        return 0;
    if (h == 2)
        snprintf(v, sizeof v, "%s", norm + 1);
    else
        snprintf(v, sizeof v, "0%s", norm);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrdup(v);
    return 1;
}

size_t text_loose_forms(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    const char *rest = norm + 4;
    size_t added = slash_spacing(norm, out, n, alloc) + numeral_other_way(norm, out, n, alloc) +
                   place_variants(norm, out, n, alloc) + number_in_words(norm, out, n, alloc) +
                   ordinal_other_way(norm, out, n, alloc) +
                   short_word_other_way(norm, out, n, alloc) + without_marks(norm, out, n, alloc) +
                   pairs_as_one(norm, out, n, alloc) + syllables_joined(norm, out, n, alloc) +
                   without_commas(norm, out, n, alloc) + clock_padding(norm, out, n, alloc);
    if (strncmp(norm, "the ", 4) || !(strchr(rest, ' ') || strlen(rest) >= 6))
        return added;
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrdup(rest);
    return added + 1;
}

/* A weekday's or month's name also abbreviated ("mon", "tues", "sept"). */
static size_t day_or_month_short(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static name_row names[] = {
        {"monday", "mon", NULL, NULL},      {"tuesday", "tue", "tues", NULL},
        {"wednesday", "wed", NULL, NULL},   {"thursday", "thu", "thurs", NULL},
        {"friday", "fri", NULL, NULL},      {"saturday", "sat", NULL, NULL},
        {"sunday", "sun", NULL, NULL},      {"january", "jan", NULL, NULL},
        {"february", "feb", NULL, NULL},    {"march", "mar", NULL, NULL},
        {"april", "apr", NULL, NULL},       {"june", "jun", NULL, NULL},
        {"july", "jul", NULL, NULL},        {"august", "aug", NULL, NULL},
        {"september", "sep", "sept", NULL}, {"october", "oct", NULL, NULL},
        {"november", "nov", NULL, NULL},    {"december", "dec", NULL, NULL}};
    /* and a weekday abbreviated in the gold ("Fri" of a shift_day), said in full ("Friday") */
    return other_names(norm, names, sizeof(names) / sizeof(*names), 0, out, n, alloc) +
           other_names(norm, names, 7, 1, out, n, alloc) * (strlen(norm) <= 5);
}

size_t bracket_code(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    const char *open = strrchr(raw, '(');
    size_t len = open ? strspn(open + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : 0;
    if (!open || open == raw || len < 2 || len > 5 || strcmp(open + 1 + len, ")") ||
        !isupper((unsigned char)open[1]))
        return 0;
    text_norm(open + 1, len, &v, NULL);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    text_norm(raw, (size_t)(open - raw), &v, NULL); /* and the name alone: "Lisbon" */
    if (v.len < 3) {
        buf_release(&v);
        return 1;
    }
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    return 2;
}

size_t comma_place(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT, t = BUF_INIT;
    const char *comma = strstr(raw, ", "), *town;
    int k;
    if (!comma || comma - raw < 3 || strchr(comma + 1, ','))
        return 0;
    town = comma + 2;
    if (!(isupper((unsigned char)*town) || (unsigned char)*town >= 0x80) || strchr(town, ' ') ||
        strlen(town) < 3)
        return 0;
    for (k = 0; k < 2; k++) {
        buf_reset(&t);
        buf_add(&t, raw, (size_t)(comma - raw));
        buf_adds(&t, k ? " at " : " in ");
        buf_adds(&t, town);
        text_norm(t.s, t.len, &v, NULL);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
    }
    buf_release(&t);
    return 2;
}

size_t year_of(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT, t = BUF_INIT;
    const char *sp = strrchr(raw, ' ');
    int k;
    if (!sp || sp - raw < 3 || strlen(sp + 1) != 4 || strspn(sp + 1, "0123456789") != 4 ||
        !isalpha((unsigned char)sp[-1]))
        return 0;
    for (k = 0; k < 2; k++) {
        buf_reset(&t);
        buf_add(&t, raw, (size_t)(sp - raw));
        buf_adds(&t, k ? " (" : " of ");
        buf_adds(&t, sp + 1);
        if (k)
            buf_addch(&t, ')');
        text_norm(t.s, t.len, &v, NULL);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
    }
    buf_release(&t);
    return 2;
}

size_t after_label(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    const char *colon = strstr(raw, ": "), *t;
    if (!colon || colon - raw > 16 || strchr(colon + 2, ':'))
        return 0;
    t = colon + 2 + strspn(colon + 2, " ");
    if (!isupper((unsigned char)*t) || strlen(t) < 6)
        return 0;
    text_norm(t, strlen(t), &v, NULL);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    return 1;
}

/* A country's codes (ISO 3166 alpha-2, and alpha-3 or the IOC's where they differ) and its
 * name in English. */
static const char *const country_codes[][3] = {{"DE", "DEU", "germany"},
                                               {"GER", "", "germany"},
                                               {"DK", "DNK", "denmark"},
                                               {"DEN", "", "denmark"},
                                               {"PL", "POL", "poland"},
                                               {"SE", "SWE", "sweden"},
                                               {"NO", "NOR", "norway"},
                                               {"FI", "FIN", "finland"},
                                               {"IS", "ISL", "iceland"},
                                               {"FR", "FRA", "france"},
                                               {"ES", "ESP", "spain"},
                                               {"PT", "PRT", "portugal"},
                                               {"POR", "", "portugal"},
                                               {"IT", "ITA", "italy"},
                                               {"NL", "NLD", "netherlands"},
                                               {"NED", "", "netherlands"},
                                               {"BE", "BEL", "belgium"},
                                               {"LU", "LUX", "luxembourg"},
                                               {"CH", "CHE", "switzerland"},
                                               {"SUI", "", "switzerland"},
                                               {"AT", "AUT", "austria"},
                                               {"CZ", "CZE", "czechia"},
                                               {"SK", "SVK", "slovakia"},
                                               {"HU", "HUN", "hungary"},
                                               {"SI", "SVN", "slovenia"},
                                               {"SLO", "", "slovenia"},
                                               {"HR", "HRV", "croatia"},
                                               {"CRO", "", "croatia"},
                                               {"RS", "SRB", "serbia"},
                                               {"RO", "ROU", "romania"},
                                               {"BG", "BGR", "bulgaria"},
                                               {"BUL", "", "bulgaria"},
                                               {"GR", "GRC", "greece"},
                                               {"GRE", "", "greece"},
                                               {"TR", "TUR", "turkey"},
                                               {"UA", "UKR", "ukraine"},
                                               {"EE", "EST", "estonia"},
                                               {"LV", "LVA", "latvia"},
                                               {"LAT", "", "latvia"},
                                               {"LT", "LTU", "lithuania"},
                                               {"IE", "IRL", "ireland"},
                                               {"GB", "GBR", "united kingdom"},
                                               {"UK", "", "united kingdom"},
                                               {"US", "USA", "united states"},
                                               {"CA", "CAN", "canada"},
                                               {"MX", "MEX", "mexico"},
                                               {"BR", "BRA", "brazil"},
                                               {"AR", "ARG", "argentina"},
                                               {"CL", "CHL", "chile"},
                                               {"CHI", "", "chile"},
                                               {"CO", "COL", "colombia"},
                                               {"PE", "PER", "peru"},
                                               {"JP", "JPN", "japan"},
                                               {"CN", "CHN", "china"},
                                               {"KR", "KOR", "south korea"},
                                               {"IN", "IND", "india"},
                                               {"AU", "AUS", "australia"},
                                               {"NZ", "NZL", "new zealand"},
                                               {"ZA", "ZAF", "south africa"},
                                               {"RSA", "", "south africa"},
                                               {"EG", "EGY", "egypt"},
                                               {"MA", "MAR", "morocco"},
                                               {"KE", "KEN", "kenya"},
                                               {"ET", "ETH", "ethiopia"},
                                               {"NG", "NGA", "nigeria"},
                                               {"NGR", "", "nigeria"},
                                               {"GH", "GHA", "ghana"},
                                               {"UG", "UGA", "uganda"},
                                               {"TZ", "TZA", "tanzania"},
                                               {"TAN", "", "tanzania"},
                                               {"ZW", "ZWE", "zimbabwe"},
                                               {"ZIM", "", "zimbabwe"},
                                               {"ZM", "ZMB", "zambia"},
                                               {"ZAM", "", "zambia"},
                                               {"SN", "SEN", "senegal"},
                                               {"CM", "CMR", "cameroon"},
                                               {"DZ", "DZA", "algeria"},
                                               {"ALG", "", "algeria"},
                                               {"TN", "TUN", "tunisia"},
                                               {"JM", "JAM", "jamaica"},
                                               {"TT", "TTO", "trinidad and tobago"},
                                               {"TRI", "", "trinidad and tobago"},
                                               {"CU", "CUB", "cuba"},
                                               {"VE", "VEN", "venezuela"},
                                               {"EC", "ECU", "ecuador"},
                                               {"UY", "URY", "uruguay"},
                                               {"URU", "", "uruguay"},
                                               {"PY", "PRY", "paraguay"},
                                               {"PAR", "", "paraguay"},
                                               {"BO", "BOL", "bolivia"},
                                               {"RU", "RUS", "russia"},
                                               {"BY", "BLR", "belarus"},
                                               {"GE", "GEO", "georgia"},
                                               {"AM", "ARM", "armenia"},
                                               {"AZ", "AZE", "azerbaijan"},
                                               {"KZ", "KAZ", "kazakhstan"},
                                               {"IL", "ISR", "israel"},
                                               {"IR", "IRN", "iran"},
                                               {"IRI", "", "iran"},
                                               {"IQ", "IRQ", "iraq"},
                                               {"SA", "SAU", "saudi arabia"},
                                               {"KSA", "", "saudi arabia"},
                                               {"AE", "ARE", "united arab emirates"},
                                               {"UAE", "", "united arab emirates"},
                                               {"QA", "QAT", "qatar"},
                                               {"PK", "PAK", "pakistan"},
                                               {"BD", "BGD", "bangladesh"},
                                               {"BAN", "", "bangladesh"},
                                               {"LK", "LKA", "sri lanka"},
                                               {"SRI", "", "sri lanka"},
                                               {"NP", "NPL", "nepal"},
                                               {"NEP", "", "nepal"},
                                               {"VN", "VNM", "vietnam"},
                                               {"VIE", "", "vietnam"},
                                               {"TH", "THA", "thailand"},
                                               {"ID", "IDN", "indonesia"},
                                               {"INA", "", "indonesia"},
                                               {"PH", "PHL", "philippines"},
                                               {"PHI", "", "philippines"},
                                               {"MY", "MYS", "malaysia"},
                                               {"MAS", "", "malaysia"},
                                               {"SG", "SGP", "singapore"},
                                               {"TW", "TWN", "taiwan"},
                                               {"TPE", "", "taiwan"},
                                               {"HK", "HKG", "hong kong"},
                                               {"MN", "MNG", "mongolia"},
                                               {"CY", "CYP", "cyprus"},
                                               {"MT", "MLT", "malta"},
                                               {"AL", "ALB", "albania"},
                                               {"BA", "BIH", "bosnia and herzegovina"},
                                               {"ME", "MNE", "montenegro"},
                                               {"MK", "MKD", "north macedonia"},
                                               {"MD", "MDA", "moldova"},
                                               {"FJ", "FJI", "fiji"},
                                               {"WS", "WSM", "samoa"},
                                               {"SAM", "", "samoa"},
                                               {"TO", "TON", "tonga"},
                                               {"PG", "PNG", "papua new guinea"}};

/* A country's code in a column of countries, nations or flag states ("DE", "NOR"): its name,
 * and its people's adjective ("germany", "german"). */
size_t country_code_names(const char *col, const char *raw, char ***out, size_t *n, size_t *alloc)
{
    size_t k;
    if (!col || (!strstr(col, "country") && !strstr(col, "nation") && !strstr(col, "flag")) ||
        !capitals_only(raw, 2, 3))
        return 0;
    for (k = 0; k < sizeof(country_codes) / sizeof(*country_codes); k++)
        if (!strcmp(country_codes[k][0], raw) || !strcmp(country_codes[k][1], raw)) {
            size_t before = *n;
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = xstrdup(country_codes[k][2]);
            place_variants(country_codes[k][2], out, n, alloc);
            return *n - before;
        }
    return 0;
}

/* A language's code (ISO 639-1) and its English name. */
static const char *const language_codes[][2] = {
    {"en", "english"},    {"de", "german"},     {"fr", "french"},    {"es", "spanish"},
    {"it", "italian"},    {"pt", "portuguese"}, {"nl", "dutch"},     {"sv", "swedish"},
    {"no", "norwegian"},  {"nb", "norwegian"},  {"da", "danish"},    {"fi", "finnish"},
    {"pl", "polish"},     {"cs", "czech"},      {"sk", "slovak"},    {"hu", "hungarian"},
    {"ro", "romanian"},   {"el", "greek"},      {"tr", "turkish"},   {"ru", "russian"},
    {"uk", "ukrainian"},  {"ja", "japanese"},   {"zh", "chinese"},   {"ko", "korean"},
    {"ar", "arabic"},     {"he", "hebrew"},     {"hi", "hindi"},     {"th", "thai"},
    {"vi", "vietnamese"}, {"id", "indonesian"}, {"is", "icelandic"}, {"et", "estonian"},
    {"lv", "latvian"},    {"lt", "lithuanian"}, {"hr", "croatian"},  {"sr", "serbian"},
    {"sl", "slovenian"},  {"bg", "bulgarian"},  {"ca", "catalan"},   {"eu", "basque"},
    {"ga", "irish"},      {"cy", "welsh"},      {"ms", "malay"},     {"fa", "persian"}};

/* A region's code after a language's ("CA" of "fr-CA") and its name in English. */
static const char *const region_codes[][2] = {
    {"us", "united states"}, {"gb", "united kingdom"}, {"uk", "united kingdom"},
    {"ca", "canada"},        {"au", "australia"},      {"fr", "france"},
    {"be", "belgium"},       {"ch", "switzerland"},    {"de", "germany"},
    {"at", "austria"},       {"es", "spain"},          {"mx", "mexico"},
    {"ar", "argentina"},     {"pt", "portugal"},       {"br", "brazil"},
    {"cn", "china"},         {"tw", "taiwan"},         {"hk", "hong kong"},
    {"jp", "japan"},         {"kr", "korea"},          {"it", "italy"},
    {"nl", "netherlands"},   {"in", "india"},          {"ie", "ireland"},
    {"nz", "new zealand"},   {"se", "sweden"},         {"no", "norway"},
    {"dk", "denmark"},       {"fi", "finland"},        {"pl", "poland"}};

static void add_form(struct buf *v, char ***out, size_t *n, size_t *alloc)
{
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(v, NULL);
}

size_t language_names(const char *col, const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    size_t k, r, added = 0, len = strlen(raw);
    char lang[3], reg[3];
    if (!col || (!strstr(col, "lang") && !strstr(col, "locale")) || (len != 2 && len != 5) ||
        !isalpha((unsigned char)raw[0]) || !isalpha((unsigned char)raw[1]) ||
        (len == 5 && raw[2] != '-' && raw[2] != '_'))
        return 0;
    lang[0] = (char)tolower((unsigned char)raw[0]), lang[1] = (char)tolower((unsigned char)raw[1]);
    lang[2] = reg[2] = '\0';
    if (len == 5)
        reg[0] = (char)tolower((unsigned char)raw[3]),
        reg[1] = (char)tolower((unsigned char)raw[4]);
    for (k = 0; k < sizeof(language_codes) / sizeof(*language_codes); k++)
        if (!strcmp(language_codes[k][0], lang))
            break;
    if (k == sizeof(language_codes) / sizeof(*language_codes))
        return 0;
    /* the name alone: for a code alone, or a region that is the language's home ("de-DE"),
     * or the usual ones ("en-US", "zh-CN") */
    if (len == 2 || !strcmp(lang, reg) || !strcmp(raw + 3, "US") || !strcmp(raw + 3, "CN") ||
        (!strcmp(lang, "ja") && !strcmp(reg, "jp")) || (!strcmp(lang, "ko") && !strcmp(reg, "kr")))
        buf_adds(&v, language_codes[k][1]), add_form(&v, out, n, alloc), added++;
    if (len == 2)
        return added;
    buf_addf(&v, "%s (%s)", language_codes[k][1], reg), add_form(&v, out, n, alloc), added++;
    for (r = 0; r < sizeof(region_codes) / sizeof(*region_codes); r++)
        if (!strcmp(region_codes[r][0], reg)) {
            buf_addf(&v, "%s (%s)", language_codes[k][1], region_codes[r][1]);
            add_form(&v, out, n, alloc), added++;
        }
    if (!strcmp(lang, "zh") && (!strcmp(reg, "cn") || !strcmp(reg, "tw"))) {
        buf_addf(&v, "chinese (%s)", reg[0] == 'c' ? "simplified" : "traditional");
        add_form(&v, out, n, alloc), added++;
    }
    return added;
}

/* Initials that a reply of prose would use as words ("the", "and", "for"): no name's short
 * form, as they are found everywhere. */
static int common_initials(const char *w)
{
    static const char *const words[] = {
        "the",   "and",   "for",   "not",   "but",   "was",   "are",   "has",   "had",   "his",
        "her",   "its",   "you",   "all",   "any",   "can",   "one",   "two",   "out",   "per",
        "few",   "new",   "now",   "our",   "who",   "why",   "how",   "yes",   "see",   "get",
        "set",   "may",   "due",   "top",   "low",   "end",   "own",   "too",   "use",   "via",
        "lot",   "off",   "old",   "age",   "day",   "way",   "year",  "also",  "only",  "each",
        "with",  "from",  "that",  "this",  "than",  "then",  "they",  "them",  "were",  "been",
        "have",  "more",  "most",  "some",  "none",  "both",  "over",  "into",  "when",  "what",
        "which", "their", "there", "these", "those", "total", "count", "about", "after", "under",
        "team",  "site",  "data",  "text",  "list",  "name",  "rank",  "row",   "rows",  "sum",
        "avg",   "min",   "max",   "mean",  "null",  "yet",   "far",   "run",   "ran",   "say",
        "said",  "did",   "does",  "done",  "let",   "put",   NULL};
    int k;
    for (k = 0; words[k]; k++)
        if (!strcmp(w, words[k]))
            return 1;
    return 0;
}

/* A name of three to six words said by its initials ("NSCLC" for "Non-small cell lung cancer",
 * "ICU", "UCK" for "Uniwersyteckie Centrum Kliniczne"): labellers took each such short form
 * (7 of 7).  Not initials that are a common word ("the").  Returns how many were added. */
size_t initials_form(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    char w[8];
    size_t i, words = 0, last = strlen(norm);
    int start = 1;
    while (last > 0 && isdigit((unsigned char)norm[last - 1]))
        last--; /* a closing number stays: "cs2" of "counter-strike 2" */
    if (last == strlen(norm) || last < 2 || norm[last - 1] != ' ' || strlen(norm) - last > 2)
        last = strlen(norm);
    for (i = 0; i < last; i++) {
        if (norm[i] == ' ' || norm[i] == '-') {
            start = 1;
            continue;
        }
        if (start && (norm[i] < 'a' || norm[i] > 'z'))
            return 0; /* "type 2 diabetes": a word of digits has no initial */
        if (start && words == sizeof(w) - 1)
            return 0;
        if (start)
            w[words++] = norm[i];
        start = 0;
    }
    w[words] = '\0';
    if (last < strlen(norm)) { /* "cs2" and "cs 2": two words or more before the number */
        struct buf v = BUF_INIT;
        if (words < 2 || words > 6)
            return 0;
        buf_addf(&v, "%s%s", w, norm + last);
        ALLOC_GROW(*out, *n + 2, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        buf_addf(&v, "%s %s", w, norm + last);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        return 2;
    }
    if (words < 3 || words > 6 || common_initials(w))
        return 0;
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrdup(w);
    return 1;
}

/* A text of five words or more with its two to four leading words said by their initials and
 * the rest in full ("thw ban zoos" for "this house would ban zoos", "thbt …" for "this house
 * believes that …"), two words or more left. */
size_t leading_initials(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    char w[5];
    const char *p = norm;
    size_t k, added = 0, words = 1;
    for (k = 0; norm[k]; k++)
        words += norm[k] == ' ';
    for (k = 0; k < 4 && words >= 5 && words - k >= 3; k++) {
        if (*p < 'a' || *p > 'z' || !strchr(p, ' '))
            break;
        w[k] = *p, w[k + 1] = '\0';
        p = strchr(p, ' ') + 1;
        if (k >= 1) {
            struct buf v = BUF_INIT;
            buf_addf(&v, "%s %s", w, p);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = buf_detach(&v, NULL), added++;
        }
    }
    return added;
}

/* The whole number at t[at] follows a preposition and a noun of letters, t[b, e), maybe with
 * a word between ("for peal 142", "for quarter peal 57"), no word of an amount ("of about
 * 142", "at speed 90"): an id. second: t[b, e) is that word between. */
static int id_after_preposition(const char *t, size_t b, size_t e, size_t at, int second)
{
    static const char *const prep[] = {"for ", "of ", "in ", "on ", "from ", NULL};
    static const char *const amount[] = {"about",  "around", "roughly", "approximately",
                                         "nearly", "almost", "only",    "just",
                                         "least",  "most",   "over",    "under",
                                         "than",   "total",  "average", "all",
                                         "some",   "speed",  "price",   "cost",
                                         "value",  "score",  "rate",    "age",
                                         "weight", "height", "length",  "depth",
                                         "size",   "level",  "grade",   "year",
                                         "top",    "the",    "a",       "an",
                                         "up",     "to",     "by",      NULL};
    size_t n = strspn(t + at, "0123456789");
    int k;
    if (e <= b || strspn(t + b, "abcdefghijklmnopqrstuvwxyz") != e - b || t[at + n] == '.' ||
        t[at + n] == ',' || t[at + n] == '%' ||
        (t[at + n] == ' ' && isalpha((unsigned char)t[at + n + 1])))
        return 0; /* no fraction, no unit or thing counted after it ("of peal 142 changes") */
    for (k = 0; amount[k]; k++)
        if (strlen(amount[k]) == e - b && !strncmp(t + b, amount[k], e - b))
            return 0;
    for (k = 0; prep[k]; k++)
        if (b >= strlen(prep[k]) && !strncmp(t + b - strlen(prep[k]), prep[k], strlen(prep[k])) &&
            (b == strlen(prep[k]) || t[b - strlen(prep[k]) - 1] == ' '))
            return 1;
    if (b < 2 || t[b - 1] != ' ' || second)
        return 0;
    for (e = b - 1; b > 1 && isalpha((unsigned char)t[b - 2]); b--)
        ;
    return b > 0 && id_after_preposition(t, b - 1, e, at, 1); /* "for quarter peal 57" */
}

/* The number at t[at] follows a noun that numbers things ("lot 236", "ticket 4411"), or a
 * preposition and a noun ("for peal 142"): an id, no value offered. */
int number_names_id(const char *t, size_t at)
{
    static const char *const w[] = {
        "lot",     "order",    "ticket",  "case",     "job",      "room",       "flight",  "batch",
        "item",    "sample",   "invoice", "shipment", "trip",     "route",      "stage",   "match",
        "gate",    "platform", "seat",    "berth",    "bay",      "unit",       "no.",     "firing",
        "session", "cruise",   "callout", "visit",    "test",     "loan",       "lane",    "heat",
        "round",   "game",     "race",    "episode",  "plot",     "site",       "station", "sensor",
        "tank",    "ward",     "bed",     "trench",   "transect", "hive",       "block",   "sector",
        "kiln",    "pressing", "tasting", "dive",     "survey",   "inspection", "shift",   "tour",
        "booking", "run",      "leg",     "pitch",    "court",    "hole",       "well",    "bus",
        NULL};
    size_t e = at, b;
    int k;
    if (e < 2 || t[e - 1] != ' ')
        return 0;
    for (b = --e; b > 0 && t[b - 1] != ' '; b--)
        ;
    for (k = 0; w[k]; k++)
        if (strlen(w[k]) == e - b && !strncmp(t + b, w[k], e - b))
            return 1;
    return id_after_preposition(t, b, e, at, 0);
}

/* A one-letter code of sex in a column of it ("F" of `sex`, `gender`): its words, "female",
 * "women", "male", "men". */
size_t sex_code_names(const char *col, const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const f[] = {"female", "females", "women", "woman", NULL};
    static const char *const m[] = {"male", "males", "men", "man", NULL};
    const char *const *w;
    size_t added = 0;
    if (!col || (!strstr(col, "sex") && !strstr(col, "gender")) || norm[0] == '\0' || norm[1])
        return 0;
    w = norm[0] == 'f' ? f : norm[0] == 'm' ? m : NULL;
    for (; w && *w; w++, added++) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(*w);
    }
    return added;
}

/* A maker's one word then a model code of letters and digits ("airbus a320neo", "embraer
 * e195-e2"): the model alone, as it is often said. */
size_t model_without_maker(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t maker = strspn(norm, "abcdefghijklmnopqrstuvwxyz"), k, code;
    const char *m = norm + maker + 1;
    int letter = 0, digit = 0;
    if (maker < 2 || norm[maker] != ' ' || strlen(m) < 4 || !isalpha((unsigned char)*m))
        return 0;
    for (code = strcspn(m, " "), k = 0; k < code; k++)
        letter |= isalpha((unsigned char)m[k]), digit |= isdigit((unsigned char)m[k]);
    if (!letter || !digit)
        return 0;
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrdup(m);
    return 1;
}

/* The short forms of a normalised gold text: a personal name of two or three words with its
 * first name as an initial ("harriet vane": "h. vane"), or without its title ("captain rhea
 * solano": "rhea solano"), a ship's name without its prefix ("hms corrib": "corrib"), a
 * department without its kind ("dept. of geology": "geology"), a weekday or
 * month abbreviated ("mon", "sept"); a code of letters then digits also spaced or dashed ("lx318":
 * "lx 318", "lx-318"); an amount and its short unit also spaced ("25mcg": "25 mcg").  Returns
 * how many were added. */
size_t text_short_forms(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(norm), i, words = 1, first = 0, added = 0;
    struct buf v = BUF_INIT;
    for (i = 0; i < len; i++) {
        if (norm[i] == ' ')
            words++;
        else if (!(norm[i] >= 'a' && norm[i] <= 'z') && norm[i] != '\'')
            break;
        if (words == 1)
            first++;
    }
    if (i == len && words >= 2 && words <= 3 && first >= 2) {
        buf_addch(&v, norm[0]);
        buf_adds(&v, ".");
        buf_adds(&v, norm + first);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        added++;
    }
    for (i = 0; i < len && norm[i] >= 'a' && norm[i] <= 'z'; i++)
        ;
    if (i >= 1 && i + 3 < len && norm[i] == '-' && norm[i + 1] == '0' && norm[i + 2] != '0' &&
        strspn(norm + i + 1, "0123456789") == len - i - 1) { /* "p-412" for p-0412 */
        buf_reset(&v);
        buf_add(&v, norm, i + 1);
        buf_adds(&v, norm + i + 2); /* one padding zero: "p-87" is no p-0087 */
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        added++;
    }
    if (i >= 1 && i < len && norm[i] >= '0' && norm[i] <= '9' &&
        strspn(norm + i, "0123456789") == len - i) {
        const char *sep[] = {" ", "-"};
        size_t k, z = strspn(norm + i, "0");
        for (k = 0; k < 2; k++) {
            buf_reset(&v);
            buf_add(&v, norm, i);
            buf_adds(&v, sep[k]);
            buf_adds(&v, norm + i);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = buf_detach(&v, NULL);
            added++;
        }
        if (z && len - i - z >= 2) { /* its number without leading zeros: "ay921" for ay0921 */
            buf_reset(&v);
            buf_add(&v, norm, i);
            buf_adds(&v, norm + i + z);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = buf_detach(&v, NULL);
            added++;
        }
    }
    i = strspn(norm, "0123456789.");
    if (i >= 1 && i < len && isdigit((unsigned char)norm[i - 1]) && len - i <= 4 &&
        strspn(norm + i, "abcdefghijklmnopqrstuvwxyz") == len - i) { /* "25 mcg" for "25mcg" */
        buf_reset(&v);
        buf_add(&v, norm, i);
        buf_addch(&v, ' ');
        buf_adds(&v, norm + i);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
        added++;
    }
    buf_release(&v);
    return added + untitled(norm, out, n, alloc) + unprefixed_ship(norm, out, n, alloc) +
           unit_of(norm, out, n, alloc) + unincorporated(norm, out, n, alloc) +
           club_forms(norm, out, n, alloc) + nickname(norm, out, n, alloc) +
           abbrev_variants(norm, out, n, alloc) + day_or_month_short(norm, out, n, alloc);
}

static int is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* p, just after a word ending in `prev` and `last`, adds only its plural ending: "es" after
 * s, x, z, ch or sh ("basses", "boxes", "watches"), else "s" or "es" ("radiographs"). */
static int plural_end(const char *p, char prev, char last)
{
    int es = *p == 'e' && p[1] == 's';
    if ((strchr("sxz", last) || (last == 'h' && (prev == 'c' || prev == 's'))) && !es)
        return 0;
    p += es;
    return *p == 's' && !is_word((unsigned char)p[1]);
}

/* A normalised value as a whole word sequence of the text, its last word maybe in the plural
 * ("trail mugs", "basses"); *at: where. */
int text_has(const char *text, const char *want, size_t *at)
{
    size_t n = strlen(want);
    const char *p = text;
    if (!n)
        return 0;
    while ((p = strstr(p, want))) {
        int before = p == text || !is_word((unsigned char)p[-1]) || !is_word((unsigned char)*want);
        int after = !p[n] || !is_word((unsigned char)p[n]) || !is_word((unsigned char)want[n - 1]);
        if (before && !after && n >= 3 && want[n - 1] >= 'a' && want[n - 1] <= 'z')
            after =
                plural_end(p + n, want[n - 2], want[n - 1]); /* "3 trail mugs" for "trail mug" */
        else if (before && !after && n >= 3 && isdigit((unsigned char)want[n - 1]) && p[n] == 's' &&
                 !is_word((unsigned char)p[n + 1]) && strpbrk(want, "abcdefghijklmnopqrstuvwxyz"))
            after = 1; /* a model's plural: "six ATR 72-600s" */
        if (before && after) {
            if (at)
                *at = (size_t)(p - text);
            return 1;
        }
        p++;
    }
    return 0;
}

/* ---- a name's words in another order ---------------------------------------------------- */

struct nword {
    size_t b, e; /* the word's letters and digits in its text */
    int inch;    /* a number of inches: "12'" (a normalised 12"), "12-inch", "12 in" */
};

/* After digits ending at t[e], an inch mark or word: the end of it, else e. */
static size_t inch_after(const char *t, size_t e)
{
    static const char *const w[] = {"'",     "-inches", " inches", "-inch",
                                    " inch", "-in",     " in",     NULL};
    size_t k, l;
    if (t[e] != '\'' && !((t[e] == ' ' || t[e] == '-') && t[e + 1] == 'i'))
        return e; /* most numbers: no inch mark or word after them */
    for (k = 0; w[k]; k++) {
        l = strlen(w[k]);
        if (!strncmp(t + e, w[k], l) && !is_word((unsigned char)t[e + l]) && (k || t[e + l] != 's'))
            return e + l;
    }
    return e;
}

/* The words of t from *p, up to max of them and as long as only spaces, brackets and quotes
 * come between two (a possessive "'s" is dropped: "the club's 12-inch Dobsonian"); *p is left
 * after the last.  Returns how many. */
static size_t name_words(const char *t, size_t *p, struct nword *w, size_t max)
{
    size_t n = 0, i = *p, e;
    while (n < max && t[i]) {
        size_t j = i;
        while (t[j] == ' ' || t[j] == '(' || t[j] == ')' || t[j] == '\'')
            j++;
        if (n && j == i)
            break;
        if (!is_word((unsigned char)t[j]))
            break;
        for (e = j; is_word((unsigned char)t[e]); e++)
            ;
        w[n].b = j, w[n].e = e, w[n].inch = 0;
        if (isdigit((unsigned char)t[e - 1]) && strspn(t + j, "0123456789") == e - j)
            w[n].inch = inch_after(t, e) != e, e = inch_after(t, e);
        else if (t[e] == '\'' && t[e + 1] == 's' && !is_word((unsigned char)t[e + 2]))
            e += 2;
        n++, i = e;
    }
    *p = i;
    return n;
}

static int same_word(const char *a, const struct nword *x, const char *b, const struct nword *y)
{
    return x->inch == y->inch && x->e - x->b == y->e - y->b &&
           !memcmp(a + x->b, b + y->b, x->e - x->b);
}

/* want's words (nk of them, in kw) all said from text[i] next to each other in any order:
 * the end of the last, else 0. */
static size_t words_at(const char *want, const struct nword *kw, size_t nk, const char *text,
                       size_t i)
{
    struct nword tw[6];
    size_t p = i, j, k;
    unsigned used = 0;
    if ((i && is_word((unsigned char)text[i - 1])) || !is_word((unsigned char)text[i]) ||
        name_words(text, &p, tw, 1) < 1)
        return 0;
    for (k = 0; k < nk && !same_word(want, &kw[k], text, &tw[0]); k++)
        ;
    p = i; /* a quick test first: the word here is one of want's */
    if (k == nk || name_words(text, &p, tw, nk) < nk || is_word((unsigned char)text[p]))
        return 0;
    for (j = 0; j < nk; j++) {
        for (k = 0; k < nk && ((used >> k & 1) || !same_word(want, &kw[k], text, &tw[j])); k++)
            ;
        if (k == nk)
            return 0;
        used |= 1u << k;
    }
    /* a bracket opened among them closes after them: "Penny Black (plate 11)", not an aside
     * that goes on ("Kettle Pro (2 units)") */
    for (j = i, k = 0; j < p; j++)
        k = text[j] == '(' ? 1 : text[j] == ')' ? 0 : k;
    return k && text[p + strspn(text + p, " ")] != ')' ? 0 : p;
}

/* want's words, two to six, in kw; 0 when want is no such name. */
static size_t want_words(const char *want, struct nword *kw)
{
    size_t p = 0, nk = name_words(want, &p, kw, 7);
    return nk < 2 || nk > 6 || want[p + strspn(want + p, " ()'")] ? 0 : nk;
}

/* want's words, two to six, all said in text next to each other in another order ("12"
 * club Dobsonian" for "Dobsonian 12" (club)"), at *at.  The caller says whether want's order
 * carries no meaning (no route, no "A vs B"). */
int text_has_reordered(const char *text, const char *want, size_t *at)
{
    struct nword kw[7];
    size_t nk = want_words(want, kw), i, k;
    char longest[32] = "";
    if (!nk)
        return 0;
    for (k = 0; k < nk; k++) /* a quick test first: its longest word is in text */
        if (kw[k].e - kw[k].b > strlen(longest) && kw[k].e - kw[k].b < sizeof(longest))
            memcpy(longest, want + kw[k].b, kw[k].e - kw[k].b), longest[kw[k].e - kw[k].b] = '\0';
    if (!strstr(text, longest))
        return 0;
    for (i = 0; text[i]; i++)
        if (words_at(want, kw, nk, text, i)) {
            *at = i;
            return 1;
        }
    return 0;
}

/* How long the words of want said in any order from text[at] are, or 0. */
size_t reordered_len(const char *text, size_t at, const char *want)
{
    struct nword kw[7];
    size_t nk = want_words(want, kw), e = nk ? words_at(want, kw, nk, text, at) : 0;
    return e ? e - at : 0;
}

/* want from text[p]: each abbreviated word of want ("j.", "capt.") may be written out as a
 * word it begins ("jean", "captain"); the rest as written.  Returns the end in text, or 0. */
static size_t abbrev_at(const char *text, size_t p, const char *want)
{
    size_t i = 0, w, k;
    while (want[i]) {
        for (w = i; want[w] >= 'a' && want[w] <= 'z'; w++)
            ;
        if (w > i && want[w] == '.' && (i == 0 || want[i - 1] == ' ')) {
            for (k = 0; k < w - i && text[p + k] == want[i + k]; k++)
                ;
            if (k < w - i)
                return 0;
            if (text[p + k] == '.')
                p += k + 1;
            else
                for (p += k; is_word((unsigned char)text[p]); p++)
                    ;
            i = w + 1;
            continue;
        }
        if (text[p] != want[i])
            return 0;
        p++, i++;
    }
    return p;
}

/* want from text[p], where text may cut a word of want short after three letters or more
 * ("mercy gen." for "mercy general", "northside med." for "northside medical"): the end in
 * text, or 0. */
static size_t shortened_at(const char *text, size_t p, const char *want)
{
    size_t i = 0, k, w;
    while (want[i]) {
        for (k = 0; is_word((unsigned char)text[p + k]); k++)
            ;
        for (w = i; is_word((unsigned char)want[w]); w++)
            ;
        if ((i == 0 || want[i - 1] == ' ') && k >= 3 && k < w - i && text[p + k] == '.' &&
            !strncmp(text + p, want + i, k)) {
            p += k + 1, i = w; /* the word cut short, its dot for the rest */
            continue;
        }
        if (text[p] != want[i])
            return 0;
        p++, i++;
    }
    return p;
}

/* text_has, where an abbreviated word of want ("j. moreau", "capt. lindqvist") may also be
 * written out ("jean moreau", "captain lindqvist"), or text cuts a word of want short. */
/* want at a word start of text, as matched from there by at_fn (its end, or 0), ending a
 * word: where, in *at. */
static int text_has_by(const char *text, const char *want, size_t *at,
                       size_t (*at_fn)(const char *, size_t, const char *))
{
    size_t p, e;
    for (p = 0; text[p]; p++) {
        if ((p && is_word((unsigned char)text[p - 1])) || text[p] != want[0])
            continue;
        e = at_fn(text, p, want);
        if (e && !is_word((unsigned char)text[e])) {
            *at = p;
            return 1;
        }
    }
    return 0;
}

int text_has_abbrev(const char *text, const char *want, size_t *at)
{
    return (strchr(want, '.') && text_has_by(text, want, at, abbrev_at)) ||
           (strchr(text, '.') && text_has_by(text, want, at, shortened_at));
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* At want[i], a joint of a code between letters and digits ("b|12", "r2|-|delta",
 * "spectro|-|3"): a hyphen or space there, or none, is written either way. */
static int joint_mark(char c)
{
    return c == '-' || c == ' ' || c == '.';
}

static int code_joint(const char *want, size_t i)
{
    char a = i ? want[i - 1] : 0, b = want[i];
    if (joint_mark(b) && is_word((unsigned char)a) && is_word((unsigned char)want[i + 1]))
        return b == '.' ? !is_digit(a) && is_digit(want[i + 1]) /* "G.41", not "4.5" */
                        : is_digit(a) || is_digit(want[i + 1]);
    return i && !joint_mark(a) && is_word((unsigned char)a) && is_word((unsigned char)b) &&
           is_digit(a) != is_digit(b);
}

/* want from text[p], its code joints written with a hyphen, a space, a dot after letters or
 * nothing ("G41" for "G.41").  Returns the end in text, or 0. */
static size_t code_at(const char *text, size_t p, const char *want)
{
    size_t i = 0;
    while (want[i]) {
        if (code_joint(want, i)) {
            i += joint_mark(want[i]);
            p += joint_mark(text[p]) && is_word((unsigned char)text[p + 1]);
        }
        if (text[p] != want[i])
            return 0;
        p++, i++;
    }
    return p;
}

/* s is min to max capital letters and nothing else ("GK", "NEB", a country's "NOR"). */
int capitals_only(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    return n >= min && n <= max && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == n;
}

/* t[0, n) holds a digit. */
int digit_within(const char *t, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (isdigit((unsigned char)t[i]))
            return 1;
    return 0;
}

/* One word of text that the code want shortens ("defenders" of "def", "forward" of "fwd",
 * "goalkeepers" of "gk"): opening with the code's first letter, holding its other letters in
 * order, three letters or more longer than it. */
int word_shortened(const char *text, const char *want, size_t *at)
{
    size_t i, e, n = strlen(want), k, p;
    for (i = 0; text[i]; i = e + (text[e] != '\0')) {
        e = i;
        while (isalpha((unsigned char)text[e]))
            e++;
        if (e == i || text[i] != want[0] || e - i < n + 3 ||
            (i > 0 && is_word((unsigned char)text[i - 1])))
            continue;
        for (k = 1, p = i + 1; k < n && p < e; p++)
            k += text[p] == want[k];
        if (k == n) {
            *at = i;
            return 1;
        }
    }
    return 0;
}

int text_has_code(const char *text, const char *want, size_t *at)
{
    return strpbrk(want, "0123456789") && strpbrk(want, "abcdefghijklmnopqrstuvwxyz") &&
           text_has_by(text, want, at, code_at);
}

size_t paren_open(const char *t, size_t at)
{
    size_t n = strlen(t), i;
    for (i = at < n ? at : n; i > 0 && t[i - 1] != '(' && t[i - 1] != ')'; i--)
        ;
    return i > 0 && t[i - 1] == '(' ? i : 0;
}

int opens_with(const char *t, const char *const *w)
{
    for (; *w; w++)
        if (!strncmp(t, *w, strlen(*w)))
            return 1;
    return 0;
}

int holds_any(const char *t, const char *const *w)
{
    for (; *w; w++)
        if (strstr(t, *w))
            return 1;
    return 0;
}

size_t word_ending_at(const char *t, size_t b, const char *const *w)
{
    size_t n;
    for (; *w; w++)
        if (b >= (n = strlen(*w)) && !strncmp(t + b - n, *w, n) &&
            (b == n || !isalpha((unsigned char)t[b - n - 1])))
            return n;
    return 0;
}

int paren_opens_with(const char *t, size_t at, const char *const *w)
{
    size_t open = paren_open(t, at);
    int k;
    for (k = 0; open && w[k]; k++)
        if (!strncmp(t + open, w[k], strlen(w[k])))
            return 1;
    return 0;
}

int re_find(struct scorer *s, pcre2_code *re, const char *t, size_t n, size_t from, size_t *b,
            size_t *e)
{
    PCRE2_SIZE *ov;
    /* the text is valid UTF-8 (score_reply sanitised the reply once), so PCRE2 need not check
     * it again on every call, which made scoring quadratic; a start after an empty match may
     * fall inside a character: move it to the next one */
    while (from < n && ((unsigned char)t[from] & 0xC0) == 0x80)
        from++;
    if (from > n ||
        rx_result(pcre2_match(re, (PCRE2_SPTR)t, n, from, PCRE2_NO_UTF_CHECK, s->md, s->mc)) <= 0)
        return 0;
    ov = pcre2_get_ovector_pointer(s->md);
    *b = ov[0];
    *e = ov[1];
    return 1;
}

/* ---- numbers --------------------------------------------------------------------------------- */

static void add_num(struct cand *c, size_t *alloc, double v, double unit, size_t at, int alt)
{
    ALLOC_GROW(c->nums, c->nnums + 1, *alloc);
    c->nums[c->nnums].v = v;
    c->nums[c->nnums].unit = unit;
    c->nums[c->nnums].at = at;
    c->nums[c->nnums].paren = 0;
    c->nums[c->nnums].year = 0;
    c->nums[c->nnums].scale = 1;
    c->nums[c->nnums].over = 0;
    c->nums[c->nnums].versus = 0;
    c->nums[c->nnums].clock = 0;
    c->nums[c->nnums].ordinal = 0;
    c->nums[c->nnums++].alt = alt;
}

/* Words a number may be glued to ("12kg", "3rd", "1.2k"): anything else makes it part of a
 * word ("4f6ba58d"). */
static int unit_word(const char *p, size_t n)
{
    static const char *const units[] = {
        "st",   "nd",  "rd",  "th",  "k",   "m",   "mn",  "bn",  "b",  "kg",  "g",   "km",
        "cm",   "mm",  "ml",  "l",   "h",   "hr",  "hrs", "min", "s",  "pts", "x",   "usd",
        "eur",  "gbp", "pt",  "yo",  "y",   "yr",  "yrs", "lbs", "lb", "oz",  "cc",  "ft",
        "mi",   "mph", "kph", "kmh", "hp",  "kw",  "kwh", "w",   "v",  "hz",  "khz", "mhz",
        "ghz",  "kb",  "mb",  "gb",  "tb",  "ha",  "cl",  "dl",  "t",  "mg",  "sec", "secs",
        "mins", "ms",  "am",  "pm",  "wk",  "wks", "yd",  "yds", "c",  "f",   "rpm", "bpm",
        "kcal", "cal", "psi", "db",  "ppm", "pcs", "nm",  "mah", NULL};
    size_t i;
    for (i = 0; units[i]; i++)
        if (strlen(units[i]) == n && !strncmp(units[i], p, n))
            return 1;
    return 0;
}

/* A scale word at p ("k", "thousand", "million", "m", "bn"): its factor, and *len. */
static double scale_at(const char *p, size_t *len, int glued)
{
    static const struct {
        const char *w;
        double f;
        int glued_only;
    } sc[] = {{"thousand", 1e3, 0}, {"million", 1e6, 0}, {"billion", 1e9, 0}, {"mn", 1e6, 0},
              {"bn", 1e9, 0},       {"k", 1e3, 0},       {"m", 1e6, 1},       {"b", 1e9, 1},
              {"lakh", 1e5, 0},     {"lakhs", 1e5, 0},   {"crore", 1e7, 0},   {"crores", 1e7, 0}};
    size_t i, n;
    for (i = 0; i < sizeof(sc) / sizeof(*sc); i++) {
        n = strlen(sc[i].w);
        if (!strncmp(p, sc[i].w, n) && !is_word((unsigned char)p[n]) &&
            (glued || !sc[i].glued_only))
            return *len = n, sc[i].f;
    }
    return *len = 0, 1;
}

static size_t digits(const char *t, size_t i)
{
    size_t j = i;
    while (t[j] >= '0' && t[j] <= '9')
        j++;
    return j - i;
}

/* Digits at t[i] in groups of three set off by sep, unambiguously a thousands separator: "12
 * 000", "1 234 567" (not after another number: "88 100"); "1.234.567" or "1.234,5" (a
 * decimal comma).  *end past the last group. */
static int grouped(const char *t, size_t i, char sep, size_t *end)
{
    size_t j = i + digits(t, i), groups = 0;
    if (j - i > 3 || j == i)
        return 0;
    if (sep == ' ' && i >= 2 && t[i - 1] == ' ' && t[i - 2] >= '0' && t[i - 2] <= '9')
        return 0;
    while (t[j] == sep && digits(t, j + 1) == 3 && !is_word((unsigned char)t[j + 4]))
        j += 4, groups++;
    if (!groups || (sep == '.' && groups < 2 &&
                    !(t[j] == ',' && digits(t, j + 1) > 0 && digits(t, j + 1) != 3)))
        return 0;
    if (sep == ' ' && (t[j] == ',' || t[j] == '.') && digits(t, j + 1) == 3)
        return 0; /* "12 000,000": unclear */
    *end = j;
    return 1;
}

static double group_value(const char *t, size_t i, size_t e)
{
    double v = 0;
    for (; i < e; i++)
        if (t[i] >= '0' && t[i] <= '9')
            v = v * 10 + (t[i] - '0');
    return v;
}

/* "12 000", "12 000.5": the value; returns the count of decimals. */
static size_t spaced(const char *t, size_t i, double *v, size_t *end)
{
    size_t e = *end, dec = 0;
    *v = group_value(t, i, e);
    if (t[e] == '.' && digits(t, e + 1)) {
        dec = digits(t, e + 1);
        *v += group_value(t, e + 1, e + 1 + dec) / pow(10, (double)dec);
        *end = e + 1 + dec;
    }
    return dec;
}

/* "1.234.567", "1.234,5": the value; returns the count of decimals. */
static size_t european(const char *t, size_t i, double *v, size_t *end)
{
    size_t e = *end, dec = 0;
    *v = group_value(t, i, e);
    if (t[e] == ',' && digits(t, e + 1)) {
        dec = digits(t, e + 1);
        *v += group_value(t, e + 1, e + 1 + dec) / pow(10, (double)dec);
        *end = e + 1 + dec;
    }
    return dec;
}

/* " × 10^N" (also "*", "x", no spaces) at t[j]: *f = 10^N; returns past it, or j. */
static size_t times_ten(const char *t, size_t j, double *f)
{
    size_t k = j + (t[j] == ' '), d;
    int neg;
    if (t[k] != '*' && t[k] != 'x')
        return j;
    k += 1 + (t[k + 1] == ' ');
    if (strncmp(t + k, "10^", 3))
        return j;
    k += 3;
    neg = t[k] == '-';
    k += (size_t)neg;
    d = digits(t, k);
    if (d < 1 || d > 2)
        return j;
    *f = pow(10, (neg ? -1 : 1) * strtod(t + k, NULL));
    return k + d;
}

/* Indian digit grouping at t[i]: one or two digits, pairs, then three ("1,23,450",
 * "12,34,56,789"); *end past it. */
static int indian(const char *t, size_t i, size_t *end)
{
    size_t j = i + digits(t, i), pairs = 0;
    if (j - i > 2 || j == i)
        return 0;
    while (t[j] == ',' && digits(t, j + 1) == 2 && t[j + 3] == ',')
        j += 3, pairs++;
    if (!pairs || t[j] != ',' || digits(t, j + 1) != 3 || is_word((unsigned char)t[j + 4]))
        return 0;
    *end = j + 4;
    return 1;
}

/* A decimal comma at t[j] after the digits t[i, j): one or two digits follow ("29,99 $",
 * "49,5"), and the number is no item of a list written without spaces ("3,5,8"). */
static int decimal_comma(const char *t, size_t i, size_t j)
{
    size_t d = t[j] == ',' ? digits(t, j + 1) : 0;
    if (d < 1 || d > 2 || is_word((unsigned char)t[j + 1 + d]))
        return 0;
    if (t[j + 1 + d] == ',' && t[j + 2 + d] >= '0' && t[j + 2 + d] <= '9')
        return 0;
    return !(i >= 2 && t[i - 1] == ',' && t[i - 2] >= '0' && t[i - 2] <= '9');
}

/* The word "minus" right before the digits at t[i]. */
static int said_minus(const char *t, size_t i)
{
    return i >= 6 && !strncmp(t + i - 6, "minus ", 6) &&
           (i == 6 || !is_word((unsigned char)t[i - 7]));
}

/* One written number starting at t[i] (a digit); *end past it and its suffix; 0 when the
 * digits belong to a word. */
/* " pts", " pp", " percentage points" after a number: a difference of percentages. */
static int percentage_points(const char *p)
{
    static const char *const w[] = {" pts", " ppt", " pp", " percentage point", NULL};
    size_t k, n;
    for (k = 0; w[k]; k++)
        if (!strncmp(p, w[k], n = strlen(w[k])) &&
            (w[k + 1] == NULL || !is_word((unsigned char)p[n])))
            return 1;
    return 0;
}

/* A minus sign before the currency sign before the digits at t[i] ("-$2.35M", "-€40"). */
static int minus_currency(const char *t, size_t i)
{
    static const char *const sign[] = {"$", "\xe2\x82\xac", "\xc2\xa3", NULL};
    size_t k, n;
    for (k = 0; sign[k]; k++) {
        n = strlen(sign[k]);
        if (i >= n + 1 && !strncmp(t + i - n, sign[k], n) && t[i - n - 1] == '-' &&
            (i < n + 2 || !is_word((unsigned char)t[i - n - 2])))
            return 1;
    }
    return 0;
}

static int read_number(struct cand *c, size_t *alloc, const char *t, size_t i, size_t *end)
{
    size_t j = i, k, dec = 0, sl, comma = (size_t)-1;
    int neg = 0, seps = 0;
    double v, f, unit;
    char tmp[64];
    if (i > 0 && t[i - 1] == '-' && (i < 2 || !is_word((unsigned char)t[i - 2])))
        neg = 1;
    else if (said_minus(t, i) || minus_currency(t, i))
        neg = 2;             /* "minus 8 degrees", "-$2.35M": negative, its place the digits' own */
    if (indian(t, i, end)) { /* "1,23,450" */
        v = group_value(t, i, *end);
        add_num(c, alloc, neg ? -v : v, 1, i - (size_t)(neg == 1), 0);
        return 1;
    }
    if (grouped(t, i, ' ', end) || grouped(t, i, '.', end)) {
        dec = grouped(t, i, '.', end) ? european(t, i, &v, end) : spaced(t, i, &v, end);
        unit = pow(10, -(double)dec);
        add_num(c, alloc, neg ? -v : v, unit, i - (size_t)(neg == 1), 0);
        return 1;
    }
    while ((t[j] >= '0' && t[j] <= '9') ||
           (t[j] == ',' && t[j + 1] >= '0' && t[j + 1] <= '9' && t[j + 2] >= '0' &&
            t[j + 2] <= '9' && t[j + 3] >= '0' && t[j + 3] <= '9' &&
            !(t[j + 4] >= '0' && t[j + 4] <= '9')))
        seps += t[j] == ',', j++;
    if (!seps && decimal_comma(t, i, j))
        comma = j;
    if ((t[j] == '.' || comma == j) && t[j + 1] >= '0' && t[j + 1] <= '9')
        for (j++; t[j] >= '0' && t[j] <= '9'; j++)
            dec++;
    if (t[j] == 'e' &&
        ((t[j + 1] >= '0' && t[j + 1] <= '9') ||
         ((t[j + 1] == '-' || t[j + 1] == '+') && t[j + 2] >= '0' && t[j + 2] <= '9'))) {
        k = j + 2;
        while (t[k] >= '0' && t[k] <= '9')
            k++;
        if (!is_word((unsigned char)t[k]))
            j = k, dec = 0;
    }
    for (k = 0; i + k < j && k < sizeof(tmp) - 2; k++)
        tmp[k] = i + k == comma ? '.' : t[i + k];
    tmp[k] = '\0';
    for (k = 0; tmp[k]; k++) /* drop the thousands separators */
        if (tmp[k] == ',')
            memmove(tmp + k, tmp + k + 1, strlen(tmp + k)), k--;
    v = strtod(tmp, NULL);
    *end = j;
    if (is_word((unsigned char)t[j])) { /* glued letters: a unit, a scale, or a word */
        k = j;
        while (is_word((unsigned char)t[k]) && !(t[k] >= '0' && t[k] <= '9'))
            k++;
        if ((t[k] >= '0' && t[k] <= '9') || !unit_word(t + j, k - j))
            return 0;
    }
    f = scale_at(t + j + (t[j] == ' '), &sl, t[j] != ' ');
    if (!sl && (k = times_ten(t, j, &f)) > j) /* "1.24 × 10⁴", "3 x 10^5" */
        sl = k - j - (t[j] == ' ');
    if (sl)
        *end = j + (t[j] == ' ') + sl;
    unit = pow(10, -(double)dec) * f;
    (void)seps;
    v = (neg ? -v : v) * f;
    add_num(c, alloc, v, unit, i - (size_t)(neg == 1), 0);
    c->nums[c->nnums - 1].scale = f;
    c->nums[c->nnums - 1].ordinal = /* the suffix first: t[j + 2] is read only after it */
        dec == 0 &&
        (!strncmp(t + j, "st", 2) || !strncmp(t + j, "nd", 2) || !strncmp(t + j, "rd", 2) ||
         !strncmp(t + j, "th", 2)) &&
        !is_word((unsigned char)t[j + 2]);
    /* "12.480": also twelve thousand four hundred and eighty, a dot grouping its thousands */
    if (dec == 3 && !seps && comma == (size_t)-1 && f == 1 && j - i >= 5 && j - i <= 7 &&
        t[i] != '0' && t[j - 4] == '.')
        add_num(c, alloc, v * 1000, 1, i, 1);
    k = *end;
    if (t[k] == ' ' && t[k + 1] == '%')
        k++;
    if (t[k] == '%' || !strncmp(t + k, " percent", 8) || percentage_points(t + k)) {
        add_num(c, alloc, v / 100, unit / 100, i, 1);
        *end = k + 1;
    } else if (!strncmp(t + *end, " cent", 5) &&
               (t[*end + 5] == 's' || !is_word((unsigned char)t[*end + 5]))) {
        add_num(c, alloc, v / 100, unit / 100, i, 1); /* "99 cents" is also 0.99 */
    }
    return 1;
}

/* Spelled-out numbers: "twelve", "twenty-one", "fifteen thousand", "three million". */
static int word_value(const char *p, size_t *len)
{
    static const char *const w[] = {"zero",    "one",     "two",       "three",    "four",
                                    "five",    "six",     "seven",     "eight",    "nine",
                                    "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                    "twenty",  "thirty",  "forty",     "fifty",    "sixty",
                                    "seventy", "eighty",  "ninety",    "hundred",  NULL};
    size_t i, n;
    if (!strchr("zotfsenhd", *p) || !*p)
        return -1;
    if (!strncmp(p, "dozen", 5) && !is_word((unsigned char)p[5])) {
        *len = 5;
        return 12; /* "a dozen authors" */
    }
    if (!strncmp(p, "twice", 5) && !is_word((unsigned char)p[5]) && strncmp(p + 5, " as ", 4)) {
        *len = 5;
        return 2; /* "surveyed twice"; not "twice as many" */
    }
    if (!strncmp(p, "once", 4) && (!p[4] || strchr(".,;)", p[4]) || !strncmp(p + 4, " each", 5))) {
        *len = 4;
        return 1; /* "surveyed once."; not "once the survey ended" */
    }
    for (i = 0; w[i]; i++) {
        n = strlen(w[i]);
        if (w[i][0] == *p && !strncmp(p, w[i], n) && !is_word((unsigned char)p[n])) {
            *len = n;
            return i < 20 ? (int)i : i < 28 ? (int)(i - 18) * 10 : 100;
        }
    }
    return -1;
}

/* After a number in words, " point six" or " point two five": its decimals, one digit word
 * each (*j moved past them, *unit the last digit's place); else 0. */
static double point_digits(const char *t, size_t *j, double *unit)
{
    size_t len, k = *j + 6;
    double v = 0, place = 1;
    int d;
    if (strncmp(t + *j, " point ", 7))
        return 0;
    /* the space first: at the text's end there is no word to read */
    while (t[k] == ' ' && (d = word_value(t + k + 1, &len)) >= 0 && d < 10) {
        place /= 10, v += d * place;
        k += 1 + len;
    }
    if (place < 1)
        *j = k, *unit = place;
    return v;
}

/* After a number in words, a fraction said in words ("six and a half", "two and a quarter",
 * "one and three quarters"): its value, *j moved past it, *unit the place it is exact to. */
static double spelled_fraction(const char *t, size_t *j, double *unit)
{
    static const struct {
        const char *w;
        double v, unit;
    } f[] = {{" and a half", 0.5, 0.1},
             {" and one half", 0.5, 0.1},
             {" and a quarter", 0.25, 0.01},
             {" and three quarters", 0.75, 0.01}};
    size_t k, n;
    for (k = 0; k < sizeof f / sizeof *f; k++) {
        n = strlen(f[k].w);
        if (!strncmp(t + *j, f[k].w, n) && !is_word((unsigned char)t[*j + n])) {
            *j += n;
            *unit = f[k].unit;
            return f[k].v;
        }
    }
    return 0;
}

/* The words before t[i] say "about a" or the like ("about a dozen"). */
static int hedged_before(const char *t, size_t i)
{
    static const char *const w[] = {"about a ",  "around a ",  "roughly a ", "nearly a ",
                                    "almost a ", "over a ",    "some ",      "approximately a ",
                                    "maybe a ",  "perhaps a ", "under a ",   NULL};
    size_t k, n;
    for (k = 0; w[k]; k++)
        if (i >= (n = strlen(w[k])) && !strncmp(t + i - n, w[k], n))
            return 1;
    return 0;
}

/* The "one" at t[i, j) stands for a thing, after a verb and closing its clause ("so I can't
 * provide one.", "none give one"): no count. */
static int pronoun_one(const char *t, size_t i, size_t j)
{
    static const char *const verb[] = {"provide ",  "give ",       "find ",  "name ", "list ",
                                       "identify ", "suggest ",    "offer ", "pick ", "missed ",
                                       "miss ",     "overlooked ", NULL};
    static const char *const det[] = {"the ", "this ", "that ",    "which ", "each ", "every ",
                                      "any ", "no ",   "another ", "other ", "same ", NULL};
    size_t k, n;
    for (k = 0; det[k]; k++) /* "the one", "which one": a thing, no count */
        if (i >= (n = strlen(det[k])) && !strncmp(t + i - n, det[k], n) &&
            (i == n || t[i - n - 1] == ' ') && strncmp(t + j, " hundred", 8) &&
            strncmp(t + j, " thousand", 9) && strncmp(t + j, " million", 8))
            return 1;
    if (i >= 5 && t[i - 1] == ' ' && !strncmp(t + i - 4, "est", 3))
        return 1; /* "the earliest one", "the largest one" */
    if (is_word((unsigned char)t[j]) || (t[j] && !strchr(",.;:!?)", t[j])))
        return 0;
    for (k = 0; verb[k]; k++)
        if (i >= (n = strlen(verb[k])) && !strncmp(t + i - n, verb[k], n))
            return 1;
    return 0;
}

/* The number word after one of value v (the number so far `part`) goes on with it: a unit
 * after tens ("twenty-five"), "hundred", another pair of a year ("eighteen forty"), any word
 * after a hundred ("one hundred five"); not two units or teens side by side ("three five-star
 * reviews" is three). */
static int joins(double part, int v, int next, double century)
{
    if (next < 0)
        return 0;
    if (next == 100)
        return v < 100;
    if (v >= 20 && v < 100 && v % 10 == 0 && next < 10)
        return 1;
    if (v == 100 || (part >= 100 && v < 100 && (int)part % 100 == v))
        return next < 100;
    return part >= 10 && part < 100 && !century && next >= 10 && next < 100;
}

static size_t read_words(struct cand *c, size_t *alloc, const char *t, size_t i)
{
    size_t len, j = i, sl;
    double total = 0, part = 0, century = 0;
    int any = 0, v;
    if (!strncmp(t + i, "single ", 7) && i >= 2 && !strncmp(t + i - 2, "a ", 2) &&
        (i == 2 || !is_word((unsigned char)t[i - 3]))) {
        add_num(c, alloc, 1, 1, i, 0); /* "a single copy" */
        return i + 6;
    }
    while ((v = word_value(t + j, &len)) >= 0) {
        if (v >= 10 && v < 100 && part >= 10 && part < 100 && !total && !century)
            century = part, part = 0; /* a year said in two pairs: "eighteen forty-seven" */
        if (v == 100)
            part = (part ? part : 1) * 100;
        else
            part += v;
        any = 1;
        j += len;
        if (!strncmp(t + j, " and a half", 11) && !is_word((unsigned char)t[j + 11]))
            part += 0.5, j += 11; /* "two and a half million" */
        if ((t[j] == '-' || t[j] == ' ') && joins(part, v, word_value(t + j + 1, &len), century))
            j++;
        else if (part >= 10 && part < 100 && !total && !century && !strncmp(t + j, " oh ", 4) &&
                 (v = word_value(t + j + 4, &len)) > 0 && v < 10)
            century = part, part = 0, j += 4; /* "nineteen oh five" */
        else if (v == 100 && !strncmp(t + j, " and ", 5) && word_value(t + j + 5, &len) >= 0)
            j += 5; /* "one hundred and twelve" */
        else if (t[j] == ' ' && scale_at(t + j + 1, &sl, 0) > 1 && sl > 2) {
            total += part * scale_at(t + j + 1, &sl, 0);
            part = 0;
            j += 1 + sl;
            if (t[j] == ' ' && word_value(t + j + 1, &len) >= 0)
                j++;
            else if (!strncmp(t + j, " and ", 5) && word_value(t + j + 5, &len) >= 0)
                j += 5; /* "three thousand and fifty" */
        }
    }
    if (any && !strncmp(t + i, "dozen", 5) && (!strncmp(t + j, " or", 3) || hedged_before(t, i)))
        return j; /* "about a dozen", "a dozen or so": no count */
    if (any && j == i + 3 && !strncmp(t + i, "one", 3) && pronoun_one(t, i, j))
        return j; /* "I can't provide one." */
    if (any) {
        double unit = 1, frac = point_digits(t, &j, &unit), f;
        if (unit == 1)
            frac = spelled_fraction(t, &j, &unit);
        if (frac != 0 && t[j] == ' ' && (f = scale_at(t + j + 1, &sl, 0)) > 1 && sl > 2) {
            part = (part + frac) * f, frac = 0, unit *= f; /* "forty-eight point two million" */
            j += 1 + sl;
        }
        if (century)
            part += century * 100;
        add_num(c, alloc, total + part + frac, unit, i, 0);
        /* "ninety-four percent" is also 0.94 */
        if (!strncmp(t + j, " percent", 8) || !strncmp(t + j, " per cent", 9))
            add_num(c, alloc, (total + part + frac) / 100, unit / 100, i, 1);
    }
    return j;
}

/* ---- dates ----------------------------------------------------------------------------------- */

static int month_of(const char *p)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    int i;
    for (i = 0; i < 12; i++)
        if (!strncmp(p, m[i], 3))
            return i + 1;
    return 0;
}

/* A real date y-m-d as a day number in day[*n], *n counted up. */
static void date_reading(long y, long m, long d, int64_t day[2], int *n)
{
    if (m >= 1 && m <= 12 && d >= 1 && d <= civil_month_days(y, (int)m))
        day[(*n)++] = civil_to_days(y, (int)m, (int)d);
}

/* "14/09/2022", "02-10-2022": both orders that make a real date, day first; *order 2 when only
 * day first does, 1 when only month first, else 0.  "05.04.2024": day first. */
static int numeric_date(const char *t, int64_t day[2], int *order)
{
    char *e;
    long a = strtol(t, &e, 10), b, y;
    int n = 0;
    if (e == t || e - t > 2 || !*e || !strchr("/.-", *e) || !isdigit((unsigned char)e[1]))
        return 0;
    t = e + 1, b = strtol(t, &e, 10);
    if (e - t > 2 || *e != t[-1] || !isdigit((unsigned char)e[1]))
        return 0;
    t = e + 1, y = strtol(t, &e, 10);
    if (e - t != 4 || *e)
        return 0;
    date_reading(y, b, a, day, &n);
    if (a == b || t[-1] == '.') /* "05.04.2024" is day first wherever dots are written */
        return n;
    *order = n ? 2 : 0;
    date_reading(y, a, b, day, &n);
    *order = n == 2 ? 0 : n && !*order ? 1 : *order;
    return n;
}

/* "14 Sep 2022", "14th September, 2022", "September 14, 2022", "Sep. 14 2022". */
static int worded_date(const char *t, int64_t day[2])
{
    char low[40], *e;
    const char *p;
    long d = 0, y;
    int m = 0, n = 0;
    size_t k;
    for (k = 0; t[k] && k + 1 < sizeof low; k++)
        low[k] = (char)tolower((unsigned char)t[k]);
    low[k] = '\0';
    if (t[k])
        return 0;
    p = low;
    if (isdigit((unsigned char)*p)) { /* the day first */
        d = strtol(p, &e, 10), p = e;
        p += strspn(p, "stndrh"), p += strspn(p, " ");
    }
    if (!isalpha((unsigned char)*p) || !(m = month_of(p)))
        return 0;
    p += strspn(p, "abcdefghijklmnopqrstuvwxyz"), p += strspn(p, ". ");
    if (!d) { /* the month first */
        d = strtol(p, &e, 10);
        if (e == p)
            return 0;
        p = e + strspn(e, "stndrh");
    }
    p += strspn(p, ", ");
    y = strtol(p, &e, 10);
    if (e - p != 4 || *e)
        return 0;
    date_reading(y, m, d, day, &n);
    return n;
}

int date_readings(const char *text, int64_t day[2], int *order)
{
    *order = 0;
    if (strlen(text) == 10 && civil_parse_ymd(text, 10, day) == 0)
        return 1;
    if (isdigit((unsigned char)*text)) {
        int n = numeric_date(text, day, order);
        if (n)
            return n;
    }
    return worded_date(text, day);
}

int datetime_readings(const char *gold, int64_t day[2], int *order, char clock[6])
{
    size_t n = strlen(gold), cut, h;
    char date[40];
    *order = 0;
    for (cut = n; cut > 0 && gold[cut - 1] != ' ' && gold[cut - 1] != 'T'; cut--)
        ;
    h = strspn(gold + cut, "0123456789");
    if (!cut || cut - 1 >= sizeof date || h < 1 || h > 2 || gold[cut + h] != ':' ||
        strspn(gold + cut + h + 1, "0123456789") != 2 ||
        (gold[cut + h + 3] && (gold[cut + h + 3] != ':' || strlen(gold + cut + h + 3) != 3)))
        return 0; /* the time of day: "9:30", "14:20", "14:20:00" */
    memcpy(date, gold, cut - 1);
    date[cut - 1] = '\0';
    if (!(n = (size_t)date_readings(date, day, order)))
        return 0;
    snprintf(clock, 6, "%s%.*s", h == 1 ? "0" : "", (int)(h + 3), gold + cut);
    return (int)n;
}

/* A gold time of day on the 24-hour clock ("10:45") found at t with the other half of the day
 * after it ("10:45 pm"): another time. */
int other_half_of_day(const char *gold, const char *t)
{
    long h;
    if (strlen(gold) != 5 || gold[2] != ':' || strspn(gold, "0123456789:") != 5 ||
        !isdigit((unsigned char)*t))
        return 0;
    h = strtol(gold, NULL, 10);
    t += strspn(t, "0123456789"); /* "7:45" or "07:45", then " pm" */
    if (*t++ != ':')
        return 0;
    t += strspn(t, "0123456789");
    t += *t == ' ';
    if (h < 12 && (!strncmp(t, "pm", 2) || !strncmp(t, "p.m", 3)))
        return 1;
    return h > 12 && (!strncmp(t, "am", 2) || !strncmp(t, "a.m", 3));
}

/* want at a place in t where it is not the other half of the day ("6:40 pm" for 06:40). */
static int clock_at(const char *t, const char *want, const char *clock, size_t *where)
{
    size_t at, from = 0;
    while (text_has(t + from, want, &at)) {
        if (!other_half_of_day(clock, t + from + at)) {
            *where = from + at;
            return 1;
        }
        from += at + 1;
    }
    return 0;
}

int clock_in(const char *clock, const char *t, size_t *at)
{
    char **v = NULL;
    size_t n = 0, alloc = 0, i, where = 0;
    int found = clock_at(t, clock, clock, &where);
    clock_variants(clock, &v, &n, &alloc);
    for (i = 0; i < n; i++) {
        found = found || clock_at(t, v[i], clock, &where);
        free(v[i]);
    }
    free(v);
    if (found && at)
        *at = where;
    return found;
}

static void add_date(struct cand *c, size_t *alloc, size_t at, long y, long m, long d)
{
    if (m < 1 || m > 12 || d < 1 || d > civil_month_days(y, (int)m))
        return;
    ALLOC_GROW(c->dates, c->ndates + 1, *alloc);
    c->dates[c->ndates].at = at;
    c->dates[c->ndates++].day = civil_to_days(y, (int)m, (int)d);
}

/* The dates of c->text, each blanked in t so that its digits are not read as numbers. */
static void read_dates(struct scorer *s, struct cand *c, char *t, size_t n)
{
    size_t at = 0, b, e, alloc = 0;
    while (re_find(s, s->date, t, n, at, &b, &e)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        long a = 0, x = 0, y = 0;
        int mon;
        if (ov[2] != PCRE2_UNSET) { /* y-m-d or y/m/d */
            a = strtol(t + ov[2], NULL, 10), x = strtol(t + ov[4], NULL, 10);
            add_date(c, &alloc, b, a, x, strtol(t + ov[6], NULL, 10));
        } else if (ov[8] != PCRE2_UNSET) { /* m/d/y, or d/m/y */
            a = strtol(t + ov[8], NULL, 10), x = strtol(t + ov[10], NULL, 10);
            y = strtol(t + ov[12], NULL, 10);
            if (s->date_order != 2 || a == x) /* "03/03/2023" reads the same either way */
                add_date(c, &alloc, b, y, a, x);
            if (a != x && s->date_order != 1)
                add_date(c, &alloc, b, y, x, a);
        } else if (ov[14] != PCRE2_UNSET) { /* month d, y */
            mon = month_of(t + ov[14]);
            add_date(c, &alloc, b, strtol(t + ov[18], NULL, 10), mon, strtol(t + ov[16], NULL, 10));
        } else if (ov[20] != PCRE2_UNSET) { /* d month y */
            mon = month_of(t + ov[22]);
            add_date(c, &alloc, b, strtol(t + ov[24], NULL, 10), mon, strtol(t + ov[20], NULL, 10));
        }
        memset(t + b, ' ', e - b);
        at = e > b ? e : b + 1;
    }
}

/* ---- a candidate ------------------------------------------------------------------------------
 */

/* A number after "N of (the)", "N out of (the)" or "N/" is what N is counted against ("6 of
 * the 14 projects" answers 6), not a value of its own. */
/* The number at t[at..end) follows the previous one after "/" with nothing around the pair but
 * spaces and punctuation ("58/71"): kept, marked as counted against it. */
static int slash_pair(const char *t, size_t last, size_t at, size_t end)
{
    return last != (size_t)-1 && last + 1 == at && t[last] == '/' &&
           !is_word((unsigned char)t[end]) && t[end] != '/';
}

/* The number at t[at] is one of three or more joined by slashes, none of four digits
 * ("16/8/13" for gold, silver and bronze; not "03/03/2021"): values side by side, no
 * fraction. */
static int slash_run(const char *t, size_t n, size_t at)
{
    size_t b = at, e, k = 0;
    while (b >= 2 && t[b - 1] == '/' && isdigit((unsigned char)t[b - 2]))
        for (b -= 2; b > 0 && (isdigit((unsigned char)t[b - 1]) || t[b - 1] == '.');)
            b--;
    if (b > 0 && is_word((unsigned char)t[b - 1]))
        return 0;
    for (e = b;; e++) {
        size_t d = e;
        while (e < n && (isdigit((unsigned char)t[e]) || t[e] == '.'))
            e++;
        if (e == d || e - d >= 4)
            return 0;
        k++;
        if (e >= n || t[e] != '/' || !isdigit((unsigned char)t[e + 1]))
            break;
    }
    return k >= 3 && (e >= n || !is_word((unsigned char)t[e]));
}

static int denominator(const char *t, size_t last, size_t at)
{
    static const char *const gaps[] = {" of ", " of the ", " out of ", " out of the ", "/", NULL};
    int k;
    if (last == (size_t)-1 || last > at)
        return 0;
    for (k = 0; gaps[k]; k++)
        if (strlen(gaps[k]) == at - last && !strncmp(t + last, gaps[k], at - last))
            return 1;
    return 0;
}

/* The number at t[at] comes right after "vs" or "versus" ("61.4% vs 58.7%"). */
static int versus_before(const char *t, size_t at)
{
    static const char *const w[] = {" vs ", " vs. ", " versus ", NULL};
    size_t k, n;
    for (k = 0; w[k]; k++)
        if (at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n))
            return 1;
    return 0;
}

/* A number said as a reference, not a value: a bound ("<1,000"), after "of the", "among", "out of",
 * "compared with", "up from", "than" ("Of the 12 stores, 5 are open"; "12, compared with 9 last
 * year"; "more than 5"). */
static int reference(const char *t, size_t at)
{
    static const char *const before[] = {
        "of the ",      "among the ", "among ",      "out of ",       "compared with ",
        "compared to ", "up from ",   "down from ",  "versus ",       "vs ",
        "vs. ",         "than ",      "instead of ", "threshold of ", NULL};
    size_t k, n, b = at;
    for (k = 0; before[k]; k++) {
        n = strlen(before[k]);
        if (at >= n && !strncmp(t + at - n, before[k], n) &&
            (at == n || !is_word((unsigned char)t[at - n - 1])))
            return 1;
    }
    while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '$'))
        b--;
    if (b == 0 || (t[b - 1] != '<' && t[b - 1] != '>'))
        return 0;
    for (b--; b > 0 && t[b - 1] == ' '; b--)
        ;
    return b == 0 || !is_digit(t[b - 1]); /* a bound "<1,000", no "97 > 92" */
}

/* A number inside a quoted title with words ("'Live 2019 Sessions'") is part of the name. */
static int quoted_name(const char *t, size_t n, size_t at)
{
    size_t b, e;
    int words = 0;
    for (b = at; b > 0 && t[b - 1] != '\'' && at - b < 80; b--)
        ;
    if (!b || t[b - 1] != '\'' || (b > 1 && is_word((unsigned char)t[b - 2])))
        return 0;
    for (e = at; e < n && t[e] != '\'' && e - at < 80; e++)
        words |= t[e] >= 'a' && t[e] <= 'z';
    if (e >= n || t[e] != '\'' || (e + 1 < n && is_word((unsigned char)t[e + 1])))
        return 0;
    for (; b < at; b++)
        words |= t[b] >= 'a' && t[b] <= 'z';
    return words;
}

/* A duration in two units also reads as a number of the larger unit and of the smaller ("2 h
 * 10 min": 130 and 2.1667; "135 minutes 30 seconds": 135.5 and 8130), at the first number's
 * place. */
/* Seconds after a duration's minutes ("3 h 38 min 54 s": " 54 s", ", 54 seconds"): where
 * they end, *v their value; else 0. */
static size_t seconds_after(const char *t, size_t e, size_t n, double *v)
{
    size_t p = e, d, w;
    while (p < n && (t[p] == ' ' || t[p] == ','))
        p++;
    if (p + 4 <= n && !strncmp(t + p, "and ", 4))
        p += 4;
    for (d = p; d < n && isdigit((unsigned char)t[d]); d++)
        ;
    if (d == p || d - p > 2)
        return 0;
    *v = strtod(t + p, NULL);
    w = d + (d < n && t[d] == ' ');
    if (w < n && t[w] == 's' && !isalpha((unsigned char)t[w + 1]))
        return w + 1;
    if (w + 3 <= n && !strncmp(t + w, "sec", 3)) {
        for (w += 3; w < n && isalpha((unsigned char)t[w]); w++)
            ;
        return w;
    }
    return 0;
}

/* The numbers read at t[b, e), the parts of a duration in two units ("1 h 15 min"): no values
 * of their own (the "1" is no other row's 1 hour), only the whole is. */
static void drop_parts(struct cand *c, size_t b, size_t e)
{
    size_t i, k = 0;
    for (i = 0; i < c->nnums; i++)
        if (c->nums[i].at < b || c->nums[i].at >= e)
            c->nums[k++] = c->nums[i];
    c->nnums = k;
}

static void read_durations(struct scorer *s, struct cand *c, const char *t, size_t n, size_t *alloc)
{
    size_t at = 0, b, e, i;
    for (i = 0; i + 7 <= n; i++) { /* a clock duration "0:22:30": also 22.5 minutes, 0.375 h */
        size_t h = digits(t, i);
        double v;
        if ((i && (is_word((unsigned char)t[i - 1]) || t[i - 1] == ':')) || h < 1 || h > 2 ||
            t[i + h] != ':' || digits(t, i + h + 1) != 2 || t[i + h + 3] != ':' ||
            digits(t, i + h + 4) != 2 || is_word((unsigned char)t[i + h + 6]) ||
            t[i + h + 6] == ':')
            continue;
        v = strtod(t + i, NULL) * 3600 + strtod(t + i + h + 1, NULL) * 60 +
            strtod(t + i + h + 4, NULL);
        add_num(c, alloc, v / 60, 1.0 / 60, i, 1);
        add_num(c, alloc, v / 3600, 1.0 / 3600, i, 1);
        i += h + 5;
    }
    for (i = 0; i + 4 <= n; i++) { /* hours and minutes in the French way: "18h30" */
        size_t h = digits(t, i);
        if ((i && (is_word((unsigned char)t[i - 1]) || t[i - 1] == '.')) || h < 1 || h > 2 ||
            t[i + h] != 'h' || digits(t, i + h + 1) != 2 || is_word((unsigned char)t[i + h + 3]))
            continue;
        add_num(c, alloc, strtod(t + i, NULL) + strtod(t + i + h + 1, NULL) / 60, 1.0 / 60, i, 1);
        add_num(c, alloc, strtod(t + i, NULL) * 60 + strtod(t + i + h + 1, NULL), 1, i + h + 1, 1);
        i += h + 2;
    }
    while (re_find(s, s->duration, t, n, at, &b, &e)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t sec_end;
        double sec;
        double big = strtod(t + ov[2], NULL), small = strtod(t + ov[6], NULL);
        int hours = t[ov[4]] == 'h', secs = t[ov[8]] == 's';
        if (hours && !secs && (sec_end = seconds_after(t, e, n, &sec))) {
            drop_parts(c, b, sec_end); /* "3 h 38 min 54 s": 218.9 minutes */
            add_num(c, alloc, big + small / 60 + sec / 3600, 1.0 / 3600, b, 1);
            add_num(c, alloc, big * 60 + small + sec / 60, 1.0 / 60, ov[6], 1);
            c->nums[c->nnums - 1].clock = 1;
            e = sec_end;
        } else if (hours != secs) { /* h then min, or min then s */
            drop_parts(c, b, e);
            /* each at the number its unit follows, so that a column's unit reads it as is
             * ("3h 41m" of `duration_min` is 221 minutes, not 221 hours) */
            add_num(c, alloc, big + small / 60, 1.0 / 60, b, 1);
            add_num(c, alloc, big * 60 + small, 1, ov[6], 1);
            c->nums[c->nnums - 1].clock = 1;
        }
        at = e;
    }
}

/* A four-digit year said as a time ("in 2022", "since 1944", "during 1999", "for any 2020
 * away game"): counts no rows. */
static int month_word(const char *t, size_t b, size_t e);

/* A year naming what a noun phrase is about ("the average 2023 borage price", "its 1998
 * edition"): after a determiner or an average's word, before a lower-case word. */
static int attributive_year(const char *t, size_t at)
{
    static const char *const before[] = {"the ",     "its ",  "their ",  "this ", "that ",
                                         "average ", "mean ", "median ", NULL};
    size_t k, len;
    double v = strtod(t + at, NULL);
    if (v < 1900 || v > 2099 || t[at + 4] != ' ' || t[at + 5] < 'a' || t[at + 5] > 'z')
        return 0;
    for (k = 0; before[k]; k++) {
        len = strlen(before[k]);
        if (at >= len && !strncmp(t + at - len, before[k], len) &&
            (at == len || !is_word((unsigned char)t[at - len - 1])))
            return 1;
    }
    return 0;
}

static void mark_years(struct cand *c, size_t n, int month_keys)
{
    static const char *const before[] = {"in ",     "since ", "during ", "until ", "by ",
                                         "before ", "after ", "from ",   "of ",    "for ",
                                         "any ",    "every ", "each ",   NULL};
    size_t i, k, at, len;
    for (i = 0; i < c->nnums; i++) {
        at = c->nums[i].at;
        if (c->nums[i].v != floor(c->nums[i].v) || c->nums[i].v < 1000 || c->nums[i].v > 2999 ||
            at + 4 > n || strspn(c->text + at, "0123456789") != 4)
            continue;
        for (k = 0; before[k]; k++) {
            len = strlen(before[k]);
            if (at >= len && !strncmp(c->text + at - len, before[k], len) &&
                (at == len || !is_word((unsigned char)c->text[at - len - 1])))
                c->nums[i].year = 1;
        }
        for (k = at >= 2 ? at - 1 : 0; k > 0 && c->text[k - 1] >= 'a' && c->text[k - 1] <= 'z'; k--)
            ;
        if (at >= 2 && c->text[at - 1] == ' ' && month_word(c->text, k, at - 1) && !month_keys)
            c->nums[i].year = 1; /* "in January 2023": a month's year, a time; not where the
                                    keys are months ("May 1835": May's value) */
        if (attributive_year(c->text, at))
            c->nums[i].year = 1;
    }
}

/* Removes the numbers marked in drop (a percentage's two readings go together) and frees it. */
static void remove_marked(struct cand *c, unsigned char *drop)
{
    size_t i, j, m = 0;
    for (i = 0; i < c->nnums; i++)
        for (j = 0; j < c->nnums; j++)
            if (drop[j] && c->nums[j].at == c->nums[i].at)
                drop[i] = 1;
    for (i = 0; i < c->nnums; i++)
        if (!drop[i])
            c->nums[m++] = c->nums[i];
    c->nnums = m;
    free(drop);
}

/* The number at t[at] opens a range ("25-29", "25 to 29"). */
static int range_at(const char *t, size_t at)
{
    at += t[at] == '-';
    at += strspn(t + at, "0123456789.,");
    return (t[at] == '-' && is_digit(t[at + 1])) || !strncmp(t + at, " to ", 4) ||
           (t[at] == ' ' && t[at + 1] == '-' && t[at + 2] == ' ');
}

/* The number at t[at] goes on, maybe over one word, with " if " ("9 if NR 552 counts", "9
 * flights if …"): a value under a condition. */
static int conditioned(const char *t, size_t at)
{
    size_t e = at + strspn(t + at, "0123456789.,");
    if (!strncmp(t + e, " if ", 4))
        return 1;
    if (t[e] != ' ')
        return 0;
    for (e++; isalpha((unsigned char)t[e]); e++)
        ;
    return !strncmp(t + e, " if ", 4);
}

/* Two numbers offered as alternatives ("6 or 7", "about 6 or 7 trains", "8 (or 9 if the toad
 * counts)", "-210 ft (possibly -1,240 ft)"; not a range, "(possibly 25-29)"): neither is
 * committed to, both are kept apart as offered (at most 4): it answered, hedging. */
static void drop_alternatives(struct cand *c, size_t n)
{
    /* how: 1 neither committed to ("6 or 7"); 2 an answer, then its alternative */
    static const struct {
        const char *w;
        int how;
    } joiner[] = {{", or possibly ", 2},
                  {", or perhaps ", 2},
                  {", or maybe ", 2},
                  {" or ", 1},
                  {"(or ", 2},
                  {"(possibly ", 2},
                  {"(perhaps ", 2},
                  {"(maybe ", 2},
                  {" or possibly ", 2},
                  {" or perhaps ", 2},
                  {" or maybe ", 2},
                  {", possibly ", 2},
                  {", perhaps ", 2},
                  {", maybe ", 2},
                  {" - possibly ", 2},
                  {" - perhaps ", 2},
                  {" - maybe ", 2},
                  {"; possibly ", 2},
                  {NULL, 0}};
    size_t i, j, k;
    unsigned char *drop;
    if (c->nnums < 2)
        return;
    drop = xcalloc(c->nnums, 1);
    for (i = 0; i < c->nnums; i++)
        for (j = i + 1; j < c->nnums; j++) {
            size_t a = c->nums[i].at, b = c->nums[j].at, jl = 0;
            int how = 0, ok;
            while (b > a && (c->text[b - 1] == '-' || c->text[b - 1] == '$'))
                b--; /* the sign or currency of the alternative: "(possibly -1,240 ft)" */
            for (k = 0; joiner[k].w && !how; k++)
                if (b >= (jl = strlen(joiner[k].w)) && !strncmp(c->text + b - jl, joiner[k].w, jl))
                    how = joiner[k].how;
            if (!how && b >= 1 && c->text[b - 1] == '(' && conditioned(c->text, c->nums[j].at))
                how = 2, jl = 1; /* "8 flights (9 if NR 552 is counted)" */
            /* an alternative in parentheses may follow a short clause ("5 consignments are held
             * at customs (6 if …)") */
            ok = how && b > a + jl && b - a < (how == 2 && jl == 1 ? 56u : 32u) && b <= n &&
                 !(how == 2 && range_at(c->text, c->nums[j].at)); /* "(possibly 25-29)" */
            /* past a's digits and separators ("1,370 seats (or 1,250 …)") */
            for (k = a + strspn(c->text + a, "0123456789.,"); ok && k + jl < b; k++)
                ok = !strchr(",;:()", c->text[k]);
            if (ok && c->nums[j].at != c->nums[i].at)
                drop[i] = drop[j] = (unsigned char)how;
        }
    /* a value of "6 or 7" said again stays a choice: "7 or 8 — most likely 7" */
    for (i = 0; i < c->nnums; i++)
        for (j = 0; drop[i] == 1 && j < c->nnums; j++)
            if (!drop[j] && c->nums[j].v == c->nums[i].v)
                drop[j] = 3;
    for (i = 0; i < c->nnums; i++)
        if (drop[i] && drop[i] != 3 && !c->nums[i].alt && c->noffered < 4)
            c->offered[c->noffered++] = c->nums[i].v;
    remove_marked(c, drop);
}

/* The month word ending at t[e) or starting at t[b], or 0. */
static int month_word(const char *t, size_t b, size_t e)
{
    static const char *const m[] = {
        "january", "february", "march",    "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
        "aug",     "sep",      "sept",     "oct",   "nov", "dec",  NULL};
    int k;
    for (k = 0; m[k]; k++)
        if (strlen(m[k]) == e - b && !strncmp(t + b, m[k], e - b))
            return 1;
    return 0;
}

/* The end of a number whose leading digits end at t[e]: its groups and decimals ("45,800",
 * "7.5"), so a range is seen after a number of any size. */
static size_t number_end(const char *t, size_t e, size_t n)
{
    while (e + 1 < n && (t[e] == ',' || t[e] == '.') && t[e + 1] >= '0' && t[e + 1] <= '9')
        for (e++; e < n && t[e] >= '0' && t[e] <= '9'; e++)
            ;
    return e;
}

/* The ends of a hedged range are offered, none committed to ("around 26-27" for 27: partial;
 * not "around 4.3 to 4.5" for 4.27, no rounding of it). */
static void range_offered(struct cand *c, size_t i, size_t j)
{
    if (c->noffered < 3 && !c->nums[i].alt && !c->nums[j].alt) {
        c->offered_end |= 3u << c->noffered;
        c->offered[c->noffered++] = c->nums[i].v;
        c->offered[c->noffered++] = c->nums[j].v;
    }
}

/* After a hedged range ending with number j, a likeliest value inside it in parentheses or
 * after a comma ("about 35-38 (most likely 37)", "between 7 and 8, probably 8") is offered with
 * the range, not committed to. */
static void point_in_range(struct cand *c, size_t j, unsigned char *drop)
{
    static const char *const likely[] = {"most likely ", "likely ",        "probably ", "possibly ",
                                         "best guess",   "my best ",       "perhaps ",  "maybe ",
                                         "more likely ", "most probably ", NULL};
    size_t k = j + 1, i, at;
    int said = 0;
    if (k >= c->nnums || c->nums[k].alt || c->noffered >= 4)
        return;
    at = c->nums[k].at;
    said = c->nums[k].paren && paren_opens_with(c->text, at, likely);
    for (i = 0; !said && likely[i]; i++) /* or after a comma: "13-15 casualties, probably 14" */
        said = at >= strlen(likely[i]) + 2 &&
               !strncmp(c->text + at - strlen(likely[i]), likely[i], strlen(likely[i])) &&
               !strncmp(c->text + at - strlen(likely[i]) - 2, ", ", 2) &&
               !memchr(c->text + c->nums[j].at, '.', at - c->nums[j].at - 1);
    if (said && c->nums[k].v >= c->nums[j - 1].v && c->nums[k].v <= c->nums[j].v) {
        drop[k] = 1;
        c->offered_end |= 1u << c->noffered;
        c->offered[c->noffered++] = c->nums[k].v;
    }
}

/* Not values: a number after '#' ("order #12": an id), a day of a month ("March 5", "5
 * March"; unless the gold's keys are months: "February 9" is February's value), and the ends of
 * a range that is hedged or "between" ("roughly 7-8", "between 6 and 8"), which are only
 * offered. */
static void drop_ids_and_days(struct cand *c, size_t n, int month_keys, int id_keys)
{
    const char *t = c->text;
    size_t i, j;
    unsigned char *drop;
    if (!c->nnums)
        return;
    drop = xcalloc(c->nnums, 1);
    for (i = 0; i < c->nnums; i++) {
        size_t at = c->nums[i].at, e = at, b, f;
        double v = c->nums[i].v;
        while (e < n && t[e] >= '0' && t[e] <= '9')
            e++;
        f = number_end(t, e, n);
        if (at > 0 && t[at - 1] == '#' && !id_keys)
            drop[i] = 1; /* unless the rows are keyed by such ids ("Firefighters #2, #4") */
        if (v == floor(v) && v >= 1 && v <= 31 && e - at <= 2 && !c->nums[i].alt && !month_keys) {
            for (b = at >= 1 ? at - 1 : 0; b > 0 && t[b - 1] >= 'a' && t[b - 1] <= 'z'; b--)
                ;
            if (at >= 2 && t[at - 1] == ' ' && month_word(t, b, at - 1))
                drop[i] = 1;
            for (b = e + 1; e < n && t[e] == ' ' && b < n && t[b] >= 'a' && t[b] <= 'z'; b++)
                ;
            if (e < n && t[e] == ' ' && b > e + 1 && month_word(t, e + 1, b))
                drop[i] = 1;
        }
        for (j = i + 1; j < c->nnums; j++) {
            size_t a2 = c->nums[j].at, h;
            int range, hedged = 0;
            if (c->nums[j].alt || c->nums[i].alt || c->nums[j].v <= v)
                continue;
            range = (a2 == f + 1 && t[f] == '-') || (a2 == f + 4 && !strncmp(t + f, " to ", 4));
            for (h = at > 16 ? at - 16 : 0; h < at && !hedged; h++)
                hedged = !strncmp(t + h, "roughly", 7) || !strncmp(t + h, "about", 5) ||
                         !strncmp(t + h, "around", 6) || !strncmp(t + h, "approx", 6) ||
                         !strncmp(t + h, "estimated", 9) || !strncmp(t + h, "~", 1);
            if ((range && hedged) || (a2 == f + 5 && !strncmp(t + f, " and ", 5) && at >= 8 &&
                                      !strncmp(t + at - 8, "between ", 8))) {
                drop[i] = drop[j] = 1, range_offered(c, i, j);
                point_in_range(c, j, drop);
            }
            break;
        }
    }
    remove_marked(c, drop);
}

/* t[b, e) holds an operator of arithmetic ("+", "*", "/", a spaced "x" or "-"; "×" and "÷" are
 * normalised to "*" and "/"). */
static int operator_in(const char *t, size_t b, size_t e)
{
    static const char *const op[] = {"+", "*", "/", " x ", " - ", NULL};
    size_t i, k, l;
    for (i = b; i < e; i++)
        for (k = 0; op[k]; k++)
            if (i + (l = strlen(op[k])) <= e && !strncmp(t + i, op[k], l))
                return 1;
    return 0;
}

/* The candidate opens with a word and a whole number, then a dash ("appointment 22 - $1,150 -
 * $460 = $690"): where the dash ends, or 0. */
static size_t id_then_dash(const struct cand *c)
{
    const char *t = c->text;
    size_t w = strspn(t, "abcdefghijklmnopqrstuvwxyz"), d;
    if (w < 3 || t[w] != ' ' || !(d = strspn(t + w + 1, "0123456789")))
        return 0;
    return !strncmp(t + w + 1 + d, " - ", 3) ? w + 1 + d + 3 : 0;
}

/* A calculation ("100 + 200 = 300"): the numbers before its last "=" are operands, the one
 * after it the value.  Without an operator before the "=" it names a field ("pressing_id =
 * 340, kg_apples = 1480"), no calculation. */
static void drop_operands(struct cand *c, int id_keys)
{
    const char *eq = NULL, *q;
    size_t i, m = 0, at, from = 0, first;
    for (q = c->text; (q = strstr(q, "= ")); q++)
        eq = q;
    if (!eq || c->nnums < 2)
        return;
    at = (size_t)(eq - c->text);
    if (id_keys) /* the keys are ids: "appointment 22 - …" names the row before its sum */
        from = id_then_dash(c);
    for (q = c->text; (q = strstr(q, ": ")) && (size_t)(q - c->text) < at; q++)
        from = (size_t)(q - c->text) + 2; /* after a label: "Round 1: 280 / 6 = 46.7" keeps 1 */
    for (i = 0; i < c->nnums && c->nums[i].at < from; i++)
        ;
    first = i;
    for (; i < c->nnums && c->nums[i].at < at; i++)
        ;
    if (i == c->nnums || i == first || !operator_in(c->text, c->nums[first].at, at))
        return; /* no value after it, nothing before it, or no calculation */
    for (i = 0; i < c->nnums; i++)
        if (c->nums[i].at < from || c->nums[i].at > at)
            c->nums[m++] = c->nums[i];
    c->nnums = m;
}

/* The number just read from t[i, end), numbers from `before` on, follows a point with no
 * digit before it (".781", "(.688)"): a fraction written without its zero. */
static void bare_fraction(struct cand *c, size_t before, const char *t, size_t i, size_t end)
{
    size_t k, d;
    double f = 1;
    if (i == 0 || t[i - 1] != '.' || (i >= 2 && isalnum((unsigned char)t[i - 2])) ||
        strspn(t + i, "0123456789") != end - i || c->nnums != before + 1)
        return;
    for (d = 0; d < end - i; d++)
        f *= 10;
    for (k = before; k < c->nnums; k++) {
        c->nums[k].v /= f;
        c->nums[k].unit = 1 / f;
    }
}

/* The number read at t[i] (numbers from `before` on) follows the word "minus" or "negative"
 * ("minus 41.3 degrees", "minus twelve"): it is below zero. */
static void minus_word(struct cand *c, size_t before, const char *t, size_t i)
{
    size_t k;
    if (!((i >= 6 && !strncmp(t + i - 6, "minus ", 6)) ||
          (i >= 9 && !strncmp(t + i - 9, "negative ", 9))))
        return;
    for (k = before; k < c->nnums; k++)
        if (c->nums[k].v > 0)
            c->nums[k].v = -c->nums[k].v;
}

/* The digits at t[i] follow a dash after digits glued to a letter ("Nova M100-3", "B7-2"):
 * the end of a code, no number. */
static int code_after_dash(const char *t, size_t i)
{
    size_t k;
    if (i < 3 || t[i - 1] != '-' || t[i - 2] < '0' || t[i - 2] > '9')
        return 0;
    for (k = i - 2; k > 0 && t[k - 1] >= '0' && t[k - 1] <= '9'; k--)
        ;
    return k > 0 && isalpha((unsigned char)t[k - 1]);
}

void cand_read(struct scorer *s, struct cand *c)
{
    size_t n = strlen(c->text), i = 0, alloc = 0, b, e, end, last = (size_t)-1;
    char *t = xstrndup(c->text, n);
    c->nullish = re_find(s, s->none, t, n, 0, &b, &e) ||
                 (s->empty_gold && re_find(s, s->denies, t, n, 0, &b, &e));
    c->none_at = c->nullish ? b : 0;
    c->refuses = c->nullish && re_find(s, s->refusal, t, n, 0, &b, &e);
    for (b = e = 0; re_find(s, s->negation, t, n, e, &b, &e); e = e > b ? e : b + 1) {
        ALLOC_GROW(c->neg, c->nneg + 1, alloc);
        c->neg[c->nneg++] = b;
    }
    alloc = 0;
    if (strpbrk(t, "0123456789"))
        read_dates(s, c, t, n);
    while (i < n) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= '0' && ch <= '9' &&
            (i == 0 || !is_word((unsigned char)t[i - 1]) ||
             (t[i - 1] == '-' && i > 1 && t[i - 2] >= '0' && t[i - 2] <= '9'))) {
            int glued_word =
                (i > 0 && t[i - 1] == '-' && i > 1 && is_word((unsigned char)t[i - 2]) &&
                 !(t[i - 2] >= '0' && t[i - 2] <= '9')) ||
                code_after_dash(t, i) || (i > 0 && t[i - 1] == '^'); /* "m^2": a power */
            size_t before = c->nnums;
            if (!glued_word && read_number(c, &alloc, t, i, &end)) {
                bare_fraction(c, before, t, i, end);
                minus_word(c, before, t, i);
                if (slash_run(t, n, i)) {
                    last = end;
                } else if (slash_pair(t, last, i, end)) {
                    size_t k;
                    for (k = before; k < c->nnums; k++)
                        c->nums[k].over = 1;
                    if (before && c->nnums == before + 1 && c->nums[before].v >= 2 &&
                        c->nums[before].v == floor(c->nums[before].v) &&
                        c->nums[before - 1].v == floor(c->nums[before - 1].v))
                        add_num(c, &alloc, c->nums[before - 1].v / c->nums[before].v, 0,
                                c->nums[before - 1].at, 1); /* "7/4" is also 1.75, exactly */
                    last = end;
                } else if (versus_before(t, i) && before > 0) {
                    size_t k;
                    for (k = before; k < c->nnums; k++)
                        c->nums[k].versus = 1;
                    last = end;
                } else if (denominator(t, last, i) || reference(t, i) || quoted_name(t, n, i))
                    c->nnums = before;
                else
                    last = end;
                i = end;
                continue;
            }
            while (i < n && (is_word((unsigned char)t[i]) || t[i] == '.' || t[i] == ','))
                i++; /* the rest of the word */
            continue;
        }
        if (ch >= 'a' && ch <= 'z' && (i == 0 || !is_word((unsigned char)t[i - 1]))) {
            size_t before = c->nnums, j = read_words(c, &alloc, t, i);
            minus_word(c, before, t, i);
            if (c->nnums > before && (denominator(t, last, i) || reference(t, i)))
                c->nnums = before;
            else if (c->nnums > before)
                last = j;
            while (j < n && is_word((unsigned char)t[j]))
                j++;
            i = j > i ? j : i + 1;
            continue;
        }
        if (ch >= '0' && ch <= '9') { /* digits inside a word never count */
            while (i < n && is_word((unsigned char)t[i]))
                i++;
            continue;
        }
        i++;
    }
    if (strpbrk(t, "0123456789"))
        read_durations(s, c, t, n, &alloc);
    free(t);
    for (i = 0; i < c->nnums; i++) { /* asides in parentheses */
        size_t j;
        int depth = 0;
        for (j = 0; j < c->nums[i].at && j < n; j++)
            depth += c->text[j] == '(' ? 1 : c->text[j] == ')' ? -1 : 0;
        c->nums[i].paren = depth > 0;
    }
    mark_years(c, n, s->month_keys);
    drop_alternatives(c, n);
    drop_ids_and_days(c, n, s->month_keys, s->id_keys);
    drop_operands(c, s->id_keys);
}

/* Whether a gold real has decimals (to 15 significant digits). */
static int has_decimals(double want)
{
    char b[48];
    snprintf(b, sizeof(b), "%.15g", fabs(want));
    return strchr(b, '.') || (strchr(b, 'e') && fabs(want) < 1);
}

/* The same value; else, for a real, the gold rounded to the reply's own precision, where that
 * precision keeps a decimal and two significant digits ("7.8" and "7.83" for 7.8333, "3.8" for
 * 3.75, not "23.45" for 23.456 nor "$1,900" for 1899.99); integers exactly ("11.2k" is not
 * 11204, "1.2k" is 1200).  --abs-tol and --rel-tol (default 0) widen reals further. */
int num_match(const struct scorer *s, const struct num *got, double want)
{
    double d = fabs(got->v - want);
    if (value_match(s, got->v, got->unit, want))
        return 1;
    /* a scale word with four significant digits or more ("$48.21 million" for 48,210,350) is
     * the value to its precision, integer or not; fewer ("$48.2 million") labellers split on */
    return got->scale > 1 && !got->alt && got->unit > 0 && fabs(want) >= 1000 * got->unit &&
           d <= 0.5 * got->unit * (1 + 1e-9) &&
           !(d >= 0.5 * got->unit * (1 - 1e-9) && fabs(got->v) < fabs(want));
}

/* The place of the last digit of v written to 15 significant digits ("23.46" 0.01). */
double written_unit(double v)
{
    char b[48];
    const char *dot, *e;
    snprintf(b, sizeof(b), "%.15g", fabs(v));
    e = strchr(b, 'e');
    dot = strchr(b, '.');
    if (e)
        return pow(10, strtod(e + 1, NULL) - (dot ? (double)(e - dot - 1) : 0));
    return dot ? pow(10, -(double)strlen(dot + 1)) : 1;
}

/* The place of a whole number's last nonzero digit: 10 for 15870, 100 for 1900, 1 for 0. */
static double trailing_unit(double v)
{
    double u = 1;
    while (v != 0 && fmod(fabs(v), u * 10) == 0 && u < 1e15)
        u *= 10;
    return u;
}

int value_match(const struct scorer *s, double got, double unit, double want)
{
    double d = fabs(got - want);
    if (d <= 1e-9 * fmax(1, fabs(want)))
        return 1;
    if (want == floor(want) && fabs(want) < 9e15)
        return 0;
    if (d <= s->o.abs_tol || d <= s->o.rel_tol * fabs(want))
        return 1;
    if (unit <= 0 || d > 0.5 * unit * (1 + 1e-9))
        return 0;
    if (d >= 0.5 * unit * (1 - 1e-9) && fabs(got) < fabs(want))
        return 0; /* a half rounds away from zero: "18.9" for 18.95 is a truncation */
    if (unit * 10 > fabs(want) * (1 + 1e-9)) /* two significant digits */
        return 0;
    if (has_decimals(want) && fabs(want) >= 1000 && unit == 1 &&
        (fmod(got, 10) != 0 || fabs(got) >= 100 * trailing_unit(got)))
        return 1; /* a large value to the unit: "$61,333" for 61333.33, "15,870" for 15870.25
                     or "2660" for 2660.33 with three digits or more before its zero (not
                     "$1,900" for 1899.99, whose trailing zeros say no precision) */
    return unit <= (has_decimals(want) ? 0.1 : 1) * (1 + 1e-9);
}

int rounds_to(double got, double unit, double want)
{
    double d = fabs(got - want);
    if (unit <= 0 || want == 0 || d > 0.5 * unit * (1 + 1e-9))
        return 0;
    return !(d >= 0.5 * unit * (1 - 1e-9) && fabs(got) < fabs(want));
}

/* A rounding of the gold coarser than an exact match allows ("42" for 42.195, "1.05 million"
 * for 1048576), within 2% of it.  Trailing zeros are no precision: "3,800" for 3776 is another
 * value. */
int approx_match(double got, double unit, double want)
{
    return fabs(got - want) <= 0.02 * fabs(want) && rounds_to(got, unit, want);
}

/* A small value rounded to a whole number or to fewer decimals, however far that is in per
 * cent ("about 4" for 4.18, "0.5" for 0.52): labels call it partial 22 times to 2. */
int coarse_match(double got, double unit, double want)
{
    return got != 0 && unit <= 1 && rounds_to(got, unit, want);
}
