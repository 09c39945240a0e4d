-- flights: invented airports, airlines, the routes they fly and two years of dated flights.
-- Every airport, city, country, airline and aircraft type is made up (see generate.json and
-- words/), so no model can answer from memory.

CREATE TABLE airports (
    Code      TEXT PRIMARY KEY,        -- four capital letters, e.g. "QVRA"
    Name      TEXT NOT NULL UNIQUE,
    City      TEXT NOT NULL,
    Country   TEXT NOT NULL,
    UtcOffset INTEGER NOT NULL,        -- hours from UTC
    Elevation INTEGER,                 -- feet above sea level; NULL when not surveyed
    Runways   INTEGER NOT NULL,
    Opened    INTEGER                  -- year; NULL when unknown
);

CREATE TABLE airlines (
    AirlineID INTEGER PRIMARY KEY,
    Name      TEXT NOT NULL UNIQUE,
    Country   TEXT NOT NULL,
    Hub       TEXT REFERENCES airports (Code),   -- main base; NULL for carriers without one
    Founded   INTEGER NOT NULL,
    FleetSize INTEGER NOT NULL,        -- aircraft in service
    Alliance  TEXT                     -- NULL for unaligned carriers
);

CREATE TABLE routes (
    RouteID     INTEGER PRIMARY KEY,
    AirlineID   INTEGER NOT NULL REFERENCES airlines (AirlineID),
    Origin      TEXT NOT NULL REFERENCES airports (Code),
    Destination TEXT NOT NULL REFERENCES airports (Code),
    Equipment   TEXT NOT NULL,         -- aircraft type normally flown
    Distance    INTEGER NOT NULL,      -- kilometres
    Weekly      INTEGER NOT NULL       -- scheduled departures a week
);

CREATE TABLE flights (
    FlightID   INTEGER PRIMARY KEY,
    RouteID    INTEGER NOT NULL REFERENCES routes (RouteID),
    FlightDate TEXT NOT NULL,          -- YYYY-MM-DD
    Gate       TEXT NOT NULL,          -- departure gate, e.g. "B12"
    Status     TEXT NOT NULL,          -- landed, diverted or cancelled
    Delay      INTEGER,                -- departure delay in minutes; NULL when not reported
    Passengers INTEGER                 -- passengers booked; NULL when not reported
);
