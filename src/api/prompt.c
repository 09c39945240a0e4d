/* prompt.c: the answer prompt, from harness/prompts/answer.txt under the root; the interface and
 * its rules are in prompt.h. */
#include "prompt.h"

#include "err.h"
#include "sha256.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

int prompt_load(struct prompt *p, const char *root, const char *name)
{
    struct buf file = BUF_INIT, text = BUF_INIT;
    char *dir = path_join(root, "harness/prompts");
    const char *c, *q;
    struct sha256_ctx h;
    uint8_t d[32];
    memset(p, 0, sizeof(*p));
    buf_addf(&file, "%s.txt", name);
    p->path = strchr(name, '/') ? xstrdup(name) : path_join(dir, file.s);
    free(dir);
    buf_release(&file);
    if (read_file(p->path, &text) < 0) {
        prompt_release(p);
        return -1;
    }
    c = strstr(text.s, "{context}");
    q = strstr(text.s, "{question}");
    if (!c || !q || strstr(c + 1, "{context}") || strstr(q + 1, "{question}") || q < c) {
        error_at(&(struct srcloc){p->path, 0, 0},
                 "a prompt needs {context} and then {question}, once each");
        buf_release(&text);
        prompt_release(p);
        return -1;
    }
    p->ctx_at = (size_t)(c - text.s);
    p->q_at = (size_t)(q - text.s);
    sha256_init(&h);
    sha256_update(&h, text.s, text.len);
    sha256_final(&h, d);
    sha256_hex(d, p->hash);
    p->text = buf_detach(&text, NULL);
    return 0;
}

void prompt_release(struct prompt *p)
{
    free(p->path);
    free(p->text);
    memset(p, 0, sizeof(*p));
}

void prompt_render(const struct prompt *p, const char *context, size_t clen, const char *question,
                   struct buf *out)
{
    buf_add(out, p->text, p->ctx_at);
    buf_add(out, context, clen);
    buf_add(out, p->text + p->ctx_at + 9, p->q_at - p->ctx_at - 9);
    buf_adds(out, question);
    buf_adds(out, p->text + p->q_at + 10);
}
