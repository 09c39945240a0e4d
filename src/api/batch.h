/* batch: a suite as provider batch input (export), and the provider's results back into a
 * run database (import), so that a batch round trip fills exactly the run `run` would.
 *
 * Export writes, into one folder:
 *   batch-001.jsonl, ...  OpenAI Batch input, one line a request:
 *                         {"custom_id": C, "method": "POST", "url": "/v1/chat/completions",
 *                          "body": <the body run sends, byte for byte>}
 *   batch-001.json, ...   Anthropic Message Batches: the body of POST /v1/messages/batches,
 *                         {"requests": [{"custom_id": C, "params": <the Messages body>}, ...]}
 *   manifest.json         what import needs: suite path and hash, prompt name and hash, the
 *                         endpoint without secrets, api, model, filters, the files with their
 *                         request counts and byte sizes, custom_id -> instance id and
 *                         custom_id -> request hash.
 * Files are split within the providers' limits (OpenAI: 50,000 requests and 200 MB a file;
 * Anthropic: 100,000 requests and 256 MB a batch; megabytes taken as 10^6 bytes, the
 * smaller reading).  Every file is written atomically (util.h outfile).
 *
 * custom_id is "hb-" and the first 16 hex digits of SHA-256 of the instance id: instance
 * ids can be longer than the providers allow (Anthropic: ^[a-zA-Z0-9_-]{1,64}$), and a
 * hash keeps the id stable across exports, so results of an earlier export still match.
 *
 * Import reads OpenAI output and error files and Anthropic results (any order), matches
 * each line on custom_id through the manifest, and records it as `run` would have: a
 * success through the provider's parse() (usage, finish reason, truncation; missing usage
 * estimated), an error through classify() as 'failed', 'bad_request' or 'too_long';
 * canceled and expired requests stay 'pending' for `run` or another export.  It refuses
 * results whose manifest names another suite hash, prompt hash or api/model, or whose
 * requests differ from the ones the current endpoint would send.  All lines are checked
 * before anything is written, and the run changes in one transaction.  Importing the same
 * results again changes nothing: a 'done' instance is never overwritten, and a failure
 * already recorded with the same message is left alone.
 *
 * What differs between the APIs (file format, limits, result lines) is each provider's
 * `batch` entry (provider.h); batch_export.c and batch_import.c hold no per-API branch.
 *
 * Ownership: the options structs are only read; everything they point to stays the
 * caller's, and batch_import() neither keeps nor frees o->e or o->inputs.  Each call opens,
 * and closes before returning, its own suite index, run database and reply cache, so
 * nothing it allocates outlives it; batch_custom_id() writes into the caller's array. */
#ifndef HB_BATCH_H
#define HB_BATCH_H

#include "endpoint.h"

#include <stddef.h>
#include <stdint.h>

struct run_opts;

#define BATCH_MANIFEST "manifest.json"
#define BATCH_MANIFEST_VERSION 1 /* what export writes and import reads */
#define BATCH_CUSTOM_ID_LEN 19   /* "hb-" + 16 hex digits */

/* The custom_id of an instance id. */
void batch_custom_id(const char *id, char out[BATCH_CUSTOM_ID_LEN + 1]);

/* ---- export ---- */

struct batch_export_opts {
    const struct run_opts *ro; /* root, suite, endpoint, prompt, filters, limit; run_path
                                  when `missing` */
    const char *prompt_name;   /* as given to --prompt, recorded for import */
    const char *dir;           /* created when missing (its parent must exist) */
    int missing;               /* only instances of ro->run_path not yet 'done' */
    uint64_t max_requests;     /* per file; 0: the provider's limit */
    uint64_t max_bytes;        /* per file; 0: the provider's limit */
};

/* Writes the batch files and the manifest; prints the files' paths on stdout.  Files of
 * an earlier export into the same folder that this one does not rewrite are removed (only
 * those its manifest lists).  Returns an exit status. */
int batch_export(const struct batch_export_opts *o);

/* ---- import ---- */

struct batch_import_opts {
    const char *root;
    struct endpoint *e;
    const char *run_path;
    const char *cache_path; /* NULL: no reply cache */
    const char *suite;      /* NULL: the manifest's */
    const char *manifest;   /* NULL: manifest.json in the folder named, or beside the files */
    char **inputs;          /* folders (every *.jsonl in it that is not batch input) or files */
    size_t ninputs;
};

/* Returns an exit status; prints a summary on stderr. */
int batch_import(const struct batch_import_opts *o);

/* batch_import()'s second half, for a run already open (the batch fuzz target): reads
 * every line of the result files (bad lines, unknown custom_ids, duplicates; two different
 * replies for one request are refused), then records the results in one transaction.
 * Returns 0, or -1 (printed) with the run unchanged. */
struct batch_request {
    const char *custom_id;
    const char *id;   /* the instance's, in the run */
    const char *hash; /* its request hash, for the reply cache */
};
struct rundb;
struct replycache;
struct batch_results {
    struct endpoint *e;               /* its API reads the lines; its secrets are redacted */
    const char *manifest, *run_path;  /* for messages */
    const struct batch_request *reqs; /* in suite order */
    size_t nreqs;
    char *const *files;
    size_t nfiles;
    struct rundb *db;         /* open and locked */
    struct replycache *cache; /* or NULL */
};
int batch_import_results(const struct batch_results *r);

#endif
