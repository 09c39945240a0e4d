/* score_int: the deterministic scorer's parts, shared by score.c (rows and labels), score_gold.c,
 * score_cell.c, score_null.c and score_share.c (a gold row and its cells against a candidate),
 * answer.c and answer_final.c (the final answer and its candidate rows), match.c (normalising and
 * matching cells), units.c (what a column's name says of its values) and score_json.c.
 * Not for use outside these files; the rules are in score.h.
 *
 * Ownership: a struct cands owns its candidates, each its text, numbers and dates; free them
 * with cands_free().  Texts are normalised by text_norm(): folded, lower case, one space. */
#ifndef HB_SCORE_INT_H
#define HB_SCORE_INT_H

#include "buf.h"
#include "score.h"

#include "rx.h"

#include <stdint.h>

struct scorer {
    struct score_opts o;
    pcre2_code *marker, *phrase, *none, *offers, *ordinal, *duration, *negation, *date, *stop,
        *field, *bullet, *tablesep, *refusal, *orderless, *nearest, *closest, *not_qualify,
        *runnerup, *commits, *superlative, *line_field, *null_item, *denies;
    pcre2_match_data *md;
    pcre2_match_context *mc; /* the match and depth limits: no reply backtracks for long */
    int date_order;          /* the answer's numeric dates: 1 month first, 2 day first, 0 either */
    int month_keys;          /* the gold's keys are months: "February 9" is no day but a value */
    int id_keys;             /* the gold's keys are ids, numbers: "#4" names a row */
    const char *reply, *answer;         /* while score_reply runs: the reply and its final answer */
    struct buf reply_norm, answer_norm; /* ... both normalised, once asked for (said_in_reply) */
    int reply_normed;
    int rival;         /* ... and the paragraph after the answer doubts it */
    int commits_other; /* ... and it commits to another name than a one-row gold's key */
    int empty_gold;    /* ... and the gold has no rows */
    int one_value;     /* ... and the gold is one number, one row of one column */
    int many_rows;     /* ... and the gold has three rows or more */
    int grouped;       /* ... and the gold has two rows or more and an aggregate column */
    int whole_list;    /* ... and the gold has one column, the answer as many candidates as
                          it has rows: its last name is no cut-off one */
};

/* Per PCRE2 call on a reply: a match needing more backtracking steps or nested depth than
 * this fails as no match (the scorer's patterns need far fewer on any sane reply). */
#define SCORE_MATCH_LIMIT 1000000
#define SCORE_DEPTH_LIMIT 10000

/* A number read in a candidate: its value, the place of its last digit (its precision), and
 * where it starts. */
struct num {
    double v;
    double unit; /* the place of its last written digit, scale applied ("23.45" 0.01, "11.2k"
                    100, "twelve" 1); 0: unknown */
    size_t at;
    int alt;      /* the fraction of a percentage ("20%" also reads 0.2): not a place of its own */
    int paren;    /* inside parentheses: an aside */
    int year;     /* a year said as a time ("in 2022", "since 1944"): no count */
    double scale; /* the scale word it was written with ("2.9 billion" 1e9), else 1 */
    int over;     /* after "/" and a number ("58/71"): what that one is counted against, a
                     value only beside it (the row's cells joined by "/") */
    int versus;   /* after "vs" ("61.4% vs 58.7%"): what the number before is set against, a
                     value only beside it */
    int ordinal;  /* written as an ordinal ("the 10th"): a rank or a day, no amount */
    int clock;    /* a duration in two units read in its smaller ("3h 41m": 221 minutes),
                     precise to that unit as a clock is, whatever decimals the gold has */
};

/* A date said in a candidate: its day number, and where it starts in the text. */
struct cdate {
    int64_t day;
    size_t at;
};

/* One candidate row of the answer. */
struct cand {
    char *text; /* normalised */
    struct num *nums;
    size_t nnums;
    struct cdate *dates;
    size_t ndates;
    int rank;           /* an explicit rank (a numbered item, a table's rank column), or 0 */
    int item;           /* a list item, table row or JSON element: it counts for ranks */
    const char *member; /* one field of a JSON object read as a row of its own ("goals: 17"):
                           the object's member names ("player | assists | goals |"), owned by
                           the list; its values are that object's row's, no other name's */
    int nullish;        /* it says none / unknown / not available */
    int refuses;        /* ... as a refusal ("no answer", "can't tell"), which is no count of 0 */
    int unranked;       /* its sentence leaves the order open ("in some order") */
    int contrast;       /* after a closed list, a clause set against it ("A and B; C is dormant");
                           2: against another name ("B is second, while the top one is A") */
    size_t none_at;     /* where it first says so */
    int alt;            /* one of alternatives ("A or B"): not committed to */
    size_t other;       /* 1 + where the first name that is no gold cell starts, or 0 */
    size_t lead;        /* a later part of a sentence cut into rows: 1 + its first part, or 0 */
    int behind;         /* a part after "followed by": ranked below the part before it */
    size_t cont;        /* a later sentence of a line or list item ("- A - Endangered; about 340"):
                           1 + the line's first candidate, or 0 */
    size_t under;       /* an indented line under a heading field ("observer: Tamsin Oakley" over
                           "  - target: Mars | date: 17 Feb"): 1 + that heading, or 0 */
    size_t *neg;        /* where it names something as not an answer ("excluded", "ahead of") */
    size_t nneg;
    double offered[4]; /* numbers offered as alternatives ("6 or 7"), none committed to */
    int noffered;
    unsigned offered_end; /* bit k: offered[k] ends a hedged range, so only itself matches */
    const char *head;     /* a table row's header row, normalised ("team | wins | losses"), owned
                             by the cands; or NULL */
    size_t context_at;    /* 1 + where an extreme said as context after its none-phrase is ("No
                             ferry carries more than 500 - the largest carries 420"), or 0 */
};

struct cands {
    struct cand *v;
    size_t n, alloc;
    int says_none; /* the answer says there is nothing to find */
    int lists;     /* it also lists rows (items that are not a none-phrase, or leads with one) */
    int doubted;   /* a part doubts the answer ("I'm not sure", "not certain") */
    char **heads;  /* the header rows of the answer's tables */
    size_t nheads, heads_alloc;
};

/* A gold row as the scorer reads it (score_gold.c): its cells, each normalised, and its key. */
enum cell_kind { CELL_NULL, CELL_TEXT, CELL_NUM, CELL_BOOL };

struct gcell {
    enum cell_kind kind;
    char *text; /* normalised */
    char **alt; /* other spellings ("mueller" for "müller"), normalised; of a number in a
                   column of months or quarters, its names ("july", "q3") */
    size_t nalt;
    double v;
    int64_t day[2];   /* a text cell that is a date: its readings ("02/10/2022" has two) */
    int is_date;      /* how many */
    int date_order;   /* the order of day and month its digits must have (2 day first), or 0 */
    char clock[6];    /* ... with a time of day ("2023-12-09 14:20": "14:20"), or "" */
    int one_day;      /* ... on the day every gold row's cell of its column has: named by
                         its time of day alone ("13:00") */
    int versus;       /* a text naming two sides ("Dunfield v Orla Town") */
    int past_one;     /* a number whose column holds a value of 1 or more in some gold row, or
                         names a measure stated in percent ("acidity"): no fraction of one, so
                         "0.92%" beside "1.05%" is its own value */
    int any_order;    /* a name of words whose order carries no meaning: said in another order
                         ("12\" club Dobsonian" for "Dobsonian 12\" (club)") it names the row */
    int counts;       /* its column counts rows ("COUNT(*)"): a year said as a time is no value */
    int year;         /* its column's name says "year": an average year is no money, to the unit */
    const char *unit; /* the unit its column names ("weight_kg": "kg"), or NULL */
    double scale;     /* the scale its column names ("gross_musd": 1e6), else 1 */
    int rounded;      /* 1 + the decimals SQL rounded its column to (ROUND(x, 1): 2), else 0 */
    int kept;         /* 1 + the decimals an average's values all keep, none rounded in its name
                         ("avg_price" 279.9): a value written finer that rounds to it is it */
    int percent;      /* its column names a percentage ("rate_pct"): "0.5%" may be 0.5 */
    int rankcol;      /* its column is a rank ("finish_position"): a list's order says it (1);
                         or its values are 1 to the rows' count: a list's numbers say it (2) */
    int side;         /* its column holds a winning side (1), a losing one (-1), else 0 */
    int same;         /* the same text in every gold row: said once for all ("both in Kyoto") */
    int zero_beside;  /* a NULL cell whose row has a 0 cell: a 0 said may be that one */
    const char *name; /* its column's name, or NULL */
    int person;       /* a personal name ("Yusuf Demir") in a column of people or names */
    int acronym;      /* three to five capitals ("NEB", "IDT"): also spelt out in words */
    int code;         /* two to four capitals ("GK", "FWD"): also the one word it shortens */
    char *given;      /* a person's given name, no word of another gold row: said alone after the
                         whole name was said in the reply, it names the row; owned, or NULL */
    const char *surname; /* a person's family name, no word of another gold row: said alone
                            ("Demir") it names the row; in text, or NULL */
    const char *head;    /* a key of a capitalised word and a common noun ("American bison",
                            "Common swift"): the noun, in text, no word of another gold text; said
                            alone it names the row only in part; or NULL */
    char *stem;     /* a key without its last word, a class of place ("Aldo" of "Aldo River"), no
                       words of another gold row: said alone it names the row; owned, or NULL */
    char *lead[3];  /* a key's leading words, longest first ("hulme" of "hulme community hall",
                       "phase one ixh" of "phase one ixh 150mp"), no words of another gold text,
                       opening with no generic word: said alone they name the row; owned */
    char label[32]; /* a word of its column's name that no other gold column has ("wins"), by
                       which a table header or a field names the column; or "" */
    char arg[32];   /* an aggregate's argument word that no other gold column has ("assists" of
                       `MAX(assists)`), by which a field names what the aggregate is of; or "" */
    const char *const *fn; /* for an aggregate whose function no other column has, the words
                              naming it ("total", "sum" of `SUM(points)`); or NULL */
};

struct grow {
    struct gcell *c;
    int n, key; /* key: the cell that identifies the row (the first text cell, else the
                   first cell), -1 for a row of NULLs */
    int single; /* the only gold row: a name said to be runner-up is not it */
    /* when paired: two sides' columns and their numbers' (paired_columns) */
    int paired, side_text[2], side_num[2];
    const struct grow *rows; /* the gold rows labelled (for a NULL cell's column), or NULL */
    size_t nrows;
};

/* What a candidate holds of a gold row (fit_row in score.c). */
struct fit {
    int key;          /* the key is in the candidate */
    int all;          /* every cell is */
    size_t at;        /* where the key is */
    unsigned missing; /* bit i: cell i not found (first 32 cells) */
    int reversed;     /* every cell is, two of them the other way round ("B → A") */
    int hedged;       /* the key is, offered only as a hedge: an alternative, a range, a doubt */
};

/* match.c */
void text_norm(const char *s, size_t n, struct buf *out, struct buf *caps);
int text_has(const char *text, const char *want, size_t *at);
int text_has_reordered(const char *text, const char *want, size_t *at);
/* t with its last word, a plural ("farms", "tomatoes"), in the singular, into out. */
int singular_of(const char *t, char *out, size_t cap);
/* A title with a comma between words also without it ("open source open season"). */
size_t without_commas(const char *norm, char ***out, size_t *n, size_t *alloc);
/* A "yes" or "no" of column col also as "with"/"without" its words ("with snowmaking"). */
size_t flag_forms(const char *col, const char *norm, char ***out, size_t *n, size_t *alloc);
size_t reordered_len(const char *text, size_t at, const char *want);
int text_has_abbrev(const char *text, const char *want, size_t *at);
int word_shortened(const char *text, const char *want, size_t *at);
int capitals_only(const char *s, size_t min, size_t max);
int digit_within(const char *t, size_t n);
/* text_has, where a code's joint between letters and digits may be written with a hyphen, a
 * space or nothing ("r2 delta" for "r2-delta", "lab b-12" for "lab b12"). */
int text_has_code(const char *text, const char *want, size_t *at);
size_t text_variants(const char *raw, char ***out, size_t *n, size_t *alloc);
/* A date key "YYYY-MM-DD" without its year ("3 nov", "november 3"): anchors in a sentence. */
size_t yearless_variants(const char *raw, char ***out, size_t *n, size_t *alloc);
/* The months' names in full, lower case, January first. */
extern const char *const month_names[12];
/* A month number ("01") in a column of months (`strftime('%m', d)`, `month`): its names. */
size_t month_number_names(const char *col, const char *raw, char ***out, size_t *n, size_t *alloc);
/* A number in a column of centuries, floors, rounds or editions (`century` 12) also by its
 * ordinal ("twelfth", "12th"; floor 0 "ground"); how many were added. */
size_t ordinal_names(const char *col, double v, char ***out, size_t *n, size_t *alloc);
/* A country's or place's other names ("Vienna" for "wien", "Turkey" for "turkiye"), from norm. */
size_t place_variants(const char *norm, char ***out, size_t *n, size_t *alloc);
size_t text_short_forms(const char *norm, char ***out, size_t *n, size_t *alloc);
/* A name with its code in brackets at the end ("Lisbon (LIS)"): the code alone ("lis"), of two
 * to five capitals or digits, and the name alone ("lisbon"). */
size_t bracket_code(const char *raw, char ***out, size_t *n, size_t *alloc);
/* A title after a short label and a colon ("Track 4: Ember Lane", "Vol. 2: The Salt Road"):
 * the title alone, of two words or more, normalised. Returns how many were added. */
size_t after_label(const char *raw, char ***out, size_t *n, size_t *alloc);
/* A name and its town after a comma, said with "in" or "at" ("Sankt Jakobi in Lübeck" for
 * "Sankt Jakobi, Lübeck"): those spellings, normalised, into out. */
size_t comma_place(const char *raw, char ***out, size_t *n, size_t *alloc);
/* A name ending in a year ("Kington Manor Court Roll 1544"), also "… of 1544" and "… (1544)". */
size_t year_of(const char *raw, char ***out, size_t *n, size_t *alloc);
/* A name of three to six words by its initials ("nsclc" for "non-small cell lung cancer"). */
size_t initials_form(const char *norm, char ***out, size_t *n, size_t *alloc);
size_t leading_initials(const char *norm, char ***out, size_t *n, size_t *alloc);
int number_names_id(const char *t, size_t at);
/* A country's code in a column of countries or nations ("DE", "NOR"): its name and its
 * people's adjective ("germany", "german"). */
size_t country_code_names(const char *col, const char *raw, char ***out, size_t *n, size_t *alloc);
/* A language's code in a column of languages or locales ("de", "fr-CA"): its English name,
 * alone or with its region ("german", "french (canada)", "french (ca)"). */
size_t language_names(const char *col, const char *raw, char ***out, size_t *n, size_t *alloc);
/* A one-letter sex ("f") in a column `sex` or `gender`: its words ("female", "women"). */
size_t sex_code_names(const char *col, const char *norm, char ***out, size_t *n, size_t *alloc);
/* A maker's word then a model code ("airbus a320neo"): the model alone ("a320neo"). */
size_t model_without_maker(const char *norm, char ***out, size_t *n, size_t *alloc);
/* Other spellings of a normalised gold text, for matching a gold cell only (a reply's line
 * naming "The Tin Orchard" names one key, not two): a title opening with "the" without it
 * ("Tin Orchard"; when two words or six letters are left, not "Who" of "The Who"), a slash
 * between words spaced or not ("Pakistan / China" for "Pakistan/China"), and a closing number
 * from 2 to 20 in Roman or Arabic numerals ("Física II" for "Física 2"). */
size_t text_loose_forms(const char *norm, char ***out, size_t *n, size_t *alloc);
void cand_read(struct scorer *s, struct cand *c); /* numbers, dates, flags of c->text */
int num_match(const struct scorer *s, const struct num *got, double want);
int value_match(const struct scorer *s, double got, double unit, double want);
/* got, written to `unit`, is want rounded to that unit, the half away from zero. */
int rounds_to(double got, double unit, double want);
double written_unit(double v);
int approx_match(double got, double unit, double want);
/* The last place in t where one of the words w (NULL-ended) starts, or NULL. */
const char *last_of(const char *t, const char *const *w);
/* t says its subject got none of something ("received no offers", "did not receive any"). */
int none_received(const char *t, size_t *at);
/* got rounds want to a whole number or fewer decimals, however far in per cent ("4" for 4.18). */
int coarse_match(double got, double unit, double want);
/* The dates text is, whole, in any common form ("2022-09-14", "14/09/2022", "Sep 14, 2022"):
 * how many readings (two for "02/10/2022", day first), each a day number in day[]; *order
 * says which order of day and month alone makes a real date (2 day first, 1 month first). */
int date_readings(const char *text, int64_t day[2], int *order);
/* gold is a date and a time of day ("2023-12-09 14:20", "2023-12-09T14:20:00", "05.04.2024
 * 9:30"): date_readings of its date, "HH:MM" in clock; else 0. */
int datetime_readings(const char *gold, int64_t day[2], int *order, char clock[6]);
/* A time of day "HH:MM" is in t, in any of its forms ("14:20", "2:20 pm"). */
int clock_in(const char *clock, const char *t, size_t *at);
/* t, where gold's time of day "HH:MM" was found, goes on with the other half of the day
 * ("7:45 pm" for 07:45). */
int other_half_of_day(const char *gold, const char *t);
/* The parenthesis holding t[at]: 1 + where its '(' is, or 0 when t[at] is in none; whether its
 * text opens with one of the words w (NULL-ended). */
size_t paren_open(const char *t, size_t at);
/* t opens with one of the words w (NULL-terminated). */
int opens_with(const char *t, const char *const *w);
/* t holds one of the strings w (NULL-terminated) anywhere. */
int holds_any(const char *t, const char *const *w);
/* One of the words w ends at t[b], whole at its start ("not " before "organic", "st" before
 * "."): its length, else 0. */
size_t word_ending_at(const char *t, size_t b, const char *const *w);
int paren_opens_with(const char *t, size_t at, const char *const *w);
int re_find(struct scorer *s, pcre2_code *re, const char *t, size_t n, size_t from, size_t *b,
            size_t *e);

/* units.c: a column name's unit ("weight_kg": "kg", or NULL), scale ("gross_musd": 1e6, else
 * 1) and whether it is a rank; the factor from the unit written after the number at t[at] to
 * unit (1 when none or the same, -1 when it cannot be converted: "75 f" for "c"). */
const char *column_unit(const char *col);
/* needle (lower case) in a column's name hay, ASCII case folded ("year" in "AVG(Year_Built)"). */
int name_has(const char *hay, const char *needle);
double column_scale(const char *col);
int column_is_rank(const char *col);
/* The column holds the winning side ("winner", "champion"): 1; the losing one ("runner_up",
 * "loser"): -1; else 0. */
int column_side(const char *col);
double unit_ratio(const char *unit, const char *t, size_t at);
double units_between(const char *from, const char *to);
/* The whole number 0 to 99 in digits, or zero to twenty in words, at t ("Five concerts"): its
 * value and length in *len, else -1. */
int small_number_at(const char *t, size_t *len);
/* The currency a column's name says its amounts are in ("fare_eur", "SUM(cost_usd)"): an index
 * for currencies_said, else -1. */
int column_currency(const char *col);
/* The decimals SQL rounded a column to ("ROUND(AVG(wind_kmh), 1)": 1, "ROUND(AVG(x))": 0),
 * else -1. */
int column_rounded(const char *col);
/* The currencies whose sign, code or name t writes beside an amount ("$6,500", "12 EUR",
 * "6,500 euros"), one bit each. */
unsigned currencies_said(const char *t);
/* The numbers va at t[a] and vb at t[b] are one quantity in two units of a dimension ("1.8 days
 * (42.5 hours)"), within 5%. */
int same_quantity(const char *t, size_t a, double va, size_t b, double vb);
/* The number at t[at] is followed by a unit of measure ("11 minutes", "42 km", "7%"). */
int unit_after(const char *t, size_t at);
/* The number at t[at] is in words before a word it counts ("two plants"): how many things. */
int words_counting(const char *t, size_t at);
/* Seconds in one of a column's time unit (`time_s` 1, `duration_min` 60), or 0 for none. */
double unit_seconds(const char *unit);

/* score_gold.c: the text column that tells the gold rows apart, or -1 (the first text cell of
 * each row); a gold row read with keycol as its key when that cell is text (tmp is scratch),
 * and freed. */
int gold_key_column(const cJSON *rows);
void grow_build(const cJSON *row, const cJSON *cols, int keycol, struct grow *g, struct buf *tmp);
void grow_free(struct grow *g);
/* The family names of the rows' keys that are personal names, and the stems of those that
 * end in a class of place, each no words of another row. */
void gold_surnames(struct grow *g, size_t n);
/* Text keys that differ only by a closing number ("Ge 4/4 III 641"): also named by it. */
void gold_key_numbers(struct grow *g, size_t n);
void gold_key_prefix(struct grow *g, size_t n);
/* A column of dates whose digits say day first in some rows ("14/09/2022") and never month
 * first: its other rows' dates are read that way too ("02/10/2022" is 2 October), and the
 * reverse. */
void gold_date_order(struct grow *g, size_t n);
void gold_past_one(struct grow *g, size_t n);
void gold_alias_rounding(struct grow *g, size_t n);
void gold_list_numbers(struct grow *g, size_t n);
/* Columns of times of day on one day in every row, two rows or more ("2024-02-03 13:00",
 * "2024-02-03 14:00"): the question names the day, so each row is named by its time. */
void gold_one_day(struct grow *g, size_t n);
/* A place named with its town after a comma ("St Peter Mancroft, Norwich") is also named
 * without it, when no other row's place in that column has that name. */
void gold_bare_places(struct grow *g, size_t n);
/* A plural key also named in the singular ("Nguyen Family Farm" for … Farms). */
void gold_singulars(struct grow *g, size_t n);
/* The length of the words that every one of the n texts opens with ("hearth & crumb "), when
 * each goes on with a name of its own; else 0. */
size_t common_word_prefix(char *const *t, size_t n);
void gold_shared_prefix(struct grow *g, size_t n);
/* A text key naming a model with its maker and designation ("Saab JAS 39 Gripen", "de
 * Havilland DH.82 Tiger Moth", "Supermarine Spitfire Mk IX") is also named without the
 * designation ("Saab Gripen"), by the words after it ("Tiger Moth"), or without its maker
 * ("Spitfire Mk IX"), when no other row's text holds those words. */
void gold_model_forms(struct grow *g, size_t n);
void gold_leads(struct grow *g, size_t n);

/* score_cell.c: gold cell x found in candidate c (its numbers in used[] taken, at most 64;
 * where in *at), as its key or not, as a lone value or not; the number found at `at`, in
 * parentheses, an aside of the same kind as one after the key; a lone number cell said more
 * roughly; a key of digits said after the word labelling it ("Platform 1"). */
int find_cell(const struct scorer *s, const struct gcell *x, const struct cand *c,
              unsigned char *used, size_t *at, int is_key, int alone);
/* ... and c gives NULL cell x a value of 0 ("so its average is 0", "average score 0"). */
int null_given_zero(const struct gcell *x, const struct cand *c);
/* Text cell x, or one of its other spellings, in t: where, in *at. */
int cell_text_at(const struct gcell *x, const char *t, size_t *at);
/* The key's words said in another order (it must be any_order), at *at. */
int reordered_key(const struct gcell *x, const char *t, size_t *at);
/* A text key said in t, as written, in another spelling or reordered: where and how long. */
int key_span(const struct gcell *key, const char *t, size_t *at, size_t *len);
/* One of the words w (NULL-ended, each with its space) ends right before t[at], or before a
 * currency sign there ("at least $9"). */
int word_before(const char *t, size_t at, const char *const *w);
size_t key_said_len(const struct gcell *key, const char *t, size_t at);
/* A name of two words or more whose order carries no meaning (raw and normalised). */
int name_any_order(const char *raw, const char *norm);
/* A personal name cell said in t by its family name alone ("Aravena's ratings"). */
int surname_said(const struct gcell *x, const char *t);
/* Text cell i of g is in t only inside another of its row's text cells (not the key, which has
 * rules of its own) that holds its words ("Pori" of "Jari Nieminen – Pori Wolves" for the city
 * of the Pori Wolves), or inside its column's cell of another row ("Chief Ranger" for "Ranger"):
 * not said. */
int inside_other_cell(const struct grow *g, int i, const char *t);
/* The field of " | "-joined text t holding t[at]: its index, and where it starts and ends. */
size_t field_at(const char *t, size_t at, size_t *b, size_t *e);
/* Candidate c is a record under a header naming cell x's column (a JSON object's members,
 * "max_temp_c"): number x found at `at` outside that field, or a NULL x whose field holds a
 * value. */
int off_its_field(const struct scorer *s, const struct gcell *x, const struct cand *c, size_t at);
/* ... and number x found at `at` inside that field: placed by the header, not by its order. */
int in_its_field(const struct gcell *x, const struct cand *c, size_t at);
/* Text cell i of row g is said in c only under headers naming other text columns. */
int text_under_other(const struct grow *g, int i, const struct cand *c);
int nearer_other_key(const struct grow *g, const char *t, size_t at, size_t xn, size_t key_at);
/* find_cell for cell x of a row whose key was found at key_at: a text cell inside the key's
 * words is not said by them ("Ostrava Arena, Prague" names no city Ostrava): one span of the
 * reply serves one cell. */
int find_cell_apart(const struct scorer *s, const struct gcell *x, const struct gcell *key,
                    const struct cand *c, unsigned char *used, size_t *at, size_t key_at);
int aside_of_same_kind(const struct cand *c, size_t key_at, size_t at);
int approximate(const struct gcell *x, const struct cand *c);
/* A narrow range around one number's gold, the answer's last numbers ("between 40 and 45"). */
int range_around(const struct gcell *x, const struct cands *cs, size_t ci);
int labelled_number(const char *key, const char *t, size_t name_at, size_t at);
int position_label(const char *t, size_t name_at, size_t at);
/* The column's name ends in the word "id" ("order_id", "orderId"; not "paid"). */
int id_column(const char *name);
/* c gives some cell as 0 ("Ægir: 0 minutes", "so its average is 0"), not a count of none
 * ("0 corporate donations"). */
int gives_zero(const struct cand *c);

/* score_null.c: the key at c's text[at..at+len] named as no answer; at t[at], inside a
 * conceding parenthesis, or the start of a longer name; for a one-row gold, set against another
 * name (in a parenthesis after it, after "compared with" or "than"); the number at t[at] labelled
 * as another number column's than cell i; a field of a gold column given a value (to empty gold, a
 * record offered); a NULL key not named, partial when the other cells are there; a NULL cell of g
 * given a value by candidate ci (1 + its column, or 0). */
int negated_key(const struct grow *g, const struct cand *c, size_t at, size_t len);
int conceded_aside(const char *t, size_t at);
int longer_name(const struct grow *g, const char *t, size_t at);
int set_against(const struct cand *c, size_t at);
/* The answer commits to another name than g's text key ("The lightest cat is Pepper at 6.4 kg.
 * Bramble weighs 3.1 kg."): before naming the key, or in its concluding clause. */
int commits_elsewhere(const struct scorer *s, const struct grow *g);
int number_named_other(const struct grow *g, int i, const char *t, size_t at);
int field_of_other(const struct grow *g, int i, const char *t);
/* t[at] lies inside a text cell of row g that t holds ("3" of "Halo 3"). */
int in_text_cell(const struct grow *g, const char *t, size_t at);
/* The words of column `name` of 4 to 31 letters, lower case (at most 8): how many. */
size_t column_words(const char *name, char words[8][32]);
/* Where the number written at t[at] ends: its digits, and its group and decimal marks
 * between digits ("14,872", "2.5"). */
size_t num_end(const char *t, size_t at);
/* score_pair.c */
int pair_gives(const struct scorer *s, const struct cand *c, size_t fa, size_t la, size_t fb,
               size_t lb, double x, double y);
int paired_columns(const struct grow *g, int text[2], int num[2]); /* for grow_build */
int side_reversed(const struct gcell *x, const char *t, size_t at);
/* Where two sides are named: a at fa (la bytes), b at fb (lb bytes). */
struct sides {
    size_t fa, la, fb, lb;
};
/* A key naming two sides ("Dunfield v Orla Town") whose sides t names each as a whole
 * ("Dunfield 1-4 Orla Town", "Orla Town beat Dunfield"): *at, the first; *sd (optional),
 * where each is. */
int versus_sides(const char *key, const char *t, size_t *at, struct sides *sd);
/* Row g's two sides named in c at tpos (1 + where) with their score written as a pair or each
 * after its side: 1 when c says whose is which, and then f->all is cleared (and the numbers
 * marked missing) if it says it the other way round. */
int sides_scored(const struct scorer *s, const struct grow *g, const struct cand *c,
                 const size_t *tpos, struct fit *f);
int field_gives_value(struct scorer *s, const cJSON *cols, const struct cand *c);
/* t[0, n) holds, at a word's start, a word of column `name` ("crew" of `crew_size`). */
int column_word_within(const char *name, const char *t, size_t n);
/* Into out, the first word of column i's name (4 letters or more) that no other column of
 * cols has, and of an aggregate only its function ("count" of `COUNT(*)`, not "enrollment"
 * of `SUM(enrollment)`); "" when there is none. */
void column_own_word(const cJSON *cols, int i, char out[32]);
void column_arg_word(const cJSON *cols, int i, char out[32]);
/* t[0, n) has the word w, or its plural or singular ("win", "wins", "wines"), as a whole word. */
int has_label_word(const char *w, const char *t, size_t n);
/* Column `name` aggregates values other than by counting ("SUM(amount)", "AVG(price)", MIN,
 * MAX, TOTAL). */
int sums_values(const char *name);
/* The words naming column i's aggregate function when no other column of cols has it. */
const char *const *column_function_words(const cJSON *cols, int i);
/* Label t[0, n) names cell x's column: its own word, or its function's ("highest price" of
 * `MAX(price)`). */
int names_column(const struct gcell *x, const char *t, size_t n);
void null_key_partial(const struct scorer *s, const struct grow *g, const struct cand *c,
                      struct fit *f);
int null_filled(const struct scorer *s, const struct grow *g, const struct cands *cs, size_t ci,
                const unsigned char *used);
int null_said_later(const struct gcell *x, const struct cands *cs, size_t ci);
/* t says a value is missing: a cell that is only a dash, or a word of absence or negation
 * ("no finish time", "did not retake", "still in service", "vacant", "DNF"). */
int null_said(const char *t);
/* t has "un" and a word of column `name` ("unglazed" of `glaze`, "unrated" of `rating`). */
int un_column(const char *name, const char *t);
/* Lines "Label: value" whose labels name NULL columns of g: 1 when one gives a value
 * ("Nationality: Hungarian"); *said_none when one says none ("Birth year: not given"). */
int fields_given(const struct grow *g, const struct cands *cs, int *said_none);
int null_member(const struct grow *g, const struct cands *cs);
/* Number cell x labelled by its column's word at the end of the part before ci, of the same
 * sentence ("loan 8, the Bronze Heron" for loan_id 8). */
int said_before_apposed(const struct scorer *s, const struct gcell *x, const struct cands *cs,
                        size_t ci);
/* The answer, after saying there is none, offers a near candidate all the same. */
int closest_offered(struct scorer *s, const char *ans);

/* score_share.c: cell x, missing from candidate ci (or c), said by another part of its
 * sentence: an earlier part (the key's row shares it), the next part, a part saying it for all
 * gold rows, or a later part saying it for both or all names before it. */
int shared_text(const struct grow *g, int i, const struct cands *cs, const struct cand *c);
int shared_next(const struct scorer *s, const struct grow *g, int i, const struct cands *cs,
                size_t ci);
int other_rows_value(const struct grow *g, int i, const char *t);
/* Candidate c gives cell i of g a value of its own, another than the gold's. */
int own_value(const struct scorer *s, const struct grow *g, int i, const struct cand *c);
int said_later_in_line(const struct scorer *s, const struct grow *g, int i, const struct cands *cs,
                       size_t ci);
/* Cell i of g, missing from candidate ci, a part of a list item that names no other row, is
 * in another part of that item ("- Lot 411: monkfish, Bonne Espérance, 11.20 €/kg"). */
int said_in_item(const struct scorer *s, const struct grow *g, int i, const struct cands *cs,
                 size_t ci);
int respective_mismatch(const struct scorer *s, const struct grow *g, const struct cands *cs,
                        size_t ci);
int said_for_all(const struct scorer *s, const struct gcell *x, const struct cands *cs, size_t ci);
/* A text cell the same in every gold row (of two or more) is named in the reply, before its
 * final answer, and not in that ("The podium of the Batumi Open" over a list of players): the
 * question's constant, said. */
int said_in_reply(const struct scorer *s, const struct gcell *x);
/* The reply normalised (text_norm), made once per reply. */
const char *reply_normalised(const struct scorer *s);
/* Column i is NULL in every gold row and the reply says so in words of the column ("suppliers
 * with no rating recorded: A and B"): said for each row. */
int null_for_all(const struct scorer *s, const struct grow *g, int i, const struct cand *c);
int said_for_both(const struct scorer *s, const struct gcell *x, const struct cands *cs, size_t ci);

/* answer_outline.c: an answer written as an outline (nested bullets, headings over their
 * items) flattened into out, one line per row; 1 when it was such an answer. */
int answer_outline(const char *ans, struct buf *out);
/* answer_markup.c: an answer in HTML or XML markup rewritten into out as plain lines and pipe
 * tables; 1 when it had markup. */
int answer_markup(const char *ans, struct buf *out);
/* A LaTeX tabular in ans rewritten into out as pipe rows; 1 when there was one. */
int answer_tabular(const char *ans, struct buf *out);

/* answer.c */
const char *answer_extract(struct scorer *s, const char *reply, struct buf *out);
/* The reply holds a reasoning model's thoughts ("<think>"), which are no part of its answer. */
int answer_has_thoughts(const char *reply);
/* answer_final.c: the sentence from t compares ("…, so B was later than A", "…, so Kirkgate
 * grew faster", "…, so March was the busiest month"). */
int answer_compares(const char *t);
/* Shared by the two halves of the answer reader (answer_final.c): the end of the line at i
 * (before its newline), whether bytes b..e are blank, and the JSON value a reply's answer
 * holds (fenced or bare) copied into out (1 when there is one). */
size_t answer_line_end(const char *t, size_t i, size_t n);
/* v opens with a date as SQLite writes one ("2024-03-05", "2024-03-05 10:00"). */
int answer_iso_date(const char *v);
int answer_blank_line(const char *t, size_t b, size_t e);
int answer_json_text(const char *t, size_t n, struct buf *out);
void answer_rows(struct scorer *s, const char *ans, const cJSON *gold, struct cands *out);
/* After answer_rows: a note in the reply saying what a short name stands for ('"Bass" here
 * refers to the double bass') gives the items naming it that gold key. */
void answer_notes(struct scorer *s, const char *reply, const cJSON *gold, struct cands *cs);
void cands_free(struct cands *cs);
/* A later part of candidate i's sentence says none ("… Cardiff (with one chef having no campus
 * listed), so there are no Swansea-based chefs"): what i says in an aside is evidence. */
int none_follows(const struct cands *cs, size_t i);

#endif
