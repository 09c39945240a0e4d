/* prompt.c: the answer prompt, harness/prompts/NAME.txt found in the order of resource.h or
 * compiled in; the interface and its rules are in prompt.h. */
#include "prompt.h"

#include "err.h"
#include "resource.h"
#include "sha256.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* The template's text and where it came from: a file found through the lookup order, or the
 * copy compiled into the program. */
static int read_template(struct prompt *p, const char *bench, const char *name, struct buf *text)
{
    enum res_step step;
    struct buf where = BUF_INIT;
    const char *builtin;
    if ((p->path = resource_find(RES_PROMPT, bench, name, &step)))
        return read_file(p->path, text);
    if (step == RES_BUILTIN && (builtin = resource_builtin_prompt(name))) {
        buf_addf(&where, "built-in:%s", name);
        p->path = buf_detach(&where, NULL);
        buf_adds(text, builtin);
        return 0;
    }
    resource_looked_at(RES_PROMPT, bench, name, &where);
    error("unknown prompt '%s': no file %s", name, where.s);
    buf_release(&where);
    return -1;
}

/* A leading "[system]" line: the text up to a "[user]" line is the system message, the rest
 * the template.  0, or -1 (printed) when the [user] line is missing. */
static int split_system(struct prompt *p, struct buf *text)
{
    static const char open_tag[] = "[system]\n", user_tag[] = "\n[user]\n";
    const char *u, *body = text->s + strlen(open_tag);
    if (strncmp(text->s, open_tag, strlen(open_tag)))
        return 0;
    /* from the [system] line's own newline: a [user] line right after it is found too */
    if (!(u = strstr(body - 1, user_tag)))
        return error_at(&(struct srcloc){p->path, 1, 0},
                        "a prompt that opens with [system] needs a [user] line after the "
                        "system message");
    if (u < body)
        return error_at(&(struct srcloc){p->path, 2, 0},
                        "the system message between [system] and [user] is empty");
    p->system = xstrndup(body, (size_t)(u - body));
    u += strlen(user_tag);
    memmove(text->s, u, strlen(u) + 1);
    buf_setlen(text, strlen(text->s));
    return 0;
}

int prompt_load(struct prompt *p, const char *root, const char *name)
{
    struct buf text = BUF_INIT;
    const char *c, *q, *k;
    struct sha256_ctx h;
    uint8_t d[32];
    memset(p, 0, sizeof(*p));
    if (read_template(p, root, name, &text) < 0) {
        buf_release(&text);
        prompt_release(p);
        return -1;
    }
    sha256_init(&h); /* of the whole file, system message included */
    sha256_update(&h, text.s, text.len);
    sha256_final(&h, d);
    sha256_hex(d, p->hash);
    if (split_system(p, &text) < 0) {
        buf_release(&text);
        prompt_release(p);
        return -1;
    }
    c = strstr(text.s, "{context}");
    q = strstr(text.s, "{question}");
    k = strstr(text.s, "{columns}");
    if (!c || !q || strstr(c + 1, "{context}") || strstr(q + 1, "{question}") || q < c ||
        (k && (k < q || strstr(k + 1, "{columns}")))) {
        error_at(&(struct srcloc){p->path, 0, 0},
                 "a prompt needs {context} and then {question}, once each (and {columns} at "
                 "most once, after them)");
        buf_release(&text);
        prompt_release(p);
        return -1;
    }
    p->ctx_at = (size_t)(c - text.s);
    p->q_at = (size_t)(q - text.s);
    p->structured = k != NULL;
    p->cols_at = k ? (size_t)(k - text.s) : 0;
    p->text = buf_detach(&text, NULL);
    return 0;
}

void prompt_release(struct prompt *p)
{
    free(p->path);
    free(p->text);
    free(p->system);
    memset(p, 0, sizeof(*p));
}

void prompt_render(const struct prompt *p, const char *context, size_t clen, const char *question,
                   const char *columns, struct buf *out)
{
    buf_add(out, p->text, p->ctx_at);
    buf_add(out, context, clen);
    buf_add(out, p->text + p->ctx_at + 9, p->q_at - p->ctx_at - 9);
    buf_adds(out, question);
    if (!p->structured) {
        buf_adds(out, p->text + p->q_at + 10);
        return;
    }
    buf_add(out, p->text + p->q_at + 10, p->cols_at - p->q_at - 10);
    buf_adds(out, columns ? columns : "");
    buf_adds(out, p->text + p->cols_at + 9);
}
