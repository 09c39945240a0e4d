/* endpoint_check.c: an endpoint's params against what its API documents (WIRE.md 2.1, 2.2):
 * parameters the API does not know, or that holobench drops, are warned about rather than
 * passed on in silence; thinking options that the API would refuse are errors before any
 * request is paid for.  The interface is in endpoint.h. */
#include "endpoint.h"

#include "err.h"
#include "jsonloc.h"
#include "provider.h"

#include <string.h>

#include "banned.h"

/* Chat Completions (openai-python types/chat/completion_create_params.py), plus the
 * sampling extras that vLLM, llama.cpp and Ollama take on the same route. */
static const char *const openai_known[] = {
    "max_tokens", "max_completion_tokens", "temperature", "top_p", "n", "seed", "stop",
    "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs",
    "response_format", "reasoning_effort", "verbosity", "user", "safety_identifier", "service_tier",
    "store", "metadata", "stream", "stream_options", "tools", "tool_choice", "parallel_tool_calls",
    "modalities", "audio", "prediction", "web_search_options", "prompt_cache_key",
    "prompt_cache_retention",
    /* compatible servers */
    "top_k", "min_p", "repetition_penalty", "chat_template_kwargs", "min_tokens", NULL};

/* Messages (anthropic-sdk-python types/message_create_params.py). */
static const char *const anthropic_known[] = {"max_tokens",  "temperature",    "top_p",
                                              "top_k",       "stop_sequences", "system",
                                              "metadata",    "thinking",       "tools",
                                              "tool_choice", "service_tier",   "stream",
                                              "container",   "mcp_servers",    "context_management",
                                              NULL};

static int in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (!strcmp(*list, name))
            return 1;
    return 0;
}

static struct srcloc param_loc(const struct endpoint *e, const char *text, const char *name)
{
    struct jstep steps[2] = {{"params", 0}, {name, 0}};
    struct srcloc l = {e->path, 0, 0};
    l.line = text ? json_line(text, strlen(text), steps, name ? 2 : 1) : 0;
    if (!l.line)
        l.line = 1;
    return l;
}

static double num(const cJSON *o, const char *name, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

/* Extended thinking (docs: build-with-claude/extended-thinking): budget_tokens >= 1024 and
 * below max_tokens; temperature, top_k and a top_p under 0.95 are refused alongside it. */
static int check_thinking(const struct endpoint *e, const char *text)
{
    const cJSON *th = cJSON_GetObjectItemCaseSensitive(e->params, "thinking");
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(th, "type"));
    struct srcloc l = param_loc(e, text, "thinking");
    double budget = num(th, "budget_tokens", -1), max = num(e->params, "max_tokens", 4096);
    int rc = 0;
    if (!th)
        return 0;
    if (!cJSON_IsObject(th) || !type)
        return error_at(&l, "params.thinking must be an object with a \"type\" (enabled, "
                            "adaptive or disabled)");
    if (strcmp(type, "enabled"))
        return 0;
    if (budget < 0)
        rc = error_at(&l, "params.thinking needs \"budget_tokens\" with type enabled");
    else if (budget < 1024)
        rc = error_at(&l, "params.thinking.budget_tokens is %.0f; the API's minimum is 1024",
                      budget);
    else if (budget >= max)
        rc = error_at(&l,
                      "params.thinking.budget_tokens (%.0f) must be less than max_tokens (%.0f), "
                      "which includes the thinking",
                      budget, max);
    if (cJSON_HasObjectItem(e->params, "temperature") && num(e->params, "temperature", 1) != 1)
        rc = error_at(&l, "params.temperature cannot be changed while thinking is on; remove it");
    if (cJSON_HasObjectItem(e->params, "top_k"))
        rc = error_at(&l, "params.top_k cannot be set while thinking is on; remove it");
    if (num(e->params, "top_p", 1) < 0.95)
        rc = error_at(&l, "params.top_p must be from 0.95 to 1 while thinking is on");
    return rc;
}

int endpoint_check_params(const struct endpoint *e, const char *text)
{
    const char *const *known = e->api == API_ANTHROPIC_MESSAGES ? anthropic_known
                               : e->api == API_OPENAI_CHAT      ? openai_known
                                                                : NULL;
    const cJSON *p;
    if (!known) /* an API without a list here: nothing to compare with */
        return 0;
    cJSON_ArrayForEach(p, e->params)
    {
        struct srcloc l = param_loc(e, text, p->string);
        if (!strcmp(p->string, "model") || !strcmp(p->string, "messages"))
            warning_at(&l, "params.%s is dropped: holobench writes it (use \"%s\" of the endpoint)",
                       p->string, !strcmp(p->string, "model") ? "model" : "system");
        else if (!in_list(known, p->string))
            warning_at(&l,
                       "params.%s is not a documented %s parameter; it is sent as it is, and a "
                       "server may refuse it or drop it silently",
                       p->string, api_name(e->api));
    }
    if (e->api == API_ANTHROPIC_MESSAGES) {
        if (e->system && cJSON_HasObjectItem(e->params, "system")) {
            struct srcloc l = param_loc(e, text, "system");
            return error_at(&l, "both the endpoint's \"system\" and params.system are set; "
                                "keep one");
        }
        return check_thinking(e, text);
    }
    return 0;
}
