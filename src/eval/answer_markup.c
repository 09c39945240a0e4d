/* answer_markup.c: an answer written as HTML or XML markup, rewritten as the plain lines and
 * pipe tables the rest of the reader knows:
 *
 *   <tr><td>Neurology</td><td>3</td></tr>   ->  Neurology | 3 |
 *   <li>Ana Ruiz</li>                       ->  Ana Ruiz
 *   <book>Cien años de soledad</book>       ->  Cien años de soledad
 *   <row><name>A</name><n>3</n></row>       ->  A | 3 |
 *
 * A table cell or an element closed right before another opens on the same line ends a field;
 * a row, list item, paragraph or line break, or an element closed at its line's end, ends a
 * line.  Other tags are dropped.  Text with no closing tag is left as it is.
 *
 * A LaTeX tabular is rewritten the same way:  1 & K. Marsh & 212 \\  ->  1 | K. Marsh | 212 |
 * and its rules (\hline, \toprule …) and \begin/\end lines are dropped. */
#include "score_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* The tag at p ('<' … '>'): its length, its name (lower case, up to 15 bytes) in name, and
 * whether it closes; 0 when p opens no tag. */
static size_t tag_at(const char *p, char name[16], int *closing)
{
    size_t i = 1, k = 0;
    *closing = p[1] == '/';
    i += (size_t)*closing;
    if (!isalpha((unsigned char)p[i]))
        return 0;
    for (; isalnum((unsigned char)p[i]) || p[i] == '_' || p[i] == '-'; i++)
        if (k < 15)
            name[k++] = (char)tolower((unsigned char)p[i]);
    name[k] = '\0';
    while (p[i] && p[i] != '>' && p[i] != '<' && p[i] != '\n')
        i++;
    return p[i] == '>' ? i + 1 : 0;
}

static int one_of(const char *name, const char *const *w)
{
    for (; *w; w++)
        if (!strcmp(name, *w))
            return 1;
    return 0;
}

/* After the closing tag ending at p: only space to the line's end, or another tag opening
 * on the same line. */
static int line_ends(const char *p)
{
    p += strspn(p, " \t\r");
    return !*p || *p == '\n';
}

int answer_markup(const char *ans, struct buf *out)
{
    static const char *const field[] = {"td", "th", NULL};
    static const char *const line[] = {"tr", "li", "p",     "br",    "div", "table",
                                       "ul", "ol", "thead", "tbody", NULL};
    const char *p;
    char name[16];
    int closing, closed = 0;
    size_t n;
    for (p = ans; (p = strstr(p, "</")) && !closed; p++)
        closed = tag_at(p, name, &closing) > 0;
    if (!closed)
        return 0;
    buf_reset(out);
    for (p = ans; *p;) {
        if ((*p == ' ' || *p == '\t') && (!out->len || out->s[out->len - 1] == '\n')) {
            p++; /* a line's indent: the markup's nesting, no continued item */
            continue;
        }
        if (*p == '\n' && (!out->len || out->s[out->len - 1] == '\n')) {
            p++;
            continue;
        }
        if (*p != '<' || !(n = tag_at(p, name, &closing))) {
            buf_addch(out, *p++);
            continue;
        }
        p += n;
        if (closing && one_of(name, field))
            buf_adds(out, " | ");
        else if (one_of(name, line) && (closing || !strcmp(name, "br")))
            buf_addch(out, '\n');
        else if (closing && !line_ends(p) && *p == '<')
            buf_adds(out, " | "); /* <name>A</name><n>3</n>: a field of its row */
    }
    return 1;
}

/* The line p[0, n) is a rule or the frame of a tabular: no row of it. */
static int tabular_frame(const char *p, size_t n)
{
    static const char *const w[] = {"\\hline",    "\\toprule", "\\midrule", "\\bottomrule",
                                    "\\cline",    "\\begin{",  "\\end{",    "\\centering",
                                    "\\caption{", NULL};
    int k;
    p += strspn(p, " \t");
    for (k = 0; w[k]; k++)
        if (!strncmp(p, w[k], strlen(w[k])))
            return 1;
    return n == 0;
}

int answer_tabular(const char *ans, struct buf *out)
{
    const char *b = strstr(ans, "\\begin{tabular"), *p, *e;
    int in = 1;
    if (!b || !strstr(b, "\\end{tabular"))
        return 0;
    buf_reset(out);
    buf_add(out, ans, (size_t)(b - ans));
    for (p = b; *p; p = *e ? e + 1 : e) {
        size_t n, i;
        e = p + strcspn(p, "\n");
        n = (size_t)(e - p);
        if (in && tabular_frame(p, n)) {
            in = strncmp(p + strspn(p, " \t"), "\\end{tabular", 13) != 0;
            continue; /* after \end, the rest as it is */
        }
        if (in) { /* a row: "1 & K. Marsh & 212 \\ \hline" */
            if (n >= 6 && !strncmp(p + n - 6, "\\hline", 6))
                n -= 6;
            while (n > 0 && p[n - 1] == ' ')
                n--;
            if (n >= 2 && p[n - 1] == '\\' && p[n - 2] == '\\')
                n -= 2;
        }
        for (i = 0; i < n; i++)
            if (in && p[i] == '&' && (i == 0 || p[i - 1] != '\\'))
                buf_adds(out, " |");
            else
                buf_addch(out, p[i]);
        buf_adds(out, in ? " |\n" : "\n");
    }
    return 1;
}
