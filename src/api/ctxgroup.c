/* ctxgroup.c: groups of requests that share a context — regrouped queue, leader first, the rest
 * held until the leader answers; see ctxgroup.h. */
#include "ctxgroup.h"

#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { G_NEW, G_LEADING, G_OPEN };

struct ctxgroup {
    size_t n;
    long *group;          /* per item: group index, or -1 */
    unsigned char *state; /* per group */
    size_t *leader;       /* per group, while G_LEADING */
    size_t *held, nheld, aheld;
    size_t ngroups;
};

struct by_ctx {
    const char *ctx;
    size_t item;
};

static int cmp_ctx(const void *a, const void *b)
{
    const struct by_ctx *x = a, *y = b;
    int c = strcmp(x->ctx, y->ctx);
    return c ? c : (x->item > y->item) - (x->item < y->item);
}

struct ctxgroup *ctxgroup_new(char *const *ctx, size_t n)
{
    struct by_ctx *v = xcalloc(n + 1, sizeof(*v));
    struct ctxgroup *s;
    size_t i, m = 0;
    for (i = 0; i < n; i++)
        if (ctx[i])
            v[m].ctx = ctx[i], v[m++].item = i;
    if (!m) {
        free(v);
        return NULL;
    }
    qsort(v, m, sizeof(*v), cmp_ctx);
    s = xcalloc(1, sizeof(*s));
    s->n = n;
    s->group = xmalloc(st_mult(n, sizeof(long)));
    for (i = 0; i < n; i++)
        s->group[i] = -1;
    for (i = 0; i < m; i++) {
        if (i && strcmp(v[i].ctx, v[i - 1].ctx))
            s->ngroups++;
        s->group[v[i].item] = (long)s->ngroups;
    }
    s->ngroups++;
    s->state = xcalloc(s->ngroups, 1);
    s->leader = xcalloc(s->ngroups, sizeof(size_t));
    free(v);
    return s;
}

void ctxgroup_free(struct ctxgroup *s)
{
    if (!s)
        return;
    free(s->group);
    free(s->state);
    free(s->leader);
    free(s->held);
    free(s);
}

void ctxgroup_order(const struct ctxgroup *s, size_t *queue, size_t n)
{
    /* rank of each group: the position of its first member in the queue */
    size_t *rank = xmalloc(st_mult(s->ngroups + 1, sizeof(size_t))), i, k = 0;
    size_t *out = xmalloc(st_mult(n + 1, sizeof(size_t))), *start, *fill;
    for (i = 0; i < s->ngroups; i++)
        rank[i] = (size_t)-1;
    /* counting sort by (rank of the item's group, or its own position when ungrouped) */
    start = xcalloc(n + 1, sizeof(size_t));
    fill = xcalloc(n + 1, sizeof(size_t));
    for (i = 0; i < n; i++) {
        long g = s->group[queue[i]];
        size_t key = g < 0 ? i : (rank[g] == (size_t)-1 ? (rank[g] = i) : rank[g]);
        start[key]++;
    }
    for (i = 0; i < n; i++) { /* prefix sums: where each key's run begins */
        size_t c = start[i];
        start[i] = k;
        k += c;
    }
    for (i = 0; i < n; i++) {
        long g = s->group[queue[i]];
        size_t key = g < 0 ? i : rank[g];
        out[start[key] + fill[key]++] = queue[i];
    }
    memcpy(queue, out, n * sizeof(size_t));
    free(rank);
    free(out);
    free(start);
    free(fill);
}

int ctxgroup_may_send(struct ctxgroup *s, size_t item)
{
    long g = s->group[item];
    if (g < 0 || s->state[g] == G_OPEN)
        return 1;
    if (s->state[g] == G_NEW) {
        s->state[g] = G_LEADING;
        s->leader[g] = item;
        return 1;
    }
    if (s->leader[g] == item) /* the leader again: a retry */
        return 1;
    ALLOC_GROW(s->held, s->nheld + 1, s->aheld);
    s->held[s->nheld++] = item;
    return 0;
}

void ctxgroup_done(struct ctxgroup *s, size_t item, size_t **out, size_t *nout, size_t *alloc)
{
    long g = s->group[item];
    size_t i, k = 0;
    if (g < 0 || s->state[g] != G_LEADING || s->leader[g] != item)
        return;
    s->state[g] = G_OPEN;
    for (i = 0; i < s->nheld; i++) {
        if (s->group[s->held[i]] == g) {
            ALLOC_GROW(*out, *nout + 1, *alloc);
            (*out)[(*nout)++] = s->held[i];
        } else {
            s->held[k++] = s->held[i];
        }
    }
    s->nheld = k;
}
