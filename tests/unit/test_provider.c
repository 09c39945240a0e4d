#include "check.h"
#include "provider.h"

#include <stdlib.h>
#include <string.h>

static char model_oa[] = "gpt-test", model_an[] = "claude-test";
static char mct[] = "max_completion_tokens", mt[] = "max_tokens";

static void endpoint_init(struct endpoint *e, enum api_kind api, const char *params,
                          const char *headers)
{
    memset(e, 0, sizeof(*e));
    e->api = api;
    e->model = api == API_OPENAI_CHAT ? model_oa : model_an;
    e->params = cJSON_Parse(params);
    e->headers = headers ? cJSON_Parse(headers) : NULL;
    if (!e->params || (headers && !e->headers)) {
        fprintf(stderr, "bad test JSON\n");
        exit(2);
    }
}

static void endpoint_done(struct endpoint *e)
{
    cJSON_Delete(e->params);
    cJSON_Delete(e->headers);
}

static void build(const struct endpoint *e, const char *prompt, size_t len, struct buf *out)
{
    struct prompt_req pr = {prompt, len, 0, NULL};
    buf_reset(out);
    provider_for(e->api)->build(e, &pr, out);
}

static void add_line(void *ctx, const char *line)
{
    buf_adds(ctx, line);
    buf_addch(ctx, '\n');
}

static void headers(const struct endpoint *e, const char *key, struct buf *out)
{
    buf_reset(out);
    provider_for(e->api)->headers(e, key, add_line, out);
}

static void test_table(void)
{
    CHECK(provider_for(API_OPENAI_CHAT) == &provider_openai);
    CHECK(provider_for(API_ANTHROPIC_MESSAGES) == &provider_anthropic);
    CHECK_STR(provider_openai.api, "openai-chat");
    CHECK_STR(provider_anthropic.api, "anthropic-messages");
    CHECK(provider_named("openai-chat") == &provider_openai);
    CHECK(provider_named("anthropic-messages") == &provider_anthropic);
    CHECK(provider_named("openai") == NULL);
    CHECK(provider_named(NULL) == NULL);
    CHECK_STR(api_name(API_ANTHROPIC_MESSAGES), "anthropic-messages");
    {
        struct buf names = BUF_INIT;
        provider_names(&names);
        CHECK_STR(names.s, "openai-chat, anthropic-messages or openai-responses");
        buf_release(&names);
    }
    CHECK_STR(failure_name(FAIL_NONE), "none");
    CHECK_STR(failure_name(FAIL_RETRY), "retry");
    CHECK_STR(failure_name(FAIL_RATE), "rate_limit");
    CHECK_STR(failure_name(FAIL_OVERLOAD), "overloaded");
    CHECK_STR(failure_name(FAIL_TOO_LONG), "too_long");
    CHECK_STR(failure_name(FAIL_BAD_REQUEST), "bad_request");
    CHECK_STR(failure_name(FAIL_AUTH), "auth");
    CHECK_STR(failure_name(FAIL_QUOTA), "quota");
}

static void test_build_openai(void)
{
    struct endpoint e;
    struct buf b = BUF_INIT;
    static const char prompt[] = "Say \"hi\"\n\tnow \xC3\xA9";

    endpoint_init(&e, API_OPENAI_CHAT,
                  "{\"temperature\":0,\"max_tokens\":2048,\"stream\":true,"
                  "\"stream_options\":{\"include_usage\":true},\"seed\":7,\"stop\":[\"\\n\\n\"],"
                  "\"response_format\":{\"type\":\"json_object\"},\"top_p\":0.9}",
                  NULL);
    e.max_tokens_field = mct;
    build(&e, prompt, strlen(prompt), &b);
    CHECK_STR(b.s, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":"
                   "\"Say \\\"hi\\\"\\n\\tnow \xC3\xA9\"}],\"temperature\":0,"
                   "\"max_completion_tokens\":2048,\"seed\":7,\"stop\":[\"\\n\\n\"],"
                   "\"response_format\":{\"type\":\"json_object\"},\"top_p\":0.9}");
    /* the body is valid JSON */
    {
        cJSON *j = cJSON_Parse(b.s);
        CHECK(j != NULL);
        cJSON_Delete(j);
    }

    e.max_tokens_field = mt;
    build(&e, "x", 1, &b);
    CHECK_STR(b.s, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                   "\"temperature\":0,\"max_tokens\":2048,\"seed\":7,\"stop\":[\"\\n\\n\"],"
                   "\"response_format\":{\"type\":\"json_object\"},\"top_p\":0.9}");
    e.max_tokens_field = NULL;
    {
        struct buf c = BUF_INIT;
        build(&e, "x", 1, &c);
        CHECK_STR(c.s, b.s);
        buf_release(&c);
    }
    endpoint_done(&e);

    /* a NUL in the prompt is kept; an explicit max_completion_tokens wins; model and
     * messages in params cannot make the body ambiguous; stream false is stripped too */
    endpoint_init(&e, API_OPENAI_CHAT,
                  "{\"max_tokens\":10,\"model\":\"other\",\"max_completion_tokens\":20,"
                  "\"messages\":[],\"stream\":false}",
                  NULL);
    e.max_tokens_field = mct;
    build(&e, "a\0b", 3, &b);
    CHECK_STR(b.s, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":"
                   "\"a\\u0000b\"}],\"max_completion_tokens\":20}");
    endpoint_done(&e);

    /* empty params */
    endpoint_init(&e, API_OPENAI_CHAT, "{}", NULL);
    build(&e, "", 0, &b);
    CHECK_STR(b.s, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}");
    endpoint_done(&e);
    buf_release(&b);
}

static void test_build_anthropic(void)
{
    struct endpoint e;
    struct buf b = BUF_INIT;

    endpoint_init(&e, API_ANTHROPIC_MESSAGES,
                  "{\"temperature\":0.5,\"stream\":false,"
                  "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                  "\"max_tokens\":2048,\"stop_sequences\":[\"END\"]}",
                  NULL);
    build(&e, "Q?\n", 3, &b);
    CHECK_STR(b.s, "{\"model\":\"claude-test\",\"max_tokens\":2048,\"messages\":[{\"role\":"
                   "\"user\",\"content\":\"Q?\\n\"}],\"temperature\":0.5,\"thinking\":{\"type\":"
                   "\"enabled\",\"budget_tokens\":1024},\"stop_sequences\":[\"END\"]}");
    endpoint_done(&e);

    /* max_tokens is required: 4096 when params have none */
    endpoint_init(&e, API_ANTHROPIC_MESSAGES, "{\"stream\":true,\"temperature\":1}", NULL);
    build(&e, "hi", 2, &b);
    CHECK_STR(b.s, "{\"model\":\"claude-test\",\"max_tokens\":4096,\"messages\":[{\"role\":"
                   "\"user\",\"content\":\"hi\"}],\"temperature\":1}");
    endpoint_done(&e);

    endpoint_init(&e, API_ANTHROPIC_MESSAGES, "{}", NULL);
    cJSON_Delete(e.params);
    e.params = NULL;
    build(&e, "hi", 2, &b);
    CHECK_STR(b.s, "{\"model\":\"claude-test\",\"max_tokens\":4096,\"messages\":[{\"role\":"
                   "\"user\",\"content\":\"hi\"}]}");
    endpoint_done(&e);
    buf_release(&b);
}

static void test_headers(void)
{
    struct endpoint e;
    struct buf b = BUF_INIT;

    endpoint_init(&e, API_OPENAI_CHAT, "{}",
                  "{\"X-Title\":\"holobench\",\"X-Bad\":\"a\\r\\nInjected: 1\",\"X-Num\":5}");
    headers(&e, "sk-test", &b);
    CHECK_STR(b.s, "Content-Type: application/json\nAuthorization: Bearer sk-test\n"
                   "X-Title: holobench\n");
    headers(&e, NULL, &b);
    CHECK_STR(b.s, "Content-Type: application/json\nX-Title: holobench\n");
    headers(&e, "", &b);
    CHECK_STR(b.s, "Content-Type: application/json\nX-Title: holobench\n");
    endpoint_done(&e);

    /* a header the endpoint sets replaces the default */
    endpoint_init(&e, API_OPENAI_CHAT, "{}", "{\"authorization\":\"Basic abc\"}");
    headers(&e, "sk-test", &b);
    CHECK_STR(b.s, "Content-Type: application/json\nauthorization: Basic abc\n");
    endpoint_done(&e);

    endpoint_init(&e, API_ANTHROPIC_MESSAGES, "{}", NULL);
    headers(&e, "sk-ant", &b);
    CHECK_STR(b.s, "x-api-key: sk-ant\nanthropic-version: 2023-06-01\n"
                   "content-type: application/json\n");
    headers(&e, NULL, &b);
    CHECK_STR(b.s, "anthropic-version: 2023-06-01\ncontent-type: application/json\n");
    endpoint_done(&e);

    endpoint_init(&e, API_ANTHROPIC_MESSAGES, "{}",
                  "{\"anthropic-beta\":\"a,b\",\"Anthropic-Version\":\"2024-01-01\"}");
    headers(&e, "k", &b);
    CHECK_STR(b.s, "x-api-key: k\ncontent-type: application/json\nanthropic-beta: a,b\n"
                   "Anthropic-Version: 2024-01-01\n");
    endpoint_done(&e);
    buf_release(&b);
}

static int parse(const struct provider *pr, const char *body, struct reply *r, struct buf *err)
{
    buf_reset(err);
    return pr->parse(body, strlen(body), r, err);
}

static void test_parse_openai(void)
{
    const struct provider *pr = &provider_openai;
    struct reply r;
    struct buf err = BUF_INIT;

    /* the full shape, with usage details */
    CHECK_INT(parse(pr,
                    "{\"id\":\"chatcmpl-abc123\",\"object\":\"chat.completion\","
                    "\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\","
                    "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    "\"content\":\"Paris\",\"refusal\":null,\"annotations\":[]},"
                    "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                    "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,"
                    "\"total_tokens\":29,\"prompt_tokens_details\":{\"cached_tokens\":3,"
                    "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":4,"
                    "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                    "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
                    "\"system_fingerprint\":\"fp_abc\"}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "Paris");
    CHECK(r.reasoning == NULL);
    CHECK_STR(r.finish, "stop");
    CHECK_STR(r.finish_raw, "stop");
    CHECK_INT(r.truncated, ==, 0);
    CHECK_INT(r.refused, ==, 0);
    CHECK_INT(r.input_tokens, ==, 19);
    CHECK_INT(r.output_tokens, ==, 10);
    CHECK_INT(r.reasoning_tokens, ==, 4);
    CHECK_INT(r.cached_tokens, ==, 3);
    CHECK_STR(r.model, "gpt-4.1-2025-04-14");
    CHECK_STR(r.id, "chatcmpl-abc123");
    reply_release(&r);
    CHECK(r.text == NULL && r.model == NULL);
    CHECK_INT(r.input_tokens, ==, -1);

    /* no usage at all; usage without details (Ollama) */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"x\"},"
                    "\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_INT(r.input_tokens, ==, -1);
    CHECK_INT(r.output_tokens, ==, -1);
    CHECK_INT(r.reasoning_tokens, ==, -1);
    CHECK_INT(r.cached_tokens, ==, -1);
    CHECK(r.model == NULL && r.id == NULL);
    reply_release(&r);
    CHECK_INT(parse(pr,
                    "{\"id\":\"chatcmpl-1\",\"model\":\"llama3\",\"system_fingerprint\":"
                    "\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{"
                    "\"prompt_tokens\":26,\"completion_tokens\":2,\"total_tokens\":28}}",
                    &r, &err),
              ==, 0);
    CHECK_INT(r.input_tokens, ==, 26);
    CHECK_INT(r.output_tokens, ==, 2);
    CHECK_INT(r.reasoning_tokens, ==, -1);
    CHECK_INT(r.cached_tokens, ==, -1);
    reply_release(&r);

    /* all-zero usage is not counted */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],"
                    "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0,"
                    "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}",
                    &r, &err),
              ==, 0);
    CHECK_INT(r.input_tokens, ==, -1);
    CHECK_INT(r.reasoning_tokens, ==, -1);
    reply_release(&r);

    /* reasoning (vLLM, Ollama), reasoning_content (llama.cpp, DeepSeek), both */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"42\","
                    "\"reasoning\":\"6*7\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "42");
    CHECK_STR(r.reasoning, "6*7");
    reply_release(&r);
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"42\","
                    "\"reasoning_content\":\"think\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.reasoning, "think");
    reply_release(&r);
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"42\",\"reasoning\":\"a\","
                    "\"reasoning_content\":\"a\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.reasoning, "a");
    reply_release(&r);
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"42\",\"reasoning\":null,"
                    "\"reasoning_content\":\"b\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.reasoning, "b");
    reply_release(&r);

    /* <think> left in content */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"\\n<think>\\nplan it\\n</think>"
                    "\\n\\nAnswer: 42\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "Answer: 42");
    CHECK_STR(r.reasoning, "plan it");
    reply_release(&r);
    /* cut off inside the thinking: no answer at all */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"<think>still going\"},"
                    "\"finish_reason\":\"length\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "");
    CHECK_STR(r.reasoning, "still going");
    CHECK_STR(r.finish, "length");
    CHECK_INT(r.truncated, ==, 1);
    reply_release(&r);
    /* empty thinking (a template with thinking off) leaves no reasoning */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"<think>\\n\\n</think>\\n\\nok\"},"
                    "\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "ok");
    CHECK(r.reasoning == NULL);
    reply_release(&r);
    /* the opening tag was in the prompt template */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"hmm\\n</think>\\n\\nok\"},"
                    "\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "ok");
    CHECK_STR(r.reasoning, "hmm");
    reply_release(&r);
    /* ...but not when the server separated reasoning already */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"a </think> b\",\"reasoning\":"
                    "\"r\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "a </think> b");
    CHECK_STR(r.reasoning, "r");
    reply_release(&r);
    /* both a field and tags at the start: joined */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":\"<think>t</think>a\",\"reasoning\":"
                    "\"r\"},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "a");
    CHECK_STR(r.reasoning, "r\n\nt");
    reply_release(&r);

    /* refusal */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    "\"content\":null,\"refusal\":\"I'm sorry, I can't help with that.\"},"
                    "\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "");
    CHECK_INT(r.refused, ==, 1);
    CHECK_STR(r.finish, "stop");
    reply_release(&r);

    /* finish_reason normalization */
    {
        static const struct {
            const char *raw, *norm;
            int truncated;
        } cases[] = {
            {"\"length\"", "length", 1},
            {"\"content_filter\"", "content_filter", 0},
            {"\"tool_calls\"", "tool_use", 0},
            {"\"function_call\"", "tool_use", 0},
            {"\"load\"", "other", 0},
            {"\"eos_token\"", "stop", 0},
            {"null", "other", 0},
            {"7", "other", 0},
        };
        size_t i;
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct buf body = BUF_INIT;
            buf_addf(&body,
                     "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[]},"
                     "\"finish_reason\":%s}]}",
                     cases[i].raw);
            CHECK_INT(parse(pr, body.s, &r, &err), ==, 0);
            CHECK_STR(r.finish, cases[i].norm);
            CHECK_INT(r.truncated, ==, cases[i].truncated);
            CHECK_STR(r.text, "");
            /* a content filter is flagged as refused, never an ordinary wrong answer */
            CHECK_INT(r.refused, ==, !strcmp(cases[i].norm, "content_filter"));
            if (cases[i].raw[0] == '"')
                CHECK(r.finish_raw &&
                      !strncmp(r.finish_raw, cases[i].raw + 1, strlen(cases[i].raw) - 2));
            else
                CHECK(r.finish_raw == NULL);
            reply_release(&r);
            buf_release(&body);
        }
    }

    /* content as an array of parts */
    CHECK_INT(parse(pr,
                    "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                    "{\"type\":\"text\",\"text\":\"b\"}]},\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "ab");
    reply_release(&r);

    /* failures: an error object in a 200, a string error, old vLLM, garbage, no choices */
    CHECK_INT(parse(pr,
                    "{\"error\":{\"message\":\"upstream failed\",\"type\":\"server_error\","
                    "\"code\":502}}",
                    &r, &err),
              ==, -1);
    CHECK_STR(err.s, "upstream failed");
    CHECK(r.text == NULL);
    CHECK_INT(parse(pr, "{\"error\":\"no healthy upstream\"}", &r, &err), ==, -1);
    CHECK_STR(err.s, "no healthy upstream");
    CHECK_INT(parse(pr,
                    "{\"object\":\"error\",\"message\":\"This model's maximum context length is "
                    "2048 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
                    &r, &err),
              ==, -1);
    CHECK_STR(err.s, "This model's maximum context length is 2048 tokens.");
    CHECK_INT(parse(pr, "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"trunc", &r, &err),
              ==, -1);
    CHECK_STR(err.s, "reply is not valid JSON");
    CHECK_INT(parse(pr, "[1]", &r, &err), ==, -1);
    CHECK_STR(err.s, "reply is not a JSON object");
    CHECK_INT(parse(pr, "{\"choices\":[]}", &r, &err), ==, -1);
    CHECK_STR(err.s, "reply has no choices");
    CHECK_INT(parse(pr, "{\"choices\":[{\"text\":\"legacy\"}]}", &r, &err), ==, -1);
    CHECK_STR(err.s, "reply has no message");
    CHECK_INT(parse(pr, "{\"choices\":{}}", &r, &err), ==, -1);
    CHECK_INT(parse(pr, "", &r, &err), ==, -1);
    /* an explicit null error is no error */
    CHECK_INT(parse(pr,
                    "{\"error\":null,\"choices\":[{\"message\":{\"content\":\"y\"},"
                    "\"finish_reason\":\"stop\"}]}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "y");
    reply_release(&r);
    buf_release(&err);
}

static void test_parse_anthropic(void)
{
    const struct provider *pr = &provider_anthropic;
    struct reply r;
    struct buf err = BUF_INIT;

    CHECK_INT(parse(pr,
                    "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":"
                    "\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":["
                    "{\"type\":\"thinking\",\"thinking\":\"Let me add.\",\"signature\":\"EqQB\"},"
                    "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3p\"},"
                    "{\"type\":\"text\",\"text\":\"The answer \"},"
                    "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}},"
                    "{\"type\":\"text\",\"text\":\"is 4.\"}],"
                    "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{"
                    "\"input_tokens\":50,\"cache_creation_input_tokens\":20,"
                    "\"cache_read_input_tokens\":100,\"output_tokens\":30,"
                    "\"service_tier\":\"standard\"}}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "The answer is 4.");
    CHECK_STR(r.reasoning, "Let me add.\n\n[redacted]");
    CHECK_STR(r.finish, "stop");
    CHECK_STR(r.finish_raw, "end_turn");
    CHECK_INT(r.truncated, ==, 0);
    CHECK_INT(r.refused, ==, 0);
    CHECK_INT(r.input_tokens, ==, 170);
    CHECK_INT(r.output_tokens, ==, 30);
    CHECK_INT(r.cached_tokens, ==, 100);
    CHECK_INT(r.reasoning_tokens, ==, -1);
    CHECK_STR(r.model, "claude-sonnet-4-20250514");
    CHECK_STR(r.id, "msg_01XFDUDYJgAACzvnptvVoYEL");
    reply_release(&r);

    /* a forced tool (the structured answer mode): the turn ends in the tool call, whose input
     * is the answer; text before it is kept with the reasoning */
    CHECK_INT(parse(pr,
                    "{\"id\":\"msg_3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                    "\"m\",\"content\":[{\"type\":\"text\",\"text\":\"Here it is.\"},"
                    "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"holobench_answer\","
                    "\"input\":{\"reasoning\":\"r\",\"rows\":[{\"name\":\"Lyon\"}]}}],"
                    "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":12,"
                    "\"output_tokens\":5}}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "{\"reasoning\":\"r\",\"rows\":[{\"name\":\"Lyon\"}]}");
    CHECK_STR(r.reasoning, "Here it is.");
    CHECK_STR(r.finish, "tool_use");
    reply_release(&r);

    /* plain reply, no cache fields, cut by max_tokens */
    CHECK_INT(parse(pr,
                    "{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                    "\"m\",\"content\":[{\"type\":\"text\",\"text\":\"Once upon\"}],"
                    "\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,\"usage\":{"
                    "\"input_tokens\":12,\"output_tokens\":5}}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "Once upon");
    CHECK(r.reasoning == NULL);
    CHECK_STR(r.finish, "length");
    CHECK_INT(r.truncated, ==, 1);
    CHECK_INT(r.input_tokens, ==, 12);
    CHECK_INT(r.cached_tokens, ==, -1);
    reply_release(&r);

    /* no usage */
    CHECK_INT(parse(pr,
                    "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],"
                    "\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.finish, "stop");
    CHECK_INT(r.input_tokens, ==, -1);
    CHECK_INT(r.output_tokens, ==, -1);
    reply_release(&r);

    /* refusal: possibly with no content at all */
    CHECK_INT(parse(pr,
                    "{\"type\":\"message\",\"content\":[],\"stop_reason\":\"refusal\","
                    "\"usage\":{\"input_tokens\":9,\"output_tokens\":0}}",
                    &r, &err),
              ==, 0);
    CHECK_STR(r.text, "");
    CHECK_STR(r.finish, "refusal");
    CHECK_INT(r.refused, ==, 1);
    CHECK_INT(r.input_tokens, ==, 9);
    CHECK_INT(r.output_tokens, ==, 0);
    reply_release(&r);

    {
        static const struct {
            const char *raw, *norm;
            int truncated;
        } cases[] = {
            {"\"tool_use\"", "tool_use", 0},
            {"\"pause_turn\"", "other", 0},
            {"\"model_context_window_exceeded\"", "other", 1},
            {"\"something_new\"", "other", 0},
            {"null", "other", 0},
        };
        size_t i;
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct buf body = BUF_INIT;
            buf_addf(&body, "{\"type\":\"message\",\"content\":[],\"stop_reason\":%s}",
                     cases[i].raw);
            CHECK_INT(parse(pr, body.s, &r, &err), ==, 0);
            CHECK_STR(r.finish, cases[i].norm);
            CHECK_INT(r.truncated, ==, cases[i].truncated);
            CHECK_INT(r.refused, ==, 0);
            CHECK(cases[i].raw[0] == '"' ? r.finish_raw != NULL : r.finish_raw == NULL);
            reply_release(&r);
            buf_release(&body);
        }
    }

    /* an error inside a 200, and malformed replies */
    CHECK_INT(parse(pr,
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                    "\"Overloaded\"},\"request_id\":\"req_011CS\"}",
                    &r, &err),
              ==, -1);
    CHECK_STR(err.s, "Overloaded");
    CHECK(r.text == NULL);
    CHECK_INT(parse(pr, "{\"type\":\"error\"}", &r, &err), ==, -1);
    CHECK_STR(err.s, "{\"type\":\"error\"}"); /* no message: the body itself */
    CHECK_INT(parse(pr, "{\"type\":\"message\",\"content\":[{\"type\":\"te", &r, &err), ==, -1);
    CHECK_STR(err.s, "reply is not valid JSON");
    CHECK_INT(parse(pr, "{\"type\":\"message\"}", &r, &err), ==, -1);
    CHECK_STR(err.s, "reply has no content");
    buf_release(&err);
}

struct classify_case {
    long status;
    const char *body;
    enum failure want;
    const char *msg; /* NULL: not checked */
};

static void run_classify(const struct provider *pr, const struct classify_case *c, size_t n)
{
    struct buf msg = BUF_INIT;
    size_t i;
    for (i = 0; i < n; i++) {
        enum failure f;
        buf_reset(&msg);
        f = pr->classify(c[i].status, c[i].body, c[i].body ? strlen(c[i].body) : 0, &msg);
        if (f != c[i].want) {
            check_count_++;
            CHECK_FAIL_("%s case %zu (status %ld): got %s, want %s", pr->api, i, c[i].status,
                        failure_name(f), failure_name(c[i].want));
        }
        if (c[i].msg)
            CHECK_STR(msg.s, c[i].msg);
    }
    buf_release(&msg);
}

#define OA(type, code, message)                                                                    \
    "{\n    \"error\": {\n        \"message\": \"" message "\",\n        \"type\": " type          \
    ",\n        \"param\": null,\n        \"code\": " code "\n    }\n}"

static const char nginx_502[] =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx"
    "</center>\r\n</body>\r\n</html>\r\n";

static void test_classify_openai(void)
{
    static const char long_text[] =
        "Error\x01\x02 line one\nline two\t"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "0123456789012345678901234567890123456789012345678901234567890123456789";
    const struct classify_case cases[] = {
        {429,
         OA("\"requests\"", "\"rate_limit_exceeded\"",
            "Rate limit reached for gpt-4o in organization org-x on requests per min (RPM): "
            "Limit 3, Used 3, Requested 1. Please try again in 20s."),
         FAIL_RATE,
         "Rate limit reached for gpt-4o in organization org-x on requests per min (RPM): Limit "
         "3, Used 3, Requested 1. Please try again in 20s."},
        {429, OA("\"tokens\"", "\"rate_limit_exceeded\"", "Rate limit reached on tokens"),
         FAIL_RATE, NULL},
        {429,
         OA("\"insufficient_quota\"", "\"insufficient_quota\"",
            "You exceeded your current quota, please check your plan and billing details."),
         FAIL_QUOTA,
         "You exceeded your current quota, please check your plan and billing details."},
        {429, OA("null", "\"insufficient_quota\"", "quota"), FAIL_QUOTA, NULL},
        {429, "{\"error\":{\"message\":\"You exceeded your current quota\"}}", FAIL_QUOTA, NULL},
        {429, "", FAIL_RATE, ""},
        {400,
         OA("\"invalid_request_error\"", "\"context_length_exceeded\"",
            "This model's maximum context length is 128000 tokens. However, your messages "
            "resulted in 200000 tokens. Please reduce the length of the messages."),
         FAIL_TOO_LONG, NULL},
        /* vLLM, new and old shapes: the message says it, the code is the status */
        {400,
         "{\"error\":{\"message\":\"This model's maximum context length is 32768 tokens. However,"
         " you requested 39197 tokens in the messages\",\"type\":\"BadRequestError\","
         "\"param\":null,\"code\":400}}",
         FAIL_TOO_LONG, NULL},
        {400,
         "{\"object\":\"error\",\"message\":\"This model's maximum context length is 2048 "
         "tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
         FAIL_TOO_LONG, "This model's maximum context length is 2048 tokens."},
        /* llama.cpp: integer code, newer type */
        {400,
         "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context "
         "size, try increasing it\",\"type\":\"exceed_context_size_error\","
         "\"n_prompt_tokens\":9000,\"n_ctx\":4096}}",
         FAIL_TOO_LONG, "the request exceeds the available context size, try increasing it"},
        {400, "{\"error\":{\"code\":400,\"message\":\"x\",\"type\":\"exceed_context_size_error\"}}",
         FAIL_TOO_LONG, NULL},
        {400,
         OA("\"invalid_request_error\"", "\"string_above_max_length\"",
            "Invalid 'messages[0].content': string too long."),
         FAIL_BAD_REQUEST, NULL},
        {400,
         OA("\"invalid_request_error\"", "\"unsupported_parameter\"",
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
            "'max_completion_tokens' instead."),
         FAIL_BAD_REQUEST, NULL},
        {401,
         OA("\"invalid_request_error\"", "\"invalid_api_key\"",
            "Incorrect API key provided: sk-abc***xyz."),
         FAIL_AUTH, "Incorrect API key provided: sk-abc***xyz."},
        {401,
         "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":"
         "\"authentication_error\"}}",
         FAIL_AUTH, "Invalid API Key"},
        {403, OA("\"invalid_request_error\"", "\"model_not_found\"", "Project has no access"),
         FAIL_AUTH, NULL},
        {402, OA("\"invalid_request_error\"", "\"payment_required\"", "Payment required."),
         FAIL_QUOTA, NULL},
        {404,
         OA("\"invalid_request_error\"", "\"model_not_found\"",
            "The model `gpt-5x` does not exist or you do not have access to it."),
         FAIL_BAD_REQUEST, NULL},
        {404,
         "{\"error\":{\"message\":\"model \\\"llama9\\\" not found, try pulling it first\","
         "\"type\":\"not_found_error\",\"param\":null,\"code\":null}}",
         FAIL_BAD_REQUEST, "model \"llama9\" not found, try pulling it first"},
        {413, OA("\"invalid_request_error\"", "\"request_too_large\"", "Request too large."),
         FAIL_BAD_REQUEST, NULL},
        {422,
         "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":"
         "\"Field required\",\"input\":{}}]}",
         FAIL_BAD_REQUEST, "Field required"},
        {405, "Method Not Allowed", FAIL_BAD_REQUEST, "Method Not Allowed"},
        {408, OA("\"invalid_request_error\"", "\"request_timeout\"", "Request timed out."),
         FAIL_RETRY, NULL},
        {409, OA("\"invalid_request_error\"", "\"conflict\"", "Conflict."), FAIL_RETRY, NULL},
        {500,
         OA("\"server_error\"", "null",
            "The server had an error while processing your request. Sorry about that!"),
         FAIL_RETRY, "The server had an error while processing your request. Sorry about that!"},
        {500, "{\"error\":\"internal error\"}", FAIL_RETRY, "internal error"},
        {500, "{\"message\":\"Internal server error\"}", FAIL_RETRY, "Internal server error"},
        {502, nginx_502, FAIL_RETRY, "502 Bad Gateway"},
        {502, "{\"error\":{\"code\":\"bad_gateway\"}}", FAIL_RETRY, "bad_gateway"},
        {504, OA("\"server_error\"", "null", "Gateway timeout."), FAIL_RETRY, NULL},
        {501,
         "{\"error\":{\"code\":501,\"message\":\"This server does not support this "
         "feature.\",\"type\":\"not_supported_error\"}}",
         FAIL_RETRY, NULL},
        {503,
         OA("\"server_error\"", "null",
            "The engine is currently overloaded, please try "
            "again later."),
         FAIL_OVERLOAD, NULL},
        {503,
         "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":"
         "\"unavailable_error\"}}",
         FAIL_OVERLOAD, "Loading model"},
        {529, OA("\"server_error\"", "null", "The server is overloaded."), FAIL_OVERLOAD, NULL},
        {0, NULL, FAIL_RETRY, ""},
        {0, "{\"id\":\"chatcmpl-1\",\"choi", FAIL_RETRY, NULL},
        {200, "{\"id\":\"chatcmpl-1\",\"choi", FAIL_RETRY, NULL},
        {200, "", FAIL_RETRY, ""},
        {200,
         "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":"
         "\"unavailable_error\"}}",
         FAIL_OVERLOAD, NULL},
        {200, OA("\"insufficient_quota\"", "\"insufficient_quota\"", "quota"), FAIL_QUOTA, NULL},
        {200,
         "{\"object\":\"error\",\"message\":\"This model's maximum context length is 2048 "
         "tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
         FAIL_TOO_LONG, NULL},
        {200, "{\"error\":{\"message\":\"x\",\"type\":\"invalid_request_error\"}}",
         FAIL_BAD_REQUEST, NULL},
        {200, "{\"error\":\"upstream failed\"}", FAIL_RETRY, "upstream failed"},
        {302, "", FAIL_BAD_REQUEST, ""},
        {500, long_text, FAIL_RETRY,
         "Error line one line two "
         "0123456789012345678901234567890123456789012345678901234567890123456789"
         "0123456789012345678901234567890123456789012345678901234567890123456789"
         "0123456789012345678901234567890123"}, /* 200 bytes of the body */
    };
    run_classify(&provider_openai, cases, sizeof(cases) / sizeof(cases[0]));
}

#define AN(type, message)                                                                          \
    "{\"type\":\"error\",\"error\":{\"type\":\"" type "\",\"message\":\"" message                  \
    "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}"

static void test_classify_anthropic(void)
{
    const struct classify_case cases[] = {
        {429,
         AN("rate_limit_error",
            "This request would exceed your organization's rate limit of 50 requests per minute."),
         FAIL_RATE,
         "This request would exceed your organization's rate limit of 50 requests per minute."},
        {429,
         "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"You have "
         "reached your API usage limits.\",\"details\":{\"error_code\":"
         "\"enforced_spend_limit_reached\"}},\"request_id\":\"req_1\"}",
         FAIL_QUOTA, "You have reached your API usage limits."},
        {402, AN("billing_error", "Your credit balance is too low to access the Anthropic API."),
         FAIL_QUOTA, NULL},
        {401, AN("authentication_error", "invalid x-api-key"), FAIL_AUTH, "invalid x-api-key"},
        {403, AN("permission_error", "Your API key does not have permission."), FAIL_AUTH, NULL},
        {400, AN("invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum"),
         FAIL_TOO_LONG, "prompt is too long: 250000 tokens > 200000 maximum"},
        {400,
         AN("invalid_request_error", "input length and `max_tokens` exceed context limit: "
                                     "197000 + 8192 > 200000"),
         FAIL_TOO_LONG, NULL},
        {400, AN("invalid_request_error", "messages: text content blocks must be non-empty"),
         FAIL_BAD_REQUEST, NULL},
        {400,
         AN("invalid_request_error", "`max_tokens` must be greater than `thinking.budget_tokens`."),
         FAIL_BAD_REQUEST, NULL},
        {404, AN("not_found_error", "model: claude-9"), FAIL_BAD_REQUEST, "model: claude-9"},
        {413, AN("request_too_large", "Request exceeds the maximum allowed number of bytes."),
         FAIL_BAD_REQUEST, NULL},
        {408, AN("timeout_error", "Request timed out"), FAIL_RETRY, NULL},
        {500, AN("api_error", "Internal server error"), FAIL_RETRY, "Internal server error"},
        {502, nginx_502, FAIL_RETRY, "502 Bad Gateway"},
        {504, AN("timeout_error", "Request timeout"), FAIL_RETRY, NULL},
        {529, AN("overloaded_error", "Overloaded"), FAIL_OVERLOAD, "Overloaded"},
        {529, "", FAIL_OVERLOAD, ""},
        {503, AN("overloaded_error", "Overloaded"), FAIL_OVERLOAD, NULL},
        {503, "upstream connect error", FAIL_OVERLOAD, "upstream connect error"},
        {500, "Overloaded", FAIL_OVERLOAD, "Overloaded"},
        {500, "{\"message\":\"Model is overloaded\"}", FAIL_OVERLOAD, "Model is overloaded"},
        {0, NULL, FAIL_RETRY, ""},
        {0, "{\"type\":\"message\",\"cont", FAIL_RETRY, NULL},
        {200, AN("overloaded_error", "Overloaded"), FAIL_OVERLOAD, "Overloaded"},
        {200, AN("api_error", "Internal server error"), FAIL_RETRY, NULL},
        {200, AN("invalid_request_error", "prompt is too long: 9 tokens > 8 maximum"),
         FAIL_TOO_LONG, NULL},
        {200, "{\"type\":\"message\",\"cont", FAIL_RETRY, NULL},
    };
    run_classify(&provider_anthropic, cases, sizeof(cases) / sizeof(cases[0]));
}

/* The fallback snippet never splits a UTF-8 sequence. */
static void test_snippet(void)
{
    struct buf body = BUF_INIT, msg = BUF_INIT;
    int i;
    for (i = 0; i < 199; i++)
        buf_addch(&body, 'a');
    buf_adds(&body, "\xC3\xA9tail");
    provider_error_message(NULL, body.s, body.len, &msg);
    CHECK_U64(msg.len, ==, 199);
    buf_reset(&msg);
    buf_setlen(&body, 198);
    buf_adds(&body, "\xC3\xA9tail");
    provider_error_message(NULL, body.s, body.len, &msg);
    CHECK_U64(msg.len, ==, 200);
    CHECK_STR(msg.s + 198, "\xC3\xA9");
    buf_release(&msg);
    buf_release(&body);
}

/* The batch entries: request lines, which API a result line belongs to, and usage estimates. */
static void test_batch(void)
{
    struct buf body = BUF_INIT, out = BUF_INIT, msg = BUF_INIT;
    struct srcloc loc = {"results.jsonl", 1, 0};
    enum batch_kind kind = BATCH_NONE;
    struct reply r;
    enum failure f = FAIL_NONE;
    long status = -1;
    cJSON *line;

    buf_adds(&body, "{\"model\":\"m\"}");
    provider_openai.batch.entry("hb-1", &body, &out);
    CHECK_STR(out.s, "{\"custom_id\":\"hb-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                     "\"body\":{\"model\":\"m\"}}\n");
    buf_reset(&out);
    provider_anthropic.batch.entry("hb-1", &body, &out);
    CHECK_STR(out.s, "{\"custom_id\":\"hb-1\",\"params\":{\"model\":\"m\"}}");

    /* a line with both shapes has always been read as Anthropic's */
    line = cJSON_Parse("{\"custom_id\":\"hb-1\",\"result\":{\"type\":\"expired\"},\"error\":{}}");
    CHECK(provider_batch_owner(line) == &provider_anthropic);
    CHECK_INT(provider_anthropic.batch.kind(line, &loc, &kind), ==, 0);
    CHECK_INT(kind, ==, BATCH_PENDING);
    cJSON_Delete(line);

    line = cJSON_Parse("{\"custom_id\":\"hb-1\",\"error\":{\"code\":\"batch_expired\"}}");
    CHECK(provider_batch_owner(line) == &provider_openai);
    CHECK_INT(provider_openai.batch.kind(line, &loc, &kind), ==, 0);
    CHECK_INT(kind, ==, BATCH_PENDING);
    cJSON_Delete(line);

    line = cJSON_Parse("{\"custom_id\":\"hb-1\",\"response\":{\"status_code\":200,\"body\":"
                       "{\"choices\":[{\"message\":{\"content\":\"a\\nb\"}}]}}}");
    CHECK_INT(provider_openai.batch.kind(line, &loc, &kind), ==, 0);
    CHECK_INT(kind, ==, BATCH_OK);
    CHECK_INT(provider_openai.batch.judge(line, &r, &status, &f, &msg), ==, 1);
    CHECK_INT(status, ==, 200);
    CHECK_STR(r.text, "a\nb");
    /* no usage in the reply: estimated, line by line */
    CHECK_INT(reply_estimate_usage(&r, 7), ==, 1);
    CHECK_INT(r.input_tokens, ==, 7);
    CHECK_INT(r.output_tokens, ==, (int64_t)text_tokens("a\nb", 3));
    CHECK_INT(r.output_tokens, ==, 2);
    CHECK_INT(reply_estimate_usage(&r, 7), ==, 0);
    reply_release(&r);
    cJSON_Delete(line);

    buf_release(&body);
    buf_release(&out);
    buf_release(&msg);
}

/* Prompt caching: a cache key marks the shared prefix on Anthropic (its own text block with
 * a cache_control breakpoint) and names the cache on OpenAI; without one the body is as it
 * always was. */
static void test_build_cache(void)
{
    struct endpoint e;
    struct buf b = BUF_INIT;
    struct prompt_req pr = {"CTX\nQ?", 6, 4, "c0ffee"};
    char ttl[] = "1h";

    endpoint_init(&e, API_ANTHROPIC_MESSAGES, "{\"max_tokens\":64}", NULL);
    provider_for(e.api)->build(&e, &pr, &b);
    CHECK_STR(b.s, "{\"model\":\"claude-test\",\"max_tokens\":64,\"messages\":[{\"role\":"
                   "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"CTX\\n\","
                   "\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":"
                   "\"Q?\"}]}]}");
    buf_reset(&b);
    e.cache_ttl = ttl;
    provider_for(e.api)->build(&e, &pr, &b);
    CHECK(strstr(b.s, "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}") != NULL);
    e.cache_ttl = NULL;
    endpoint_done(&e);

    endpoint_init(&e, API_OPENAI_CHAT, "{\"max_tokens\":64}", NULL);
    buf_reset(&b);
    provider_for(e.api)->build(&e, &pr, &b);
    CHECK_STR(b.s, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":"
                   "\"CTX\\nQ?\"}],\"prompt_cache_key\":\"c0ffee\",\"max_tokens\":64}");
    pr.cache_key = NULL;
    buf_reset(&b);
    provider_for(e.api)->build(&e, &pr, &b);
    CHECK(strstr(b.s, "prompt_cache_key") == NULL);
    endpoint_done(&e);
    buf_release(&b);
}

int main(void)
{
    test_build_cache();
    test_snippet();
    test_table();
    test_build_openai();
    test_build_anthropic();
    test_headers();
    test_parse_openai();
    test_parse_anthropic();
    test_classify_openai();
    test_classify_anthropic();
    test_batch();
    return check_done();
}
