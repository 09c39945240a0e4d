/* answer_outline.c: an answer written as an outline — nested bullets or Markdown headings over
 * their items — flattened into one line per row before it is cut into rows:
 *
 *   - **Finance**            ->  - Rosa Ilunga (Finance)
 *     - Rosa Ilunga
 *   - 1. Sgurr Mor           ->  - 1. Sgurr Mor - 1,110 m
 *     - 1,110 m
 *   ## 2. Fernhill Folk      ->  - 2. Fernhill Folk - 36,500 attendees
 *   36,500 attendees
 *   - 1st place              ->  - 1st place: Hanne Vestby — 6:55.1
 *     - Hanne Vestby — 6:55.1
 *   Lio Armand:              ->  - Linear Algebra (Lio Armand)
 *     - Linear Algebra
 *
 * A leaf that is only a value joins its parent's line; a leaf that names something keeps its
 * line and takes its parent's label: as a rank when the label is an ordinal, in parentheses
 * when it is a short group label.  An answer with no nesting is left as it is. */
#include "score_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

#define OUTLINE_MAX 256 /* lines; a longer answer is left as it is */

struct oline {
    const char *p; /* the text after its indent, bullet and heading marks, emphasis dropped */
    size_t n;
    const char *raw; /* the same before emphasis and a closing colon are dropped */
    size_t rn;
    int depth;    /* headings by level (1..6), then bullets and text below them by indent */
    int parent;   /* the nearest line above of smaller depth, or -1 */
    int children; /* lines whose parent it is */
    int used;     /* joined into a child's line */
    int how;      /* a leaf: 1 joins its parent as its value, 2 under its ordinal, 3 takes its
                     group label, 4 is a field of the record its parent names; 0 as it is */
    int bullet;   /* a list item ("- ", "* ", "+ ") */
    int group;    /* a line closed by a colon over list items at its own indent, one of several
                     ("**Daniel Osei** manages:" / "- Tove Eriksen") */
};

/* Bold and italic marks around t[0, n) dropped from its ends. */
static void unmark(const char **p, size_t *n)
{
    while (*n && strchr("*_", **p))
        (*p)++, (*n)--;
    while (*n && (strchr("*_ :", (*p)[*n - 1])))
        (*n)--;
}

/* A line that is only a short bold title ("**Orion Freight**", "**Bluecape Lines:**"). */
static int bold_title(const char *t, size_t n)
{
    size_t i;
    while (n && (t[n - 1] == ' ' || t[n - 1] == ':'))
        n--;
    if (n < 5 || strncmp(t, "**", 2) || strncmp(t + n - 2, "**", 2) || n > 48)
        return 0;
    for (i = 2; i + 2 < n; i++)
        if (t[i] == '*')
            return 0;
    return 1;
}

/* Reads line t[0, n): its depth (0 for a blank line) and its text. */
static int outline_line(const char *t, size_t n, int heading_depth, struct oline *o)
{
    size_t i = 0, ind = 0;
    o->bullet = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        ind += t[i++] == '\t' ? 4 : 1;
    if (i == n)
        return 0;
    if (t[i] == '#') {
        size_t h = 0;
        while (i < n && t[i] == '#')
            i++, h++;
        if (h > 6 || i == n || t[i] != ' ')
            return -1;
        o->depth = (int)h;
    } else if (strchr("-*+", t[i]) && i + 1 < n && t[i + 1] == ' ') {
        i += 2;
        o->depth = 10 + (int)ind;
        o->bullet = 1;
    } else if (strchr("|{}[]`<", t[i])) {
        return -1; /* a table, JSON, code or markup: not an outline */
    } else if (bold_title(t + i, n - i)) {
        o->depth = 6; /* "**Orion Freight**" over its items: a heading of the lowest level */
    } else {
        o->depth = heading_depth ? 10 + (int)ind + 1000 : 10 + (int)ind; /* text under a heading */
    }
    while (i < n && t[i] == ' ')
        i++;
    o->p = o->raw = t + i, o->n = o->rn = n - i;
    unmark(&o->p, &o->n);
    return o->n > 0 ? 1 : 0;
}

/* The colon after a label of at most three words that opens p[0, n) and is followed by a
 * space ("medals: 7", "Customer: Beatriz Santos"), or NULL. */
static const char *field_colon(const char *p, size_t n)
{
    const char *colon = memchr(p, ':', n);
    size_t i, words = 1;
    if (!colon || (size_t)(colon - p) + 1 >= n || colon[1] != ' ')
        return NULL;
    for (i = 0; p + i < colon; i++)
        words += p[i] == ' ';
    return words <= 3 ? colon : NULL;
}

/* Only a value: digits first, or a sign or currency before them, and at most four words
 * ("1,110 m", "48,000 attendees", "$12.50"), maybe after a label of up to three words
 * ("medals: 7"). */
static int value_only(const char *p, size_t n)
{
    size_t i, words = 1;
    const char *colon = field_colon(p, n);
    if (colon && colon - p < 30 && (size_t)(colon - p) + 2 < n)
        return value_only(colon + 2, n - (size_t)(colon - p) - 2);
    if (!n || !(isdigit((unsigned char)p[0]) ||
                ((p[0] == '-' || p[0] == '$') && n > 1 && isdigit((unsigned char)p[1])) ||
                (unsigned char)p[0] >= 0xC2))
        return 0;
    for (i = 0; i < n; i++)
        words += p[i] == ' ';
    return words <= 4;
}

/* A rank said as an ordinal ("1st place", "Second", "3rd"). */
static int ordinal(const char *p, size_t n)
{
    static const char *const w[] = {"first", "second", "third", "fourth", "fifth", "1st",
                                    "2nd",   "3rd",    "4th",   "5th",    "6th",   NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (n >= strlen(w[k]) && !strncasecmp(p, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* A short label of a group: at most four words, no digit. */
static int group_label(const char *p, size_t n)
{
    size_t i, words = 1;
    for (i = 0; i < n; i++) {
        if (isdigit((unsigned char)p[i]))
            return 0;
        words += p[i] == ' ';
    }
    return words <= 4;
}

/* A line of capitalised words closed by a colon, no list item ("Lio Armand:" over its
 * indented items). */
static int name_line(const struct oline *o)
{
    size_t i;
    if (o->bullet || o->rn < 2 || o->raw[o->rn - 1] != ':' || !group_label(o->p, o->n))
        return 0;
    for (i = 0; i < o->n; i++)
        if ((i == 0 || o->p[i - 1] == ' ') && !isupper((unsigned char)o->p[i]))
            return 0;
    return 1;
}

/* A field of a record ("Customer: Beatriz Santos"): a label of up to three words, a colon. */
static int field_line(const struct oline *o)
{
    const char *colon = field_colon(o->p, o->n);
    return colon && colon != o->p;
}

/* A line that leads into a list, a clause of three words or more, only its first capitalised,
 * closed by a colon ("**Cheeses priced above that:**"): what follows are rows, not the fields of
 * a record it names ("**Order #10452**", "**Bluecape Lines:**") nor a group ("**Omar Reyes**
 * tutors:"). */
static int lead_in_line(const struct oline *o)
{
    size_t i, words = 1, rn = o->rn;
    int lower = 0;
    while (rn && strchr("*_ ", o->raw[rn - 1]))
        rn--;
    if (rn < 2 || (o->raw[rn - 1] != ':' && o->depth != 6))
        return 0; /* or a bold title that reads as one ("**Total fees per dinghy**") */
    for (i = 0; i < o->n; i++) {
        words += o->p[i] == ' ';
        lower |= (i == 0 || o->p[i - 1] == ' ') && islower((unsigned char)o->p[i]);
        if (i > 0 && o->p[i - 1] == ' ' && isupper((unsigned char)o->p[i]))
            return 0; /* a name heads a group: "**Omar Reyes** tutors:" */
    }
    return words >= 3 && lower && !o->group;
}

/* Whether every child of line i is a field of a record. */
static int fields_under(const struct oline *l, int nl, int i)
{
    int j, any = 0;
    for (j = i + 1; j < nl; j++)
        if (l[j].parent == i) {
            if (!field_line(&l[j]))
                return 0;
            any = 1;
        }
    return any;
}

/* Lines closed by a colon, no list item, each over list items at its own indent: when there
 * are two or more, they head groups ("Finance:" / "- Rosa Ilunga" / "Legal:" / …), so each
 * is set one level above its items.  A single one is a lead-in ("Teams with no losses:"). */
static void colon_groups(struct oline *l, int nl)
{
    int i, n = 0;
    for (i = 0; i + 1 < nl; i++)
        l[i].group = !l[i].bullet && l[i].depth >= 10 && l[i].depth < 1000 && l[i].rn > 1 &&
                     l[i].raw[l[i].rn - 1] == ':' && l[i + 1].bullet &&
                     l[i + 1].depth == l[i].depth;
    l[nl - 1].group = 0;
    for (i = 0; i < nl; i++)
        n += l[i].group;
    for (i = 0; i < nl && n >= 2; i++)
        if (l[i].group)
            l[i].depth--;
}

/* A line as a list item: its text with emphasis dropped, or as written when raw. */
static void emit(struct buf *out, const struct oline *o, int raw)
{
    buf_adds(out, "- ");
    if (raw)
        buf_add(out, o->raw, o->rn);
    else
        buf_add(out, o->p, o->n);
}

int answer_outline(const char *ans, struct buf *out)
{
    struct oline l[OUTLINE_MAX];
    size_t nl = 0, b, e, n = strlen(ans);
    int i, j, heading = 0, nested = 0;
    for (b = 0; b < n && nl < OUTLINE_MAX; b = e + 1) {
        int r;
        for (e = b; e < n && ans[e] != '\n'; e++)
            ;
        if ((r = outline_line(ans + b, e - b, heading, &l[nl])) < 0)
            return 0;
        if (r == 0)
            continue;
        heading = l[nl].depth <= 6 ? 1 : heading;
        nl++;
    }
    if (b < n || !nl)
        return 0;
    colon_groups(l, (int)nl);
    for (i = 0; i < (int)nl; i++) {
        l[i].parent = -1, l[i].children = 0, l[i].used = 0;
        for (j = i - 1; j >= 0 && l[i].parent < 0; j--)
            if (l[j].depth < l[i].depth)
                l[i].parent = j;
        if (l[i].parent >= 0) /* a list item under another or a name line, or anything under a
                                 heading */
            l[l[i].parent].children++,
                nested |= (l[i].bullet && (l[l[i].parent].bullet || name_line(&l[l[i].parent]) ||
                                           l[l[i].parent].group)) ||
                          l[l[i].parent].depth <= 6;
    }
    if (!nested)
        return 0;
    for (i = 0; i < (int)nl; i++) { /* which parents their leaves say */
        struct oline *o = &l[i], *p = o->parent >= 0 ? &l[o->parent] : NULL;
        o->how = 0;
        if (o->children || !p)
            continue;
        if (p->children == 1 && (value_only(o->p, o->n) || ordinal(p->p, p->n)))
            o->how = value_only(o->p, o->n) ? 1 : 2, p->used = 1;
        else if (fields_under(l, (int)nl, o->parent) && !ordinal(p->p, p->n) && !lead_in_line(p))
            o->how = 4, p->used = 1; /* "**Order #10452**" over its record's fields */
        else if (group_label(p->p, p->n) && !ordinal(p->p, p->n) && !lead_in_line(p))
            o->how = 3, p->used = 1;
    }
    buf_reset(out);
    for (i = 0; i < (int)nl; i++) {
        struct oline *o = &l[i], *p = o->parent >= 0 ? &l[o->parent] : NULL;
        if (o->children && o->used)
            continue; /* said through its leaves */
        if (o->how == 4 && i > 0 && l[i - 1].how == 4 && l[i - 1].parent == o->parent) {
            buf_setlen(out, out->len - 1); /* the record's line so far, without its end */
            buf_adds(out, " | "), buf_add(out, o->p, o->n);
        } else if (o->how == 4) { /* "TK 903 | Pilot: Capt. Oyelaran | …", as fields join */
            buf_add(out, p->p, p->n), buf_adds(out, " | "), buf_add(out, o->p, o->n);
        } else if (o->how == 3) {
            emit(out, o, 0), buf_adds(out, " ("), buf_add(out, p->p, p->n), buf_adds(out, ")");
        } else if (o->how) {
            emit(out, p, 0), buf_adds(out, o->how == 1 ? " - " : ": "), buf_add(out, o->p, o->n);
        } else if (o->children) { /* a title over its items: a lead-in, no item */
            buf_add(out, o->raw, o->rn);
            if (o->rn && o->raw[o->rn - 1] != ':')
                buf_addch(out, ':'); /* said as one ("Heat results (final):") */
        } else {
            emit(out, o, 1); /* a line of its own */
        }
        buf_addch(out, '\n');
    }
    return 1;
}
