-- college: an invented consortium of universities with departments, instructors, courses,
-- course sections by term, students and enrollments.  Every name is made up from the
-- syllable and word lists in words/ (see generate.json), so no model can answer from memory.

CREATE TABLE departments (
    DeptID     INTEGER PRIMARY KEY,
    Name       TEXT NOT NULL UNIQUE,   -- e.g. "Velmology Studies"
    University TEXT NOT NULL,          -- one of a dozen invented universities
    Building   TEXT,                   -- home building; NULL when the department has none
    Founded    INTEGER NOT NULL,       -- year
    Budget     INTEGER NOT NULL,       -- annual budget in thousands of dollars
    Chair      TEXT                    -- head of department; NULL while the post is vacant
);

CREATE TABLE instructors (
    InstructorID INTEGER PRIMARY KEY,
    Name         TEXT NOT NULL,
    DeptID       INTEGER NOT NULL REFERENCES departments (DeptID),
    Rank         TEXT NOT NULL,        -- Professor, Associate Professor, Assistant Professor, Lecturer
    HireYear     INTEGER NOT NULL,
    Salary       INTEGER NOT NULL,     -- US dollars a year
    Office       TEXT                  -- office room; NULL when none is assigned
);

CREATE TABLE courses (
    CourseID INTEGER PRIMARY KEY,
    Title    TEXT NOT NULL UNIQUE,
    DeptID   INTEGER NOT NULL REFERENCES departments (DeptID),
    Level    INTEGER NOT NULL,         -- 100, 200, 300 or 400
    Credits  INTEGER NOT NULL
);

CREATE TABLE sections (
    SectionID    INTEGER PRIMARY KEY,
    CourseID     INTEGER NOT NULL REFERENCES courses (CourseID),
    InstructorID INTEGER NOT NULL REFERENCES instructors (InstructorID),
    Season       TEXT NOT NULL,        -- Fall, Spring or Summer
    Year         INTEGER NOT NULL,
    Days         TEXT NOT NULL,        -- meeting days, e.g. "Tuesday and Thursday"
    Capacity     INTEGER NOT NULL,     -- seats
    Room         TEXT                  -- NULL for sections taught online
);

CREATE TABLE students (
    StudentID INTEGER PRIMARY KEY,
    Name      TEXT NOT NULL,
    MajorID   INTEGER REFERENCES departments (DeptID),   -- NULL while the major is undeclared
    EntryYear INTEGER NOT NULL,
    BirthYear INTEGER NOT NULL,
    Hometown  TEXT NOT NULL,
    GPA       REAL                     -- 0-4 scale; NULL before the first graded term
);

CREATE TABLE enrollments (
    EnrollmentID INTEGER PRIMARY KEY,
    StudentID    INTEGER NOT NULL REFERENCES students (StudentID),
    SectionID    INTEGER NOT NULL REFERENCES sections (SectionID),
    Registered   TEXT NOT NULL,        -- YYYY-MM-DD, the day the student signed up
    Attendance   INTEGER NOT NULL,     -- percent of classes attended
    Mark         INTEGER               -- final mark out of 100; NULL when withdrawn or incomplete
);
