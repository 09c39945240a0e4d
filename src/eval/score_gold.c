/* score_gold.c: the gold rows as the scorer reads them — each cell's kind, normalised text,
 * other spellings and what its column's name says of it, and the row's key. */
#include "score_int.h"

#include "xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* Every row holds the same text in column col. */
static int constant_column(const cJSON *rows, int col)
{
    const cJSON *r, *c, *first = cJSON_GetArrayItem(rows->child, col);
    cJSON_ArrayForEach(r, rows)
    {
        c = cJSON_GetArrayItem(r, col);
        if (!cJSON_IsString(c) || !cJSON_IsString(first) ||
            strcasecmp(c->valuestring, first->valuestring))
            return 0;
    }
    return 1;
}

/* The text column that tells rows apart: the first text column, unless it is the same in every
 * row while another text column's values all differ ("Kyoto, Hoshinoya" / "Kyoto, Aman Kyoto" are
 * told apart by the hotel).  -1: the first text cell of each row. */
int gold_key_column(const cJSON *rows)
{
    int ncols = cJSON_GetArraySize(cJSON_GetArrayItem(rows, 0)), col, first = -1;
    int nrows = cJSON_GetArraySize(rows);
    if (nrows < 2 || nrows > 200 || ncols < 2 || ncols > 32)
        return -1;
    for (col = 0; col < ncols; col++) {
        const cJSON *r, *q;
        int text = 1, distinct = 1;
        cJSON_ArrayForEach(r, rows)
        {
            const cJSON *c = cJSON_GetArrayItem(r, col);
            if (!cJSON_IsString(c)) {
                text = 0;
                break;
            }
            for (q = rows->child; q != r && distinct; q = q->next)
                distinct = strcasecmp(cJSON_GetArrayItem(q, col)->valuestring, c->valuestring);
        }
        if (!text)
            continue;
        if (first < 0) {
            first = col;
            if (!constant_column(rows, col))
                return -1;
        } else if (distinct) {
            return col;
        }
    }
    return -1;
}

/* A personal name of two or three capitalised words of letters, also written family name
 * first ("Lim Wei Jun" for "Wei Jun Lim"; not "Solberg, Greta", which a list of names
 * may hold by chance: "Ingrid Solberg, Greta Holm"). */
static void family_first(const char *raw, const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(norm), k, last = 0, words = 1;
    struct buf b = BUF_INIT;
    for (k = 0; raw[k]; k++)
        if (!(isalpha((unsigned char)raw[k]) || raw[k] == ' ') ||
            ((k == 0 || raw[k - 1] == ' ') && !isupper((unsigned char)raw[k])))
            return; /* letters in ASCII, each word capitalised */
    for (k = 0; k < len; k++)
        if (norm[k] == ' ')
            words++, last = k + 1;
    if (words < 2 || words > 3 || len - last < 2)
        return;
    buf_add(&b, norm + last, len - last);
    buf_addch(&b, ' ');
    buf_add(&b, norm, last - 1);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrndup(b.s, b.len);
    buf_release(&b);
}

/* A month of a year, "2024-01", also written "January 2024", "Jan 2024", "Jan. 2024",
 * "01/2024", "1/2024" or "2024/01". */
static void year_month(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    const char *const *m = month_names;
    char b[6][40];
    int mon, k;
    if (strlen(norm) != 7 || strspn(norm, "0123456789") != 4 || norm[4] != '-' ||
        strspn(norm + 5, "0123456789") != 2 || (mon = (int)strtol(norm + 5, NULL, 10)) < 1 ||
        mon > 12)
        return;
    snprintf(b[0], sizeof(b[0]), "%s %.4s", m[mon - 1], norm);
    snprintf(b[1], sizeof(b[1]), "%.3s %.4s", m[mon - 1], norm);
    snprintf(b[2], sizeof(b[2]), "%.3s. %.4s", m[mon - 1], norm);
    snprintf(b[3], sizeof(b[3]), "%.2s/%.4s", norm + 5, norm);
    snprintf(b[4], sizeof(b[4]), "%d/%.4s", mon, norm);
    snprintf(b[5], sizeof(b[5]), "%.4s/%.2s", norm, norm + 5);
    for (k = 0; k < 6; k++) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(b[k]);
    }
}

/* Raw text v, normalised, added to the other spellings; v released. */
static void add_normalised(struct buf *v, char ***out, size_t *n, size_t *alloc)
{
    struct buf t = BUF_INIT;
    text_norm(v->s ? v->s : "", v->len, &t, NULL);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&t, NULL);
    buf_release(v);
}

/* A name with a parenthesis ("Red panda (Mei)"), also written without its brackets ("Red panda
 * Mei", "Red panda: Mei" reads the same once normalised). */
static void unbracketed(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    const char *p, *open = strrchr(raw, '(');
    if (!strchr(raw, '(') || !strchr(raw, ')'))
        return;
    for (p = raw; *p; p++)
        if (*p != '(' && *p != ')')
            buf_addch(&v, *p);
    add_normalised(&v, out, n, alloc);
    if (!bracket_code(raw, out, n, alloc) && open - raw >= 7 &&
        !strcmp(open + strcspn(open, ")"), ")") && memchr(raw, ' ', (size_t)(open - raw - 1))) {
        buf_add(&v, raw, (size_t)(open - raw)); /* "AAA batteries" for "AAA batteries (4-pack)" */
        add_normalised(&v, out, n, alloc);
    }
}

/* A route of two places joined by a dash ("Stornoway–Ullapool", "Oban - Craignure"), also
 * written "Stornoway to Ullapool" and "from Stornoway to Ullapool". */
static void route_variant(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const dash[] = {"\xe2\x80\x93", "\xe2\x80\x94", " - ", "-", NULL};
    struct buf v = BUF_INIT;
    const char *d = NULL;
    int k;
    for (k = 0; dash[k] && !d; k++)
        d = strstr(raw, dash[k]);
    k--;
    /* two places: a capitalised word after the dash, none of them a digit ("LX-318" is a code) */
    if (!d || d == raw || strpbrk(raw, "0123456789") || !isupper((unsigned char)raw[0]) ||
        !isupper((unsigned char)d[strlen(dash[k])]))
        return;
    buf_add(&v, raw, (size_t)(d - raw));
    buf_adds(&v, " to ");
    buf_adds(&v, d + strlen(dash[k]));
    add_normalised(&v, out, n, alloc);
}

/* A site of a place after a spaced dash ("Praha – Klementinum"), also said the other ways
 * round: "Klementinum in Prague", "Prague (Klementinum)", "Klementinum (Praha)", with the
 * place's other names. */
static void site_of_place(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    static const char *const dash[] = {" \xe2\x80\x93 ", " \xe2\x80\x94 ", " - ", NULL};
    struct buf a = BUF_INIT, b = BUF_INIT, v = BUF_INIT;
    char **names = NULL;
    size_t nn = 0, nalloc = 0, i;
    const char *d = NULL;
    int k;
    for (k = 0; dash[k] && !d; k++)
        d = strstr(raw, dash[k]);
    if (!d || d == raw || strpbrk(raw, "0123456789") || strstr(d + 1, dash[k - 1]))
        return;
    text_norm(raw, (size_t)(d - raw), &a, NULL);
    text_norm(d + strlen(dash[k - 1]), strlen(d + strlen(dash[k - 1])), &b, NULL);
    ALLOC_GROW(names, nn + 1, nalloc);
    names[nn++] = xstrdup(a.s ? a.s : "");
    place_variants(a.s ? a.s : "", &names, &nn, &nalloc);
    for (i = 0; b.len && i < nn; i++)
        for (k = 0; k < 4; k++) { /* "B in A", "A (B)", "B (A)", "B, A" */
            buf_reset(&v);
            if (k == 1)
                buf_addf(&v, "%s (%s)", names[i], b.s);
            else
                buf_addf(&v, k == 0 ? "%s in %s" : k == 2 ? "%s (%s)" : "%s, %s", b.s, names[i]);
            ALLOC_GROW(*out, *n + 1, *alloc);
            (*out)[(*n)++] = buf_detach(&v, NULL);
        }
    for (i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    buf_release(&a), buf_release(&b), buf_release(&v);
}

/* A name with a hyphen between letters ("Chen Mei-ling"), also written without it ("Chen
 * Meiling"). */
static void unhyphenated(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    struct buf v = BUF_INIT;
    size_t i;
    int joined = 0;
    for (i = 0; raw[i]; i++) {
        if (raw[i] == '-' && i > 0 && isalpha((unsigned char)raw[i - 1]) &&
            isalpha((unsigned char)raw[i + 1])) {
            joined = 1;
            continue;
        }
        buf_addch(&v, raw[i]);
    }
    if (joined)
        add_normalised(&v, out, n, alloc);
    buf_release(&v);
}

/* A name filed family first after a comma ("Oyelaran, Funmi"), also in the order it is said
 * ("Funmi Oyelaran"): one comma between two runs of one to three letter-only words. */
static void comma_inverted(const char *raw, char ***out, size_t *n, size_t *alloc)
{
    const char *c = strchr(raw, ',');
    struct buf v = BUF_INIT;
    size_t k;
    if (!c || c == raw || strchr(c + 1, ',') || c[1] != ' ' || !c[2])
        return;
    for (k = 0; raw[k]; k++)
        if (!isalpha((unsigned char)raw[k]) && !((unsigned char)raw[k] & 0x80) &&
            !strchr(" ,.'-", raw[k]))
            return; /* no figure, no list: "Leeds, 2019" */
    buf_adds(&v, c + 2);
    buf_addch(&v, ' ');
    buf_add(&v, raw, (size_t)(c - raw));
    add_normalised(&v, out, n, alloc);
}

/* A personal name whose family name is double-barrelled ("Aleksandra Nowak-Pérez"), also
 * said with its first part ("Aleksandra Nowak"). */
static void first_barrel(const char *raw, int person, char ***out, size_t *n, size_t *alloc)
{
    const char *last = strrchr(raw, ' '), *dash;
    struct buf v = BUF_INIT;
    if (!person || !last || !(dash = strchr(last, '-')) || dash - last < 3 || !dash[1])
        return;
    buf_add(&v, raw, (size_t)(dash - raw));
    add_normalised(&v, out, n, alloc);
}

/* A text that opens with its column's own word ("Ward 3B" of `ward`, "Order 5512" of
 * `order_id`), also written as that field's value ("Ward: 3B"), and a code of digits and
 * letters after it also alone (`{"ward": "3B"}`); a code whose letters start that word, with
 * the word ("Order 1007" for O-1007). */
static void field_form(const char *norm, const char *label, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(label), pre = strspn(norm, "abcdefghijklmnopqrstuvwxyz");
    struct buf v = BUF_INIT;
    const char *rest, *digits = norm + pre + (norm[pre] == '-' || norm[pre] == ' ');
    if (len && pre >= 1 && pre <= 3 && !strncmp(label, norm, pre) &&
        isdigit((unsigned char)*digits) && strspn(digits, "0123456789") == strlen(digits)) {
        buf_add(&v, label, len); /* its prefix the column's word cut short: "Order 1007" for
                                    O-1007 of `order_id`, "Invoice 2041" for INV-2041 */
        buf_addch(&v, ' ');
        buf_adds(&v, digits);
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
    }
    if (!len || strncmp(norm, label, len) || norm[len] != ' ' || !norm[len + 1])
        return;
    buf_add(&v, norm, len);
    buf_adds(&v, ": ");
    buf_adds(&v, norm + len + 1);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = buf_detach(&v, NULL);
    rest = norm + len + 1;
    if (strlen(rest) > 5 || strchr(rest, ' ') || !strpbrk(rest, "0123456789") ||
        strspn(rest, "0123456789") == strlen(rest))
        return;
    ALLOC_GROW(*out, *n + 1, *alloc); /* a code of digits and letters alone: "3B" */
    (*out)[(*n)++] = xstrdup(rest);
}

/* The gold text in the other of British and American spelling, word endings swapped ("our"
 * and "or": "watercolour", "watercolor"; "ise" and "ize"; "tre" and "ter"), or in the other
 * of a Russian name's two transliterations ("Rachmaninoff", "Rachmaninov"), when that
 * differs. */
static void spelling_variant(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const pairs[][2] = {{"our", "or"},  {"or", "our"},  {"ise", "ize"},
                                           {"ize", "ise"}, {"tre", "ter"}, {"ter", "tre"},
                                           {"off", "ov"},  {"ov", "off"}};
    const size_t npairs = sizeof pairs / sizeof *pairs;
    struct buf v = BUF_INIT;
    size_t i = 0, e, len = strlen(norm), k;
    int changed = 0;
    if (!strstr(norm, "or") && !strstr(norm, "iz") && !strstr(norm, "is") && !strstr(norm, "re") &&
        !strstr(norm, "er") && !strstr(norm, "ov") && !strstr(norm, "off"))
        return; /* no ending to swap */
    while (i < len) {
        for (e = i; e < len && isalpha((unsigned char)norm[e]); e++)
            ;
        for (k = 0; k < npairs; k++) {
            size_t m = strlen(pairs[k][0]);
            if (e - i > m + 2 && !strncmp(norm + e - m, pairs[k][0], m))
                break;
        }
        if (k < npairs) {
            buf_add(&v, norm + i, e - i - strlen(pairs[k][0]));
            buf_adds(&v, pairs[k][1]);
            changed = 1;
        } else {
            buf_add(&v, norm + i, e - i);
        }
        for (i = e; i < len && !isalpha((unsigned char)norm[i]); i++)
            buf_addch(&v, norm[i]);
    }
    if (changed) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
    }
    buf_release(&v);
}

/* A column of names ("name", "T1.name", "full_name", "dentist_name"), unless named for a
 * thing ("wine_name", "ship_name"): a thing's two capitalised words are no first name and
 * surname ("Reserva Tinto" is not named by "Tinto"). */
static int person_name_column(const char *col)
{
    static const char *const thing[] = {
        "wine",        "ship",       "vessel",    "boat",       "product",    "item",
        "album",       "song",       "track",     "film",       "movie",      "book",
        "title",       "team",       "club",      "ward",       "station",    "store",
        "shop",        "branch",     "clinic",    "hospital",   "school",     "company",
        "brand",       "model",      "project",   "route",      "city",       "town",
        "country",     "park",       "trail",     "museum",     "venue",      "hotel",
        "restaurant",  "dish",       "menu",      "course",     "building",   "street",
        "port",        "airport",    "river",     "mountain",   "peak",       "lake",
        "event",       "category",   "dept",      "department", "region",     "district",
        "plant",       "species",    "breed",     "award",      "league",     "festival",
        "gallery",     "library",    "farm",      "vineyard",   "winery",     "cafe",
        "bakery",      "depot",      "warehouse", "unit",       "facility",   "site",
        "place",       "stadium",    "arena",     "aircraft",   "car",        "vehicle",
        "bike",        "exhibit",    "artwork",   "painting",   "dataset",    "program",
        "programme",   "show",       "series",    "game",       "app",        "device",
        "ensemble",    "band",       "choir",     "orchestra",  "group",      "crew",
        "church",      "cathedral",  "chapel",    "abbey",      "temple",     "tower",
        "castle",      "bridge",     "island",    "village",    "county",     "state",
        "province",    "market",     "theatre",   "theater",    "hall",       "centre",
        "center",      "office",     "lab",       "institute",  "university", "college",
        "observatory", "pool",       "piece",     "tool",       "machine",    "engine",
        "yacht",       "instrument", "variety",   "cultivar",   "grove",      "estate",
        "mill",        "stall",      "reservoir", "quarry",     "glacier",    "volcano",
        "cave",        "reef",       "beach",     "bay",        "harbour",    "harbor",
        "pass",        "checkpoint", "circuit",   "rink",       "court",      "ground",
        "field",       "hut",        "lodge",     NULL};
    const char *dot = strrchr(col, '.');
    size_t k, n;
    col = dot ? dot + 1 : col;
    n = strlen(col);
    if (n < 4 || strcasecmp(col + n - 4, "name"))
        return 0;
    n -= 4; /* the words before it, "_" included */
    for (k = 0; n > 1 && thing[k]; k++)
        if (n == strlen(thing[k]) + 1 && !strncasecmp(col, thing[k], n - 1))
            return 0;
    return 1;
}

/* A column named by its last word as one who does something, of seven letters or more ending
 * "-or", "-er" or "-ist" ("surveyor", "assessor", "conservator"), not a thing or a firm
 * ("monitor", "supplier", "publisher"). */
static int agent_word(const char *col)
{
    static const char *const thing[] = {
        "monitor",     "reactor",    "tractor",     "trailer",    "container",
        "computer",    "register",   "printer",     "scanner",    "counter",
        "charger",     "chapter",    "quarter",     "parameter",  "character",
        "theater",     "elevator",   "escalator",   "generator",  "detector",
        "indicator",   "processor",  "connector",   "compressor", "radiator",
        "calculator",  "simulator",  "accelerator", "converter",  "transformer",
        "carrier",     "provider",   "supplier",    "retailer",   "manufacturer",
        "distributor", "publisher",  "broadcaster", "wholesaler", "exporter",
        "importer",    "identifier", "descriptor",  "separator",  "barrier",
        "semester",    "trimester",  "newsletter",  "thriller",   "cylinder",
        "sticker",     "voucher",    NULL};
    const char *w = col, *p;
    size_t n, k;
    for (p = col; *p; p++) /* its last word: "lead_surveyor" */
        if (*p == '_' || *p == '.' || *p == ' ')
            w = p + 1;
    n = strlen(w);
    if (n < 7 || !(!strcasecmp(w + n - 2, "or") || !strcasecmp(w + n - 2, "er") ||
                   !strcasecmp(w + n - 3, "ist")))
        return 0;
    for (k = 0; thing[k]; k++)
        if (!strcasecmp(w, thing[k]))
            return 0;
    return 1;
}

/* A name with a word of a firm ("Hunslet Engine Company", "Kerr Stuart Ltd"): no person,
 * whatever its column (a "builder" may be either). */
static int firm_name(const char *raw)
{
    static const char *const w[] = {"company",  "co",         "corporation", "corp",    "inc",
                                    "ltd",      "limited",    "plc",         "gmbh",    "llc",
                                    "sons",     "brothers",   "bros",        "group",   "works",
                                    "engine",   "industries", "engineering", "motors",  "systems",
                                    "partners", "associates", "studio",      "studios", NULL};
    const char *p = raw;
    size_t n, k;
    for (; *p; p += n + (p[n] != '\0')) {
        n = strcspn(p, " .,");
        for (k = 0; w[k]; k++)
            if (n == strlen(w[k]) && !strncasecmp(p, w[k], n))
                return 1;
    }
    return 0;
}

/* A column of people by its name ("T1.name", "player", "lead_author"): 1; 2 for a column
 * named by an agent word only (agent_word), whose firms are no people. */
static int people_column(const char *col)
{
    static const char *const w[] = {"player",        "athlete",      "author",
                                    "writer",        "driver",       "rider",
                                    "pilot",         "captain",      "doctor",
                                    "host",          "guest",        "artist",
                                    "director",      "actor",        "singer",
                                    "winner",        "student",      "manager",
                                    "coach",         "chef",         "person",
                                    "employee",      "member",       "runner",
                                    "teacher",       "scientist",    "composer",
                                    "painter",       "skater",       "cyclist",
                                    "swimmer",       "climber",      "referee",
                                    "owner",         "surgeon",      "nurse",
                                    "vet",           "veterinarian", "dentist",
                                    "pharmacist",    "therapist",    "physician",
                                    "lawyer",        "judge",        "musician",
                                    "conductor",     "engineer",     "architect",
                                    "poet",          "novelist",     "editor",
                                    "journalist",    "reporter",     "officer",
                                    "founder",       "ceo",          "president",
                                    "mayor",         "senator",      "candidate",
                                    "mentor",        "tutor",        "instructor",
                                    "professor",     "lecturer",     "researcher",
                                    "curator",       "librarian",    "keeper",
                                    "trainer",       "jockey",       "boxer",
                                    "golfer",        "gymnast",      "dancer",
                                    "drummer",       "guitarist",    "pianist",
                                    "violinist",     "vocalist",     "leader",
                                    "supervisor",    "volunteer",    "patient",
                                    "customer",      "client",       "donor",
                                    "sponsor",       "umpire",       "striker",
                                    "pitcher",       "bowler",       "recipient",
                                    "nominee",       "laureate",     "inventor",
                                    "explorer",      "astronaut",    "sculptor",
                                    "photographer",  "designer",     "baker",
                                    "brewer",        "farmer",       "sailor",
                                    "skipper",       "navigator",    "musher",
                                    "ringmaster",    "beekeeper",    "ranger",
                                    "warden",        "principal",    "dean",
                                    "winemaker",     "producer",     "translator",
                                    "narrator",      "presenter",    "commander",
                                    "skier",         "rower",        "fencer",
                                    "archer",        "diver",        "surfer",
                                    "playwright",    "dramatist",    "screenwriter",
                                    "choreographer", "illustrator",  "technician",
                                    "mechanic",      "operator",     "inspector",
                                    "clerk",         "courier",      "restorer",
                                    "craftsman",     "carpenter",    "electrician",
                                    "gardener",      "caretaker",    "bidder",
                                    "buyer",         "seller",       "tenant",
                                    "guide",         "analyst",      "developer",
                                    "coordinator",   "firefighter",  "paramedic",
                                    "lifeguard",     "detective",    "constable",
                                    "sergeant",      "investigator", "excavator",
                                    "maker",         "prescriber",   "consultant",
                                    "midwife",       "anaesthetist", "anesthetist",
                                    "radiologist",   "clinician",    "practitioner",
                                    "psychologist",  "counsellor",   "counselor",
                                    "paediatrician", "pediatrician", "optometrist",
                                    "skip",          "holder",       NULL};
    size_t k, i, n = strlen(col);
    if (n >= 4 && !strcasecmp(col + n - 4, "name"))
        return person_name_column(col); /* "name" apart, and first: most columns are named so */
    for (k = 0; w[k]; k++)
        for (i = 0, n = strlen(w[k]); col[i]; i++)
            if ((col[i] | 0x20) == w[k][0] && !strncasecmp(col + i, w[k], n) &&
                (n > 3 || ((i == 0 || !isalpha((unsigned char)col[i - 1])) &&
                           !isalpha((unsigned char)col[i + n]))))
                return 1; /* a short word whole: "vet", not "velvet" */
    return agent_word(col) ? 2 : 0;
}

/* A name ending in a word for a group of people ("Nørrebro String Quartet", "Aarhus Chamber
 * Orchestra"): no person, whatever its column, so "the quartet" is no surname of it. */
static int group_name(const char *raw)
{
    static const char *const w[] = {
        "quartet", "quintet", "trio",  "sextet",     "octet",   "ensemble", "orchestra", "choir",
        "chorus",  "consort", "band",  "singers",    "players", "sinfonia", "society",   "club",
        "team",    "crew",    "squad", "collective", "duo",     "troupe",   "company",   NULL};
    const char *last = strrchr(raw, ' ');
    size_t k;
    for (k = 0; last && w[k]; k++)
        if (!strcasecmp(last + 1, w[k]))
            return 1;
    return 0;
}

/* Two or three capitalised words of letters ("Yusuf Demir", "Zoë Brännström"), maybe after a
 * title ("Dr. Amara Osei"). */
/* The word at w is a particle of a family name, in lower case before it ("von" of "Heinrich
 * von Kleist", "van", "de", "da", "di", "du", "del", "der", "den", "ter", "ten"). */
static int name_particle(const char *w)
{
    static const char *const p[] = {"von", "van", "de",  "da",  "di",  "du",  "del",
                                    "der", "den", "ter", "ten", "dos", "das", NULL};
    size_t k, n;
    for (k = 0; p[k]; k++)
        if (!strncmp(w, p[k], n = strlen(p[k])) && w[n] == ' ')
            return 1;
    return 0;
}

static int personal_name(const char *raw)
{
    static const char *const title[] = {"Dr. ", "Dr ",    "Mr. ",   "Mr ",  "Mrs. ", "Mrs ", "Ms. ",
                                        "Ms ",  "Prof. ", "Capt. ", "Sir ", "Dame ", NULL};
    size_t k, words = 1, titled = 0, particles = 0;
    for (k = 0; title[k]; k++) /* after a title ("Dr. Amara Osei", "Mr. Okonkwo") */
        if (!strncmp(raw, title[k], strlen(title[k]))) {
            raw += strlen(title[k]);
            titled = 1;
            break;
        }
    for (k = 0; raw[k]; k++) {
        unsigned char ch = (unsigned char)raw[k];
        if (ch == ' ') {
            if (!raw[k + 1] || raw[k + 1] == ' ')
                return 0;
            words++;
        } else if (!(isalpha(ch) || ch >= 0x80 || ch == '\'' || ch == '-') &&
                   !(ch == '.' && k > 0 && isupper((unsigned char)raw[k - 1]) &&
                     (k == 1 || raw[k - 2] == ' ') && raw[k + 1] == ' ')) {
            return 0; /* but an initial is a word of a name ("A. Lindqvist") */
        }
        if ((k == 0 || raw[k - 1] == ' ') && !isupper(ch) && ch < 0x80 &&
            !(k > 0 && name_particle(raw + k) && ++particles))
            return 0; /* a letter beyond ASCII counts as a capital: "Østergaard", "Łukasz" */
    }
    return words + titled >= 2 && words <= 3 + particles; /* "Heinrich von Kleist" is three */
}

/* Word w (n bytes) is a whole word of text. */
static int has_word(const char *text, const char *w, size_t n)
{
    char b[64];
    size_t at;
    if (n >= sizeof(b))
        return 0;
    memcpy(b, w, n);
    b[n] = 0;
    return text_has(text, b, &at);
}

/* w (n bytes) is no words of a text cell of the rows but cell (i, key) itself. */
static int unique_words(const struct grow *g, size_t n, size_t i, const char *w, size_t len)
{
    size_t j;
    int k;
    for (j = 0; j < n; j++)
        for (k = 0; k < g[j].n; k++)
            if (!(j == i && k == g[i].key) && g[j].c[k].kind == CELL_TEXT &&
                has_word(g[j].c[k].text, w, len))
                return 0;
    return 1;
}

/* w (len bytes) is a word of a gold text cell other than those equal to `text` (another
 * person's name: "Nowak" of "Lena Nowak" beside "Ewa Nowak"; a place's name without its class
 * in another row's text). */
static int word_of_other_text(const struct grow *g, size_t n, const char *text, const char *w,
                              size_t len)
{
    size_t j;
    int k;
    for (j = 0; j < n; j++)
        for (k = 0; k < g[j].n; k++)
            if (g[j].c[k].kind == CELL_TEXT && strcmp(g[j].c[k].text, text) &&
                has_word(g[j].c[k].text, w, len))
                return 1;
    return 0;
}

/* The last word of a normalised name names a class of place or institution ("aldo river",
 * "mill lane school"); its length before that word in *stem. */
static int place_class(const char *text, size_t *stem)
{
    static const char *const w[] = {
        "river",     "lake",      "school",     "academy",    "college",    "hospital",
        "hotel",     "station",   "street",     "road",       "park",       "bridge",
        "tower",     "museum",    "gallery",    "library",    "stadium",    "arena",
        "airport",   "island",    "valley",     "forest",     "theatre",    "theater",
        "church",    "castle",    "market",     "mountain",   "glacier",    "reservoir",
        "canal",     "harbour",   "harbor",     "creek",      "line",       "route",
        "trail",     "lane",      "avenue",     "square",     "beach",      "hall",
        "centre",    "center",    "clinic",     "pier",       "quay",       "mall",
        "plaza",     "depot",     "yard",       "port",       "farm",       "wharf",
        "dock",      "docks",     "terminal",   "gardens",    "marina",     "observatory",
        "cathedral", "abbey",     "palace",     "manor",      "junction",   "warehouse",
        "factory",   "brewery",   "winery",     "vineyard",   "lighthouse", "fort",
        "zoo",       "aquarium",  "cinema",     "studios",    "quarry",     "dam",
        "falls",     "peak",      "ridge",      "cove",       "fjord",      "reef",
        "bay",       "branch",    "campus",     "store",      "office",     "elementary",
        "primary",   "secondary", "high",       "university", "institute",  "hut",
        "hutte",     "haus",      "hospiz",     "refuge",     "rifugio",    "refugio",
        "cabin",     "lodge",     "chalet",     "bothy",      "shelter",    "dairy",
        "creamery",  "bakery",    "distillery", NULL};
    const char *last = strrchr(text, ' ');
    size_t k;
    if (!last || last - text < 3)
        return 0;
    for (k = 0; w[k]; k++)
        if (w[k][0] == last[1] && !strcmp(last + 1, w[k])) {
            *stem = (size_t)(last - text);
            return 1;
        }
    return 0;
}

/* A normalised name opening with a class of place said before the name ("refuge de
 * chabourneou haut", "rifugio gnifetti", "capanna margherita"): where the name proper starts,
 * four letters or more; else 0. */
static size_t class_before(const char *text)
{
    static const char *const w[] = {"refuge de l'", "refuge des ", "refuge du ", "refuge de ",
                                    "refugi de ",   "refugio ",    "rifugio ",   "capanna ",
                                    "cabane des ",  "cabane du ",  "cabane de ", "bivacco ",
                                    "bivouac ",     "koca na ",    "koca pri ",  "koca ",
                                    "chata ",       "schronisko ", "berghaus ",  NULL};
    size_t k, n;
    for (k = 0; w[k]; k++)
        if (!strncmp(text, w[k], n = strlen(w[k])) && strlen(text + n) >= 4)
            return n;
    return 0;
}

/* A normalised name ending with a class of place glued on ("olpererhutte", "franz-senn-hutte",
 * "berghaus" aside): the length of the name before it, four letters or more; else 0. */
static size_t class_glued(const char *text)
{
    static const char *const w[] = {"hutte", "haus", NULL};
    size_t k, n = strlen(text), m;
    for (k = 0; w[k]; k++) {
        m = strlen(w[k]);
        if (n >= m + 4 && !strcmp(text + n - m, w[k]) && text[n - m - 1] != ' ')
            return n - m - (text[n - m - 1] == '-');
    }
    return 0;
}

/* The last word of normalised name x->text is a word of its column's name ("meadow stage" of
 * `stage_name`, "north hall" of `hall`): the column says the class, so the words before it
 * name the row ("Meadow 4"); their length in *stem. */
static int column_class(const struct gcell *x, size_t *stem)
{
    const char *last = strrchr(x->text, ' '), *p;
    size_t n;
    if (!last || last - x->text < 3 || !x->name)
        return 0;
    n = strlen(++last);
    for (p = x->name; n >= 3 && *p; p++)
        if ((p == x->name || !isalnum((unsigned char)p[-1])) && !strncasecmp(p, last, n) &&
            !isalnum((unsigned char)p[n])) {
            *stem = (size_t)(last - 1 - x->text);
            return 1;
        }
    return 0;
}

/* The rows' text keys share all but a closing number ("Ge 4/4 III 641", "Ge 4/4 III 648"):
 * each is also named by its number alone, as a table under the shared name lists them. */
void gold_key_numbers(struct grow *g, size_t n)
{
    const char *first;
    size_t i, p, len;
    if (n < 2 || g[0].key < 0 || g[0].c[g[0].key].kind != CELL_TEXT)
        return;
    first = g[0].c[g[0].key].text;
    p = strlen(first);
    while (p > 0 && first[p - 1] != ' ')
        p--; /* the shared part ends with a space: "ge 4/4 iii " */
    for (i = 0; i < n; i++) {
        const struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        if (!p || !x || x->kind != CELL_TEXT || strncmp(x->text, first, p) ||
            (len = strlen(x->text + p)) < 2 || strspn(x->text + p, "0123456789") != len)
            return;
    }
    for (i = 0; i < n; i++) {
        struct gcell *x = &g[i].c[g[i].key];
        x->alt = xrealloc(x->alt, (x->nalt + 1) * sizeof(*x->alt));
        x->alt[x->nalt++] = xstrdup(x->text + p);
    }
}

/* The rows' text keys all open with one word and go on with words of their own ("Vale Merlins",
 * "Vale Harriers"): each is also named without that word ("the Merlins"), a word the
 * question's set shares. */
void gold_key_prefix(struct grow *g, size_t n)
{
    const char *first;
    size_t i, j, p;
    if (n < 2 || g[0].key < 0 || g[0].c[g[0].key].kind != CELL_TEXT || !g[0].c[g[0].key].text)
        return;
    first = g[0].c[g[0].key].text;
    p = strcspn(first, " ");
    if (!first[p] || p < 2)
        return;
    p++; /* the shared word and its space: "vale " */
    for (i = 0; i < n; i++) {
        const struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        if (!x || x->kind != CELL_TEXT || !x->text || strncmp(x->text, first, p) ||
            strlen(x->text + p) < 4 || !isalpha((unsigned char)x->text[p]))
            return;
        for (j = 0; j < i; j++)
            if (!strcmp(g[j].c[g[j].key].text + p, x->text + p))
                return; /* the same rest twice: the word tells them apart */
    }
    for (i = 0; i < n; i++) {
        struct gcell *x = &g[i].c[g[i].key];
        x->alt = xrealloc(x->alt, (x->nalt + 1) * sizeof(*x->alt));
        x->alt[x->nalt++] = xstrdup(x->text + p);
    }
}

void gold_surnames(struct grow *g, size_t n)
{
    size_t i, len, place;
    int k;
    for (i = 0; i < n; i++) {
        struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        const char *last;
        if (!x || x->kind != CELL_TEXT)
            continue;
        if (x->person && (last = strrchr(x->text, ' ')) && (len = strlen(++last)) >= 3 &&
            !word_of_other_text(g, n, x->text, last, len) && !place_class(x->text, &len))
            x->surname = last; /* not "Glacier" of "Ferrante Glacier": a place, no person */
        if (x->person && (len = strcspn(x->text, " ")) >= 3 && x->text[len] &&
            unique_words(g, n, i, x->text, len) && !place_class(x->text, &place))
            x->given = xstrndup(x->text, len);
        if ((place_class(x->text, &len) || column_class(x, &len)) &&
            unique_words(g, n, i, x->text, len))
            x->stem = xstrndup(x->text, len);
        else if (!x->person && (len = class_before(x->text)) > 0 &&
                 unique_words(g, n, i, x->text + len, strlen(x->text + len)))
            x->stem = xstrdup(x->text + len);
        else if (!x->person && (len = class_glued(x->text)) > 0 &&
                 unique_words(g, n, i, x->text, len))
            x->stem = xstrndup(x->text, len);
        if (x->head && !unique_words(g, n, i, x->head, strlen(x->head)))
            x->head = NULL; /* "swift" of Common swift beside Pallid swift names neither */
    }
    for (i = 0; i < n; i++) /* a place in another column ("Worcester" for Worcester Cathedral) */
        for (k = 0; k < g[i].n; k++) {
            struct gcell *x = &g[i].c[k];
            if (k != g[i].key && x->kind == CELL_TEXT && !x->stem && !x->person &&
                place_class(x->text, &len) && !word_of_other_text(g, n, x->text, x->text, len))
                x->stem = xstrndup(x->text, len);
        }
    for (i = 0; i < n; i++) /* a person in another column ("Dr. Nowak" for "Dr. Ewa Nowak") */
        for (k = 0; k < g[i].n; k++) {
            struct gcell *x = &g[i].c[k];
            const char *last = x->text ? strrchr(x->text, ' ') : NULL;
            if (k == g[i].key || x->kind != CELL_TEXT || !x->person || !last ||
                strlen(++last) < 3 || word_of_other_text(g, n, x->text, last, strlen(last)))
                continue;
            x->surname = last;
        }
}

/* raw is a capitalised word and a common noun of four letters or more in lower case
 * ("American bison", "Common swift"; not "Red Arrow", "slate grey", "Tern-3 winglet"). */
static int noun_after_name(const char *raw)
{
    const char *sp = strchr(raw, ' ');
    size_t n;
    if (!sp || strchr(sp + 1, ' ') || !isupper((unsigned char)raw[0]) ||
        strspn(raw + 1, "abcdefghijklmnopqrstuvwxyz") != (size_t)(sp - raw) - 1)
        return 0;
    n = strlen(sp + 1);
    return n >= 4 && strspn(sp + 1, "abcdefghijklmnopqrstuvwxyz") == n;
}

/* A word that opens many names and so names none alone ("the", "club", "north", "saint"). */
static int generic_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "the",     "le",      "la",     "les",   "el",         "los",     "las",    "de",
        "di",      "da",      "der",    "die",   "das",        "club",    "team",   "new",
        "old",     "north",   "south",  "east",  "west",       "upper",   "lower",  "great",
        "little",  "saint",   "st",     "san",   "santa",      "sankt",   "royal",  "national",
        "city",    "grand",   "mount",  "mt",    "lake",       "port",    "fort",   "cape",
        "isle",    "dr",      "mr",     "mrs",   "ms",         "prof",    "sir",    "lady",
        "lord",    "hotel",   "cafe",   "bar",   "university", "college", "school", "museum",
        "central", "general", "united", "first", NULL};
    size_t k;
    for (k = 0; words[k]; k++)
        if (strlen(words[k]) == n && !strncmp(words[k], w, n))
            return 1;
    return 0;
}

/* The words of t are all letters, three or more apiece, and no roman numeral ("classic",
 * "community hall"; not "ii", "4x", "150mp"): words that only describe.  A town's river or
 * region after "im", "am", "an", "ob" or "en" does too ("Freiburg im Breisgau"). */
static int describing_words(const char *t)
{
    static const char *const by[] = {"im ", "am ", "an ", "ob ", "en ", NULL};
    size_t n;
    int k;
    if (!strncmp(t, "and ", 4) || !strncmp(t, "of ", 3))
        return 0; /* "Salt & Cinder", "Bank of …": the name goes on */
    for (k = 0; by[k]; k++)
        if (!strncmp(t, by[k], 3))
            t += 3;
    for (; *t; t += n + (t[n] == ' ')) {
        n = strcspn(t, " ");
        if (n < 3 || strspn(t, "abcdefghijklmnopqrstuvwxyz") < n || strspn(t, "ivxlc") == n)
            return 0;
    }
    return 1;
}

/* The first word of t, first long, is a code of letters and digits ("n3", "m42", "144p"). */
static int code_word(const char *t, size_t first)
{
    size_t d = strspn(t, "0123456789"), a = strspn(t, "abcdefghijklmnopqrstuvwxyz");
    return first >= 2 && first <= 6 &&
           ((a && a < first && strspn(t + a, "0123456789") == first - a) ||
            (d && d < first && strspn(t + d, "abcdefghijklmnopqrstuvwxyz") == first - d));
}

/* Each text key's leading words that name no other gold text (see struct gcell's lead). A key
 * that opens with a code of letters and digits gets that code ("N3" of "N3 Bahnhof –
 * Lindenhof"). Any other of two words or more, no person's name or date and no digit, gets one
 * word of four letters or more, or several of five characters or more, not opening with a
 * generic word, when the words left out only describe ("Brewline" for "Brewline Classic"; not
 * "Starfall" for "Starfall 2" nor "Nordlys" for "Nordlys II", other names). */
void gold_leads(struct grow *g, size_t n)
{
    size_t i, e, first;
    for (i = 0; i < n; i++) {
        struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        int nl = 0;
        if (x && x->kind == CELL_TEXT && !x->is_date && strchr(x->text, ' ') &&
            code_word(x->text, strcspn(x->text, " ")) &&
            unique_words(g, n, i, x->text, strcspn(x->text, " "))) {
            x->lead[0] = xstrndup(x->text, strcspn(x->text, " ")); /* "N3" of "N3 Bahnhof – …" */
            continue;
        }
        if (!x || x->kind != CELL_TEXT || x->person || x->is_date || x->versus ||
            !strchr(x->text, ' ') || strpbrk(x->text, "0123456789"))
            continue;
        first = strcspn(x->text, " ");
        if (generic_word(x->text, first))
            continue;
        for (e = strlen(x->text); nl < 3 && e > 0;) {
            while (e > 0 && x->text[e - 1] != ' ')
                e--; /* the next shorter run of leading words ends before this space */
            if (e == 0)
                break;
            e--;
            if ((e == first ? e >= 4 && strspn(x->text, "abcdefghijklmnopqrstuvwxyz") >= e
                            : e >= 5) &&
                describing_words(x->text + e + 1) && unique_words(g, n, i, x->text, e))
                x->lead[nl++] = xstrndup(x->text, e);
        }
    }
}

/* A name whose words may come in any order: no route or pairing ("Oslo–Bergen", "A vs B",
 * "Leeds, 2019", "x/y"), no joining word, and two words or more with letters. */
int name_any_order(const char *raw, const char *norm)
{
    static const char *const join[] = {"to",  "vs",   "v",   "versus", "and", "or", "from",
                                       "via", "than", "per", "by",     "of",  NULL};
    size_t b, e, words = 0;
    int k, letters;
    if (strpbrk(raw, "-/,:>&+") || strstr(raw, "\xe2\x80") || strstr(raw, "\xe2\x86"))
        return 0;
    for (b = 0; norm[b]; b = e + (norm[e] != '\0')) {
        for (e = b, letters = 0; norm[e] && norm[e] != ' '; e++)
            letters |= isalpha((unsigned char)norm[e]) != 0;
        for (k = 0; join[k]; k++)
            if (strlen(join[k]) == e - b && !strncmp(norm + b, join[k], e - b))
                return 0;
        words += letters;
    }
    return words >= 2;
}

void grow_build(const cJSON *row, const cJSON *cols, int keycol, struct grow *g, struct buf *tmp)
{
    const cJSON *c;
    int i = 0, k, pc;
    memset(g, 0, sizeof(*g));
    g->n = cJSON_GetArraySize(row);
    g->c = xcalloc((size_t)g->n + 1, sizeof(*g->c));
    g->key = -1;
    cJSON_ArrayForEach(c, row)
    {
        struct gcell *x = &g->c[i];
        const cJSON *name = cJSON_GetArrayItem(cols, i);
        if (cJSON_IsString(name)) {
            x->name = name->valuestring;
            x->counts = !strncasecmp(name->valuestring, "count", 5) ||
                        !strncasecmp(name->valuestring, "sum", 3) ||
                        !strncasecmp(name->valuestring, "avg", 3) ||
                        !strncasecmp(name->valuestring, "total", 5);
            x->unit = column_unit(name->valuestring);
            x->scale = column_scale(name->valuestring);
            x->rounded = column_rounded(name->valuestring) + 1;
            x->rankcol = column_is_rank(name->valuestring);
            x->year = name_has(name->valuestring, "year");
            x->side = column_side(name->valuestring); /* once, not per candidate */
            x->percent = strstr(name->valuestring, "pct") || strstr(name->valuestring, "perc") ||
                         strchr(name->valuestring, '%');
            column_own_word(cols, i, x->label);
            column_arg_word(cols, i, x->arg);
            x->fn = column_function_words(cols, i);
        }
        if (cJSON_IsString(c)) {
            x->kind = CELL_TEXT;
            text_norm(c->valuestring, strlen(c->valuestring), tmp, NULL);
            x->text = xstrndup(tmp->s, tmp->len);
            x->head = noun_after_name(c->valuestring) ? strrchr(x->text, ' ') + 1 : NULL;
            {
                size_t alloc = 0;
                text_variants(c->valuestring, &x->alt, &x->nalt, &alloc);
                month_number_names(x->name, c->valuestring, &x->alt, &x->nalt, &alloc);
                text_short_forms(x->text, &x->alt, &x->nalt, &alloc);
                model_without_maker(x->text, &x->alt, &x->nalt, &alloc);
                initials_form(x->text, &x->alt, &x->nalt, &alloc);
                leading_initials(x->text, &x->alt, &x->nalt, &alloc);
                sex_code_names(x->name, x->text, &x->alt, &x->nalt, &alloc);
                language_names(x->name, c->valuestring, &x->alt, &x->nalt, &alloc);
                country_code_names(x->name, c->valuestring, &x->alt, &x->nalt, &alloc);
                text_loose_forms(x->text, &x->alt, &x->nalt, &alloc);
                spelling_variant(x->text, &x->alt, &x->nalt, &alloc);
                year_month(x->text, &x->alt, &x->nalt, &alloc);
                family_first(c->valuestring, x->text, &x->alt, &x->nalt, &alloc);
                route_variant(c->valuestring, &x->alt, &x->nalt, &alloc);
                site_of_place(c->valuestring, &x->alt, &x->nalt, &alloc);
                unbracketed(c->valuestring, &x->alt, &x->nalt, &alloc);
                after_label(c->valuestring, &x->alt, &x->nalt, &alloc);
                comma_place(c->valuestring, &x->alt, &x->nalt, &alloc);
                year_of(c->valuestring, &x->alt, &x->nalt, &alloc);
                comma_inverted(c->valuestring, &x->alt, &x->nalt, &alloc);
                unhyphenated(c->valuestring, &x->alt, &x->nalt, &alloc);
                field_form(x->text, x->label, &x->alt, &x->nalt, &alloc);
                flag_forms(x->name, x->text, &x->alt, &x->nalt, &alloc); /* "with snowmaking" */
                x->person = x->name && (pc = people_column(x->name)) &&
                            personal_name(c->valuestring) && !group_name(c->valuestring) &&
                            (pc == 1 || !firm_name(c->valuestring));
                x->acronym = capitals_only(c->valuestring, 3, 5);
                x->code = capitals_only(c->valuestring, 2, 4);
                first_barrel(c->valuestring, x->person, &x->alt, &x->nalt, &alloc);
            }
            x->is_date = datetime_readings(c->valuestring, x->day, &x->date_order, x->clock);
            if (!x->is_date)
                x->is_date = date_readings(c->valuestring, x->day, &x->date_order);
            x->versus = strstr(x->text, " v ") || strstr(x->text, " vs");
            x->any_order = !x->is_date && name_any_order(c->valuestring, x->text);
        } else if (cJSON_IsNumber(c)) {
            size_t alloc = 0;
            x->kind = CELL_NUM, x->v = c->valuedouble;
            if (x->v == floor(x->v) && x->v >= 1 && x->v <= 12) { /* a month's, a quarter's */
                char raw[16];
                snprintf(raw, sizeof raw, "%d", (int)x->v);
                month_number_names(x->name, raw, &x->alt, &x->nalt, &alloc);
            }
            ordinal_names(x->name, x->v, &x->alt, &x->nalt, &alloc); /* "twelfth" century */
        } else if (cJSON_IsBool(c)) {
            x->kind = CELL_BOOL, x->v = cJSON_IsTrue(c);
        }
        if (x->kind == CELL_TEXT && (g->key < 0 || g->c[g->key].kind != CELL_TEXT ||
                                     (g->c[g->key].is_date && !x->is_date && strlen(x->text) > 2)))
            g->key = i; /* a name before a date: a date is more a value than a name (not a
                           grade of a letter or two: "A") */
        i++;
    }
    for (i = 0; g->key < 0 && i < g->n; i++)
        if (g->c[i].kind != CELL_NULL)
            g->key = i;
    if (keycol >= 0 && keycol < g->n && g->c[keycol].kind == CELL_TEXT)
        g->key = keycol;
    for (i = 0; g->key >= 0 && g->c[g->key].is_date && i < g->n; i++)
        if (g->c[i].kind == CELL_NUM && id_column(g->c[i].name))
            g->key = i; /* a date is a value beside an id ("job_id" 1113, "2024-05-08") */
    if (g->n > 1 && g->c[0].kind == CELL_NULL && g->key >= 0)
        g->key = 0; /* a NULL in the first column is the key: named by a none/unknown (a row
                       of NULLs only has no key) */
    g->paired = paired_columns(g, g->side_text, g->side_num); /* once, not per candidate */
    for (i = 0; i < g->n; i++) /* "Count: 0; maximum age: n/a": that 0 is the count's */
        for (k = 0; g->c[i].kind == CELL_NULL && k < g->n; k++)
            g->c[i].zero_beside |= g->c[k].kind == CELL_NUM && g->c[k].v == 0;
}

/* Mark each number whose column holds a value of 1 or more in magnitude in some row. */
/* The part of text cell x before a closing ", Town" ("st peter mancroft" of "St Peter
 * Mancroft, Norwich"), in *len: a name of two words or more, the town one or two words of
 * letters. */
static int before_town(const struct gcell *x, size_t *len)
{
    const char *comma = x->kind == CELL_TEXT && !x->is_date ? strstr(x->text, ", ") : NULL, *p;
    size_t words = 0;
    if (!comma || strstr(comma + 2, ", ") || !strchr(x->text, ' ') || strchr(x->text, ' ') > comma)
        return 0;
    for (p = comma + 2; *p; p++) {
        if (isdigit((unsigned char)*p))
            return 0;
        words += *p == ' ';
    }
    *len = (size_t)(comma - x->text);
    return words <= 1 && *len >= 6;
}

void gold_bare_places(struct grow *g, size_t n)
{
    size_t i, j, len, l2;
    int k, unique;
    for (i = 0; i < n; i++)
        for (k = 0; k < g[i].n; k++) {
            struct gcell *x = &g[i].c[k];
            if (!before_town(x, &len))
                continue;
            for (j = 0, unique = 1; j < n && unique; j++) { /* no other place of that name */
                const struct gcell *y = k < g[j].n ? &g[j].c[k] : NULL;
                if (!y || y->kind != CELL_TEXT || !strcmp(y->text, x->text))
                    continue;
                unique = !(strlen(y->text) == len && !strncmp(y->text, x->text, len)) &&
                         !(before_town(y, &l2) && l2 == len && !strncmp(y->text, x->text, len));
            }
            if (!unique)
                continue;
            x->alt = xrealloc(x->alt, (x->nalt + 1) * sizeof(*x->alt));
            x->alt[x->nalt++] = xstrndup(x->text, len);
        }
}

size_t common_word_prefix(char *const *t, size_t n)
{
    size_t len, i, k;
    if (n < 2 || !t[0])
        return 0;
    len = strlen(t[0]);
    for (i = 1; i < n && len; i++) {
        if (!t[i])
            return 0;
        for (k = 0; k < len && t[i][k] == t[0][k]; k++)
            ;
        len = k;
    }
    while (len > 0 && t[0][len - 1] != ' ')
        len--; /* back to a word's start */
    for (i = 0; len && i < n; i++)
        if (strlen(t[i] + len) < 4 || strspn(t[i] + len, "0123456789 ") == strlen(t[i] + len))
            return 0; /* each row keeps a name of its own: "jesmond", not "2" */
    return len;
}

/* Keys that all open with the same words ("Hearth & Crumb Jesmond", "Hearth & Crumb Ancoats"):
 * each is also named by the rest ("Jesmond"), the words they share naming no row. */
void gold_shared_prefix(struct grow *g, size_t n)
{
    char **t = xcalloc(n ? n : 1, sizeof(*t));
    size_t i, len;
    for (i = 0; i < n; i++) {
        const struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        t[i] = x && x->kind == CELL_TEXT && !x->person && !x->is_date ? x->text : NULL;
    }
    if ((len = common_word_prefix(t, n)) > 0)
        for (i = 0; i < n; i++) {
            struct gcell *x = &g[i].c[g[i].key];
            size_t a;
            for (a = 0; a < x->nalt && strcmp(x->alt[a], x->text + len); a++)
                ;
            if (a < x->nalt || (x->stem && !strcmp(x->stem, x->text + len)))
                continue; /* already a name of it ("stella alpina" of "rifugio stella alpina") */
            x->alt = xrealloc(x->alt, (x->nalt + 1) * sizeof(*x->alt));
            x->alt[x->nalt++] = xstrdup(x->text + len);
        }
    free(t);
}

/* A key not of a person whose last word is a plural ("Nguyễn Family Farms", "Tomatoes") is
 * also named in the singular, when no other row's key is that singular. */
void gold_singulars(struct grow *g, size_t n)
{
    size_t i, j;
    char one[128];
    for (i = 0; i < n; i++) {
        struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        int taken = 0;
        if (!x || x->kind != CELL_TEXT || x->person || x->is_date ||
            !singular_of(x->text, one, sizeof one))
            continue;
        for (j = 0; j < n && !taken; j++)
            taken = g[j].key >= 0 && g[j].c[g[j].key].kind == CELL_TEXT &&
                    !strcmp(g[j].c[g[j].key].text, one);
        if (taken)
            continue;
        x->alt = xrealloc(x->alt, (x->nalt + 1) * sizeof(*x->alt));
        x->alt[x->nalt++] = xstrdup(one);
    }
}

/* w is a word of four letters or more, a name's ("supermarine", "spitfire"). */
static int alpha_word(const char *w)
{
    size_t n = strlen(w);
    return n >= 4 && strspn(w, "abcdefghijklmnopqrstuvwxyz") == n;
}

/* w is a short code of letters ("jas", "cm"). */
static int letter_code(const char *w)
{
    size_t n = strlen(w);
    return n >= 2 && n <= 3 && strspn(w, "abcdefghijklmnopqrstuvwxyz") == n;
}

/* Word k of the n words w[] of a model's name is a designation: digits with letters or a mark
 * ("dh.82", "l-39", "330sc"), or a short code of letters and the number after it ("jas 39");
 * not a number alone ("Colégio 25 de Abril", "Type 2 diabetes"). */
static int designation(char *const *w, size_t n, size_t k)
{
    if (strpbrk(w[k], "0123456789"))
        return strspn(w[k], "0123456789") != strlen(w[k]) || (k > 0 && letter_code(w[k - 1]));
    return letter_code(w[k]) && k + 1 < n && strspn(w[k + 1], "0123456789") == strlen(w[k + 1]);
}

/* Add the words w[from, to) but those skipped (skip[k]) as a short form of key x of row i,
 * when they are two words or more that no other row's text holds. */
static void add_model_form(struct grow *g, size_t n, size_t i, char *const *w, const char *skip,
                           size_t from, size_t to)
{
    struct gcell *x = &g[i].c[g[i].key];
    struct buf f = BUF_INIT;
    size_t k, words = 0;
    for (k = from; k < to; k++)
        if (!skip[k]) {
            buf_addf(&f, "%s%s", words ? " " : "", w[k]);
            words++;
        }
    if (words >= 2 && strcmp(f.s, x->text) && unique_words(g, n, i, f.s, f.len)) {
        x->alt = xrealloc(x->alt, (x->nalt + 1) * sizeof(*x->alt));
        x->alt[x->nalt++] = buf_detach(&f, NULL);
    }
    buf_release(&f);
}

void gold_model_forms(struct grow *g, size_t n)
{
    size_t i, k, nw, last;
    for (i = 0; i < n; i++) {
        struct gcell *x = g[i].key >= 0 ? &g[i].c[g[i].key] : NULL;
        char *copy, *w[12], skip[12] = {0}, none[12] = {0};
        int any = 0, whole;
        if (!x || x->kind != CELL_TEXT || x->person || x->is_date || x->versus)
            continue;
        copy = xstrdup(x->text);
        for (nw = 0, k = 0; copy[k] && nw < 12; nw++) { /* its words, split at the spaces */
            w[nw] = copy + k;
            k += strcspn(copy + k, " ");
            if (copy[k])
                copy[k++] = '\0';
        }
        whole = !copy[k]; /* twelve words at most */
        for (k = 0, last = 0; k < nw; k++)
            if ((skip[k] = (char)designation(w, nw, k)))
                any = 1, last = k + 1;
        if (nw >= 3 && whole && any && !skip[0] && !skip[nw - 1]) {
            add_model_form(g, n, i, w, skip, 0, nw);    /* "saab gripen" of "saab jas 39 gripen" */
            add_model_form(g, n, i, w, none, last, nw); /* "tiger moth" of "… dh.82 tiger moth" */
        }
        if (nw >= 3 && whole && !any && (nw > 3 || strlen(w[nw - 1]) <= 3) && alpha_word(w[0]) &&
            alpha_word(w[1]))
            add_model_form(g, n, i, w, none, 1, nw); /* "spitfire mk ix" of "supermarine …" */
        free(copy);
    }
}

void gold_one_day(struct grow *g, size_t n)
{
    size_t i;
    int k;
    for (k = 0; n >= 2 && k < g[0].n; k++) {
        int same = 1;
        for (i = 0; i < n && same; i++)
            same = k < g[i].n && g[i].c[k].is_date == 1 && g[i].c[k].clock[0] &&
                   g[i].c[k].day[0] == g[0].c[k].day[0];
        for (i = 0; i < n && same; i++)
            g[i].c[k].one_day = 1;
    }
}

/* A column named for a measure stated in percent even below one ("acidity",
 * "contamination_pct"; not a humidity or a rate, whose 0.64 is 64%): its 0.42 is 0.42%. */
static int percent_measure(const char *name)
{
    static const char *const w[] = {"acidity", "contamin", "impurit", NULL};
    const char *p;
    int k;
    for (p = name; p && *p; p++)
        for (k = 0; w[k]; k++)
            if (!strncasecmp(p, w[k], strlen(w[k])))
                return 1;
    return 0;
}

void gold_past_one(struct grow *g, size_t n)
{
    size_t i, j;
    int k;
    for (k = 0; n && k < g[0].n; k++)
        for (i = 0; i < n; i++)
            if (k < g[i].n && g[i].c[k].kind == CELL_NUM &&
                (fabs(g[i].c[k].v) >= 1 || percent_measure(g[i].c[k].name)))
                for (j = 0; j < n; j++)
                    if (k < g[j].n)
                        g[j].c[k].past_one = 1;
}

/* A column named as an average ("avg_price", "mean_rating", "average_score"), no ROUND in its
 * name, whose values all have one or two decimals and one at least: the query rounded it, so a
 * number written more precisely that rounds to it is the value ("279.88" for 279.9). */
void gold_alias_rounding(struct grow *g, size_t n)
{
    static const char *const w[] = {"avg", "average", "mean", NULL};
    size_t i;
    int k, q, places, most;
    for (k = 0; n && k < g[0].n; k++) {
        const char *name = g[0].c[k].name;
        for (q = 0; name && w[q] && !name_has(name, w[q]); q++)
            ;
        if (!name || !w[q] || strchr(name, '(') || g[0].c[k].rounded)
            continue;
        for (i = 0, most = 0; i < n; i++) {
            const struct gcell *x = k < g[i].n ? &g[i].c[k] : NULL;
            if (!x || (x->kind != CELL_NUM && x->kind != CELL_NULL))
                break;
            if (x->kind == CELL_NUM) {
                double u = written_unit(x->v);
                places = u >= 1 ? 0 : u >= 0.1 * (1 - 1e-9) ? 1 : u >= 0.01 * (1 - 1e-9) ? 2 : 3;
                most = places > most ? places : most;
            }
        }
        if (i < n || most < 1 || most > 2)
            continue;
        for (i = 0; i < n; i++)
            if (g[i].c[k].kind == CELL_NUM)
                g[i].c[k].kept = most + 1;
    }
}

/* A number column whose values over four gold rows or more are 1 to their count, each once
 * (a bell, a seat, a running order), and no aggregate: a list's numbers may give it, as a
 * rank column's ("1. Margaret Tolley (treble)" rings bell 1), but not a record's place. */
void gold_list_numbers(struct grow *g, size_t n)
{
    unsigned char seen[65];
    size_t i;
    int k, all;
    for (k = 0; n >= 4 && n <= 64 && k < g[0].n; k++) {
        if (k == g[0].key || !g[0].c[k].name || strchr(g[0].c[k].name, '('))
            continue;
        memset(seen, 0, sizeof seen);
        for (i = 0, all = 1; i < n && all; i++) {
            const struct gcell *x = k < g[i].n ? &g[i].c[k] : NULL;
            all = x && x->kind == CELL_NUM && x->v >= 1 && x->v <= (double)n &&
                  x->v == floor(x->v) && !seen[(int)x->v]++;
        }
        for (i = 0; i < n && all; i++)
            if (!g[i].c[k].rankcol)
                g[i].c[k].rankcol = 2; /* by a list number only, not a place */
    }
}

void gold_date_order(struct grow *g, size_t n)
{
    size_t i;
    int col, seen;
    for (col = 0; n > 1 && col < g[0].n; col++) {
        for (i = 0, seen = 0; i < n; i++)
            if (col < g[i].n && g[i].c[col].date_order)
                seen |= g[i].c[col].date_order;
        if (seen != 1 && seen != 2)
            continue; /* none, or both: each row as it reads */
        for (i = 0; i < n; i++) {
            struct gcell *x = col < g[i].n ? &g[i].c[col] : NULL;
            if (!x || x->is_date != 2)
                continue;
            x->day[0] = x->day[seen == 2 ? 0 : 1]; /* the readings are day first, then month */
            x->is_date = 1;
        }
    }
}

void grow_free(struct grow *g)
{
    int i;
    size_t k;
    for (i = 0; i < g->n; i++) {
        for (k = 0; k < g->c[i].nalt; k++)
            free(g->c[i].alt[k]);
        free(g->c[i].alt);
        free(g->c[i].text);
        free(g->c[i].stem);
        free(g->c[i].given);
        for (k = 0; k < 3; k++)
            free(g->c[i].lead[k]);
    }
    free(g->c);
}
