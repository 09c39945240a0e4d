/* ctxgroup: a cache-friendly order for a run's requests (generate --share-contexts).
 *
 * Instances that share a context (the same `context_id`) form a group.  The queue is
 * reordered so that each group's members follow one another, groups in the order their
 * first member had (a stable regrouping: ordering changes when a request goes, never what is
 * sent).  The first member to be sent is the group's leader; the others are held until the
 * leader's reply is in (or it failed for good), so that the provider has written its prompt
 * cache before they arrive.  Other groups keep the concurrency full meanwhile.  Instances
 * without a context_id are never held. */
#ifndef HB_CTXGROUP_H
#define HB_CTXGROUP_H

#include <stddef.h>

struct ctxgroup;

/* ctx[i]: item i's context id, or NULL.  NULL when no item has one (nothing to schedule). */
struct ctxgroup *ctxgroup_new(char *const *ctx, size_t n);
void ctxgroup_free(struct ctxgroup *s);

/* Reorders queue[0..n) (item indices) group by group, stably. */
void ctxgroup_order(const struct ctxgroup *s, size_t *queue, size_t n);

/* Whether item may be sent now: 1 (it leads its group, or the group is open), or 0 (held
 * until the leader is done; ctxgroup_done() hands it back). */
int ctxgroup_may_send(struct ctxgroup *s, size_t item);

/* Item's request is over for good (answered, or failed with no retry left).  When it led its
 * group, the group opens and its held items are appended to *out (count in *nout). */
void ctxgroup_done(struct ctxgroup *s, size_t item, size_t **out, size_t *nout, size_t *alloc);

#endif
