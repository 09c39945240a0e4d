/* resume: which changes of a run's settings a resume accepts.
 *
 * A run compares the settings it was made with against today's on every open (rundb.h).
 * What changes the requests (api, model, params, system message, prompt, answer format,
 * suite) refuses the resume, naming the field in one line; what does not (the endpoint
 * file's name, concurrency and rate limits, the prompt file's path, a local server's port)
 * is accepted and the run records the new value. */
#ifndef HB_RESUME_H
#define HB_RESUME_H

#include "buf.h"

enum setting_kind {
    SETTING_SAME, /* must not change */
    SETTING_INFO, /* may change: the newest value is kept */
    SETTING_URL,  /* a URL that may change its port on a local host, nothing else */
};

/* Whether a run made with `old` may go on with `now`: 1, or 0 with one line in why naming
 * the key (for JSON objects such as params, the first member that differs). */
int setting_accepts(enum setting_kind kind, const char *key, const char *old, const char *now,
                    struct buf *why);

#endif
