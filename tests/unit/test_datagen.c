/* test_datagen: the generate.json interpreter, on the bundled wine schema and on small
 * specs written to a temporary folder.  argv[1] is the source tree. */
#include "buf.h"
#include "datagen.h"
#include "util.h"
#include "xalloc.h"

#include "check.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

static const char *wine_dir;

static sqlite3 *open_with(const char *ddl)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    if (sqlite3_open(":memory:", &db) || sqlite3_exec(db, ddl, NULL, NULL, &err)) {
        fprintf(stderr, "cannot set up database: %s\n", err ? err : sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return db;
}

static sqlite3 *wine_db(double scale, uint64_t seed, int *rc)
{
    struct buf ddl = BUF_INIT;
    char *path = path_join(wine_dir, "schema.sql");
    sqlite3 *db;
    if (read_file(path, &ddl) < 0)
        exit(1);
    db = open_with(ddl.s);
    *rc = datagen_fill(db, wine_dir, scale, seed);
    buf_release(&ddl);
    free(path);
    return db;
}

/* Every value of every table, in rowid order, as one string. */
static char *dump(sqlite3 *db)
{
    static const char *const tables[] = {"regions", "wineries", "grapes", "wines", "reviews"};
    struct buf b = BUF_INIT;
    size_t t;
    for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        sqlite3_stmt *st;
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY rowid", tables[t]);
        sqlite3_prepare_v2(db, sql, -1, &st, NULL);
        sqlite3_free(sql);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int i;
            for (i = 0; i < sqlite3_column_count(st); i++) {
                const unsigned char *s = sqlite3_column_text(st, i);
                buf_addf(&b, "%d:%s|", sqlite3_column_type(st, i), s ? (const char *)s : "");
            }
            buf_addch(&b, '\n');
        }
        sqlite3_finalize(st);
    }
    return buf_detach(&b, NULL);
}

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_determinism(void)
{
    int rc1, rc2, rc3;
    sqlite3 *a = wine_db(1, 1, &rc1), *b = wine_db(1, 1, &rc2), *c = wine_db(1, 2, &rc3);
    char *da = dump(a), *db_ = dump(b);
    CHECK_INT(rc1, ==, 0);
    CHECK_INT(rc2, ==, 0);
    CHECK_INT(rc3, ==, 0);
    CHECK(strlen(da) > 100000);
    CHECK(!strcmp(da, db_));
    /* another seed: other names, at most a few coincidences */
    sqlite3_exec(a, "ATTACH ':memory:' AS o", NULL, NULL, NULL);
    CHECK_INT(scalar(a, "SELECT count(*) FROM wines"), ==, 5000);
    CHECK_INT(scalar(c, "SELECT count(*) FROM wines"), ==, 5000);
    {
        sqlite3_stmt *st;
        int same = 0, n = 0;
        sqlite3_prepare_v2(a, "SELECT Name FROM wineries ORDER BY rowid LIMIT 50", -1, &st, NULL);
        while (sqlite3_step(st) == SQLITE_ROW) {
            char q[256];
            snprintf(q, sizeof(q), "SELECT count(*) FROM wineries WHERE rowid = %d AND Name = '%s'",
                     n + 1, (const char *)sqlite3_column_text(st, 0));
            if (!strchr((const char *)sqlite3_column_text(st, 0), '\''))
                same += scalar(c, q) == 1;
            n++;
        }
        sqlite3_finalize(st);
        CHECK_INT(n, ==, 50);
        CHECK_INT(same, <, 3);
    }
    /* the committed CSVs are this draw: spot-check the first wine */
    CHECK_INT(scalar(a, "SELECT count(*) FROM wines WHERE Score BETWEEN 78 AND 99"), ==, 5000);
    free(da);
    free(db_);
    sqlite3_close(a);
    sqlite3_close(b);
    sqlite3_close(c);
}

static void test_scale_and_keys(void)
{
    int rc;
    sqlite3 *db = wine_db(4, 7, &rc);
    CHECK_INT(rc, ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM regions"), ==, 4800);
    CHECK_INT(scalar(db, "SELECT count(*) FROM wines"), ==, 20000);
    CHECK_INT(scalar(db, "SELECT count(*) FROM reviews"), ==, 24000);
    CHECK_INT(scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM wines WHERE WineryID NOT IN "
                         "(SELECT WineryID FROM wineries)"),
              ==, 0);
    /* unique names even at 4x */
    CHECK_INT(scalar(db, "SELECT count(DISTINCT Name) FROM wines"), ==, 20000);
    /* cover: every winery has a wine */
    CHECK_INT(scalar(db, "SELECT count(DISTINCT WineryID) FROM wines"), ==, 6000);
    /* correlated columns: better wines cost more; tastings follow the vintage */
    CHECK(scalar(db, "SELECT avg(Price) FROM wines WHERE Score >= 92") >
          scalar(db, "SELECT avg(Price) FROM wines WHERE Score <= 85") + 10);
    CHECK_INT(scalar(db, "SELECT count(*) FROM reviews r JOIN wines w USING (WineID) "
                         "WHERE w.Vintage IS NOT NULL AND CAST(substr(r.TastingDate, 1, 4) "
                         "AS INTEGER) < w.Vintage"),
              ==, 0);
    /* scores roughly normal around 88 */
    CHECK_INT(scalar(db, "SELECT round(avg(Score)) FROM wines"), ==, 88);
    sqlite3_close(db);
    CHECK_U64(datagen_rows(1500, 0.001), ==, 2);
    CHECK_U64(datagen_rows(10, 0.01), ==, 1);
    CHECK_U64(datagen_rows(5, 2.5), ==, 13);
}

static void test_null_fraction(void)
{
    int rc;
    sqlite3 *db = wine_db(2, 3, &rc);
    long long n = scalar(db, "SELECT count(*) FROM wines WHERE Cases IS NULL");
    long long e = scalar(db, "SELECT count(*) FROM regions WHERE Elevation IS NULL");
    long long cert = scalar(db, "SELECT count(*) FROM wineries WHERE Certification IS NULL");
    CHECK_INT(rc, ==, 0);
    /* 0.12 of 10000, 0.1 of 2400, 0.65 of 3000, within a few standard deviations */
    CHECK(n > 1050 && n < 1350);
    CHECK(e > 170 && e < 310);
    CHECK(cert > 1850 && cert < 2050);
    CHECK_INT(scalar(db, "SELECT count(*) FROM wines WHERE Score IS NULL"), ==, 0);
    sqlite3_close(db);
}

static char *make_dir_with(const char *json)
{
    char tmpl[] = "/tmp/hb-datagen-XXXXXX";
    char *dir = mkdtemp(tmpl), *path;
    FILE *f;
    if (!dir)
        exit(1);
    dir = xstrdup(dir);
    path = path_join(dir, "generate.json");
    f = fopen(path, "w");
    fputs(json, f);
    fclose(f);
    free(path);
    path = path_join(dir, "words.txt");
    f = fopen(path, "w");
    fputs("# syllables\nka\nlo\nmi\n\nra\n", f);
    fclose(f);
    free(path);
    return dir;
}

static void remove_dir(char *dir)
{
    char *p = path_join(dir, "generate.json");
    unlink(p);
    free(p);
    p = path_join(dir, "words.txt");
    unlink(p);
    free(p);
    rmdir(dir);
    free(dir);
}

static const char *small_ddl =
    "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE, kind TEXT, born TEXT);\n"
    "CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p (id), x INTEGER, "
    "v REAL, label TEXT, d TEXT, k TEXT);\n";

/* Runs datagen on `json` with stderr captured into `err`; returns datagen's result. */
static int run_captured(const char *json, struct buf *err, sqlite3 **dbp)
{
    char *dir = make_dir_with(json), *log = path_join(dir, "stderr.txt");
    int saved = dup(2), rc;
    FILE *f = fopen(log, "w");
    sqlite3 *db = open_with(small_ddl);
    fflush(stderr);
    dup2(fileno(f), 2);
    rc = datagen_fill(db, dir, 1, 1);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(f);
    read_file(log, err);
    unlink(log);
    free(log);
    remove_dir(dir);
    if (dbp)
        *dbp = db;
    else
        sqlite3_close(db);
    return rc;
}

static void test_bad_spec(void)
{
    static const char *bad = "{\"tables\": {\n"                                          /* 1 */
                             " \"p\": {\"rows\": 10, \"columns\": {\n"                   /* 2 */
                             "  \"id\": {\"gen\": \"serial\"},\n"                        /* 3 */
                             "  \"name\": {\"gen\": \"sylables\"},\n"                    /* 4 */
                             "  \"kind\": {\"gen\": \"int\", \"min\": 5, \"max\": 1},\n" /* 5 */
                             "  \"born\": {\"gen\": \"date\", \"min\": \"2020-02-30\", "
                             "\"max\": \"2021-01-01\"},\n"                             /* 6 */
                             "  \"nosuch\": {\"gen\": \"serial\"}}},\n"                /* 7 */
                             " \"c\": {\"rows\": 5, \"columns\": {\n"                  /* 8 */
                             "  \"id\": {\"gen\": \"serial\"},\n"                      /* 9 */
                             "  \"pid\": {\"gen\": \"ref\", \"column\": \"kind\"},\n"  /* 10 */
                             "  \"x\": {\"gen\": \"real\", \"min\": 0, \"max\": 1},\n" /* 11 */
                             "  \"v\": {\"gen\": \"real\", \"min\": 0, \"max\": 1, "
                             "\"null\": 1.5},\n"                                    /* 12 */
                             "  \"label\": {\"gen\": \"copy\", \"from\": \"d\"},\n" /* 13 */
                             "  \"d\": {\"gen\": \"date\", \"min\": \"2020-01-01\", "
                             "\"max\": \"2020-12-31\", \"typo\": 1},\n"                    /* 14 */
                             "  \"k\": {\"gen\": \"choice\", \"values\": [1, \"a\"]}}},\n" /* 15 */
                             " \"ghost\": {\"rows\": 1, \"columns\": {}}\n"                /* 16 */
                             "}}\n";
    struct buf err = BUF_INIT;
    int rc = run_captured(bad, &err, NULL);
    CHECK_INT(rc, ==, -1);
    CHECK(strstr(err.s, "generate.json:4: unknown generator 'sylables'") != NULL);
    CHECK(strstr(err.s, "generate.json:5: bad range") != NULL);
    CHECK(strstr(err.s, "generate.json:6: '2020-02-30' is not a date") != NULL);
    CHECK(strstr(err.s, "generate.json:7: unknown column 'nosuch'") != NULL);
    CHECK(strstr(err.s, "generate.json:16: unknown table 'ghost'") != NULL);
    /* the first pass stops before columns when tables are wrong; fix those and look again */
    buf_release(&err);
    {
        static const char *bad2 =
            "{\"tables\": {\n"                                                  /* 1 */
            " \"p\": {\"rows\": 10, \"columns\": {\n"                           /* 2 */
            "  \"id\": {\"gen\": \"serial\"},\n"                                /* 3 */
            "  \"name\": {\"gen\": \"syllables\", \"start\": \"words.txt\"},\n" /* 4 */
            "  \"kind\": {\"gen\": \"choice\", \"values\": [\"a\", \"b\"]},\n"  /* 5 */
            "  \"born\": {\"gen\": \"date\", \"min\": \"2020-01-01\", \"max\": \"2021-01-01\"}}},\n"
            " \"c\": {\"rows\": 5, \"columns\": {\n"                                 /* 7 */
            "  \"id\": {\"gen\": \"serial\"},\n"                                     /* 8 */
            "  \"pid\": {\"gen\": \"ref\", \"column\": \"kind\"},\n"                 /* 9 */
            "  \"x\": {\"gen\": \"real\", \"min\": 0, \"max\": 1},\n"                /* 10 */
            "  \"v\": {\"gen\": \"real\", \"min\": 0, \"max\": 1, \"null\": 1.5},\n" /* 11 */
            "  \"label\": {\"gen\": \"copy\", \"from\": \"d\"},\n"                   /* 12 */
            "  \"d\": {\"gen\": \"date\", \"min\": \"2020-01-01\", "
            "\"max\": \"2020-12-31\", \"typo\": 1},\n"                   /* 13 */
            "  \"k\": {\"gen\": \"choice\", \"values\": [1, \"a\"]}}}\n" /* 14 */
            "}}\n";
        rc = run_captured(bad2, &err, NULL);
        CHECK_INT(rc, ==, -1);
        CHECK(strstr(err.s, "generate.json:9: 'p.kind' is not a key") != NULL);
        CHECK(strstr(err.s, "generate.json:10: wrong type: column 'x' is INTEGER") != NULL);
        CHECK(strstr(err.s, "generate.json:11: 'null' must be a fraction") != NULL);
        CHECK(strstr(err.s, "generate.json:12: column 'd' is used before it is drawn") != NULL);
        CHECK(strstr(err.s, "generate.json:13: unknown key 'typo'") != NULL);
        CHECK(strstr(err.s, "generate.json:14: 'values' mixes strings and numbers") != NULL);
        buf_release(&err);
    }
    {
        static const char *bad3 =
            "{\"tables\": {\n"                                                  /* 1 */
            " \"p\": {\"rows\": 10, \"columns\": {\n"                           /* 2 */
            "  \"id\": {\"gen\": \"serial\"},\n"                                /* 3 */
            "  \"name\": {\"gen\": \"syllables\", \"start\": \"words.txt\"},\n" /* 4 */
            "  \"kind\": {\"gen\": \"choice\", \"values\": [\"a\"], \"dist\": \"zipf\", \"s\": "
            "0},\n" /* 5 */
            "  \"born\": {\"gen\": \"int\", \"min\": 1, \"max\": 5, \"dist\": \"zipf\", \"s\": "
            "11}}},\n"
            " \"c\": {\"rows\": 5, \"columns\": {\n"                          /* 7 */
            "  \"id\": {\"gen\": \"serial\"},\n"                              /* 8 */
            "  \"pid\": {\"gen\": \"ref\", \"dist\": \"zipf\", \"s\": -1},\n" /* 9 */
            "  \"x\": {\"gen\": \"int\", \"min\": 0, \"max\": 1},\n"          /* 10 */
            "  \"v\": {\"gen\": \"choice\", \"values\": [\"a\"]},\n"          /* 11 */
            "  \"label\": {\"gen\": \"choice\", \"values\": [\"a\"]},\n"      /* 12 */
            "  \"d\": {\"gen\": \"choice\", \"values\": [\"a\"]},\n"          /* 13 */
            "  \"k\": {\"gen\": \"int\", \"min\": 0, \"max\": 3}}}\n"         /* 14 */
            "}}\n";
        rc = run_captured(bad3, &err, NULL);
        CHECK_INT(rc, ==, -1);
        CHECK(strstr(err.s, "generate.json:5: 's' must be in (0, 10]") != NULL);
        CHECK(strstr(err.s, "generate.json:6: 's' must be in (0, 10]") != NULL);
        CHECK(strstr(err.s, "generate.json:9: 's' must be in (0, 10]") != NULL);
        CHECK(strstr(err.s, "generate.json:11: wrong type: column 'v' is REAL but 'choice' "
                            "gives text") != NULL);
        CHECK(strstr(err.s, "generate.json:14: wrong type: column 'k' is TEXT but 'int' "
                            "gives integers") != NULL);
        CHECK(strstr(err.s, "column 'x'") == NULL); /* an int in an INTEGER column */
        buf_release(&err);
    }
}

static void test_features(void)
{
    static const char *good =
        "{\"tables\": {\n"
        " \"c\": {\"rows\": 400, \"columns\": {\n"
        "  \"id\": {\"gen\": \"serial\", \"start\": 100, \"step\": 2},\n"
        "  \"pid\": {\"gen\": \"ref\", \"dist\": \"zipf\", \"s\": 1.2, \"cover\": true},\n"
        "  \"x\": {\"gen\": \"int\", \"min\": 0, \"max\": 10000, \"dist\": \"normal\", "
        "\"mean\": 100, \"sd\": 5, \"shift\": [{\"column\": \"pid.kind\", "
        "\"values\": {\"b\": 1000}}]},\n"
        "  \"v\": {\"gen\": \"real\", \"decimals\": 2, \"min\": 1, \"max\": 1000, "
        "\"dist\": \"lognormal\", \"median\": 20, \"sigma\": 0.5},\n"
        "  \"d\": {\"gen\": \"date\", \"after\": \"pid.born\", \"min_days\": 1, "
        "\"max_days\": 30},\n"
        "  \"label\": {\"gen\": \"template\", \"template\": \"{w} of {pid.name} #{n}\", "
        "\"parts\": {\"w\": {\"gen\": \"choice\", \"values\": [\"Ode\", \"Song\"]}, "
        "\"n\": {\"gen\": \"int\", \"min\": 1, \"max\": 9}}},\n"
        "  \"k\": {\"gen\": \"copy\", \"from\": \"pid.kind\"}}},\n"
        " \"p\": {\"rows\": 20, \"fixed\": true, \"columns\": {\n"
        "  \"id\": {\"gen\": \"serial\"},\n"
        "  \"name\": {\"gen\": \"syllables\", \"start\": \"words.txt\", \"min\": 3, \"max\": 4},\n"
        "  \"kind\": {\"gen\": \"choice\", \"values\": [\"a\", \"b\"], \"weights\": [1, 1]},\n"
        "  \"born\": {\"gen\": \"date\", \"min\": \"2020-01-01\", \"max\": \"2020-12-31\", "
        "\"null\": 0.2}}}\n"
        "}}\n";
    struct buf err = BUF_INIT;
    sqlite3 *db = NULL;
    int rc = run_captured(good, &err, &db);
    CHECK_INT(rc, ==, 0);
    CHECK_STR(err.s, "");
    CHECK_INT(scalar(db, "SELECT count(*) FROM p"), ==, 20);
    CHECK_INT(scalar(db, "SELECT count(*) FROM c"), ==, 400);
    CHECK_INT(scalar(db, "SELECT min(id) FROM c"), ==, 100);
    CHECK_INT(scalar(db, "SELECT max(id) FROM c"), ==, 898);
    CHECK_INT(scalar(db, "SELECT count(DISTINCT pid) FROM c"), ==, 20);
    CHECK_INT(scalar(db, "SELECT count(*) FROM c JOIN p ON p.id = c.pid WHERE c.k IS NOT p.kind"),
              ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM c JOIN p ON p.id = c.pid WHERE p.kind = 'b' "
                         "AND c.x < 900"),
              ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM c JOIN p ON p.id = c.pid WHERE "
                         "c.label <> (substr(c.label, 1, instr(c.label, ' ') - 1) || ' of ' || "
                         "p.name || ' #' || substr(c.label, -1))"),
              ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM c JOIN p ON p.id = c.pid WHERE p.born IS NOT NULL "
                         "AND (julianday(c.d) - julianday(p.born) NOT BETWEEN 1 AND 30)"),
              ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM c WHERE v <> round(v, 2) OR typeof(v) <> 'real'"),
              ==, 0);
    CHECK_INT(scalar(db, "SELECT count(*) FROM p WHERE substr(name, 1, 1) NOT IN "
                         "('K', 'L', 'M', 'R') OR length(name) < 6"),
              ==, 0);
    /* zipf fan-out: the most referenced parent has far more than the average 20 */
    CHECK(scalar(db, "SELECT max(n) FROM (SELECT count(*) AS n FROM c GROUP BY pid)") > 60);
    sqlite3_close(db);
    buf_release(&err);
}

int main(int argc, char **argv)
{
    char *schemas;
    if (argc < 2) {
        fprintf(stderr, "usage: test_datagen SOURCE_ROOT\n");
        return 2;
    }
    schemas = path_join(argv[1], "schemas");
    wine_dir = path_join(schemas, "wine");
    test_determinism();
    test_scale_and_keys();
    test_null_fraction();
    test_bad_spec();
    test_features();
    free(schemas);
    free((char *)wine_dir);
    return check_done();
}
