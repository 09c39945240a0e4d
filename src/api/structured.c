/* structured.c: structured output in each API's form, and the schema of a structured answer;
 * the interface and its rules are in structured.h. */
#include "structured.h"

#include "xalloc.h"

#include <string.h>

#include "banned.h"

void structured_ask_take(cJSON *params, enum api_kind api, const char *name, cJSON *schema)
{
    if (api == API_OPENAI_CHAT) {
        cJSON *rf = cJSON_CreateObject(), *js = cJSON_AddObjectToObject(rf, "json_schema");
        cJSON_AddStringToObject(rf, "type", "json_schema");
        cJSON_AddStringToObject(js, "name", name);
        cJSON_AddBoolToObject(js, "strict", 1);
        cJSON_AddItemToObject(js, "schema", schema);
        cJSON_DeleteItemFromObject(params, "response_format");
        cJSON_AddItemToObject(params, "response_format", rf);
    } else if (api == API_OPENAI_RESPONSES) {
        /* the Responses API: text.format, with name and schema beside the type */
        cJSON *text = cJSON_GetObjectItemCaseSensitive(params, "text"), *fmt;
        if (!cJSON_IsObject(text)) {
            cJSON_DeleteItemFromObject(params, "text");
            text = cJSON_AddObjectToObject(params, "text");
        }
        cJSON_DeleteItemFromObject(text, "format");
        fmt = cJSON_AddObjectToObject(text, "format");
        cJSON_AddStringToObject(fmt, "type", "json_schema");
        cJSON_AddStringToObject(fmt, "name", name);
        cJSON_AddBoolToObject(fmt, "strict", 1);
        cJSON_AddItemToObject(fmt, "schema", schema);
        cJSON_DeleteItemFromObject(params, "response_format");
    } else {
        cJSON *tools = cJSON_CreateArray(), *tool = cJSON_CreateObject();
        cJSON *choice = cJSON_CreateObject();
        cJSON_AddStringToObject(tool, "name", name);
        cJSON_AddStringToObject(tool, "description", "Record the result.");
        cJSON_AddItemToObject(tool, "input_schema", schema);
        cJSON_AddItemToArray(tools, tool);
        cJSON_AddStringToObject(choice, "type", "tool");
        cJSON_AddStringToObject(choice, "name", name);
        cJSON_DeleteItemFromObject(params, "tools");
        cJSON_DeleteItemFromObject(params, "tool_choice");
        cJSON_AddItemToObject(params, "tools", tools);
        cJSON_AddItemToObject(params, "tool_choice", choice);
    }
}

static int field_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

static int taken(const cJSON *fields, const char *name)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, fields)
    {
        if (!strcmp(f->valuestring, name))
            return 1;
    }
    return 0;
}

cJSON *answer_fields(const cJSON *columns)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *c;
    struct buf f = BUF_INIT, u = BUF_INIT;
    cJSON_ArrayForEach(c, columns)
    {
        const char *s = cJSON_IsString(c) ? c->valuestring : "";
        int k = 2;
        buf_reset(&f);
        for (; *s && f.len < 64; s++)
            buf_addch(&f, field_char((unsigned char)*s) ? *s : '_');
        if (!f.len)
            buf_adds(&f, "field");
        buf_reset(&u);
        buf_add(&u, f.s, f.len);
        while (taken(out, u.s)) { /* the suffix keeps it within 64 bytes */
            buf_reset(&u);
            buf_addf(&u, "%.*s_%d", f.len > 58 ? 58 : (int)f.len, f.s, k++);
        }
        cJSON_AddItemToArray(out, cJSON_CreateString(u.s));
    }
    buf_release(&f);
    buf_release(&u);
    return out;
}

/* The JSON type of the gold's values in column i: "number", "string", "boolean", or NULL
 * when they are of several types or there are none. */
static const char *column_type(const cJSON *rows, int i)
{
    const cJSON *row;
    const char *t = NULL;
    cJSON_ArrayForEach(row, rows)
    {
        const cJSON *v = cJSON_GetArrayItem(row, i);
        const char *vt = cJSON_IsNumber(v)   ? "number"
                         : cJSON_IsString(v) ? "string"
                         : cJSON_IsBool(v)   ? "boolean"
                                             : NULL;
        if (!vt)
            continue;
        if (t && strcmp(t, vt))
            return NULL;
        t = vt;
    }
    return t;
}

static cJSON *field_schema(const cJSON *rows, int i, const char *column)
{
    cJSON *p = cJSON_CreateObject(), *types = cJSON_AddArrayToObject(p, "type");
    const char *t = column_type(rows, i);
    struct buf d = BUF_INIT;
    if (t) {
        cJSON_AddItemToArray(types, cJSON_CreateString(t));
    } else {
        cJSON_AddItemToArray(types, cJSON_CreateString("string"));
        cJSON_AddItemToArray(types, cJSON_CreateString("number"));
    }
    cJSON_AddItemToArray(types, cJSON_CreateString("null"));
    buf_addf(&d, "the column %s", column);
    cJSON_AddStringToObject(p, "description", d.s);
    buf_release(&d);
    return p;
}

/* {"type": "object", "properties": ..., "required": [every one], "additionalProperties":
 * false}: the form strict OpenAI schemas must have. */
static cJSON *object_schema(cJSON *props)
{
    cJSON *o = cJSON_CreateObject(), *req = cJSON_CreateArray();
    const cJSON *p;
    cJSON_AddStringToObject(o, "type", "object");
    cJSON_AddItemToObject(o, "properties", props);
    cJSON_ArrayForEach(p, props)
    {
        cJSON_AddItemToArray(req, cJSON_CreateString(p->string));
    }
    cJSON_AddItemToObject(o, "required", req);
    cJSON_AddBoolToObject(o, "additionalProperties", 0);
    return o;
}

cJSON *answer_schema(const cJSON *gold)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *f, *c;
    cJSON *fields = answer_fields(cols), *props = cJSON_CreateObject(), *top = cJSON_CreateObject();
    cJSON *arr = cJSON_CreateObject();
    int i = 0;
    for (f = fields->child, c = cols ? cols->child : NULL; f; f = f->next, c = c ? c->next : NULL)
        cJSON_AddItemToObject(props, f->valuestring,
                              field_schema(rows, i++, cJSON_IsString(c) ? c->valuestring : ""));
    cJSON_AddStringToObject(arr, "type", "array");
    cJSON_AddItemToObject(arr, "items", object_schema(props));
    cJSON_AddItemToObject(top, "reasoning", cJSON_CreateObject());
    cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(top, "reasoning"), "type", "string");
    cJSON_AddItemToObject(top, "rows", arr);
    cJSON_Delete(fields);
    return object_schema(top);
}

void answer_columns_text(const cJSON *gold, struct buf *out)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *f, *c;
    cJSON *fields = answer_fields(cols);
    int i = 0;
    for (f = fields->child, c = cols ? cols->child : NULL; f; f = f->next, c = c ? c->next : NULL) {
        const char *t = column_type(rows, i);
        buf_adds(out, i++ ? "\n  " : "  "); /* the template ends the last line */
        buf_add_json_str(out, f->valuestring, strlen(f->valuestring));
        buf_addf(out, ": %s or null",
                 !t                      ? "a string or a number"
                 : !strcmp(t, "boolean") ? "true or false"
                 : !strcmp(t, "number")  ? "a number"
                                         : "a string");
        if (cJSON_IsString(c) && strcmp(c->valuestring, f->valuestring))
            buf_addf(out, " (the column %s)", c->valuestring);
    }
    cJSON_Delete(fields);
}
