/* structured: asking a model for structured output, in each API's form, and the answer
 * schema of the structured answer prompt (harness/prompts/answer-json.txt).
 *
 * The judge asks for fixed schemas; `run --prompt answer-json` asks, per instance, for
 *   {"reasoning": "...", "rows": [{FIELD: value, ...}, ...]}
 * with one field per column of the instance's gold.  A field is the column's name with every
 * character outside [A-Za-z0-9_.-] turned into '_', cut at 64 bytes, and made unique with
 * _2, _3, ... (Anthropic refuses other property names; "COUNT(*)" becomes "COUNT___").  A
 * field's type is the JSON type of the column's gold values, or null: every field may be null,
 * so that the schema never tells where the gold holds a NULL; a column whose values are of
 * several types, or all NULL, or a gold without rows, takes a string or a number.
 *
 * Ownership: functions returning cJSON * return a fresh tree the caller deletes; a function
 * named _take takes the tree it is given. */
#ifndef HB_STRUCTURED_H
#define HB_STRUCTURED_H

#include "buf.h"
#include "endpoint.h"

#include <cjson/cJSON.h>

/* The name of the answer's tool or schema in requests. */
#define ANSWER_SCHEMA_NAME "holobench_answer"

/* Sets the API's form of structured output in params (an object), replacing one that is
 * there: OpenAI a response_format of type json_schema with strict (the Responses API:
 * text.format of type json_schema, strict); Anthropic a forced tool
 * (tool_choice) whose input_schema is the schema.  Takes schema. */
void structured_ask_take(cJSON *params, enum api_kind api, const char *name, cJSON *schema);

/* The field of each column of a gold's "columns" (an array of strings), in order. */
cJSON *answer_fields(const cJSON *columns);
/* The schema of a structured answer to an instance with this gold object. */
cJSON *answer_schema(const cJSON *gold);
/* The text for the prompt's {columns}: one line per field, with its type and column. */
void answer_columns_text(const cJSON *gold, struct buf *out);

#endif
