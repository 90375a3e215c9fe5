"""Python's standard way to bulk-load the same file: gzip + split, sqlite3.executemany in one
transaction, the same schema and indexes as MovieDatabase. Prints rows/s."""
import gzip
import sqlite3
import sys
import time

SCHEMA = """CREATE TABLE titles (tconst TEXT NOT NULL, titleType TEXT NOT NULL,
    primaryTitle TEXT NOT NULL, originalTitle TEXT NOT NULL, isAdult INTEGER NOT NULL,
    startYear INTEGER, endYear INTEGER, runtimeMinutes INTEGER, genres TEXT)"""
INDEXES = """CREATE UNIQUE INDEX titles_tconst ON titles(tconst);
CREATE INDEX titles_year ON titles(startYear);
CREATE INDEX titles_type ON titles(titleType);"""


def number(value):
    return None if value == "\\N" else int(value)


def rows(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as file:
        next(file)
        for line in file:
            c = line.rstrip("\n").split("\t")
            yield (c[0], c[1], c[2], c[3], int(c[4]), number(c[5]), number(c[6]), number(c[7]),
                   None if c[8] == "\\N" else c[8])


path, database = sys.argv[1], sys.argv[2]
start = time.perf_counter()
connection = sqlite3.connect(database)
connection.execute(SCHEMA)
with connection:
    connection.executemany("INSERT INTO titles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows(path))
connection.executescript(INDEXES)
count = connection.execute("SELECT count(*) FROM titles").fetchone()[0]
seconds = time.perf_counter() - start
print(f"python executemany: {count} rows in {seconds:.3f} s = {count / seconds:.0f} rows/s")
