/* csv: RFC 4180 comma-separated values, read from memory and written into a buf.
 *
 * Data files run to millions of rows, so the reader makes one pass over a buffer the caller
 * already holds (read_file() or a mapping) and hands out fields as pointers into it; the
 * only copies are of quoted fields with doubled quotes, which must be unescaped.  Nothing is
 * allocated per field or per record once the reader's arrays have grown to the widest record.
 *
 * What the reader accepts, beyond the letter of RFC 4180:
 *  - records end with LF or CR LF, mixed freely; the last record may lack the line end;
 *  - a UTF-8 byte order mark at the very start is skipped;
 *  - blank lines at the end of the input (whatever follows the last record when that is only
 *    CR and LF bytes) are ignored, as an editor's extra newline; a blank line before more
 *    data is a record of one NULL field, so a one-column table with NULLs survives a round
 *    trip except for NULLs in its last rows;
 *  - a CR not followed by LF is an ordinary character, in quoted and unquoted fields alike
 *    (no classic-Mac line ends), except that a CR just before the end of input ends the
 *    record, as a truncated CR LF would;
 *  - a quote inside an unquoted field (`5" disk`) is taken literally, as Python's csv module
 *    and SQLite's .import do, rather than rejected: a stray quote must not lose a file.
 * Only these are errors: a quoted field still open at the end of input, anything other
 * than a comma or a line end after a closing quote, and the bounds below (a record of more
 * than CSV_MAX_FIELDS fields, a field of more than CSV_MAX_FIELD bytes), which stop a
 * hostile file at its first offending field with `file:line:col` instead of building
 * gigabyte cells or million-entry records.
 *
 * NULL versus empty: an empty unquoted field is SQL NULL (quoted 0, len 0); `""` is the empty
 * string (quoted 1, len 0).  The writer keeps that distinction, so writing then reading gives
 * back the same cells.
 *
 * Line numbers are physical lines (counted by LF), so a record after a quoted field that spans
 * lines reports the line an editor shows; columns are 1-based byte offsets within the line. */
#ifndef HB_CSV_H
#define HB_CSV_H

#include "buf.h"
#include "value.h"

#include <stddef.h>

#define CSV_MAX_FIELD 1048576 /* bytes in one field (1 MiB) */
#define CSV_MAX_FIELDS 4096   /* fields in one record (SQLite allows 2000 columns) */

/* One field of the current record.  `s` is never NULL, is NOT NUL-terminated and may hold NUL
 * bytes; it points into the input or into reader-owned memory and stays valid until the next
 * csv_next() or csv_reader_free(). */
struct csv_field {
    const char *s;
    size_t len;
    int quoted; /* 1 when the field was written in quotes: len 0 is then "" and not NULL */
};

struct csv_reader;

/* `data` (len bytes, need not be NUL-terminated) and `filename` are borrowed and must outlive
 * the reader; `filename` only labels messages. */
struct csv_reader *csv_reader_new(const char *data, size_t len, const char *filename);
/* Read one record: returns 1 and sets *fields, *n (at least 1) and *line (the 1-based line the
 * record starts on); returns 0 at the end of the input; returns -1 after printing a syntax
 * error as `file:line:col: message`.  After -1 every further call returns -1. */
int csv_next(struct csv_reader *r, const struct csv_field **fields, size_t *n, int *line);
void csv_reader_free(struct csv_reader *r);

/* Append one field, quoted only when needed: a NULL cell as nothing, any other cell as its
 * display text (cell->text, the formatter shared with the gold answers), quoted with doubled
 * quotes when the text is empty, holds a comma, quote, CR or LF, or starts or ends with a space
 * or tab (which some readers trim).  The caller writes the "," between fields and the line
 * end. */
void csv_add_field(struct buf *b, const struct cell *c);
/* Append text, such as a header name, by the same quoting rule; empty text becomes "". */
void csv_add_text(struct buf *b, const char *s, size_t n);

#endif
