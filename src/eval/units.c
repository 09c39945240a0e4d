/* units.c: what a gold column's name says about its values (their unit, their scale, a rank,
 * a side) and the unit a reply writes after a number; for the scorer's matching (score.c). */
#include "score_int.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* Units of measure a column may name and a reply may write after a number, by dimension. */
/* clang-format off */
static const struct {
    const char *w;
    int dim, id;
    double f; /* in the dimension's base unit (kg, m, s, km/h, m²); 0: not converted
                 (temperatures) */
} units[] = {{"kg", 1, 1, 1}, {"kgs", 1, 1, 1}, {"kilograms", 1, 1, 1},
             {"lb", 1, 2, 0.45359237}, {"lbs", 1, 2, 0.45359237}, {"pounds", 1, 2, 0.45359237},
             {"g", 1, 3, 1e-3}, {"grams", 1, 3, 1e-3}, {"t", 1, 4, 1e3},
             {"mg", 1, 5, 1e-6}, {"milligrams", 1, 5, 1e-6},
             {"tonnes", 1, 4, 1e3}, {"tons", 1, 4, 1e3}, {"tonne", 1, 4, 1e3},
             {"km", 2, 1, 1e3}, {"kilometres", 2, 1, 1e3}, {"kilometers", 2, 1, 1e3},
             {"mi", 2, 2, 1609.344}, {"miles", 2, 2, 1609.344}, {"m", 2, 3, 1},
             {"meters", 2, 3, 1}, {"metres", 2, 3, 1}, {"ft", 2, 4, 0.3048},
             {"feet", 2, 4, 0.3048}, {"cm", 2, 5, 1e-2}, {"mm", 2, 6, 1e-3},
             {"centimetres", 2, 5, 1e-2}, {"centimeters", 2, 5, 1e-2},
             {"millimetres", 2, 6, 1e-3}, {"millimeters", 2, 6, 1e-3},
             {"inches", 2, 7, 0.0254}, {"inch", 2, 7, 0.0254}, {"yards", 2, 8, 0.9144},
             {"yd", 2, 8, 0.9144},
             {"c", 3, 1, 0}, {"celsius", 3, 1, 0}, {"f", 3, 2, 0},
             {"fahrenheit", 3, 2, 0}, {"s", 5, 1, 1}, {"sec", 5, 1, 1},
             {"secs", 5, 1, 1}, {"seconds", 5, 1, 1}, {"min", 5, 2, 60},
             {"mins", 5, 2, 60}, {"minutes", 5, 2, 60}, {"h", 5, 3, 3600},
             {"hr", 5, 3, 3600}, {"hrs", 5, 3, 3600}, {"hours", 5, 3, 3600},
             {"hour", 5, 3, 3600}, {"minute", 5, 2, 60},
             {"day", 5, 4, 86400}, {"days", 5, 4, 86400}, {"weeks", 5, 5, 604800},
             {"kmh", 6, 1, 1}, {"kph", 6, 1, 1}, {"mph", 6, 2, 1.609344},
             {"knots", 6, 3, 1.852}, {"kn", 6, 3, 1.852}, {"kt", 6, 3, 1.852},
             {"km2", 7, 1, 1e6}, {"mi2", 7, 2, 2589988.110336}, {"m2", 7, 3, 1},
             {"ha", 7, 4, 1e4}, {"hectares", 7, 4, 1e4}, {"acres", 7, 5, 4046.8564224},
             {"acre", 7, 5, 4046.8564224},
             /* power, energy and volume: "64,200 W" for 64.2 of `capacity_kw`; not "ml", which
              * a column may use for millions of litres (`tank_volume_ml`) */
             {"w", 8, 1, 1}, {"watts", 8, 1, 1}, {"kw", 8, 2, 1e3}, {"kilowatts", 8, 2, 1e3},
             {"mw", 8, 3, 1e6}, {"megawatts", 8, 3, 1e6}, {"gw", 8, 4, 1e9},
             {"gigawatts", 8, 4, 1e9}, {"wh", 9, 1, 1}, {"kwh", 9, 2, 1e3}, {"mwh", 9, 3, 1e6},
             {"gwh", 9, 4, 1e9}, {"l", 10, 1, 1}, {"litres", 10, 1, 1}, {"liters", 10, 1, 1}};
/* clang-format on */

static int unit_of(const char *w, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof(units) / sizeof(*units); i++)
        if (strlen(units[i].w) == n && !strncasecmp(units[i].w, w, n))
            return (int)i;
    return -1;
}

/* The unit a column's name ends with ("weight_kg", "SUM(distance_km)", "temp_c"), or NULL. */
/* A column of people or things counted, in millions by its "_m" ("passengers_m",
 * "streams_m"): no metres. */
static int counted_millions(const char *col)
{
    static const char *const w[] = {
        "passengers", "visitors", "users",      "streams", "views",    "downloads", "subscribers",
        "listeners",  "viewers",  "population", "members", "tourists", "residents", "followers",
        "customers",  "readers",  "copies",     "tickets", "fans",     "votes",     "sales",
        "units",      "plays",    "trips",      "riders",  NULL};
    const char *dot, *last;
    size_t n = strlen(col), k;
    while (n > 0 && col[n - 1] == ')')
        n--;
    if (n < 3 || (col[n - 1] | 0x20) != 'm' || col[n - 2] != '_')
        return 0; /* most columns: no "_m" at their end */
    dot = strchr(col, '.');
    col = dot ? dot + 1 : col;
    col += strcspn(col, "(") < strlen(col) ? strcspn(col, "(") + 1 : 0; /* "SUM(passengers_m)" */
    n = strlen(col);
    while (n > 0 && col[n - 1] == ')')
        n--;
    if (n < 3 || strncasecmp(col + n - 2, "_m", 2))
        return 0;
    last = col + n - 2;
    for (k = 0; w[k]; k++)
        if ((size_t)(last - col) >= strlen(w[k]) &&
            !strncasecmp(last - strlen(w[k]), w[k], strlen(w[k])))
            return 1;
    return 0;
}

const char *column_unit(const char *col)
{
    size_t n = strlen(col), e = n, b;
    int u;
    const char *p;
    if (counted_millions(col))
        return NULL;
    while (e > 0 && col[e - 1] == ')')
        e--;
    b = e > 0 && col[e - 1] == '2' ? e - 1 : e; /* an area: "area_km2" */
    for (; b > 0 && isalpha((unsigned char)col[b - 1]); b--)
        ;
    u = b == e || (b > 0 && col[b - 1] != '_' && col[b - 1] != ' ' && col[b - 1] != '(') ||
                (b == 0 && e < 4) /* a whole name only in a word: "minutes", not "m" */
            ? -1
            : unit_of(col + b, e - b);
    if (u >= 0)
        return units[u].w;
    p = strrchr(col, '(') ? strrchr(col, '(') + 1 : col; /* or its first word: "kg_plucked" */
    p = strchr(p, '.') ? strchr(p, '.') + 1 : p;
    for (n = 0; isalpha((unsigned char)p[n]); n++)
        ;
    u = p[n] == '_' && n >= 2 ? unit_of(p, n) : -1;
    return u < 0 || units[u].dim == 5 ? NULL : units[u].w; /* not "h_index", "s_rank" */
}

int name_has(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) /* the first letter before a call: names are read per reply */
        if (tolower((unsigned char)*hay) == needle[0] && !strncasecmp(hay, needle, n))
            return 1;
    return 0;
}

/* The scale a column's name says its values are in: a word of it ("budget_musd",
 * "revenue_millions", "market_cap_busd", "SUM(sales_k)"); else 1. */
double column_scale(const char *col)
{
    static const struct {
        const char *w;
        double f;
    } sc[] = {{"musd", 1e6}, {"meur", 1e6},     {"mgbp", 1e6},      {"mn", 1e6},
              {"mln", 1e6},  {"million", 1e6},  {"millions", 1e6},  {"busd", 1e9},
              {"beur", 1e9}, {"bn", 1e9},       {"billion", 1e9},   {"billions", 1e9},
              {"kusd", 1e3}, {"thousand", 1e3}, {"thousands", 1e3}, {"k", 1e3}};
    size_t b = 0, e, i;
    if (counted_millions(col))
        return 1e6;
    while (col[b]) {
        while (col[b] && !isalnum((unsigned char)col[b]))
            b++;
        for (e = b; isalnum((unsigned char)col[e]); e++)
            ;
        for (i = 0; b > 0 && e > b && i < sizeof(sc) / sizeof(*sc); i++)
            if (strlen(sc[i].w) == e - b && !strncasecmp(col + b, sc[i].w, e - b))
                return sc[i].f;
        b = e;
    }
    return 1;
}

/* After a number and its unit, another number: a duration in two units ("27 min 1 s"), read
 * whole in either unit elsewhere, so its first number's unit converts nothing. */
static int compound_duration(const char *t)
{
    t += *t == ',';
    t += *t == ' ';
    if (!strncmp(t, "and ", 4))
        t += 4;
    return isdigit((unsigned char)*t);
}

double unit_seconds(const char *unit)
{
    int u = unit_of(unit, strlen(unit));
    return u >= 0 && units[u].dim == 5 ? units[u].f : 0;
}

/* A length per hour, "km/h", "km per hour", "miles an hour": the speed unit's index, else -1
 * (w[0, n) is the length's word, rest what follows it). */
static int per_hour(const char *w, size_t n, const char *rest)
{
    static const char *const per[] = {"/h", " per hour", " an hour", NULL};
    int u = unit_of(w, n), k;
    if (u < 0 || units[u].dim != 2)
        return -1;
    for (k = 0; per[k]; k++)
        if (!strncmp(rest, per[k], strlen(per[k])) && !isalpha((unsigned char)rest[strlen(per[k])]))
            return units[u].id == 1 ? unit_of("kmh", 3) : units[u].id == 2 ? unit_of("mph", 3) : -1;
    return -1;
}

/* A length squared, "km^2" (as "km²" is normalised), "km2", "sq km", "square miles": the area
 * unit's index, else -1 (w[0, n) is the first word, rest what follows it). */
static int area_at(const char *w, size_t n, const char *rest)
{
    static const char *const len[] = {"km", "kilometres", "kilometers", "mi", "miles",
                                      "m",  "metres",     "meters",     NULL};
    static const char *const area[] = {"km2", "km2", "km2", "mi2", "mi2", "m2", "m2", "m2"};
    size_t k, m;
    if ((n == 2 && !strncmp(w, "sq", 2)) || (n == 6 && !strncmp(w, "square", 6))) {
        w = rest + (*rest == ' ');
        for (n = 0; isalpha((unsigned char)w[n]); n++)
            ;
        rest = w + n;
    } else if (!(rest[0] == '^' && rest[1] == '2') &&
               !(rest[0] == '2' && !isdigit((unsigned char)rest[1]))) {
        return -1;
    }
    for (k = 0; len[k]; k++)
        if ((m = strlen(len[k])) == n && !strncmp(w, len[k], n))
            return unit_of(area[k], strlen(area[k]));
    return -1;
}

/* A unit is divided by another after it ("/km", " per tree"), not by a time it was measured
 * over ("21 hours per week", "1.84 m per year", km/h). */
static int per_other(const char *rest)
{
    static const char *const when[] = {"h",    "hour",  "day",    "week",  "month",
                                       "year", "annum", "season", "night", NULL};
    const char *d = rest[0] == '/' ? rest + 1 : !strncmp(rest, " per ", 5) ? rest + 5 : NULL;
    size_t n = 0;
    int k;
    if (!d || !isalpha((unsigned char)d[0]))
        return 0;
    while (isalpha((unsigned char)d[n]))
        n++;
    for (k = 0; when[k]; k++)
        if ((n == strlen(when[k]) || (n == strlen(when[k]) + 1 && d[n - 1] == 's')) &&
            !strncmp(d, when[k], strlen(when[k])))
            return 0;
    return 1;
}

/* The unit written after the number at t[at] ("km", "km/h", "sq km"): its index, or -1. */
static int unit_at(const char *t, size_t at)
{
    size_t e = at, b;
    int u;
    while (t[e] && (isdigit((unsigned char)t[e]) || t[e] == '.' || t[e] == ','))
        e++;
    while (t[e] == ' ')
        e++;
    for (b = e; t[e] >= 'a' && t[e] <= 'z'; e++)
        ;
    if ((u = per_hour(t + b, e - b, t + e)) < 0 && (u = area_at(t + b, e - b, t + e)) < 0 &&
        (u = unit_of(t + b, e - b)) < 0)
        return -1;
    if (units[u].dim != 6 && per_other(t + e))
        return -1; /* a rate, "120 m/km", "4 kg per tree": no length, no weight */
    return compound_duration(t + e) ? -1 : u;
}

/* The factor from unit `from` to unit `to`, both names of units ("kg", "g"): 1 when either
 * is none or they are one unit or of two dimensions, -1 when not convertible (temperatures). */
double units_between(const char *from, const char *to)
{
    int u = from ? unit_of(from, strlen(from)) : -1, want = to ? unit_of(to, strlen(to)) : -1;
    if (u < 0 || want < 0 || units[u].dim != units[want].dim || units[u].id == units[want].id)
        return 1;
    return units[u].f > 0 && units[want].f > 0 ? units[u].f / units[want].f : -1;
}

/* The unit written after the number at t[at], against the column's: 1 when it is none or the
 * column's own, the factor to the column's unit when it is another of its dimension ("225 cm"
 * for "rainfall_mm" is 10), -1 when that cannot be converted ("75 f" for "temp_c"). */
double unit_ratio(const char *unit, const char *t, size_t at)
{
    int u;
    if (!unit || (u = unit_at(t, at)) < 0)
        return 1;
    return units_between(units[u].w, unit);
}

int same_quantity(const char *t, size_t a, double va, size_t b, double vb)
{
    int ua = unit_at(t, a), ub = unit_at(t, b);
    double x, y;
    if (ua < 0 || ub < 0 || units[ua].dim != units[ub].dim || units[ua].id == units[ub].id ||
        units[ua].f <= 0 || units[ub].f <= 0)
        return 0;
    x = va * units[ua].f;
    y = vb * units[ub].f;
    return x != 0 && fabs(x - y) <= 0.05 * fabs(x);
}

int unit_after(const char *t, size_t at)
{
    size_t e = at, b;
    int u;
    while (t[e] && (isdigit((unsigned char)t[e]) || t[e] == '.' || t[e] == ','))
        e++;
    if (t[e] == '%')
        return 1;
    while (t[e] == ' ')
        e++;
    for (b = e; t[e] >= 'a' && t[e] <= 'z'; e++)
        ;
    u = unit_of(t + b, e - b);
    return e > b && u >= 0 && !(units[u].dim == 5 && units[u].id >= 4); /* days are counted */
}

/* The number at t[at] is written in words before a word it counts ("the donor of two plants"):
 * how many things, not a value offered in the column's unit. */
int words_counting(const char *t, size_t at)
{
    size_t e = at, b;
    if (!isalpha((unsigned char)t[e]))
        return 0;
    while (isalpha((unsigned char)t[e]) || t[e] == '-')
        e++;
    if (t[e] != ' ')
        return 0;
    for (b = ++e; t[e] >= 'a' && t[e] <= 'z'; e++)
        ;
    return e - b >= 3 && !unit_after(t, b);
}

/* The column is a rank ("rank", "finish_position", "place"). */
int column_is_rank(const char *col)
{
    const char *p;
    for (p = col; (p = strstr(p, "pos")); p++) /* "finish_pos", not "deposit" */
        if ((p == col || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[3]))
            return 1;
    return name_has(col, "rank") || name_has(col, "position") || name_has(col, "place");
}

int column_side(const char *col)
{
    static const char *const win[] = {"winner", "champion", "victor", NULL};
    static const char *const lose[] = {"runner", "loser", "second", "finalist", NULL};
    const char *dot = col ? strchr(col, '.') : NULL;
    size_t k;
    if (dot)
        col = dot + 1; /* "T1.first" */
    if (col && (col[0] | 0x20) == 'f' &&
        (!strcasecmp(col, "first") || !strcasecmp(col, "first_place")))
        return 1; /* the place, not "first_name" */
    for (k = 0; col && win[k]; k++)
        if (name_has(col, win[k]))
            return 1;
    for (k = 0; col && lose[k]; k++)
        if (name_has(col, lose[k]))
            return -1;
    return 0;
}

/* Currencies a column's name may name and a reply may write beside an amount. */
static const struct {
    const char *sign; /* as written before or after the digits; "$" only unprefixed */
    const char *code;
    const char *const names[4]; /* words of a column's name */
    const char *word;           /* said after the amount: "6,500 euros" */
} currencies[] = {
    {"\xe2\x82\xac", "eur", {"eur", "euro", "euros", "meur"}, "euro"},
    {"$", "usd", {"usd", "dollars", "musd", "busd"}, "dollar"},
    {"\xc2\xa3", "gbp", {"gbp", "mgbp", "sterling", NULL}, NULL},
    {"\xc2\xa5", "jpy", {"jpy", "yen", NULL, NULL}, NULL},
    {NULL, "chf", {"chf", NULL, NULL, NULL}, NULL},
};
#define NCURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

int column_currency(const char *col)
{
    size_t b, e, k, j;
    for (b = 0; col[b]; b = e) {
        while (col[b] && !isalnum((unsigned char)col[b]))
            b++;
        for (e = b; isalnum((unsigned char)col[e]); e++)
            ;
        for (k = 0; k < NCURRENCIES; k++)
            for (j = 0; j < 4 && currencies[k].names[j]; j++)
                if (strlen(currencies[k].names[j]) == e - b &&
                    !strncasecmp(col + b, currencies[k].names[j], e - b))
                    return (int)k;
    }
    return -1;
}

/* A digit within one space before t[b] or after t[e]: the mark goes with an amount. */
static int beside_amount(const char *t, size_t b, size_t e)
{
    return (b >= 1 && isdigit((unsigned char)t[b - 1])) ||
           (b >= 2 && t[b - 1] == ' ' && isdigit((unsigned char)t[b - 2])) ||
           isdigit((unsigned char)t[e]) || (t[e] == ' ' && isdigit((unsigned char)t[e + 1]));
}

/* A whole word w at t[b] (ASCII case folded). */
static int word_at(const char *t, size_t b, const char *w)
{
    size_t n = strlen(w);
    return !strncasecmp(t + b, w, n) && (b == 0 || !isalpha((unsigned char)t[b - 1])) &&
           !isalpha((unsigned char)t[n + b]);
}

unsigned currencies_said(const char *t)
{
    unsigned mask = 0;
    size_t i, k, n;
    for (i = 0; t[i]; i++)
        for (k = 0; k < NCURRENCIES; k++) {
            const char *sg = currencies[k].sign, *w = currencies[k].word;
            if (sg && !strncmp(t + i, sg, n = strlen(sg)) && beside_amount(t, i, i + n) &&
                (strcmp(sg, "$") || i == 0 || !isalpha((unsigned char)t[i - 1]) ||
                 (i >= 2 && !strncasecmp(t + i - 2, "us", 2))))
                mask |= 1u << k; /* not "A$" or "NZ$", but "US$" */
            if (word_at(t, i, currencies[k].code) && beside_amount(t, i, i + 3))
                mask |= 1u << k;
            if (w && !strncasecmp(t + i, w, n = strlen(w)) &&
                (i == 0 || !isalpha((unsigned char)t[i - 1])) &&
                (!isalpha((unsigned char)t[i + n]) ||
                 ((t[i + n] | 0x20) == 's' && !isalpha((unsigned char)t[i + n + 1]))) &&
                i >= 2 && t[i - 1] == ' ' && isdigit((unsigned char)t[i - 2]))
                mask |= 1u << k; /* "6,500 euros" */
        }
    return mask;
}

/* The decimals a column rounded by SQL keeps ("ROUND(AVG(wind_kmh), 1)": 1, "ROUND(AVG(x))":
 * 0), else -1. */
int column_rounded(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    const char *comma;
    if (n < 7 || strncasecmp(name, "round(", 6) || name[n - 1] != ')')
        return -1;
    comma = strrchr(name, ',');
    if (!comma || strchr(comma, '('))
        return 0;
    comma += strspn(comma + 1, " ") + 1;
    return isdigit((unsigned char)*comma) ? (int)strtol(comma, NULL, 10) : 0;
}
