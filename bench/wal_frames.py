#!/usr/bin/env python3
"""Which B-trees a SQLite commit writes: the frames in the write-ahead log
since its last reset, counted per commit and by the table or index that owns
each page.

    python3 bench/wal_frames.py DATABASE

Copy the database and its -wal file while moderato is stopped (or kill it
hard, which leaves the log in place) and point this at the copy: reading a
live database through Python's sqlite3 would checkpoint it. Pages allocated
since the last checkpoint are not in the database file yet and show as
"(new pages)".
"""
import collections
import sqlite3
import struct
import sys

path = sys.argv[1]
wal = open(path + "-wal", "rb").read()
_, _, page_size, _, salt1, salt2, _, _ = struct.unpack(">8I", wal[:32])
frames, offset = [], 32
while offset + 24 + page_size <= len(wal):
    page, db_size, s1, s2, _, _ = struct.unpack(">6I", wal[offset:offset + 24])
    if (s1, s2) != (salt1, salt2):
        break
    frames.append((page, db_size))
    offset += 24 + page_size
commits = sum(1 for _, db_size in frames if db_size)
if not commits:
    sys.exit("no committed frames in the log")
owners = {}
try:
    owners = dict((page, name) for name, page in
                  sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("SELECT name, pageno FROM dbstat"))
except sqlite3.Error as err:
    print(f"(no page owners: {err})")
counts = collections.Counter(owners.get(page, "(new pages)") for page, _ in frames)
print(f"page size {page_size}; {len(frames)} frames in {commits} commits, {len(frames) / commits:.1f} per commit")
for name, n in counts.most_common():
    print(f"{n / commits:7.2f} per commit  {name}")
