/* breaker.c: the circuit breaker of a run and the one-line form of a failure; the interface
 * and its rules are in breaker.h. */
#include "breaker.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

void breaker_init(struct breaker *b, int limit, double unreachable_s)
{
    memset(b, 0, sizeof(*b));
    b->limit = limit;
    b->unreachable_s = unreachable_s;
    b->down_since = -1;
}

int breaker_refused(struct breaker *b, long status, const char *body, size_t n)
{
    char type[64], key[sizeof(b->key)];
    error_type_of(body, n, type, sizeof(type));
    snprintf(key, sizeof(key), "%ld %s", status, type);
    b->down_since = -1;
    if (strcmp(key, b->key)) {
        memcpy(b->key, key, sizeof(key));
        b->count = 0;
    }
    b->count++;
    return b->limit > 0 && b->count >= b->limit;
}

void breaker_reply(struct breaker *b)
{
    b->key[0] = '\0';
    b->count = 0;
    b->down_since = -1;
}

int breaker_no_reply(struct breaker *b, CURLcode code, double now)
{
    if (!connect_failure(code)) /* a timeout or a cut reply: the server is there */
        return 0;
    if (b->down_since < 0)
        b->down_since = now;
    return b->unreachable_s > 0 && now - b->down_since >= b->unreachable_s;
}

static int mentions(const char *s, const char *word)
{
    return s && strstr(s, word) != NULL;
}

int tls_verify_failure(CURLcode code, const char *errbuf)
{
    switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
        return 1;
    case CURLE_SSL_CONNECT_ERROR: /* also a reset handshake, which may heal: only these */
        return mentions(errbuf, "certificate") || mentions(errbuf, "verif") ||
               mentions(errbuf, "issuer");
    default:
        return 0;
    }
}

int connect_failure(CURLcode code)
{
    return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
           code == CURLE_COULDNT_RESOLVE_PROXY;
}

void error_type_of(const char *body, size_t n, char *out, size_t size)
{
    cJSON *root = body && n ? cJSON_ParseWithLength(body, n) : NULL;
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "type"));
    if (!t)
        t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "code"));
    snprintf(out, size, "%s", t ? t : "");
    cJSON_Delete(root);
}

void failure_line(struct buf *msg)
{
    size_t i, o = 0;
    int space = 1; /* drops leading blanks */
    for (i = 0; i < msg->len; i++) {
        unsigned char c = (unsigned char)msg->s[i];
        if (c < 0x20 || c == 0x7F || c == ' ') {
            if (!space)
                msg->s[o++] = ' ';
            space = 1;
        } else {
            msg->s[o++] = (char)c;
            space = 0;
        }
    }
    while (o > 0 && msg->s[o - 1] == ' ')
        o--;
    if (o > FAILURE_LINE_MAX) {
        o = FAILURE_LINE_MAX - 3;
        while (o > 0 && ((unsigned char)msg->s[o] & 0xC0) == 0x80) /* not inside a character */
            o--;
        buf_setlen(msg, o);
        buf_adds(msg, "...");
        return;
    }
    buf_setlen(msg, o);
}
