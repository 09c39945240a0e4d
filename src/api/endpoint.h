/* endpoint: a model API to send prompts to, from harness/endpoints/NAME.json.
 *
 *   {"api": "openai-chat" | "anthropic-messages", "base_url": "...", "model": "...",
 *    "api_key_env": "OPENAI_API_KEY", "params": {"temperature": 0, "max_tokens": 2048},
 *    "concurrency": 16, "rpm": 500, "tpm": 2000000, "timeout_s": 600, "max_retries": 8,
 *    "price_in": 2.5, "price_out": 10, "max_tokens_field": "max_completion_tokens",
 *    "headers": {"X-Title": "holobench", "api-key": {"env": "AZURE_OPENAI_KEY"}},
 *    "stream": true, "price_cached_in": 1.25, "price_cache_write": 3.75,
 *    "system": "...", "system_role": "developer", "ca_file": "ca.pem", "ca_path": "certs/",
 *    "stop_after": 5, "unreachable_s": 60}
 *
 * base_url is the API root as each provider's SDK takes it: requests go to
 * {base_url}/chat/completions (openai-chat, base_url ends in /v1), {base_url}/responses
 * (openai-responses) or {base_url}/v1/messages (anthropic-messages); a query string in
 * base_url (Azure's ?api-version=) stays after the path.  A header value may be
 * {"env": "NAME"}: read from the environment when sent.  `params` pass through to the request
 * body unchanged, except that for openai-chat a "max_tokens" is sent under `max_tokens_field`
 * (default "max_tokens"; "max_completion_tokens" when base_url is api.openai.com).  Prices are
 * US dollars per million tokens; absent means unknown.
 *
 * The API key is read from the environment variable named by api_key_env at request time
 * and never stored in this struct, so nothing that prints an endpoint can leak it. */
#ifndef HB_ENDPOINT_H
#define HB_ENDPOINT_H

#include "buf.h"

#include <cjson/cJSON.h>

enum api_kind { API_OPENAI_CHAT, API_ANTHROPIC_MESSAGES, API_OPENAI_RESPONSES };

struct endpoint {
    char *name; /* NAME, or the file's base name */
    char *path; /* the file it came from */
    enum api_kind api;
    char *base_url;
    char *model;
    char *api_key_env;          /* may be NULL: no key (local servers) */
    cJSON *params;              /* owned; an object, possibly empty */
    cJSON *headers;             /* owned; extra request headers (object of strings) or NULL */
    char *max_tokens_field;     /* openai-chat: "max_tokens" or "max_completion_tokens" */
    int concurrency;            /* default 4 */
    double rpm, tpm;            /* per minute; 0: no client-side limit */
    double timeout_s;           /* per request; default 600 */
    int max_retries;            /* default 8 */
    double price_in, price_out; /* per million tokens; < 0: unknown */
    /* per million prompt tokens read from / written to the provider's prompt cache; < 0:
     * not given (such tokens are then priced at price_in) */
    double price_cached_in, price_cache_write;
    int stream;              /* "stream": 1 on, 0 off, -1 not given (provider_streams() decides) */
    long max_output;         /* max_tokens from params, for budgets and estimates; 0 unknown */
    char *system;            /* a system message sent before the prompt, or NULL */
    char *system_role;       /* openai-chat: "system" (default) or "developer" */
    char *ca_file, *ca_path; /* TLS: the CA bundle / folder to trust, or NULL (curl's) */
    int prompt_cache;        /* "prompt_cache" (default true): mark shared contexts for caching */
    char *cache_ttl;         /* "cache_ttl": Anthropic's cache lifetime, "5m" or "1h"; NULL: 5m */
    int stop_after;          /* breaker.h: identical refusals in a row that stop a run */
    double unreachable_s;    /* breaker.h: seconds of connection failures that stop it */
};

/* NAME (harness/endpoints/NAME.json, looked for in the order of resource.h: root is the
 * benchmark folder, or NULL for none) or a path to a file. */
int endpoint_load(struct endpoint *e, const char *root, const char *name_or_file);
void endpoint_release(struct endpoint *e);
/* The key from the environment, or NULL (with api_key_env unset or empty). */
const char *endpoint_key(const struct endpoint *e);
/* -1 (printed) when the key holds a control character: a CR or LF would split the header
 * it is sent in and inject others. */
int endpoint_check_key(const struct endpoint *e);
/* Replaces in b every secret holobench knows (the key, values of credential headers such as
 * Authorization or x-api-key) by "[redacted]": applied to everything a server sends before
 * it is stored or printed, as a server may echo the key in an error. */
void endpoint_redact(const struct endpoint *e, struct buf *b);
/* endpoint_redact() and every other header value too (X-Title included): for an error
 * message, which is stored and printed and need keep no header's value. */
void endpoint_redact_message(const struct endpoint *e, struct buf *b);
/* Compares e->params (read from the file's `text`, for line numbers; may be NULL) with the
 * parameters its API documents: unknown or dropped ones are warnings; thinking options the
 * API refuses (budget_tokens under 1024 or not below max_tokens, temperature or top_k with
 * thinking) are errors.  0, or -1 after printing. */
int endpoint_check_params(const struct endpoint *e, const char *text);
/* The value of header h of e->headers: the string, or for {"env": NAME} the variable's
 * value (NULL when unset or empty). */
const char *endpoint_header_value(const cJSON *h);
/* The request URL. */
void endpoint_url(const struct endpoint *e, struct buf *out);
/* The endpoint as JSON without secrets, for the run database and reports. */
void endpoint_public_json(const struct endpoint *e, struct buf *out);

#endif
