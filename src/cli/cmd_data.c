/* holobench data: draws a schema's rows from its generate.json and writes them as CSV.
 *
 * This is how the bundled data/TABLE.csv files are made (scale 1, seed 1), so that they stay
 * reproducible and yet editable by hand.  The database lives only in memory: the DDL is run,
 * datagen fills it, and each table is written in rowid order, one file at a time, each
 * atomically, so that an interrupted run never leaves a half-written CSV behind. */
#include "cmds.h"

#include "buf.h"
#include "csv.h"
#include "datagen.h"
#include "err.h"
#include "opts.h"
#include "util.h"
#include "value.h"
#include "xalloc.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "banned.h"

static const struct cmd_info info = {
    "data",
    "NAME [--root DIR] [--scale S] [--data-seed N] (--write | -o DIR)",
    "draw a schema's rows from its generate.json",
    "Runs schemas/NAME/schema.sql in memory, draws every table's rows as\n"
    "schemas/NAME/generate.json describes, and writes one CSV per table (header of\n"
    "column names, rows in insertion order). --write replaces schemas/NAME/data/*.csv,\n"
    "which are by convention the draw at scale 1, seed 1; -o writes into DIR instead.\n",
};

static int write_table(sqlite3 *db, const char *table, const char *dir)
{
    struct buf line = BUF_INIT, name = BUF_INIT;
    struct outfile *o;
    sqlite3_stmt *st = NULL;
    char *sql, *path;
    int rc = 0, n, i, step;
    sql = xsqlite_mprintf("SELECT * FROM \"%w\" ORDER BY rowid", table);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL)) {
        sqlite3_free(sql);
        return error("cannot read table '%s': %s", table, sqlite3_errmsg(db));
    }
    sqlite3_free(sql);
    buf_addf(&name, "%s.csv", table);
    path = path_join(dir, name.s);
    buf_release(&name);
    o = outfile_open(path);
    if (!o) {
        free(path);
        sqlite3_finalize(st);
        return -1;
    }
    n = sqlite3_column_count(st);
    for (i = 0; i < n; i++) {
        const char *c = sqlite3_column_name(st, i);
        if (i)
            buf_addch(&line, ',');
        csv_add_text(&line, c, strlen(c));
    }
    buf_addch(&line, '\n');
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        for (i = 0; i < n; i++) {
            struct cell c;
            cell_from_stmt(&c, st, i);
            if (i)
                buf_addch(&line, ',');
            csv_add_field(&line, &c);
            cell_release(&c);
        }
        buf_addch(&line, '\n');
        if (line.len >= 65536) {
            fwrite(line.s, 1, line.len, outfile_stream(o));
            buf_reset(&line);
        }
    }
    if (step != SQLITE_DONE) {
        rc = error("cannot read table '%s': %s", table, sqlite3_errmsg(db));
        outfile_abort(o);
    } else {
        fwrite(line.s, 1, line.len, outfile_stream(o));
        rc = outfile_commit(o); /* checks the stream's error flag */
    }
    if (!rc)
        say(2, "wrote %s\n", path);
    sqlite3_finalize(st);
    buf_release(&line);
    free(path);
    return rc;
}

static int write_all(sqlite3 *db, const char *dir)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           -1, &st, NULL))
        return error("cannot list tables: %s", sqlite3_errmsg(db));
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (write_table(db, (const char *)sqlite3_column_text(st, 0), dir) < 0)
            rc = -1;
    if (step != SQLITE_DONE)
        rc = error("cannot list tables: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

static int make_dir(const char *dir)
{
    struct stat sb;
    if (!stat(dir, &sb))
        return S_ISDIR(sb.st_mode) ? 0 : error("'%s' is not a directory", dir);
    if (mkdir(dir, 0777) && errno != EEXIST)
        return error("cannot create directory '%s': %s", dir, strerror(errno));
    return 0;
}

int cmd_data(int argc, char **argv)
{
    const char *root = NULL, *scale_s = NULL, *seed_s = NULL, *out_dir = NULL;
    int write = 0, npos, rc = EXIT_FAIL;
    double scale = 1;
    uint64_t seed = 1;
    char *base = NULL, *schemas = NULL, *sdir = NULL, *ddl_path = NULL, *dest = NULL;
    struct buf ddl = BUF_INIT;
    sqlite3 *db = NULL;
    char *err = NULL;
    const struct opt opts[] = {
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder: read schemas/ under DIR"),
        OPT_STRING(0, "scale", &scale_s, "S", "multiply every table's row count by S (default 1)"),
        OPT_STRING(0, "data-seed", &seed_s, "N", "seed of the draw (default 1)"),
        OPT_BOOL(0, "write", &write, "replace the schema's data/*.csv"),
        OPT_STRING('o', "output", &out_dir, "DIR", "write the CSV files into DIR"),
        OPT_END(),
    };
    npos = opts_parse(argc, argv, opts, &info);
    if (npos == OPTS_HELP)
        return EXIT_OK;
    if (npos < 0)
        return EXIT_USAGE;
    if (npos != 1)
        return usage_error(&info, npos ? "give one schema name" : "missing schema name");
    if (!argv[0][0] || strchr(argv[0], '/') || !strcmp(argv[0], ".") || !strcmp(argv[0], ".."))
        return usage_error(&info, "bad schema name '%s'", argv[0]);
    if (write == !!out_dir)
        return usage_error(&info, "give --write or -o DIR (one of them)");
    if (scale_s && datagen_parse_scale(scale_s, &scale) < 0)
        return usage_error(&info, "--scale: '%s' is not a number above 0 and at most %.0f", scale_s,
                           DATAGEN_SCALE_MAX);
    if (seed_s && parse_u64(seed_s, &seed) < 0)
        return usage_error(&info, "bad --data-seed '%s' (an unsigned integer)", seed_s);

    if (!(base = schema_root(root)))
        goto out;
    schemas = path_join(base, "schemas");
    sdir = path_join(schemas, argv[0]);
    ddl_path = path_join(sdir, "schema.sql");
    if (!file_exists(sdir)) {
        error("no schema '%s' in '%s'", argv[0], schemas);
        goto out;
    }
    if (read_file(ddl_path, &ddl) < 0)
        goto out;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
        error("cannot open an in-memory database");
        goto out;
    }
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (sqlite3_exec(db, ddl.s, NULL, NULL, &err)) {
        error("%s: %s", ddl_path, err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        goto out;
    }
    if (datagen_fill(db, sdir, scale, seed) < 0)
        goto out;
    dest = out_dir ? xstrdup(out_dir) : path_join(sdir, "data");
    if (make_dir(dest) < 0 || write_all(db, dest) < 0)
        goto out;
    say(1, "wrote %s's tables (scale %g, seed %llu) to %s\n", argv[0], scale,
        (unsigned long long)seed, dest);
    rc = EXIT_OK;
out:
    sqlite3_close(db);
    buf_release(&ddl);
    free(base);
    free(schemas);
    free(sdir);
    free(ddl_path);
    free(dest);
    return rc;
}
