-- A small hand-made schema for the tests: grapes and wineries are parents of wines;
-- critics share no key with the others (distractor material for wine queries).
CREATE TABLE grapes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  color TEXT NOT NULL
);

CREATE TABLE wineries (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT
);

CREATE TABLE wines (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  grape_id INTEGER REFERENCES grapes(id),
  winery_id INTEGER REFERENCES wineries(id),
  year INTEGER,
  price REAL,
  score INTEGER
);

CREATE TABLE critics (
  handle TEXT,
  country TEXT,
  since INTEGER,
  PRIMARY KEY (handle, country)
);
