/* holobench db: the loaded database as a SQLite file, for any SQLite tool. */
#include "cmds.h"
#include "datagen.h"
#include "err.h"
#include "opts.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "db",
    "SCHEMA [--root DIR] [--scale S --data-seed N] -o FILE.sqlite",
    "Write a schema's loaded database (DDL and data) to a SQLite file.",
    "Without --scale or --data-seed the rows come from schemas/SCHEMA/data/*.csv; with\n"
    "either, they are drawn from schemas/SCHEMA/generate.json (scale 1, seed 1 by default).\n"
    "The file is written to a temporary name and renamed, so a failure leaves no partial file.\n",
};

int cmd_db(int argc, char **argv)
{
    const char *root = NULL, *out = NULL, *scale = NULL, *seed = NULL;
    char *base;
    struct schema_opts o;
    struct schema s;
    int n, rc;
    const struct opt opts[] = {
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder: read schemas/ under DIR"),
        OPT_STRING(0, "scale", &scale, "S", "draw rows from generate.json at scale S"),
        OPT_STRING(0, "data-seed", &seed, "N", "seed of that draw (default 1)"),
        OPT_STRING(0, "seed", &seed, "N", "the same as --data-seed"),
        OPT_STRING('o', "output", &out, "FILE", "the SQLite file to write"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 1, 1, "name one schema", &n)) != OPTS_GO)
        return rc;
    if (!out)
        return usage_error(&info, "-o FILE.sqlite is required");
    memset(&o, 0, sizeof(o));
    o.no_verbalizer = 1;
    if (scale || seed) {
        o.generate = 1;
        o.scale = 1.0;
        if (scale && datagen_parse_scale(scale, &o.scale) < 0)
            return usage_error(&info, "--scale: '%s' is not a number above 0 and at most %.0f",
                               scale, DATAGEN_SCALE_MAX);
        if (parse_u64(seed ? seed : "1", &o.data_seed) < 0)
            return usage_error(&info, "--data-seed: '%s' is not a number", seed);
    }
    if (!(base = schema_root(root)))
        return EXIT_FAIL;
    rc = schema_load(&s, base, argv[0], &o);
    free(base);
    if (rc < 0)
        return EXIT_FAIL;
    rc = schema_save(&s, out);
    if (!rc) {
        size_t i, rows = 0;
        for (i = 0; i < s.ntables; i++)
            rows += s.tables[i].nrows;
        say(1, "wrote %s: %zu tables, %zu rows\n", out, s.ntables, rows);
    }
    schema_release(&s);
    return rc ? EXIT_FAIL : EXIT_OK;
}
