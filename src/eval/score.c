/* score.c: the deterministic scorer — labels each gold row of an instance exact, partial or none
 * from the model's reply, without an LLM, and says why; the interface and its rules are in
 * score.h.  The answer is read by answer.c, cells are matched by match.c; a gold row is read by
 * score_gold.c and fitted to a candidate here, with the rules of score_cell.c (a cell in the
 * candidate), score_null.c (negations, NULL cells) and score_share.c (a sentence's parts). */
#include "score_int.h"

#include "err.h"
#include "util.h"
#include "xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void score_opts_default(struct score_opts *o)
{
    o->rel_tol = 0;
    o->abs_tol = 0;
    o->max_rows = 50;
    o->jobs = 0;
}

static pcre2_code *compile(const char *pat)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *c = rx_compile(pat, PCRE2_UTF, &err, &off);
    if (!c)
        BUG("bad built-in pattern at %zu: %s", (size_t)off, pat);
    rx_jit(c); /* where JIT is missing, the interpreter runs */
    return c;
}

/* Two patterns as one, a|b: a pattern too long for one C string literal (C99 promises 4095
 * bytes). */
static pcre2_code *compile_alt(const char *a, const char *b)
{
    struct buf p = BUF_INIT;
    pcre2_code *c;
    buf_adds(&p, a);
    buf_addch(&p, '|');
    buf_adds(&p, b);
    c = compile(p.s);
    buf_release(&p);
    return c;
}

#define MONTHS "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"

/* a parenthesised aside after the answer marker's word: "Answer (counting down):" */
#define ASIDE "(?:\\([^()\\n]{1,60}\\)\\s*)?"

struct scorer *scorer_new(const struct score_opts *o)
{
    struct scorer *s = xcalloc(1, sizeof(*s));
    if (o)
        s->o = *o;
    else
        score_opts_default(&s->o);
    /* the prompt's "Answer:" line, also in bold or as a heading, with an aside on its order
     * ("Answer (lowest first):"); a line opened by "Final ranking:", "Final:", "So:" */
    /* "So the final answer is:" over the corrected answer too */
    s->marker =
        compile("(?i)(?:\\bfinal\\s+answer\\s*(?:[*_]*\\s*[-\\x{2013}\\x{2014}][*_]*(?=\\s)|"
                "is\\s*:[*_]*)|"
                "\\b(?:final\\s+)?answer\\s*" ASIDE "[*_]*\\s*[:\\x{FF1A}][*_]*|"
                /* a line opened by "Answer -" ("Answer - Voss Trio, Bellamy Standards, …") */
                "(?m:^[ \\t#>*_]*answer[*_]*[ \\t]+[-\\x{2013}\\x{2014}][*_]*(?=[ \\t]+\\S)"
                "(?![^\\n]*:[ \\t*_]*$))|"
                /* a heading alone, also closed by a stop: "**Answer.**" */
                "(?m:^[ \\t#>*_]*(?:final\\s+)?answer\\s*" ASIDE "[ \\t*_]*(?:\\.[ \\t*_]*)?$)|"
                /* a heading that says what it answers: "**Answer – the four longest-standing
                 * members:**" */
                "(?m:^[ \\t#>*_]*(?:final\\s+)?answer\\s*[-\\x{2013}\\x{2014}]\\s*"
                "(?:[^:(\\n]|\\([^()\\n]{0,40}\\)){1,80}:[ \\t*_]*$)|" /* "(date: kg)" */
                "(?m:^[ \\t#>*_]*final\\s+(?:ranking|standings|list|results?|order)"
                /* "Final list of crews with at least one run in January 2024:" */
                "(?:\\s+(?:of|for)\\b[^:\\n]{1,80})?[ \\t*_]*:[*_]*)|"
                /* a line opened by "Final:" or "So:" over the answer it closes with */
                "(?m:^[ \\t#>*_]*(?:final|so)[ \\t*_]*:[*_]*(?=[ \\t]*\\S))|"
                /* a heading alone naming the outcome: "## Verdict", "**Conclusion:**" */
                "(?m:^[ \\t#>*_]*(?:verdict|conclusion)[ \\t*_:]*$))");
    /* "the answer is 12"; "I'd put the firm answer at five" */
    s->phrase =
        compile("(?i)\\b(?:final\\s+)?answer\\s+is\\b\\s*:?"
                /* not "…, the answer is the same": it gives none */
                "(?!\\s*(?:the\\s+same|unchanged|unaffected|identical)\\b)"
                /* nor "the answer is a little sensitive to …": it says how sure it is */
                "(?!\\s*(?:(?:a\\s+(?:little|bit)|somewhat|quite|very|rather|fairly|highly)\\s+)?"
                "(?:sensitive|uncertain|unclear|ambiguous|debatable|dependent|contingent|"
                "not\\s+(?:certain|clear|obvious|straightforward|definitive))\\b)|"
                /* "the answer to the question \"Which …?\" is:" */
                "\\banswer\\s+to\\s+(?:the|this|your)\\s+question\\s+"
                "(?:\"[^\"\\n]{1,400}\"|\\x{201C}[^\\x{201D}\\n]{1,400}\\x{201D})\\s+is\\b\\s*:?|"
                "\\bput\\s+(?:the|my)\\s+(?:\\w+\\s+)?answer\\s+at\\b");
    /* on normalised text: lower case, no diacritics */
    s->none = compile_alt(
        "(?:^|[.;:|] |^(?:[^,]{0,40}, ){1,2}|^that )(?:no|none)\\b|^[-| ]+$|\\(empty\\)|^empty\\b|"
        /* a none said as a belief: "I believe no ferry carries more than 450" */
        "\\bi (?:believe|think|suspect|reckon|conclude)(?: that)? no\\b|"
        "\\b(?:no answer|none|n/a\\b|nothing|no such|null|unknown|undefined|nobody\\b|no one\\b|"
        "(?:is|are|was|were) empty\\b|empty (?:list|set|result)\\b|"
        /* the empty set's sign, and none in a few other languages ("Ninguno / None") */
        "\\x{2205}|\\x{65E0}|\\x{306A}\\x{3057}|"
        "^(?:ninguno|ninguna|nada|aucun|aucune|keine|keiner|nessuno|nenhum|nenhuma|geen)\\b|"
        "no (?:\\w+ )?(?:information|mention|details|evidence)\\b|"
        "\\b(?:so|therefore|thus|hence) (?:no|none)\\b|\\btb[adc]\\b|"
        "to be (?:announced|determined|confirmed)\\b|"
        "there (?:is|are|was|were)n't\\b|(?:is|are)n't (?:one|any)\\b|"
        "(?:don't|do not|didn't|did not) (?:see|find) any\\b|(?:can't|cannot) (?:give|provide)\\b|"
        "\\b(?:did|does|do)(?: not|n't) \\w+ [^.;:]{0,60}?\\b(?:in|at|on|for) any\\b|"
        "\\bnever (?:gives?|mentions?|states?|lists?|names?|specif(?:y|ies))\\b|"
        "(?:don't|do not) (?:think|believe) there (?:is|are|was|were) (?:any|an?)\\b|"
        "(?:don't|do not) (?:think|believe) (?:that )?any\\b|(?:is|are) silent\\b|"
        "\\bzero (?:\\w+ ){0,2}(?:records?|match(?:es)?|results?|rows?|entries|items)\\b|"
        "there (?:is|are|were|was) no\\b|there's no\\b|(?:appears?|seems?) to be no(?:ne)?\\b|"
        "\\b(?:it|he|she|they) (?:has|have|had) no\\b|"
        /* "isn't signed to any label" */
        "\\b(?:is|are|was|were)(?:n't| not) \\w+ (?:to|with|by|in|on|for) any\\b|"
        "\\b(?:appears?|seems?) (?:that )?(?:no|none)\\b|"
        "\\b(?:found|find|see|saw|identified|located) no\\b|no (?:\\w+ "
        ")?(?:match|result|record|row|entr|item|data|"
        "name|value)|no \\w+ (?:(?:was|were) )?(?:received|recorded|logged|reported|placed|set|"
        "made)\\b|"
        "not (?:any|available|listed|recorded|specified|known|applicable|found)\\b|"
        /* "Job 4410 has not been assigned to a translator yet" */
        "(?:has|have|had)(?: not|n't)(?: yet)? been (?:assigned|allocated|appointed|chosen|"
        "selected|scheduled|decided|announced|confirmed|released|published|reported|recorded|"
        "given)\\b|"
        "(?:cannot|can't|can not) be (?:determined|computed|calculated)|"
        /* not "I cannot fully determine this", which goes on to give what it can */
        "\\bcan(?:not|'t|not) (?:(?!fully |completely |entirely )\\w+ly )?"
        "(?:determine|compute|calculate|work out)\\b|"
        "could(?: not|n't) (?:find|identify|locate)|"
        "(?:was|were)(?: not|n't) able to (?:find|identify|locate)|"
        "(?:do|does)(?: not|n't) (?:appear|seem) to (?:be|have) any\\b|"
        "can(?:not|'t) (?:find|determine|identify|rank|say|tell|answer)|unable to \\w+|"
        "not "
        "(?:stated|given|mentioned|named|identified|indicated|documented)\\b|(?:is|are|was|were)n'"
        "t (?:given|stated|listed|mentioned|"
        "known|provided)\\b|(?:does|do|did)(?: not|n't) (?:mention|include|list|give|state|say|"
        "name|provide|specify|record|report)\\b|"
        "(?:does|do)(?: not|n't) contain|not enough (?:information|data|detail)|"
        "insufficient (?:information|data)|(?:does|do|did)(?: not|n't) (?:describe|show|cover|"
        "feature|reference|refer to) any\\b|no (?:\\w+ ){0,2}(?:qualif|meet|satisf|exceed)|"
        "^(?:0|zero) (?:\\w+ ){0,2}(?:qualif|meet|satisf|exceed|match)|"
        "^(?:0|zero) [a-z]+s (?:\\w+ )?(?:are|were|have|has|had|operate|fly|flies|won|did)\\b|"
        "^zero - |\\bnot a single\\b|n't a single\\b",
        /* a value said to be missing in other words: "no manager listed", "not reported",
         * "undisclosed", "(no date)" */
        "\\b(?:mentions|lists|names|shows|contains|includes|describes) no\\b|"
        /* what a whole holds: "the firm runs no BMW vehicles", "holds no onion packets", and
         * "Onion isn't among them" */
        "\\b(?:holds|runs|owns|keeps|stocks|carries|operates|sells|employs|hosts|houses|"
        "offers) no\\b|\\b(?:is|are|was|were)(?: not|n't) among (?:them|these|those)\\b|"
        "\\bthere (?:would|will) be no\\b|"
        "\\bneither (?:has|had|have) (?:a |an |any )?(?:recorded|listed|known|stated|given)\\b|"
        "un(?:disclosed|reported|specified|determined|recorded|named|listed|assigned|allocated|"
        "attributed|categori[sz]ed|sold|priced|rated|scored|weighed|measured|timed|graded|defined|"
        "assessed|attached|affiliated)\\b|"
        "not (?:reported|disclosed|provided|determinable|determined|published|on "
        "record|defined)\\b|"
        "not (?:yet |currently |presently "
        ")?(?:announced|assigned|confirmed|decided|tracked|logged|measured)\\b|"
        /* a value that says a step never happened ("home_legs: not played", "completed_on: not
         * yet completed"), opening what is read; within a sentence it tells a row's state ("14
         * were not yet delivered") */
        "^not (?:yet )?(?:played|completed|finished|held|paid|returned|delivered|"
        "scheduled|started)\\b|"
        "no (?:listed|named|stated|known|recorded|reported|given) \\w+|"
        /* a missing value in more words: "isn't available", "neither figure is recorded",
         * "did not win any prize money", "has not been priced yet", "no landing time is
         * recorded for it" */
        "(?:is|are|was|were)n't (?:available|recorded|specified)\\b|there (?:is|was|are|were) "
        "neither\\b|"
        "\\bneither (?:\\w+ ){0,2}(?:is|are|was|were) (?:recorded|given|listed|stated|known)\\b|"
        "(?:did|does|do)(?: not|n't) (?:win|receive|get|earn|lead|make) any\\b|"
        "(?:do|does)(?: not|n't) (?:appear|seem) to have\\b|"
        "there(?:'s| is| are| was| were) (?:probably|likely|apparently|simply|just) no\\b|"
        "(?:cannot|can't|can not) be (?:given|found|established|reported|known|stated|provided)\\b|"
        "(?:has|have|had)(?: not|n't)(?: yet)? been "
        "(?:priced|valued|rated|measured|weighed|graded|scored|timed)\\b|"
        "no (?:\\w+ ){1,2}(?:is|are|was|were) "
        "(?:listed|given|stated|recorded|reported|provided|known|available)\\b|"
        "no (?:\\w+ ){1,2}(?:listed|given|stated|recorded|reported|provided|disclosed|known|"
        "available|on record)\\b|no (?:\\w+ )?(?:date|figure|number|amount)s?\\b|"
        /* a count of nothing: "there are 0 customers who…", "I found zero" */
        "(?:there (?:is|are|was|were)|i (?:count|found|find)) (?:0|zero)\\b(?![.,]\\d)|"
        /* a field of an empty list or object (YAML or key: value): "results: []", also before a
         * YAML comment; YAML's null "isbn: ~" */
        ": (?:\\[ ?\\]|\\{ ?\\}|~)(?= \\||$| +#))");
    /* after a none-phrase, a concession that still offers a value ("although A comes close
     * with 9,800", "if I take the nearest, the average is 34.5"); a year said as a time is
     * none ("though Porto Forge held it until 2019") */
    s->offers = compile("\\b(?:although|though|but|however|if|except)\\b[^.]*?"
                        "(?:(?<![\\d,.])(?<!sentence )(?<!sentences )(?<!line )(?<!lines )"
                        "\\d(?!\\d{3}\\b)|(?<!in |until |since |by |after |before |for |of |"
                        "from |during )"
                        /* nor a month's year: "… but not recorded, no displays in March 2024" */
                        "(?<!january )(?<!february )(?<!march )(?<!april )(?<!may )(?<!june )"
                        "(?<!july )(?<!august )(?<!september )(?<!october )(?<!november )"
                        "(?<!december )\\b\\d{4}\\b|"
                        /* "… but the two without a collector are the likeliest to be hers" */
                        "\\b(?:are|is) the (?:likeliest|most likely)\\b)");
    /* in the none-phrase's own sentence, a near answer ("No films before 1950 — the earliest is
     * Rashomon") */
    s->nearest =
        compile("\\bthe (?:\\w+est|closest|nearest|next)\\b[^.]*\\b(?:is|was|would be)\\b");
    /* a list's part that stands for a row whose key is NULL ("and no club (unattached)", "one
     * book with no publisher listed", "self-released") */
    s->null_item =
        compile("\\b(?:no(?! (?:others?|more|further|one else|other)\\b)|"
                "without an?|unknown|unlisted|unattached|unaffiliated|unassigned|unidentified|"
                "unnamed|"
                "unspecified|unrecorded|"
                "self[- ]released|independent|n/a|none(?! (?:else|other))|"
                "not (?:yet |currently |presently )?(?:listed|given|stated|recorded|known|"
                "specified|assigned))\\b");
    /* a near candidate after a none-phrase, offered all the same, and what says it is not one */
    s->closest =
        compile("\\b(?:closest|nearest|next best|runners?[- ]up|best (?:match(?:es)?|guess))\\b|"
                "\\b(?:is|are|come|comes|came) close\\b|"
                "\\bif\\b[^.]{0,80}?\\b(?:would|could|might)(?: also)? (?:qualify|count|be)\\b|"
                /* "… X might qualify if the date refers to a later edition" */
                "\\b(?:might|may|could|would)(?: also| still)? (?:qualify|count)\\b|"
                "\\bthe answer would be\\b");
    /* a lead-in naming the top of what was asked for, in the plural ("the cheapest are", "the
     * most borrowed books were"), or the rows that meet it */
    s->superlative =
        compile("\\bthe (?:\\w+est|most|least|closest|nearest|top)\\b[^,]*\\b(?:are|were|ones)\\b|"
                /* or its rows said to meet it: "the volunteers who worked over 40 hours are" */
                "\\bthe \\w+s (?:who|that|which)\\b[^,]*\\b(?:are|were)\\b");
    s->not_qualify = compile("\\b(?:neither|nor|not|none|never|fails?|falls short|short of|"
                             "below|under|disqualified)\\b|n't\\b");
    /* a rank said in words: "Li Wei was third", "Oakmont edges ahead for second" */
    s->ordinal = compile("(?:\\b(?:is|was|are|were|came|comes|finished|finishes|ranks?|ranked|"
                         "placed?|for|in|at)\\s+(?:\\w+\\s+){0,2}?|"
                         "\\b(?=(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
                         " with \\d))(first|second|third|fourth|fifth|sixth|"
                         "seventh|eighth|ninth|tenth|1st|2nd|3rd|[4-9]th|10th)\\b(?!\\s+(?:of|half|"
                         "quarter|time|place of|two|three|four|five|six|seven|eight|nine|ten|"
                         "\\d))"); /* not "the first four": how many */
    /* a duration in two units: "2 h 10 min", "135 minutes 30 seconds", "1h35m" */
    s->duration = compile("(?<![\\w.])(\\d+) ?(h|hrs?|hours?|min|mins|minutes?)(?:\\b,? (?:and "
                          ")?|(?=\\d))(\\d+(?:\\.\\d+)?) ?"
                          "(min|mins|minutes?|m|s|secs?|seconds?)\\b");
    s->negation = compile(
        "(?:\\b(?:not(?! (?:completely|entirely|fully|totally|quite|sure|"
        "certain|listed|recorded|available|specified|known|given|stated|"
        "provided|mentioned|explicitly|counting|including|only|just|least|"
        "necessarily))|neither|nor|excluded?|excluding|except|short of|"
        "ahead of|rather than|instead of|other than|apart from|beating|"
        "fails?|considered|below (?:the|that|this|them|those|it|him|her)|disqualified|ineligible|"
        "falls? (?:just |slightly |narrowly |well )?(?:below|short)|"
        "(?:stays?|stayed|remains?|remained) (?:just |slightly |narrowly )?"
        "(?:under|below|short)|"
        "c(?:ame|omes) close|(?:just|narrowly) miss(?:ed|es))\\b|n't\\b|~~)");
    s->date = compile("(?<![\\w.])(?:(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})|"
                      "(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})|" MONTHS
                      " (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})|"
                      "(\\d{1,2})(?:st|nd|rd|th)? (?:of )?" MONTHS ",? (\\d{4}))(?!\\w)");
    s->stop = compile(
        "(?i)^[\\s#>*_]*(?:(?:explanation|reasoning|rationale|justification|why|"
        "notes?|because|to find this|how i (?:got|found)|(?:one |a )?caveats?|"
        "keep in mind|bear in mind|disclaimer|you asked|(?:the )?question\\b(?!\\s*:\\s*\\w))\\b|"
        "(?:breakdown|workings?|calculation)[*_]*:)");
    /* to empty gold, a denial that the asked thing happened ("Lars Eriksen did not win any
     * lots", "Amara was never fed fish", "Kenji made no payments"; not in a relative clause,
     * "the trains that received no work orders are 3401 and 3403", nor "had no", which answers
     * "which routes had no crossings" as often as it denies): none; to other gold such a clause
     * is often the reason given with a value ("0 - the car was never rented"), so only there */
    s->denies = compile("\\b(?:did|does|do|has|have|had)(?: not|n't) (?:\\w+ ){1,2}any\\b|"
                        /* not in a clause that restates the condition of a name given
                           ("B-131 is the only bin that was never emptied") */
                        "(?<!that |who |which |where )\\b(?:was|were) never\\b|"
                        "(?<!that |who |which |where "
                        ")\\b(?:\\w+ed|made|won|sold|took|gave|got|paid|held|ran|led|wrote|"
                        "bought|sent|spent|kept|met|saw|did) no \\w");
    /* none-phrases that refuse rather than count nothing: no count of 0 */
    s->refusal =
        compile("\\b(?:no answer|unknown|can(?:not|'t) (?:tell|determine|say|answer)|"
                "unable to|(?:don't|do not) know|not (?:stated|given|mentioned)|unclear|null|n/a|"
                "not possible|cannot be determined)");
    /* a sentence that leaves its ranks open */
    s->orderless = compile("\\b(?:in (?:some|either|any|no particular|an unclear) order|"
                           "order (?:is )?(?:unclear|uncertain|not clear)|not sure (?:of|about) "
                           "the order|could be (?:either|swapped))");
    /* a commitment to one answer: "the lightest cat is", "so the fastest is", "the longest book
     * seems to be" (over normalised text) */
    s->commits = compile("\\bthe (?:[a-z]+ ){0,3}?(?:[a-z]{2,}est|most|least|fewest|top|winner)\\b"
                         "(?: [a-z]+){0,4}? (?:is|was|seems to be|appears to be|would be) ");
    s->runnerup =
        compile("\\b(?:runner[ _]?up|second[ _]place|2nd[ _]place|(?:came|finished|placed|is|was|"
                "in|ranks?|ranked) second\\b(?! (?:of|half|time))|(?:a |an )?(?:close|distant) "
                "second|(?:just|close|"
                "closely|narrowly|right) behind|trails|trailing|next closest)\\b");
    /* a field's name: words, maybe after a year ("2022 pass rate") or with a unit or currency
     * ("Price (€/kg)"), a snake-case name in lower case ending in digits ("area_km2"), or an id
     * or a code ("WSB-004", "V40") */
    s->field = compile(
        "^[*_]*(?:(?:\\d{4} )?[A-Za-z][A-Za-z_ ()/#%.'$\\x{20AC}\\x{A3}\\x{2192}>-]{0,28}?|"
        "[a-z][a-zA-Z_ ]{0,36}?[a-zA-Z][_ ]?\\d{1,2}|"     /* "area_km2", "rank_1", "rank 1",
                                               "members_with_handicap_under_10", "sessions_in_A2" */
        "[A-Z]{1,4}-\\d{1,5}|"                             /* an id: "WSB-004", "INS-2350" */
        "[A-Z]{1,3}\\d{1,3}(?: [A-Za-z][A-Za-z ]{0,20})?)" /* a code: "V40", "U17 Girls" */
        "[*_]*\\s*[:=][*_]*\\s+\\S");
    /* a line of the answer set out as "Label: value", the label in any letters ("Île-de-France:
     * 12.8k"), maybe with a number inside ("Kadınlar 1. Lig: 960"): for where the answer block
     * ends, not for what is a record's field */
    s->line_field =
        compile("^[*_]*(?:(?:\\d{4} )?\\p{L}[\\p{L}_ ()/#%.'-]{0,28}?(?: \\d{1,2}\\.? "
                "\\p{L}[\\p{L} ]{0,20})?|"
                "[A-Z]{1,3}\\d{1,3}(?: \\p{L}[\\p{L} ]{0,20})?)[*_]*\\s*[:=][*_]*\\s+\\S");
    s->bullet = compile("^\\s*(?:[-*+\\x{2022}]|\\(?(\\d{1,3})[.):])\\s+");
    /* a table's delimiter row, "|---|", also short and aligned: "|:--|--:|" */
    s->tablesep = compile("^\\s*\\|?\\s*:?-{3,}|^\\s*\\|(?:\\s*:?-+:?\\s*\\|)+\\s*$");
    s->md = rx_match_data(20);
    s->mc = rx_match_context();
    pcre2_set_match_limit(s->mc, SCORE_MATCH_LIMIT);
    pcre2_set_depth_limit(s->mc, SCORE_DEPTH_LIMIT);
    return s;
}

void scorer_free(struct scorer *s)
{
    if (!s)
        return;
    pcre2_code_free(s->marker);
    pcre2_code_free(s->phrase);
    pcre2_code_free(s->none);
    pcre2_code_free(s->offers);
    pcre2_code_free(s->ordinal);
    pcre2_code_free(s->duration);
    pcre2_code_free(s->negation);
    pcre2_code_free(s->date);
    pcre2_code_free(s->stop);
    pcre2_code_free(s->field);
    pcre2_code_free(s->bullet);
    pcre2_code_free(s->tablesep);
    pcre2_code_free(s->refusal);
    pcre2_code_free(s->nearest);
    pcre2_code_free(s->closest);
    pcre2_code_free(s->null_item);
    pcre2_code_free(s->denies);
    pcre2_code_free(s->not_qualify);
    pcre2_code_free(s->superlative);
    pcre2_code_free(s->line_field);
    pcre2_code_free(s->runnerup);
    pcre2_code_free(s->commits);
    pcre2_code_free(s->orderless);
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mc);
    buf_release(&s->reply_norm);
    buf_release(&s->answer_norm);
    free(s);
}

void score_result_release(struct score_result *r)
{
    size_t i;
    for (i = 0; r->why && i < r->nlabels; i++)
        free(r->why[i]);
    free(r->why);
    free(r->labels);
    r->labels = NULL;
    r->why = NULL;
}

/* ---- a row against a candidate ------------------------------------------------------------- */

static int year_like(double v)
{
    return v == floor(v) && v >= 1800 && v <= 2100;
}

/* A row of two or more aggregates ("MIN(date)", "MAX(date)"): no cell names a thing, so the
 * first is no more its key than the others. */
static int aggregate_row(const struct grow *g)
{
    int i;
    for (i = 0; i < g->n; i++)
        if (!g->c[i].name || !strchr(g->c[i].name, '('))
            return 0;
    return g->n > 1;
}

/* Its first cell not said, a row of aggregates is partial when another of its cells is (not a
 * small count, which a reply says in passing). */
static void aggregate_partial(const struct scorer *s, const struct grow *g, const struct cand *c,
                              struct fit *f)
{
    unsigned char used[64];
    size_t at;
    int i;
    struct gcell x;
    memset(used, 0, sizeof(used));
    for (i = 0; i < g->n && !f->key; i++) {
        x = g->c[i];
        /* said under another's label is said all the same */
        x.label[0] = '\0', x.fn = NULL;
        if (x.kind != CELL_NULL && x.kind != CELL_BOOL &&
            !(x.kind == CELL_NUM && x.v == floor(x.v) && fabs(x.v) < 10) &&
            find_cell(s, &x, c, used, &at, 0, 0))
            f->key = 1, f->missing = 1;
    }
}

/* The name at t[at], a key n long, is all of a parenthesis right after another name: what
 * that name stands for ("Depot 2 (Harbourside Depot): 12"), the item's subject all the same.
 * It may be a shorter spelling of the key ("(OYS)"), so the parenthesis ends it, within n. */
static int paren_alias(const char *t, size_t at, size_t n)
{
    const char *close;
    return at >= 2 && t[at - 1] == '(' && t[at - 2] == ' ' && (close = strchr(t + at, ')')) &&
           (size_t)(close - t) - at <= n && !memchr(t + at, '(', (size_t)(close - t) - at) &&
           isalnum((unsigned char)(at >= 3 ? t[at - 3] : ' '));
}

/* t opens with a word and a number that is a cell of g ("Order 5012", "Order #5012" for an
 * order_id of 5012): a label of the row's own value, not another name. */
static int labels_a_cell(const struct grow *g, const char *t)
{
    double v;
    int i;
    t += strspn(t, "abcdefghijklmnopqrstuvwxyz");
    if (*t != ' ')
        return 0;
    t += 1 + (t[1] == '#'); /* "Order #10412" */
    if (!isdigit((unsigned char)*t))
        return 0;
    v = strtod(t, NULL);
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NUM && g->c[i].v == v)
            return 1;
    return 0;
}

/* A lone number cell among numbers offered as alternatives ("8 (or 9 if the toad counts)"). */
static int offered(const struct scorer *s, const struct gcell *x, const struct cand *c)
{
    int k;
    for (k = 0; k < c->noffered; k++)
        if ((c->offered_end >> k & 1)
                ? c->offered[k] == x->v
                : (value_match(s, c->offered[k], written_unit(c->offered[k]), x->v) ||
                   (x->scale > 1 && value_match(s, c->offered[k] / x->scale,
                                                written_unit(c->offered[k] / x->scale), x->v))))
            return 1; /* also in the column's scale: "(or 76.3 million …)" of `budget_musd` */
    return 0;
}

/* c opens with a concession ("although Norvik Metals is very close", "though B also
 * qualifies") right after a part naming another name: that name is the answer, not c's. */
static int conceded_after(const struct cands *cs, size_t ci)
{
    static const char *const w[] = {"although ", "though ", "even though ", "while ", NULL};
    const struct cand *c = &cs->v[ci], *p = ci > 0 ? &cs->v[ci - 1] : NULL;
    int k;
    if (!p || !p->other || p->nullish || p->item != c->item)
        return 0;
    for (k = 0; w[k]; k++)
        if (!strncmp(c->text, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The number at c's text[at] is in a later field of a record ("label: n | label: n") whose
 * first field holds another number, and the field's label names no word of the column nor
 * its function. */
static int later_field(const struct cand *c, const struct gcell *x, size_t at)
{
    const char *bar = strstr(c->text, " | ");
    size_t k, first = bar ? (size_t)(bar - c->text) : 0, b;
    if (!bar || at < first || !memchr(c->text, ':', first))
        return 0;
    for (b = at; b > 0 && strncmp(c->text + b - 1, "|", 1); b--)
        ;
    if (x->name && column_word_within(x->name, c->text + b, at - b))
        return 0; /* "Dunedin: 250 | Invercargill: 100 | Ratio: 2.5" answers `ratio` */
    for (k = 0; x->fn && x->fn[k]; k++)
        if (has_label_word(x->fn[k], c->text + b, at - b))
            return 0; /* "sum red: 1437 | matches: 20 | average: 71.85" answers an AVG */
    for (k = 0; k < c->nnums; k++)
        if (c->nums[k].at < first && !c->nums[k].year && !c->nums[k].alt &&
            c->nums[k].at > (size_t)((const char *)memchr(c->text, ':', first) - c->text))
            return 1;
    return 0;
}

/* c holds a number before its text[upto] that is no year and no aside: a value committed
 * to. */
static int commits_number(const struct cand *c, size_t upto)
{
    size_t k;
    for (k = 0; k < c->nnums && c->nums[k].at < upto; k++)
        if (!c->nums[k].year && !c->nums[k].paren)
            return 1;
    return 0;
}

/* Another part of the answer offers a rival under a condition ("The Marimba Lumina at original
 * sale; the Continuum Fingerboard if the resale counts", "$415 million, or $450 million if the
 * upgrade is included"): the one answer is hedged. */
static int conditional_rival(const struct cands *cs, size_t ci, int number)
{
    size_t j;
    const char *own = strstr(cs->v[ci].text, ", or ");
    if (!own)
        own = strstr(cs->v[ci].text, "(or ");
    if (own && strstr(own, " if ") && strpbrk(own, "0123456789") &&
        strpbrk(own, "0123456789") < strstr(own, " if "))
        return 1; /* in its own text: "$415 million, or $450 million if …", "23.4 kg (or about
                     23.6 kg if the second figure is used)" */
    if (((own = strstr(cs->v[ci].text, " or, if ")) || (own = strstr(cs->v[ci].text, " or if "))) &&
        strpbrk(own, "0123456789"))
        return 1; /* "71.25 or, if the retake counts, 73.0" */
    if ((own = strstr(cs->v[ci].text, " if ")) && (own = strstr(own, " otherwise ")) &&
        (!number || strpbrk(own, "0123456789")))
        return 1; /* "900,000 if the signage line counts, otherwise 600,000" */
    for (j = 0; j < cs->n; j++) {
        const struct cand *o = &cs->v[j];
        int value = o->other != 0 && !number; /* a rival to a lone number is a number */
        if (j == ci || o->nullish || (!strstr(o->text, " if ") && strncmp(o->text, "if ", 3)) ||
            !strncmp(o->text, "but ", 4) || !strncmp(o->text, "though ", 7) ||
            !strncmp(o->text, "although ", 9) || strstr(o->text, " might ") ||
            strstr(o->text, " could "))
            continue; /* a caveat ("but Lahti (130 m) might be smaller if …") commits to A */
        if (value || commits_number(o, (size_t)-1))
            return 1;
    }
    return 0;
}

/* The word before t[at] is "sentence" or "s." ("sentence 14", "s.14"): a citation. */
static int cites_sentence(const char *t, size_t at)
{
    return (at >= 9 && !strncmp(t + at - 9, "sentence ", 9)) ||
           (at >= 2 && !strncmp(t + at - 2, "s.", 2)) ||
           (at >= 3 && !strncmp(t + at - 3, "s. ", 3));
}

/* The lone value at c's text[at] is what a cited sentence gives ("Probably around 20 — sentence
 * 14 gives 19 but I'm not sure …"), after the answer committed to another number. */
static int cited_after(const struct cand *c, size_t at)
{
    static const char *const w[] = {"gives ",    "says ",    "states ", "lists ",
                                    "mentions ", "reports ", "has ",    NULL};
    const char *t = c->text;
    size_t k, n, b;
    int cited = 0;
    for (k = 0; w[k] && !cited; k++)
        if (at > (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n)) {
            for (b = at - n - 1; b > 0 && isdigit((unsigned char)t[b - 1]); b--)
                ;
            cited = b < at - n - 1 && cites_sentence(t, b);
        }
    for (k = 0; cited && k < c->nnums && c->nums[k].at < at; k++)
        if (!c->nums[k].year && !c->nums[k].paren && !cites_sentence(t, c->nums[k].at))
            return 1;
    return 0;
}

/* Of g's two paired sides, one side's number is said in the part naming the other side, and
 * that side's own name is said in another part (cells found in the key's part: `here`). */
static int numbers_crossed(const struct grow *g, unsigned long long here)
{
    int k, t, n, ot;
    if (!g->paired)
        return 0;
    for (k = 0; k < 2; k++) {
        t = g->side_text[k], n = g->side_num[k], ot = g->side_text[1 - k];
        if (t < 64 && n < 64 && ot < 64 && (here >> n & 1) && !(here >> t & 1) && (here >> ot & 1))
            return 1;
    }
    return 0;
}

/* The number at t[at] of part ci is the likeliest point of a hedged range in the part or
 * sentence before ("Between 13 and 15 were airlifted. Most likely 14."): offered with the
 * range, as "13-15 (most likely 14)" is. */
static int point_after_range(const struct cands *cs, size_t ci, size_t at)
{
    static const char *const likely[] = {"likely ", "probably ",     "possibly ",  "perhaps ",
                                         "maybe ",  "best estimate", "best guess", NULL};
    const struct cand *c = &cs->v[ci], *p;
    size_t k, n;
    double lo, hi;
    const char *w = NULL;
    if (!ci || at > 48 || (p = &cs->v[ci - 1])->noffered < 2)
        return 0;
    for (k = 0; likely[k] && !w; k++) /* "most likely 14", "my best estimate is about 1915" */
        if ((w = strstr(c->text, likely[k])) && (size_t)(w - c->text) >= at)
            w = NULL;
    lo = fmin(p->offered[0], p->offered[1]), hi = fmax(p->offered[0], p->offered[1]);
    for (n = 0; w && n < c->nnums; n++)
        if (c->nums[n].at == at)
            return n == 0 && c->nums[n].v >= lo && c->nums[n].v <= hi;
    return 0;
}

/* The number at c's text[at] ends a range of two numbers ("10-12 ships", "10 to 12", "between
 * 10 and 12") whose ends are near each other, not years: a lone value given as a range. */
static int range_end(const struct cand *c, size_t at)
{
    static const char *const join[] = {"-", " - ", " to ", " and ", NULL};
    const char *t = c->text;
    size_t k, j, e, n;
    for (k = 0; k + 1 < c->nnums; k++) {
        const struct num *a = &c->nums[k], *b = &c->nums[k + 1];
        if ((a->at != at && b->at != at) || a->year || b->year || a->v >= b->v ||
            b->v - a->v > 0.5 * b->v)
            continue;
        e = num_end(t, a->at);
        for (j = 0; join[j]; j++) {
            n = strlen(join[j]);
            if (e + n == b->at && !strncmp(t + e, join[j], n) &&
                (strcmp(join[j], " and ") ||
                 (a->at >= 8 && !strncmp(t + a->at - 8, "between ", 8))))
                return 1;
        }
    }
    return 0;
}

/* t[a] and t[b] are the ends of a span: "from a to b", "between a and b", "range a-b". */
static int from_to(const char *t, size_t a, size_t b)
{
    size_t k, from = a > 24 ? a - 24 : 0;
    int open = 0;
    for (k = from; k < a; k++)
        open |= !strncmp(t + k, "from ", 5) || !strncmp(t + k, "between ", 8) ||
                !strncmp(t + k, "range", 5);
    for (k = a + 1; open && k < b; k++)
        if (!strncmp(t + k, " to ", 4) || !strncmp(t + k, " and ", 5) || t[k] == '-')
            return 1;
    return 0;
}

/* Cells a and b are a MIN and a MAX (either way round), whose values say which is which. */
static int min_and_max(const struct gcell *a, const struct gcell *b)
{
    int am, bm;
    if (!a->name || !b->name)
        return 0;
    am = !strncasecmp(a->name, "min(", 4) ? 1 : !strncasecmp(a->name, "max(", 4) ? 2 : 0;
    bm = !strncasecmp(b->name, "min(", 4) ? 1 : !strncasecmp(b->name, "max(", 4) ? 2 : 0;
    return am && bm && am != bm && a->v != b->v;
}

/* The number at t[at] is written in a unit of x's column's dimension ("92.3 m" of
 * `length_m`), which the other column's is not: that says which column it is, whatever the
 * order. */
static int in_own_unit(const struct gcell *x, const struct gcell *other, const char *t, size_t at)
{
    return x->unit && unit_after(t, at) && unit_ratio(x->unit, t, at) > 0 &&
           !(other->unit && units_between(x->unit, other->unit) != 1) &&
           !(other->unit && !strcmp(other->unit, x->unit));
}

/* Cell i of g, a MIN or MAX with the other beside it, is an end of a range c says
 * ("built between 2001 and 2023" for MIN and MAX of built_year): a span, no hedge. */
static int span_end(const struct grow *g, int i, const struct cand *c)
{
    int j, k;
    for (j = 0; j < g->n; j++)
        if (j != i && g->c[j].kind == CELL_NUM && min_and_max(&g->c[i], &g->c[j]))
            for (k = 0; k + 1 < c->noffered; k++)
                if ((c->offered_end >> k & 3) == 3 &&
                    fmin(c->offered[k], c->offered[k + 1]) == fmin(g->c[i].v, g->c[j].v) &&
                    fmax(c->offered[k], c->offered[k + 1]) == fmax(g->c[i].v, g->c[j].v))
                    return 1;
    return 0;
}

/* The lone value at c's text[at] is offered under a doubt ("possibly 3 if Dr. Huang is
 * included", "maybe 3") after an earlier part committed to another number ("At least 2
 * surgeons"): the answer hedges between them. */
static int hedged_after(const struct cands *cs, size_t ci, size_t at)
{
    static const char *const w[] = {"possibly ", "perhaps ", "maybe ", NULL};
    const char *t = cs->v[ci].text;
    size_t j, k, n;
    int doubt = 0;
    for (k = 0; w[k] && !doubt; k++)
        doubt = at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n);
    for (j = 0; doubt && j < ci; j++)
        if (commits_number(&cs->v[j], (size_t)-1))
            return 1;
    return doubt && commits_number(&cs->v[ci], at);
}

/* The part of t around at, between ", ", "; " or " and ": [*b, *e). */
static void part_around(const char *t, size_t at, size_t *b, size_t *e)
{
    static const char *const sep[] = {", ", "; ", " and ", NULL};
    size_t n = strlen(t), k, x;
    *b = 0, *e = n;
    for (k = 0; sep[k]; k++)
        for (x = 0; x + strlen(sep[k]) <= n; x++)
            if (!strncmp(t + x, sep[k], strlen(sep[k]))) {
                if (x + strlen(sep[k]) <= at && x + strlen(sep[k]) > *b)
                    *b = x + strlen(sep[k]);
                if (x >= at && x < *e)
                    *e = x;
            }
}

/* Cell i of g, at t[at], sits in a part of the line beside another gold row's value of a
 * column where the two rows differ, not beside its own row's: the line pairs it with that
 * other row ("Ivo Marić: SK-1031 (seat 3C), PJ-77 (seat 12A)" gives SK-1031 seat 3C). Only
 * for another row of the same key, both in the line. */
static int paired_with_other_row(const struct grow *g, int i, const char *t, size_t at)
{
    size_t r, b = 0, e = 0, q;
    int j, parted = 0;
    if (!g->rows || g->key < 0 || g->c[g->key].kind != CELL_TEXT)
        return 0;
    for (r = 0; r < g->nrows; r++) {
        const struct grow *o = &g->rows[r];
        if (o == g || o->n != g->n || o->key != g->key || o->c[o->key].kind != CELL_TEXT ||
            strcmp(o->c[o->key].text, g->c[g->key].text))
            continue;
        if (!parted++)
            part_around(t, at, &b, &e); /* only for a key of two rows: rare */
        for (j = 0; j < g->n; j++) {
            const struct gcell *mine = &g->c[j], *theirs = &o->c[j];
            char *part;
            int own, other;
            if (j == g->key || j == i || mine->kind != CELL_TEXT || theirs->kind != CELL_TEXT ||
                !strcmp(mine->text, theirs->text))
                continue;
            part = xstrndup(t + b, e - b);
            own = cell_text_at(mine, part, &q);
            other = cell_text_at(theirs, part, &q);
            free(part);
            if (other && !own)
                return 1;
        }
    }
    return 0;
}

/* The number at c's text[at], a rounding of cell i, is as much a rounding of another gold
 * row's different value in that column ("3.9" for GPAs 3.92 and 3.88): the reply's precision
 * no longer tells the rows apart, so it gives neither. */
static int rounding_merges_rows(const struct scorer *s, const struct grow *g, int i,
                                const struct cand *c, size_t at)
{
    size_t k, r;
    for (k = 0; k < c->nnums && c->nums[k].at != at; k++)
        ;
    if (k == c->nnums || c->nums[k].v == g->c[i].v || !g->rows)
        return 0;
    for (r = 0; r < g->nrows; r++) {
        const struct gcell *o = g->rows[r].n == g->n ? &g->rows[r].c[i] : NULL;
        if (o && o->kind == CELL_NUM && o->v != g->c[i].v &&
            value_match(s, c->nums[k].v, c->nums[k].unit, o->v))
            return 1;
    }
    return 0;
}

/* Cell a, said first, is said to host cell b ("Nordlys Esports host Taiga Wolves", t[e, f)
 * between them): a is the home side, so a away and b home are the other way round. */
static int hosted_by(const struct grow *g, int a, int b, const char *t, size_t e, size_t f)
{
    const char *an = g->c[a].name, *bn = g->c[b].name, *h;
    if (!an || !bn || !strstr(an, "away") || !strstr(bn, "home") || f <= e || f - e > 24)
        return 0;
    h = strstr(t + e, " host");
    return h && (size_t)(h - t) < f;
}

/* Two text cells said the other way round across a direction ("Reykjavík → Oslo" for origin
 * Oslo, destination Reykjavík): cell j of a later column written before cell i, " to "
 * between them, or j said to host i. */
static int reversed_pair(const struct grow *g, const char *t, const size_t *tpos)
{
    int i, j;
    for (i = 0; i < g->n && i < 64; i++)
        for (j = i + 1; j < g->n && j < 64; j++) {
            size_t e;
            if (g->c[i].kind != CELL_TEXT || g->c[j].kind != CELL_TEXT || !tpos[i] || !tpos[j] ||
                tpos[j] >= tpos[i])
                continue;
            e = tpos[j] - 1 + strlen(g->c[j].text);
            if (e + 4 == tpos[i] - 1 && !strncmp(t + e, " to ", 4))
                return 1;
            if (hosted_by(g, j, i, t, e, tpos[i] - 1))
                return 1;
        }
    return 0;
}

/* A later part of candidate ci's sentence leaves it out ("Adaeze Eze's 6.91 m was
 * wind-assisted, so I've excluded it"; "…, so goat does not qualify"; "…, so I don't think
 * goat qualifies", naming its key): what ci names is no answer. */
static int excluded_after(const struct cands *cs, size_t ci, size_t at, const char *key)
{
    static const char *const w[] = {"excluded it",          "excluded them",
                                    "excluded her",         "excluded him",
                                    "left it out",          "left them out",
                                    "not counted",          "discounted it",
                                    "disregarded it",       "i'd leave it out",
                                    "i would leave it out", "i'd exclude it",
                                    "i would exclude it",   NULL};
    /* said of it or of its key: "…, so it does not qualify", "…, so goat doesn't qualify" */
    static const char *const denied[] = {"does not qualify", "doesn't qualify", "do not qualify",
                                         "don't qualify",    "n't think",       NULL};
    /* in its own text after the key, only what names a person or thing left out */
    static const char *const own[] = {"not included her",     "not included him",
                                      "not included them",    "left her out",
                                      "left him out",         "i'd leave it out",
                                      "i would leave it out", "i'd exclude it",
                                      "i would exclude it",   NULL};
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j;
    int k;
    for (k = 0; own[k]; k++)
        if (strstr(cs->v[ci].text + at, own[k]))
            return 1;
    for (j = ci + 1; j < cs->n && cs->v[j].lead == first + 1; j++) {
        for (k = 0; w[k]; k++)
            if (strstr(cs->v[j].text, w[k]))
                return 1;
        for (k = 0; denied[k]; k++)
            if (strstr(cs->v[j].text, denied[k]) && strstr(cs->v[j].text, "qualif") &&
                ((key && text_has(cs->v[j].text, key, &at)) || strstr(cs->v[j].text, " it ") ||
                 strstr(cs->v[j].text, " they ")))
                return 1; /* not "…, and I don't think Margit híd qualifies" */
    }
    return 0;
}

/* Without its name, a candidate holds the row's date, and names no other gold row ("12 Aug
 * 2023 - Millbrook Stadium" for 2023-08-12 at Kestrel Park): it answers the row, wrongly.
 * Only among several rows, which their dates tell apart; the one row's date is its value. */
static int date_names_row(const struct scorer *s, const struct grow *g, const struct cand *c)
{
    unsigned char used[64] = {0};
    size_t at, r;
    int i, found = 0;
    for (i = 0; g->nrows > 1 && i < g->n && !found; i++)
        found = i != g->key && g->c[i].kind == CELL_TEXT && g->c[i].is_date &&
                find_cell(s, &g->c[i], c, used, &at, 0, 0);
    for (r = 0; found && r < g->nrows; r++) {
        const struct grow *o = &g->rows[r];
        if (o != g && o->key >= 0 && o->c[o->key].kind == CELL_TEXT &&
            text_has(c->text, o->c[o->key].text, &at))
            return 0;
    }
    return found;
}

/* The word w[0, n) is in t, whole ("mar" not in "market"). */
static int word_in(const char *t, const char *w, size_t n)
{
    const char *q;
    for (q = t; *q; q++)
        if (!strncmp(q, w, n) && (q == t || !isalpha((unsigned char)q[-1])) &&
            !isalpha((unsigned char)q[n]))
            return 1;
    return 0;
}

/* The reply doubts its answer ("I'm not sure", "not certain") and names a rival, in another part
 * or after the key at cs->v[ci].text[at] ("It is either Sari or Budi; I lean towards Sari but
 * I'm not sure", "…; it could also be Holy Food Market"): the one answer is hedged. */
static int doubted_rival(const struct cands *cs, size_t ci, size_t at)
{
    static const char *const rival[] = {"could also be", "might also be", "may also be", NULL};
    size_t j;
    int k, rivalled = 0;
    for (j = 0; cs->doubted && j < cs->n && !rivalled; j++) {
        for (k = 0; rival[k]; k++) /* in the answer's own part, after it */
            rivalled |= strstr(cs->v[j].text + (j == ci ? at : 0), rival[k]) != NULL;
        rivalled |= j != ci && cs->v[j].alt && cs->v[j].other;
    }
    return rivalled;
}

/* The words that open a concession, and the modals that only allow a value, shared by the
 * readers of concessions and conclusions below. */
static const char *const concession[] = {"though ", "although ", "but ", NULL};
static const char *const modal[] = {" might ", " could ", " may ", NULL};

/* t holds one of the modals. */
static int modal_in(const char *t)
{
    int k;
    for (k = 0; modal[k]; k++)
        if (strstr(t, modal[k]))
            return 1;
    return 0;
}

/* Concession word k in t after a space (" though "), or NULL. */
static const char *concession_at(const char *t, int k)
{
    const char *o;
    for (o = strstr(t, concession[k]); o; o = strstr(o + 1, concession[k]))
        if (o > t && o[-1] == ' ')
            return o;
    return NULL;
}

/* After the answer, a concession that ends on another number it might be ("14 …, though a
 * couple were sold, so depending on how you count it might be 12"). */
static int conceded_rival_number(const char *t)
{
    const char *o, *m;
    int k, j;
    for (k = 0; concession[k]; k++)
        if ((o = concession_at(t, k)))
            for (j = 0; modal[j]; j++) {
                const char *word = modal[j] + 1; /* "might be ", wherever it stands */
                size_t n = strlen(word);
                for (m = strstr(o, word); m; m = strstr(m + 1, word)) {
                    const char *r = m + n;
                    if (strncmp(r, "be ", 3))
                        continue;
                    r += 3;
                    r += strspn(r, "$~");
                    if (isdigit((unsigned char)*r))
                        return 1;
                }
            }
    return 0;
}

/* The number at r opens a range ("22-24", "22 - 24"), no single rival value (a dash later on,
 * "1,230 m if JOS-17 is counted", is no range). */
static int range_at(const char *r)
{
    r += strspn(r, "0123456789,.");
    r += strspn(r, " ");
    return *r == '-' && isdigit((unsigned char)r[1 + (r[1] == ' ')]);
}

/* Right after the one row's answer, t[at, end), a rival offered ("$78,400, though it could be
 * $76,400", "Ingrid Ødegård (possibly Håkon Brænne)"; an aside may come between; or in the
 * part after it: "Probably Ingrid Haugland, but it could also be Ingrid Hauge"), not a range
 * or a vague amount ("23 (possibly 22–24)", "14 (possibly slightly more)"); or the answer is
 * one of two values put as alternatives ("48,300 (principals only) or 61,300", "either 29:02
 * (1742 seconds) or 29:20"). */
static int rival_offered(const struct cands *cs, size_t ci, size_t at, size_t end, int number)
{
    static const char *const w[] = {"though it could be ",
                                    "although it could be ",
                                    "but it could be ",
                                    "or it could be ",
                                    "though it might be ",
                                    "but it might be ",
                                    "but it could also be ",
                                    "though it could also be ",
                                    "(possibly ",
                                    "(or possibly ",
                                    "or possibly ",
                                    "it could also be ",
                                    "it could be ",
                                    "it might be ",
                                    "though possibly ",
                                    "but possibly ",
                                    "although possibly ",
                                    "though perhaps ",
                                    "but perhaps ",
                                    "though it may be ",
                                    "but it may be ",
                                    NULL};
    const char *t = cs->v[ci].text, *p = t + end, *r, *either;
    size_t k, b;
    int next = 0;
    p += strspn(p, " ");
    if (number && unit_after(t, at)) /* its unit first: "1,280 m, although it could be …" */
        p += strcspn(p, " ,;.");
    p += strspn(p, " ");
    if (*p == '(' && strchr(p, ')') && strncmp(p, "(possibly ", 10) && strncmp(p, "(or ", 4))
        p = strchr(p, ')') + 1; /* an aside first: "6.75 (cotton voile), though …" */
    p += strspn(p, " ,.");
    if (!*p && ci + 1 < cs->n && cs->v[ci + 1].lead == (cs->v[ci].lead ? cs->v[ci].lead : ci + 1))
        p = cs->v[ci + 1].text, next = 1; /* the part after it: ", but it could also be …" */
    for (k = 0; w[k]; k++) {
        if (strncmp(p, w[k], strlen(w[k])) || (!next && !strncmp(w[k], "it ", 3)))
            continue; /* "it could be" opens only the part after "but" */
        r = p + strlen(w[k]);
        r += strspn(r, "$~");
        if (number ? isdigit((unsigned char)*r) && !range_at(r) : isalpha((unsigned char)*r))
            return 1;
    }
    if ((!strncmp(t, "probably ", 9) || !strncmp(t, "likely ", 7) ||
         !strncmp(t, "most likely ", 12)) &&
        ci + 1 < cs->n && cs->v[ci + 1].lead == (cs->v[ci].lead ? cs->v[ci].lead : ci + 1))
        for (k = 0; k < 3; k++) { /* a hedged answer, then a hedged rival: "Probably A on
                                     Koru, but possibly B"; not one more, "possibly also B" */
            static const char *const hedge[] = {"possibly ", "perhaps ", "maybe "};
            r = cs->v[ci + 1].text;
            if (!strncmp(r, hedge[k], strlen(hedge[k])) &&
                strncmp(r + strlen(hedge[k]), "also ", 5) &&
                (number ? isdigit((unsigned char)r[strlen(hedge[k])])
                        : isalpha((unsigned char)r[strlen(hedge[k])])))
                return 1;
        }
    if ((either = strstr(t, "either ")) && (size_t)(either - t) < at && strstr(t + end, " or "))
        return 1;
    if (number && conceded_rival_number(t + end))
        return 1;
    for (k = 0; w[k]; k++) /* the value itself is the rival: "probably 2001, though it may be
                              2003" */
        if (w[k][0] != '(' && strncmp(w[k], "it ", 3) && at > strlen(w[k]) &&
            !strncmp(t + at - strlen(w[k]), w[k], strlen(w[k])) && t[at - strlen(w[k]) - 1] == ' ')
            return 1;
    if (!number || at < 4 || strncmp(t + at - 4, " or ", 4))
        return 0;
    for (b = 0; b + 4 < at; b++) /* a number before the " or ": "48,300 (…) or 61,300" */
        if (isdigit((unsigned char)t[b]))
            return 1;
    return 0;
}

/* c is a concession that only allows its value ("though 12 is possible if the jam session
 * counts", "but it might be 12"): for the one row, offered under a doubt. */
static int conceded_possibility(const char *t)
{
    int k;
    for (k = 0; concession[k]; k++)
        if (!strncmp(t, concession[k], strlen(concession[k])))
            return strstr(t, " possible") || modal_in(t);
    return 0;
}

/* Where the cell x found at t[at] ends: past a number's digits, or its text's length. */
static size_t cell_end(const struct gcell *x, const char *t, size_t at)
{
    size_t e = at;
    if (x->kind == CELL_TEXT && x->text)
        return at + strlen(x->text) <= strlen(t) ? at + strlen(x->text) : strlen(t);
    while (t[e] && (isdigit((unsigned char)t[e]) || t[e] == ',' || t[e] == '.' || t[e] == '$'))
        e++;
    while (e > at && (t[e - 1] == '.' || t[e - 1] == ','))
        e--;
    return e;
}

/* Row g has a NULL cell (a refusal naming its key may be saying that cell is missing). */
static int has_null(const struct grow *g)
{
    int i;
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NULL)
            return 1;
    return 0;
}

/* The key at t[at] is what the text "mentions" ("The text mentions Zoë Ødegaard several times,
 * but I couldn't find …"), in a reply that says it cannot answer: the question's subject
 * restated, no answer; of a row with a NULL cell, that row ("mentions Hattie Greaves but never
 * gives her age"), its caller's test. */
static int mentioned_in_refusal(const struct cands *cs, const char *t, size_t at)
{
    static const char *const w[] = {"mentions ", "mentioned ", "refers to ", "talks about ", NULL};
    size_t k, j, l;
    for (k = 0; w[k]; k++) {
        l = strlen(w[k]);
        if (at >= l && !strncmp(t + at - l, w[k], l))
            break;
    }
    for (j = 0; w[k] && j < cs->n; j++)
        if (cs->v[j].nullish)
            return 1;
    return 0;
}

/* The one cell is a date ("2021-11-05"), and the candidate gives no date but its year, alone or
 * with its month ("2021", "November 2021"): right as far as it goes, partial.  Another month
 * named ("May 2021") is another date. */
static int date_year_only(const struct gcell *x, const struct cand *c)
{
    const char *t = c->text;
    size_t i, found = 0;
    int m, k;
    if (x->kind != CELL_TEXT || !x->is_date || !x->text || strlen(x->text) != 10 ||
        x->text[4] != '-' || x->text[7] != '-' || c->ndates || c->alt)
        return 0;
    for (i = 0; i < c->nnums; i++) {
        if (c->nums[i].v != (double)strtol(x->text, NULL, 10))
            return 0; /* another number: a day, a count, another year */
        found = 1;
    }
    m = (int)strtol(x->text + 5, NULL, 10);
    for (k = 0; found && k < 12; k++) {
        if (k != m - 1 &&
            (word_in(t, month_names[k], strlen(month_names[k])) || word_in(t, month_names[k], 3)))
            return 0;
    }
    return (int)found;
}

/* The number at t[at] (digits or words) is followed by its column's name, singular or plural
 * ("3 credits", "three credits" for `credits`): said to be that cell. */
static int column_after(const struct gcell *x, const char *t, size_t at)
{
    size_t e = at, n;
    if (x->kind != CELL_NUM || !x->name || !at)
        return 0;
    n = strlen(x->name);
    while (t[e] && (isalnum((unsigned char)t[e]) || t[e] == '.' || t[e] == ',' || t[e] == '-'))
        e++; /* past the number: "3", "3.5", "twenty-one" */
    if (t[e] != ' ' || n < 3)
        return 0;
    e++;
    if (!strncmp(t + e, x->name, n) && !isalpha((unsigned char)t[e + n]))
        return 1;
    return x->name[n - 1] == 's' && !strncmp(t + e, x->name, n - 1) &&
           !isalpha((unsigned char)t[e + n - 1]); /* "1 credit" */
}

/* A text the same in every gold row is a header of c's table ("| Brand | Fails |" over rows
 * of failed inspections): said for each of its rows. */
static int said_in_head(const struct gcell *x, const struct cand *c)
{
    size_t at;
    return x->kind == CELL_TEXT && x->same && c->head && strlen(x->text) >= 3 &&
           text_has(c->head, x->text, &at);
}

/* t ends in a word that only begins a word of a text cell of g ("sve" of "Sven Åberg"): a line
 * cut off there. */
static int ends_in_fragment(const struct grow *g, const char *t)
{
    size_t n = strlen(t), b = n, m;
    const char *p;
    int i;
    while (b > 0 && isalpha((unsigned char)t[b - 1]))
        b--;
    if (b == n)
        return 0;
    for (i = 0; i < g->n; i++)
        for (p = g->c[i].kind == CELL_TEXT ? g->c[i].text : NULL; p && *p; p += m + (p[m] != 0)) {
            m = strcspn(p, " -");
            if (m > n - b && !strncmp(p, t + b, n - b))
                return 1;
        }
    return 0;
}

/* Row g opens with a whole number of three digits or more that no other gold row has (an
 * order's or a callout's id) and candidate ci holds it, though not the row's name: it names
 * the row with a wrong name ("4533 – Nice Côte d'Azur" for 4533, Bordeaux), partial; not a
 * line cut off after its id ("| 1058 | Sve"). */
static int id_names_row(const struct grow *g, const struct cands *cs, size_t ci)
{
    const struct cand *c = &cs->v[ci];
    double v = g->c[0].v;
    size_t r, k;
    if (g->n < 2 || g->key <= 0 || g->c[0].kind != CELL_NUM || v != floor(v) || v < 100 ||
        (ci + 1 == cs->n && ends_in_fragment(g, c->text)))
        return 0;
    for (r = 0; r < g->nrows; r++)
        if (&g->rows[r] != g && g->rows[r].n > 0 && g->rows[r].c[0].kind == CELL_NUM &&
            g->rows[r].c[0].v == v)
            return 0;
    for (k = 0; k < c->nnums; k++)
        if (c->nums[k].v == v && !c->nums[k].alt && !c->nums[k].paren)
            return 1;
    return 0;
}

/* The text w, where t holds it, spans t[at] ("upper thames" over the "thames" at at). */
static int spans(const char *t, const char *w, size_t at)
{
    size_t from = 0, p, n = strlen(w);
    for (; text_has(t + from, w, &p); from += p + 1)
        if (from + p <= at && at < from + p + n)
            return 1;
    return 0;
}

/* The text key found at t[at] is part of another gold row's longer key said there ("Thames"
 * in "Upper Thames", of rows Thames RC and Upper Thames RC): that row is named, not this. */
static int inside_longer_key(const struct grow *g, const char *t, size_t at)
{
    const struct gcell *x = &g->c[g->key];
    size_t r, k;
    if (x->kind != CELL_TEXT || !x->text || !g->rows)
        return 0;
    for (r = 0; r < g->nrows; r++) {
        const struct gcell *y = g->rows[r].key >= 0 ? &g->rows[r].c[g->rows[r].key] : NULL;
        if (!y || y == x || y->kind != CELL_TEXT || !y->text ||
            strlen(y->text) <= strlen(x->text) || !strstr(y->text, x->text))
            continue;
        if (spans(t, y->text, at))
            return 1;
        for (k = 0; k < y->nalt; k++)
            if (strlen(y->alt[k]) > strlen(x->text) && spans(t, y->alt[k], at))
                return 1;
    }
    return 0;
}

/* Two text cells of g hold the same value ("Team Śląsk" away and winner) and t, a table row
 * or a line of fields, says it only once: one place serves one cell, so the later cell is not
 * said; its index, or -1. */
static int twice_said_once(const struct grow *g, const char *t)
{
    int i, j;
    size_t at, from, seen;
    if (!strchr(t, '|') && !strchr(t, ':') && !strstr(t, " - "))
        return -1; /* prose may say both with one mention: "B (opposing) defeated A" */
    for (i = 0; i < g->n; i++)
        for (j = i + 1; j < g->n; j++) {
            if (g->c[i].kind != CELL_TEXT || g->c[j].kind != CELL_TEXT || !*g->c[i].text ||
                g->c[i].same || g->c[j].same || strcmp(g->c[i].text, g->c[j].text))
                continue; /* a value the same in every row is said once for all */
            for (from = 0, seen = 0; seen < 2 && text_has(t + from, g->c[i].text, &at);
                 from += at + 1)
                seen++;
            if (seen == 1)
                return j;
        }
    return -1;
}

/* A text key written as it is at c->text[at] holds digits ("6-8"), and c gives a number after
 * it ("6-8: 5 plays"): the key's digits are no value of the row.  Alone, they may be one
 * ("Ulysses (1922)" for year 1922). */
/* How long the key said at t[at] is: as written, in another spelling, or its words in
 * another order; 0 when it is not said there. */
size_t key_said_len(const struct gcell *key, const char *t, size_t at)
{
    size_t k, n = strlen(key->text);
    if (!strncmp(t + at, key->text, n))
        return n;
    for (k = 0; k < key->nalt; k++)
        if (!strncmp(t + at, key->alt[k], strlen(key->alt[k])))
            return strlen(key->alt[k]);
    for (k = 0; key->any_order && k <= (strchr(key->text, '(') ? key->nalt : 0); k++)
        if ((n = reordered_len(t, at, k ? key->alt[k - 1] : key->text)))
            return n;
    return 0;
}

int key_span(const struct gcell *key, const char *t, size_t *at, size_t *len)
{
    if (key->kind != CELL_TEXT ||
        !(cell_text_at(key, t, at) || (key->any_order && reordered_key(key, t, at))))
        return 0;
    *len = key_said_len(key, t, *at);
    return 1;
}

static void key_digits_used(const struct gcell *key, const struct cand *c, size_t at,
                            unsigned char *used)
{
    size_t i, n = key->kind == CELL_TEXT && key->text ? key_said_len(key, c->text, at) : 0, out = 0;
    if (!n)
        return;
    for (i = 0; i < c->nnums; i++)
        out += c->nums[i].at < at || c->nums[i].at >= at + n;
    for (i = 0; out && i < c->nnums; i++)
        used[i] |= c->nums[i].at >= at && c->nums[i].at < at + n;
}

/* The lone value at t[at] is given as a lower bound ("At least 9", "no fewer than 12"): a
 * bound, not the value (labels 2 to 1 partial). */
static int lower_bound_at(const char *t, size_t at)
{
    static const char *const w[] = {"at least ",     "a minimum of ", "no fewer than ",
                                    "no less than ", "at minimum ",   NULL};
    return word_before(t, at, w);
}

/* The date found at c's text[at] is offered with another as a choice ("on either 17 January
 * 2023 or 13 January 2023"): " or " between it and another date of c. */
static int date_or_other(const struct cand *c, size_t at)
{
    size_t i, j, b, e, p;
    for (i = 0; i < c->ndates && c->dates[i].at != at; i++)
        ;
    for (j = 0; i < c->ndates && j < c->ndates; j++) {
        if (c->dates[j].day == c->dates[i].day)
            continue;
        b = c->dates[j].at < at ? c->dates[j].at : at;
        e = c->dates[j].at < at ? at : c->dates[j].at;
        for (p = b; e - b < 60 && p + 4 <= e; p++)
            if (!strncmp(c->text + p, " or ", 4))
                return 1;
    }
    return 0;
}

/* A later sentence takes back candidate ci's value: it opens with a word of correction
 * ("Wait", "Actually", "Correction") or a tally ("That's six yachts", "So that makes 7") and
 * gives another number than v; or a tally anywhere from ci on puts another number right after
 * it ("…, plus the finish, making nine in total"). */
static int corrected_later(const struct cands *cs, size_t ci, double v)
{
    static const char *const tally[] = {"making ",
                                        "which makes ",
                                        "that makes ",
                                        "for a total of ",
                                        "bringing the total to ",
                                        "so the total is ",
                                        NULL};
    static const char *const w[] = {"wait",    "actually",     "correction", "on second thought",
                                    "oops",    "scratch that", "hmm",        "that's",
                                    "that is", "that makes",   "so that's",  "so that makes",
                                    NULL};
    const char *p;
    size_t j, k, n;
    int m;
    for (j = ci; j < cs->n; j++) /* anywhere after: "eight … plus the finish, making nine" */
        for (m = 0; tally[m]; m++)
            for (p = strstr(cs->v[j].text, tally[m]); p; p = strstr(p + 1, tally[m]))
                for (k = 0; k < cs->v[j].nnums; k++)
                    if (cs->v[j].nums[k].at == (size_t)(p - cs->v[j].text) + strlen(tally[m]) &&
                        !cs->v[j].nums[k].alt && cs->v[j].nums[k].v != v &&
                        (p == cs->v[j].text || p[-1] == ' '))
                        return 1;
    for (j = ci + 1; j < cs->n; j++) {
        const char *t = cs->v[j].text + strspn(cs->v[j].text, " *_-(");
        for (m = 0; w[m]; m++) {
            n = strlen(w[m]);
            if (strncmp(t, w[m], n) || isalpha((unsigned char)t[n]))
                continue;
            for (k = 0; k < cs->v[j].nnums; k++)
                if (!cs->v[j].nums[k].alt && cs->v[j].nums[k].v != v)
                    return 1;
        }
    }
    return 0;
}

/* Places a and b of t are in one clause: no ",;.|" between them. */
static int same_clause(const char *t, size_t a, size_t b)
{
    size_t lo = a < b ? a : b, hi = a < b ? b : a;
    for (; lo < hi; lo++)
        if (strchr(",;.|", t[lo]))
            return 0;
    return 1;
}

/* Another text cell of g than i is said between places a and b of t. */
static int cell_between(const struct grow *g, int i, const char *t, size_t a, size_t b)
{
    size_t lo = a < b ? a : b, hi = a < b ? b : a, at, p;
    int j;
    for (j = 0; j < g->n; j++)
        for (p = lo; j != i && g->c[j].kind == CELL_TEXT && text_has(t + p, g->c[j].text, &at) &&
                     p + at < hi;
             p += at + 1)
            if (p + at > lo)
                return 1;
    return 0;
}

/* Column `name` holds runners-up ("runner_up", "second_place"). */
static int runner_up_column(const struct scorer *s, const char *name)
{
    size_t b, e;
    return name && re_find((struct scorer *)s, s->runnerup, name, strlen(name), 0, &b, &e);
}

/* The runner-up named at t[at] is the row's own runner-up cell: the gold has a column of
 * runners-up ("runner_up", "second_place"), and the clause says its text (or at least not the
 * row's key, at t[key], when the column holds no text); not "A won and B was runner-up" for B
 * the winner. */
static int runner_up_said(const struct scorer *s, const struct grow *g, const char *t, size_t at,
                          size_t key)
{
    size_t b, p;
    int i;
    for (i = 0; i < g->n; i++) {
        if (!runner_up_column(s, g->c[i].name))
            continue;
        if (g->c[i].kind != CELL_TEXT)
            return !same_clause(t, at, key);
        for (p = 0; text_has(t + p, g->c[i].text, &b); p += b + 1)
            if (same_clause(t, at, p + b) && !cell_between(g, i, t, at, p + b))
                return 1;
    }
    return 0;
}

/* After the lone value at c's text[at], its sentence concludes with another number ("… Toyota
 * 2000GT (150 hp) and the Datsun 240Z (151 hp), so their average is 150.5 hp"): the value was
 * evidence, the conclusion answers. */
static int concluded_other(const struct scorer *s, const struct cands *cs, size_t ci, size_t at,
                           const struct gcell *x)
{
    static const char *const w[] = {", so ", ", therefore ", ", thus ", ", hence ", "; so ", NULL};
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j, k;
    int m, other = 0;
    for (j = ci; j < cs->n && (j == ci || cs->v[j].lead == first + 1); j++) {
        const char *t = cs->v[j].text, *p = NULL;
        for (m = 0; w[m] && !p; m++)
            p = strstr(t + (j == ci ? at : 0), w[m]);
        if (!p && j > ci && (!strncmp(t, "so ", 3) || !strncmp(t, "therefore ", 10)))
            p = t;
        if (p && modal_in(p))
            p = NULL; /* a rival offered, not concluded: "…, so depending on how you count it
                         might be 12" (rival_offered) */
        for (k = 0; p && k < cs->v[j].nnums; k++) {
            const struct num *n = &cs->v[j].nums[k];
            if (n->at <= (size_t)(p - t) || n->alt)
                continue;
            if (num_match(s, n, x->v) ||
                (n->scale > 1 && value_match(s, n->v / x->scale, n->unit / x->scale, x->v)))
                return 0; /* the conclusion agrees: "… so about $2.9 billion" for 2900 millions */
            other = 1;
        }
    }
    return other;
}

/* The lone value at c's text[at] is only allowed ("it could be 5", "might be 5") after an
 * earlier candidate committed to another number as its answer ("So my best answer is **4
 * drivers**", the answer opening with it): the answer is that one. */
static int maybe_after_commit(const struct scorer *s, const struct cands *cs, size_t ci, size_t at,
                              const struct gcell *x)
{
    static const char *const maybe[] = {"could be ", "might be ", "may be ", NULL};
    static const char *const commit[] = {"answer is ", "answer would be ", "answer: ", NULL};
    const char *t = cs->v[ci].text, *p;
    size_t j, k;
    int m, hit = 0;
    for (m = 0; maybe[m] && !hit; m++)
        hit = at >= strlen(maybe[m]) &&
              !strncmp(t + at - strlen(maybe[m]), maybe[m], strlen(maybe[m]));
    if (hit && ci > 0 && cs->v[0].nnums && cs->v[0].nums[0].at == 0 &&
        !num_match(s, &cs->v[0].nums[0], x->v))
        return 1; /* the answer opens with it: "**4 drivers**. … it could be 5" */
    for (j = 0; hit && j < ci; j++)
        for (m = 0; commit[m]; m++)
            if ((p = strstr(cs->v[j].text, commit[m])))
                for (k = 0; k < cs->v[j].nnums; k++)
                    if (cs->v[j].nums[k].at >= (size_t)(p - cs->v[j].text) &&
                        !num_match(s, &cs->v[j].nums[k], x->v))
                        return 1;
    return 0;
}

/* The lone value at c's text[at] is a part of a breakdown after a colon that follows another
 * number said as the total ("won five awards in total: Miellerie Søndergaard won four and
 * Kaffebrenneriet Nygård one"): the total answers. */
static int part_of_total(const struct scorer *s, const struct cand *c, size_t at,
                         const struct gcell *x)
{
    static const char *const w[] = {" in total", " altogether", " overall", NULL};
    const char *t = c->text, *colon;
    size_t j, e;
    int k;
    for (j = 0; j < c->nnums && c->nums[j].at < at; j++) {
        if (c->nums[j].alt || num_match(s, &c->nums[j], x->v))
            continue;
        for (e = c->nums[j].at; isalnum((unsigned char)t[e]) || t[e] == ',' || t[e] == '.'; e++)
            ;
        colon = strchr(t + e, ':');
        if (!colon || (size_t)(colon - t) > at)
            continue;
        for (k = 0; w[k]; k++) { /* "five awards in total:" — the total, then its parts */
            const char *p = strstr(t + e, w[k]);
            if (p && p < colon && colon - p - strlen(w[k]) <= 1)
                return 1;
        }
    }
    return 0;
}

/* The lone value at c's text[at] is named in its clause as another statistic than x's
 * ("the median age is 34.5") while c names x's function with a number of its own after it
 * ("…, and the average is about 35"): that one answers. */
static int other_statistic(const struct cand *c, size_t at, const struct gcell *x)
{
    static const char *const w[] = {"median",  "mode",   "total",   "sum",  "maximum", "minimum",
                                    "highest", "lowest", "average", "mean", NULL};
    const char *t = c->text;
    char clause[48];
    size_t b = at, k, j;
    int m, own = 0, other = 0;
    if (!x->fn)
        return 0;
    while (b > 0 && !strchr(",;:", t[b - 1]) && at - b + 1 < sizeof clause)
        b--;
    memcpy(clause, t + b, at - b), clause[at - b] = '\0';
    for (k = 0; w[k]; k++) {
        for (m = 0, own = 0; x->fn[m]; m++)
            own |= !strcmp(x->fn[m], w[k]);
        other |= !own && word_in(clause, w[k], strlen(w[k]));
    }
    for (j = 0; other && j < c->nnums; j++) /* x's function, a number after it */
        for (m = 0; c->nums[j].at != at && x->fn[m]; m++) {
            const char *p = strstr(t, x->fn[m]);
            if (p && (size_t)(p - t) < c->nums[j].at && (size_t)(p - t) > at)
                return 1;
        }
    return 0;
}

/* A text cell found at t[at] right after words that set it aside from the row's answer ("…,
 * ahead of Sunswift 7 at 218 minutes", "rather than Ely"), in a row with no column of
 * runners-up or rivals, which such words name ("ahead of Mathéo Lefrançois" of `runner_up`). */
static int set_aside(const struct scorer *s, const struct grow *g, const char *t, size_t at)
{
    static const char *const w[] = {"ahead of ", "rather than ", "instead of ", "other than ",
                                    NULL};
    static const char *const other[] = {"rival", "opponent", "loser", "second", NULL};
    size_t n;
    int k, i, after = 0;
    for (k = 0; w[k] && !after; k++)
        after = at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n);
    for (i = 0; after && i < g->n; i++) { /* the words first: most cells follow none of them */
        if (runner_up_column(s, g->c[i].name))
            return 0;
        for (k = 0; g->c[i].name && other[k]; k++)
            if (name_has(g->c[i].name, other[k]))
                return 0;
    }
    return after;
}

/* After the lone value in candidate ci, a later sentence concludes the aggregate with another
 * number: it names the function ("average", "total") and ends on "therefore …", "thus …" or "=
 * …" with a number that is no reading of x ("The average attendance is therefore (142 + 0) / 2
 * = 71" after "… drew 142 people"): the value was evidence. */
static int concluded_later(const struct scorer *s, const struct cands *cs, size_t ci,
                           const struct gcell *x)
{
    static const char *const w[] = {" therefore ", " thus ", " hence ", "= ", NULL};
    size_t j, k;
    int m;
    for (j = ci + 1; x->fn && j < cs->n; j++) {
        const struct cand *c = &cs->v[j];
        const char *p = NULL;
        int named = 0;
        for (m = 0; x->fn[m]; m++)
            named |= name_has(c->text, x->fn[m]);
        if (modal_in(c->text) || strstr(c->text, "would ") || name_has(c->text, "if "))
            continue; /* "if it were 0, the average would be (142 + 0) / 2 = 71": supposed */
        for (m = 0; named && w[m]; m++)
            if ((p = strstr(c->text, w[m])))
                break;
        for (k = c->nnums; p && k-- > 0;) {
            const struct num *n = &c->nums[k];
            if (n->alt || n->at <= (size_t)(p - c->text))
                continue;
            return !num_match(s, n, x->v);
        }
    }
    return 0;
}

/* The lone value in candidate ci is supposed ("The leek entries would make it eleven if they
 * were a separate class") and a later part commits to another number ("I'll go with 10 …"):
 * the supposed value is no answer. */
static int supposed_then_other(const struct scorer *s, const struct cands *cs, size_t ci,
                               const struct gcell *x)
{
    const char *t = cs->v[ci].text;
    size_t j, k;
    if (!strstr(t, "would ") || !(strstr(t, " if ") || !strncmp(t, "if ", 3)))
        return 0;
    for (j = ci + 1; j < cs->n; j++)
        for (k = 0; k < cs->v[j].nnums; k++)
            if (!cs->v[j].nums[k].alt && !cs->v[j].nums[k].year &&
                !strstr(cs->v[j].text, "would ") && !num_match(s, &cs->v[j].nums[k], x->v))
                return 1;
    return 0;
}

/* A later part of the answer concludes that the answer cannot be given ("…, so the latest end
 * date cannot be determined from the text"): the values before it were evidence. */
static int refused_after(const struct scorer *s, const struct cands *cs, size_t ci)
{
    static const char *const so[] = {", so ", " therefore ", " thus ", " hence ", NULL};
    size_t j, b, e;
    const char *p;
    int k;
    for (j = ci + 1; j < cs->n; j++)
        for (k = 0; so[k]; k++)
            if ((p = strstr(cs->v[j].text, so[k])) &&
                re_find((struct scorer *)s, s->refusal, p, strlen(p), 0, &b, &e))
                return 1;
    return 0;
}

/* Right after a cell, another value offered in its place ("Henrietta Vane-Crosby (or possibly
 * Bartholomew Quill Ltd, who bid for her)"): the cell is not committed to. */
static int rival_after_cell(const char *t)
{
    static const char *const w[] = {"(or possibly ", "(or perhaps ", "(or maybe ",
                                    "or possibly ",  "or perhaps ",  NULL};
    int k;
    t += strspn(t, " ,");
    for (k = 0; w[k]; k++)
        if (!strncmp(t, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The key at t[at] follows a mark that makes it the item's subject after another name: an
 * arrow ("Amber Tide → Hollow Oak Ales", normalised to " to "), a label's colon ("R2 (Owen
 * Tate): beetroot 4.2 kg") or a dash ("Washed rind - Bramble Cloak, 61.00/kg"). */
static int key_after_mark(const char *t, size_t at)
{
    static const char *const w[] = {" to ", ": ", " - ", NULL};
    size_t n;
    int k;
    for (k = 0; w[k]; k++)
        if (at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n))
            return 1;
    return 0;
}

/* A later part of a sentence names no key, only the row's date, and the sentence's first part
 * names the row's key, which several rows share ("the Messiah sessions on 8 January, 15
 * January and 25 March"): the part answers with that key (*at 0). */
static int key_from_lead(const struct scorer *s, const struct grow *g, const struct cands *cs,
                         size_t ci, size_t *at)
{
    const struct cand *c = &cs->v[ci];
    unsigned char used[64] = {0};
    size_t r, n = 0, k, at2;
    if (!c->lead || g->c[g->key].kind != CELL_TEXT || c->nnums > 64)
        return 0;
    for (r = 0; r < g->nrows; r++)
        n += g->rows[r].key == g->key && g->rows[r].c[g->key].kind == CELL_TEXT &&
             !strcmp(g->rows[r].c[g->key].text, g->c[g->key].text);
    if (n < 2 || !find_cell(s, &g->c[g->key], &cs->v[c->lead - 1], used, &k, 1, 0) ||
        !date_names_row(s, g, c))
        return 0;
    for (k = c->lead; k < ci; k++) /* no other key named in between */
        for (r = 0; r < g->nrows; r++)
            if (g->rows[r].key >= 0 && g->rows[r].c[g->rows[r].key].kind == CELL_TEXT &&
                strcmp(g->rows[r].c[g->rows[r].key].text, g->c[g->key].text) &&
                text_has(cs->v[k].text, g->rows[r].c[g->rows[r].key].text, &at2))
                return 0;
    *at = 0;
    return 1;
}

/* Cell x is said by the heading field that candidate ci is indented under ("observer: Élodie
 * Marchand" over "  - target: Mizar | date: 9 Mar 2024"). */
static int said_in_heading(const struct scorer *s, const struct gcell *x, const struct cands *cs,
                           size_t ci)
{
    unsigned char used[64] = {0};
    size_t at, h = cs->v[ci].under;
    return h && h - 1 < cs->n && cs->v[h - 1].nnums <= 64 &&
           find_cell(s, x, &cs->v[h - 1], used, &at, 0, 0);
}

/* Candidate ci is an indented line under a heading field that names the key ("observer:
 * Tamsin Oakley" over "  - target: Mars | date: 17 Feb 2024"), and names no other row's key
 * itself. */
static int key_in_heading(const struct scorer *s, const struct grow *g, const struct cands *cs,
                          size_t ci, size_t *at)
{
    const struct cand *c = &cs->v[ci];
    unsigned char used[64] = {0};
    size_t r, k;
    if (!c->under || c->under - 1 >= cs->n || cs->v[c->under - 1].nnums > 64 ||
        !find_cell(s, &g->c[g->key], &cs->v[c->under - 1], used, &k, 1, 0))
        return 0;
    for (r = 0; r < g->nrows; r++)
        if (g->rows[r].key >= 0 && g->rows[r].c[g->rows[r].key].kind == CELL_TEXT &&
            text_has(c->text, g->rows[r].c[g->rows[r].key].text, &k))
            return 0;
    *at = 0;
    return 1;
}

/* A table row under a header whose first column is the key's first word, its first cell the
 * rest of the key ("| A | 11.6 |" under "| Cask | Average Brix |" for Cask A). */
static int key_under_head(const struct grow *g, const struct cand *c, size_t *at)
{
    const struct gcell *x = &g->c[g->key];
    size_t h, w, cell;
    if (!c->head || x->kind != CELL_TEXT || !x->text)
        return 0;
    h = strcspn(c->head, "|");
    while (h > 0 && c->head[h - 1] == ' ')
        h--;
    w = strcspn(x->text, " ");
    cell = strcspn(c->text, "|");
    while (cell > 0 && c->text[cell - 1] == ' ')
        cell--;
    if (!h || h != w || strncmp(c->head, x->text, w) || !x->text[w] || !cell ||
        strlen(x->text + w + 1) != cell || strncmp(c->text, x->text + w + 1, cell))
        return 0;
    *at = 0;
    return 1;
}

/* The only gold row's key is named in candidate ci, and its clause after the key or the next
 * clause of its line says none ("Session 112 was an Open Swim … . No lifeguard is recorded for
 * it"): of that one row, what is missing is its NULL, whatever word the reply uses for it. */
static int lone_null_said(const struct cands *cs, size_t ci, size_t key_at)
{
    const struct cand *c = &cs->v[ci], *n = ci + 1 < cs->n ? &cs->v[ci + 1] : NULL;
    size_t line = c->cont ? c->cont : ci + 1;
    if (c->nullish && c->none_at > key_at)
        return 1;
    return n && !n->item && (n->cont == line || n->lead == (c->lead ? c->lead : ci + 1)) &&
           n->nullish;
}

/* The number at t[at] is one of three or more numbers listed in a parenthesis ("Luca Ferri
 * (15, 26, 39)"): ids or parts, no value said on its own. */
static int in_number_run(const char *t, size_t at)
{
    size_t open = at, close = at, k, nums = 0;
    while (open > 0 && t[open - 1] != '(' && t[open - 1] != ')')
        open--;
    while (t[close] && t[close] != ')' && t[close] != '(')
        close++;
    if (open == 0 || t[open - 1] != '(' || t[close] != ')')
        return 0;
    for (k = open; k < close; k++) {
        if (!strncmp(t + k, "and ", 4))
            k += 3; /* "15, 26 and 39" */
        else if (isdigit((unsigned char)t[k]) &&
                 (k == open || !(isdigit((unsigned char)t[k - 1]) || t[k - 1] == ',')))
            nums++; /* "1,204,588" is one */
        else if (!isdigit((unsigned char)t[k]) && !strchr(", ", t[k]))
            return 0;
    }
    return nums >= 3;
}

/* Between the other name at t[b] and the key at t[e], a verb says the key of it ("- Quay
 * Corner (Morecambe) is managed by Alan Birtwistle"): the key is the item's answer, no name
 * the item is about ("D, from B"). */
static int said_of_other(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {" is ", " was ", " are ", " were ", NULL};
    size_t i;
    int k;
    for (i = b; i < e; i++)
        for (k = 0; w[k]; k++)
            if (!strncmp(t + i, w[k], strlen(w[k])) && i + strlen(w[k]) <= e)
                return 1;
    return 0;
}

static void fit_row(const struct scorer *s, const struct grow *g, const struct cands *cs, size_t ci,
                    struct fit *f)
{
    const struct cand *c = &cs->v[ci];
    unsigned char used[64];
    size_t at, at2, pos[64], tpos[64];
    int i, j, nums = 0, here, elsewhere = 0;
    unsigned long long inhere = 0; /* the cells found in c itself */
    memset(f, 0, sizeof(*f));
    memset(used, 0, sizeof(used));
    memset(tpos, 0, sizeof(tpos)); /* 1 + where each text cell was found, or 0 */
    if (g->key < 0 || c->nnums > 64)
        return;
    if (!find_cell(s, &g->c[g->key], c, used, &f->at, 1, g->n == 1) &&
        !(g->c[g->key].kind == CELL_NULL && null_said_later(&g->c[g->key], cs, ci)) &&
        !key_from_lead(s, g, cs, ci, &f->at) && !key_under_head(g, &cs->v[ci], &f->at) &&
        !(elsewhere = key_in_heading(s, g, cs, ci, &f->at))) {
        if (g->c[g->key].kind == CELL_NULL)
            null_key_partial(s, g, c, f);
        else if (aggregate_row(g) && !c->alt)
            aggregate_partial(s, g, c, f);
        else if (g->n == 1 && g->c[0].kind == CELL_NUM &&
                 ((approximate(&g->c[0], c) && !c->alt) || offered(s, &g->c[0], c) ||
                  range_around(&g->c[0], cs, ci)))
            f->key = 1, f->missing = 1; /* "42 km" for 42.195, "8 (or 9 …)" for 8: partial */
        else if (c->nnums <= 64 && date_names_row(s, g, c))
            f->key = 1, f->missing = 1;
        else if (g->n == 1 && date_year_only(&g->c[0], c))
            f->key = 1, f->missing = 1;
        else if (id_names_row(g, cs, ci))
            f->key = 1, f->missing = g->key < 32 ? 1u << g->key : 1u;
        return;
    }
    if (negated_key(g, c, f->at,
                    g->c[g->key].text                        ? strlen(g->c[g->key].text)
                    : isdigit((unsigned char)c->text[f->at]) ? num_end(c->text, f->at) - f->at
                                                             : 1) ||
        (mentioned_in_refusal(cs, c->text, f->at) && !has_null(g)) ||
        conceded_aside(c->text, f->at) || longer_name(g, c->text, f->at) ||
        inside_longer_key(g, c->text, f->at) || excluded_after(cs, ci, f->at, g->c[g->key].text) ||
        (g->c[g->key].kind == CELL_NUM && number_named_other(g, g->key, c->text, f->at)))
        return;
    /* a lone value found in a later field of a record whose first field gives another number
     * ("Caves deeper than 100 m: 3 | Total surveyed: 11"): the first field answers; or taken
     * back by a later sentence ("… six weavers … Wait — Lars works the late shift, so that
     * makes five.") */
    if (g->n == 1 && g->c[0].kind == CELL_NUM &&
        (later_field(c, &g->c[0], f->at) || cited_after(c, f->at) ||
         corrected_later(cs, ci, g->c[0].v) || concluded_other(s, cs, ci, f->at, &g->c[0]) ||
         concluded_later(s, cs, ci, &g->c[0]) || other_statistic(&cs->v[ci], f->at, &g->c[0]) ||
         supposed_then_other(s, cs, ci, &g->c[0]) ||
         part_of_total(s, &cs->v[ci], f->at, &g->c[0]) ||
         maybe_after_commit(s, cs, ci, f->at, &g->c[0])))
        return;
    /* the only row, its key said to be runner-up ("Runner-up: Ana", "Ana was just behind"), or
     * set against another name */
    if (g->single &&
        ((re_find((struct scorer *)s, s->runnerup, c->text, strlen(c->text), 0, &at, &at2) &&
          !runner_up_said(s, g, c->text, at, f->at)) ||
         (g->c[g->key].kind == CELL_TEXT && (set_against(c, f->at) || s->commits_other))))
        return;
    /* a name alone set against a closed list ("Etna and Stromboli; Vesuvius is dormant") */
    if (c->contrast && g->n == 1)
        return;
    if (g->single && g->c[g->key].kind == CELL_TEXT && conceded_after(cs, ci))
        return;
    if (g->single && g->n == 1 && !c->alt && refused_after(s, cs, ci))
        return; /* one value, not one of alternatives ("either A or B, so I can't tell") */
    /* in a list item, a key after another name is not the item's subject ("D, from B"); a
     * date is a value there ("Marrow - 2019-07-04") */
    if (c->item && c->other && c->other - 1 < f->at && g->c[g->key].kind == CELL_TEXT &&
        !g->c[g->key].is_date && !paren_alias(c->text, f->at, strlen(g->c[g->key].text)) &&
        !labelled_number(g->c[g->key].text, c->text, c->other - 1, f->at) &&
        !position_label(c->text, c->other - 1, f->at) &&
        !labels_a_cell(g, c->text + c->other - 1) && !key_after_mark(c->text, f->at) &&
        !said_of_other(c->text, c->other - 1, f->at))
        return;
    if (g->single && g->n == 1 && g->c[0].kind == CELL_NUM && in_number_run(c->text, f->at))
        return; /* "11. Luca Ferri (15, 26, 39)": the ids of what it counts, no total */
    f->key = 1;
    /* an alternative, doubted after the answer, conditional, a doubt or a range */
    f->hedged = c->alt || (g->single && s->rival) || (g->single && doubted_rival(cs, ci, f->at)) ||
                (g->single && conceded_possibility(c->text)) ||
                (g->single && rival_offered(cs, ci, f->at, cell_end(&g->c[g->key], c->text, f->at),
                                            g->c[g->key].kind == CELL_NUM)) ||
                (g->single && conditional_rival(cs, ci, g->n == 1 && g->c[0].kind == CELL_NUM)) ||
                (g->n == 1 && g->c[0].kind == CELL_NUM &&
                 (hedged_after(cs, ci, f->at) || range_end(c, f->at) ||
                  lower_bound_at(c->text, f->at) || point_after_range(cs, ci, f->at))) ||
                (g->c[g->key].kind == CELL_TEXT && g->c[g->key].is_date && date_or_other(c, f->at));
    f->all = !f->hedged && !(g->single && c->behind); /* "A, followed by B": B is not the one */
    key_digits_used(&g->c[g->key], c, f->at, used);
    for (i = 0; i < g->n; i++) {
        pos[i < 64 ? i : 63] = i == g->key ? f->at : 0;
        if (i == g->key && i < 64 && g->c[i].kind == CELL_TEXT)
            tpos[i] = f->at + 1;
        nums += i == g->key && g->c[i].kind == CELL_NUM;
        if (i == g->key)
            continue;
        here = elsewhere ? find_cell(s, &g->c[i], c, used, &at, 0, 0) /* the key not in c */
                         : find_cell_apart(s, &g->c[i], &g->c[g->key], c, used, &at, f->at);
        if (!here)
            at = 0; /* said in another part: no place in c */
        else if (i < 64)
            inhere |= 1ull << i;
        if (!here &&
            !(g->c[i].kind == CELL_NULL && (null_said_later(&g->c[i], cs, ci) ||
                                            (g->single && lone_null_said(cs, ci, f->at)))) &&
            !shared_text(g, i, cs, c) &&
            !(said_for_all(s, &g->c[i], cs, ci) && !own_value(s, g, i, c)) &&
            !(said_in_reply(s, &g->c[i]) && !own_value(s, g, i, c)) && !said_in_head(&g->c[i], c) &&
            !(null_for_all(s, g, i, c) && !own_value(s, g, i, c)) &&
            !shared_next(s, g, i, cs, ci) && !said_for_both(s, &g->c[i], cs, ci) &&
            !said_later_in_line(s, g, i, cs, ci) && !said_in_item(s, g, i, cs, ci) &&
            !(g->c[i].kind == CELL_NUM && span_end(g, i, c)) &&
            !said_before_apposed(s, &g->c[i], cs, ci) && !said_in_heading(s, &g->c[i], cs, ci) &&
            !(g->c[i].rankcol && g->c[i].kind == CELL_NUM &&
              g->c[i].v == (c->rank > 0            ? c->rank
                            : g->c[i].rankcol == 1 ? (double)ci + 1
                                                   : -1))) {
            f->all = 0;
            if (i < 32)
                f->missing |= 1u << i;
        } else if ((g->c[i].kind == CELL_NUM && at &&
                    (aside_of_same_kind(c, f->at, at) || number_named_other(g, i, c->text, at) ||
                     rounding_merges_rows(s, g, i, c, at))) ||
                   (g->c[i].kind == CELL_TEXT && g->c[g->key].kind == CELL_TEXT && g->rows &&
                    !strchr(c->text, '|') && /* prose: a table row's cells are its own */
                    nearer_other_key(g, c->text, at, strlen(g->c[i].text), f->at)) ||
                   (g->c[i].kind == CELL_TEXT && inside_other_cell(g, i, c->text)) ||
                   (g->c[i].kind == CELL_TEXT && at && set_aside(s, g, c->text, at)) ||
                   field_of_other(g, i, c->text) || text_under_other(g, i, c) ||
                   (g->c[i].kind == CELL_TEXT && at && side_reversed(&g->c[i], c->text, at)) ||
                   off_its_field(s, &g->c[i], c, at) ||
                   (g->c[i].kind == CELL_TEXT && g->c[i].is_date && here && date_or_other(c, at)) ||
                   (at && paired_with_other_row(g, i, c->text, at)) ||
                   (g->c[i].kind == CELL_TEXT && at &&
                    rival_after_cell(c->text + cell_end(&g->c[i], c->text, at)))) {
            f->all = 0;
            if (i < 32)
                f->missing |= 1u << i;
        } else if (g->c[i].kind == CELL_NUM && i < 64 && here) {
            pos[i] = at, nums++;
        } else if (g->c[i].kind == CELL_TEXT && i < 64 && here && c->text[at] == g->c[i].text[0]) {
            tpos[i] = at + 1;
        }
    }
    if (f->all && (i = twice_said_once(g, c->text)) >= 0 && i < 32)
        f->all = 0, f->missing |= 1u << i; /* "… Team Śląsk – winner: Zürich Wolves" */
    if (f->all && g->key < 32 && field_of_other(g, g->key, c->text))
        f->all = 0, f->missing |= 1u << g->key; /* "Away: Ferndale" for the home team */
    if (f->all && text_under_other(g, g->key, c))
        f->all = 0, f->reversed = 1; /* the key under the runner-up's header */
    if (f->all && numbers_crossed(g, inhere | (g->key < 64 ? 1ull << g->key : 0)))
        f->all = 0, f->reversed = 1; /* "A won with 3,987 votes; B got 4,211" for A's 4,211 */
    if (f->all && reversed_pair(g, c->text, tpos))
        f->all = 0, f->reversed = 1; /* partial: the row's cells, the direction wrong */
    if (f->all && g->c[g->key].kind == CELL_TEXT && side_reversed(&g->c[g->key], c->text, f->at))
        f->all = 0, f->reversed = 1; /* "B beat A" for winner A, loser B */
    if (f->all && respective_mismatch(s, g, cs, ci)) {
        f->all = 0; /* "A and B had 9 and 7 respectively": A's is 9 */
        for (i = 0; i < g->n && i < 32; i++)
            if (i != g->key && g->c[i].kind == CELL_NUM)
                f->missing |= 1u << i;
    }
    if (f->all && (i = null_filled(s, g, cs, ci, used)) > 0) {
        f->all = 0; /* explained as lacking that cell */
        if (i <= 32)
            f->missing |= 1u << (i - 1);
    }
    /* an alternative ("A or B") or a refusal that names the key in passing ("unable to rank
     * them: the points for B are not stated") answers nothing unless it holds every cell */
    if (f->missing && (c->alt || c->contrast == 2 ||
                       (c->nullish && c->none_at < f->at && g->c[g->key].kind != CELL_NULL) ||
                       (c->lead && cs->v[c->lead - 1].nullish && g->c[g->key].kind == CELL_TEXT &&
                        strlen(c->text) <= strlen(g->c[g->key].text) + 3))) {
        /* "… for A and B": a bare key in the parts of a sentence that says none of them */
        f->key = 0;
        return;
    }
    if (f->all && nums > 1 && sides_scored(s, g, c, tpos, f))
        nums = 0; /* two sides' score, read by side */
    /* two numbers of the same kind in swapped places ("2-3" for 3-2) are not the row */
    for (i = 0; f->all && nums > 1 && i < g->n && i < 64; i++)
        for (j = i + 1; j < g->n && j < 64; j++) {
            double a = fabs(g->c[i].v), b = fabs(g->c[j].v);
            if (g->c[i].kind != CELL_NUM || g->c[j].kind != CELL_NUM || pos[i] <= pos[j] ||
                year_like(a) || year_like(b) || fmax(a, b) > 20 * fmax(fmin(a, b), 1e-9) ||
                (min_and_max(&g->c[i], &g->c[j]) && from_to(c->text, pos[j], pos[i])) ||
                (in_its_field(&g->c[i], c, pos[i]) && in_its_field(&g->c[j], c, pos[j])) ||
                column_after(&g->c[i], c->text, pos[i]) ||
                column_after(&g->c[j], c->text, pos[j]) ||
                in_own_unit(&g->c[i], &g->c[j], c->text, pos[i]) ||
                in_own_unit(&g->c[j], &g->c[i], c->text, pos[j]))
                continue; /* "ranged from -4.5 to 38.2" for MAX, MIN: a span, low to high;
                             "21 courses are worth 3 credits": 3 is said to be the credits */
            f->all = 0;
        }
}

/* ---- labels ---------------------------------------------------------------------------------- */

/* Number cell x is no small count (a fraction or 10 and up): found elsewhere, it is telling. */
static int no_small_count(const struct gcell *x)
{
    return x->v != floor(x->v) || fabs(x->v) >= 10;
}

/* Candidate b is the part right after candidate a in a's sentence. */
static int later_part(const struct cands *cs, long a, size_t b)
{
    size_t first = a < 0 ? 0 : cs->v[a].lead ? cs->v[a].lead - 1 : (size_t)a;
    return a >= 0 && b == (size_t)a + 1 && cs->v[b].lead == first + 1;
}

/* A row's value cells, a number among them that is no small count, all in another answer item
 * (list item, table row, JSON element) or part of a sentence naming another name, that names
 * no gold row: the pair is split, its values given to another name ("| City Central | 812 |"
 * above "| St. Mary's | 640 |"; "Nice has the most (12). Lyon follows with 9").  Returns the
 * candidate, or -1. */
static long values_elsewhere(const struct scorer *s, const struct grow *g, const struct cands *cs,
                             long keyed, const unsigned char *named, int single)
{
    size_t j, at;
    int i;
    for (j = 0; j < cs->n; j++) {
        unsigned char used[64];
        int ok = 1, any = 0;
        if ((long)j == keyed || cs->v[j].nnums > 64 || !(cs->v[j].item || cs->v[j].other) ||
            named[j] || cs->v[j].member)
            continue;
        memset(used, 0, sizeof(used));
        if (find_cell(s, &g->c[g->key], &cs->v[j], used, &at, 1, 0))
            continue;
        for (i = 0; i < g->n && ok; i++) {
            const struct gcell *x = &g->c[i];
            if (i == g->key || x->kind == CELL_NULL || x->kind == CELL_BOOL)
                continue;
            ok = find_cell(s, x, &cs->v[j], used, &at, 0, 0);
            /* a number that is no small count, or any number when one row answers: a small
             * count given to another name there picks that name ("| Sorn | 2 |") */
            any |= x->kind == CELL_NUM && (no_small_count(x) || single);
            any |= x->kind == CELL_TEXT && strpbrk(x->text, "0123456789"); /* "2:18:40" */
        }
        /* the next part of the key's own sentence ("The Lantern Keeper, which came out in 1958.
         * It was directed by Ivo Halvorsen"; "the stores are A (41,200) and B (35,200), giving
         * a total of 128,400"): the key's, names in it or not */
        if (ok && any && later_part(cs, keyed, j))
            continue;
        if (ok && any)
            return (long)j;
    }
    return -1;
}

static int cell_same(const struct gcell *a, const struct gcell *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == CELL_TEXT)
        return !strcmp(a->text, b->text);
    return a->kind == CELL_NULL || a->v == b->v;
}

/* Two rows with the same key cell, differing in another cell. */
static int same_key_other_values(const struct grow *a, const struct grow *b)
{
    int i, differ = 0;
    if (a->n != b->n || a->key < 0 || a->key != b->key || a->c[a->key].kind != CELL_TEXT ||
        !cell_same(&a->c[a->key], &b->c[b->key]))
        return 0;
    for (i = 0; i < a->n; i++)
        differ |= !cell_same(&a->c[i], &b->c[i]);
    return differ;
}

/* What fit_row found of a row in a candidate, kept per row and candidate. */
enum { FIT_KEY = 1, FIT_ALL = 2 };

static int augment(size_t r, const unsigned char *fits, size_t m, long *row_of, long *cand_of,
                   unsigned char *seen)
{
    size_t j;
    for (j = 0; j < m; j++) {
        if (!(fits[r * m + j] & FIT_ALL) || seen[j])
            continue;
        seen[j] = 1;
        if (row_of[j] < 0 || augment((size_t)row_of[j], fits, m, row_of, cand_of, seen)) {
            row_of[j] = (long)r;
            cand_of[r] = (long)j;
            return 1;
        }
    }
    return 0;
}

/* A candidate's text, quoted for a label's reason; a long one cut at a character's start, so
 * that the reason (stored, printed, written to JSON) stays valid UTF-8. */
static void quote(struct buf *b, const char *t)
{
    size_t n = strlen(t), cut = n > 60 ? 57 : n;
    while (cut > 0 && cut < n && ((unsigned char)t[cut] & 0xC0) == 0x80)
        cut--;
    buf_addch(b, '"');
    buf_add(b, t, cut);
    if (n > 60)
        buf_adds(b, "...");
    buf_addch(b, '"');
}

static void say_missing(struct buf *b, const cJSON *cols, const struct grow *g, unsigned missing)
{
    int i, first = 1;
    for (i = 0; i < g->n && i < 32; i++) {
        const cJSON *c = cJSON_GetArrayItem(cols, i);
        if (!(missing & (1u << i)))
            continue;
        buf_addf(b, "%s%s", first ? "" : ", ", cJSON_IsString(c) ? c->valuestring : "a cell");
        first = 0;
    }
}

static int rank_claimed(const struct cands *cs, int r)
{
    size_t i;
    for (i = 0; i < cs->n; i++)
        if (cs->v[i].rank == r)
            return 1;
    return 0;
}

/* A part of a sentence list, before another, that names something that is no gold row, with
 * a number in brackets, as the part after it does ("The Paper Boat (28), Mółka the Mole (32)"): it
 * takes a place in the order. */
static int listed_other(const struct cands *cs, size_t i)
{
    size_t first = cs->v[i].lead ? cs->v[i].lead - 1 : i;
    const struct cand *c = &cs->v[i], *n;
    const char *t;
    size_t words = 0;
    if (!c->other || !c->nnums || c->alt || c->nullish || !c->nums[c->nnums - 1].paren)
        return 0;
    /* "Name (28)" or "Name (28 pages)": the bracket closes the part, a few words before it */
    t = strchr(c->text + c->nums[c->nnums - 1].at, ')');
    if (!t || t[strspn(t, ").,; ")])
        return 0;
    for (t = c->text; t < c->text + c->nums[0].at; t++)
        words += *t == ' ';
    if (words > 8 || i + 1 >= cs->n || cs->v[i + 1].lead != first + 1)
        return 0;
    /* the next part's bracketed number of the same kind: not "the shortlist (2024), … (32)" */
    n = &cs->v[i + 1];
    return n->nnums && n->nums[n->nnums - 1].paren &&
           year_like(n->nums[n->nnums - 1].v) == year_like(c->nums[c->nnums - 1].v);
}

/* Candidate i, before the first that names a row, is a field that sets the list in context
 * ("breed: Carniolan" over "Yarrow: 2023-05-20", "year: 2021" over "months: January, …"): a
 * label without digits that the named one does not share, over a value of another shape (a
 * number where the named one has none, or none where it has one). */
static int context_field(const struct cands *cs, long i, const unsigned char *named)
{
    const char *t = cs->v[i].text, *colon = strstr(t, ": "), *nt, *digit = strpbrk(t, "0123456789");
    long j;
    for (j = i + 1; j < (long)cs->n && !named[j]; j++)
        ;
    if (!colon || colon - t > 30 || j >= (long)cs->n || (digit && digit < colon) ||
        cs->v[i].nullish)
        return 0;
    nt = cs->v[j].text;
    if (!strncmp(nt, t, (size_t)(colon - t) + 1))
        return 0;
    return !strpbrk(colon, "0123456789") != !strpbrk(nt, "0123456789");
}

/* The rank a candidate answers at: its own number, else its place among the items, past the
 * ranks other candidates state ("A is first; B and C are close, but C is second": B is 3). */
static int cand_rank(const struct cands *cs, long k, const unsigned char *named)
{
    long i;
    int pos = 0;
    long first = 0;
    if (cs->v[k].rank > 0)
        return cs->v[k].rank;
    while (first < k && !named[first] && cs->v[first].rank <= 0 && context_field(cs, first, named))
        first++; /* fields over the list ("breed: Carniolan", "order: newest first") */
    for (i = first; i <= k; i++) /* a later sentence of an item that names no row is an aside of
                                  it ("- Blood panel (Sable; no cost recorded)"), no item */
        if ((cs->v[i].item && !cs->v[i].cont) || named[i] || cs->v[i].rank > 0 ||
            listed_other(cs, (size_t)i))
            for (pos++; cs->v[i].rank <= 0 && rank_claimed(cs, pos) && pos < 10000; pos++)
                ;
    return pos;
}

struct labelling {
    struct grow *g;
    size_t n;
    long *cand_of;   /* the candidate that answers each row, or -1 */
    long *keyed;     /* a candidate that names the row's key, or -1 */
    struct fit *fit; /* of the row against cand_of, or keyed */
};

/* Row i's cell c, unlike row k's, found in a candidate that does not answer a row with that
 * same cell: a name, or a number that is no small count. */
static int cell_given(const struct scorer *s, const struct labelling *L, size_t i, size_t k, int c,
                      const struct cands *cs, const long *row_of)
{
    const struct gcell *x = &L->g[i].c[c];
    size_t j, at;
    if (c == L->g[i].key || !(x->kind == CELL_TEXT || (x->kind == CELL_NUM && no_small_count(x))) ||
        cell_same(x, &L->g[k].c[c]))
        return 0;
    for (j = 0; j < cs->n; j++) {
        unsigned char used[64] = {0};
        if (cs->v[j].nnums <= 64 && !(row_of[j] >= 0 && cell_same(x, &L->g[row_of[j]].c[c])) &&
            find_cell(s, x, &cs->v[j], used, &at, 0, 0))
            return 1;
    }
    return 0;
}

/* Row i's key is named by a candidate that holds every cell of another gold row with the same
 * key ("| CO-19 | Ben Nevis | Lukas Hofer |" for CO-19's other casualty): that candidate answers
 * the other row, not this one.  Another candidate naming the key does; or, when none does and
 * none gives the row's other cells either, nothing does: the row is missing. */
static void other_keyed(const struct scorer *s, const struct cands *cs, struct labelling *L,
                        size_t i, const long *row_of, const unsigned char *fits)
{
    size_t j, k = (size_t)row_of[L->keyed[i]];
    int c;
    if (!same_key_other_values(&L->g[i], &L->g[k]))
        return;
    for (j = 0; j < cs->n; j++)
        if (row_of[j] < 0 && (fits[j] & FIT_KEY)) {
            L->keyed[i] = (long)j;
            fit_row(s, &L->g[i], cs, j, &L->fit[i]);
            return;
        }
    /* its values where it differs from row k: there, though not all or with another name */
    for (c = 0; c < L->g[i].n; c++)
        if (cell_given(s, L, i, k, c, cs, row_of))
            return;
    L->keyed[i] = -1;
}

/* The piece t[b, e) of a list, trimmed of spaces, stops and whole asides in brackets, is empty
 * or a one-cell row's text of L. */
static int piece_listed(const struct labelling *L, const char *t, size_t b, size_t e)
{
    size_t i, n;
    while (b < e && strchr(" .", t[b]))
        b++;
    if (e > b && t[e - 1] == ')' && memchr(t + b, '(', e - b))
        e = (size_t)((const char *)memchr(t + b, '(', e - b) - t); /* "nm-02 (queenless)" */
    while (e > b && strchr(" .", t[e - 1]))
        e--;
    if (!strncmp(t + b, "and ", 4))
        b += 4;
    n = e - b;
    if (!n)
        return 1;
    for (i = 0; i < L->n; i++)
        if (L->g[i].n == 1 && L->g[i].c[0].kind == CELL_TEXT && strlen(L->g[i].c[0].text) == n &&
            !strncmp(L->g[i].c[0].text, t + b, n))
            return 1;
    return 0;
}

/* Two one-cell rows, a and b, named as written in one list of the candidate t ("nm-01, nm-02
 * and nm-07", "| nm-01, nm-02 |"): between them only separators and other rows of L, and no
 * hedge in t. */
static int listed_together(const struct labelling *L, const struct grow *a, const struct grow *b,
                           const char *t)
{
    static const char *const w[] = {"possibl", "perhaps", "maybe",    "might", "probabl", "likely",
                                    " or ",    "unsure",  "not sure", "could", "may ",    NULL};
    size_t x, y, lo, hi, k, pb;
    if (a->n != 1 || b->n != 1 || a->c[0].kind != CELL_TEXT || b->c[0].kind != CELL_TEXT ||
        cell_same(&a->c[0], &b->c[0]) || !text_has(t, a->c[0].text, &x) ||
        !text_has(t, b->c[0].text, &y) || x == y || holds_any(t, w))
        return 0;
    lo = x < y ? x + strlen(a->c[0].text) : y + strlen(b->c[0].text);
    hi = x < y ? y : x;
    if (lo >= hi)
        return 0;
    for (pb = lo, k = lo; k <= hi; k++)
        if (k == hi || t[k] == ',' || t[k] == ';' || t[k] == '&' ||
            (k + 5 <= hi && !strncmp(t + k, " and ", 5))) {
            if (!piece_listed(L, t, pb, k))
                return 0;
            pb = k + 1;
        }
    return 1;
}

static void label_rows(struct scorer *s, const struct cands *cs, struct labelling *L,
                       unsigned char *named)
{
    size_t i, j, m = cs->n ? cs->n : 1;
    unsigned char *fits = xcalloc(L->n * m + 1, 1), *seen = xcalloc(m + 1, 1);
    long *row_of = xcalloc(m + 1, sizeof(long));
    struct fit f;
    for (j = 0; j < cs->n; j++)
        row_of[j] = -1;
    for (i = 0; i < L->n; i++) {
        L->cand_of[i] = L->keyed[i] = -1;
        for (j = 0; j < cs->n; j++) {
            fit_row(s, &L->g[i], cs, j, &f);
            if (f.key)
                named[j] = 1;
            fits[i * m + j] = (unsigned char)((f.key ? FIT_KEY : 0) | (f.all ? FIT_ALL : 0));
            if (!f.all && f.key && L->keyed[i] < 0)
                L->keyed[i] = (long)j, L->fit[i] = f;
        }
    }
    for (i = 0; i < L->n; i++) {
        memset(seen, 0, m);
        augment(i, fits, cs->n, row_of, L->cand_of, seen);
    }
    for (i = 0; i < L->n; i++) {
        /* rows with one key and different values may share a candidate holding them all
         * ("Acme Corp — Bolt M8, Nut M8"); twin rows may not */
        for (j = 0; j < cs->n && L->cand_of[i] < 0; j++)
            if ((fits[i * m + j] & FIT_ALL) && row_of[j] >= 0 &&
                (same_key_other_values(&L->g[i], &L->g[row_of[j]]) ||
                 (listed_together(L, &L->g[i], &L->g[row_of[j]], cs->v[j].text))))
                L->cand_of[i] = (long)j;
        if (L->cand_of[i] >= 0)
            fit_row(s, &L->g[i], cs, (size_t)L->cand_of[i], &L->fit[i]);
        else if (L->keyed[i] >= 0 && row_of[L->keyed[i]] >= 0)
            other_keyed(s, cs, L, i, row_of, fits + i * m);
        else
            for (j = 0; j < cs->n && L->keyed[i] < 0; j++)
                if (fits[i * m + j] & FIT_ALL) /* its candidate went to a twin row */
                    L->keyed[i] = (long)j;
    }
    free(fits);
    free(seen);
    free(row_of);
}

static void explain(const struct labelling *L, size_t i, const cJSON *cols, const struct cands *cs,
                    struct score_result *out, int rank)
{
    struct buf b = BUF_INIT;
    long k = L->cand_of[i] >= 0 ? L->cand_of[i] : L->keyed[i];
    if (L->g[i].key < 0 || (k < 0 && !cs->n)) {
        buf_adds(&b, cs->n ? "no candidate row answers it" : "the answer is empty");
    } else if (k < 0) {
        buf_adds(&b, "no candidate row names its key");
    } else {
        buf_addf(&b, "candidate %ld ", k + 1);
        quote(&b, cs->v[k].text);
        if (L->cand_of[i] >= 0 && rank)
            buf_addf(&b, " is at rank %d, the gold's is %zu", rank, i + 1);
        else if (L->cand_of[i] >= 0)
            buf_adds(&b, " holds every cell");
        else if (L->fit[i].missing) {
            buf_adds(&b, " names it but lacks ");
            say_missing(&b, cols, &L->g[i], L->fit[i].missing);
        } else if (L->fit[i].reversed) {
            buf_adds(&b, " holds its cells, two of them the other way round");
        } else if (L->fit[i].hedged) {
            buf_adds(&b, " offers it only hedged (an alternative, a range or a doubt)");
        } else {
            buf_adds(&b, " names it but another row took it, or its numbers are swapped");
        }
    }
    out->why[i] = buf_detach(&b, NULL);
}

/* Candidate c says it is tied: "tie", "tied", "joint", "=" or "dead heat" in it, or its explicit
 * rank shared with another candidate ("2. Sunil Rao" and "2. Grace Idowu"). */
static int marked_tie(const struct cands *cs, long c)
{
    static const char *const w[] = {"tie", "tied", "joint", "equal", "=", "dead heat", NULL};
    size_t j, at;
    int k;
    for (k = 0; w[k]; k++)
        if (text_has(cs->v[c].text, w[k], &at))
            return 1;
    for (j = 0; j < cs->n && cs->v[c].rank > 0; j++)
        if ((long)j != c && cs->v[j].rank == cs->v[c].rank)
            return 1;
    return 0;
}

/* Gold rows i and r - 1 (0-based i; r a rank) are tied: two cells or more, every one but the
 * key the same number or text. */
static int tied_rows(const struct labelling *L, size_t i, int r)
{
    const struct grow *a = &L->g[i], *b;
    int k;
    if (r < 1 || (size_t)r > L->n || (size_t)r - 1 == i)
        return 0;
    b = &L->g[r - 1];
    if (a->n != b->n || a->n < 2 || a->key < 0)
        return 0;
    for (k = 0; k < a->n; k++)
        if (k != a->key &&
            !(a->c[k].kind == CELL_NUM && b->c[k].kind == CELL_NUM && a->c[k].v == b->c[k].v) &&
            !(a->c[k].kind == CELL_TEXT && b->c[k].kind == CELL_TEXT &&
              !strcmp(a->c[k].text, b->c[k].text)))
            return 0; /* the same number, or the same text ("1:58.40", a dead heat) */
    return 1;
}

/* Row i of ordered gold, exact, is at the rank of a row it ties with, which is exact too and
 * at the rank of a row it ties with in turn (a swap, "3. Dilmah | 4" and "4. Ronnefeldt | 4"). */
static int swapped_tie(const struct labelling *L, const struct score_result *out, const int *rank,
                       size_t i)
{
    size_t o;
    if (out->labels[i] != LABEL_EXACT || L->cand_of[i] < 0 || !tied_rows(L, i, rank[i]))
        return 0;
    o = (size_t)rank[i] - 1;
    return out->labels[o] == LABEL_EXACT && L->cand_of[o] >= 0 && tied_rows(L, o, rank[o]);
}

/* Exact rows of ordered gold swapped with rows they tie with: those marked as tied ("2 (tie)")
 * always, and all of them when they are at most half the gold's rows. */
static void forgive_ties(const struct cands *cs, const struct labelling *L,
                         const struct score_result *out, const int *rank, unsigned char *ok)
{
    size_t i, moved = 0;
    for (i = 0; i < L->n; i++) /* 2: swapped, forgiven only if few are; 1: marked, always */
        moved += (ok[i] = (unsigned char)(swapped_tie(L, out, rank, i) ? 2 : 0)) != 0;
    for (i = 0; i < L->n; i++)
        if (ok[i] == 2 && 2 * moved > L->n)
            ok[i] = 0;
    for (i = 0; i < L->n; i++)
        if (out->labels[i] == LABEL_EXACT && L->cand_of[i] >= 0 && tied_rows(L, i, rank[i]) &&
            marked_tie(cs, L->cand_of[i]))
            ok[i] = 1;
}

/* Ordered gold: an exact row must be at its own rank (1-based, absolute), tied rows too: the
 * suite's queries break ties explicitly (ORDER BY score DESC, name), so their order is the
 * gold's. Yet most labellers take tied rows swapped as exact (179 cases to 39): a swap is
 * forgiven where the answer marks the tie, or where it moves at most half the rows, so that
 * no case is more than 0.25 above a labeller who calls it partial. */
static void check_ranks(const struct cands *cs, struct labelling *L, const unsigned char *named,
                        struct score_result *out, int *rank_of)
{
    size_t i;
    int any = 0, ok = 1;
    unsigned char *tie_ok = xcalloc(L->n + 1, 1);
    for (i = 0; i < L->n; i++)
        rank_of[i] = L->cand_of[i] >= 0 ? cand_rank(cs, L->cand_of[i], named) : 0;
    forgive_ties(cs, L, out, rank_of, tie_ok);
    for (i = 0; i < L->n; i++) {
        int r = rank_of[i];
        rank_of[i] = 0;
        if (out->labels[i] != LABEL_EXACT || L->cand_of[i] < 0)
            continue;
        any = 1;
        if ((r != (int)i + 1 && !tie_ok[i]) || cs->v[L->cand_of[i]].unranked) {
            out->labels[i] = LABEL_PARTIAL, ok = 0;
            rank_of[i] = r;
        }
    }
    free(tie_ok);
    for (i = 0; i < L->n; i++)
        ok &= out->labels[i] == LABEL_EXACT || !(L->cand_of[i] >= 0);
    out->order_ok = any && ok;
}

/* One row answers, its key is named with its values said to be unknown ("Baikal is listed but
 * its depth isn't given"), and another name is given a value: that name is the answer. */
static int said_unknown(const struct grow *g, const struct cands *cs, long keyed,
                        const unsigned char *named)
{
    size_t j, k;
    int i;
    if (!cs->v[keyed].nullish || cs->v[keyed].none_at < 1)
        return 0;
    for (i = 0; i < g->n; i++)
        if (i != g->key && g->c[i].kind == CELL_NULL)
            return 0;
    for (j = 0; j < cs->n; j++) {
        if ((long)j == keyed || named[j] || !cs->v[j].other || cs->v[j].nullish)
            continue;
        for (k = 0; k < cs->v[j].nnums; k++)
            if (!cs->v[j].nums[k].year)
                return 1;
    }
    return 0;
}

/* Row i's label changed after the fit, with why (owned, replacing the fit's reason). */
static void relabel(struct score_result *out, size_t i, int label, char *why)
{
    out->labels[i] = (unsigned char)label;
    free(out->why[i]);
    out->why[i] = why;
}

/* Gold rows i and j are the same in every cell (a payment made twice). */
static int same_row(const struct labelling *L, size_t i, size_t j)
{
    const struct grow *a = &L->g[i], *b = &L->g[j];
    int k;
    if (a->n != b->n)
        return 0;
    for (k = 0; k < a->n; k++)
        if (a->c[k].kind != b->c[k].kind || (a->c[k].kind == CELL_NUM && a->c[k].v != b->c[k].v) ||
            (a->c[k].kind == CELL_TEXT && strcmp(a->c[k].text, b->c[k].text)))
            return 0;
    return 1;
}

/* t says what it names came more than once ("two payments of £26.00 each", "twice", "(3
 * logs)", "on both occasions"). */
static int says_repeated(const char *t)
{
    static const char *const w[] = {"twice", "thrice", "both",  "two",  "three",
                                    "four",  "five",   "times", "each", NULL};
    size_t at;
    const char *p;
    int k;
    for (k = 0; w[k]; k++)
        if (text_has(t, w[k], &at))
            return 1;
    for (p = strchr(t, '('); p; p = strchr(p + 1, '('))
        if (p[1] >= '2' && p[1] <= '9' && p[2] == ' ')
            return 1;
    return 0;
}

/* A gold row the same as an earlier one, whose candidate that one took: answered as well
 * when the candidate says its row came more than once ("N-06: two payments of £26.00 each"),
 * so exact as its twin is (46 rows so labelled to 2). */
static void twin_rows(const struct cands *cs, struct labelling *L, struct score_result *out)
{
    size_t i, j;
    for (i = 1; i < L->n; i++) {
        long k = L->keyed[i];
        if (out->labels[i] != LABEL_PARTIAL || L->cand_of[i] >= 0 || k < 0 ||
            !says_repeated(cs->v[k].text))
            continue;
        for (j = 0; j < i; j++)
            if (L->cand_of[j] == k && out->labels[j] == LABEL_EXACT && same_row(L, i, j)) {
                relabel(out, i, LABEL_EXACT,
                        xstrdup("the same as another gold row, its candidate says it came more "
                                "than once"));
                break;
            }
    }
}

static void split_pairs(const struct scorer *s, const struct cands *cs, struct labelling *L,
                        const unsigned char *named, struct score_result *out)
{
    size_t i;
    long j;
    for (i = 0; i < L->n; i++) {
        if (out->labels[i] != LABEL_PARTIAL || L->cand_of[i] >= 0 || L->keyed[i] < 0 ||
            ((j = values_elsewhere(s, &L->g[i], cs, L->keyed[i], named, L->n == 1)) < 0 &&
             !(L->n == 1 && said_unknown(&L->g[i], cs, L->keyed[i], named))))
            continue;
        relabel(out, i, LABEL_NONE,
                xstrdup("its key is named, but its values go with another name"));
        (void)j;
    }
}

/* Row g's one number cell besides its text key: its column, or -1. */
static int one_number(const struct grow *g)
{
    int i, m = -1;
    if (g->key < 0 || g->c[g->key].kind != CELL_TEXT)
        return -1;
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NUM) {
            if (m >= 0)
                return -1;
            m = i;
        }
    return m;
}

/* The verdict on rows a and b of a pair a candidate writes (1 in order, -1 the other way). */
static void sides_verdict(struct labelling *L, size_t a, size_t b, int by, int ordered,
                          struct score_result *out)
{
    size_t r[2] = {a, b}, k;
    for (k = 0; k < 2; k++) {
        if (by < 0 && out->labels[r[k]] == LABEL_EXACT)
            relabel(out, r[k], LABEL_PARTIAL, xstrdup("its number is given to another row"));
        else if (by > 0 && !ordered && L->g[r[k]].n == 2 && out->labels[r[k]] == LABEL_PARTIAL)
            relabel(out, r[k], LABEL_EXACT,
                    xstrdup("named with another row, the pair of numbers given in their order"));
    }
}

/* Two rows named in one sentence with their numbers as one pair ("Aroha Tipene beat Graham
 * Feltwell, 14,872 votes to 14,869"): each row takes the number the sentence gives its key.
 * The other way round, both are partial; the right way, a row of a key and that number is
 * exact (unordered gold: an ordered row keeps its rank check). */
static void sides_rows(const struct scorer *s, const struct cands *cs, struct labelling *L,
                       int ordered, struct score_result *out)
{
    size_t a, b, fa, fb;
    for (a = 0; a < L->n; a++)
        for (b = a + 1; b < L->n; b++) {
            const struct grow *x = &L->g[a], *y = &L->g[b];
            long j = L->cand_of[a] >= 0 ? L->cand_of[a] : L->keyed[a];
            int m = one_number(x), by;
            /* the candidate that answers or names one names the other too */
            if (j < 0 || j != (L->cand_of[b] >= 0 ? L->cand_of[b] : L->keyed[b]) ||
                cs->v[j].nnums < 2 || m < 0 || one_number(y) != m || x->c[m].v == y->c[m].v ||
                !text_has(cs->v[j].text, x->c[x->key].text, &fa) ||
                !text_has(cs->v[j].text, y->c[y->key].text, &fb))
                continue;
            by = pair_gives(s, &cs->v[j], fa, strlen(x->c[x->key].text), fb,
                            strlen(y->c[y->key].text), x->c[m].v, y->c[m].v);
            if (by)
                sides_verdict(L, a, b, by, ordered, out);
        }
}

/* t is numbers and separators only ("5, 8, 3"): the answer's values, in the gold's order. */
static int only_numbers(const char *t)
{
    return strspn(t, "0123456789.,;/- ") == strlen(t) && strpbrk(t, "0123456789");
}

/* Number n is a value cell of some gold row (another row's value in a line of values). */
static int gold_value(const struct scorer *s, const struct labelling *L, const struct num *n)
{
    size_t i;
    int k;
    for (i = 0; i < L->n; i++)
        for (k = 0; k < L->g[i].n; k++)
            if (L->g[i].c[k].kind == CELL_NUM && num_match(s, n, L->g[i].c[k].v))
                return 1;
    return 0;
}

/* Every cell of row g but its key (NULLs and flags aside) is in c (used[]: the numbers of c
 * they took), one at least telling: a text, a number that is no small count, or any number
 * with `numbers_tell`. */
static int cells_besides_key(const struct scorer *s, const struct grow *g, const struct cand *c,
                             unsigned char used[64], int numbers_tell)
{
    size_t at;
    int i, values = 0, telling = 0;
    memset(used, 0, 64);
    for (i = 0; i < g->n; i++) {
        const struct gcell *x = &g->c[i];
        if (i == g->key || x->kind == CELL_NULL || x->kind == CELL_BOOL)
            continue;
        if (!find_cell(s, x, c, used, &at, 0, 0))
            return 0;
        values++;
        telling |=
            x->kind == CELL_TEXT || (x->kind == CELL_NUM && (no_small_count(x) || numbers_tell));
    }
    return values && telling;
}

/* Candidate c holds every value cell of g, one at least telling (a text, a number that is
 * no small count, or any number when one row answers or c is a list item), without naming
 * any gold row or another name: the row answered without its key ("- 8 wins", "The fastest
 * top speed is 34 knots"), incomplete. */
static int values_without_key(const struct scorer *s, const struct labelling *L,
                              const struct grow *g, const struct cand *c)
{
    unsigned char used[64];
    int i;
    /* a table row, JSON element or field has a slot for the key: something else is in it */
    if (c->nnums > 64 || c->other || c->nullish || c->alt || strchr(c->text, '|') ||
        strchr(c->text, ':') ||
        !cells_besides_key(s, g, c, used, g->single || c->item || only_numbers(c->text)))
        return 0;
    if (g->c[g->key].text && strpbrk(g->c[g->key].text, "0123456789")) {
        /* a key of digits ("2024-01", "INV-2041"): another date or number there is another key */
        if (c->ndates)
            return 0;
        for (i = 0; i < (int)c->nnums; i++)
            if (!used[i] && !c->nums[i].alt && !gold_value(s, L, &c->nums[i]))
                return 0;
    }
    return 1;
}

/* The edit distance of a[0, n) and b[0, m), or more than `cap` once it exceeds it. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m, size_t cap)
{
    size_t row[64], i, j, diag, up, best;
    if (n >= 64 || m >= 64)
        return cap + 1;
    for (j = 0; j <= m; j++)
        row[j] = j;
    for (i = 1; i <= n; i++) {
        diag = row[0], row[0] = i, best = i;
        for (j = 1; j <= m; j++) {
            up = row[j];
            row[j] = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < row[j])
                row[j] = up + 1;
            if (row[j - 1] + 1 < row[j])
                row[j] = row[j - 1] + 1;
            diag = up;
            if (row[j] < best)
                best = row[j];
        }
        if (best > cap)
            return cap + 1;
    }
    return row[m];
}

/* c names, where the key goes, a near twin of the row's text key ("Jon Ellis" for "John
 * Ellis", "Katherine Moore" for "Catherine Moore", "Biscuit" for "Biscotti"): the same words
 * but one or two letters, a name of five letters or more. */
static int near_key(const struct grow *g, const struct cand *c)
{
    const char *k = g->c[g->key].text, *t = c->text;
    size_t n = strlen(k), words = 1, b, e, w, i;
    for (i = 0; i < n; i++)
        words += k[i] == ' ';
    if (n < 5 || n >= 60)
        return 0;
    for (b = 0; t[b]; b++) {
        if (!isalnum((unsigned char)t[b]) || (b && isalnum((unsigned char)t[b - 1])))
            continue; /* at each word, as many words as the key has */
        for (e = b, w = 0; t[e] && w < words; w++) {
            while (t[e] && (isalnum((unsigned char)t[e]) || strchr("'-.", t[e])))
                e++;
            if (w + 1 < words) {
                if (t[e] != ' ')
                    break;
                e++;
            }
        }
        while (e > b && !isalnum((unsigned char)t[e - 1]) && isalnum((unsigned char)k[n - 1]))
            e--; /* "…, Jon Ellis." */
        if (w == words && edit_distance(k, n, t + b, e - b, 2) <= (n >= 8 ? 2u : 1u) &&
            !(e - b == n && !strncmp(k, t + b, n)))
            return 1;
    }
    return 0;
}

/* Row g's cells but its key are all in c, which names a near twin of its key instead: the
 * same row with the key mistaken for its twin, partly right. */
static int near_key_values(const struct scorer *s, const struct grow *g, const struct cand *c)
{
    unsigned char used[64];
    size_t at;
    /* not where the key itself is named, nor set aside ("…, so I've excluded it") */
    return c->nnums <= 64 && !c->nullish && !c->alt && !c->nneg &&
           !text_has(c->text, g->c[g->key].text, &at) && near_key(g, c) &&
           cells_besides_key(s, g, c, used, 0);
}

/* c names a gold row's text key, though not as its answer ("well ahead of Nice (9)"). */
static int names_a_key(const struct labelling *L, const struct cand *c)
{
    size_t i, at;
    for (i = 0; i < L->n; i++)
        if (L->g[i].key >= 0 && L->g[i].c[L->g[i].key].kind == CELL_TEXT &&
            text_has(c->text, L->g[i].c[L->g[i].key].text, &at))
            return 1;
    return 0;
}

static void keyless_rows(const struct scorer *s, const struct cands *cs, struct labelling *L,
                         const unsigned char *named, struct score_result *out)
{
    unsigned char *taken = xcalloc(cs->n + 1, 1);
    struct buf why = BUF_INIT;
    size_t i, j;
    for (i = 0; i < L->n; i++)
        if (L->cand_of[i] >= 0)
            taken[L->cand_of[i]] = 1;
    for (i = 0; i < L->n; i++) {
        if (out->labels[i] != LABEL_NONE || L->keyed[i] >= 0 || L->g[i].key < 0 ||
            L->g[i].c[L->g[i].key].kind != CELL_TEXT)
            continue;
        for (j = 0; j < cs->n; j++)
            if (!named[j] && !taken[j] && !names_a_key(L, &cs->v[j]) &&
                values_without_key(s, L, &L->g[i], &cs->v[j]))
                break;
        if (j == cs->n) { /* a near twin of the key where it goes, its other cells right; not
                             to one row, where a twin is as often another thing as a slip */
            for (j = L->n > 1 ? 0 : cs->n; j < cs->n; j++)
                if (!named[j] && !taken[j] && near_key_values(s, &L->g[i], &cs->v[j]))
                    break;
            if (j < cs->n) {
                taken[j] = 1;
                relabel(out, i, LABEL_PARTIAL,
                        xstrdup("a candidate holds its values under a near twin of its key"));
            }
            continue;
        }
        taken[j] = cs->v[j].item; /* a line of values ("88.89, 88.79, 88.0") serves them all */
        buf_reset(&why);
        buf_addf(&why, "candidate %zu holds its values but does not name it", j + 1);
        relabel(out, i, LABEL_PARTIAL, xstrndup(why.s, why.len));
    }
    buf_release(&why);
    free(taken);
}

/* A year naming a thing after "the" ("in the 2025 season", "the 2019 edition"): no value. */
static int year_naming(const char *t, const struct num *x)
{
    const char *p = t + x->at;
    return x->v >= 1800 && x->v <= 2100 && x->at >= 4 && !strncmp(p - 4, "the ", 4) &&
           strspn(p, "0123456789") == 4 && p[4] == ' ' && isalpha((unsigned char)p[5]);
}

/* t[at] is inside a parenthesis that offers something under a condition or as a chance ("(the
 * 2018 match scored 10, if that's what is meant)", "(possibly Morag Bell)"). */
static int hedged_paren(const char *t, size_t at)
{
    static const char *const w[] = {" if ",      "possibly ", "maybe ", "perhaps ",
                                    "probably ", "likely ",   NULL};
    size_t open = paren_open(t, at), close;
    int k;
    if (!open)
        return 0;
    for (close = at; t[close] && t[close] != ')'; close++)
        ;
    for (k = 0; w[k]; k++) {
        const char *q = strstr(t + open - 1, w[k]);
        if (q && q < t + close)
            return 1;
    }
    return 0;
}

/* The number at t[at] follows the word "no" ("no 30 km splits"). */
static int after_no(const char *t, size_t at)
{
    return at >= 3 && !strncmp(t + at - 3, "no ", 3) &&
           (at == 3 || !isalnum((unsigned char)t[at - 4]));
}

/* The number at t[at] picks members of a group ("one of the bands", "two of them"): no value. */
static int of_group(const char *t, size_t at)
{
    static const char *const w[] = {" of the ", " of them", " of these ", " of those ", NULL};
    size_t e = at;
    int k;
    while (isalnum((unsigned char)t[e]))
        e++;
    for (k = 0; w[k]; k++)
        if (!strncmp(t + e, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The number at t[at] is the word "one" of a none-phrase ("there isn't one", "not one of
 * them"): it counts nothing. */
static int word_one(const char *t, size_t at)
{
    return !strncmp(t + at, "one", 3) && !isalpha((unsigned char)t[at + 3]);
}

/* The clause of the number at t[at] goes on to say its subject cannot be had ("the average
 * 40 km split for F75 cannot be computed"): the number names what is missing. */
static int denied_after(const char *t, size_t at)
{
    static const char *const w[] = {
        "cannot be ",       "can't be ",  "could not be ",   "couldn't be ",
        "is not available", "is unknown", "is not recorded", NULL};
    size_t e = at + strcspn(t + at, ",;:!?()\n"), i;
    int k;
    for (i = at; i < e; i++) {
        if (t[i] == '.' && !isdigit((unsigned char)t[i + 1]))
            return 0; /* the sentence ends; "2.5" does not */
        for (k = 0; w[k]; k++)
            if (!strncmp(t + i, w[k], strlen(w[k])))
                return 1;
    }
    return 0;
}

/* The number at t[at] is inside a clause that a negation opens before it ("none of the tests
 * reached 50%", "no swimmer swam the 1500m", "none of the items in case RS-2018-0044"): the
 * condition that finds nothing, no value offered. */
static int in_negated_clause(const char *t, size_t at)
{
    static const char *const neg[] = {"no ",     "none ", "not ",     "never ",
                                      "nobody ", "n't ",  "without ", NULL};
    size_t b = at, i;
    int k;
    while (b > 0 && !strchr(",;.:!?()\n", t[b - 1]) && strncmp(t + b - 1, " - ", 3) &&
           (b < 5 || strncmp(t + b - 5, " but ", 5)))
        b--;
    for (i = b; i < at; i++)
        for (k = 0; neg[k]; k++)
            if ((i == 0 || !isalpha((unsigned char)t[i - 1]) || neg[k][1] == '\'') &&
                !strncmp(t + i, neg[k], strlen(neg[k])))
                return 1;
    return denied_after(t, at);
}

/* The column holds years: a word of its name is "year" ("birth_year", "MIN(year)"), not a
 * count of them ("years_trading"). */
static int year_column(const char *name)
{
    const char *p;
    for (p = name; (p = strstr(p, "year")); p++)
        if ((p == name || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[4]))
            return 1;
    return 0;
}

/* t[b, e) holds a word that says none or missing ("no", "not", "n't", "none", "never",
 * "without", "unknown", "undefined", "missing", "empty"). */
static int none_word_in(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {
        "no ",     "not ",  "n't ",    "none",    "never ", "without ", "unknown", "undefined",
        "missing", "empty", "nothing", "neither", "nor ",   "null",     "n/a",     NULL};
    size_t i;
    int k;
    for (i = b; i < e; i++)
        for (k = 0; w[k]; k++)
            if (!strncmp(t + i, w[k], strlen(w[k])) && i + strlen(w[k]) <= e &&
                (i == 0 || !isalpha((unsigned char)t[i - 1]) ||
                 (w[k][0] == 'n' && w[k][1] == '\'')))
                return 1;
    return 0;
}

/* The number at t[at] is a field's value or what something is: a colon, "=" or "is" before it,
 * past a currency sign ("lowest: $45", "cheapest: £1,899", "the average is 52"); b bounds the
 * search. */
static int field_value(const char *t, size_t b, size_t at)
{
    static const char *const copula[] = {" is", " was", " are", " were", " be", " equals", NULL};
    size_t p = at, n;
    int k;
    while (p > b && (strchr("$~ ", t[p - 1]) || (unsigned char)t[p - 1] >= 0x80))
        p--;                    /* "£" and "€" among them */
    for (k = 0; copula[k]; k++) /* "…, so the average time is 52 minutes" */
        if (p >= b + (n = strlen(copula[k])) && !strncmp(t + p - n, copula[k], n))
            return 1;
    return p > b && (t[p - 1] == ':' || t[p - 1] == '=');
}

/* The number at t[at] is an amount of money ("$1,899", "£1,899"), not a year. */
static int money_at(const char *t, size_t at)
{
    return at > 0 && (t[at - 1] == '$' || (unsigned char)t[at - 1] >= 0x80);
}

/* t[b, e) estimates or guesses ("probably around", "roughly 85 if estimated", "I'd say"). */
static int estimates(const char *t, size_t b, size_t e)
{
    static const char *const w[] = {
        "about ",  "around ",    "roughly ",  "approximately ", "approx",  "probably ", "possibly ",
        "likely ", "perhaps ",   "maybe ",    "estimat",        "guess",   "would ",    " if ",
        "~",       "somewhere ", "close to ", "nearly ",        "almost ", "assum",     "i'd say",
        NULL};
    size_t i;
    int k;
    for (i = b; i < e; i++)
        for (k = 0; w[k]; k++)
            if (!strncmp(t + i, w[k], strlen(w[k])) && i + strlen(w[k]) <= e &&
                (i == 0 || !isalpha((unsigned char)t[i - 1]) || w[k][0] == ' '))
                return 1;
    return 0;
}

/* The number at t[at], in a candidate that says none, is still offered: its sentence estimates
 * ("probably around $60", "roughly 85 if estimated") or it is a field's value ("lowest: $45").
 * Otherwise it names or counts what is around the none ("volunteer 15 has no mileage claim",
 * "the regatta only ran on 18 and 19 May"). */
static int offered_in_none(const char *t, size_t at)
{
    size_t b = at, e = at;
    while (b > 0 && !strchr(";!?\n", t[b - 1]) &&
           !(t[b - 1] == '.' && !isdigit((unsigned char)t[b])))
        b--;
    while (t[e] && !strchr(";!?\n", t[e]) && !(t[e] == '.' && !isdigit((unsigned char)t[e + 1])))
        e++;
    if (estimates(t, b, e))
        return 1;
    if (!none_word_in(t, b, e))
        return 1; /* the none is another sentence's ("Salesman £2,400; Gabler not listed") */
    return field_value(t, b, at);
}

/* A candidate says none of the row's NULL column by its name ("its audience was not recorded",
 * "the weather for that display was not recorded"): the numbers around it are the question's
 * context, not a value given for it. */
static int column_none_said(const struct grow *g, const struct cands *cs)
{
    static const char *const guess[] = {
        "estimat", "project", "approximately", "would have", "probably", "around",
        "about",   "roughly", "likely",        "guess",      "~",        NULL};
    size_t i, b;
    int k;
    for (i = 0; i < cs->n; i++) /* not beside a number offered in its place ("would probably
                                   have cost around $9.25") */
        for (k = 0; cs->v[i].nnums && guess[k]; k++)
            if (strstr(cs->v[i].text, guess[k]))
                return 0;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        if (!c->nullish)
            continue; /* "its audience was not recorded … so the attendance is unknown" */
        b = c->none_at > 40 ? c->none_at - 40 : 0;
        if (g->n == 1 && g->c[0].kind == CELL_NULL && g->c[0].name && !strchr(g->c[0].name, '(') &&
            column_word_within(g->c[0].name, c->text + b, c->none_at - b))
            return 1;
    }
    return 0;
}

/* A candidate holds a number other than 0 ("12 hours. No shifts are logged for December"), not
 * a year naming a thing, nor an aside in parentheses unless that offers it as a chance, nor a
 * count in words of things ("two plants"). */
static int offers_value(const struct cands *cs, const struct grow *g)
{
    size_t i, j;
    /* to a column of years, only a year is one ("a 33.4 kg Labrador" gives no birth year) */
    int years = g->n == 1 && g->c[0].name && year_column(g->c[0].name);
    for (i = 0; i < cs->n; i++)
        for (j = 0; j < cs->v[i].nnums; j++)
            if (cs->v[i].nums[j].v != 0 && !cs->v[i].nums[j].year &&
                !(years && !year_like(cs->v[i].nums[j].v)) &&
                !words_counting(cs->v[i].text, cs->v[i].nums[j].at) &&
                !number_names_id(cs->v[i].text, cs->v[i].nums[j].at) &&
                (!cs->v[i].nums[j].paren || hedged_paren(cs->v[i].text, cs->v[i].nums[j].at)) &&
                !year_naming(cs->v[i].text, &cs->v[i].nums[j]) &&
                cs->v[i].context_at != cs->v[i].nums[j].at + 1 &&
                !(cs->v[i].nullish && ((year_like(cs->v[i].nums[j].v) &&
                                        !money_at(cs->v[i].text, cs->v[i].nums[j].at)) ||
                                       after_no(cs->v[i].text, cs->v[i].nums[j].at) ||
                                       in_negated_clause(cs->v[i].text, cs->v[i].nums[j].at) ||
                                       of_group(cs->v[i].text, cs->v[i].nums[j].at) ||
                                       word_one(cs->v[i].text, cs->v[i].nums[j].at) ||
                                       !offered_in_none(cs->v[i].text, cs->v[i].nums[j].at))))
                return 1; /* not the year of a none-phrase: "there are no 2019 home matches",
                             nor what it counts none of: "no 30 km splits are available", nor
                             whom: "one of the bands has no genre listed" */
    return 0;
}

/* The reply declines for doubt ("I can't determine this with confidence", "can't reliably
 * compare", "can't be sure every manager is mentioned") and claims nothing absent ("couldn't
 * find any", "does not mention", "no fish", "nothing"): it does not say there is none. */
static int unsure_refusal(const struct scorer *s)
{
    static const char *const doubt[] = {"with confidence",
                                        "confidently",
                                        "reliably",
                                        "with certainty",
                                        "enough certainty",
                                        "can't be sure",
                                        "cannot be sure",
                                        "can't be certain",
                                        "cannot be certain",
                                        "not confident",
                                        "too unclear",
                                        "can't work",
                                        "cannot work",
                                        "can't rule out",
                                        "cannot rule out",
                                        "can't say whether",
                                        "cannot say whether",
                                        "can't tell whether",
                                        "cannot tell whether",
                                        "can't say which",
                                        "cannot say which",
                                        "can't tell which",
                                        "cannot tell which",
                                        "be guessing",
                                        "for sure",
                                        "not sure",
                                        NULL};
    static const char *const absent[] = {"couldn't find",
                                         "could not find",
                                         "can't find",
                                         "cannot find",
                                         "didn't find",
                                         "did not find",
                                         "found no",
                                         "find no",
                                         "don't see any",
                                         "do not see any",
                                         "doesn't mention",
                                         "does not mention",
                                         "don't mention",
                                         "do not mention",
                                         "isn't any",
                                         "aren't any",
                                         "wasn't any",
                                         "weren't any",
                                         "there's no",
                                         "there is no",
                                         "there are no",
                                         "there was no",
                                         "there were no",
                                         "not include",
                                         "n't include",
                                         "nothing",
                                         "nobody",
                                         "no one",
                                         "none",
                                         "never",
                                         "not mentioned",
                                         "no such",
                                         "unknown",
                                         NULL};
    const char *p = reply_normalised(s); /* lower case, quotes plain, once per reply */
    int k, hit = 0;
    for (k = 0; doubt[k] && !hit; k++)
        hit = strstr(p, doubt[k]) != NULL;
    for (k = 0; absent[k] && hit; k++)
        hit = !strstr(p, absent[k]);
    return hit;
}

/* The paragraph after the answer's in the reply ("Answer: No answer\n\nPossible …"), or NULL. */
static const char *paragraph_after(const char *reply, const char *ans)
{
    char head[48];
    const char *at, *p;
    size_t n = strcspn(ans, "\n");
    if (n < 2)
        return NULL;
    n = n < sizeof(head) ? n : sizeof(head) - 1; /* a long line by its start */
    memcpy(head, ans, n), head[n] = '\0';
    for (at = NULL, p = reply; (p = strstr(p, head)); p++)
        at = p; /* the answer's own place: its last */
    if (!at || !(p = strstr(at, "\n\n")))
        return NULL;
    return p + strspn(p, "\n \t");
}

/* needle (lower case) within the first n bytes of hay, case aside. */
static int strcasestr_n(const char *hay, const char *needle, size_t n)
{
    size_t m = strlen(needle), i;
    for (i = 0; hay[i] && i < n; i++)
        if (!strncasecmp(hay + i, needle, m))
            return 1;
    return 0;
}

/* The table at p has no letter or digit below its header and rule lines. */
static int empty_table(const char *p)
{
    const char *e = strstr(p, "\n\n"), *q = p;
    int line;
    e = e ? e : p + strlen(p);
    for (line = 0; q < e && line < 2; q++)
        line += *q == '\n';
    for (; q < e; q++)
        if (isalnum((unsigned char)*q))
            return 0;
    return 1;
}

/* The paragraph right after the answer (p, or NULL) offers names all the same ("Answer: No
 * answer\n\nPossible candidates: Ilya Marchetti, Dora Quist."). */
static int offer_after(const char *p)
{
    static const char *const w[] = {
        "possible candidate", "possible match", "candidates:", "closest", "nearest",
        "likely candidate",   "possibly ",      NULL};
    static const char *const aside[] = {"for reference", "for context",  "for comparison",
                                        "none of these", "none of them", NULL};
    static const char *const turn[] = {"that said", "however", "but ", "although", NULL};
    static const char *const near[] = {"closest",  "came close", "might have",
                                       "may have", "could have", NULL};
    const char *q = p ? p + strspn(p, "*_#>-( ") : NULL; /* past its marks */
    int k, j;
    size_t n;
    for (k = 0; q && w[k]; k++)
        if (!strncasecmp(q, w[k], strlen(w[k])))
            return 1;
    for (k = 0, n = q ? strcspn(q, ".\n") : 0; q && turn[k]; k++) /* "That said, A came closest" */
        for (j = 0; !strncasecmp(q, turn[k], strlen(turn[k])) && near[j]; j++)
            if (strcasestr_n(q, near[j], n))
                return 1;
    if (!p || !(*p == '|' || (p[0] == '-' && p[1] == ' ') || (p[0] == '*' && p[1] == ' ') ||
                (isdigit((unsigned char)p[0]) && p[1] == '.' && p[2] == ' ')))
        return 0;
    if (*p == '|' && empty_table(p))
        return 0;              /* "| — | — |" under the header: nothing offered */
    for (k = 0; aside[k]; k++) /* a list set out as context ("(for reference)") is no offer */
        if (strcasestr_n(p, aside[k], 600))
            return 0;
    return 1; /* rows listed after the answer says none ("None found.\n\n- Hollis Grain …") */
}

/* The paragraph after the answer (p, or NULL) doubts it, rechecking and hedging ("Note: On
 * re-checking sentence 52, Jonas Frei's lap … seems to be faster, so Jonas Frei may actually hold
 * the fastest lap."): a one-row answer is offered with a rival. */
static int rival_after(const char *p)
{
    static const char *const cue[] = {"re-check",       "recheck", "actually", "on reflection",
                                      "second thought", "wait",    NULL};
    static const char *const hedge[] = {" may ",      " might ", " seems ",
                                        " possibly ", " could ", NULL};
    const char *e;
    char *para, *q;
    int k, cued = 0, hedged = 0;
    if (!p)
        return 0;
    e = strstr(p, "\n\n");
    para = xstrndup(p, e ? (size_t)(e - p) : strlen(p));
    for (k = 0; hedge[k]; k++) /* as written: "in May" is no hedge */
        hedged |= strstr(para, hedge[k]) != NULL;
    for (q = para; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    for (k = 0; cue[k]; k++)
        cued |= strstr(para, cue[k]) != NULL;
    free(para);
    return cued && hedged;
}

/* A none-phrase, then a name offered as a chance in parentheses ("No answer (possibly Morag
 * Bell)"): content. */
static int hedged_paren_name(const struct cands *cs)
{
    size_t i, at;
    for (i = 0; i < cs->n; i++) {
        const char *t = cs->v[i].text, *q;
        if (!cs->v[i].nullish)
            continue;
        for (q = strchr(t + cs->v[i].none_at, '('); q; q = strchr(q + 1, '(')) {
            at = (size_t)(q - t) + 1;
            at += strspn(t + at, " ");
            if (hedged_paren(t, at) && strcspn(t + at, ")") > 0 &&
                (!strncmp(t + at, "possibly ", 9) || !strncmp(t + at, "maybe ", 6) ||
                 !strncmp(t + at, "perhaps ", 8) || !strncmp(t + at, "probably ", 9) ||
                 !strncmp(t + at, "likely ", 7)))
                return 1;
        }
    }
    return 0;
}

/* A name offered with a caveat: its none-phrase only inside a parenthesis after the name
 * ("Little Ark Sanctuary (likely, though not stated explicitly)"), which hedges the name
 * rather than saying there is none (not "…, so there is no total to report" after it). */
static int offers_name(struct scorer *s, const struct cands *cs)
{
    size_t i, open, close, b, e;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        if (!c->nullish || !c->other || none_follows(cs, i))
            continue;
        open = paren_open(c->text, c->none_at);
        close = open ? open + strcspn(c->text + open, ")") : 0;
        if (open && c->other < open &&
            !(c->text[close] && re_find(s, s->none, c->text, strlen(c->text), close, &b, &e)))
            return 1;
    }
    return 0;
}

/* t says something of what it names, a verb or "with" in it ("the most experienced is Colin
 * Ashdown, with 18 years"), not a bare name offered ("None. Mina"). */
static int says_something(const char *t)
{
    static const char *const verb[] = {" is ",   " are ", " was ",  " were ", " has ",
                                       " have ", " had ", " with ", NULL};
    int k;
    for (k = 0; verb[k]; k++)
        if (strstr(t, verb[k]))
            return 1;
    return 0;
}

/* The answer opens with a none-phrase that claims absence ("No skipper has more than 20
 * years' experience.", "None of the tomato varieties has more than 50 packets.") and hedges
 * nothing after it: the names in its later sentences are evidence ("The most experienced is
 * Colin Ashdown, with 18 years"). */
static int none_leads(const struct cands *cs, const char *ans)
{
    static const char *const hedge[] = {"possibl",   "perhaps",   "maybe",    "might", "could",
                                        "closest",   "nearest",   "likely",   "if ",   "unless",
                                        "except",    "candidate", "probably", "guess", "not sure",
                                        "uncertain", NULL};
    char *t;
    size_t i;
    int k, hit = 1;
    if (!cs->n || !cs->v[0].nullish || cs->v[0].none_at > 0 || cs->v[0].refuses ||
        strstr(ans, "ctually") || strstr(ans, "Wait"))
        return 0;               /* nor one taken back: "…; actually, Los Tornillos did play" */
    for (i = 1; i < cs->n; i++) /* sentences of evidence, not bare names ("None. Mina"); a
                                   later part goes with its sentence's first */
        if (!cs->v[i].nullish && !cs->v[i].lead && !says_something(cs->v[i].text))
            return 0;
    t = xstrdup(ans);
    for (k = 0; t[k]; k++)
        t[k] = (char)tolower((unsigned char)t[k]);
    for (k = 0; hedge[k] && hit; k++)
        hit = !strstr(t, hedge[k]);
    free(t);
    return hit;
}

/* JSON that says none (an empty array) beside fields of numbers only, naming nothing: the
 * numbers are context ("max_cost_found": 82.50), no row offered. */
static int json_numbers_aside(const struct cands *cs)
{
    size_t i;
    for (i = 0; i < cs->n; i++)
        if (!cs->v[i].nullish && (cs->v[i].other || !cs->v[i].nnums))
            return 0;
    return 1;
}

/* The answer ans ends by concluding there is none, from the evidence it names before ("…, there
 * is no acacia honey recorded there, so no beekeeper fits the question."; "Nobody baked it more
 * than three times, so there is no student who meets that condition."), and offers nothing as a
 * chance: the names were the evidence, the none is the answer. */
static int none_concludes(const char *ans)
{
    static const char *const hedge[] = {"possibl", "perhaps",   "maybe",  "might", "could",
                                        "closest", "candidate", "likely", "if ",   NULL};
    static const char *const so[] = {
        ", so ",  ". so ",       "; so ",  " \xe2\x80\x94 so ", " \xe2\x80\x93 so ",
        " - so ", " therefore ", " thus ", " hence ",           "which means ",
        NULL};
    static const char *const no[] = {" no ", " none", " nothing", " nobody", " no one", NULL};
    char *t = xstrdup(ans);
    const char *p;
    size_t n = 0, i, b;
    int k, j, hit = 0;
    for (i = 0; ans[i]; i++) /* in lower case, without emphasis: "so **none** of them" */
        if (ans[i] != '*')
            t[n++] = (char)tolower((unsigned char)ans[i]);
    while (n && strchr(" \n*_.!", t[n - 1]))
        n--;
    t[n] = '\0';
    for (b = n; b > 0 && !(strchr(".!?\n", t[b - 1]) && (t[b] == ' ' || t[b - 1] == '\n')); b--)
        ; /* the last sentence: t[b, n) */
    for (k = 0; so[k] && !hit; k++) {
        p = strstr(b >= 2 ? t + b - 2 : t, so[k]);
        for (j = 0; p && no[j] && !hit; j++) {
            const char *q = strstr(p + strlen(so[k]) - 1, no[j]);
            hit = q && q - p < 48;
        }
    }
    i = b + strspn(t + b, " \n");
    if (!hit && (p = strrchr(t + i, ';')) && p[1] == ' ' &&
        (!strncmp(p + 2, "there are no ", 13) || !strncmp(p + 2, "there were no ", 14) ||
         !strncmp(p + 2, "there is no ", 12) || !strncmp(p + 2, "there was no ", 13)))
        i = (size_t)(p + 2 - t); /* "…is lesson 136 on 23 March; there are no lessons in April" */
    if (!hit && i > 0 &&
        (!strncmp(t + i, "no ", 3) || !strncmp(t + i, "none ", 5) ||
         !strncmp(t + i, "nothing ", 8) || !strncmp(t + i, "nobody ", 7) ||
         !strncmp(t + i, "there are no ", 13) || !strncmp(t + i, "there were no ", 14)))
        hit = !strstr(t + i, " other") && !strstr(t + i, " else") && !strstr(t + i, " rest") &&
              strncmp(t + i, "no answer", 9) && !strstr(t + i, " but ") && !strpbrk(t + i, ";:,");
    /* a last sentence of its own, all of it the none: "No review gave a score of 2 or lower." */
    for (k = 0; hedge[k] && hit; k++)
        hit = !strstr(t, hedge[k]);
    free(t);
    return hit;
}

/* A none-phrase in the subject, restating the question's condition ("the vet with no recorded
 * treatments is Dr. Samir Haddad"): the name after the verb is offered, no none said. */
static int none_in_subject(struct scorer *s, const struct cands *cs)
{
    static const char *const qual[] = {"with ",      "who has ",  "who had ",   "who have ",
                                       "that has ",  "that had ", "that have ", "which has ",
                                       "which had ", NULL};
    static const char *const verb[] = {" is ", " are ", " was ", " were ", NULL};
    size_t i, n, v, b, e;
    int k, q;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        const char *t = c->text, *p;
        if (!c->nullish || !c->other)
            continue;
        for (q = 0, k = 0; qual[k] && !q; k++)
            q = c->none_at >= (n = strlen(qual[k])) && !strncmp(t + c->none_at - n, qual[k], n);
        v = c->none_at + strcspn(t + c->none_at, ",;:.()");
        for (k = 0; q && verb[k]; k++)
            if ((p = strstr(t + c->none_at, verb[k])) && (size_t)(p - t) < v &&
                !re_find(s, s->none, p, strlen(p), 0, &b, &e))
                return 1;
    }
    return 0;
}

/* The lead-in t[0, n) sets out what exists, not what meets the question ("the roles that
 * appear in the roster are", "the varietals that appear are"): after a none, context. */
static int existing_ones(const char *t, size_t n)
{
    static const char *const w[] = {"appear",    "exist", "listed",  "recorded",
                                    "mentioned", "occur", "show up", NULL};
    int k;
    for (k = 0; w[k]; k++) {
        const char *p = strstr(t, w[k]);
        if (p && (size_t)(p - t) < n)
            return 1;
    }
    return 0;
}

/* After a none-phrase, one sentence naming several rows under a superlative ("No products are
 * priced under $5. The cheapest are: A ($9.99), B ($11.50).") and nothing saying they fail:
 * rows offered all the same (one near miss named is context, as most labellers read it). */
static int superlative_list(struct scorer *s, const struct cands *cs)
{
    size_t i, j, b, e;
    int seen_none = 0, fails;
    for (i = 0; i + 1 < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        seen_none |= c->nullish;
        if (!seen_none || c->nullish || c->lead || cs->v[i + 1].lead != i + 1 ||
            !re_find(s, s->superlative, c->text, strlen(c->text), 0, &b, &e) ||
            existing_ones(c->text + b, e - b))
            continue;
        for (j = i, fails = 0; j < cs->n && (j == i || cs->v[j].lead == i + 1); j++)
            fails |= re_find(s, s->not_qualify, cs->v[j].text, strlen(cs->v[j].text), 0, &b, &e);
        if (!fails)
            return 1;
    }
    return 0;
}

/* A name given with one of its cells said missing ("Aurora — captain unknown; Sea Finch —
 * captain unknown"): to empty gold, rows offered, only a cell lacking. */
static int named_without_cell(const struct cands *cs, const cJSON *cols)
{
    const cJSON *col;
    size_t i;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        const char *sep;
        size_t from, left;
        if (!c->nullish || !c->other || c->other - 1 >= c->none_at)
            continue;
        sep = strstr(c->text + c->other - 1, " - ");
        sep = sep ? sep : strstr(c->text + c->other - 1, ": ");
        from = sep ? (size_t)(sep - c->text) + 3 : 0;
        if (!sep || from > c->none_at || c->none_at - from > 24)
            continue; /* "Name — captain unknown": the cell's word right before the none */
        left = strlen(c->text + from);
        cJSON_ArrayForEach(col, cols)
        {
            const char *name = cJSON_GetStringValue(col);
            if (name && !strchr(name, '(') &&
                column_word_within(name, c->text + from,
                                   c->none_at - from + 24 < left ? c->none_at - from + 24 : left))
                return 1;
        }
    }
    return 0;
}

/* A none-phrase with an exception that names something ("None of the stores made a loss in
 * Q3, except Old Town"; not "… except in 2022"): a row offered after all. */
static int except_offer(const struct cands *cs)
{
    static const char *const w[] = {"except ", "other than ", "apart from ", NULL};
    static const char *const not_name[] = {"in ",    "during ", "on ", "at ", "when ", "if ",
                                           "where ", "that ",   "as ", "to ", NULL};
    size_t i;
    int k, m;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        /* in the none-phrase's part, or opening a later part of its sentence */
        int after_none = c->lead && cs->v[c->lead - 1].nullish;
        for (k = 0; (c->nullish || after_none) && w[k]; k++) {
            const char *q = c->nullish ? strstr(c->text + c->none_at, w[k])
                            : !strncmp(c->text, w[k], strlen(w[k])) ? c->text
                                                                    : NULL,
                       *after;
            int name = q != NULL;
            if (!q)
                continue;
            after = q + strlen(w[k]);
            after += !strncmp(after, "for ", 4) ? 4 : 0;
            for (m = 0; not_name[m] && name; m++)
                name = strncmp(after, not_name[m], strlen(not_name[m])) != 0;
            if (name && isalnum((unsigned char)*after))
                return 1;
        }
    }
    return 0;
}

/* A candidate that offers something as the one that meets the question's condition, the
 * condition itself a none-phrase ("Pride of Porthleven is the only boat with no landings
 * recorded"): content, not a claim that nothing qualifies. */
static int only_one_offered(const struct cands *cs)
{
    static const char *const w[] = {" is the only ", " was the only ", " are the only ",
                                    " were the only ", NULL};
    static const char *const pron[] = {"there", "it ",     "this",   "that", "none",
                                       "no ",   "nothing", "nobody", NULL};
    size_t i;
    int k, m, pronoun;
    for (i = 0; i < cs->n; i++)
        for (k = 0; w[k]; k++) {
            const char *q = strstr(cs->v[i].text, w[k]), *t = cs->v[i].text;
            size_t at = q ? (size_t)(q - t) : 0;
            if (!q || q == t || !cs->v[i].nullish || cs->v[i].none_at < at ||
                cs->v[i].none_at > at + 48 || memchr(q, ',', cs->v[i].none_at - at) ||
                memchr(q, ';', cs->v[i].none_at - at))
                continue; /* the none-phrase is the condition it meets, in the same clause */
            for (m = 0, pronoun = 0; pron[m]; m++)
                pronoun |= !strncmp(cs->v[i].text, pron[m], strlen(pron[m]));
            if (!pronoun)
                return 1;
        }
    return 0;
}

/* A name offered under a condition beside a none-phrase ("Either none, or Fenmoor if the
 * secondary reading counts"): content. */
static int conditional_name(const struct cands *cs)
{
    size_t i;
    int none = 0;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        none |= c->nullish;
        if (none && !c->nullish && c->other &&
            (strstr(c->text, " if ") || !strncmp(c->text, "if ", 3)))
            return 1;
    }
    return 0;
}

/* t says only that the reply cannot tell ("I'm unable to determine this from the passage",
 * "I cannot verify the values with confidence"), not that there is none ("nothing", "not
 * stated", "no such"). */
static int only_unsure(const char *t)
{
    static const char *const unsure[] = {
        "unable to",           "can't determine",    "cannot determine",
        "could not determine", "couldn't determine", "can't tell",
        "cannot tell",         "with confidence",    "with any confidence",
        "not confident",       "cannot verify",      "can't verify",
        "can't pin",           "couldn't pin",       NULL};
    static const char *const absent[] = {"no such",   "none",         "nothing",      "not stated",
                                         "not given", "not recorded", "not listed",   "missing",
                                         "unknown",   "there is no",  "there are no", "no record",
                                         NULL};
    int k, hit = 0;
    for (k = 0; unsure[k] && !hit; k++)
        hit = strstr(t, unsure[k]) != NULL;
    for (k = 0; hit && absent[k]; k++)
        hit = !strstr(t, absent[k]);
    return hit;
}

/* The answer is the prompt's bare "No answer", maybe after saying only that the reply cannot
 * tell ("I'm unable to determine this from the passage. No answer."): the sentences did not
 * tell, which is not saying there is none (REFERENCE: a "No Answer" reply makes every gold row
 * No Match; such NULL rows are labelled none 6 times to 0). */
/* t ends with the prompt's "No answer" (any case, marks and stops after it): 1 + where it
 * starts, else 0. */
static size_t no_answer_at_end(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    while (n && strchr(" \n\t*_.!", t[n - 1]))
        n--;
    return n >= 9 && !strncasecmp(t + n - 9, "no answer", 9) ? n - 8 : 0;
}

/* The reply's last line is the prompt's "No answer" alone. */
static int ends_no_answer(const char *reply)
{
    size_t at = no_answer_at_end(reply), b;
    if (!at--)
        return 0;
    for (b = at; b && reply[b - 1] != '\n'; b--)
        ;
    return b + strspn(reply + b, " *") == at;
}

static int bare_no_answer(const struct scorer *s, const struct cands *cs)
{
    const char *t = cs->n ? cs->v[cs->n - 1].text : "";
    size_t i, n = cs->n;
    /* or only that it cannot tell, its "No answer" left below ("I'm unable to determine this
     * from the provided text.\n\nNo answer." read answer first) */
    if (!strncmp(t, "no answer", 9) && strspn(t + 9, ".!* ") == strlen(t + 9))
        n--;
    else if (!n || !s->reply || !ends_no_answer(s->reply))
        return 0;
    for (i = 0; i < n; i++)
        if (!only_unsure(cs->v[i].text))
            return 0;
    return 1;
}

/* The sentence of candidate `first` (and its later parts) ends by calling its names the near
 * misses ("(Arbor St 128.4k and Bay Rd 131.0k came closest.)"). */
static int came_closest(const struct cands *cs, size_t first)
{
    static const char *const w[] = {"came closest", "come closest", "came close",
                                    "come close",   "were closest", "are closest",
                                    "came nearest", "were nearest", NULL};
    size_t j;
    int k;
    for (j = first; j < cs->n && (j == first || cs->v[j].lead == first + 1); j++)
        for (k = 0; w[k]; k++)
            if (strstr(cs->v[j].text, w[k]))
                return 1;
    return 0;
}

/* After saying there is none, rows named as the nearest misses ("None earn more than
 * €90,000 — the closest are Renata Oyelaran (€92,000) and Mikkel Haugen"): the answer says they
 * do not qualify, none. */
static void closest_rows(struct scorer *s, const struct cands *cs, struct labelling *L,
                         struct score_result *out)
{
    size_t i, j, b, e;
    for (i = 0; i < L->n; i++) {
        long k = L->cand_of[i] >= 0 ? L->cand_of[i] : L->keyed[i];
        size_t first, upto;
        int none = 0;
        if (out->labels[i] == LABEL_NONE || k < 0 || L->g[i].key < 0)
            continue;
        first = cs->v[k].lead ? cs->v[k].lead - 1 : (size_t)k;
        for (j = 0; j <= first && !none; j++)
            none = cs->v[j].nullish && !cs->v[j].refuses;
        upto = (size_t)k == first ? L->fit[i].at : strlen(cs->v[first].text);
        if (none &&
            ((re_find(s, s->closest, cs->v[first].text, upto, cs->v[first].none_at, &b, &e) &&
              strncmp(cs->v[first].text + b, "if", 2)) ||
             came_closest(cs, first)))
            relabel(out, i, LABEL_NONE,
                    xstrdup("named as the nearest miss after the answer says there is none"));
    }
}

/* A zero given as a value ("so the total is zero"). */
static int offers_zero(const struct cands *cs)
{
    size_t i;
    for (i = 0; i < cs->n; i++)
        if (gives_zero(&cs->v[i]))
            return 1;
    return 0;
}

/* A zero given as a value, but not in a field labelled for something else than the row's
 * one column ("matching_sweeps: 0" beside "average_duration_h: N/A"): that zero counts what
 * there was. */
static int zero_in_own_field(const struct grow *g, const struct cands *cs)
{
    size_t i, j, b, lab;
    const char *colon;
    for (i = 0; i < cs->n; i++) {
        const struct cand *c = &cs->v[i];
        if (!gives_zero(c))
            continue;
        for (j = 0; j < c->nnums; j++) {
            if (c->nums[j].v != 0)
                continue;
            for (b = c->nums[j].at; b > 0 && strncmp(c->text + b - 1, "|", 1); b--)
                ; /* the field the zero is in: after the last " | " before it */
            b += strspn(c->text + b, " ");
            colon = strstr(c->text + b, ": ");
            if (!colon || (size_t)(colon - c->text) > c->nums[j].at || g->n != 1)
                return 1;
            lab = (size_t)(colon - (c->text + b));
            if (lab > 40 || names_column(&g->c[0], c->text + b, lab) ||
                (g->c[0].name && column_word_within(g->c[0].name, c->text + b, lab)))
                return 1;
        }
    }
    return 0;
}

/* The answer opens with 0 ("0 (there were no sales)"; with unit set, in a unit: "0 g — no
 * weights recorded"): a value given, which an aggregate of nothing is not. */
static int opens_with_zero(const struct cands *cs, int unit)
{
    return cs->n && cs->v[0].nnums && cs->v[0].nums[0].at == 0 && cs->v[0].nums[0].v == 0 &&
           (!unit || unit_after(cs->v[0].text, 0));
}

/* The row's one column is a sum ("SUM(refund_eur)", "total_fines"): an answer opening with a
 * bare 0 gives it as 0; for an average, a minimum or a maximum that 0 may count the rows ("0
 * — no stays"), and only a 0 in a unit is its value. Blind labels of a NULL sum given as 0
 * beside a none: 134 none, 51 exact, 28 partial. */
static int sum_column(const struct grow *g)
{
    const char *name = g->n == 1 ? g->c[0].name : NULL;
    return name && (!strncasecmp(name, "sum", 3) || !strncasecmp(name, "total", 5));
}

/* For a NULL of a column of years, a year offered in a hedged or rounded parenthesis ("Not
 * stated (possibly around 2015)" for MAX(year_built), "(approximately 2001)"): a value guessed. */
static int year_offered(const struct cands *cs, const struct grow *g)
{
    static const char *const approx[] = {"approximately ", "around ", "about ", "roughly ",
                                         "circa ",         "~",       NULL};
    size_t i, j;
    int k, years = 0;
    for (k = 0; k < g->n; k++)
        years |= g->c[k].name && name_has(g->c[k].name, "year");
    for (i = 0; years && i < cs->n; i++)
        for (j = 0; j < cs->v[i].nnums; j++)
            if (cs->v[i].nums[j].paren && year_like(cs->v[i].nums[j].v) &&
                (hedged_paren(cs->v[i].text, cs->v[i].nums[j].at) ||
                 paren_opens_with(cs->v[i].text, cs->v[i].nums[j].at, approx)))
                return 1;
    return 0;
}

/* The answer gives the amounts of a column named for one currency in another only ("$6,500"
 * for `prize_eur`): right figures, partly wrong, so no row holding one is exact. */
static void wrong_currency(const char *ans, const cJSON *cols, const struct labelling *L,
                           struct score_result *out)
{
    unsigned said = 0;
    size_t i;
    int k, cur, read = 0;
    for (k = 0; k < cJSON_GetArraySize(cols); k++) {
        const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(cols, k));
        if ((cur = name ? column_currency(name) : -1) < 0)
            continue;
        if (!read) /* once, and only for a column named for a currency: a scan of the answer */
            said = currencies_said(ans), read = 1;
        if (!said || said & (1u << cur))
            continue;
        for (i = 0; i < L->n; i++)
            if (out->labels[i] == LABEL_EXACT && k < L->g[i].n && L->g[i].c[k].kind == CELL_NUM)
                relabel(out, i, LABEL_PARTIAL,
                        xstrdup("its amount is given in another currency than its column's"));
    }
}

/* A candidate says none, though an offer found elsewhere made the answer not say none (an
 * id beside the null: "11 | null |", "the prescriber of prescription 35 is not recorded"), and
 * nothing in it estimates, guesses or gives a zero: to a row of NULLs, that is the none. */
static int plain_none(const struct cands *cs)
{
    size_t i, j;
    int none = 0;
    for (i = 0; i < cs->n; i++) {
        const char *t = cs->v[i].text;
        if (estimates(t, 0, strlen(t)) || strstr(t, "zero"))
            return 0;
        none |= cs->v[i].nullish;
        for (j = 0; j < cs->v[i].ndates; j++)
            if (field_value(t, 0, cs->v[i].dates[j].at))
                return 0; /* "none has a firm due date, so the earliest is 2024-03-01" */
        for (j = 0; j < cs->v[i].nnums; j++)
            if (cs->v[i].nums[j].v == 0)
                return 0;
    }
    return none;
}

/* For a NULL cell of a column named by one word (`groomed`), a candidate says "not" before
 * that word ("No, Powder Bowl is not groomed."): the answer gives the flag as false, a value
 * the data does not hold. */
static int null_flag_denied(const struct grow *g, const struct cands *cs)
{
    size_t j;
    int i;
    for (i = 0; i < g->n; i++) {
        const char *name = g->c[i].name;
        if (g->c[i].kind != CELL_NULL || !name || strpbrk(name, "_ ().") || strlen(name) < 4)
            continue;
        for (j = 0; j < cs->n; j++) {
            const char *p;
            for (p = cs->v[j].text; (p = strstr(p, "not ")); p += 4)
                if ((p == cs->v[j].text || p[-1] == ' ') &&
                    !strncasecmp(p + 4, name, strlen(name)) &&
                    !isalpha((unsigned char)p[4 + strlen(name)]))
                    return 1; /* the word itself: "not premiered" is no flag of `premiere` */
        }
    }
    return 0;
}

static void null_rows(struct scorer *s, const struct cands *cs, struct labelling *L,
                      struct score_result *out)
{
    size_t i, j;
    int zero, none_field;
    for (i = 0; i < L->n; i++) {
        if (L->g[i].key < 0 && !fields_given(&L->g[i], cs, &none_field) && none_field &&
            !zero_in_own_field(&L->g[i], cs)) {
            relabel(out, i, LABEL_EXACT, /* "firing_id: 104 | …| glaze: none" */
                    xstrdup("a row of NULLs, and the field named for its column says none"));
            continue;
        }
        if (L->g[i].key < 0 && null_member(&L->g[i], cs)) {
            L->cand_of[i] = -1;
            relabel(out, i, LABEL_EXACT, /* {"category": "Furniture", "max_sale_price": null} */
                    xstrdup("a row of NULLs, and the JSON member named for its column says none"));
            continue;
        }
        if (L->g[i].key >= 0 || !(cs->says_none || plain_none(cs)) ||
            (offers_value(cs, &L->g[i]) && !column_none_said(&L->g[i], cs)) || offers_name(s, cs) ||
            bare_no_answer(s, cs) || year_offered(cs, &L->g[i]) || unsure_refusal(s))
            continue; /* nor declined for doubt: "No answer - I'm not confident enough …" */
        for (j = 0; j < cs->n && !cs->v[j].nullish; j++)
            ;
        L->cand_of[i] = j < cs->n ? (long)j : -1;
        zero = offers_zero(cs);
        if (zero || opens_with_zero(cs, !sum_column(&L->g[i])))
            relabel(out, i, LABEL_NONE,
                    xstrdup("a row of NULLs: the answer gives it as 0, which it is not"));
        else if (null_flag_denied(&L->g[i], cs))
            relabel(out, i, LABEL_NONE,
                    xstrdup("a row of NULLs: the answer gives its flag as false, which it is not"));
        else if (fields_given(&L->g[i], cs, &none_field))
            relabel(out, i, none_field ? LABEL_PARTIAL : LABEL_NONE,
                    xstrdup("a row of NULLs: a field named for one of its columns gives a value"));
        else
            relabel(out, i, LABEL_EXACT,
                    xstrdup("a row of NULLs, and the answer says there is none"));
    }
}

/* Among several rows, a row of NULLs answered by a part of the list that is a none-phrase and
 * names no row ("Gallimard, Companhia das Letras, and one book with no publisher listed"). */
static void null_row_listed(struct scorer *s, const struct cands *cs, struct labelling *L,
                            const unsigned char *named, struct score_result *out)
{
    size_t i, j, b, e;
    for (i = 0; L->n > 1 && i < L->n; i++) {
        if (L->g[i].key >= 0 || out->labels[i] != LABEL_NONE)
            continue;
        for (j = 0; j < cs->n; j++)
            if (!named[j] && !cs->v[j].refuses &&
                re_find(s, s->null_item, cs->v[j].text, strlen(cs->v[j].text), 0, &b, &e) &&
                (cs->v[j].lead || cs->v[j].item))
                break;
        if (j == cs->n)
            continue;
        L->cand_of[i] = (long)j;
        relabel(out, i, LABEL_EXACT, xstrdup("a row of NULLs, said as a part of the list"));
    }
}

/* A none-phrase hedged, then turned ("None of the nurses clearly meet it, though possibly A and
 * B"; "No ship clearly qualifies, although A and B are listed above 50,000"): the names after
 * the turn are offered, not committed to. */
static int hedged_turn(const char *t, const char *turn)
{
    static const char *const hedge[] = {"possibly ", "perhaps ", "maybe ", "probably ", NULL};
    static const char *const soft[] = {" clearly ", " definitely ", " certainly ", NULL};
    const char *at = strstr(t, turn);
    int k;
    for (k = 0; hedge[k]; k++)
        if (!strncmp(at + strlen(turn), hedge[k], strlen(hedge[k])))
            return 1;
    for (k = 0; soft[k]; k++) {
        const char *q = strstr(t, soft[k]);
        if (q && q < at)
            return 1;
    }
    return 0;
}

/* The exact rows named in the first sentence, after its none-phrase: partial. */
static void same_sentence_partial(const struct cands *cs, struct labelling *L,
                                  struct score_result *out)
{
    size_t i;
    for (i = 0; i < L->n; i++) {
        long c = L->cand_of[i];
        if (out->labels[i] != LABEL_EXACT || c < 0 || (c > 0 && cs->v[c].lead != 1) ||
            (c == 0 && L->fit[i].at < cs->v[0].none_at))
            continue;
        relabel(out, i, LABEL_PARTIAL,
                xstrdup("the answer says there is none, then offers this row with a hedge"));
    }
}

/* The word before t[colon] says the answer is given or refused ("say", "decline", "answer"). */
static int refusing_word(const char *t, size_t colon)
{
    static const char *const w[] = {"say", "decline", "answer", "so", "therefore", NULL};
    size_t b = colon;
    int k;
    while (b > 0 && isalpha((unsigned char)t[b - 1]))
        b--;
    for (k = 0; w[k]; k++)
        if (colon - b == strlen(w[k]) && !strncasecmp(t + b, w[k], colon - b))
            return 1;
    return 0;
}

/* The answer ends by refusing ("…; since I can't give a reliable total, I'll say: No answer.")
 * or opens with a refusal of the whole question ("I'm unable to answer this question from the
 * given text. While some sessions … are mentioned, …"): what it named on the way is no answer,
 * every row none, as the judge has a "No answer" reply.  Read in place: it runs on every
 * reply. */
static int refuses_whole(const char *t)
{
    static const char *const opens[] = {"i'm unable to answer",
                                        "i am unable to answer",
                                        "i cannot answer",
                                        "i can't answer",
                                        "i'm not able to answer",
                                        "i am not able to answer",
                                        NULL};
    size_t b = t ? strspn(t, " \n*_#>") : 0;
    int k;
    for (k = 0; opens[k]; k++)
        if (!strncasecmp(t + b, opens[k], strlen(opens[k])))
            return 1;
    if (!(b = no_answer_at_end(t)))
        return 0;
    for (b--; b > 0 && t[b - 1] == ' '; b--)
        ;
    /* its own sentence: "I'll say: No answer.", "I'll decline: No answer."; not one row's
     * ("Otters: No answer.") */
    return b == 0 || strchr(".!\n", t[b - 1]) || (t[b - 1] == ':' && refusing_word(t, b - 1));
}

static void refused_rows(const char *ans, struct labelling *L, struct score_result *out)
{
    size_t i;
    if (!refuses_whole(ans))
        return;
    for (i = 0; i < L->n; i++) /* a NULL is answered by refusing it a value: "… No answer." */
        if (out->labels[i] != LABEL_NONE && !has_null(&L->g[i]))
            relabel(out, i, LABEL_NONE, xstrdup("the answer refuses: what it names is no answer"));
}

/* An answer that opens by saying there is none ("None of the films exceed 150 minutes. The
 * longest are A (162 min) and B (155 min)"), or refusing ("No answer. (A and B qualify, but the
 * information is incomplete.)"), and goes on to name gold rows contradicts itself: those rows
 * were named but not given as the answer, partial. */
/* After its none-phrase, t declines only the whole or a sure list ("I can't give a complete
 * list", "a full answer", "a definitive list", "a fully certain answer"): what it goes on to
 * name it gives. */
static int refuses_only_whole(const char *t)
{
    static const char *const w[] = {"a complete ", "a full ",    "an exhaustive ", "every one",
                                    "all of them", "the whole ", "a definitive ",  "a definite ",
                                    "a fully ",    "a certain ", "a conclusive ",  "a precise ",
                                    "an exact ",   "the full ",  "the complete ",  NULL};
    size_t e = strcspn(t, ".;:\n"), at;
    int k;
    for (k = 0; w[k]; k++)
        if (text_has(t, w[k], &at) && at < e)
            return 1;
    return 0;
}

/* t opens with a count of two or more things ("three tools have no brand listed"), maybe
 * after words that set them aside ("leaving out the three unrated locks"). */
static int count_of_none(const char *t)
{
    static const char *const aside[] = {
        "leaving out the ",  "setting aside the ", "excluding the ",
        "ignoring the ",     "apart from the ",    "aside from the ",
        "not counting the ", "besides the ",       NULL};
    size_t len, k;
    double v;
    for (k = 0; aside[k]; k++) /* "Leaving out the three unrated locks (…), …" */
        if (!strncmp(t, aside[k], strlen(aside[k])))
            t += strlen(aside[k]);
    len = strspn(t, "0123456789");
    v = len ? strtod(t, NULL) : small_number_at(t, &len);
    return v >= 2 && t[len] == ' ' && isalpha((unsigned char)t[len + 1]);
}

static void none_then_rows(const struct cands *cs, struct labelling *L, struct score_result *out)
{
    static const char *const turn[] = {"but ", "although ", "though ", "however", "except", NULL};
    size_t i, k;
    /* "No answer. (A and B qualify, but …)": refused, then offered all the same */
    int says_no_answer = cs->n && cs->v[0].refuses && !strncmp(cs->v[0].text, "no answer", 9);
    int refused = says_no_answer && !cs->v[0].item;
    /* a row of cells ("no rent data | 640", a JSON object's values) opens no sentence */
    if (out->extraction && !strcmp(out->extraction, "json"))
        return; /* JSON's members come in no order of speech: a member saying none of one
                   thing ("family": "no family show …") is no opening none */
    if (!says_no_answer &&
        (!cs->n || !cs->v[0].nullish || cs->v[0].refuses || cs->v[0].item ||
         strstr(cs->v[0].text, " | ") || paren_open(cs->v[0].text, cs->v[0].none_at) ||
         count_of_none(cs->v[0].text) || refuses_only_whole(cs->v[0].text + cs->v[0].none_at)))
        return; /* nor a none in an aside: "(visual observations contribute nothing, …)"; nor
                   a count of the rows that lack something ("Three tools have no brand") */
    for (k = 0; turn[k]; k++) /* "No clinic opens Sundays, but these open Saturdays: A, B" */
        if (strstr(cs->v[0].text, turn[k])) {
            if (!says_no_answer && hedged_turn(cs->v[0].text, turn[k]))
                same_sentence_partial(cs, L, out);
            return;
        }
    for (i = 0; i < L->n && !says_no_answer; i++) /* "Archives: no manager" is a row */
        if (L->cand_of[i] == 0 || L->keyed[i] == 0)
            return;
    for (i = 0; i < L->n; i++) {
        long c = L->cand_of[i];
        /* "No answer. (If I had to guess: St. Ansgar General, …)": in the refusal's own text */
        int in_refusal =
            says_no_answer && c == 0 && L->fit[i].at > cs->v[0].none_at + 9 && !has_null(&L->g[i]);
        if (out->labels[i] != LABEL_EXACT || (c <= 0 && !in_refusal) || L->g[i].key < 0 ||
            (c > 0 && (cs->v[c].lead == 1 || (says_no_answer && !refused))))
            continue; /* a list whose first item says "No answer" for its own row is no refusal */
        if (!refused && L->g[i].n == 1 && L->g[i].c[0].kind == CELL_NUM && L->g[i].c[0].v == 0)
            continue; /* a count of none: "I found none … The count is 0" says it twice */
        relabel(out, i, LABEL_PARTIAL,
                xstrdup(refused ? "the answer says \"No answer\", then offers this row"
                                : "the answer says there is none, then names this row"));
    }
}

/* The part t says the ones named before it in its sentence do not count ("so neither of those
 * is above the threshold", "none of them qualifies"). */
static int denies_named(const char *t)
{
    static const char *const w[] = {"neither of those",
                                    "neither of these",
                                    "neither of them",
                                    "none of those",
                                    "none of these",
                                    "none of them",
                                    NULL};
    static const char *const verb[] = {
        " qualif",      " count",        " meet",    " make",     " reach",    " exceed",
        " is above",    " are above",    " is over", " are over", " is below", " are below",
        " is under",    " are under",    " is more", " are more", " is less",  " are less",
        " is included", " are included", NULL};
    const char *p;
    int k, v;
    for (k = 0; w[k]; k++)
        if ((p = strstr(t, w[k])) && (p == t || !isalpha((unsigned char)p[-1])))
            for (v = 0; verb[v]; v++)
                if (!strncmp(p + strlen(w[k]), verb[v], strlen(verb[v])))
                    return 1;
    return 0;
}

/* A part of the sentence of candidate c says what pred tests: one after c, or with whole, any
 * part of it from its first. */
static int part_says(const struct cands *cs, long c, int whole, int (*pred)(const char *))
{
    size_t first = cs->v[c].lead ? cs->v[c].lead - 1 : (size_t)c, j;
    for (j = whole ? first : (size_t)c + 1; j < cs->n && (j == first || cs->v[j].lead == first + 1);
         j++)
        if (pred(cs->v[j].text))
            return 1;
    return 0;
}

/* A row named in a part of a sentence whose later part sets aside the ones named before it
 * ("Northgate Hub sits at 1,200, right at the limit, and Canal Street handles 1,100, so neither
 * of those is above the threshold"): not offered, none. */
static void denied_in_sentence(const struct cands *cs, struct labelling *L,
                               struct score_result *out)
{
    size_t i;
    for (i = 0; i < L->n; i++) {
        long c = L->cand_of[i] >= 0 ? L->cand_of[i] : L->keyed[i];
        if (c < 0 || out->labels[i] == LABEL_NONE || has_null(&L->g[i]))
            continue; /* "neither of them is listed with a club" says its NULL */
        if (part_says(cs, c, 0, denies_named))
            relabel(out, i, LABEL_NONE,
                    xstrdup("a later part of its sentence sets it aside (\"neither of those\")"));
    }
}

/* The part t declines to give what it names ("For the Glasshouse, Herb Bed and Alpine House I
 * cannot determine the counts reliably"). */
static int declines(const char *t)
{
    static const char *const w[] = {
        "cannot determine", "can't determine", "cannot tell",          "can't tell",
        "cannot give",      "can't give",      "cannot confirm",       "can't confirm",
        "unable to",        "not confident",   "won't give",           "will not give",
        "rather not give",  "rather not say",  "cannot be determined", NULL};
    return holds_any(t, w);
}

/* A row whose key is named, its values not given, in a sentence that declines to give them
 * (the rest of a partial refusal): not answered, none. */
static void declined_in_sentence(const struct cands *cs, struct labelling *L,
                                 struct score_result *out)
{
    size_t i;
    for (i = 0; i < L->n; i++)
        if (L->cand_of[i] < 0 && L->keyed[i] >= 0 && out->labels[i] == LABEL_PARTIAL &&
            part_says(cs, L->keyed[i], 1, declines))
            relabel(out, i, LABEL_NONE,
                    xstrdup("its key is named in a sentence that declines to give its values"));
}

/* Where in t[0..n) a phrase says the writer cannot tell whether what follows holds ("I cannot
 * determine whether Biscuit and Olive should also be included"), or 0. */
static size_t doubt_whether_end(const char *t, size_t n)
{
    static const char *const w[] = {
        "cannot determine whether", "can't determine whether", "cannot tell whether",
        "can't tell whether",       "cannot confirm whether",  "can't confirm whether",
        "not sure whether",         "unsure whether",          "unclear whether",
        "cannot say whether",       "can't say whether",       NULL};
    size_t end = 0;
    int k;
    for (k = 0; w[k]; k++) {
        const char *p = strstr(t, w[k]);
        if (p && (size_t)(p - t) + strlen(w[k]) <= n)
            end = (size_t)(p - t) + strlen(w[k]);
    }
    return end;
}

/* A row named only after "I cannot determine whether" in its sentence (the same part before
 * its key, or an earlier part the list continues from): left open, not offered, none. */
static void doubted_in_sentence(const struct cands *cs, struct labelling *L,
                                struct score_result *out)
{
    size_t i, j;
    for (i = 0; i < L->n; i++) {
        long c = L->cand_of[i] >= 0 ? L->cand_of[i] : L->keyed[i];
        size_t first;
        int doubted;
        if (c < 0 || out->labels[i] == LABEL_NONE)
            continue;
        first = cs->v[c].lead ? cs->v[c].lead - 1 : (size_t)c;
        doubted = doubt_whether_end(cs->v[c].text, L->fit[i].at) > 0;
        for (j = first; j < (size_t)c && !doubted; j++)
            doubted = doubt_whether_end(cs->v[j].text, strlen(cs->v[j].text)) > 0;
        if (doubted)
            relabel(out, i, LABEL_NONE,
                    xstrdup("its sentence cannot tell whether it holds (\"I cannot determine "
                            "whether …\")"));
    }
}

/* The reply's last byte but white space is of the class `is` (a letter, a digit): it was cut
 * off inside a word. */
static int ends_in(const char *reply, int (*is)(int))
{
    size_t n = reply ? strlen(reply) : 0;
    while (n && isspace((unsigned char)reply[n - 1]))
        n--;
    return n && is((unsigned char)reply[n - 1]);
}

/* A reply cut off inside a word whose last candidate, a list item, is a gold key's first
 * word(s) and the start of its next ("7. Gorse Wa" for Gorse Walk): that row was begun,
 * partial.  A fragment of the first word ("2. Boreal") is none. */
static void cut_key(const char *reply, const struct cands *cs, struct labelling *L,
                    struct score_result *out)
{
    size_t i, len;
    const char *t;
    if (!ends_in(reply, isalnum) || !cs->n)
        return;
    t = cs->v[cs->n - 1].text;
    len = strlen(t);
    if (!cs->v[cs->n - 1].item || !strchr(t, ' ') || t[len - 1] == ' ')
        return;
    for (i = 0; len >= 4 && i < L->n; i++) {
        const struct gcell *k = L->g[i].key >= 0 ? &L->g[i].c[L->g[i].key] : NULL;
        if (out->labels[i] != LABEL_NONE || !k || k->kind != CELL_TEXT || strlen(k->text) <= len ||
            strncmp(k->text, t, len) || !isalpha((unsigned char)k->text[len]))
            continue;
        relabel(out, i, LABEL_PARTIAL, xstrdup("the reply is cut off inside its key"));
        return;
    }
}

/* A reply cut off right after a key's first words, which alone name it when the reply goes on
 * ("| Youth" for Youth Stage, the table row left short): that row was not reached, none. */
static void cut_stem(const char *reply, const struct cands *cs, struct labelling *L,
                     struct score_result *out)
{
    size_t i, len, sl;
    const char *t;
    if (!ends_in(reply, isalpha) || !cs->n)
        return;
    t = cs->v[cs->n - 1].text;
    len = strlen(t);
    for (i = 0; i < L->n; i++) {
        const struct gcell *k = L->g[i].key >= 0 ? &L->g[i].c[L->g[i].key] : NULL;
        if (out->labels[i] == LABEL_NONE || !k || !k->stem || L->keyed[i] != (long)cs->n - 1 ||
            (sl = strlen(k->stem)) > len || strcmp(t + len - sl, k->stem) ||
            (len > sl && isalnum((unsigned char)t[len - sl - 1])))
            continue;
        relabel(out, i, LABEL_NONE, xstrdup("the reply is cut off inside its key"));
    }
}

/* The word w, n long, opens t or a part of it after ", " or "and ", whole ("bison" in
 * "reticulated giraffe, bison"). */
static int part_opens_with(const char *t, const char *w, size_t n)
{
    const char *p;
    for (p = strstr(t, w); p; p = strstr(p + 1, w))
        if ((p == t || (p - t >= 2 && !strncmp(p - 2, ", ", 2)) ||
             (p - t >= 4 && !strncmp(p - 4, "and ", 4) && (p - t == 4 || p[-5] == ' '))) &&
            !isalnum((unsigned char)p[n]) && (unsigned char)p[n] < 0x80)
            return 1;
    return 0;
}

/* A row named by no candidate, its key a capitalised word and a common noun ("American
 * bison"), whose noun alone opens a part of the answer ("…, bison"): named only in part,
 * partial (labels: 16 exact, 8 partial; "curlew" for Eurasian curlew may be another kind). */
static void head_only(const struct cands *cs, struct labelling *L, struct score_result *out)
{
    size_t i, j;
    for (i = 0; i < L->n; i++) {
        const struct gcell *k = L->g[i].key >= 0 ? &L->g[i].c[L->g[i].key] : NULL;
        if (out->labels[i] != LABEL_NONE || !k || k->kind != CELL_TEXT || !k->head)
            continue;
        for (j = 0; j < cs->n; j++)
            if (part_opens_with(cs->v[j].text, k->head, strlen(k->head))) {
                char why[64];
                snprintf(why, sizeof(why), "candidate %zu names only its last word", j + 1);
                relabel(out, i, LABEL_PARTIAL, xstrdup(why));
                break;
            }
    }
}

/* Row i is partial for lacking values of the candidate naming its key. */
static int lacks_values(const struct labelling *L, size_t i, const struct score_result *out)
{
    return out->labels[i] == LABEL_PARTIAL && L->cand_of[i] < 0 && L->keyed[i] >= 0 &&
           L->fit[i].missing;
}

/* Candidate c gives row g a value of its own, a number or another row's text in a column of
 * g ("Whimbrel is also at Port Ardgour"): no conclusion that names g without values. */
static int gives_other_value(const struct grow *g, const struct cand *c)
{
    size_t k, counts = 0;
    int i;
    for (k = 0; k < c->nnums; k++) /* "three of them": how many, no value */
        counts += !strncmp(c->text + c->nums[k].at + strcspn(c->text + c->nums[k].at, " "),
                           " of them", 8);
    if (c->nnums - counts >
        (g->c[g->key].kind == CELL_NUM && c->nnums == 1 && c->nums[0].v == g->c[g->key].v))
        return 1; /* a number, not the id that keys the row ("So the games are 6 and 11") */
    for (i = 0; i < g->n; i++)
        if (i != g->key && other_rows_value(g, i, c->text))
            return 1;
    return 0;
}

/* c gives more dates than the cells of row g it holds ("Dunlin 10/03/2024" where Dunlin's
 * date is NULL, missing): a date of its own. */
static int own_date(const struct grow *g, const struct cand *c, unsigned missing)
{
    size_t held = 0;
    int i;
    for (i = 0; i < g->n && i < 32; i++)
        held += g->c[i].kind == CELL_TEXT && g->c[i].is_date && !(missing >> i & 1u);
    return c->ndates > held;
}

/* Every number of c is a difference ("larger by 16,300 people"), no value of a row. */
static int differences(const struct cand *c)
{
    size_t k, at;
    for (k = 0; k < c->nnums; k++) {
        at = c->nums[k].at;
        at -= at > 0 && c->text[at - 1] == '$';
        if (at < 3 || strncmp(c->text + at - 3, "by ", 3))
            return 0;
    }
    return 1;
}

/* The last candidate of all (the whole reply's sentences) holding every cell of row i, unless
 * a later one names it alone with other numbers (not one setting it beside another gold row:
 * "the Brisk was faster than the Aldra by four knots"); -1 when there is none. */
static long last_full_sentence(struct scorer *s, const struct labelling *L, size_t i,
                               const struct cands *all)
{
    struct fit f;
    size_t j, k, at;
    long best = -1;
    for (j = 0; j < all->n; j++) {
        int beside = 0;
        fit_row(s, &L->g[i], all, j, &f);
        for (k = 0; k < L->n && !f.all; k++)
            beside |= k != i && L->g[k].key >= 0 && L->g[k].c[L->g[k].key].kind == CELL_TEXT &&
                      text_has(all->v[j].text, L->g[k].c[L->g[k].key].text, &at);
        if (f.all)
            best = (long)j;
        else if (f.key && all->v[j].nnums > (L->g[i].c[L->g[i].key].kind == CELL_NUM) && !beside &&
                 !differences(&all->v[j]))
            best = -1; /* said again with other numbers (an id's own is none: "So the games
                          are 6, 11 and 17") */
    }
    return best;
}

/* Row i is none or named without its values, and the conclusion compares it with a gold row
 * that it names ("Kirkgate grew 18% and Headrow 5%, so Kirkgate grew faster", "…, so the Brisk
 * was faster than the Aldra by four knots"): among several rows with values, which the question
 * asked for each, the rows set side by side are the answer too.  (One row named
 * alone is the answer chosen: "…, so Lake Ostrov is the larger lake".) */
static int compared_row(const struct scorer *s, const struct labelling *L, size_t i,
                        const struct score_result *out)
{
    size_t k;
    int other = 0;
    if ((out->labels[i] != LABEL_NONE && !lacks_values(L, i, out)) || L->n < 2 || L->g[i].n < 2 ||
        !s->answer || !answer_compares(s->answer))
        return 0;
    for (k = 0; k < L->n; k++)
        other |= k != i && out->labels[k] != LABEL_NONE;
    return other;
}

/* The sentence t says what it names does not qualify ("is under too", "are just under", "falls
 * short"). */
static int set_aside_there(const char *t)
{
    static const char *const w[] = {"is under",
                                    "are under",
                                    "just under",
                                    "also under",
                                    "is below",
                                    "are below",
                                    "just below",
                                    "also below",
                                    "falls short",
                                    "fall short",
                                    "short of",
                                    "doesn't qualify",
                                    "does not qualify",
                                    "don't qualify",
                                    "do not qualify",
                                    "not above",
                                    "not over",
                                    "not more than",
                                    NULL};
    return holds_any(t, w);
}

/* A reply of prose, no answer marker, that concludes by naming its rows ("So the stations with
 * more riders are Kingsbury and Elm Cross.", "So the answer is Oscar Ibanez.") after sentences
 * giving their values: a row the conclusion names without its values (at its rank, when
 * ordered), or one it compares with a row it names (compared_row), is exact when the last
 * sentence of the reply holding its key with numbers holds every cell (not a thought of a
 * reasoning model's: those are no answer). */
static void values_before(struct scorer *s, const char *reply, const cJSON *gold,
                          const struct cands *cs, struct labelling *L, const unsigned char *named,
                          struct score_result *out)
{
    int ordered = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered"));
    unsigned char *compared = xcalloc(L->n + 1, 1);
    struct cands all;
    struct buf b = BUF_INIT;
    size_t i, want = 0;
    long best;
    int first = !strcmp(out->extraction, "answer-first"); /* names first, values after them:
                                                               not of a ranking, no comparison */
    for (i = 0; i < L->n; i++) {
        compared[i] = (unsigned char)(!first && compared_row(s, L, i, out));
        want += compared[i] || lacks_values(L, i, out);
    }
    if (!want || (first && ordered) ||
        (strcmp(out->extraction, "last-paragraph") && strcmp(out->extraction, "answer-phrase") &&
         strcmp(out->extraction, "answer-first")) ||
        answer_has_thoughts(reply)) {
        free(compared);
        return;
    }
    answer_rows(s, reply, gold, &all);
    for (i = 0; i < L->n; i++) {
        if (!compared[i] &&
            (!lacks_values(L, i, out) || gives_other_value(&L->g[i], &cs->v[L->keyed[i]]) ||
             (first && own_date(&L->g[i], &cs->v[L->keyed[i]], L->fit[i].missing))))
            continue;
        if (ordered && L->keyed[i] >= 0 && cand_rank(cs, L->keyed[i], named) != (int)i + 1)
            continue; /* named by the conclusion at another rank */
        if ((best = last_full_sentence(s, L, i, &all)) < 0 ||
            (compared[i] && set_aside_there(all.v[best].text)))
            continue; /* not one its sentence sets aside: "Rory Phelan at €180 is under too" */
        buf_reset(&b);
        buf_adds(&b, compared[i] ? "its conclusion compares it with a row it names; the reply's "
                                   "sentence "
                     : first     ? "its answer, given first, names it; the reply's sentence "
                                 : "its conclusion names it; the reply's sentence ");
        quote(&b, all.v[best].text);
        buf_adds(&b, first ? " after it holds every cell" : " before it holds every cell");
        relabel(out, i, LABEL_EXACT, xstrdup(b.s));
    }
    buf_release(&b);
    cands_free(&all);
    free(compared);
}

/* Candidate c holds a number that is some gold row's numeric key ("at number 2" after "Tom
 * Ashby's 88 …", where the keys are 1 to 4 and 88 no key): it names a row of its own. */
static int names_a_number_key(const struct labelling *L, const struct cand *c)
{
    size_t j, k;
    for (j = 0; j < L->n; j++) {
        const struct gcell *y = L->g[j].key >= 0 ? &L->g[j].c[L->g[j].key] : NULL;
        for (k = 0; y && y->kind == CELL_NUM && k < c->nnums; k++)
            if (c->nums[k].v == y->v)
                return 1;
    }
    return 0;
}

/* Candidate c names a gold row by its text key (row i's again, maybe by its last word, or
 * another's) or by its number (names_a_number_key), or row i's key is a date, which c may
 * hold as a value: c is no more of row i's sentence part ("Tomás Herrera was on duty for three
 * of them, the Swim Lessons numbered 104, 117 and 130": the ids of his own rows, no row of
 * their own). */
static int names_a_row(const struct labelling *L, const struct cands *cs, size_t i, size_t c)
{
    const struct gcell *x = L->g[i].key >= 0 ? &L->g[i].c[L->g[i].key] : NULL;
    size_t at;
    const char *last;
    if (x && x->kind == CELL_NUM)
        return names_a_number_key(L, &cs->v[c]);
    if (!x || x->kind != CELL_TEXT || x->is_date)
        return 1;
    last = strrchr(x->text, ' ') ? strrchr(x->text, ' ') + 1 : x->text;
    /* a row's text key, its own or another's, or its own last word ("Reddy 2024-06-08") */
    return names_a_key(L, &cs->v[c]) || (strlen(last) >= 4 && text_has(cs->v[c].text, last, &at));
}

/* Row i is partial for lacking values of the part naming its key, and the part right after it,
 * of the same sentence, names no gold row and holds the values the part lacks ("Roald Dahl is
 * the most-reviewed author, with six reviews …", "The best month was January, when Castle
 * Parade took £3,539.94", "… is Flint, the Common Kestrel, who joined on 8 August 2023"): the
 * sentence was cut inside the row, which it gives whole. */
static void value_in_next_part(struct scorer *s, const struct cands *cs, struct labelling *L,
                               const unsigned char *named, int ordered, struct score_result *out)
{
    size_t i, k, first;
    for (i = 0; i < L->n; i++) {
        struct cands two = {0};
        struct cand *c;
        struct fit f;
        struct buf b = BUF_INIT;
        if (!lacks_values(L, i, out))
            continue;
        k = (size_t)L->keyed[i];
        first = cs->v[k].lead ? cs->v[k].lead - 1 : k;
        if (k + 1 >= cs->n || (named[k + 1] && names_a_row(L, cs, i, k + 1)) ||
            cs->v[k + 1].lead != first + 1 || !(cs->v[k + 1].nnums || cs->v[k + 1].ndates) ||
            gives_other_value(&L->g[i], &cs->v[k]) || strstr(cs->v[k + 1].text, "n't") ||
            strstr(cs->v[k + 1].text, "not ") ||
            (ordered && cand_rank(cs, (long)k, named) != (int)i + 1))
            continue; /* not a value of its own first ("Alder Street, $45,900 vs Birch Lane's
                         $48,200"), nor a part that denies ("…, the text doesn't say"), nor
                         at another rank */
        buf_adds(&b, cs->v[k].text);
        buf_adds(&b, " ");
        buf_adds(&b, cs->v[k + 1].text);
        ALLOC_GROW(two.v, 1, two.alloc);
        c = &two.v[two.n++];
        memset(c, 0, sizeof(*c));
        c->text = buf_detach(&b, NULL);
        cand_read(s, c);
        fit_row(s, &L->g[i], &two, 0, &f);
        if (f.all && !f.hedged && !f.reversed) {
            buf_adds(&b,
                     "the part after the one naming it, of the same sentence, holds its values: ");
            quote(&b, cs->v[k + 1].text);
            relabel(out, i, LABEL_EXACT, buf_detach(&b, NULL));
        }
        buf_release(&b);
        cands_free(&two);
    }
}

/* Candidates naming a gold row past max_rows still name a gold row (for precision). */
static void name_beyond(const struct scorer *s, const cJSON *rows, const cJSON *cols, int keycol,
                        size_t from, const struct cands *cs, unsigned char *named, struct buf *tmp)
{
    const cJSON *row = cJSON_GetArrayItem(rows, (int)from);
    size_t k, j;
    struct fit f;
    for (k = from; row && k < 10000; row = row->next, k++) {
        struct grow g;
        grow_build(row, cols, keycol, &g, tmp);
        for (j = 0; j < cs->n; j++)
            if (!named[j]) {
                fit_row(s, &g, cs, j, &f);
                named[j] = (unsigned char)f.key;
            }
        grow_free(&g);
    }
}

/* Text cells the same in every gold row (of two or more). */
static void mark_same(struct labelling *L)
{
    size_t i;
    int col;
    for (col = 0; L->n > 1 && col < L->g[0].n; col++) {
        int same = 1;
        for (i = 1; i < L->n && same; i++)
            same = L->g[i].n == L->g[0].n && cell_same(&L->g[i].c[col], &L->g[0].c[col]);
        for (i = 0; i < L->n && same; i++)
            L->g[i].c[col].same =
                L->g[i].c[col].kind == CELL_TEXT || L->g[i].c[col].kind == CELL_NUM;
    }
}

/* A key the same in every row tells none apart ("Winter Warmer Weekend" for each year of it),
 * and the answer leaves it out (a table of years): the first column whose cells differ in
 * every row, none NULL, keys them instead. */
static void distinct_key(struct labelling *L, const struct cands *cs)
{
    size_t i, j, at;
    int col, key = L->n > 1 && L->g[0].key >= 0 ? L->g[0].key : -1, ok;
    if (key < 0 || !L->g[0].c[key].same || L->g[0].c[key].kind != CELL_TEXT)
        return;
    for (j = 0; j < cs->n; j++)
        if (text_has(cs->v[j].text, L->g[0].c[key].text, &at))
            return;
    for (col = 0; col < L->g[0].n; col++) {
        for (i = 0, ok = col != key; i < L->n && ok; i++) {
            const struct gcell *x = &L->g[i].c[col];
            ok = L->g[i].key == key && L->g[i].n == L->g[0].n &&
                 (x->kind == CELL_TEXT || x->kind == CELL_NUM);
            for (j = 0; j < i && ok; j++)
                ok = !cell_same(&L->g[j].c[col], x);
        }
        if (!ok)
            continue;
        for (i = 0; i < L->n; i++)
            L->g[i].key = col;
        return;
    }
}

/* A gold column sums, averages or takes extremes ("SUM(amount)"): a "0" there is a value, not
 * a count of none. */
/* A column an aggregate of values was named into ("avg_score", "total_sales", "mean rating"). */
static int summed_alias(const char *name)
{
    static const char *const w[] = {"avg", "average", "mean", "sum", "total", NULL};
    size_t b = 0, e, k;
    while (name && name[b]) {
        for (e = b; isalpha((unsigned char)name[e]); e++)
            ;
        for (k = 0; w[k] && e > b; k++)
            if (strlen(w[k]) == e - b && !strncasecmp(name + b, w[k], e - b))
                return 1;
        b = name[e] ? e + 1 : e;
    }
    return 0;
}

static int sums_any(const cJSON *cols)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cols)
    {
        if (sums_values(cJSON_GetStringValue(c)) || summed_alias(cJSON_GetStringValue(c)))
            return 1;
    }
    return 0;
}

/* The answer is a bare "0", "0 - " and a none-phrase, or "0" and the word counted. */
/* t is a field that holds 0 alone ("count: 0", a JSON object's "0 |"). */
static int zero_field(const char *t)
{
    size_t n = strlen(t), lab = strspn(t, "abcdefghijklmnopqrstuvwxyz_ ()*");
    if (lab && lab < 40 && t[lab] == ':' && t[lab + 1] == ' ')
        t += lab + 2, n -= lab + 2;
    if (n > 2 && !strcmp(t + n - 2, " |"))
        n -= 2;
    return n == 1 && *t == '0';
}

/* A gold column is an aggregate ("SUM(booked)", "COUNT(*)"): its rows are groups, each with
 * its total. */
static int aggregate_column(const cJSON *cols)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cols)
    {
        const char *n = cJSON_GetStringValue(c);
        if (n && strchr(n, '(') && strchr(n, ')'))
            return 1;
    }
    return 0;
}

/* Every field of the answer, a candidate each or a record's cells, is labelled ("size: a0"),
 * the last a count of matches that is 0 ("matching_jobs: 0", "results found: 0"): the fields
 * set out the question, the count says none. */
static int counted_zero_field(const struct cands *cs)
{
    static const char *const w[] = {"match", "found", "count", "result", "number", NULL};
    const char *t = NULL, *f, *bar;
    size_t i, lab;
    int k, fields = 0;
    for (i = 0; i < cs->n; i++)
        for (f = cs->v[i].text; f; f = bar ? bar + 3 : NULL) {
            bar = strstr(f, " | ");
            lab = strspn(f, "abcdefghijklmnopqrstuvwxyz_ ()*");
            if (!lab || lab >= 40 || f[lab] != ':')
                return 0;
            t = f, fields++;
        }
    if (fields < 2 || !zero_field(t))
        return 0;
    for (k = 0; w[k]; k++)
        if (strstr(t, w[k]) && strstr(t, w[k]) < strchr(t, ':'))
            return 1;
    return 0;
}

static int bare_zero(struct scorer *s, const struct cands *cs)
{
    const char *t = cs->n == 1 ? cs->v[0].text : "", *w;
    size_t b, e, i;
    for (i = 0; i < cs->n && zero_field(cs->v[i].text); i++)
        ;
    if (cs->n && i == cs->n)
        return 1; /* {"count": 0} */
    if (counted_zero_field(cs))
        return 1; /* "size: A0 / paper: Matte / matching_jobs: 0" */
    if (cs->n != 1 || cs->v[0].nnums < 1 || cs->v[0].nums[0].v != 0)
        return 0;
    if (strspn(t, "0. ") == strlen(t) || !strcmp(t, "zero") || !strcmp(t, "zero."))
        return 1;
    /* "0 - no student belongs to both clubs": the count, then a none-phrase saying why */
    if (!strncmp(t, "0 - ", 4) && re_find(s, s->none, t + 4, strlen(t + 4), 0, &b, &e))
        return 1;
    /* or "0" and one word naming what is counted ("0 customers") */
    w = t + strspn(t, "0. ");
    if (cs->v[0].nnums != 1 || w == t || w[-1] != ' ')
        return 0;
    w += strspn(w, "abcdefghijklmnopqrstuvwxyz");
    return strspn(w, ". ") == strlen(w);
}

int score_reply(struct scorer *s, const char *reply, const cJSON *gold, struct score_result *out)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *row;
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    size_t nrows = (size_t)cJSON_GetArraySize(rows), i, matched = 0;
    struct buf ans = BUF_INIT, tmp = BUF_INIT, clean = BUF_INIT;
    const char *after; /* the paragraph after the answer's, or NULL */
    struct cands cs;
    struct labelling L;
    unsigned char *named;
    int *rank_of, keycol = gold_key_column(rows);
    double sum = 0;
    memset(out, 0, sizeof(*out));
    out->order_ok = -1;
    L.n = nrows < (size_t)s->o.max_rows ? nrows : (size_t)s->o.max_rows;
    /* once, here: every PCRE2 call after this one trusts the text (re_find) */
    utf8_sanitize(reply ? reply : "", reply ? strlen(reply) : 0, &clean, NULL, NULL);
    s->one_value =
        nrows == 1 && cJSON_GetArraySize(cols) == 1 &&
        (cJSON_IsNumber(cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 0), 0)) ||
         answer_iso_date(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 0), 0))));
    s->many_rows = nrows >= 3;
    s->grouped = nrows >= 2 && aggregate_column(cols);
    out->extraction = answer_extract(s, clean.s, &ans);
    s->one_value = s->many_rows = s->grouped = 0;
    s->reply = clean.s, s->answer = ans.s, s->reply_normed = 0;
    after =
        nrows <= 1 ? paragraph_after(clean.s, ans.s) : NULL; /* read for empty or one-row gold */
    s->rival = rival_after(after);
    s->empty_gold = nrows == 0;
    answer_rows(s, ans.s, gold, &cs);
    answer_notes(s, clean.s, gold, &cs);
    s->whole_list = cJSON_GetArraySize(cols) == 1 && cs.n >= nrows;
    out->says_none = cs.says_none;
    out->labels = xcalloc(L.n + 1, 1);
    out->why = xcalloc(L.n + 1, sizeof(char *));
    out->nlabels = L.n;
    out->items = (int)cs.n;
    if (!nrows) { /* empty gold: the reply says there is none, and lists no rows */
        if (cs.says_none && cs.lists && (none_concludes(ans.s) || none_leads(&cs, ans.s)))
            cs.lists = 0; /* the names were its evidence, unless offered below */
        else if (!cs.says_none && cs.n > 1 && cs.v[cs.n - 1].nullish && !cs.v[cs.n - 1].lead &&
                 none_concludes(ans.s))
            cs.says_none = 1, cs.lists = 0; /* "…, which is not over 2. So nothing matches:
                                               …": a sentence of its own, the last word */
        if (closest_offered(s, ans.s) || offers_name(s, &cs) || except_offer(&cs) ||
            hedged_paren_name(&cs) || conditional_name(&cs) || offer_after(after) ||
            named_without_cell(&cs, cols) || superlative_list(s, &cs) || none_in_subject(s, &cs) ||
            only_one_offered(&cs))
            cs.lists = 1;
        for (i = 0; i < cs.n && cs.says_none && !cs.lists; i++)
            cs.lists = field_gives_value(s, cols, &cs.v[i]);
        if (cs.says_none && cs.lists && !strcmp(out->extraction, "json") && strstr(ans.s, "[]") &&
            json_numbers_aside(&cs))
            cs.lists = 0; /* {"orders_over_100": [], "max_cost_found": 82.50} */
        if (unsure_refusal(s))
            cs.says_none = 0; /* declined for doubt, no absence claimed */
        if (!sums_any(cols) && bare_zero(s, &cs))
            cs.says_none = 1, cs.lists = 0; /* to a question for rows, "0" lists none (to a sum
                                               by group it is a sum; for a NULL, a value) */
        out->score = out->recall = out->precision = out->f1 = cs.says_none && !cs.lists;
        cands_free(&cs);
        buf_release(&ans);
        buf_release(&clean);
        s->reply = s->answer = NULL,
        s->rival = s->commits_other = s->empty_gold = s->whole_list = 0;
        return 0;
    }
    L.g = xcalloc(L.n + 1, sizeof(*L.g));
    L.cand_of = xcalloc(L.n + 1, sizeof(long));
    L.keyed = xcalloc(L.n + 1, sizeof(long));
    L.fit = xcalloc(L.n + 1, sizeof(*L.fit));
    named = xcalloc(cs.n + 1, 1);
    rank_of = xcalloc(L.n + 1, sizeof(int));
    i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        if (i >= L.n)
            break;
        grow_build(row, cols, keycol, &L.g[i++], &tmp);
    }
    mark_same(&L);
    distinct_key(&L, &cs);
    gold_surnames(L.g, L.n);
    gold_key_numbers(L.g, L.n);
    gold_key_prefix(L.g, L.n);
    gold_one_day(L.g, L.n);
    gold_bare_places(L.g, L.n);
    gold_singulars(L.g, L.n);
    gold_shared_prefix(L.g, L.n);
    gold_model_forms(L.g, L.n);
    gold_date_order(L.g, L.n);
    gold_past_one(L.g, L.n);
    gold_alias_rounding(L.g, L.n);
    gold_list_numbers(L.g, L.n);
    gold_leads(L.g, L.n);
    for (i = 0; i < L.n; i++)
        L.g[i].rows = L.g, L.g[i].nrows = L.n;
    if (L.n == 1)
        L.g[0].single = 1; /* once per reply, not per candidate: */
    s->commits_other = L.n == 1 && L.g[0].key >= 0 && commits_elsewhere(s, &L.g[0]);
    label_rows(s, &cs, &L, named);
    for (i = 0; i < L.n; i++)
        out->labels[i] = L.cand_of[i] >= 0 ? LABEL_EXACT
                         : L.keyed[i] >= 0 ? LABEL_PARTIAL
                                           : LABEL_NONE;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")))
        check_ranks(&cs, &L, named, out, rank_of);
    for (i = 0; i < L.n; i++)
        explain(&L, i, cols, &cs, out, rank_of[i]);
    split_pairs(s, &cs, &L, named, out);
    sides_rows(s, &cs, &L, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")), out);
    null_rows(s, &cs, &L, out);
    null_row_listed(s, &cs, &L, named, out);
    keyless_rows(s, &cs, &L, named, out);
    none_then_rows(&cs, &L, out);
    refused_rows(ans.s, &L, out);
    closest_rows(s, &cs, &L, out);
    cut_key(reply, &cs, &L, out);
    cut_stem(reply, &cs, &L, out);
    twin_rows(&cs, &L, out);
    head_only(&cs, &L, out);
    values_before(s, clean.s, gold, &cs, &L, named, out);
    value_in_next_part(s, &cs, &L, named,
                       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")), out);
    denied_in_sentence(&cs, &L, out);
    declined_in_sentence(&cs, &L, out);
    doubted_in_sentence(&cs, &L, out);
    wrong_currency(ans.s, cols, &L, out);
    s->reply = s->answer = NULL,
    s->rival = s->commits_other = s->empty_gold = s->whole_list = 0; /* released below */
    for (i = 0; i < L.n; i++)
        sum += out->labels[i] == LABEL_EXACT ? 1.0 : out->labels[i] == LABEL_PARTIAL ? 0.5 : 0.0;
    if (sum > 0) /* it answered something after all */
        out->says_none = 0;
    name_beyond(s, rows, cols, keycol, L.n, &cs, named, &tmp);
    for (i = 0; i < cs.n; i++)
        matched += named[i];
    out->unmatched = (int)(cs.n - matched);
    out->score = out->recall = sum / (double)L.n;
    out->precision = cs.n ? (double)matched / (double)cs.n : 0;
    out->f1 = out->recall + out->precision > 0
                  ? 2 * out->recall * out->precision / (out->recall + out->precision)
                  : 0;
    for (i = 0; i < L.n; i++)
        grow_free(&L.g[i]);
    free(L.g), free(L.cand_of), free(L.keyed), free(L.fit), free(named), free(rank_of);
    cands_free(&cs);
    buf_release(&ans);
    buf_release(&clean);
    buf_release(&tmp);
    return 0;
}
