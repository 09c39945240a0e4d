/* answer_final.c: finds the final answer in a reply — after an answer marker, the structured
 * block or the concluding paragraph of a reasoning, a JSON answer, an answer-first line —
 * with thinking blocks dropped; the rules are in score.h.  answer.c parses what it returns
 * into candidate rows. */
#include "score_int.h"

#include "xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* ---- the final answer ------------------------------------------------------------------------ */

size_t answer_line_end(const char *t, size_t i, size_t n)
{
    const char *e = memchr(t + i, '\n', n - i);
    return e ? (size_t)(e - t) : n;
}

int answer_blank_line(const char *t, size_t b, size_t e)
{
    for (; b < e; b++)
        if (t[b] != ' ' && t[b] != '\t')
            return 0;
    return 1;
}

/* Where t[0, e) ends without its trailing spaces and line ends. */
static size_t trimmed_end(const char *t, size_t e)
{
    while (e > 0 && (t[e - 1] == '\n' || t[e - 1] == ' '))
        e--;
    return e;
}

/* Where the paragraph ending at t[e] starts: after the blank line before it, or 0. */
static size_t paragraph_start(const char *t, size_t e)
{
    while (e > 0 && !(t[e - 1] == '\n' && e > 1 && t[e - 2] == '\n'))
        e--;
    return e;
}

/* A line that opens the prompt's Reasoning section ("**Reasoning:**", "## Reasoning"). */
static int reasoning_head(const char *p, size_t n)
{
    size_t i = strspn(p, "#*_> ");
    if (i + 4 <= n && (!strncasecmp(p + i, "the ", 4) || !strncasecmp(p + i, "my ", 3)))
        i += p[i + 2] == ' ' ? 3 : 4; /* "The reasoning:", "My reasoning:" */
    return i + 9 <= n && !strncasecmp(p + i, "reasoning", 9);
}

/* The field line t[b, e) opens with "Here" or a word of working, or says "I" before its
 * colon: a lead-in to what follows ("Here's how I got there:", "Here are the results:", "As
 * far as I can tell:", "Checking the orders:"). */
static int lead_in(const char *t, size_t b, size_t e)
{
    static const char *const doing[] = {"Checking ", "Looking ", "Going through ",   "Scanning ",
                                        "Counting ", "Counted ", "Working through ", NULL};
    const char *colon = memchr(t + b, ':', e - b);
    size_t i;
    if (!colon)
        return 0;
    if (!strncmp(t + b + strspn(t + b, "*_#> "), "Here", 4))
        return 1;
    for (i = 0; doing[i]; i++) /* "Checking the carrot orders: the only one is …" */
        if (!strncmp(t + b + strspn(t + b, "*_#> "), doing[i], strlen(doing[i])))
            return 1;
    for (i = b; t + i + 2 < colon; i++)
        if (!strncmp(t + i, " I ", 3))
            return 1;
    return 0;
}

/* The line t[b, e) is a name, a dash, then a field ("Organoid assay — budget: 67,000"). */
static int dash_field(struct scorer *s, const char *t, size_t b, size_t e)
{
    static const char *const dash[] = {" \xe2\x80\x94 ", " \xe2\x80\x93 ", " - ", NULL};
    size_t x, y, n;
    int k;
    for (k = 0; dash[k]; k++) {
        const char *d = strstr(t + b, dash[k]);
        if (d && d < t + e && (n = (size_t)(d - t) + strlen(dash[k])) < e &&
            re_find(s, s->line_field, t + n, e - n, 0, &x, &y))
            return 1;
    }
    return 0;
}

/* A line that starts a list item, a table row, JSON, a key: value field or "Rank 2". */
/* t[b, e) is a table row without its outer pipes ("lot 11 | Leaves of Grass | sold | 12800"):
 * cells set apart by " | ". */
static int pipe_cells(const char *t, size_t b, size_t e)
{
    const char *bar = memchr(t + b, '|', e - b);
    return bar && bar > t + b && bar[-1] == ' ' && (size_t)(bar - t) + 1 < e && bar[1] == ' ';
}

/* The line t[b, e) is a field labelled by a date or a month ("2024-07: 9", "2023-07-15: 18.4,
 * 24.6"). */
static int date_label(const char *t, size_t b, size_t e)
{
    size_t d = strspn(t + b, "0123456789");
    if (d != 4 || t[b + 4] != '-' || strspn(t + b + 5, "0123456789") != 2)
        return 0;
    d = 7;
    if (t[b + d] == '-' && strspn(t + b + 8, "0123456789") == 2)
        d = 10;
    return b + d + 2 < e && t[b + d] == ':' && t[b + d + 1] == ' ';
}

/* t[b, e) is a record of two assignments or more ("season=autumn   total_weight_kg=1040"):
 * each a name of letters, digits or '_' glued to '=' and a value. */
static int assignments(const char *t, size_t b, size_t e)
{
    const char *p = memchr(t + b, '=', e - b);
    size_t i, n = 0;
    for (i = p ? (size_t)(p - t) : e; i + 1 < e; i++)
        if (t[i] == '=' && i > b && (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '_') &&
            t[i + 1] != ' ' && t[i + 1] != '=')
            n++;
    return n >= 2;
}

static int structured_line(struct scorer *s, const char *t, size_t b, size_t e)
{
    size_t x, y;
    while (b < e && (t[b] == ' ' || t[b] == '\t'))
        b++;
    if (reasoning_head(t + b, e - b))
        return 0; /* "**Reasoning:** Each sentence…" is the prompt's other section, no field */
    if (e - b > 9 && !strncasecmp(t + b + strspn(t + b, "*_#> "), "question:", 9))
        return 0; /* "Question: Who is …?": the question restated, no record */
    if (b < e && strchr("|[{`]}", t[b]))
        return 1; /* a table, JSON (its closing brackets too), code */
    if (pipe_cells(t, b, e) || assignments(t, b, e) || date_label(t, b, e))
        return 1;
    if (e - b > 3 && t[b] == '#' && t[b + strspn(t + b, "#")] == ' ' &&
        isdigit((unsigned char)t[b + strspn(t + b, "# ")]))
        return 1; /* a numbered heading over its item: "## 2. Fernhill Folk Weekend" */
    if (re_find(s, s->bullet, t + b, e - b, 0, &x, &y))
        return 1;
    return ((re_find(s, s->field, t + b, e - b, 0, &x, &y) ||
             re_find(s, s->line_field, t + b, e - b, 0, &x, &y) || dash_field(s, t, b, e)) &&
            !lead_in(t, b, e)) ||
           (e - b < 12 && !strncmp(t + b, "Rank", 4));
}

/* A short line that concludes a list ("So 4 languages.", "In total: 4"). */
static int concludes(const char *p, size_t n)
{
    static const char *const w[] = {"So ",   "Therefore", "Thus",     "In total",
                                    "Total", "That's ",   "That is ", NULL};
    int k;
    if (n > 80)
        return 0;
    for (k = 0; w[k]; k++)
        if (n >= strlen(w[k]) && !strncmp(p, w[k], strlen(w[k])))
            return 1;
    return 0;
}

static int record_heading(struct scorer *s, const char *t, size_t b, size_t e, size_t n);

/* From `from`: the first paragraph, cut at a line that starts an explanation, and the
 * paragraphs after it while they continue a list, table or record (also a record under a
 * heading line: "**TK 903**" over "Pilot: …"). */
/* The line t[b, e) is a short item without a list mark, no sentence ("HMS Tessel (1898)"): as
 * a list's first line under a lead-in ("The three oldest ships are:"). */
static int short_item(const char *t, size_t b, size_t e)
{
    size_t i;
    if (e - b > 60 || e - b < 2 || t[e - 1] == '.' || t[e - 1] == ':')
        return 0;
    for (i = b; i + 1 < e; i++)
        if (strchr(".!?", t[i]) && t[i + 1] == ' ')
            return 0;
    return 1;
}

/* The marker's own line t[b, e) is a title of what follows ("**Answer:** total moves per
 * round"): a few words, no digit, no comma, colon or full stop. */
static int title_after(const char *t, size_t b, size_t e)
{
    size_t i, words = 1;
    b += strspn(t + b, " *_");
    if (e <= b || e - b > 60 || strchr(".!?", t[e - 1]))
        return 0;
    for (i = b; i < e; i++) {
        if (isdigit((unsigned char)t[i]) || strchr(",;:|", t[i]))
            return 0; /* not a field of its own ("Inspector: Brendan Kiely") */
        words += t[i] == ' ';
    }
    return words >= 2 && words <= 8;
}

/* The line t[b, e) is one sentence that opens with a count ("six animals were born in
 * 2022.", "the four services priced at £19.50"): to a question for many rows, a lead-in to
 * the rows set out under it. */
static int opens_count(const char *t, size_t b, size_t e)
{
    size_t i, len;
    b += strspn(t + b, " *_");
    if (e - b > 4 && !strncasecmp(t + b, "the ", 4))
        b += 4; /* "the four Pelham Summit services priced at £19.50, though …" */
    for (i = b; i + 1 < e; i++)
        if (strchr(".!?", t[i]) && t[i + 1] == ' ')
            return 0;
    if (isdigit((unsigned char)t[b]))
        return t[b + strspn(t + b, "0123456789")] == ' ';
    return small_number_at(t + b, &len) >= 2 && t[b + len] == ' ';
}

/* Bytes b..e are a record's field written in lower case, as a program prints one ("name: Zoe
 * Parks", "note: Northside, left 29 February 2024"). */
static int lower_field(const char *t, size_t b, size_t e)
{
    size_t k = b;
    while (k < e && (islower((unsigned char)t[k]) || t[k] == '_' ||
                     (k > b && t[k] == ' ' && islower((unsigned char)t[k + 1]))))
        k++;
    return k > b && k - b <= 30 && k + 2 < e && t[k] == ':' && t[k + 1] == ' ';
}

static void take_block(struct scorer *s, const char *t, size_t n, size_t from, struct buf *out)
{
    size_t i = from, b, e, prev = from;
    int para_lines = 0, structured = 0, lead_in = 1, blank = 0, titled = 0;
    buf_reset(out);
    while (i < n) {
        size_t le = answer_line_end(t, i, n);
        if (answer_blank_line(t, i, le)) {
            blank = para_lines > 0;
        } else {
            int st = structured_line(s, t, i, le) || record_heading(s, t, i, le, n) ||
                     (blank && lead_in && short_item(t, i, le));
            if (re_find(s, s->stop, t + i, le - i, 0, &b, &e) && out->len &&
                !(!blank && lower_field(t, i, le) && lower_field(t, prev, i)))
                break; /* not "note: …" under "name: …": a field of the record */
            prev = i;
            if (blank && !(st && (structured || lead_in))) {
                if (structured && concludes(t + i, le - i)) { /* "So 4 languages." */
                    buf_addch(out, '\n');
                    buf_add(out, t + i, le - i);
                    buf_addch(out, '\n');
                }
                break;
            }
            if (!para_lines || blank)
                structured = st;
            if (blank && titled)
                buf_reset(out); /* the title is no row of what it heads */
            else if (blank)
                buf_addch(out, '\n');
            titled = 0;
            blank = 0;
            para_lines++;
            buf_add(out, t + i, le - i);
            buf_addch(out, '\n');
            titled = para_lines == 1 && title_after(t, i, le);
            lead_in = (le > i && t[le - 1] == ':') || titled ||
                      (para_lines == 1 && s->many_rows && opens_count(t, i, le));
        }
        i = le + 1;
    }
}

/* A group's heading that names its group: opened by a bold span ("**Daniel Osei** manages"),
 * or of at most six words, two of them capitalised ("Sun-hee Park manages"). */
static int named_heading(const char *t, size_t n)
{
    size_t i, words = 1, caps = 0;
    if (n > 4 && !strncmp(t, "**", 2) && memchr(t + 2, '*', n - 2))
        return 1;
    for (i = 0; i < n; i++) {
        words += t[i] == ' ';
        caps += (i == 0 || t[i - 1] == ' ') && isupper((unsigned char)t[i]);
    }
    return words <= 6 && caps >= 2;
}

/* A short line that heads a record: the next line is a field ("Order 1043" over
 * "  customer: Greta Holm"). */
static int record_heading(struct scorer *s, const char *t, size_t b, size_t e, size_t n)
{
    size_t x, y, nb = e + 1, ne;
    if (e - b > 40 || e == b || strchr(".!?", t[e - 1]) || nb >= n)
        return 0;
    ne = answer_line_end(t, nb, n);
    if (t[e - 1] == ':' && named_heading(t + b, e - b - 1) &&
        re_find(s, s->bullet, t + nb, ne - nb, 0, &x, &y))
        return 1; /* "**Daniel Osei** manages:" over "- Tove Eriksen" */
    /* "Lammergeier:" heads a record only over indented fields (YAML) */
    if (t[e - 1] == ':' && t[nb] != ' ' && t[nb] != '\t')
        return 0;
    while (nb < ne && (t[nb] == ' ' || t[nb] == '\t'))
        nb++;
    if (t[b] == '#' && re_find(s, s->bullet, t + nb, ne - nb, 0, &x, &y))
        nb += y; /* "### Lyon" over "- Stores: 12" */
    else if (e - b > 4 && !strncmp(t + b, "**", 2) &&
             !strncmp(t + e - 2 - (t[e - 1] == ':'), "**", 2) &&
             re_find(s, s->bullet, t + nb, ne - nb, 0, &x, &y))
        return 1; /* "**Bluecape Lines**" over "- Mistral (berth 2)": a group's heading */
    return re_find(s, s->field, t + nb, ne - nb, 0, &x, &y);
}

/* A paragraph after a blank line that opens an explanation ("**Note:** Lanterns are mentioned
 * only…"), though written as a field: it ends the run before it, as after an answer marker. */
static int explains(struct scorer *s, const char *t, size_t b, size_t e, int after_blank)
{
    size_t x, y;
    return after_blank && re_find(s, s->stop, t + b, e - b, 0, &x, &y);
}

/* The last run of list/table/record paragraphs, unless prose after it concludes. */
/* The word p[0, n) opens a conclusion: "So", "Therefore", "Thus", "Overall". */
static int opens_conclusion(const char *p, size_t n)
{
    static const char *const w[] = {"Putting that together",
                                    "Putting it together",
                                    "Putting this together",
                                    "Putting it all together",
                                    "Taken together",
                                    "Altogether,",
                                    "All in all",
                                    "To sum up",
                                    "In summary",
                                    "In sum,",
                                    "In conclusion",
                                    "To conclude",
                                    "To summarise",
                                    "To summarize",
                                    "Summing up",
                                    "Taking all of this into account",
                                    "Taking all this into account",
                                    "Taking everything into account",
                                    "All things considered",
                                    "Pulling this together",
                                    "Pulling it together",
                                    "Pulling it all together",
                                    NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(p, w[k], strlen(w[k])))
            return 1;
    return (n == 2 && !strncmp(p, "So", 2)) ||
           (n == 3 && (!strncmp(p, "So,", 3) || !strncmp(p, "So:", 3))) ||
           (n >= 4 && (!strncmp(p, "Therefore", 9) || !strncmp(p, "Thus", 4) ||
                       !strncmp(p, "Overall", 7) || !strncmp(p, "Hence", 5)));
}

static int starts_with_any(const char *t, const char *const *w);

/* The conclusion at t[b] says a thing of every item in the list before it ("So every keeper
 * who has hives has at least one above 25 kg", "Therefore all of them qualify"): the list is
 * the answer, the conclusion a remark on it. */
static int says_every(const char *t, size_t b)
{
    static const char *const w[] = {"every ", "all ", "each ", "both ", "they all ", NULL};
    b += strcspn(t + b, " \n");
    b += strspn(t + b, " ");
    return starts_with_any(t + b, w) && strncmp(t + b, "all but", 7);
}

/* After a none, its noun names kinds one by one ("tracking or overdub sessions took place"):
 * a remark on those kinds, no none of all that was asked; the "or" within its first two words
 * (not "no member joined in 2022 or later"). */
static int kinds_named(const char *p)
{
    const char *o = strstr(p, " or ");
    size_t i, spaces = 0;
    if (!o || o == p || o - p > 30)
        return 0;
    for (i = 0; p + i < o; i++) {
        if (!isalpha((unsigned char)p[i]) && p[i] != ' ' && p[i] != '-')
            return 0;
        spaces += p[i] == ' ';
    }
    return spaces <= 1;
}

/* t[b, e) says there is none of what was asked, a clause opening with its none ("The highest
 * count is 6, so no potter has more than 7 firings"; "None of the call-outs was below 500 m";
 * "…, so there is no Anagama firing"), and not only of the rest ("No other shop reached 5",
 * "there's no third builder") nor of a detail ("its only legume has no test result"; "…; no
 * ground details are given"). */
static int says_none_of_all(const char *t, size_t b, size_t e)
{
    static const char *const lead[] = {"",           "so ",         "and ",      "therefore ",
                                       "thus ",      "hence ",      "there is ", "there are ",
                                       "there was ", "there were ", "there's ",  NULL};
    static const char *const none[] = {"no ", "none", "nothing", "nobody", NULL};
    static const char *const rest[] = {"other",  "else",    "rest",     "remaining",  "besides",
                                       "third",  "another", "further",  "additional", "given",
                                       "stated", "listed",  "recorded", "mentioned",  "provided",
                                       "others", NULL};
    struct buf norm = BUF_INIT;
    size_t i;
    int k, j, hit = 0;
    text_norm(t + b, e - b, &norm, NULL);
    for (i = 0; i < norm.len && !hit; i++) {
        if (i > strspn(norm.s, " \n\t") &&
            !(norm.s[i - 1] == ' ' && i >= 2 && strchr(",;:.", norm.s[i - 2])))
            continue; /* a clause's start */
        for (k = 0; lead[k] && !hit; k++)
            for (j = 0; none[j] && !hit; j++)
                hit = !strncmp(norm.s + i, lead[k], strlen(lead[k])) &&
                      !strncmp(norm.s + i + strlen(lead[k]), none[j], strlen(none[j])) &&
                      !kinds_named(norm.s + i + strlen(lead[k]) + strlen(none[j]));
    }
    for (k = 0; hit && rest[k]; k++)
        hit = !text_has(norm.s, rest[k], &i); /* whole words: no "other" in "hypothermia" */
    buf_release(&norm);
    return hit;
}

/* t opens with a none ("No crop group has more than 10 accessions, …", "None of them …"). */
static int opens_none(const char *t)
{
    static const char *const w[] = {"No ", "None ", "Nothing ", "Nobody ", NULL};
    return starts_with_any(t, w);
}

/* The list's last item draws a none from the items before it ("- Result: no poetry book is
 * priced above 15, so there is nothing to list"; "- No crop group has more than 10
 * accessions, so nothing meets the condition"): that item is the answer, the rest working. */
static int none_concluded_item(const char *t, size_t b, size_t e, struct buf *out)
{
    static const char *const w[] = {"So ",     "So,",        "Therefore", "Thus",     "Hence",
                                    "Result:", "Conclusion", "Overall",   "In short", NULL};
    size_t i = b, c;
    i += strspn(t + i, "-*0123456789.) \t");
    c = i + strcspn(t + i, ":\n");
    if (c < e && t[c] == ':' && isdigit((unsigned char)t[c + 1 + strspn(t + c + 1, "*_ ")]))
        return 0; /* a row of its own: "- **No room assigned:** 1" */
    if (!(starts_with_any(t + i + strspn(t + i, "*_"), w) ||
          opens_none(t + i + strspn(t + i, "*_"))) ||
        !says_none_of_all(t, i, e))
        return 0;
    buf_reset(out);
    buf_add(out, t + i, e - i);
    return 1;
}

static int remark_line(const char *t, size_t b);
static int list_rows(const char *t, size_t n);

/* The conclusion at t[b] counts the list t[rb, re) ("So six broadcasts cleared the 1,000
 * mark, …" after six items, "So that's five huts …"): a remark on the list, which stays the
 * answer. */
/* The count a conclusion opening at t[b] states after its first word, before a noun ("So
 * that's five huts …", "So probably six batches …", "So six …"), two or more; else 0.  Not "So,
 * there are 12 flights", which answers a count. */
static int count_opening(const char *t, size_t b)
{
    size_t len;
    int count;
    b += strcspn(t + b, " \n");
    b += strspn(t + b, " ");
    if (!strncmp(t + b, "that's ", 7))
        b += 7;
    if (!strncmp(t + b, "probably ", 9) || !strncmp(t + b, "likely ", 7))
        b += strcspn(t + b, " ") + 1;
    count = small_number_at(t + b, &len);
    return count >= 2 && t[b + len] == ' ' && isalpha((unsigned char)t[b + len + 1]) ? count : 0;
}

/* The sentence at t[b] holds one number, in words or digits, past its first word ("So Lena
 * Haukeland brewed six batches according to the passages."): that number, else 0. */
static int count_in_sentence(const char *t, size_t b)
{
    size_t e = b + strcspn(t + b, ".!?\n"), k, len;
    int count = 0, n;
    for (k = b + strcspn(t + b, " "); k < e; k++) {
        if (k > b && isalnum((unsigned char)t[k - 1]))
            continue;
        if (isdigit((unsigned char)t[k])) {
            n = (int)strtol(t + k, NULL, 10);
            len = strspn(t + k, "0123456789");
        } else if ((n = small_number_at(t + k, &len)) <= 0 || isalpha((unsigned char)t[k + len]))
            continue;
        if (count)
            return 0;
        count = n, k += len;
    }
    return count >= 2 ? count : 0;
}

static int counts_run(const struct scorer *s, const char *t, size_t b, size_t rb, size_t re)
{
    int count = count_opening(t, b);
    if (!count && s->many_rows && !memchr(t + b, ':', strcspn(t + b, "\n")))
        count = count_in_sentence(t, b); /* to a question for rows, not for a count */
    return count && list_rows(t + rb, re - rb) == count;
}

/* The first number of the line at t[i] (line end le): where it starts, and its digits in
 * *len; 0 when none. */
static size_t first_digits(const char *t, size_t i, size_t le, size_t *len)
{
    for (; i < le; i++)
        if (isdigit((unsigned char)t[i]) && (i == 0 || !isalnum((unsigned char)t[i - 1]))) {
            *len = strspn(t + i, "0123456789");
            return i + 1;
        }
    return 0;
}

/* The number t[k, k + n) is a bound of a comparison ("below 500 m", "before 2015", "more than
 * 12", "2015 or later"), no key. */
static int bound_at(const char *t, size_t k, size_t n)
{
    static const char *const after[] = {" or later", " or earlier", " or more",
                                        " or less",  " or above",   " or below",
                                        " or over",  " or under",   NULL};
    static const char *const w[] = {"below", "above", "under", "over", "before",    "after", "than",
                                    "since", "until", "least", "most", "exceeding", NULL};
    size_t e = k, b;
    int i;
    while (e > 0 && !isalpha((unsigned char)t[e - 1]) && k - e < 3)
        e--;
    for (b = e; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
        ;
    for (i = 0; w[i]; i++)
        if (e - b == strlen(w[i]) && !strncmp(t + b, w[i], e - b))
            return 1;
    for (i = 0; after[i]; i++)
        if (!strncmp(t + k + n, after[i], strlen(after[i])))
            return 1;
    return 0;
}

/* The none at t[b, e) is of one key the list t[rb, re) lacks ("There is no result for 2021."
 * under items opening "2016: …", "2017: …"): a number of as many digits as every item's first
 * one, none of them; a remark on the list, not a none of the answer. */
static int none_of_missing_key(const char *t, size_t rb, size_t re, size_t b, size_t e)
{
    size_t i, le, at, len, want = 0, items = 0, k;
    int bound = 0;
    char key[16];
    for (k = b; k < e; k++) {
        if (!isdigit((unsigned char)t[k]) || (k > 0 && isalnum((unsigned char)t[k - 1])))
            continue;
        len = strspn(t + k, "0123456789");
        bound |= bound_at(t, k, len); /* "no brewery was founded before 2015" */
        if (!want && len >= 2 && len < sizeof key)
            memcpy(key, t + k, want = len);
    }
    if (!want)
        return 0;
    for (i = rb; i < re; i = le + 1) {
        le = answer_line_end(t, i, re);
        if (!(at = first_digits(t, i, le, &len)))
            continue;
        if (len != want || !strncmp(t + at - 1, key, want) ||
            (bound && at - 1 != i + strspn(t + i, " -*#")))
            return 0; /* another shape, or the key itself is listed; a bound is of the
                         question's condition unless the items are keyed by such numbers
                         ("- **2018**: 2 members" over "No members joined in 2024 or later.") */
        items++;
    }
    return items >= 2;
}

/* The month named in t[b, e), capitalised as a name ("October", not the verb "may"), 1-12, or
 * 0. */
static int month_in(const char *t, size_t b, size_t e)
{
    size_t i, n;
    int k;
    for (i = b; i < e; i++)
        for (k = 0; k < 12 && isupper((unsigned char)t[i]); k++)
            if ((i == b || !isalpha((unsigned char)t[i - 1])) &&
                !strncasecmp(t + i, month_names[k], n = strlen(month_names[k])) &&
                !isalpha((unsigned char)t[i + n]))
                return k + 1;
    return 0;
}

/* The none at t[b, e) is of a month the list t[rb, re) lacks ("No trips had been completed in
 * October." under a table of April to September): each item opens with a month, none of
 * them that one; a remark on the list, not a none of the answer. */
static int none_of_missing_month(const char *t, size_t rb, size_t re, size_t b, size_t e)
{
    size_t i, le, items = 0;
    int want = month_in(t, b, e), got;
    if (!want)
        return 0;
    for (i = rb; i < re; i = le + 1) {
        size_t f;
        le = answer_line_end(t, i, re);
        f = i + strspn(t + i, " |-*#");
        if (le <= f || strspn(t + f, "-:| ") == le - f)
            continue; /* a table's rule */
        got = month_in(t, f, f + strcspn(t + f, " |:,\n"));
        if (got == want)
            return 0;
        items += got > 0;
    }
    return items >= 2;
}

/* t[b, e) has a word opening with a capital. */
static int capital_in(const char *t, size_t b, size_t e)
{
    for (; b < e; b++)
        if (isupper((unsigned char)t[b]) && (b == 0 || !isalpha((unsigned char)t[b - 1])))
            return 1;
    return 0;
}

/* p[0, n) is one line of values only, in the order of something before it ("964.00, 578.75,
 * 740.00 and 836.75 respectively.", "So approximately 875, 570 and 420 respectively.", "… for
 * the four weeks in order."), no capital after its first word: how many values; else 0. */
static size_t ordered_values(const char *p, size_t n)
{
    static const char *const w[] = {"respectively", "in that order", "in order", "in turn", NULL};
    size_t i, values = 0, from = strspn(p, " *_"), e = trimmed_end(p, n);
    int k, hit = 0;
    for (k = 0; w[k] && !hit; k++)
        for (i = 0; i + strlen(w[k]) <= e && !hit; i++)
            hit = p[i] == w[k][0] && !strncmp(p + i, w[k], strlen(w[k]));
    if (!hit || memchr(p, '\n', e) || capital_in(p, from + 1, e))
        return 0;
    for (i = 0; i < e; i++)
        values += isdigit((unsigned char)p[i]) && (i == 0 || !strchr("0123456789.,", p[i - 1]));
    return values;
}

/* The conclusion t[b, e) gives one value for each item of the list t[rb, re) (ordered_values):
 * a remark on the list, which stays the answer. */
static int values_of_run(const char *t, size_t b, size_t e, size_t rb, size_t re)
{
    size_t values = ordered_values(t + b, e - b);
    return values >= 2 && (int)values == list_rows(t + rb, re - rb);
}

/* w in t[b, e). */
static int span_has(const char *t, size_t b, size_t e, const char *w)
{
    size_t n = strlen(w), i;
    for (i = b; i + n <= e; i++)
        if (!strncmp(t + i, w, n))
            return 1;
    return 0;
}

/* t[b, e) speaks of the list itself ("No clover honey was harvested, so it does not appear in
 * the ranking."): a none of something left out of it, a remark on the list, which stands. */
static int refers_to_listing(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"in the ranking", "in the list",    "in the table",
                                    "from the list",  "from the table", "from the ranking",
                                    "not listed",     "isn't listed",   "not included",
                                    "appear above",   "appear in the",  NULL};
    size_t k;
    for (k = 0; w[k]; k++)
        if (span_has(t, b, e, w[k]))
            return 1;
    return 0;
}

/* The number of the numbered item that opens the line at t[b] ("4. Lantern Festival"), else -1. */
static long item_number(const char *t, size_t b)
{
    size_t d;
    b += strspn(t + b, " \t*_");
    d = strspn(t + b, "0123456789");
    return d && d < 4 && (t[b + d] == '.' || t[b + d] == ')') && t[b + d + 1] == ' '
               ? strtol(t + b, NULL, 10)
               : -1;
}

/* A list run ended at t[e] (its last line's end) and the line at t[i] numbers on from it, with
 * only blank lines and one lead-in between ("3. Velvet Remnants …\n\nQuilts finished in 2023:\n4.
 * Lantern Festival …"): one list under sub-headings. */
static int numbering_goes_on(const char *t, size_t e, size_t i)
{
    size_t lb = e, k, leads = 0;
    long last;
    while (lb > 0 && t[lb - 1] != '\n')
        lb--;
    if ((last = item_number(t, lb)) < 1 || item_number(t, i) != last + 1)
        return 0;
    for (k = e; k < i; k++)
        if (t[k] == ':' && (t[k + 1] == '\n' || !strncmp(t + k + 1, "**\n", 3)))
            leads++;
        else if (t[k] == ':')
            return 0;
    return leads <= 1;
}

/* The conclusion at t[b] (to the end of the reply, n) remarks on the list t[rb, re) before it:
 * says a thing of every item, counts it, or gives its values in order. */
/* The conclusion at t[b] (to t[n]) speaks of the rest of the list besides what it names ("So
 * only Ottilie has a recorded allowance (8.00); for the other two the text gives none."). */
static int speaks_of_rest(const char *t, size_t b, size_t n)
{
    static const char *const w[] = {"the other ", "the remaining ", NULL};
    size_t e = b + strcspn(t + b, "\n"), i, len;
    int k;
    for (i = b; i < e && i < n; i++)
        for (k = 0; w[k]; k++)
            if (!strncmp(t + i, w[k], strlen(w[k])) &&
                small_number_at(t + i + strlen(w[k]), &len) >= 1)
                return 1;
    return 0;
}

static int word_in(const char *t, const char *w);
static int superlative(const char *p);
static int numbers_restated(const char *l, size_t n, const struct buf *list);

/* A second superlative word in p[0, n). */
static int both_superlatives(const char *p, size_t n)
{
    size_t i;
    for (i = 1; i + 4 <= n; i++)
        if (!isalpha((unsigned char)p[i - 1]) && superlative(p + i))
            return 1;
    return 0;
}

/* The line l[0, n) speaks of extremes or a spread ("the most", "lowest", "the longest",
 * "ranges"). */
static int names_extremes(const char *l, size_t n)
{
    static const char *const w[] = {
        " most",  " least",  " highest", " lowest", " largest",  " smallest",  " biggest",
        " leads", " lead",   " top",     " rise",   " rises",    " fall",      " falls",
        " range", " ranges", " climb",   " climbs", " increase", " increases", NULL};
    size_t i;
    int k, hit = 0;
    for (k = 0; w[k] && !hit; k++) /* a word, before a space or a stop: "by far the most," */
        hit = word_in(l, w[k]);
    for (i = 4; i + 4 <= n && !hit; i++) /* "the longest", "the shortest" */
        hit = !strncmp(l + i - 4, "the ", 4) && superlative(l + i);
    for (i = 0; i + 4 <= n && !hit; i++) /* both ends: "oldest is the Pelican Star, newest the
                                            Cinder Gull" */
        hit = (i == 0 || !isalpha((unsigned char)l[i - 1])) && superlative(l + i) &&
              both_superlatives(l + i + 1, n - i - 1);
    return hit;
}

/* The conclusion at t[b], one line, names both extremes of the run t[rb, re) of three rows or
 * more with no number but the run's ("So Helen Pryce's candidates scored highest on average,
 * and Gareth Molloy's lowest."): a remark on the run, to a question for many rows. */
static int extremes_of_run(const struct scorer *s, const char *t, size_t b, size_t rb, size_t re)
{
    static const char *const high[] = {" most", " highest", " largest", " biggest", NULL};
    static const char *const low[] = {" least", " lowest", " smallest", " fewest", NULL};
    size_t e = b + strcspn(t + b, "\n");
    struct buf line = BUF_INIT, list = BUF_INIT;
    int ok, k, hi = 0, lo = 0;
    if (!s->many_rows || e - b > 200 || !memchr(t + b, ',', e - b))
        return 0;
    buf_add(&line, t + b, e - b);
    buf_add(&list, t + rb, re - rb);
    for (k = 0; high[k]; k++)
        hi |= word_in(line.s, high[k]);
    for (k = 0; low[k]; k++)
        lo |= word_in(line.s, low[k]);
    ok = hi && lo && list_rows(list.s, list.len) >= 3 && numbers_restated(line.s, line.len, &list);
    buf_release(&line);
    buf_release(&list);
    return ok;
}

static int remarks_on_run(const struct scorer *s, const char *t, size_t b, size_t n, size_t rb,
                          size_t re)
{
    return says_every(t, b) || counts_run(s, t, b, rb, re) || values_of_run(t, b, n, rb, re) ||
           extremes_of_run(s, t, b, rb, re) || speaks_of_rest(t, b, n);
}

/* t[b, n) is one line of items under a label, cut off ("Distinct native languages among them:
 * Spanish, Japanese, Mandar"): a colon, then two items or more. */
static int labelled_items_line(const char *t, size_t b, size_t n)
{
    const char *c;
    b += strspn(t + b, " \n");
    n = trimmed_end(t, n);
    if (b >= n || memchr(t + b, '\n', n - b) || !(c = memchr(t + b, ':', n - b)))
        return 0;
    return memchr(c, ',', (size_t)(t + n - c)) != NULL && (size_t)(c - t) - b <= 80 &&
           isalnum((unsigned char)t[n - 1]); /* cut off in its last item */
}

/* The line t[b, e) opens with a label of evidence for what came before ("Supporting detail:",
 * "**Breakdown:**", "To check: Agnes has …"). */
static int support_label(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"supporting detail",
                                    "supporting details",
                                    "breakdown",
                                    "details",
                                    "detail",
                                    "evidence",
                                    "working",
                                    "workings",
                                    "for reference",
                                    "to check",
                                    "check",
                                    NULL};
    const char *colon;
    size_t n;
    int k;
    b += strspn(t + b, "*_# ");
    if (b >= e || !(colon = memchr(t + b, ':', e - b)))
        return 0;
    n = (size_t)(colon - t) - b;
    while (n > 0 && strchr("*_ ", t[b + n - 1]))
        n--;
    for (k = 0; w[k]; k++) /* alone on its line, but for a check ("To check: Agnes has …") */
        if (strlen(w[k]) == n && !strncasecmp(t + b, w[k], n))
            return colon[1 + strspn(colon + 1, " *_")] == '\n' ||
                   !colon[1 + strspn(colon + 1, " *_")] || !strncasecmp(w[k], "to check", 8) ||
                   !strcasecmp(w[k], "check");
    return 0;
}

/* A first paragraph, then one that opens with a label of evidence over what backs it
 * ("Marsh: 6 hives, North Downs: 5, …\n\nSupporting detail:\n- Marsh — Dunmore Ridge, …"):
 * the first paragraph is the answer. */
static int answer_then_support(const char *t, size_t n, struct buf *out)
{
    size_t b = strspn(t, " \n\t"), e = b, next;
    while (e < n && !(t[e] == '\n' && e + 1 < n && t[e + 1] == '\n'))
        e++;
    if (e >= n || e == b)
        return 0;
    next = e + strspn(t + e, " \n");
    if (next >= n || !support_label(t, next, answer_line_end(t, next, n)))
        return 0;
    buf_reset(out);
    buf_add(out, t + b, e - b);
    return 1;
}

static int courtesy_paragraph(const char *t, size_t b, size_t n);

static int last_structured(struct scorer *s, const char *t, size_t n, struct buf *out)
{
    size_t i = 0, run_b = 0, run_e = 0, after = 0;
    int in_run = 0, found = 0, blank = 1;
    while (i < n) {
        size_t le = answer_line_end(t, i, n);
        if (answer_blank_line(t, i, le)) {
            blank = 1;
        } else if (((structured_line(s, t, i, le) && t[i] != '`') ||
                    record_heading(s, t, i, le, n)) &&
                   !explains(s, t, i, le, blank)) {
            if (!in_run && !(found && numbering_goes_on(t, run_e, i)))
                run_b = i;
            in_run = 1, found = 1, run_e = le, after = 0, blank = 0;
        } else if (in_run && !blank && (t[i] == ' ' || t[i] == '\t')) {
            run_e = le; /* an indented continuation of an item */
        } else {
            if (blank || !in_run)
                in_run = 0;
            if (!in_run && found && !after)
                after = i;
            blank = 0;
        }
        i = le + 1;
    }
    if (!found || (run_e < n && labelled_items_line(t, run_e, n)))
        return 0; /* a line of items of its own below, cut off ("…: 101 (6), 110 (6), 13") */
    if (after) {
        size_t x, y;
        size_t k;
        if (re_find(s, s->phrase, t + after, n - after, 0, &x, &y))
            return 0;
        for (k = after; k < n && t[k] != ' '; k++)
            ;
        if (opens_conclusion(t + after, k - after) && !remarks_on_run(s, t, after, n, run_b, run_e))
            return 0;
        for (k = n; k > after && !(t[k - 1] == '\n' && k >= 2 && t[k - 2] == '\n'); k--)
            ; /* or the reply's last paragraph does: "…\n\nSo the cheapest supplier is …" */
        while (k > after && courtesy_paragraph(t, k, n)) /* before a courtesy */
            for (k = trimmed_end(t, k); k > after && !(t[k - 1] == '\n' && t[k - 2] == '\n'); k--)
                ;
        if (k > after && opens_conclusion(t + k, strcspn(t + k, " ")) &&
            !remarks_on_run(s, t, k, n, run_b, run_e))
            return 0;
        if (says_none_of_all(t, k > after ? k : after, n) &&
            !none_of_missing_key(t, run_b, run_e, k > after ? k : after, n) &&
            !none_of_missing_month(t, run_b, run_e, k > after ? k : after, n) &&
            !refers_to_listing(t, k > after ? k : after, n))
            return 0; /* the items were evidence: "…\n\nNone of them was below 500 m." */
        if (labelled_items_line(t, k > after ? k : after, n))
            return 0; /* the last paragraph lists its own: "Languages among them: A, B, Ma" */
    }
    if (run_e + 1 < n && t[run_e] == '\n' && t[run_e + 1] != '\n' &&
        opens_conclusion(t + run_e + 1, strcspn(t + run_e + 1, " ")) &&
        !remarks_on_run(s, t, run_e + 1, n, run_b, run_e)) {
        const char *p = strstr(t + run_e + 1, "\n\n"); /* a conclusion right under the list */
        size_t e = p && (size_t)(p - t) < n ? (size_t)(p - t) : trimmed_end(t, n);
        buf_reset(out); /* "…\nHence the hives with at least 35 kg are …": the answer */
        buf_add(out, t + run_e + 1, e - run_e - 1);
        return 1;
    }
    if (!memchr(t + run_b, '\n', run_e - run_b) && remark_line(t, run_b))
        return 0; /* one line, a remark ("How: orchard 4 …", "I'd add one caveat: …") */
    if (run_e < n && says_none_of_all(t, run_e, n) &&
        !(s->many_rows && isalpha((unsigned char)t[trimmed_end(t, n) - 1])) &&
        !none_of_missing_key(t, run_b, run_e, run_e, n) &&
        !none_of_missing_month(t, run_b, run_e, run_e, n) && !refers_to_listing(t, run_e, n)) { /* a
           line right under the list: "…\nNone of them was below 500 m." */
        i = run_e + strspn(t + run_e, " \n");
        buf_reset(out);
        buf_add(out, t + i, n - i);
        return 1;
    }
    for (i = run_e; i > run_b && t[i - 1] != '\n'; i--)
        ;
    if (!(s->many_rows && run_e >= trimmed_end(t, n) && isalpha((unsigned char)t[run_e - 1])) &&
        none_concluded_item(t, i, run_e, out))
        return 1; /* to a question for rows, not an item cut off in its words ("No teacher
                     assign") */
    buf_reset(out);
    buf_add(out, t + run_b, run_e - run_b);
    return 1;
}

const char *last_of(const char *t, const char *const *w)
{
    const char *last = NULL, *q;
    int k;
    for (k = 0; w[k]; k++)
        for (q = t; (q = strstr(q, w[k])); q++)
            if (!last || q > last)
                last = q;
    return last;
}

/* p without its first `from` bytes. */
static void drop_head(struct buf *p, size_t from)
{
    memmove(p->s, p->s + from, p->len - from + 1);
    buf_setlen(p, p->len - from);
}

int answer_compares(const char *t)
{
    static const char *const w[] = {
        " faster", " slower",  " higher",  " lower",   " larger", " smaller", " bigger",
        " longer", " shorter", " earlier", " later",   " older",  " younger", " cheaper",
        " better", " worse",   " heavier", " lighter", " taller", " deeper",  NULL};
    const char *than = strstr(t, " than "), *stop = *t ? strstr(t + 1, ". ") : NULL, *q;
    int k;
    if (than && (!stop || than < stop))
        return 1;
    for (k = 0; w[k]; k++) /* "…, so Kirkgate grew faster" */
        if ((q = strstr(t, w[k])) && (!stop || q < stop) &&
            !isalpha((unsigned char)q[strlen(w[k])]))
            return 1;
    for (q = strstr(t, " the "); q && (!stop || q < stop); q = strstr(q + 1, " the ")) {
        size_t n = strspn(q + 5, "abcdefghijklmnopqrstuvwxyz");
        if ((n >= 5 && !strncmp(q + 5 + n - 3, "est", 3)) || !strncmp(q + 5, "most ", 5) ||
            !strncmp(q + 5, "least ", 6))
            return 1; /* "…, so March was the busiest month": set against the others */
    }
    return 0;
}

/* w, a word with its space before it, in t, not the start of a longer word. */
static int word_in(const char *t, const char *w)
{
    const char *q;
    for (q = t; (q = strstr(q, w)); q++)
        if (!isalpha((unsigned char)q[strlen(w)]))
            return 1;
    return 0;
}

/* The paragraph's last sentence concludes in a clause that names its answer ("…, but Ostrov is
 * deeper, so Lake Ostrov is the larger lake."): where that clause's ", so" starts, or NULL. A
 * clause naming nothing ("…, so it is the largest") or denying ("…, so neither is") leaves
 * the sentence whole. */
static const char *clause_conclusion(const char *p)
{
    static const char *const words[] = {", so ", ", therefore ", ", thus ", ", hence ", NULL};
    static const char *const negs[] = {" no ", " not ", "n't ", "neither", "none", "nothing", NULL};
    const char *last = last_of(p, words), *q, *end;
    int k;
    if (!last || strstr(last, ". ") || strchr(last, '\n'))
        return NULL;
    for (k = 0; negs[k]; k++) /* "…, so neither label is in Reykjavik": no row to name */
        if (strstr(last, negs[k]))
            return NULL;
    if (word_in(last, " out") || strstr(last, " excluded"))
        return NULL; /* "…, so he's out, and Beatrix and Rafe are newer still": who is left out */
    for (q = last + 2, end = q + strlen(q); q < end; q++)
        if (isupper((unsigned char)*q) && !(q[0] == 'I' && !isalpha((unsigned char)q[1])))
            return last;
    return NULL;
}

/* An answer corrected in a later paragraph of its own ("Ben Harrow has the least rain.\n\nWait,
 * that's the most. The least is Kuiper Flats."), before any Reasoning or Explanation section:
 * where that paragraph starts, else from. */
static size_t self_corrected(const char *t, size_t from)
{
    static const char *const w[] = {
        "\n\nWait,", "\n\nWait ", "\n\nCorrection:", "\n\nActually, ", "\n\nOops", NULL};
    const char *last = last_of(t + from, w), *q;
    for (q = t + from; last && q < last; q = strchr(q, '\n') + 1) /* not past the reasoning */
        if (reasoning_head(q, (size_t)(last - q)) ||
            !strncasecmp(q + strspn(q, "#*_> "), "explanation", 11))
            return from;
    return last ? (size_t)(last - t) + 2 : from;
}

/* An answer that corrects itself in a later sentence of its paragraph ("Spoke & Pedal, at €8.50.
 * Wait, actually Cyclo Verde lists €7.90 … the cheapest is Cyclo Verde"): from that sentence. */
static void corrected_within(struct buf *p)
{
    static const char *const w[] = {
        ". Wait,",          ". Wait ",          ". Actually,", ". Correction:", ". Oops",
        "Let me correct",   "\nWait,",          "\nWait ",     "\nActually,",   "\nCorrection:",
        ". On reflection,", "\nOn reflection,", NULL};
    const char *last = p->s ? last_of(p->s, w) : NULL;
    if (last)
        drop_head(p, (size_t)(last - p->s) + (*last == '.' ? 2 : *last == '\n' ? 1 : 0));
}

/* A capitalised word of at least three letters of a in b ("Zephyr" of "Zephyr X2 at $189"). */
static int shares_name(const char *a, const char *b)
{
    const char *p;
    size_t n;
    for (p = a; *p; p += n ? n : 1) {
        n = 0;
        if (!isupper((unsigned char)*p) || (p > a && isalpha((unsigned char)p[-1])))
            continue;
        while (isalpha((unsigned char)p[n]))
            n++;
        if (n >= 3) {
            const char *q;
            for (q = b; *q; q++)
                if (!strncmp(q, p, n) && !isalpha((unsigned char)q[n]) &&
                    (q == b || !isalpha((unsigned char)q[-1])))
                    return 1;
        }
    }
    return 0;
}

/* The first number in t[0, n), from *b to *e; -1 when there is none. */
static double first_number(const char *t, size_t n, size_t *b, size_t *e)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (isdigit((unsigned char)t[i]) && (i == 0 || !isalnum((unsigned char)t[i - 1]))) {
            for (*b = *e = i; *e < n && (isdigit((unsigned char)t[*e]) || strchr(",.", t[*e]));)
                (*e)++;
            return strtod(t + i, NULL);
        }
    return -1;
}

/* An answer of one short line and one number, then a paragraph concluding with another number
 * ("Answer: 14\n\n(So, in total, 15 cheese makers …)"): both are offered, as alternatives. */
static void restated_after(const char *t, size_t from, struct buf *out)
{
    static const char *const opens[] = {"(So", "So,", "So ", "In total", "Therefore", NULL};
    const char *p;
    size_t b, e, b2, e2;
    double a, v;
    int k;
    if (!out->len || out->len > 40 || strchr(out->s, '\n') != out->s + out->len - 1 ||
        (a = first_number(out->s, out->len, &b, &e)) < 0 ||
        first_number(out->s + e, out->len - e, &b2, &e2) >= 0 || !(p = strstr(t + from, "\n\n")))
        return;
    p += strspn(p, "\n");
    for (k = 0; opens[k] && strncmp(p, opens[k], strlen(opens[k])); k++)
        ;
    if (!opens[k] || (v = first_number(p, strcspn(p, "\n"), &b2, &e2)) < 0 || v == a)
        return;
    buf_setlen(out, out->len - 1);
    buf_adds(out, " (or ");
    buf_add(out, p + b2, e2 - b2);
    buf_adds(out, ")\n");
}

/* After the answer, a correction ("actually", "wait", "on reflection") that concludes otherwise
 * in its paragraph ("Answer: Zephyr X2 at $189.\n\nReasoning: … actually sentence 22 says the
 * Nox 5 costs $149 …, so the cheapest is Nox 5."): that conclusion is the answer, when it names
 * nothing of the one it replaces. */
static void revised_after(const char *t, size_t from, struct buf *out)
{
    static const char *const cue[] = {" actually ", " actually, ",   "Actually, ",     "Wait, ",
                                      " wait, ",    "On reflection", " on reflection", NULL};
    static const char *const so[] = {", so the ", ". So the ", ", so the answer is ", NULL};
    const char *c = last_of(t + from, cue), *para, *q, *end;
    char *clause;
    if (!c || !out->len)
        return;
    para = strstr(c, "\n\n");
    q = last_of(c, so);
    if (!q || (para && q > para))
        return;
    q += strcspn(q, "t"); /* "the …" */
    end = q + strcspn(q, ".\n");
    if (end - q > 120)
        return;
    clause = xstrndup(q, (size_t)(end - q));
    if (strstr(clause, " is ") && strpbrk(clause, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") &&
        !shares_name(out->s, clause) && !shares_name(clause, out->s)) {
        buf_reset(out);
        buf_adds(out, clause);
        buf_addch(out, '\n');
    }
    free(clause);
}

/* The head of an answer line ("Ward 7" of "- Ward 7: Tomás Ibarra"), from *b for *n bytes. */
static int line_head(const char *l, size_t len, size_t *b, size_t *n)
{
    size_t i = strspn(l, "-*+ \t");
    size_t e = i + strcspn(l + i, ":\n");
    if (e >= len || l[e] != ':' || e - i < 2 || e - i > 40)
        return 0;
    *b = i, *n = e - i;
    return 1;
}

/* Answer line l (len bytes) is a row set out with dashes ("Arjun Mehta — Chemistry — Room
 * 311") and the correction `said` restates it whole, from the same head with the same dash
 * ("…, not Chemistry. So: Arjun Mehta — Physics — Room 311."): where that restatement starts. */
static const char *restated_line(const char *l, size_t len, const char *said)
{
    static const char *const dash[] = {" \xe2\x80\x94 ", " \xe2\x80\x93 ", " - ", NULL};
    const char *d = NULL, *at, *last = NULL;
    size_t k, hn = 0;
    for (k = 0; dash[k] && !d; k++)
        if ((d = strstr(l, dash[k])) && d > l + len)
            d = NULL;
    if (!d)
        return NULL;
    k--;
    hn = (size_t)(d - l);
    if (hn < 3 || !isupper((unsigned char)*l))
        return NULL;
    for (at = said; (at = strstr(at, dash[k])); at++)
        if ((size_t)(at - said) >= hn && !strncmp(at - hn, l, hn) &&
            (at - hn == said || !isalnum((unsigned char)at[-hn - 1])))
            last = at - hn;
    return last;
}

/* After a list answer, a later paragraph that corrects one of its lines by head ("On
 * reflection, Lucía Ferrer is the current head of Ward 7, so that is my final answer for that
 * ward."): that sentence replaces the line's values, and no other part of the answer.
 * Returns whether it did. */
static int revised_line_after(const char *t, size_t from, struct buf *out)
{
    static const char *const cue[] = {
        "Actually, ", "On reflection, ", "Correction: ", "Wait, ", " actually ", " on reflection, ",
        NULL};
    const char *para = strstr(t + from, "\n\n"), *c, *l, *nl;
    struct buf b = BUF_INIT;
    char *said = NULL, *head = NULL;
    size_t hb, hn, k;
    int done;
    if (!para || !out->len || !strchr(out->s, '\n') ||
        strchr(out->s, '\n') + 1 == out->s + out->len || !(c = last_of(para, cue)))
        return 0;
    for (k = 0; strncmp(c, cue[k], strlen(cue[k])); k++)
        ;
    c += strlen(cue[k]);
    said = xstrndup(c, strcspn(c, "\n"));
    if (strstr(out->s, said) ||
        (c[strlen(said)] == '\n' && c[strlen(said) + 1] != '\n' && c[strlen(said) + 1])) {
        free(said); /* inside the answer, or a corrected list follows: not one line's */
        return 0;
    }
    for (l = out->s; *l; l = *nl ? nl + 1 : nl) {
        const char *re;
        nl = l + strcspn(l, "\n");
        free(head), head = NULL;
        if (said && (re = restated_line(l, (size_t)(nl - l), said))) {
            buf_add(&b, re, strcspn(re, "\n") - (re[strcspn(re, "\n") - 1] == '.'));
            free(said), said = NULL;
        } else if (said && line_head(l, (size_t)(nl - l), &hb, &hn) &&
                   strstr(said, head = xstrndup(l + hb, hn))) {
            buf_add(&b, l, hb + hn + 1);
            buf_addch(&b, ' ');
            buf_adds(&b, said);
            free(said), said = NULL;
        } else {
            buf_add(&b, l, (size_t)(nl - l));
        }
        buf_addch(&b, '\n');
    }
    done = !said;
    if (done) {
        buf_reset(out);
        buf_add(out, b.s, b.len);
    }
    free(said), free(head);
    buf_release(&b);
    return done;
}

static int all_counted(const char *t, size_t b);

/* The sentence t[b, e) sets one apart from the rest ("except", "apart from", "but not"). */
static int excepts(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {" except",  " apart from", " but ", " other than",
                                    " besides", " save ",      " bar ", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (span_has(t, b, e, w[k]))
            return 1;
    return 0;
}

/* The concluding sentence at t[b] only sums up what the paragraph named, naming nothing of its
 * own ("So all five keepers have at least one hive there.", "So that's seven heather harvests
 * in total, …"): the paragraph is the answer, not its last sentence. */
static int sums_up_all(const char *t, size_t b)
{
    static const char *const back[] = {"those are the ", "these are the ", "those were the ",
                                       "these were the ", NULL};
    size_t e = b + strcspn(t + b, ".!?\n"), len;
    int k;
    for (k = 0; back[k] && !strncmp(t + b, "So ", 3); k++)
        if (!strncmp(t + b + 3, back[k], strlen(back[k])) &&
            small_number_at(t + b + 3 + strlen(back[k]), &len) >= 2)
            return 1; /* "So those are the five Town Music Room sessions under Pryce." */
    return !strncmp(t + b, "So ", 3) &&
           ((!capital_in(t, b + 1, e) && (says_every(t, b) || count_opening(t, b))) ||
            all_counted(t, b) || /* "So all six of the other buyers exceed Thistle & Twine's
                                   total.": what it names is the measure, no row */
            (says_every(t, b) && !excepts(t, b, e)));
}

/* The sentence at t[b] opens "So all <count>" ("So all six of the other buyers …"). */
static int all_counted(const char *t, size_t b)
{
    size_t len;
    return !strncmp(t + b, "So all ", 7) && small_number_at(t + b + 7, &len) >= 2;
}

/* A paragraph that reasons, then concludes ("Paris has 3, Lyon 12. Therefore Lyon has the
 * most."): from its last concluding sentence.  ("Overall, …" more often sums up the answer
 * given before it than gives it: "…, Ibarra and Ruiz Díaz. Overall, Argentina had a strong
 * tournament.") */
/* The sentence t may list items in lower case: two commas, or one and an " and " ("So,
 * wheel, raku and sculpture"); not one clause set off ("So if you ask where it comes from,
 * it's the two electrics"). */
static int lists_items(const char *t)
{
    size_t e = strcspn(t, ".!?\n"), i, commas = 0;
    for (i = 0; i < e; i++)
        commas += t[i] == ',';
    return commas >= 2 || (commas && (strstr(t, " and ") || strstr(t, " or ")));
}

/* After the conclusion, a sentence opened by "Anyway," or "Either way," states a number again
 * ("So 48+40+52, which I make 140. Honestly that's a lot. Anyway, the total comes to 154."): the
 * reply's last word on it. */
static void restated_after_aside(struct buf *p)
{
    static const char *const w[] = {". Anyway, ", ". Either way, ", ". In any case, ", NULL};
    const char *q = last_of(p->s, w), *e;
    if (!q)
        return;
    e = q + 2 + strcspn(q + 2, ".!?\n");
    while (*e == '.' && isdigit((unsigned char)e[1])) /* "comes to 45.4" */
        e += 1 + strcspn(e + 1, ".!?\n");
    if (strpbrk(q + 2, "0123456789") && strpbrk(q + 2, "0123456789") < e && !e[strspn(e, ".!? ")])
        drop_head(p, (size_t)(q - p->s) + 2);
}

/* The conclusion at t counts back what came before it, within its first words ("So those
 * eight Premium members are …", "Therefore these three qualify"). */
static int refers_back_count(const char *t)
{
    static const char *const w[] = {"those ", "these ", NULL};
    const char *p;
    size_t len;
    int k;
    for (k = 0; w[k]; k++)
        for (p = t; (p = strstr(p, w[k])) && p - t < 24; p++)
            if ((p == t || p[-1] == ' ') && small_number_at(p + strlen(w[k]), &len) >= 2)
                return 1;
    return 0;
}

static void conclusion(struct buf *p, int many)
{
    static const char *const words[] = {". Therefore",
                                        ". So ",
                                        ". So, ",
                                        ". Thus",
                                        ". Hence",
                                        ". In conclusion",
                                        ". In summary",
                                        ". That means",
                                        ". This means",
                                        ". Taking that into account",
                                        ". Taking this into account",
                                        ". Taking everything into account",
                                        ". All told",
                                        ". I'd say ",
                                        ". I would say ",
                                        NULL};
    const char *last = last_of(p->s, words);
    if (!last && !many) /* to a question for three rows or more, a ", so …" clause is one
                           item's reasoning ("…, so I'd guess Marisol made it") */
        last = clause_conclusion(p->s);
    if (last && many && !capital_in(p->s, (size_t)(last - p->s) + 3, p->len) &&
        !lists_items(last + 2))
        return; /* a closing remark naming nothing, no list, sums up the items before it ("So
                   overall the teapots run from just under a kilo to around 1.2 kilos.") */
    if (last && many && refers_back_count(last + 2))
        return; /* "So those eight Premium members are the ones …": the names are before it */
    if (last && !sums_up_all(p->s, (size_t)(last - p->s) + 2))
        drop_head(p, (size_t)(last - p->s) + 2);
    restated_after_aside(p);
}

/* A closing remark that only points back at the paragraph before it ("These are the most
 * popular apps in the list."): one short sentence opened by a demonstrative, with no digit
 * and no capitalised word after its first, so it names nothing itself. */
static int points_back(const char *t, size_t b, size_t e)
{
    static const char *const open[] = {"These ", "Those ", "This ", "That ", NULL};
    size_t i;
    int k, hit = 0;
    if (e - b > 160)
        return 0;
    for (k = 0; open[k]; k++)
        hit |= !strncmp(t + b, open[k], strlen(open[k]));
    for (i = b + 1; hit && i < e; i++)
        if (isdigit((unsigned char)t[i]) || isupper((unsigned char)t[i]) || t[i] == '\n' ||
            (strchr(".!?", t[i]) && i + 1 < e) || t[i] == ':')
            return 0;
    return hit;
}

/* The paragraph t[b, e) follows up the one before it: it opens by referring back to what was
 * just given ("These three are the only ones …", "The next one back would be …") or by
 * saying why or how ("Why these: …", "For comparison, …", "Supporting detail: …"), so the
 * answer is the paragraph before, with it. */
/* The line at t[b] opens with a label that says it is an aside ("Release dates for
 * reference:", "Weights for comparison:"). */
static int aside_label(const char *t, size_t b)
{
    static const char *const w[] = {" for reference", " for context", " for comparison",
                                    " for completeness", NULL};
    size_t colon = strcspn(t + b, ":\n"), k, n;
    if (t[b + colon] != ':' || colon > 48)
        return 0;
    for (k = 0; w[k]; k++)
        if (colon >= (n = strlen(w[k])) && !strncmp(t + b + colon - n, w[k], n))
            return 1;
    return 0;
}

static int follows_up(const char *t, size_t b)
{
    static const char *const open[] = {"These ",
                                       "Those ",
                                       "That's ",
                                       "That is ",
                                       "This is ",
                                       "Both ",
                                       "All of these",
                                       "All of them",
                                       "Each of these",
                                       "Of these",
                                       "Each of those",
                                       "All of those",
                                       "Each of them",
                                       "Of those",
                                       "Among them",
                                       "Among these",
                                       "Between them",
                                       "The next ",
                                       "The rest",
                                       "The remaining",
                                       "The others",
                                       "Apart from these",
                                       "Besides these",
                                       "Why these",
                                       "Why:",
                                       "How:",
                                       "How I ",
                                       "For comparison",
                                       "By comparison",
                                       "In comparison",
                                       "For context",
                                       "For reference",
                                       "Supporting ",
                                       "Support:",
                                       "Evidence:",
                                       "Source:",
                                       "Sources:",
                                       "Details:",
                                       "Detail:",
                                       "Breakdown",
                                       "Calculation:",
                                       "Working:",
                                       "Method:",
                                       "Totals:",
                                       "Workings:",
                                       "Arithmetic:",
                                       NULL};
    return starts_with_any(t + b + strspn(t + b, "*_"), open) || aside_label(t, b);
}

/* A paragraph that says how the answer was reached rather than what it is ("…; I went with
 * the later one.", "I excluded them"): a note on the answer before it. */
static int method_note(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"I went with ",
                                    "I've gone with ",
                                    "I have gone with ",
                                    "I excluded ",
                                    "I've excluded ",
                                    "I assumed ",
                                    "I've assumed ",
                                    "I treated ",
                                    "I've treated ",
                                    "I've left ",
                                    "I have left ",
                                    "I left ",
                                    "I've omitted ",
                                    "I omitted ",
                                    "I have omitted ",
                                    "I haven't counted ",
                                    "I have not counted ",
                                    "I didn't count ",
                                    "I did not count ",
                                    "I haven't included ",
                                    "I have not included ",
                                    "I didn't include ",
                                    "I've ignored ",
                                    "I ignored ",
                                    "I've counted ",
                                    "I have counted ",
                                    "I counted ",
                                    "I've only counted ",
                                    "I only counted ",
                                    "I've listed only ",
                                    "I have listed only ",
                                    "I've only listed ",
                                    "I only listed ",
                                    "I listed only ",
                                    "I have relied ",
                                    "I've relied ",
                                    "I relied ",
                                    "I only used ",
                                    "I've only used ",
                                    "I have only used ",
                                    "I found these by ",
                                    "I found them by ",
                                    "I found this by ",
                                    "I got these by ",
                                    "I worked these out ",
                                    "I worked this out ",
                                    NULL};
    size_t i;
    int k;
    for (i = b; i < e; i++)
        for (k = 0; w[k]; k++)
            if (t[i] == 'I' && (i == b || t[i - 1] == ' ') && !strncmp(t + i, w[k], strlen(w[k])))
                return 1;
    return 0;
}

/* A paragraph of words only that says what of the text the answer left out ("Other sentences
 * in the text concern unrelated items, and I have ignored them."; "If the text mentions further
 * entries indirectly, they would not be reflected here."): a note on the method. */
static int coverage_note(const char *t, size_t b, size_t e)
{
    static const char *const text[] = {"the text",     "the passage", "sentences",
                                       "the document", "the context", NULL};
    static const char *const left[] = {"ignored",    "unrelated", "irrelevant",
                                       "distractor", "reflected", "disregarded",
                                       "left out",   "skipped",   NULL};
    char *p = xstrndup(t + b, e - b);
    size_t i;
    int k, hit = 0, said = 0;
    for (i = 0; p[i]; i++) {
        if (isdigit((unsigned char)p[i])) {
            free(p);
            return 0;
        }
        p[i] = (char)tolower((unsigned char)p[i]);
    }
    for (k = 0; text[k]; k++)
        said |= strstr(p, text[k]) != NULL;
    for (k = 0; said && left[k]; k++)
        hit |= strstr(p, left[k]) != NULL;
    free(p);
    return hit;
}

/* p opens with one of the words w: past it, 1; else 0. */
static int skip_one_of(const char **p, const char *const *w)
{
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(*p, w[k], strlen(w[k]))) {
            *p += strlen(w[k]);
            return 1;
        }
    return 0;
}

/* p opens by vouching for the answer above ("I'm fairly sure of this, although …", "I am
 * confident in that answer"): what follows is a remark on it. */
static int sure_of_above(const char *p)
{
    static const char *const me[] = {"I'm ", "I am ", NULL};
    static const char *const adv[] = {"fairly ", "reasonably ", "pretty ", "quite ", "very ", NULL};
    static const char *const sure[] = {"sure", "confident", NULL};
    static const char *const of[] = {" of this", " of that", " of it", " about this", " about that",
                                     " in this", " in that", " in it", NULL};
    if (!skip_one_of(&p, me))
        return 0;
    skip_one_of(&p, adv);
    return skip_one_of(&p, sure) && skip_one_of(&p, of) && !isalpha((unsigned char)*p);
}

/* A paragraph of words only, naming nothing and denying nothing, that says how sure the reply
 * is ("I'm fairly, though not entirely, confident in this."; "However, I'm not completely
 * certain; the passage is long and I may have overlooked a sentence."): no answer. */
static int confidence_note(const char *t, size_t b, size_t e)
{
    static const char *const sure[] = {
        "confident",           "not completely certain", "not entirely certain",
        "not completely sure", "not entirely sure",      "overlooked",
        "may have missed",     "might have missed",      "one or two more",
        "may be more",         "might be more",          "could be more",
        "may be others",       "might be others",        "with some caution",
        "with caution",        "with a pinch of salt",   "with a grain of salt",
        "fairly sure",         "reasonably sure",        "pretty sure",
        "slipped past",        "slipped through",        NULL};
    static const char *const denial[] = {" no ", "none", "nothing", "not any", "no one", NULL};
    static const char *const opens[] = {"I'm fairly confident",
                                        "I'm reasonably confident",
                                        "I'm confident",
                                        "I am fairly confident",
                                        "I am confident",
                                        "I'm fairly sure the list",
                                        "I'm fairly sure that list",
                                        NULL};
    char *p;
    size_t i;
    int k, hit = 0, start = 1;
    for (k = 0; opens[k]; k++) /* "I'm fairly confident the list is complete: every other …
                                  gives 2022 or earlier, the most recent Ines Carvalho" */
        if (!strncmp(t + b, opens[k], strlen(opens[k])))
            return 1;
    if (sure_of_above(t + b))
        return 1;
    p = xstrndup(t + b, e - b);
    for (i = 0; p[i] && !(isdigit((unsigned char)p[i]) ||
                          (!start && isupper((unsigned char)p[i]) &&
                           !(p[i] == 'I' && !isalpha((unsigned char)p[i + 1]))));
         i++) {
        start = strchr(".;!?", p[i]) || (start && !isalpha((unsigned char)p[i]));
        p[i] = (char)tolower((unsigned char)p[i]);
    }
    for (k = 0; !p[i] && sure[k]; k++)
        hit |= strstr(p, sure[k]) != NULL;
    for (k = 0; hit && denial[k]; k++)
        hit = !strstr(p, denial[k]);
    free(p);
    return hit;
}

/* A paragraph that sends the reader back to the list before it ("The ranking above lists all
 * five in order."): a summary of that list, which is the answer. */
static int refers_above(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"ranking above", "list above",   "table above", "listed above",
                                    "shown above",   "ranked above", NULL};
    size_t n = e - b;
    int k;
    for (k = 0; w[k]; k++) {
        const char *p = t + b, *q;
        size_t m = strlen(w[k]);
        while ((q = memchr(p, w[k][0], n - (size_t)(p - (t + b)))) && (size_t)(q - t) + m <= e) {
            if (!strncmp(q, w[k], m) && (q == t + b || !isalpha((unsigned char)q[-1])))
                return 1;
            p = q + 1;
        }
    }
    return 0;
}

/* The paragraphs at t[a] and t[b] both open with the same preposition and then a name, in
 * bold or capitalised ("On **Orchard Sat**, …" / "On **Beacon Hill Sat**, …"). */
static int same_place_opening(const char *t, size_t a, size_t b)
{
    static const char *const w[] = {"On ", "For ", "In ", "At ", NULL};
    int k;
    for (k = 0; w[k]; k++) {
        size_t n = strlen(w[k]);
        if (!strncmp(t + a, w[k], n) && !strncmp(t + b, w[k], n)) {
            const char *x = t + a + n, *y = t + b + n;
            return (!strncmp(x, "**", 2) && !strncmp(y, "**", 2)) ||
                   (isupper((unsigned char)x[0]) && isupper((unsigned char)y[0]) &&
                    strncmp(x, "The ", 4) && strncmp(y, "The ", 4));
        }
    }
    return 0;
}

/* The paragraph at t[b] continues a run of paragraphs opening with the same two words ("For
 * the North region, … 128,400.\n\nFor the South region, …"), one row each: where the run starts
 * (b when there is none). */
static size_t parallel_paragraphs(const char *t, size_t b)
{
    size_t lead = strcspn(t + b, " \n"), pb, pe;
    lead += t[b + lead] == ' ' ? 1 + strcspn(t + b + lead + 1, " \n") : 0;
    if (lead < 4 || t[b + lead] != ' ')
        return b; /* two words, then more */
    for (;;) {
        for (pe = b; pe > 0 && t[pe - 1] == '\n'; pe--)
            ;
        if (pe == b || b - pe < 2)
            return b; /* no blank line before: no paragraph */
        pb = paragraph_start(t, pe);
        if (pe - pb <= lead || (strncmp(t + pb, t + b, lead + 1) && !same_place_opening(t, pb, b)))
            return b;
        b = pb;
    }
}

/* How working opens ("Let me", "Looking", "I went through", "Step", "Okay"): a first line so
 * opened gives no answer first, and a paragraph so opened is none to join. */
static const char *const working_opening[] = {"Let me",
                                              "Let's",
                                              "To ",
                                              "First",
                                              "Looking",
                                              "Checking",
                                              "Counting",
                                              "I'll",
                                              "I will",
                                              "We ",
                                              "Based on",
                                              "From the",
                                              "Going through",
                                              "Reading",
                                              "Step",
                                              "Okay",
                                              "OK",
                                              "Sure",
                                              "Here",
                                              "Reasoning",
                                              "Scanning",
                                              "Listing",
                                              "Comparing",
                                              "<",
                                              "#",
                                              "Great",
                                              "Good",
                                              "Certainly",
                                              "Of course",
                                              "Alright",
                                              "Hmm",
                                              "Hi",
                                              "Hello",
                                              "Thanks",
                                              "Thank",
                                              "Question",
                                              "You're asking",
                                              "You are asking",
                                              "You asked",
                                              "You want",
                                              "I went through",
                                              "I looked",
                                              "I checked",
                                              "I scanned",
                                              "I searched",
                                              "I read ",
                                              "I reviewed",
                                              "I examined",
                                              "I've looked",
                                              "I have looked",
                                              "I've gone through",
                                              "I have gone through",
                                              "I've checked",
                                              "I have checked",
                                              "I've searched",
                                              "I've scanned",
                                              "I've reviewed",
                                              NULL};

/* The reply was cut off in its last paragraph t[b, e) ("…, which is a little unusual because
 * Strath"), after a paragraph that is no working: that one held the answer, and the cut one
 * goes with it. */
static int cut_after_answer(const char *t, size_t b, size_t e)
{
    size_t pe = b, pb, i, words = 1;
    for (i = b; i < e; i++)
        words += t[i] == ' ';
    if (e <= b || !isalnum((unsigned char)t[e - 1]) || words < 6 || /* not "No answer" */
        opens_conclusion(t + b, strcspn(t + b, " ")))
        return 0; /* nor the conclusion cut off before its answer ("So the three … are") */
    pe = trimmed_end(t, pe);
    pb = paragraph_start(t, pe);
    return pe > pb && strchr(".!?)", t[pe - 1]) &&
           !starts_with_any(t + pb + strspn(t + pb, "#*_> "), working_opening);
}

/* How a closing remark or caveat after the answer opens ("Let me know", "One caveat", "Note:"). */
static const char *const closing_words[] = {"Let me know",
                                            "That accounts for",
                                            "This accounts for",
                                            "As a check",
                                            "As a cross-check",
                                            "As a sanity check",
                                            "I hope",
                                            "Hope this",
                                            "Feel free",
                                            "Please note",
                                            "Note:",
                                            "Note that",
                                            "Note,",
                                            "If you",
                                            "One caveat",
                                            "A caveat",
                                            "Caveat",
                                            "Keep in mind",
                                            "Bear in mind",
                                            "Please be aware",
                                            "One thing",
                                            "It is worth noting",
                                            "It's worth noting",
                                            "Disclaimer",
                                            "I should note",
                                            "I should mention",
                                            "I should point out",
                                            "I should flag",
                                            "I should say",
                                            "I should stress",
                                            "I should add",
                                            "I'd note",
                                            "I would note",
                                            "I want to flag",
                                            "It should be noted",
                                            "Also note",
                                            "Also, note",
                                            "One note",
                                            "A note",
                                            "N.B.",
                                            "NB:",
                                            "Worth noting",
                                            "There is some ambiguity",
                                            "There's some ambiguity",
                                            "One uncertainty",
                                            "That said",
                                            "That being said",
                                            "I'd add",
                                            "I would add",
                                            "Several others",
                                            "A few others",
                                            "Everyone else",
                                            "Everybody else",
                                            "All the others",
                                            NULL};

/* The line at t[b] is a sentence with a colon in it, no field: four words or more before the
 * colon, a sentence of eight words or more after it ("Piotr handles a mixed team: a lanner and
 * a saker falcon, the turkey vulture and the black kite, each of whom flew once."). */
static int sentence_with_colon(const char *t, size_t b)
{
    size_t e = b + strcspn(t + b, "\n"), colon = b + strcspn(t + b, ":\n"), i;
    int before = 1, after = 1;
    if (colon >= e || e - b < 3 || t[trimmed_end(t, e) - 1] != '.')
        return 0;
    for (i = b; i < colon; i++)
        before += t[i] == ' ';
    for (i = colon + 2; i < e; i++)
        after += t[i] == ' ';
    return before >= 4 && after >= 8;
}

/* The line at t[b] is a remark on the answer, a closing one or one that follows it up ("How:
 * …", "Supporting detail: …", "I'd add one caveat: …"), however it is set out. */
static int remark_line(const char *t, size_t b)
{
    b += strspn(t + b, "-*+ \t");
    return follows_up(t, b) || starts_with_any(t + b + strspn(t + b, "*_"), closing_words) ||
           (b > 0 && sentence_with_colon(t, b)); /* after an answer, not the reply itself */
}

/* The paragraph t[b, e), one sentence, says who just missed the condition ("Sam Whitfield
 * and Marco Rossi both come to four, so they just miss out."): a note on the answer before it.
 */
static int near_miss_note(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {
        "just miss",       "miss out",         "misses out",    "narrowly miss",
        "fall just short", "falls just short", "just short of", NULL};
    size_t i, m;
    int k;
    for (i = b; i + 2 < e; i++)
        if (strchr(".!?", t[i]) && t[i + 1] == ' ')
            return 0;
    for (k = 0; w[k]; k++)
        for (i = b, m = strlen(w[k]); i + m <= e; i++)
            if (t[i] == w[k][0] && !strncmp(t + i, w[k], m))
                return 1;
    return 0;
}

/* The paragraph t[b, e) is an aside in brackets, one line ("(These are mostly the small white
 * and oolong lots.)"). */
static int in_brackets(const char *t, size_t b, size_t e)
{
    b += strspn(t + b, "*_ ");
    while (e > b && strchr("*_. ", t[e - 1]))
        e--;
    return e > b + 2 && t[b] == '(' && t[e - 1] == ')' && !memchr(t + b, '\n', e - b) &&
           !memchr(t + b + 1, '(', e - b - 2);
}

/* The paragraph t[b, e) opens by counting what the paragraph before it named, naming nothing
 * itself ("So six produce donations are heavier than average. I'd add the caveat …"): that
 * paragraph is the answer, with this one. */
static int counts_paragraph_above(const char *t, size_t b, size_t e)
{
    static const char *const verb[] = {"gives ", "makes ", NULL};
    size_t se = b + strcspn(t + b, ".!?\n"), v = b;
    int k, that = !strncmp(t + b, "That ", 5) || !strncmp(t + b, "This ", 5);
    for (k = 0; that && verb[k]; k++) /* "That gives eleven runners in all.": the count after
                                         the verb, which count_opening skips as a first word */
        if (!strncmp(t + b + 5, verb[k], strlen(verb[k])))
            v = b + 5;
    return (!strncmp(t + b, "So ", 3) || v != b) && se <= e && !capital_in(t, b + 1, se) &&
           count_opening(t, v) && capital_in(t, paragraph_start(t, trimmed_end(t, b)), b);
}

/* The paragraph t[b, e) is one short sentence saying the rest do not qualify ("I don't think
 * any of the other races go over 1,000 m.", "None of the others do."): a note after the
 * answer. */
static int others_denied(const char *t, size_t b, size_t e)
{
    static const char *const rest[] = {" other ", " others", "the rest", " remaining ", NULL};
    static const char *const open[] = {
        "None ",           "No ",       "Neither ",   "Nobody ", "I don't think ",
        "I do not think ", "The rest ", "The other ", NULL};
    size_t i;
    int k, r = 0;
    if (e - b > 160)
        return 0;
    for (i = b; i + 1 < e; i++)
        if (strchr(".!?\n", t[i]) && t[i + 1] == ' ')
            return 0; /* one sentence */
    for (k = 0; rest[k]; k++)
        r |= span_has(t, b, e, rest[k]);
    /* opening with it: not "**Sokolov**, … and no other player …" */
    return r && starts_with_any(t + b, open);
}

/* The paragraph t[b, e) opens by setting the rest aside ("The other detached customers don't
 * qualify: Stanley Okafor and Rita Vance are on Riverside Wed, …"), however long what follows:
 * the names after it are the ones left out, a note after the answer. */
static int others_set_aside(const char *t, size_t b, size_t e)
{
    static const char *const open[] = {"The other ", "The others ", "The rest ", "The remaining ",
                                       NULL};
    static const char *const no[] = {"n't ", " not ", " no ", " excluded", " left out", NULL};
    size_t c = b;
    int k;
    if (!starts_with_any(t + b, open))
        return 0;
    while (c < e && c - b < 100 && !strchr(".:;\n", t[c]))
        c++;
    if (c >= e || c - b >= 100)
        return 0;
    for (k = 0; no[k]; k++)
        if (span_has(t, b, c, no[k]))
            return 1;
    return 0;
}

/* The last paragraph that is not a closing remark ("Let me know…", "I hope…", "These are the
 * top three.") nor a caveat after the answer ("One caveat: the figure for … may be
 * higher"). */
/* The last paragraph, at t[b], is a remark of one line after a list set out under a lead-in
 * ("Singers under 88%:\n\nIsabel Duarte (soprano), Celeste Moreau (alto), …\n\nPossibly also
 * Ivan Petrov …"): the list is the answer, the remark adds to it or qualifies it. */
static int remark_after_list(const char *t, size_t b, size_t e)
{
    size_t le = trimmed_end(t, b), lb, p, commas = 0, i;
    if (b == 0 || memchr(t + b, '\n', e - b) || !le)
        return 0;
    lb = paragraph_start(t, le); /* the list */
    if (lb == 0)
        return 0;
    p = trimmed_end(t, lb); /* the lead-in */
    if (!p || t[p - 1] != ':')
        return 0;
    for (i = lb; i < le; i++)
        commas += t[i] == ',' || t[i] == ';' || t[i] == '\n';
    return commas >= 2;
}

/* The paragraph at t[b] is one short line with no number that offers more or vouches for
 * what went before ("Let me know if you need the underlying sentences.", "I've kept the
 * figures exactly as given in the text."): a courtesy, neither answer nor conclusion. */
static int courtesy_paragraph(const char *t, size_t b, size_t n)
{
    static const char *const w[] = {
        "Happy to",  "Glad to",     "Would you like", "I can also",  "I can show", "I can list",
        "I've kept", "I have kept", "That covers",    "This covers", NULL};
    const char *p = strstr(t + b, "\n\n");
    size_t e = trimmed_end(t, p && (size_t)(p - t) < n ? (size_t)(p - t) : n);
    if (e <= b || e - b > 160 || memchr(t + b, '\n', e - b) || digit_within(t + b, e - b) ||
        !strchr(".!?", t[e - 1]))
        return 0;
    return starts_with_any(t + b, closing_words) || starts_with_any(t + b, w);
}

static void last_paragraph(const char *t, size_t n, struct buf *out, int many)
{
    const char *const *closing = closing_words;
    size_t e = n, b;
    for (;;) {
        int skip = 0, k;
        e = trimmed_end(t, e);
        b = paragraph_start(t, e);
        for (k = 0; closing[k]; k++) /* also in bold or italics: "**Note:**" */
            skip |= !strncmp(t + b + strspn(t + b, "*_"), closing[k], strlen(closing[k]));
        skip |= points_back(t, b, e) || method_note(t, b, e) || refers_above(t, b, e) ||
                (b > 0 && (others_denied(t, b, e) || others_set_aside(t, b, e))) ||
                coverage_note(t, b, e) || confidence_note(t, b, e) || in_brackets(t, b, e) ||
                (b > 0 && near_miss_note(t, b, e)) || (b > 0 && courtesy_paragraph(t, b, e));
        if (!skip || b == 0)
            break;
        e = b;
    }
    if (b > 0 && (follows_up(t, b) || cut_after_answer(t, b, e) ||
                  counts_paragraph_above(t, b, e) || (many && remark_after_list(t, b, e)) ||
                  (many && !memchr(t + b, '\n', e - b) && sums_up_all(t, b))))
        b = paragraph_start(t, trimmed_end(t, b));
    if (reasoning_head(t + b, e - b)) { /* "Reasoning: …" then a line of its own, no marker */
        const char *nl = memchr(t + b, '\n', e - b);
        if (nl && (size_t)(nl - t) + 1 < e)
            b = (size_t)(nl - t) + 1;
    } else {
        b = parallel_paragraphs(t, b);
    }
    buf_reset(out);
    buf_add(out, t + b, e - b);
    if (!memchr(t + b, '\n', e - b))
        conclusion(out, many); /* of one paragraph: parallel ones each conclude their own */
}

/* The answer t[0, n) only counts what came before it, naming nothing ("all four shows", "the
 * three of them", "these five"): one short line, a count of two or more, no capital. */
static int counts_back(const char *t, size_t n)
{
    static const char *const lead[] = {"all ", "the ", "these ", "those ", NULL};
    size_t b = strspn(t, " *_"), len, c = strcspn(t, ",");
    int k;
    /* no name before a comma: not "the three of them: A, B and C"; "those three, all of them
     * in the M30 division" still counts back */
    if (n > 60 || memchr(t, '\n', trimmed_end(t, n)) || capital_in(t, b + 1, c < n ? c : n))
        return 0;
    for (k = 0; lead[k]; k++)
        if (!strncmp(t + b, lead[k], strlen(lead[k])))
            break;
    if (!lead[k])
        return 0;
    b += strlen(lead[k]);
    if (c > n)
        c = n;
    return small_number_at(t + b, &len) >= 2 && b + len <= c &&
           !digit_within(t + b + len, c - b - len);
}

/* The answer out counts back ("these three", counts_back) as many items as the last list in
 * t[0, n) has: that list, into out, is what it counts. */
static int list_counted(struct scorer *s, const char *t, size_t n, struct buf *out)
{
    struct buf list = BUF_INIT;
    size_t b = strspn(out->s, " *_"), len;
    int count, ok;
    b += strcspn(out->s + b, " ") + 1; /* past "all", "the", "these", "those" */
    count = small_number_at(out->s + b, &len);
    ok = count >= 2 && last_structured(s, t, n, &list) && list_rows(list.s, list.len) == count;
    if (ok) {
        buf_reset(out);
        buf_add(out, list.s, list.len);
    }
    buf_release(&list);
    return ok;
}

/* An answer phrase in the paragraph at t[b] points at what comes before it ("With that
 * limitation, my answer is the seven launches above."): the list, or the last paragraph,
 * before that one is the answer. */
static const char *phrase_points_above(struct scorer *s, const char *t, size_t b, struct buf *out)
{
    if (last_structured(s, t, b, out))
        return "list";
    last_paragraph(t, b, out, s->many_rows);
    return "last-paragraph";
}

/* A fenced JSON block, or a reply that is JSON: its text. */
int answer_json_text(const char *t, size_t n, struct buf *out)
{
    const char *f = NULL, *p = t, *q;
    size_t ticks;
    while ((q = strstr(p, "```")) && (size_t)(q - t) < n) {
        const char *body = strchr(q + 3, '\n'), *close;
        if (!body || !(close = strstr(body, "```")))
            break;
        if (body[strspn(body, " \n")] == '[' || body[strspn(body, " \n")] == '{')
            f = body, p = close;
        else
            p = close;
        if (f == body) {
            buf_reset(out);
            buf_add(out, body, (size_t)(close - body));
        }
        p = close + 3;
    }
    if (f)
        return 1;
    p = t + strspn(t, " \n\t");
    ticks = strspn(p, "`");
    if (ticks >= 1 && ticks <= 3 && (p[ticks] == '[' || p[ticks] == '{')) {
        size_t e = n; /* inline code: "`[{…}]`", "```{…}```" on one line */
        while (e > (size_t)(p - t) + ticks && strchr(" \n\t", t[e - 1]))
            e--;
        if (e >= (size_t)(p - t) + 2 * ticks + 2 && !strncmp(t + e - ticks, p, ticks)) {
            buf_reset(out);
            buf_add(out, p + ticks, e - ticks - (size_t)(p + ticks - t));
            return 1;
        }
    }
    if (*p == '[' || *p == '{') {
        buf_reset(out);
        buf_add(out, p, n - (size_t)(p - t));
        return 1;
    }
    return 0;
}

static size_t list_after_lead_in(const char *t, size_t n);

/* The reply's last line is an unfinished sentence of prose: no list, table or field line,
 * or one of six words or more that stops on a word in lower case ("3. Checking whether
 * sentence 14 adds a store in"). */
static int unfinished_prose(struct scorer *s, const char *t, size_t n)
{
    size_t b = n, words = 1, k;
    while (b > 0 && t[b - 1] != '\n')
        b--;
    if (!n || !islower((unsigned char)t[n - 1]))
        return 0;
    if (!structured_line(s, t, b, n))
        return 1;
    for (k = b; k < n; k++)
        words += t[k] == ' ';
    return words >= 6;
}

/* The reply stops inside a last paragraph of working that was to give the answer: unfinished
 * prose opening as working goes on ("Now comparing these to find the longest, the 13-hour
 * firing is") or doing sums ("26 + 31 + 28 = 85, and 85 divided by 3 is"). */
static int cut_while_working(struct scorer *s, const char *t, size_t n)
{
    static const char *const open[] = {
        "Now ",   "Next",  "Then ",    "Comparing", "Adding",   "Summing", "To find", "To get",
        "Let me", "Let's", "Checking", "Looking",   "Counting", "Sorting", "Working", NULL};
    static const char *const sums[] = {" = ",     " divided by ", " + ", " plus ",
                                       " minus ", " times ",      NULL};
    size_t b, i;
    int k, sum = 0;
    n = trimmed_end(t, n);
    b = paragraph_start(t, n);
    if (b == 0 || memchr(t + b, '\n', n - b) || !unfinished_prose(s, t, n))
        return 0; /* one paragraph of prose, after others */
    for (k = 0; sums[k] && !sum && digit_within(t + b, n - b); k++) /* not a table's key:
                                                                       "— = not stated" */
        for (i = b; !sum && i + strlen(sums[k]) <= n; i++)
            sum = !strncmp(t + i, sums[k], strlen(sums[k]));
    return sum || starts_with_any(t + b, open);
}

/* The line t[b, e) says a value is missing ("- Rocky - no weight recorded, not placed"). */
static int line_says_none(const char *t, size_t b, size_t e)
{
    char *l = xstrndup(t + b, e - b), *c;
    int none;
    for (c = l; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    none = null_said(l);
    free(l);
    return none;
}

/* The line t[b, e) gives a result: "… → 12", "… = 12". */
static int result_line(const char *t, size_t b, size_t e)
{
    size_t i;
    for (i = b; i + 1 < e; i++)
        if (!strncmp(t + i, "\xe2\x86\x92", 3) || !strncmp(t + i, " = ", 3) ||
            !strncmp(t + i, "=>", 2))
            return 1;
    return 0;
}

/* The line at t[b] opens with a list mark ("3. ", "- ", "* "). */
static int item_mark_at(const char *t, size_t b)
{
    size_t d = strspn(t + b, "0123456789");
    return (d && (t[b + d] == '.' || t[b + d] == ')') && t[b + d + 1] == ' ') ||
           ((t[b] == '-' || t[b] == '*') && t[b + 1] == ' ');
}

/* The line t[b, e) is a finished sentence of six words or more, its stop after a word ("So, to
 * restate: the average weight … is 32.35 kg."), or of eight or more opening with a capital,
 * its stop after a number ("So the total repair cost … is $9,908.50."); no list item nor a line
 * of results cut off after a point ("Glenholme: s.57, s.", "5. Brume Chunky – price 36."). */
static int finished_sentence(const char *t, size_t b, size_t e)
{
    size_t i, words = 1, x = e - 1; /* the stop, past a bold's close: "… is **£493.70**." */
    if (e - b < 3 || !strchr(".!?)", t[e - 1]) || item_mark_at(t, b))
        return 0;
    while (x > b + 2 && strchr("*_", t[x - 1]))
        x--;
    if (!isalnum((unsigned char)t[x - 1]) ||
        (!isdigit((unsigned char)t[x - 1]) && !isalpha((unsigned char)t[x - 2])))
        return 0;
    for (i = b; i < e; i++)
        words += t[i] == ' ';
    return isdigit((unsigned char)t[x - 1]) ? words >= 8 && isupper((unsigned char)t[b])
                                            : words >= 6; /* "So the total … is $9,908.50." */
}

/* The reply's last lines, two or more, each give a result ("Aldgate: s.1, s.5 → 12") and its
 * very last line does not: cut off while it worked ("Glenholme: s.57, s.58, s."). */
static int cut_result_line(const char *t, size_t n)
{
    size_t e = n, b, results = 0;
    for (;;) {
        for (b = e; b > 0 && t[b - 1] != '\n'; b--)
            ;
        if (b == e && e != n && b > 0) { /* a blank line between paragraphs of results */
            e = b - 1;
            continue;
        }
        if (e == n ? result_line(t, b, e) || finished_sentence(t, b, e) || line_says_none(t, b, e)
                   : !result_line(t, b, e))
            break;
        if (e != n)
            results++;
        if (b == 0)
            break;
        e = b - 1;
    }
    return results >= 2;
}

/* The last sentence of t[0, n) announces more work ("Let me double-check heat 3: …", "Now I
 * will check whether …"), not a courtesy ("Let me know if …"): the working never ended. */
static int announces_more(const char *t, size_t n)
{
    static const char *const w[] = {"Let me ",   "Let's ",   "Now let me ", "Now I will ",
                                    "Now I'll ", "Next, I ", NULL};
    size_t b = n ? n - 1 : 0; /* past the sentence's own stop */
    while (b > 0 && t[b - 1] != '\n' && !(b >= 2 && t[b - 1] == ' ' && strchr(".!?", t[b - 2])))
        b--;
    return starts_with_any(t + b, w) && strncmp(t + b, "Let me know", 11);
}

/* The last line of t[0, n) is a list item ending on a number as the item above it does ("4.
 * Shoreline Platter, 280" over "5. Smoke Ring Vessel, 275"): the list's own shape, not a line
 * cut off ("- Chen Yuxi, 69." under "- Paula Reis, 66.02 m"). */
static int item_like_last(const char *t, size_t n)
{
    size_t b = n, pb, k;
    while (b > 0 && t[b - 1] != '\n')
        b--;
    if (b < 2 || !isdigit((unsigned char)t[n - 1]) || !isdigit((unsigned char)t[b - 2]))
        return 0;
    for (pb = b - 1; pb > 0 && t[pb - 1] != '\n'; pb--)
        ;
    if (item_mark_at(t, b) && item_mark_at(t, pb))
        return 1;
    for (k = b - 2; k > pb && (isdigit((unsigned char)t[k]) || t[k] == '.'); k--)
        ;
    /* or lines of one shape, each a field that ends ", <number>" ("rank 1: A, 90.25") */
    return k >= pb + 2 && t[k] == ' ' && t[k - 1] == ',' && memchr(t + pb, ':', k - pb) &&
           memchr(t + b, ':', n - b);
}

/* t[0, n) stops inside a list of numbers or dates: after ", " comes a number with nothing
 * after it but maybe its point ("… 8.8, 8.7, 8.", "…, 46.03, 48.30", "…, 2023-06-03"), where a
 * list that ends says "and". */
static int cut_number_list(const char *t, size_t n)
{
    size_t e = n;
    if (e && t[e - 1] == '.')
        e--;
    while (e > 0 && (isdigit((unsigned char)t[e - 1]) ||
                     (strchr(".-", t[e - 1]) && e >= 2 && isdigit((unsigned char)t[e - 2]))))
        e--; /* a decimal ("48.30") or a date ("2023-06-03") too */
    return e < n && e >= 2 && isdigit((unsigned char)t[e]) && t[e - 1] == ' ' && t[e - 2] == ',' &&
           !item_like_last(t, n);
}

/* The reply's last paragraph is one line of values set apart by commas, under a paragraph
 * that ends leading into it ("The distinct values are:\n\n0%, 5%, 7.5%, 2"), not a working
 * step ("Let me check each:"): results, even cut off in the last one. */
static int values_under_lead_in(const char *t, size_t n)
{
    static const char *const work[] = {"Let me", "Let's",    "I'll",  "I will",  "Now ",
                                       "Next",   "Checking", "Going", "Looking", NULL};
    size_t e = trimmed_end(t, n), b = paragraph_start(t, e), p, s;
    if (b < 3 || memchr(t + b, '\n', e - b) || !memchr(t + b, ',', e - b))
        return 0;
    for (p = b; p > 0 && (t[p - 1] == '\n' || t[p - 1] == ' '); p--)
        ;
    if (!p || t[p - 1] != ':')
        return 0;
    for (s = p - 1; s > 0 && t[s - 1] != '\n' && !(t[s - 1] == ' ' && s >= 2 && t[s - 2] == '.');
         s--)
        ; /* the lead-in's sentence */
    return !starts_with_any(t + s, work);
}

/* A reply that opens as working ("### Reasoning", "**Analysis**", "Okay, so I need…") and
 * stops inside a sentence of prose, or in a list of results, never reached an answer. */
static int working_cut(struct scorer *s, const char *t, size_t n)
{
    static const char *const w[] = {"Reasoning", "Step",    "Analysis", "Thinking", "Thought",
                                    "Okay",      "Alright", "Hmm",      NULL};
    const char *p = t + strspn(t, "#*_> \n");
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
        n--;
    if (!strncmp(p, "Okay, here ", 11) || !strncmp(p, "Alright, here ", 14))
        return 0; /* "Okay, here are the players over 25:": the answer set out */
    return starts_with_any(p, w) && !list_after_lead_in(t, n) && !values_under_lead_in(t, n) &&
           (unfinished_prose(s, t, n) || cut_result_line(t, n) || announces_more(t, n) ||
            cut_number_list(t, n));
}

/* The reply's last paragraph is short fields under bold labels ("**Highest:** 97" over
 * "**Lowest:** 14"), not ending on a word in lower case ("**Step 2:** Compare the"): an
 * answer set out, not a sentence cut off. */
static int bold_fields_last(const char *t, size_t n)
{
    size_t b = n, i, e;
    while (b > 1 && !(t[b - 1] == '\n' && t[b - 2] == '\n'))
        b--;
    for (i = b; i < n; i = e + 1) {
        const char *close;
        e = answer_line_end(t, i, n);
        if (e - i > 60 || strncmp(t + i, "**", 2) || !(close = strstr(t + i + 2, "**")) ||
            (size_t)(close - t) >= e || !memchr(t + i, ':', (size_t)(close - t) + 3 - i))
            return 0;
    }
    return b > 0 && !islower((unsigned char)t[n - 1]);
}

/* The word t[b, e) ends its line, and the line above ends with it too ("… 980 views" /
 * "… 875 views"): the last of a list's lines, whole. */
static int same_last_word(const char *t, size_t b, size_t e)
{
    size_t pe = b, pb;
    while (pe > 0 && t[pe - 1] != '\n')
        pe--;
    if (pe < 2)
        return 0;
    pe--; /* the line above ends here */
    for (pb = pe; pb > 0 && isalpha((unsigned char)t[pb - 1]); pb--)
        ;
    return pe - pb == e - b && !strncmp(t + pb, t + b, e - b);
}

/* The last line of t[0, e) is a list's mark alone ("5.", "-"): cut off before its item. */
static int bare_mark_end(const char *t, size_t e)
{
    size_t b;
    while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\n'))
        e--;
    for (b = e; b > 0 && t[b - 1] != '\n'; b--)
        ;
    b += strspn(t + b, " ");
    if (e - b == 1 && strchr("-*", t[b]))
        return 1;
    return e - b >= 2 && e - b <= 4 && strspn(t + b, "0123456789") == e - b - 1 &&
           strchr(".)", t[e - 1]);
}

/* The text before e ends complete: on a digit, a mark, a capitalised word or a short unit
 * after a number ("1,550 m"); not inside a word of prose ("points-paying pos"), nor on a mark
 * that joins on to more ("bottled on 2024-04-", "1,"). */
static int complete_end(const char *t, size_t e)
{
    size_t b = e;
    if ((e > 0 && strchr("-,(/", t[e - 1])) || bare_mark_end(t, e))
        return 0;
    while (b > 0 && isalpha((unsigned char)t[b - 1]))
        b--;
    if (b == e)
        return e > 0;
    if (isupper((unsigned char)t[b]))
        return 1;
    if (e - b <= 3 && b >= 1 && isdigit((unsigned char)t[b - 1]))
        return 1; /* a unit glued to its number: "16h 30m", "12kg" */
    return (b >= 2 && t[b - 1] == ' ' && isdigit((unsigned char)t[b - 2])) ||
           same_last_word(t, b, e); /* a number and its word: "148.2 passengers" */
}

/* The line t[b, e) is a field whose value is a name of one to four capitalised words after
 * its colon ("Ward: Glenmore Ward"; not a list going on, "Jan, Feb, …, Oct"). */
static int last_field_filled(const char *t, size_t b, size_t e)
{
    const char *c = memchr(t + b, ':', e - b);
    size_t v = c ? (size_t)(c - t) + 1 : e, words = 1, i;
    v += v < e && t[v] == ' ';
    for (i = v; i < e; i++)
        words += t[i] == ' ';
    return v + 1 < e && isupper((unsigned char)t[v]) && words <= 4 && !memchr(t + v, ',', e - v);
}

/* The line t[last, e) has as many fields as the record line at t[prev] before it, two or
 * more: each "label: value", set apart by " | " ("guest: Núria Vidal | hut: Refugi de
 * Colomers | warden: Núria Solé"). */
static int whole_record(const char *t, size_t prev, size_t last, size_t e)
{
    size_t i, a = 0, b = 0;
    if (prev >= last)
        return 0;
    for (i = prev; i < last; i++)
        a += t[i] == ':';
    for (i = last; i < e; i++)
        b += t[i] == ':';
    return a >= 2 && a == b && !isspace((unsigned char)t[e - 1]) && t[e - 1] != ':';
}

/* The last line of the paragraph t[b, e) lacks the digits every line before it has ("3. Ken
 * Adachi – 2011" / "4. Fatou Di"): the reply was cut off inside it. */
static int last_line_short(const char *t, size_t b, size_t e)
{
    size_t le, lines = 0, last = b, prev = b, k;
    for (; b < e; b = le + 1) {
        const char *p = t + b;
        size_t n;
        prev = last;
        for (le = b; le < e && t[le] != '\n'; le++)
            ;
        n = le - b;
        k = strspn(p, "0123456789.-*) "); /* its bullet or number, within the line */
        n -= k < n ? k : n;
        p += le - b - n;
        if (le < e && !memchr(p, ':', n) && strcspn(p, "0123456789") >= n)
            return 0; /* an earlier line with no value: nothing to compare */
        lines += le < e, last = (size_t)(p - t);
    }
    if (memchr(t + last, ':', e - last) && last_field_filled(t, last, e))
        return 0; /* a field given whole: "Ward: Glenmore Ward" */
    if (strspn(t + last, "]} ") == e - last)
        return 0; /* JSON closed: "]}" */
    if (whole_record(t, prev, last, e))
        return 0; /* as many fields as the record above: "guest: … | hut: … | warden: Núria Solé" */
    return lines >= 2 && strcspn(t + last, "0123456789") >= e - last;
}

/* The Reasoning section ends on a checklist, its last line an item, with no answer after it
 * ("Reasoning: …\n3. Ember Choir — 2021 ✓\n4. Glasshouse — 2021 ✗\n…"): the candidates
 * checked in turn, some rejected ("✗", "✘", "❌", "— evening, skip.", "→ include."), the
 * answer never given. */
static int reasoning_checklist(const char *t, size_t n)
{
    static const char *const w[] = {"\xe2\x9c\x97",
                                    "\xe2\x9c\x98",
                                    "\xe2\x9d\x8c",
                                    ", skip",
                                    "\xe2\x80\x94 skip",
                                    "\xe2\x86\x92 include",
                                    "\xe2\x86\x92 exclude",
                                    "\xe2\x86\x92 skip",
                                    NULL};
    size_t b = trimmed_end(t, n), last;
    int k;
    if (!reasoning_head(t, n))
        return 0;
    for (last = b; last > 0 && t[last - 1] != '\n'; last--)
        ;
    if (!isdigit((unsigned char)t[last]) && !strchr("-*", t[last]))
        return 0;              /* not an item: a conclusion ("So the answer is …") */
    b = paragraph_start(t, b); /* the last paragraph */
    for (k = 0; w[k]; k++) {
        const char *q = strstr(t + b, w[k]);
        if (q && q < t + n)
            return 1;
    }
    return 0;
}

/* Lines of t that judge their item ("… – no.", "… – yes, nebula", "✓", "✗"). */
static int verdicts(const char *t)
{
    static const char *const w[] = {
        "\xe2\x80\x93 no", "- no", "\xe2\x80\x93 yes", "- yes", "\xe2\x9c\x93",
        "\xe2\x9c\x97",    NULL};
    const char *line, *end;
    int k, n = 0;
    for (line = t; *line; line = *end ? end + 1 : end) {
        end = line + strcspn(line, "\n");
        for (k = 0; w[k]; k++) {
            const char *q = strstr(line, w[k]);
            if (q && q < end) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* The paragraph before t[b] (a list's) leads into working through items one at a time ("Let
 * me go through all his fixtures one by one:"): the list is that working. */
static int working_lead_in(const char *t, size_t b)
{
    static const char *const w[] = {"Let me ",
                                    "Let's ",
                                    "I'll go through",
                                    "I will go through",
                                    "one by one",
                                    "Checking each",
                                    "checking each",
                                    "one at a time",
                                    "Going through",
                                    "going through",
                                    NULL};
    size_t e = b, p;
    int k;
    while (e > 0 && (t[e - 1] == '\n' || t[e - 1] == ' '))
        e--;
    if (e == 0 || (t[e - 1] != ':' && (t[e - 1] != '.' || verdicts(t + b) < 2)))
        return 0; /* "…:", or "… in order." before items judged one by one ("– no.") */
    for (p = e; p > 0 && t[p - 1] != '\n'; p--)
        ;
    for (k = 0; w[k]; k++) {
        const char *q = strstr(t + p, w[k]);
        if (q && q < t + e)
            return 1;
    }
    return 0;
}

/* A line after the first of t[0, e) is a list item ("- Shift 1001: …"): working gone through
 * item by item, no fields set out under the Reasoning line. */
static int bulleted_after(struct scorer *s, const char *t, size_t e)
{
    const char *p;
    size_t x, y;
    for (p = memchr(t, '\n', e); p && p + 1 < t + e;
         p = memchr(p + 1, '\n', (size_t)(t + e - p - 1)))
        if (re_find(s, s->bullet, p + 1,
                    answer_line_end(t, (size_t)(p + 1 - t), e) - (size_t)(p + 1 - t), 0, &x, &y))
            return 1;
    return 0;
}

/* The prompt's Reasoning section, then a list after a blank line with no Answer marker
 * ("Reasoning: … higher than Refugio Lynch:\n\n1. Refugio Frey — 1,700 m\n…"), or fields right
 * under its first line: the list answers, the reply is not cut off in its thinking. */
/* The paragraph t[b, e) ends in two list items or more of words alone ("- Early music\n-
 * Choral conducting"): names listed, whole, whatever the case of their last word. */
static int bullets_of_words(const char *t, size_t b, size_t e)
{
    size_t le, items = 0, k;
    for (; b < e; b = le + 1) {
        le = answer_line_end(t, b, e);
        if (!item_mark_at(t, b)) {
            items = 0; /* a lead-in ("specialties:") */
            continue;
        }
        items++;
        for (k = b + strspn(t + b, " -*+0123456789.)"); k < le; k++)
            if (isdigit((unsigned char)t[k]) || strchr(":|(", t[k]))
                return 0;
    }
    return items >= 2;
}

static int reasoning_then_list(struct scorer *s, const char *t, size_t n)
{
    size_t b, e = n, first;
    if (!reasoning_head(t, n))
        return 0;
    e = trimmed_end(t, e);
    b = paragraph_start(t, e);
    if (b == 0 && memchr(t, '\n', e) && !bulleted_after(s, t, e) &&
        ((const char *)memchr(t, '\n', e))[-1] != ':') /* fields right under it, no lead-in */
        b = (size_t)((const char *)memchr(t, '\n', e) - t) + 1;
    if (b < e && t[b] == '<' && e >= b + 4 && t[e - 1] == '>' && strstr(t + b, "</") &&
        strstr(t + b, "</") < t + e)
        return 1; /* a table or list in markup, closed ("<table>…</table>") */
    if (b == 0 || (!complete_end(t, e) && !bullets_of_words(t, b, e)) || last_line_short(t, b, e) ||
        cut_result_line(t, e) || working_lead_in(t, b) ||
        (t[e - 1] == ':' && !memchr(t + b, '\n', e - b)))
        return 0; /* not results cut off in the last one ("Red kite: (160+17"), nor a lead-in
                     with nothing under it ("Distinct named customers:") */
    for (first = b; b < e; b = answer_line_end(t, b, e) + 1) { /* every line of the last
                                                                   paragraph */
        size_t le = answer_line_end(t, b, e);
        if (!structured_line(s, t, b, le) &&
            !(le > b && t[le - 1] == ':' && (!memchr(t + b, ' ', le - b) || b == first)) &&
            !(t[b] == ' ' && structured_line(s, t, b + strspn(t + b, " "), le)) &&
            !(le > b && le - b <= 3 && strspn(t + b, "0123456789") == le - b) &&
            !(b == first && le - b <= 20 && !memchr(t + b, ' ', le - b) &&
              isupper((unsigned char)t[b])))
            return 0; /* nor a record's heading ("rank_1:", "2") or its indented fields (YAML),
                         nor a one-word title over them ("Result") */
    }
    return 1;
}

/* t[0, n) ends with a list under a concluding lead-in ("So the finishing order is:\n1. Ines
 * Moura\n… 4. Maja Holm"): the answer set out, whole, with no stop after its last item (not a
 * list of working cut off: "Let me list all hospitals:\n… 4. Lowfield Community – 1").  Where
 * its items start, else 0. */
static size_t list_after_lead_in(const char *t, size_t n)
{
    size_t e = n, b;
    for (;;) {
        for (b = e; b > 0 && t[b - 1] != '\n'; b--)
            ;
        /* an item: a list mark, or a short line of its own ("Yuki Arai — Quiet Machines") */
        if (!(isdigit((unsigned char)t[b]) || t[b] == '-' || t[b] == '*' || short_item(t, b, e)))
            return e > b && t[e - 1] == ':' && e < n && /* the line before the items concludes */
                           (opens_conclusion(t + b, strcspn(t + b, " \n")) ||
                            !strncmp(t + b, "The final", 9) || !strncmp(t + b, "Final", 5))
                       ? e + 1
                       : 0;
        if (b == 0)
            return 0;
        e = b - 1; /* the line above */
    }
}

/* A reply that only thinks aloud ("Let me go through…") and stops mid-sentence never
 * reached an answer. */
/* Words that open a lead-in to more working, not to a result ("Next, their animals …:"). */
static const char *const working_lead[] = {"Let me", "Let's",    "I'll",  "I will",  "Now ",
                                           "Next",   "Checking", "Going", "Looking", NULL};

/* The reply's last paragraph is a numbered list whose items each end on a whole number,
 * under a lead-in line ending with ':' that is no working step ("Skippers above it:"). */
static int results_under_lead_in(const char *t, size_t n)
{
    const char *const *work = working_lead;
    size_t e = n, b, items = 0;
    for (;;) {
        for (b = e; b > 0 && t[b - 1] != '\n'; b--)
            ;
        if (isdigit((unsigned char)t[b]) && strspn(t + b, "0123456789") < e - b &&
            strchr(".)", t[b + strspn(t + b, "0123456789")]) && isdigit((unsigned char)t[e - 1])) {
            items++;
            if (b == 0)
                return 0;
            e = b - 1;
            continue;
        }
        return items >= 2 && e > b && t[e - 1] == ':' && !starts_with_any(t + b, work);
    }
}

static int in_reasoning(const char *t, size_t n);

/* t[0, n) ends with a paragraph of list items alone, two or more, after a paragraph whose
 * working ends on a full stop ("… So the Nebelhorn narrowly misses third place.\n\n1. Kristall
 * Glacier Route — 1,720 m\n2. …"): the working finished and the list sets out its result. */
static int list_after_working(const char *t, size_t n)
{
    size_t e = trimmed_end(t, n), b = paragraph_start(t, e), le;
    int items = 0;
    if (b < 2 || t[trimmed_end(t, b) - 1] != '.' || announces_more(t, trimmed_end(t, b)) ||
        in_reasoning(t, b))
        return 0; /* not a list of working under "Let me go tree by tree." or "Reasoning:" */
    le = answer_line_end(t, b, e);
    if (!item_mark_at(t, b) && le > b && t[le - 1] == ':' && !starts_with_any(t + b, working_lead))
        b = le + 1; /* under a lead-in of its own ("Cheeses aged longer than that:") */
    for (; b < e; b = le + 1, items++) {
        le = answer_line_end(t, b, e);
        if (!item_mark_at(t, b))
            return 0;
    }
    return items >= 2;
}

/* Line t[b, e) is "field_name: value": a name in lower case ("boat_class", "routes"), not a
 * value of a row ("Callout 401", "O-0412", "June Harrow") as lines of working have, and a
 * value of a few words, no sentence. */
static int field_name_at(const char *t, size_t b, size_t e)
{
    size_t c = b + strspn(t + b, " \t-*"), i;
    if (c >= e || !islower((unsigned char)t[c]))
        return 0;
    for (b = c; c < e && (islower((unsigned char)t[c]) || isdigit((unsigned char)t[c]) ||
                          t[c] == '_' || t[c] == ' ' || t[c] == '-');
         c++)
        ;
    if (c >= e || t[c] != ':' || c - b > 40 || c + 2 > e || e - c > 80)
        return 0;
    for (i = c + 1; i + 1 < e; i++)
        if (strchr(".!?", t[i]) && t[i + 1] == ' ')
            return 0;
    return 1;
}

/* The reply's last paragraph is a block of "field_name: value" lines under reasoning whose last
 * sentence ended ("Reasoning: … No claim was filed in February.\n\nclaims_in_february: none"):
 * the answer set out, not working cut off. */
static int fields_after_reasoning(const char *t, size_t n)
{
    size_t e = trimmed_end(t, n), b = paragraph_start(t, e), p, le;
    for (p = b; p > 0 && (t[p - 1] == '\n' || t[p - 1] == ' '); p--)
        ;
    if (!p || p == b || !strchr(".:)", t[p - 1]))
        return 0;
    for (; b < e; b = le + 1) {
        le = answer_line_end(t, b, e);
        if (le > b && !field_name_at(t, b, le))
            return 0;
    }
    return 1;
}

/* How many parts the line t[b, e) sets out: its separators ("a – b – c" 2, "k: v | x: y" 3). */
static int line_parts(const char *t, size_t b, size_t e)
{
    static const char *const sep[] = {" \xe2\x80\x93 ",
                                      " \xe2\x80\x94 ",
                                      " - ",
                                      " | ",
                                      ": ",
                                      ", ",
                                      " \xe2\x86\x92 ",
                                      " / ",
                                      NULL};
    size_t i;
    int k, parts = 0;
    for (i = b; i < e; i++)
        for (k = 0; sep[k]; k++)
            if (i + strlen(sep[k]) <= e && !strncmp(t + i, sep[k], strlen(sep[k])))
                parts++;
    return parts;
}

/* Every line of the paragraph t[b, e) sets out an answer: a list item, a table row, JSON, a
 * "field: value" line, or a short line of parts ("Little Hollows – 12 March 2022"), no lead-in
 * ("Next, their routes without a leader:"). */
static int answer_lines(struct scorer *s, const char *t, size_t b, size_t e)
{
    size_t le;
    for (; b < e; b = le + 1) {
        le = answer_line_end(t, b, e);
        if (le > b && !structured_line(s, t, b, le) && !field_name_at(t, b, le) &&
            !item_mark_at(t, b) && !(le - b <= 100 && t[le - 1] != ':' && line_parts(t, b, le) > 0))
            return 0;
    }
    return 1;
}

/* The lines of t[b, e). */
static int lines_in(const char *t, size_t b, size_t e)
{
    int k = 1;
    for (; b < e; b++)
        k += t[b] == '\n';
    return k;
}

/* JSON brackets in t[b, e) close as they open, outside strings. */
static int brackets_close(const char *t, size_t b, size_t e)
{
    int depth = 0, str = 0;
    for (; b < e; b++) {
        if (str)
            str = !(t[b] == '"' && t[b - 1] != '\\');
        else if (t[b] == '"')
            str = 1;
        else if (t[b] == '{' || t[b] == '[')
            depth++;
        else if ((t[b] == '}' || t[b] == ']') && --depth < 0)
            return 0;
    }
    return depth == 0 && !str;
}

/* t[b, e) holds "<word> by <word>", the same word twice ("month by month", "tree by tree"). */
static int word_by_word(const char *t, size_t b, size_t e)
{
    size_t i, w;
    for (i = b; i + 4 < e; i++) {
        if (strncmp(t + i, " by ", 4))
            continue;
        for (w = i; w > b && isalpha((unsigned char)t[w - 1]); w--)
            ;
        if (i > w && i + 4 + (i - w) <= e && !strncmp(t + w, t + i + 4, i - w) &&
            !isalpha((unsigned char)t[i + 4 + (i - w)]))
            return 1;
    }
    return 0;
}

/* The sentence that leads into t[b] goes through items as working ("I'll list each lot and
 * its buyer.", "I will go month by month", "Scanning the catalogue in order:"), no result
 * ("Let me restate the final mapping:"). */
static int working_intro(const char *t, size_t b)
{
    static const char *const w[] = {
        "Let me",        "Let's",         "I'll ",      "I will ",    "Next,",      "Checking",
        "checking",      "Scanning",      "scanning",   "Looking at", "go through", "going through",
        "Going through", "one at a time", "check each", "Check each", NULL};
    static const char *const result[] = {"restate", "final",         "summar", "sum up",
                                         "recap",   "the following", NULL};
    size_t e = trimmed_end(t, b), p = e ? e - 1 : 0;
    int k;
    while (p > 0 && t[p - 1] != '\n' && !(p >= 2 && t[p - 1] == ' ' && strchr(".!?", t[p - 2])))
        p--; /* the lead-in's own sentence */
    for (k = 0; result[k]; k++)
        if (span_has(t, p, e, result[k]))
            return 0;
    for (k = 0; w[k]; k++)
        if (span_has(t, p, e, w[k]))
            return 1;
    return word_by_word(t, p, e);
}

/* The arrow at t[a] ends a line of names it counts ("- DAF LF: YR21 HGD, YR21 HDG → 2",
 * "2021 – Priya, Yasmin, Hester → 3"): no operator on its line before it, and fewer than two
 * numbers standing alone there (not "Mill Lane: 12, 15, 20 → 47"). */
static int count_arrow(const char *t, size_t b, size_t a)
{
    size_t ls = a, i, numbers = 0;
    while (ls > b && t[ls - 1] != '\n')
        ls--;
    for (i = ls; i < a; i++) {
        size_t d;
        if (strchr("+*=/", t[i]))
            return 0;
        if ((i > ls && (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '.')) ||
            !(d = strspn(t + i, "0123456789.,")) || !isdigit((unsigned char)t[i]))
            continue;
        while (d > 0 && strchr(".,", t[i + d - 1]))
            d--;
        numbers += !isalnum((unsigned char)t[i + d]);
        i += d;
    }
    return numbers < 2;
}

/* t[b, e) does sums ("120 + 95", "(88+91)/2", "= 89.5", "→ 74"): working, not results. */
static int sums_in(const char *t, size_t b, size_t e)
{
    size_t i;
    for (i = b + 1; i + 2 < e; i++) {
        size_t j = i + (t[i] == ' ');
        if (isdigit((unsigned char)t[i - 1]) && strchr("+*=", t[j]) && j + 1 < e &&
            (isdigit((unsigned char)t[j + 1]) || t[j + 1] == ' ' || t[j + 1] == '('))
            return 1;
        if ((!strncmp(t + i, "\xe2\x86\x92", 3) && !count_arrow(t, b, i)) ||
            !strncmp(t + i, "\xc3\x97", 2))
            return 1;
    }
    return 0;
}

/* The line t[b, le) ends "= <number>", a sum ("9 + 7 + 10 = 26"), no division on the way to a
 * mean ("(88+91)/2 = 89.5", working that writers count as no answer): a group's total. */
static int ends_in_total(const char *t, size_t b, size_t le)
{
    size_t k;
    for (k = le; k > b && (isdigit((unsigned char)t[k - 1]) || strchr(".,$", t[k - 1])); k--)
        ;
    return k < le && k >= b + 2 && !strncmp(t + k - 2, "= ", 2) && !memchr(t + b, '/', k - b);
}

/* Every line of t[b, e) but maybe the last, cut off, ends "= <number>": a total per group. */
static int totals_each_line(const char *t, size_t b, size_t e)
{
    size_t le;
    int lines = 0;
    for (; b < e; b = le + 1) {
        le = answer_line_end(t, b, e);
        if (le >= e)
            break; /* the last line, maybe cut off */
        if (!ends_in_total(t, b, le))
            return 0;
        lines++;
    }
    return lines >= 2;
}

/* The last word of t[b, e) is whole: the text ends complete, or the word ends an earlier
 * line's word too ("… placed 2nd" / "… not placed"), not a word cut off ("$395/se"). */
static int whole_last_word(const char *t, size_t b, size_t last, size_t e)
{
    size_t w = e, i;
    if (complete_end(t, e) || (line_says_none(t, last, e) && e - last > 20))
        return 1; /* or a line saying none at some length ("average_score: none — no …") */
    while (w > last && isalpha((unsigned char)t[w - 1]))
        w--;
    if (e - w < 2)
        return 0;
    for (i = b; i + (e - w) <= last; i++)
        if (!strncmp(t + i, t + w, e - w) && (i == b || !isalpha((unsigned char)t[i - 1])) &&
            !isalpha((unsigned char)t[i + e - w]))
            return 1;
    return 0;
}

/* t opens with the label of a step of working ("Step 2:", "**Step 3 -"). */
static int step_label(const char *t)
{
    t += strspn(t, "#*_ ");
    return !strncmp(t, "Step ", 5) && isdigit((unsigned char)t[5]);
}

/* The reply ends on its answer set out whole after its working ("Reasoning: … three entries.
 * \n\n- Brenin - 112 kg, placed 2nd\n- Rocky - no weight recorded, not placed"): a last block
 * of answer lines, or records a paragraph each, under a lead-in (":") or a finished sentence
 * that does no working ("Let me compare the candidates."), its JSON closed or its last line or
 * record as whole as the one above it, no sums in it.  Where the block ends: the reply's end,
 * or, for a list under a lead-in cut off in its last line ("Competitions above £14:\n- …\n- …
 * \n- Mixed Four"), the end of the line before, the lines whole before it being the answer as
 * far as it got; 0 when the reply ends on no such block. */
static size_t answer_block_end(struct scorer *s, const char *t, size_t n)
{
    size_t e = trimmed_end(t, n), b = paragraph_start(t, e), first, p, last, prev;
    int totals; /* a total per group asked, each line summed to it */
    p = answer_line_end(t, b, e);
    if (b > 0 && p < e && t[p - 1] == ':' && !strchr("{[", t[b]) && !answer_lines(s, t, b, p))
        b = p + 1; /* under a lead-in of its own ("Combinations:", "Final answer in JSON:") */
    if (b == 0 || b >= e)
        return 0;
    if (t[b] == '{' || t[b] == '[')
        return (t[e - 1] == '}' || t[e - 1] == ']') && brackets_close(t, b, e) ? e : 0;
    if (!answer_lines(s, t, b, e))
        return 0;
    for (first = b; (p = trimmed_end(t, first)) > 0 && paragraph_start(t, p) > 0 &&
                    answer_lines(s, t, paragraph_start(t, p), p) &&
                    t[paragraph_start(t, p)] != '{' && t[paragraph_start(t, p)] != '[' &&
                    !step_label(t + paragraph_start(t, p));)
        first = paragraph_start(t, p); /* records a paragraph each ("name: …\ncaps: …"), under
                                          a step of working ("Step 2: Take the two largest.") */
    p = trimmed_end(t, first);
    totals = s->grouped && totals_each_line(t, first, e);
    if (p == 0 || (t[p - 1] != '.' && t[p - 1] != ':') || working_intro(t, first) ||
        (sums_in(t, first, e) && !totals))
        return 0;  /* no sums, but groups each summed to its total ("- Harbour Taster: 9 + 7 =
                      16") */
    if (first < b) /* the last record has as many lines as the one before it */
        return lines_in(t, b, e) >=
                       lines_in(t, paragraph_start(t, trimmed_end(t, b)), trimmed_end(t, b))
                   ? e
                   : 0;
    for (last = e; last > b && t[last - 1] != '\n'; last--)
        ;
    if (last == b) /* one field alone ("claims_in_february: none"), or one item under a step */
        return field_name_at(t, b, e) || (item_mark_at(t, b) && b > 0 &&
                                          step_label(t + paragraph_start(t, trimmed_end(t, b))))
                   ? e
                   : 0;
    for (prev = last - 1; prev > b && t[prev - 1] != '\n'; prev--)
        ;
    if (line_parts(t, last, e) >= line_parts(t, prev, last - 1) &&
        (!last_line_short(t, b, e) || line_says_none(t, last, e)) &&
        whole_last_word(t, b, last, e) && !bare_mark_end(t, e) && !strchr("-,(/+=*", t[e - 1]))
        return totals && !ends_in_total(t, last, e) ? last - 1 : e;
    return prev > b && (t[p - 1] == ':' || totals)
               ? last - 1
               : 0; /* two lines whole or more above it (or totals of groups, whatever leads) */
}

static int thinking_aloud(const char *t, size_t n)
{
    static const char *const starts[] = {
        "Let me ",       "Let's ",       "I'll ",       "I will ",      "First, ", "Reasoning:",
        "**Reasoning**", "**Reasoning:", "Reasoning\n", "## Reasoning", NULL};
    static const char *const within[] = {": Let me ", ". Let me ", ": Let's ", ". Let's ", NULL};
    size_t line = answer_line_end(t, 0, n);
    int k, start = 0;
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
        n--;
    for (k = 0; starts[k]; k++)
        start |= !strncmp(t, starts[k], strlen(starts[k]));
    start |= !strncmp(t + strspn(t, "#* "), "Step ", 5); /* "## Step 1: Find the counts" */
    for (k = 0; within[k]; k++) {                        /* "Birds over 1 m: Let me check each." */
        const char *p = strstr(t, within[k]);
        start |= p && (size_t)(p - t) < line;
    }
    return start && n && (!strchr(".!?)|`*", t[n - 1]) || bare_mark_end(t, n)) &&
           !bold_fields_last(t, n) && !list_after_lead_in(t, n) && !results_under_lead_in(t, n) &&
           !values_under_lead_in(t, n) && !list_after_working(t, n) &&
           !fields_after_reasoning(t, n);
}

static int starts_with_any(const char *t, const char *const *w)
{
    size_t n;
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(t, w[k], n = strlen(w[k])) &&
            !(isalpha((unsigned char)w[k][n - 1]) && isalpha((unsigned char)t[n])))
            return 1; /* a whole word: "Hi", not "Hiroshi Tanabe"; "Step", not "Stephen" */
    return 0;
}

/* t[b, e) speaks of the writer ("I", "I'm", "my", "me"): working more likely than an answer
 * given first, when long. */
static int first_person(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"I ",   "I'm ", "I've ",  "I'd ",   "I'll ", "my ",
                                    "me ",  "me,",  "me.",    "My ",    "we ",   "We ",
                                    "our ", "Our ", "let's ", "Let's ", NULL};
    size_t i;
    int k;
    for (i = b; i < e; i++)
        if (i == b || t[i - 1] == ' ' || t[i - 1] == '(')
            for (k = 0; w[k]; k++)
                if (!strncmp(t + i, w[k], strlen(w[k])) && i + strlen(w[k]) <= e + 1)
                    return 1;
    return 0;
}

/* Answer first: a reply of several paragraphs whose first is one short line (not a lead-in
 * nor the start of working) and whose last does not conclude ("So", "Therefore"): the first
 * line is the answer, the rest explains it. */
/* The prompt's two parts in the other order: a first paragraph, then the Reasoning (or an
 * Explanation) section ("Tarn was decommissioned on 14 March 1994; …\n\nReasoning: …"): the
 * first paragraph is the answer. */
static int answer_before_reasoning(const char *t, size_t n, struct buf *out)
{
    size_t b = strspn(t, " \n\t"), e = b, next;
    while (e < n && !(t[e] == '\n' && e + 1 < n && t[e + 1] == '\n'))
        e++;
    next = e + strspn(t + e, "\n ");
    if (b >= e || e >= n || e - b > 1000 || reasoning_head(t + b, e - b) ||
        !(reasoning_head(t + next, n - next) ||
          !strncasecmp(t + next + strspn(t + next, "#*_> "), "explanation", 11)))
        return 0;
    buf_reset(out);
    buf_add(out, t + b, e - b);
    return 1;
}

/* answer_before_reasoning, ahead of any list the Reasoning works through: the first paragraph
 * one line, a statement of its own (not a lead-in over its list), not a title ("**Average length by
 * type**"), a lead-in ("…:"), the question restated ("Q: When did …?") or the writer's plan ("I'll
 * count …"). */
static int answer_ahead_of_reasoning(const char *t, size_t n, struct buf *out)
{
    size_t b = strspn(t, " \n\t"), e = b;
    while (e < n && !(t[e] == '\n' && e + 1 < n && t[e + 1] == '\n'))
        e++;
    e = trimmed_end(t, e);
    if (e <= b + 2 || memchr(t + b, '\n', e - b) || strchr(":*?", t[e - 1]) || t[b] == '#' ||
        !strncmp(t + b, "Q:", 2) || first_person(t, b, e))
        return 0;
    return answer_before_reasoning(t, n, out);
}

/* The line t[b, e) is a title in bold over a list or records ("**Top Terrace harvests**" over
 * "**D1 (Janet Whitcombe):** strawberries 3.8 kg …"): no digit, no comma, all of it bold. */
static int bold_heading(const char *t, size_t b, size_t e, size_t n)
{
    size_t next = e + strspn(t + e, "\n \t");
    if (e - b < 5 || strncmp(t + b, "**", 2) || strncmp(t + e - 2, "**", 2) ||
        memchr(t + b + 2, '*', e - b - 4) || memchr(t + b, ',', e - b) ||
        digit_within(t + b, e - b) || next >= n)
        return 0;
    return strchr("*-|#", t[next]) || isdigit((unsigned char)t[next]);
}

/* The line t[b, e) heads the lines below it: no digit, no stop, and a separator (an arrow,
 * a pipe) that the next line repeats ("Joining year → number of volunteers" over "2018 → 1
 * (Dagny Hallström)"). */
static int heads_lines(const char *t, size_t b, size_t e, size_t n)
{
    static const char *const sep[] = {"\xe2\x86\x92", "->", " | ", NULL};
    size_t i, nb = e + strspn(t + e, " \n"), ne;
    int k;
    for (i = b; i < e; i++)
        if (isdigit((unsigned char)t[i]))
            return 0;
    if (t[e - 1] == '.' || nb >= n)
        return 0;
    ne = answer_line_end(t, nb, n);
    for (k = 0; sep[k]; k++)
        if (span_has(t, b, e, sep[k]) && span_has(t, nb, ne, sep[k]))
            return 1;
    return 0;
}

/* A first paragraph of one long line t[b, e) is the answer given first only when it neither
 * works ("I have therefore counted …") nor opens as a remark ("A caveat first: …"), and the
 * last paragraph, from t[last], explains at length rather than concludes ("Since there are no
 * fruit accessions, …", "It follows that …", "No answer.", "**5**"). */
static int long_answer_first(const char *t, size_t b, size_t e, size_t last, size_t n)
{
    static const char *const concludes[] = {"Since ", "It follows", "Given ", "As a result",
                                            "Hence",  "No answer",  "**",     NULL};
    size_t end = trimmed_end(t, n), i, colon = last + strcspn(t + last, ":\n");
    while (t[colon] == ':' && colon > last && isdigit((unsigned char)t[colon - 1]) &&
           isdigit((unsigned char)t[colon + 1]))
        colon += 1 + strcspn(t + colon + 1, ":\n"); /* a time's ("opens at 07:50"), no label's */
    if (first_person(t, b, e) || starts_with_any(t + b, closing_words) || end < last + 40 ||
        starts_with_any(t + last, concludes))
        return 0;
    if (t[colon] == ':' && colon - last <= 100 && !memchr(t + last, '\n', end - last) &&
        !follows_up(t, last) && !memchr(t + colon, '=', end - colon) &&
        !(sentence_with_colon(t, last) && !digit_within(t + last, end - last)))
        return 0; /* a labelled answer line: "Oban vessels and capacities: Corran Star 280, …";
                     not a sum worked after it ("the threshold is: 3 × £73.90 = £221.71") */
    for (i = last; i + 6 <= end; i++)
        if (!strncasecmp(t + i, "answer", 6))
            return 0;
    return 1;
}

/* The paragraph at p opens with a label in bold closed by a colon ("**Artists who joined
 * before him:** Felix Brandt (2008), …"): it sets out the answer under that label. */
static int bold_label_opens(const char *p)
{
    size_t n = strcspn(p, "\n");
    const char *close;
    if (strncmp(p, "**", 2) || !(close = strstr(p + 2, "**")) || (size_t)(close - p) > 100 ||
        (size_t)(close - p) + 2 >= n)
        return 0;
    return close[-1] == ':' || close[2] == ':';
}

/* The line is one sentence that opens by counting and gives two numbers at most ("There are
 * three Devon towers in the text, and between them they account for seven peals."): to a
 * question for many rows, a lead-in to them (not "There are 5 Learners, 7 Intermediate …"). */
static int counts_only(const struct buf *out)
{
    static const char *const w[] = {"There are ", "There were ", "There's ",
                                    "I found ",   "I count ",    NULL};
    size_t len, i, e = out->s ? trimmed_end(out->s, out->len) : 0;
    int k, numbers = 0;
    for (i = 0; i + 2 < e; i++)
        if (strchr(".!?", out->s[i]) && out->s[i + 1] == ' ')
            return 0; /* more than one sentence: the rows may follow the count */
    for (i = 0; i < e; i++)
        if ((i == 0 || !isalnum((unsigned char)out->s[i - 1])) &&
            (isdigit((unsigned char)out->s[i]) || small_number_at(out->s + i, &len) > 0))
            numbers++;
    for (k = 0; numbers <= 2 && w[k]; k++)
        if (!strncmp(out->s, w[k], strlen(w[k])))
            return isdigit((unsigned char)out->s[strlen(w[k])]) ||
                   small_number_at(out->s + strlen(w[k]), &len) >= 2;
    return 0;
}

/* Every line of out adds up parts with no result, its first number the first part ("- East:
 * Agnes Dunleavy 11 + Hyun-ji Park 5"; not "1. Ada — £65.50 (12.50 + 11.00 …)"): the sums
 * behind an answer, no rows. */
static int sums_only(const struct buf *out)
{
    size_t b, e, d;
    for (b = 0; b < out->len; b = e + 1) {
        e = answer_line_end(out->s, b, out->len);
        if (answer_blank_line(out->s, b, e))
            continue;
        d = b + strspn(out->s + b, " -*0123456789.)"); /* past a list mark */
        d += strcspn(out->s + d, "0123456789\n");
        d += strspn(out->s + d, "0123456789.,");
        if (d >= e || strncmp(out->s + d, " + ", 3) || memchr(out->s + b, '=', e - b))
            return 0;
    }
    return out->len > 0;
}

static int answer_first(const char *t, size_t n, struct buf *out);

/* Where the first paragraph of t[0, n) ends. */
static size_t first_paragraph_end(const char *t, size_t n)
{
    const char *p = strstr(t, "\n\n");
    return p && (size_t)(p - t) < n ? (size_t)(p - t) : n;
}

/* t[0, n) holds a number of its own, not only digits of a code ("P01", "B-12"). */
static int number_within(const char *t, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (isdigit((unsigned char)t[i]) &&
            (i == 0 || !(isalnum((unsigned char)t[i - 1]) || t[i - 1] == '-')))
            return 1;
    return 0;
}

/* The list out is of labels with the names under each and no number ("- Brixham: Silver Dawn,
 * Girl Maureen"), and the first paragraph t[0, e), with numbers, names two labels or more
 * ("Peterhead has the most boats (3), Brixham and Newlyn have 2 each"): the list backs the
 * counts given first. */
static int members_listed(const struct buf *out, const char *t, size_t e)
{
    size_t b, le, lb, lab, named = 0, k;
    char *o;
    int ok = 1;
    if (!digit_within(t, e) || number_within(out->s, out->len))
        return 0;
    o = xstrndup(out->s, out->len); /* sentences as lines: "Cousins UK: P01, P02. Meadows …" */
    for (k = 0; k + 2 < out->len; k++)
        if (o[k] == '.' && o[k + 1] == ' ' && isupper((unsigned char)o[k + 2]))
            o[k + 1] = '\n';
    for (b = 0; ok && b < out->len; b = le + 1) {
        char *label;
        le = answer_line_end(o, b, out->len);
        if (answer_blank_line(o, b, le))
            continue;
        lb = b + strspn(o + b, " -*+");
        if (!strncmp(o + lb, "\xe2\x80\xa2", 3)) /* "•" */
            lb += 3 + strspn(o + lb + 3, " ");
        lb += strspn(o + lb, "*");
        lab = strcspn(o + lb, ":\n*");
        if (lb + lab >= le || lab == 0 || lab > 40 || !isupper((unsigned char)o[lb])) {
            ok = b > 0 && named >= 2; /* a line that is no "Label: names" (a record's field in
                                         lower case is none), unless a last remark */
            break;
        }
        label = xstrndup(o + lb, lab);
        named += span_has(t, 0, e, label);
        free(label);
    }
    free(o);
    return ok && named >= 2;
}

/* t opens with a word and a capitalised word after it ("Hello Little Fox and …", "Counting
 * Sheep (2012)"): a name, whatever its first word; no greeting nor working ("Hello! …",
 * "Counting the orders, …"). */
static int title_opens(const char *t)
{
    size_t w = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    return w && t[w] == ' ' && isupper((unsigned char)t[w + 1]) &&
           !(t[w + 1] == 'I' && strchr(" '", t[w + 2])); /* not "Sure I can …" */
}

/* The reply's first line sets a value in bold ("The total was **£5,400**."). */
static int bold_first_line(const char *t, size_t n)
{
    size_t b = strspn(t, " \n\t"), e = answer_line_end(t, b, n);
    const char *p = b < e ? strstr(t + b, "**") : NULL;
    return p && (size_t)(p - t) < e && strstr(p + 2, "**") && (size_t)(strstr(p + 2, "**") - t) < e;
}

/* A sentence of t[b, e) sets out work still to do ("…. I need everyone whose supervisor is
 * warden 1."): working, no answer given first. */
static int works_out(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"I need ", "We need ", "I'll ", "I will ",
                                    "Let me ", "Let's ",   NULL};
    size_t i;
    for (i = b; i < e; i++)
        if ((i == b || (i >= b + 2 && t[i - 1] == ' ' && strchr(".!?:", t[i - 2]))) &&
            starts_with_any(t + i, w))
            return 1;
    return 0;
}

static int answer_first(const char *t, size_t n, struct buf *out)
{
    const char *const *opening = working_opening;
    static const char *const concluding[] = {
        "So",         "Therefore",  "Thus",  "Overall", "In total", "In summary", "Hence",
        "That gives", "The answer", "Final", "Answer",  "Result",   NULL};
    size_t b = strspn(t, " \n\t"), e = answer_line_end(t, b, n), last = n, k = e, concl, p;
    while (k > b && strchr("*_", t[k - 1]))
        k--; /* a lead-in in bold: "**Riders penalised on the Hill Climb:**" */
    if (b >= n || e - b > 400 || k == b || strchr(":?!", t[k - 1]) ||
        (starts_with_any(t + b, opening) && !title_opens(t + b)) || bold_heading(t, b, e, n))
        return 0;
    if (e + 1 >= n || t[e + 1] != '\n' || heads_lines(t, b, k, n)) /* one line, a blank line */
        return 0;
    while (last > e && (t[last - 1] == '\n' || t[last - 1] == ' '))
        last--;
    while (last > e && !(t[last - 1] == '\n' && t[last - 2] == '\n'))
        last--;
    concl = last; /* the last paragraph before any courtesy ("Let me know if you need …") */
    while (concl > e + 1 && courtesy_paragraph(t, concl, n) &&
           (p = paragraph_start(t, trimmed_end(t, concl))) > e + 1)
        concl = p;
    if (last <= e + 1 || starts_with_any(t + last, concluding) ||
        opens_conclusion(t + last, strcspn(t + last, " ")) ||
        starts_with_any(t + concl, concluding) ||
        opens_conclusion(t + concl, strcspn(t + concl, " ")) || bold_label_opens(t + last) ||
        labelled_items_line(t, last, n) || works_out(t, b, e))
        return 0; /* nor before a line of items of its own, cut off ("Languages: A, B, Ma") */
    if (e - b > 120 && (!long_answer_first(t, b, e, last, n) || trimmed_end(t, last) > e))
        return 0; /* and a long one only before one paragraph, no more */
    buf_reset(out);
    buf_add(out, t + b, e - b);
    return 1;
}

/* "The answer is 4. Cow's-milk cheeses come from …": the number ends the sentence, it numbers
 * no list item; the rest goes on a line of its own. */
static void number_then_sentence(struct buf *out)
{
    size_t b = strspn(out->s ? out->s : "", " "), d = out->s ? strspn(out->s + b, "0123456789") : 0;
    if (d && out->s[b + d] == '.' && out->s[b + d + 1] == ' ' &&
        isupper((unsigned char)out->s[b + d + 2]) && !strstr(out->s, "\n2.") &&
        !strstr(out->s, "\n2)")) /* not the first item of a list: "1. Elmstead …\n2. …" */
        out->s[b + d] = '\n', out->s[b + d + 1] = ' ';
}

static const char *const thought_open[] = {"<think>", "<thinking>", "<reasoning>", NULL};
static const char *const thought_close[] = {"</think>", "</thinking>", "</reasoning>", NULL};

int answer_has_thoughts(const char *reply)
{
    int k;
    for (k = 0; thought_open[k]; k++)
        if (strstr(reply, thought_open[k]))
            return 1;
    return 0;
}

static int thought_tag(const char *p)
{
    int k;
    for (k = 0; thought_open[k]; k++)
        if (!strncmp(p, thought_open[k], strlen(thought_open[k])))
            return k;
    return -1;
}

/* A citation tag of a grounded answer ("<co: 3>", "</co: 3,8>"): its length, else 0.  The
 * tags are markup around the cited words, not part of the answer. */
static size_t citation_tag(const char *p)
{
    size_t i = p[1] == '/' ? 2 : 1;
    if (strncmp(p + i, "co:", 3))
        return 0;
    for (i += 3; p[i] == ' ' || p[i] == ',' || isdigit((unsigned char)p[i]); i++)
        ;
    return p[i] == '>' ? i + 1 : 0;
}

/* The LaTeX of a \boxed{} answer as plain text: "\text{Yuki Morimoto, } 98.5" is "Yuki
 * Morimoto, 98.5", "41{,}000" is "41,000", a "\\" line break a new line, the empty set
 * "none"; other commands go. */
static void latex_plain(const char *t, size_t n, struct buf *out)
{
    size_t i;
    buf_reset(out);
    for (i = 0; i < n; i++) {
        if (t[i] == '\\' && i + 1 < n && t[i + 1] == '\\') {
            buf_addch(out, '\n'), i++;
            while (i + 1 < n && (t[i + 1] == '\n' || t[i + 1] == ' '))
                i++; /* the line break written after it */
        } else if (t[i] == '\\' && i + 1 < n && isalpha((unsigned char)t[i + 1])) {
            size_t b = i + 1;
            while (i + 1 < n && isalpha((unsigned char)t[i + 1]))
                i++;
            if (out->len && out->s[out->len - 1] != ' ' && out->s[out->len - 1] != '\n')
                buf_addch(out, ' ');
            if ((i + 1 - b == 10 && !strncmp(t + b, "varnothing", 10)) ||
                (i + 1 - b == 8 && !strncmp(t + b, "emptyset", 8)))
                buf_adds(out, "none"); /* the empty set */
        } else if (t[i] == '\\') {
            buf_addch(out, i + 1 < n && strchr("%$&#_", t[i + 1]) ? t[i + 1] : ' '), i++;
        } else if (t[i] != '{' && t[i] != '}' && t[i] != '$') {
            buf_addch(out, t[i]);
        }
    }
}

/* The math delimiters around a \boxed{} from b back (dir -1) or from e on (dir 1): their
 * length ("$", "$$", "\\(", "\\]"). */
static size_t math_delims(const char *t, size_t b, size_t e, int dir)
{
    size_t k = 0;
    if (dir < 0) {
        while (k < b && (t[b - k - 1] == '$' || t[b - k - 1] == ' ' ||
                         (k + 2 <= b && t[b - k - 2] == '\\' && strchr("([", t[b - k - 1]))))
            k += t[b - k - 1] == '$' || t[b - k - 1] == ' ' ? 1 : 2;
        return k;
    }
    while (t[e + k] == '$' || (t[e + k] == '\\' && t[e + k + 1] && strchr(")]", t[e + k + 1])))
        k += t[e + k] == '$' ? 1 : 2;
    return k;
}

/* The last \boxed{…} of a reply, unless an answer marker follows it: its text (1); when it
 * is in the paragraph of the last answer marker before it ("Answer: $\boxed{98}$ (Ana)"),
 * the reply with it written as text instead (2), for the marker to take. */
static int boxed(struct scorer *s, const char *t, size_t n, struct buf *out)
{
    const char *p = NULL, *q = t;
    size_t i, depth = 1, b, e, at = 0, mark = (size_t)-1, pb, pe;
    struct buf txt = BUF_INIT;
    while ((q = strstr(q, "\\boxed{")))
        p = q, q += 7;
    if (!p)
        return 0;
    for (i = (size_t)(p - t) + 7; i < n && depth; i++)
        depth += t[i] == '{' ? 1 : t[i] == '}' ? (size_t)-1 : 0;
    if (depth || re_find(s, s->marker, t, n, i, &b, &e))
        return 0;
    pb = (size_t)(p - t), pe = i;
    while (at < pb && re_find(s, s->marker, t, pb, at, &b, &e))
        mark = e, at = e > b ? e : b + 1;
    latex_plain(p + 7, pe - 1 - (pb + 7), &txt);
    for (b = mark; mark != (size_t)-1 && b + 1 < pb; b++)
        if (t[b] == '\n' && t[b + 1] == '\n')
            mark = (size_t)-1; /* a paragraph of its own after the marker's */
    if (mark == (size_t)-1) {
        buf_reset(out);
        buf_add(out, txt.s, txt.len);
        buf_release(&txt);
        return 1;
    }
    pb -= math_delims(t, pb, pe, -1), pe += math_delims(t, pb, pe, 1);
    buf_reset(out);
    buf_add(out, t, pb);
    buf_addch(out, ' ');
    buf_add(out, txt.s, txt.len);
    buf_add(out, t + pe, n - pe);
    buf_release(&txt);
    return 2;
}

/* An answer that points to the list or table before it ("see the table above", "as in the
 * table", "As listed above.", "7 cheeses, listed above", "See the table; Almaz Tesfaye
 * collected the most."): short, says "above", "in the table", "in the list", "see the table"
 * or "see the list", and opens no clause with a none ("None of the ferries above qualifies"
 * answers itself; "as listed above (the Test Kiln has never been fired, …)" does not). */
/* t opens on a number or an amount, maybe after "the" ("4,500 m", "£20", "the 2,000 mark"):
 * what "above" compares with, no list above. */
static int above_a_number(const char *t)
{
    t += strspn(t, " ");
    if (!strncmp(t, "the ", 4))
        t += 4;
    t += strspn(t, "$\xc2\xa3\xe2\x82\xac"); /* "$", "£", "€" */
    return isdigit((unsigned char)*t);
}

static int points_above(const char *t, size_t n)
{
    static const char *const w[] = {
        "above",     "in the table", "in the list",  "see the table", "see the list",  "as listed",
        "see table", "see list",     "as tabulated", "as shown",      "per the table", NULL};
    static const char *const plain[] = {
        "shown above",         "listed above",       "given above",
        "set out above",       "tabulated above",    "see table above",
        "see the table above", "see the list above", NULL};
    size_t i, b, e;
    int k, hit = 0;
    if (!t || n > 300)
        return 0;
    for (k = 0; n > 160 && plain[k] && !hit; k++) /* a long line points only in so many words */
        hit = span_has(t, 0, n, plain[k]);
    if (n > 160 && !hit)
        return 0;
    for (i = 0, hit = 0; i < n && !hit; i++) {
        if ((i > 0 && isalpha((unsigned char)t[i - 1])) || !strchr("aisp", t[i] | 0x20))
            continue; /* a word's start, and the first letter of one of w */
        for (k = 0; w[k] && !hit; k++)
            hit = (t[i] | 0x20) == w[k][0] && !strncasecmp(t + i, w[k], strlen(w[k])) &&
                  !(k == 0 && above_a_number(t + i + 5)); /* not "above 4,500 m" */
    }
    if (!hit)
        return 0;
    for (b = i - 1; b > 0 && t[b - 1] != ';'; b--)
        ;
    for (e = i; e < n && t[e] != ';'; e++)
        ;
    return !says_none_of_all(t, b, e); /* in the pointer's own clause: "as listed; A and B
                                          have no recorded harvest, so no maximum" */
}

/* The items of the list or table in t[0, n): bullets, numbered items or table rows (a table's
 * header and rule not counted, nor an indented continuation); -1 when a line is none of them
 * ("Cited Documents: 5,13,40"). */
static int rows_of(const char *t, size_t n)
{
    size_t i, le, d, in;
    int rows = 0, table = 0;
    char kind = 0, k; /* the items counted are of the last item's kind and depth: "1. … 2. …:"
                         over "- 102: …" lines, or over indented "1. …" items, counts those */
    for (i = 0; i < n; i = le + 1) {
        le = answer_line_end(t, i, n);
        in = strspn(t + i, " \t");
        d = strspn(t + i + in, "0123456789");
        k = d && (t[i + in + d] == '.' || t[i + in + d] == ')') ? '1'
            : !strncmp(t + i + in, "\xe2\x80\xa2", 3)           ? '-'
            : strchr("-*|", t[i + in])                          ? t[i + in]
                                                                : 0;
        if (k && in)
            k = (char)(k + 64); /* a nested item: its own kind */
        if (le > i && strspn(t + i, "|-: ") == le - i && memchr(t + i, '-', le - i))
            table = 1;
        else if (le > i && k && k == kind)
            rows++;
        else if (le > i && k)
            kind = k, rows = 1, table = 0;
        else if (le > i && !(i == 0 && t[le - 1] == ':') && t[i] != ' ' && t[i] != '\t')
            return -1; /* its lead-in aside ("Above-average outings before 15 April:") */
    }
    return rows - table; /* the header */
}

/* ... and of a block whose first paragraph is only an aside before its table ("Average vase
 * price: 2,022 / 9 ≈ 224.67.\n\n| Piece | Price |…"): the rows after it. */
static int list_rows(const char *t, size_t n)
{
    int rows = rows_of(t, n), last;
    size_t b;
    for (b = n; b >= 2 && !(t[b - 1] == '\n' && t[b - 2] == '\n'); b--)
        ;
    if (rows >= 0 || b < 2 || (last = rows_of(t + b, n - b)) < 2)
        return rows;
    return last;
}

/* The marker's answer t[0, n) opens with a count of things ("Five concerts passed the 1,000
 * mark, led by …", "the seven orchards above are smaller …", "4 cider varieties") and the list
 * or table before the marker (mark) has that many rows: the answer is that list, with the
 * line. */

/* The answer is the list before the marker, the marker's line kept beside it. */
static void list_then_line(struct buf *list, struct buf *out)
{
    buf_addch(list, '\n');
    buf_add(list, out->s, out->len);
    buf_reset(out);
    buf_add(out, list->s, list->len);
}

/* The first count of things inside the one line at p, the line's only number, no name after
 * it ("… worked with three artisans, each on a different kind of piece"): its value, *at
 * where it is and *len its length; else -1. */
static int count_within(const char *p, size_t *at, size_t *len)
{
    size_t i, n = strcspn(p, "\n");
    int v;
    for (i = 1; i < n; i++)
        if (p[i - 1] == ' ' && (v = small_number_at(p + i, len)) >= 2 && p[i + *len] == ' ' &&
            isalpha((unsigned char)p[i + *len + 1])) {
            *at = i;
            return digit_within(p, i) || digit_within(p + i + *len, n - (i + *len)) ||
                           capital_in(p, i + *len, n)
                       ? -1
                       : v; /* not "The top 4 companies are A, B, C and D": names them */
        }
    return -1;
}

static int counts_list_above(struct scorer *s, const char *t, size_t mark, struct buf *out)
{
    static const char *const lead[] = {"the ",        "all ",  "these ", "there are ",
                                       "there were ", "only ", NULL};
    struct buf list = BUF_INIT;
    const char *p = out->s ? out->s + strspn(out->s, " *_") : "";
    size_t len = 0, of_len = 0, at;
    int k, count, ok, of = 0;
    for (k = 0; lead[k]; k++)
        if (!strncasecmp(p, lead[k], strlen(lead[k])))
            p += strlen(lead[k]);
    count = small_number_at(p, &len);
    if (count >= 1 && !strncmp(p + len, " of the ", 8))
        of = small_number_at(p + len + 8, &of_len); /* "four of the five have been delivered" */
    if (count < 2 && of < 2 && (count = count_within(p, &at, &len)) >= 2) {
        if (says_none_of_all(p, 0, strlen(p)))
            count = -1; /* not "there are no orchards smaller than 3 acres" */
        else
            p += at; /* "Cedar Lane Chapel worked with three artisans, …" */
    }
    if (count >= 2 && p[len] == ' ' && isdigit((unsigned char)p[len + 1]) &&
        strspn(p + len + 1, "0123456789") == 4 && p[len + 5] == ' ')
        len += 5; /* a year naming what is counted: "five 2023 lots beat the overall average" */
    if ((count < 2 && of < 2) || p[len] != ' ' || !isalpha((unsigned char)p[len + 1]) ||
        s->one_value || !last_structured(s, t, mark, &list))
        return 0; /* to a question for one number, the count is the answer ("15 soloists") */
    ok = list_rows(list.s, list.len) == (of >= 2 ? of : count);
    if (ok)
        list_then_line(&list, out);
    buf_release(&list);
    return ok;
}

/* The word at p is a superlative in "-est" of five letters or more ("longest", "cheapest"). */
static int superlative(const char *p)
{
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    return n >= 5 && !strncmp(p + n - 3, "est", 3) && strncmp(p, "interest", 8) &&
           strncmp(p, "honest", 6) && strncmp(p, "modest", 6);
}

static int numbers_restated_counted(const char *l, size_t n, const struct buf *list);

/* The line l[0, n) has no number, or two or more of the list's (list) and none else but one
 * given as a total ("Cave has the most routes (10); the Prow has the fewest (3). 30 routes in
 * total."): the line restates the list.  One number alone picks one item ("… is Morning Drum
 * (€162,500)"). */
static int numbers_restated(const char *l, size_t n, const struct buf *list)
{
    int seen = numbers_restated_counted(l, n, list);
    return seen == 0 || seen >= 2;
}

/* ... or one number of the list, to a question for three rows or more ("April was the
 * busiest month with 7 sales." under a table of every month). */
static int numbers_restated_any(const char *l, size_t n, const struct buf *list)
{
    return numbers_restated_counted(l, n, list) >= 1;
}

/* How many of the list's numbers the line l[0, n) restates, or -1 when it has another
 * number than those and a total. */
static int numbers_restated_counted(const char *l, size_t n, const struct buf *list)
{
    size_t i, d, j;
    int found, seen = 0;
    for (i = 0; i < n; i += d ? d : 1) {
        d = 0;
        if (!isdigit((unsigned char)l[i]) || (i && isalnum((unsigned char)l[i - 1])))
            continue;
        d = strspn(l + i, "0123456789.,");
        while (d && strchr(".,", l[i + d - 1]))
            d--;
        for (j = 0, found = 0; list->s && j + d <= list->len && !found; j++)
            found = !strncmp(list->s + j, l + i, d) &&
                    (j == 0 || !isalnum((unsigned char)list->s[j - 1])) &&
                    !isdigit((unsigned char)list->s[j + d]);
        if (!found && !span_has(l, 0, n, " total") && !span_has(l, i, n, "altogether"))
            return -1;
        seen += found;
    }
    return seen;
}

/* The marker's answer t[0, n) only remarks on the extremes of the list or table before the
 * marker (mark), naming no number but the list's own ("Mossbank ships the most tea by weight;
 * Alishan Dew the least."; numbers_restated), and that list has three rows or more: the list
 * is the answer, with the line. */
static int remarks_on_list_above(struct scorer *s, const char *t, size_t mark, struct buf *out)
{
    struct buf list = BUF_INIT;
    size_t i;
    int hit, ok;
    if (!out->s || out->len > 200 || memchr(out->s, '\n', trimmed_end(out->s, out->len)))
        return 0;
    hit = names_extremes(out->s, out->len);
    i = strspn(out->s, " *_");
    if (!strncasecmp(out->s + i, "none", 4) || !strncasecmp(out->s + i, "no ", 3) ||
        !strncasecmp(out->s + i, "nobody", 6) || !strncasecmp(out->s + i, "nothing", 7))
        return 0; /* "None. No stallholder joined before 2012 — the longest-standing, …" */
    hit |= !strncasecmp(out->s + i, "Every ", 6) || !strncasecmp(out->s + i, "Each ", 5) ||
           !strncasecmp(out->s + i, "All ", 4); /* "Every massif has five huts except the
                                                   Valais"; "Final Answer: every one of …" */
    hit |= word_in(out->s, " every other") || word_in(out->s, " all the others") ||
           word_in(out->s, " the rest"); /* "de-shedding has 2; every other specialty has 1" */
    if (!hit || in_reasoning(t, mark) || !last_structured(s, t, mark, &list))
        return 0;
    /* one name alone is the answer chosen from working ("Stellan … the most"), unless the
     * line restates the list's own number for it ("April was the busiest month with 7
     * sales.") or, to a question for many rows, names no number ("Skipton brings in the
     * most from completed trips.") */
    ok = list_rows(list.s, list.len) >= 3 &&
         ((numbers_restated(out->s, out->len, &list) &&
           (strchr(out->s, ';') || strchr(out->s, ','))) ||
          (s->many_rows && (numbers_restated_any(out->s, out->len, &list) ||
                            numbers_restated_counted(out->s, out->len, &list) == 0)));
    if (ok)
        list_then_line(&list, out);
    buf_release(&list);
    return ok;
}

/* The marker's answer t[0, n) gives values only, one for each item of the list before the
 * marker (mark), in its order ("964.00, 578.75, 740.00 and 836.75 respectively.", "185.25 /
 * 116.75 / 167.50 / 195.15 for the four weeks in order."): the list is the answer, with the
 * line. */
static int values_in_order(struct scorer *s, const char *t, size_t mark, struct buf *out)
{
    struct buf list = BUF_INIT;
    size_t values = out->s && out->len <= 200 ? ordered_values(out->s, out->len) : 0;
    int ok = values >= 2 && last_structured(s, t, mark, &list) &&
             list_rows(list.s, list.len) == (int)values;
    if (ok)
        list_then_line(&list, out);
    buf_release(&list);
    return ok;
}

/* t[0, n) is one word of letters and digits, a name's ("40pc" of "Socket Set 40pc", "B12"). */
static int code_word(const char *t, size_t n)
{
    size_t i, letters = 0;
    for (i = 0; i < n; i++) {
        if (!isalnum((unsigned char)t[i]) && !(t[i] == '-' && i > 0 && i + 1 < n))
            return 0; /* "JPN-A1-01" too */
        letters += isalpha((unsigned char)t[i]) != 0;
    }
    return letters > 0;
}

/* The item t[b, e) of a line of names, trimmed of spaces, stops and a closing aside, is
 * named in the list at or after *from, which moves past it: the line keeps the list's order. */
static int name_item_in(const char *t, size_t b, size_t e, const struct buf *list, size_t *from)
{
    const char *paren;
    char item[128];
    size_t n, i;
    while (b < e && strchr(" *_", t[b]))
        b++;
    if (!strncmp(t + b, "and ", 4))
        b += 4;
    if (!strncmp(t + b, "then ", 5)) /* "A, then B, then C" */
        b += 5;
    if ((paren = memchr(t + b, '(', e - b)))
        e = (size_t)(paren - t);
    while (e > b && strchr(" .*_", t[e - 1]))
        e--;
    n = e - b;
    if (n < 2 || n >= sizeof(item))
        return 0;
    memcpy(item, t + b, n);
    item[n] = 0;
    for (i = 0; i < n; i++) { /* a name, an id of digits alone ("24, 23, 22"), or a name with
                                 a code of letters and digits in it ("Socket Set 40pc") */
        size_t wb = i, we;
        if (!isdigit((unsigned char)item[i]))
            continue;
        while (wb > 0 && item[wb - 1] != ' ')
            wb--;
        for (we = i; we < n && item[we] != ' '; we++)
            ;
        if (strspn(item, "0123456789") != n && !code_word(item + wb, we - wb))
            return 0;
        i = we;
    }
    for (i = *from; list->s && i + n <= list->len; i++)
        if (!strncasecmp(list->s + i, item, n) &&
            (i == 0 || !isalnum((unsigned char)list->s[i - 1])) &&
            !isalnum((unsigned char)list->s[i + n])) {
            *from = i + n;
            return 1;
        }
    return 0;
}

/* Every number in t[0, n) is a word of digits alone outside brackets, an id ("24, 23, 22"),
 * or there is none; not "Rose Barrique (12 Dec 2024)" nor "Fixture 24 - 29 moves". */
static int digits_as_ids(const char *t, size_t n)
{
    size_t i, b, e;
    int depth = 0;
    for (i = 0; i < n; i++) {
        depth += t[i] == '(' ? 1 : t[i] == ')' ? -1 : 0;
        if (!isdigit((unsigned char)t[i]))
            continue;
        if (depth > 0)
            return 0;
        for (b = i; b > 0 && !strchr(" ,;", t[b - 1]); b--)
            ;
        for (e = i; e < n && !strchr(" ,;.", t[e]); e++)
            ;
        if (strspn(t + b, "0123456789") != e - b && !code_word(t + b, e - b))
            return 0;
        i = e;
    }
    return 1;
}

/* The last line before the marker at t[mark], items set apart by semicolons ("Honeysuckle
 * 2015-05-14; Old Stump 2016-03-30; …"), into out: how many items, or 0. */
static int semicolon_items(const char *t, size_t mark, struct buf *out)
{
    size_t e = trimmed_end(t, mark), b = e, i, seg;
    int items = 1;
    char sep;
    while (b > 0 && t[b - 1] != '\n')
        b--;
    sep = memchr(t + b, ';', e - b) ? ';' : ','; /* "Biscuit 150, Pepper 175, …" */
    for (i = b, seg = b; i <= e; i++)
        if (i == e || t[i] == sep) { /* each a short item with its value */
            if (i - seg > 80 || !digit_within(t + seg, i - seg))
                return 0;
            items += i < e, seg = i + 1;
        }
    buf_reset(out);
    if (items < 3)
        return 0;
    buf_add(out, t + b, e - b);
    return items;
}

/* The end of the names in t[0, n) before a closing clause that points at the values above
 * (", with the fees shown", ", as listed above"); else n. */
static size_t before_pointer(const char *t, size_t n)
{
    static const char *const w[] = {"shown", "above", "listed", "given", NULL};
    const char *c = NULL, *p;
    int k;
    for (p = t; (p = memchr(p, ',', n - (size_t)(p - t))); p++)
        c = p; /* the last comma */
    for (k = 0; c && w[k]; k++)
        if (span_has(t, (size_t)(c - t), n, w[k]) &&
            (!strncmp(c, ", with ", 7) || !strncmp(c, ", as ", 5)))
            return (size_t)(c - t);
    return n;
}

/* The end of the names in t[0, n) before a predicate said of them all after the last item
 * ("…, Ilse Hartmann and Hamish Doyle are the Pellham fixers."); else n. */
static size_t before_predicate(const char *t, size_t n)
{
    static const char *const w[] = {" are ", " were ", " have ", " had ", " all ", NULL};
    size_t last = 0, i, c = n;
    int k;
    for (i = 0; i + 5 <= n; i++)
        if (t[i] == ',' || !strncmp(t + i, " and ", 5))
            last = i + 1;
    for (k = 0; last && w[k]; k++)
        for (i = last; i + strlen(w[k]) <= n; i++)
            if (!strncmp(t + i, w[k], strlen(w[k])) && i < c)
                c = i;
    for (i = last; last && i + 4 < c; i++) { /* a verb in the past: "… and D guided the trips" */
        size_t e = i + 1;
        if (t[i] != ' ' || !islower((unsigned char)t[i + 1]))
            continue;
        while (e < c && islower((unsigned char)t[e]))
            e++;
        if (e - i > 4 && !strncmp(t + e - 2, "ed", 2) && (e == c || t[e] == ' ')) {
            c = i;
            break;
        }
    }
    return c;
}

/* Where the names of t[0, n) begin after a lead-in naming what they are ("The newest three
 * are Hamish, …", "Those are: …"): past its verb, when no comma comes before it; else 0. */
static size_t after_lead_in(const char *t, size_t n)
{
    static const char *const w[] = {" are: ", " were: ", " are ", " were ", NULL};
    const char *p;
    size_t first = strcspn(t, ",");
    int k;
    size_t i = strspn(t, " *_"), j;
    for (k = 0; w[k]; k++)
        if ((p = strstr(t, w[k])) && (size_t)(p - t) < first && (size_t)(p - t) < n)
            return (size_t)(p - t) + strlen(w[k]);
    for (j = i; j < n && islower((unsigned char)t[j]); j++)
        ;
    if (j > i + 2 && t[j - 1] == 's' && t[j] == ' ' && isdigit((unsigned char)t[j + 1]))
        return j + 1; /* a plural noun before ids: "parties 12, 27 and 33" */
    return 0;
}

/* The " and " at t[i] is inside one item of list: the words from b to the next comma or
 * semicolon (or the end) name an item from `from` on ("Brass and Thunder"). */
static int and_within_item(const char *t, size_t b, size_t i, size_t n, const struct buf *list,
                           size_t from)
{
    size_t e = i + 5;
    while (e < n && t[e] != ',' && t[e] != ';')
        e++;
    return name_item_in(t, b, e, list, &from);
}

/* How many items t[0, n) names, one after another, each named in list in its order ("Heather,
 * Campion and Bramble"); 0 when one is not. */
static int items_in_order(const char *t, size_t n, const struct buf *list)
{
    size_t i, b = 0, from = 0;
    int items = 0;
    for (i = 0; i <= n; i++)
        if (i == n || t[i] == ',' || t[i] == ';' || t[i] == '>' ||
            (i + 5 <= n && !strncmp(t + i, " and ", 5))) {
            if (i < n && t[i] == ' ' && and_within_item(t, b, i, n, list, from))
                continue; /* "Brass and Thunder" is one item; "Power > Garden" two in order */
            if (!name_item_in(t, b, i, list, &from))
                return 0;
            items++;
            b = i + (i < n && t[i] == ' ' ? 5 : 1);
            if (i < n && t[i] == ' ')
                i += 4;
        }
    return items;
}

/* The marker's answer t[0, n) names, one line with no number but ids, exactly the items of
 * the list before the marker (mark), which gives their values ("1. Heather — 61.0 kg … Final
 * Answer: Heather, Campion, Juniper and Bramble."), or of a line of items set apart by
 * semicolons or commas just before it: the list is the answer, with the line. */
static int names_list_items(struct scorer *s, const char *t, size_t mark, struct buf *out)
{
    struct buf list = BUF_INIT;
    size_t n = out->s ? trimmed_end(out->s, out->len) : 0, b;
    int items, ok;
    if (!n || n > 200 || memchr(out->s, '\n', n) || !digits_as_ids(out->s, n) ||
        in_reasoning(t, mark))
        return 0;
    n = before_pointer(out->s, n); /* "…, Archie and Honey, with the fees shown." */
    n = before_predicate(out->s, n);
    b = after_lead_in(out->s, n);
    ok = last_structured(s, t, mark, &list) &&
         (items = items_in_order(out->s + b, n - b, &list)) >= 2 &&
         list_rows(list.s, list.len) == items;
    if (!ok) /* or the line of items just above */
        ok = (items = semicolon_items(t, mark, &list)) >= 2 &&
             items_in_order(out->s + b, n - b, &list) == items;
    ok = ok && (digit_within(list.s, list.len) || memchr(list.s, '(', list.len));
    if (ok)
        list_then_line(&list, out);
    buf_release(&list);
    return ok;
}

/* The pointer t[0, n) names the list it points at as its answer ("The three volunteers listed
 * above."): labellers take that list, even in the reasoning (5 cases of 5), but split on "See
 * the table above" there (2 of 4 none). */
static int names_list_above(const char *t, size_t n)
{
    static const char *const w[] = {
        "listed above", "listed earlier",  "list above",  "identified above",
        "named above",  "mentioned above", "given above", NULL};
    size_t i, k;
    for (i = 0; i < n; i++)
        for (k = 0; w[k]; k++)
            if ((t[i] | 0x20) == w[k][0] && n - i >= strlen(w[k]) &&
                !strncasecmp(t + i, w[k], strlen(w[k])))
                return 1;
    return 0;
}

/* t[0, n) has a line opening the prompt's Reasoning section: what is pointed back at is
 * reasoning, which is no answer ("Reasoning:\n| Ship | Port |…\n\nAnswer: See the table
 * above."). */
static int in_reasoning(const char *t, size_t n)
{
    size_t i;
    for (i = 0; i < n; i = answer_line_end(t, i, n) + 1)
        if (reasoning_head(t + i, n - i))
            return 1;
    return 0;
}

/* A reply that is only thoughts (closed or cut off): the last sentence in them that says "the
 * answer is …" is its answer (1), as nothing outside them takes it back. */
static int thought_answer(struct scorer *s, const struct buf *lf, const struct buf *th,
                          struct buf *out, int cut)
{
    size_t at = 0, b, e, from = 0, n;
    if (strspn(lf->s, " \n\t") < lf->len)
        return 0;
    while (re_find(s, s->phrase, th->s, th->len, at, &b, &e))
        from = e, at = e > b ? e : b + 1;
    if (!from)
        return 0;
    for (n = th->len; n > from && strchr(" \n", th->s[n - 1]); n--)
        ;
    if (cut && !memchr(th->s + from, '.', n - from) && !memchr(th->s + from, '\n', n - from))
        return 0; /* thoughts cut off inside the answer's sentence: "So the answer is A, Noodle" */
    take_block(s, th->s, th->len, from, out);
    return out->len > 0;
}

/* A "Label: value" line of a few words ("Semi-final: 38"), no answer or reasoning heading. */
static int field_line(const char *t, size_t b, size_t e)
{
    size_t c = b, words = 1;
    while (c < e && strchr(" \t-*_", t[c]))
        c++;
    b = c;
    for (; c < e && t[c] != ':' && t[c] != '.'; c++)
        words += t[c] == ' ';
    if (c >= e || t[c] != ':' || c == b || c - b > 30 || words > 3 ||
        !strncasecmp(t + b, "answer", 6) || !strncasecmp(t + b, "final", 5) ||
        !strncasecmp(t + b, "reasoning", 9))
        return 0;
    for (c++; c < e && (t[c] == ' ' || t[c] == '\t'); c++)
        ;
    return c < e && short_item(t, c, e);
}

/* A marker "Final:" or "So:" at b, right under a "Label: value" line: one more field of a list
 * ("Semi-final: 38" above "Final: 43"), no marker. */
static int field_among_fields(const char *t, size_t b)
{
    size_t c = b, pe, pb;
    while (t[c] && strchr(" \t#>*_", t[c]))
        c++;
    if (strncasecmp(t + c, "final", 5) && strncasecmp(t + c, "so", 2))
        return 0;
    c += (t[c] | 0x20) == 'f' ? 5 : 2;
    while (t[c] == ' ' || t[c] == '*' || t[c] == '_')
        c++;
    if (t[c] != ':' || b == 0 || t[b - 1] != '\n')
        return 0;
    pe = b - 1;
    for (pb = pe; pb > 0 && t[pb - 1] != '\n';)
        pb--;
    return field_line(t, pb, pe);
}

/* After the list out taken from t[0, n), a last paragraph that states one value ("The average
 * hammer price, rounded to the nearest pound, is £6,067."): to a question for one number, the
 * list was its inputs and that paragraph is the answer.  Whether out became it. */
/* t[0, n) holds a number of two or more in words ("ten landings"). */
static int number_word_within(const char *t, size_t n)
{
    size_t i, len;
    for (i = 0; i < n; i++)
        if ((i == 0 || !isalpha((unsigned char)t[i - 1])) && isalpha((unsigned char)t[i]) &&
            small_number_at(t + i, &len) >= 2 && i + len <= n &&
            !isalpha((unsigned char)t[i + len]))
            return 1;
    return 0;
}

/* A number of t[b, e) comes right after a verb that gives it ("issued 4 fines", "recorded 12",
 * "has 3", "made 7"). */
static int verb_then_number(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {"has",  "had", "have", "holds", "held", "made",
                                    "took", "won", "sold", "ran",   "gave", NULL};
    size_t i, we, wb;
    int k;
    for (i = b + 2; i < e; i++) {
        if (!isdigit((unsigned char)t[i]) || t[i - 1] != ' ' || !isalpha((unsigned char)t[i - 2]))
            continue;
        for (we = i - 1, wb = we; wb > b && isalpha((unsigned char)t[wb - 1]); wb--)
            ;
        if (we - wb >= 4 && t[we - 2] == 'e' && t[we - 1] == 'd')
            return 1;
        for (k = 0; w[k]; k++)
            if (we - wb == strlen(w[k]) && !strncmp(t + wb, w[k], we - wb))
                return 1;
    }
    return 0;
}

static int value_after_list(const char *t, size_t n, struct buf *out)
{
    static const char
        *const verb[] = {" is ",       " was ",      " are ",       " comes to ",
                         " totals ",   " total of ", " works out ", " different ",
                         " distinct ", " makes ",    NULL}; /* "The crew come from 4 different
                                                            villages.", "That makes ten." */
    const char *last_line, *at;
    size_t b, e = trimmed_end(t, n), k, len, pe;
    int says;
    if (!out->len)
        return 0;
    last_line = out->s + trimmed_end(out->s, out->len);
    while (last_line > out->s && last_line[-1] != '\n')
        last_line--;
    at = strstr(t, last_line);
    if (!at || (b = paragraph_start(t, e)) <= (size_t)(at - t) ||
        !(digit_within(t + b, e - b) || number_word_within(t + b, e - b)) ||
        memchr(t + b, '\n', e - b))
        return 0;
    pe = trimmed_end(t, b); /* the list, whole (its last item may have been taken alone) */
    if (list_rows(out->s, out->len) < 2 &&
        list_rows(t + paragraph_start(t, pe), pe - paragraph_start(t, pe)) < 2)
        return 0; /* one row that gives the value itself: "| Earliest year | 1543 |" */
    /* a count first ("Three translators specialise in legal texts."), or a verb that says it */
    k = b + strspn(t + b, "*_"); /* also in bold: "**4 runners** belong to …" */
    says = isdigit((unsigned char)t[k]) || small_number_at(t + k, &len) >= 2;
    for (k = 0; !says && verb[k]; k++)
        says = span_has(t, b, e, verb[k]);
    says = says || verb_then_number(t, b, e); /* "**Sunil Patel issued 4 fines.**" */
    if (says) {
        buf_reset(out);
        buf_add(out, t + b, e - b);
    }
    return says;
}

/* No answer marker starts before the line of the first "answer", "final", "verdict",
 * "conclusion" or "so:" (any case): where the marker search may start, so that a long reasoning is
 * not searched (n when none). */
static size_t marker_floor(const char *t, size_t n)
{
    size_t i;
    for (i = 0; i + 5 <= n; i++)
        if (((t[i] | 0x20) == 'a' && i + 6 <= n && !strncasecmp(t + i, "answer", 6)) ||
            ((t[i] | 0x20) == 'f' && !strncasecmp(t + i, "final", 5)) ||
            ((t[i] | 0x20) == 'v' && i + 7 <= n && !strncasecmp(t + i, "verdict", 7)) ||
            ((t[i] | 0x20) == 'c' && i + 10 <= n && !strncasecmp(t + i, "conclusion", 10)) ||
            ((t[i] | 0x20) == 's' && (t[i + 1] | 0x20) == 'o' && t[i + 2] == ':'))
            break;
    if (i + 5 > n)
        return n;
    while (i > 0 && t[i - 1] != '\n')
        i--;
    return i;
}

/* The reply opens as working and stops in it, no list of results after its Reasoning line
 * (or one cut inside a list of numbers). */
static int stops_in_working(struct scorer *s, const char *t, size_t n)
{
    return (thinking_aloud(t, n) || working_cut(s, t, n)) &&
           (!reasoning_then_list(s, t, n) || cut_number_list(t, n));
}

/* The paragraph before the last of t[0, n) ends an answer block set out whole ("Casting records
 * per role:\n\n- lead: 13\n- support: 16\n…" before "Total = 34 casting records. … three
 * have no fee rec"): the answer was given before the reply was cut in a remark. */
static int block_before_last(struct scorer *s, const char *t, size_t n)
{
    size_t e = trimmed_end(t, paragraph_start(t, trimmed_end(t, n)));
    return e > 0 && answer_block_end(s, t, e) == e;
}

const char *answer_extract(struct scorer *s, const char *raw, struct buf *out)
{
    struct buf lf = BUF_INIT, th = BUF_INIT;
    size_t n, at = 0, b, e, start = 0, mark = 0, block = 0;
    int found = 0, box, cut = 0;
    const char *how;
    for (n = 0; raw[n]; n++) {
        const char *close;
        int tag = raw[n] == '<' ? thought_tag(raw + n) : -1;
        if (tag >= 0) { /* a reasoning model's thoughts are no answer, */
            size_t open = n + strlen(thought_open[tag]);
            close = strstr(raw + n, thought_close[tag]);
            buf_add(&th, raw + open, close ? (size_t)(close - raw) - open : strlen(raw + open));
            buf_addch(&th, '\n');
            if (!close) {
                cut = 1;
                break; /* and thoughts cut off never reached one */
            }
            n = (size_t)(close - raw) + strlen(thought_close[tag]) - 1;
            continue;
        }
        if (raw[n] == '<' && citation_tag(raw + n)) {
            n += citation_tag(raw + n) - 1;
            continue;
        }
        if (raw[n] != '\r') { /* the run up to the next tag or carriage return, at once */
            size_t run = strcspn(raw + n, "<\r");
            buf_add(&lf, raw + n, run ? run : 1);
            n += (run ? run : 1) - 1;
        }
    }
    n = lf.len;
    if (thought_answer(s, &lf, &th, out, cut)) {
        buf_release(&lf), buf_release(&th);
        return "thought-phrase";
    }
    buf_release(&th);
    if ((box = boxed(s, lf.s ? lf.s : "", n, out)) == 1) {
        buf_release(&lf);
        return "boxed";
    } else if (box == 2) {
        buf_reset(&lf);
        buf_add(&lf, out->s, out->len);
        n = lf.len;
    }
    at = marker_floor(lf.s, n);
    while (re_find(s, s->marker, lf.s, n, at, &b, &e)) {
        at = e > b ? e : b + 1;
        if (!field_among_fields(lf.s, b))
            start = e, mark = b, found = 1;
    }
    if (found) {
        size_t from = self_corrected(lf.s, start);
        take_block(s, lf.s, n, start, out);
        if (!revised_line_after(lf.s, start, out)) {
            if (from != start) /* the block from the marker is already read */
                take_block(s, lf.s, n, from, out);
            corrected_within(out);
            revised_after(lf.s, start, out);
        }
        restated_after(lf.s, start, out);
    }
    if (!found && (block = answer_block_end(s, lf.s, n)) > 0 && block < trimmed_end(lf.s, n) &&
        stops_in_working(s, lf.s, n)) {
        buf_setlen(&lf, block); /* a list cut off in its last line: the lines whole before it */
        n = block;
    }
    if (found && points_above(out->s, out->len) &&
        (!in_reasoning(lf.s, mark) || names_list_above(out->s, out->len)) &&
        last_structured(s, lf.s, mark, out)) {
        how = "list";
    } else if (found &&
               (counts_list_above(s, lf.s, mark, out) ||
                remarks_on_list_above(s, lf.s, mark, out) || values_in_order(s, lf.s, mark, out) ||
                names_list_items(s, lf.s, mark, out))) {
        how = "list";
    } else if (found && (names_list_above(out->s, out->len) || counts_back(out->s, out->len)) &&
               points_above(out->s, out->len) && !in_reasoning(lf.s, mark) &&
               (b = paragraph_start(lf.s, trimmed_end(lf.s, paragraph_start(lf.s, mark)))) <
                   paragraph_start(lf.s, mark)) {
        last_paragraph(lf.s, trimmed_end(lf.s, paragraph_start(lf.s, mark)), out, s->many_rows);
        how = "last-paragraph"; /* "Final Answer: the twelve lots listed above." over prose */
    } else if (found) {
        how = "answer-marker";
    } else if (answer_json_text(lf.s, n, out)) {
        how = "json";
    } else if (re_find(s, s->phrase, lf.s, n, 0, &b, &e)) {
        take_block(s, lf.s, n, e, out);
        number_then_sentence(out);
        how = "answer-phrase";
        if (points_above(out->s, out->len)) {
            if ((b = paragraph_start(lf.s, b)) > 0) /* "my answer is the seven … above" */
                how = phrase_points_above(s, lf.s, b, out);
        } else if (counts_back(out->s, out->len) && paragraph_start(lf.s, b) > 0 &&
                   list_counted(s, lf.s, paragraph_start(lf.s, b), out)) {
            how = "list"; /* "… the answer is these three." under a list of three above */
        } else if (counts_back(out->s, out->len) && paragraph_start(lf.s, b) + 2 < b) {
            size_t pb = paragraph_start(lf.s, b); /* "…: A, B, C and D. So the answer is all four
                                                     shows.": what it counts, before it */
            buf_reset(out);
            buf_add(out, lf.s + pb, b - pb);
        }
    } else if ((!block && stops_in_working(s, lf.s, n)) || reasoning_checklist(lf.s, n) ||
               (cut_while_working(s, lf.s, n) && !block_before_last(s, lf.s, n))) {
        buf_reset(out);
        how = "no-answer";
    } else if (answer_then_support(lf.s, n, out) || answer_ahead_of_reasoning(lf.s, n, out)) {
        how = "answer-first"; /* not the list the Reasoning below it works through */
    } else if ((b = list_after_lead_in(lf.s, n)) > 0) {
        buf_reset(out); /* the items set out under "So:", whether or not each reads as a field */
        buf_add(out, lf.s + b, n - b);
        how = "list";
    } else if (last_structured(s, lf.s, n, out)) {
        how = "list";
        if (s->one_value && bold_first_line(lf.s, n) && answer_first(lf.s, n, out))
            how = "answer-first"; /* "The total was **£5,400**." over the gifts it adds up */
        else if (s->one_value && value_after_list(lf.s, n, out))
            how = "last-paragraph"; /* the inputs tabulated, then "The average … is £6,067." */
        else if ((sums_only(out) || members_listed(out, lf.s, first_paragraph_end(lf.s, n))) &&
                 answer_first(lf.s, n, out))
            how = "answer-first"; /* "East 18, South 11." over "- East: Agnes 11 + Hyun 5 + …",
                                     or over the names each counts ("- Brixham: Silver Dawn, …") */
    } else if (answer_before_reasoning(lf.s, n, out) ||
               (answer_first(lf.s, n, out) && !(s->many_rows && counts_only(out)))) {
        how = "answer-first";
    } else {
        last_paragraph(lf.s, n, out, s->many_rows);
        how = "last-paragraph";
    }
    if (out->len && (strstr(out->s, "\\text{") || strstr(out->s, "\\mathrm{"))) {
        latex_plain(out->s, out->len, &lf); /* "$\text{Eau de Neroli } (48)$" outside a box */
        buf_reset(out);
        buf_add(out, lf.s, lf.len);
    }
    buf_release(&lf);
    return how;
}
