-- football: an invented football federation with clubs in five divisions, their players,
-- league matches and per-match player statistics. Every club, town, player and referee is
-- made up (see generate.json), so that no model can answer from memory.

CREATE TABLE clubs (
    ClubID    INTEGER PRIMARY KEY,
    Name      TEXT NOT NULL UNIQUE,
    City      TEXT NOT NULL,
    Founded   INTEGER NOT NULL,    -- year the club was founded
    Division  INTEGER NOT NULL,    -- 1 (top flight) to 5
    Stadium   TEXT NOT NULL,
    Capacity  INTEGER NOT NULL,    -- stadium seats
    Manager   TEXT,                -- head coach; NULL while the post is vacant
    Colours   TEXT NOT NULL
);

CREATE TABLE players (
    PlayerID    INTEGER PRIMARY KEY,
    Name        TEXT NOT NULL,
    ClubID      INTEGER NOT NULL REFERENCES clubs (ClubID),
    Position    TEXT NOT NULL,     -- goalkeeper, defender, midfielder or forward
    BirthYear   INTEGER NOT NULL,
    Nationality TEXT NOT NULL,
    Height      INTEGER,           -- centimetres; NULL when not measured
    MarketValue INTEGER NOT NULL,  -- thousands of euros
    Foot        TEXT               -- preferred foot; NULL when unknown
);

CREATE TABLE matches (
    MatchID     INTEGER PRIMARY KEY,
    HomeClubID  INTEGER NOT NULL REFERENCES clubs (ClubID),
    AwayClubID  INTEGER NOT NULL REFERENCES clubs (ClubID),
    MatchDate   TEXT NOT NULL,     -- YYYY-MM-DD
    HomeGoals   INTEGER NOT NULL,
    AwayGoals   INTEGER NOT NULL,
    Attendance  INTEGER,           -- spectators; NULL when not reported
    Referee     TEXT NOT NULL
);

CREATE TABLE appearances (
    AppearanceID INTEGER PRIMARY KEY,
    PlayerID     INTEGER NOT NULL REFERENCES players (PlayerID),
    MatchID      INTEGER NOT NULL REFERENCES matches (MatchID),
    Minutes      INTEGER NOT NULL, -- minutes on the pitch
    Goals        INTEGER NOT NULL,
    Assists      INTEGER NOT NULL,
    YellowCards  INTEGER NOT NULL,
    RedCards     INTEGER NOT NULL, -- 1 if sent off, else 0
    Rating       REAL              -- match rating out of 10; NULL when not rated
);
