/* resume.c: which changes of a run's settings a resume accepts; the interface and its rules
 * are in resume.h. */
#include "resume.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

#define SHOW_MAX 80 /* of a value in the message */

static int same(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

/* The URL with a local host and its port (localhost:8000, 127.0.0.1:8080, [::1]:1234) as
 * "local"; NULL when the host is not local.  Caller frees. */
static char *without_local_port(const char *url)
{
    static const char *const hosts[] = {"localhost", "127.", "[::1]", "0.0.0.0"};
    const char *h = url ? strstr(url, "://") : NULL, *end;
    struct buf b = BUF_INIT;
    size_t i;
    if (!h)
        return NULL;
    h += 3;
    for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
        if (!strncasecmp(h, hosts[i], strlen(hosts[i])))
            break;
    if (i == sizeof(hosts) / sizeof(hosts[0]))
        return NULL;
    end = h + strcspn(h, "/?#");
    buf_add(&b, url, (size_t)(h - url)); /* the scheme */
    buf_adds(&b, "local");               /* localhost, 127.0.0.1 and ::1 are one machine */
    buf_adds(&b, end);
    return buf_detach(&b, NULL);
}

static void show(struct buf *why, const char *v)
{
    if (!v)
        buf_adds(why, "(none)");
    else if (strlen(v) > SHOW_MAX)
        buf_addf(why, "'%.*s...'", SHOW_MAX, v);
    else
        buf_addf(why, "'%s'", v);
}

static void say_change(struct buf *why, const char *key, const char *member, const cJSON *then,
                       const cJSON *now)
{
    char *x = then ? cJSON_PrintUnformatted(then) : NULL;
    char *y = now ? cJSON_PrintUnformatted(now) : NULL;
    buf_addf(why, "%s.%s changed: ", key, member);
    show(why, x);
    buf_adds(why, " then, ");
    show(why, y);
    buf_adds(why, " now");
    cJSON_free(x);
    cJSON_free(y);
}

/* For two JSON objects: the first member changed or removed, else the first added. */
static int json_diff(const char *key, const char *old, const char *now, struct buf *why)
{
    cJSON *a = old ? cJSON_Parse(old) : NULL, *b = now ? cJSON_Parse(now) : NULL, *m;
    int found = 0;
    if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
        cJSON_ArrayForEach(m, a)
        {
            cJSON *o = cJSON_GetObjectItemCaseSensitive(b, m->string);
            if (!found && (!o || !cJSON_Compare(m, o, 1))) {
                say_change(why, key, m->string, m, o);
                found = 1;
            }
        }
        cJSON_ArrayForEach(m, b)
        {
            if (!found && !cJSON_GetObjectItemCaseSensitive(a, m->string)) {
                say_change(why, key, m->string, NULL, m);
                found = 1;
            }
        }
    }
    cJSON_Delete(a);
    cJSON_Delete(b);
    return found;
}

int setting_accepts(enum setting_kind kind, const char *key, const char *old, const char *now,
                    struct buf *why)
{
    char *a, *b;
    int ok;
    if (kind == SETTING_INFO || same(old, now))
        return 1;
    if (kind == SETTING_URL) {
        a = without_local_port(old);
        b = without_local_port(now);
        ok = a && b && !strcmp(a, b);
        free(a);
        free(b);
        if (ok)
            return 1;
    }
    if (!json_diff(key, old, now, why)) {
        buf_addf(why, "%s changed: ", key);
        show(why, old);
        buf_adds(why, " then, ");
        show(why, now);
        buf_adds(why, " now");
    }
    return 0;
}
