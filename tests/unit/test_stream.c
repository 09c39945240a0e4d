/* Unit tests of streaming (sse.c, the providers' stream assembly) and of the Responses API's
 * request and reply (provider_responses.c), on captured shapes, without a server. */
#include "check.h"
#include "provider.h"
#include "sse.h"

#include <stdlib.h>
#include <string.h>

/* ---- the SSE reader ---- */

struct events {
    struct buf log; /* "name|data\n" per event */
};

static void on_event(void *ctx, const char *event, const char *data, size_t n)
{
    struct events *ev = ctx;
    buf_addf(&ev->log, "%s|%.*s\n", event, (int)n, data);
}

/* Feeds `text` in pieces of `step` bytes. */
static void feed(const char *text, size_t step, size_t max, struct buf *out, int *rc)
{
    struct sse s;
    struct events ev = {BUF_INIT};
    size_t i, n = strlen(text);
    sse_init(&s, max, on_event, &ev);
    *rc = 0;
    for (i = 0; i < n && !*rc; i += step)
        *rc = sse_feed(&s, text + i, n - i < step ? n - i : step);
    sse_finish(&s);
    sse_release(&s);
    buf_reset(out);
    buf_add(out, ev.log.s ? ev.log.s : "", ev.log.len);
    buf_release(&ev.log);
}

static void test_sse(void)
{
    static const char text[] = ": keep-alive\r\n"
                               "event: message_start\r\n"
                               "data: {\"a\":1}\r\n"
                               "\r\n"
                               "data: first\n"
                               "data:second\n"
                               "id: 7\n"
                               "\n"
                               "event: ping\n"
                               "\n" /* no data: not dispatched */
                               "data: [DONE]\r\r"
                               "data: last, without its blank line\n";
    static const char want[] = "message_start|{\"a\":1}\n"
                               "|first\nsecond\n"
                               "|[DONE]\n"
                               "|last, without its blank line\n";
    struct buf out = BUF_INIT;
    size_t step;
    int rc;
    /* the same events whatever the pieces curl hands over */
    for (step = 1; step <= sizeof(text); step++) {
        feed(text, step, 1024, &out, &rc);
        CHECK_INT(rc, ==, 0);
        CHECK_STR(out.s, want);
    }
    /* a cut line is not an event */
    feed("data: {\"complete\":1}\n\ndata: {\"cut", 5, 1024, &out, &rc);
    CHECK_STR(out.s, "|{\"complete\":1}\n");
    /* bounded: a line over the cap stops the reader */
    feed("data: 0123456789012345678901234567890123456789\n\n", 7, 16, &out, &rc);
    CHECK_INT(rc, ==, -1);
    CHECK_STR(out.s, "");
    buf_release(&out);
}

/* ---- assembly: a stream gives what the non-streamed reply gives ---- */

struct ev {
    const char *name, *data;
};

/* Runs the events through the provider's assembly; 1 and *r parsed when the stream was
 * whole, 0 when it was cut. */
static int assemble(const struct provider *p, const struct ev *evs, size_t n, struct reply *r,
                    struct buf *err)
{
    struct stream_acc s;
    struct buf body = BUF_INIT;
    size_t i;
    int whole;
    stream_acc_init(&s, 1 << 20);
    for (i = 0; i < n; i++)
        p->stream_event(&s, evs[i].name, evs[i].data, strlen(evs[i].data));
    whole = p->stream_end(&s, &body);
    reply_init(r);
    if (whole && p->parse(body.s, body.len, r, err) < 0)
        whole = -1;
    stream_acc_release(&s);
    buf_release(&body);
    return whole;
}

static void test_chat_stream(void)
{
    static const struct ev evs[] = {
        {"", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m-1\","
             "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"},
        {"", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":"
             "\"think\"}}]}"},
        {"", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Ans\"}}]}"},
        {"", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"wer: "
             "\\u00e9\"}}]}"},
        {"", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
             "\"length\"}]}"},
        {"", "{\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":100,"
             "\"completion_tokens\":20,\"prompt_tokens_details\":{\"cached_tokens\":64},"
             "\"completion_tokens_details\":{\"reasoning_tokens\":5}}}"},
        {"", "[DONE]"},
    };
    struct reply r;
    struct buf err = BUF_INIT;
    CHECK_INT(assemble(&provider_openai, evs, 7, &r, &err), ==, 1);
    CHECK_STR(r.text, "Answer: \xc3\xa9");
    CHECK_STR(r.reasoning, "think");
    CHECK_STR(r.finish, "length");
    CHECK_INT(r.truncated, ==, 1);
    CHECK_INT(r.input_tokens, ==, 100);
    CHECK_INT(r.output_tokens, ==, 20);
    CHECK_INT(r.cached_tokens, ==, 64);
    CHECK_INT(r.reasoning_tokens, ==, 5);
    CHECK_STR(r.model, "m-1");
    CHECK_STR(r.id, "chatcmpl-1");
    reply_release(&r);
    /* no [DONE]: cut short, never a reply */
    CHECK_INT(assemble(&provider_openai, evs, 6, &r, &err), ==, 0);
    reply_release(&r);
    buf_release(&err);
}

static void test_anthropic_stream(void)
{
    static const struct ev evs[] = {
        {"message_start",
         "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
         "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,"
         "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":20,"
         "\"cache_read_input_tokens\":30,\"output_tokens\":1}}}"},
        {"ping", "{\"type\":\"ping\"}"},
        {"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                                "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                "{\"type\":\"thinking_delta\",\"thinking\":\"hmm \"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                "{\"type\":\"thinking_delta\",\"thinking\":\"rows\"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                "{\"type\":\"signature_delta\",\"signature\":\"c2ln\"}}"},
        {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
        {"content_block_start", "{\"type\":\"content_block_start\",\"index\":1,"
                                "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                                "{\"type\":\"text_delta\",\"text\":\"Answer: \"}}"},
        {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                                "{\"type\":\"text_delta\",\"text\":\"42\"}}"},
        {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"},
        {"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                          "\"max_tokens\",\"stop_details\":{\"k\":1}},\"usage\":"
                          "{\"output_tokens\":77,\"output_tokens_details\":{\"thinking_tokens\":"
                          "40}}}"},
        {"message_stop", "{\"type\":\"message_stop\"}"},
    };
    static const struct ev overloaded[] = {
        {"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                          "\"content\":[],\"usage\":{\"input_tokens\":10}}}"},
        {"error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                  "\"Overloaded\"}}"},
    };
    struct reply r;
    struct buf err = BUF_INIT, msg = BUF_INIT;
    CHECK_INT(assemble(&provider_anthropic, evs, 13, &r, &err), ==, 1);
    CHECK_STR(r.text, "Answer: 42");
    CHECK_STR(r.reasoning, "hmm rows");
    CHECK_STR(r.finish, "length");
    CHECK_INT(r.truncated, ==, 1);
    CHECK_INT(r.input_tokens, ==, 60);
    CHECK_INT(r.cached_tokens, ==, 30);
    CHECK_INT(r.cache_write_tokens, ==, 20);
    CHECK_INT(r.output_tokens, ==, 77);
    CHECK_INT(r.reasoning_tokens, ==, 40);
    CHECK_STR(r.stop_details, "{\"k\":1}");
    reply_release(&r);
    CHECK_INT(assemble(&provider_anthropic, evs, 12, &r, &err), ==, 0);
    reply_release(&r);
    /* an error event after the 200: not a reply, classified as the 529 it stands for */
    buf_reset(&err);
    CHECK_INT(assemble(&provider_anthropic, overloaded, 2, &r, &err), ==, -1);
    {
        struct stream_acc s;
        struct buf body = BUF_INIT;
        stream_acc_init(&s, 1 << 20);
        provider_anthropic.stream_event(&s, "error", overloaded[1].data,
                                        strlen(overloaded[1].data));
        CHECK_INT(provider_anthropic.stream_end(&s, &body), ==, 1);
        CHECK_INT(provider_anthropic.classify(200, body.s, body.len, &msg), ==, FAIL_OVERLOAD);
        CHECK_STR(msg.s, "Overloaded");
        stream_acc_release(&s);
        buf_release(&body);
    }
    buf_release(&err);
    buf_release(&msg);
}

static void test_responses(void)
{
    static char model[] = "gpt-5";
    static const char reply[] =
        "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"incomplete\","
        "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"error\":null,\"model\":"
        "\"gpt-5-2026\",\"output\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":"
        "\"summary_text\",\"text\":\"plan\"}]},{\"type\":\"message\",\"role\":\"assistant\","
        "\"content\":[{\"type\":\"output_text\",\"text\":\"<think>x</think>Answer\"}]}],"
        "\"usage\":{\"input_tokens\":900,\"input_tokens_details\":{\"cached_tokens\":512},"
        "\"output_tokens\":50,\"output_tokens_details\":{\"reasoning_tokens\":30}}}";
    static const struct ev evs[] = {
        {"response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_2\","
                             "\"status\":\"in_progress\",\"output\":[]}}"},
        {"response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":"
                                       "\"Hel\"}"},
        {"response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":"
                                       "\"lo\"}"},
        {"response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":"
                               "\"resp_2\",\"status\":\"completed\",\"output\":[],\"usage\":"
                               "{\"input_tokens\":5,\"output_tokens\":2}}}"},
    };
    struct endpoint e;
    struct buf body = BUF_INIT, err = BUF_INIT, msg = BUF_INIT;
    struct reply r;
    memset(&e, 0, sizeof(e));
    e.api = API_OPENAI_RESPONSES;
    e.model = model;
    e.params = cJSON_Parse("{\"max_tokens\":64,\"reasoning_effort\":\"high\",\"system\":\"S\","
                           "\"stream\":true,\"temperature\":1}");
    {
        struct prompt_req pr = {"Q?", 2, 0, NULL};
        provider_responses.build(&e, &pr, &body);
    }
    CHECK_STR(body.s, "{\"model\":\"gpt-5\",\"input\":[{\"role\":\"user\",\"content\":\"Q?\"}],"
                      "\"max_output_tokens\":64,\"reasoning\":{\"effort\":\"high\"},"
                      "\"instructions\":\"S\",\"temperature\":1,\"store\":false}");
    CHECK(provider_for(API_OPENAI_RESPONSES) == &provider_responses);
    CHECK(provider_named("openai-responses") == &provider_responses);
    CHECK_STR(provider_responses.path, "/responses");

    CHECK_INT(provider_responses.parse(reply, strlen(reply), &r, &err), ==, 0);
    CHECK_STR(r.text, "Answer");
    CHECK_STR(r.reasoning, "plan\n\nx");
    CHECK_STR(r.finish, "length");
    CHECK_STR(r.finish_raw, "max_output_tokens");
    CHECK_INT(r.truncated, ==, 1);
    CHECK_INT(r.input_tokens, ==, 900);
    CHECK_INT(r.cached_tokens, ==, 512);
    CHECK_INT(r.reasoning_tokens, ==, 30);
    CHECK_STR(r.model, "gpt-5-2026");
    reply_release(&r);

    CHECK_INT(assemble(&provider_responses, evs, 4, &r, &err), ==, 1);
    CHECK_STR(r.text, "Hello");
    CHECK_STR(r.finish, "stop");
    reply_release(&r);
    CHECK_INT(assemble(&provider_responses, evs, 3, &r, &err), ==, 0);
    reply_release(&r);

    /* a failed response is not a reply; its error decides the class */
    {
        static const char failed[] = "{\"id\":\"resp_3\",\"status\":\"failed\",\"error\":"
                                     "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow "
                                     "down\"},\"output\":[]}";
        buf_reset(&err);
        CHECK_INT(provider_responses.parse(failed, strlen(failed), &r, &err), ==, -1);
        CHECK_STR(err.s, "slow down");
        CHECK_INT(provider_responses.classify(200, failed, strlen(failed), &msg), ==, FAIL_RATE);
    }
    cJSON_Delete(e.params);
    buf_release(&body);
    buf_release(&err);
    buf_release(&msg);
}

static void test_streams_default(void)
{
    struct endpoint e;
    memset(&e, 0, sizeof(e));
    e.api = API_ANTHROPIC_MESSAGES;
    e.stream = -1;
    e.max_output = ANTHROPIC_STREAM_ABOVE;
    CHECK_INT(provider_streams(&e), ==, 0);
    e.max_output = ANTHROPIC_STREAM_ABOVE + 1;
    CHECK_INT(provider_streams(&e), ==, 1);
    e.stream = 0;
    CHECK_INT(provider_streams(&e), ==, 0);
    e.api = API_OPENAI_CHAT;
    e.stream = -1;
    CHECK_INT(provider_streams(&e), ==, 0);
    e.stream = 1;
    CHECK_INT(provider_streams(&e), ==, 1);
}

int main(void)
{
    test_sse();
    test_chat_stream();
    test_anthropic_stream();
    test_responses();
    test_streams_default();
    return check_done();
}
