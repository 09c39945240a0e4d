-- wine: an invented wine-ratings database in the spirit of Spider's wine_1.
-- Every region, winery, grape, wine and critic is made up (see generate.json), so that no
-- model can answer from memory.

CREATE TABLE regions (
    RegionID    INTEGER PRIMARY KEY,
    Name        TEXT NOT NULL UNIQUE,
    Country     TEXT NOT NULL,
    Climate     TEXT NOT NULL,
    Elevation   INTEGER,            -- metres above sea level; NULL when not surveyed
    Hectares    INTEGER NOT NULL,   -- area under vine
    Established INTEGER             -- year the appellation was recognised; NULL if never
);

CREATE TABLE wineries (
    WineryID      INTEGER PRIMARY KEY,
    Name          TEXT NOT NULL UNIQUE,
    RegionID      INTEGER NOT NULL REFERENCES regions (RegionID),
    Founded       INTEGER NOT NULL,
    Owner         TEXT NOT NULL,
    Employees     INTEGER NOT NULL,
    Certification TEXT              -- organic, biodynamic or sustainable; NULL for none
);

CREATE TABLE grapes (
    GrapeID       INTEGER PRIMARY KEY,
    Name          TEXT NOT NULL UNIQUE,
    Color         TEXT NOT NULL,    -- red or white
    Ripening      TEXT NOT NULL,    -- early, mid or late
    Acidity       TEXT NOT NULL,    -- low, medium or high
    OriginCountry TEXT NOT NULL
);

CREATE TABLE wines (
    WineID   INTEGER PRIMARY KEY,
    Name     TEXT NOT NULL UNIQUE,
    WineryID INTEGER NOT NULL REFERENCES wineries (WineryID),
    GrapeID  INTEGER NOT NULL REFERENCES grapes (GrapeID),
    Vintage  INTEGER,               -- NULL for a non-vintage blend
    Style    TEXT NOT NULL,         -- still, sparkling, dessert or fortified
    Score    INTEGER NOT NULL,      -- points out of 100
    Price    INTEGER NOT NULL,      -- US dollars a bottle
    Cases    INTEGER,               -- cases made; NULL when undisclosed
    Alcohol  REAL NOT NULL          -- percent by volume
);

CREATE TABLE reviews (
    ReviewID    INTEGER PRIMARY KEY,
    WineID      INTEGER NOT NULL REFERENCES wines (WineID),
    Critic      TEXT NOT NULL,
    Rating      INTEGER NOT NULL,   -- the critic's points out of 100
    TastingDate TEXT NOT NULL,      -- YYYY-MM-DD
    Note        TEXT                -- a short tasting note; NULL when none was published
);
