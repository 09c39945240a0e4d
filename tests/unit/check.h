/* check.h: assertions for the unit tests.  Each failed check prints the expression, both
 * values, file and line (libuv's task.h), counts the failure and goes on; a test program
 * ends with `return check_done();`, which prints a summary and returns the exit status. */
#ifndef HB_CHECK_H
#define HB_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_failures_, check_count_;

#define CHECK_FAIL_(...)                                                                           \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);                              \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        check_failures_++;                                                                         \
    } while (0)

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        check_count_++;                                                                            \
        if (!(expr))                                                                               \
            CHECK_FAIL_("%s", #expr);                                                              \
    } while (0)

#define CHECK_INT(a, op, b)                                                                        \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        check_count_++;                                                                            \
        if (!(a_ op b_))                                                                           \
            CHECK_FAIL_("%s %s %s (%lld vs %lld)", #a, #op, #b, a_, b_);                           \
    } while (0)

#define CHECK_U64(a, op, b)                                                                        \
    do {                                                                                           \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                                           \
        check_count_++;                                                                            \
        if (!(a_ op b_))                                                                           \
            CHECK_FAIL_("%s %s %s (%" PRIu64 " vs %" PRIu64 ")", #a, #op, #b, a_, b_);             \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        check_count_++;                                                                            \
        if (!a_ || !b_ || strcmp(a_, b_))                                                          \
            CHECK_FAIL_("%s == %s (\"%s\" vs \"%s\")", #a, #b, a_ ? a_ : "(null)",                 \
                        b_ ? b_ : "(null)");                                                       \
    } while (0)

static inline int check_done(void)
{
    fprintf(stderr, "%d checks, %d failed\n", check_count_, check_failures_);
    return check_failures_ ? 1 : 0;
}

#endif
