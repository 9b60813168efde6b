"""Search over the public dispatches: one query language, two database back ends.

`query` parses what a citizen types, `backend` turns it into PostgreSQL full-text or SQLite FTS5,
`engine` ranks, counts and pages the matches, `snippets` highlights them.
"""
