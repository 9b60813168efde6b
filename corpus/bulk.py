"""Rows straight into tables: COPY on PostgreSQL, one executemany on SQLite.

The ORM's bulk_create spent most of generate_corpus's time building model instances and
compiling one INSERT per batch with a parameter per value (100,000 dispatches: 133-263 s). Here
the generator hands plain tuples, ids are reserved ahead (so child rows can name their parent
without reading anything back), and columns the generator does not give are filled once from
the model's defaults. Only for the corpus: nothing here goes through the services' rules, and
no signal or history row is written (bulk_create wrote none either).
"""

import csv
import io
import queue
import threading
from collections.abc import Callable, Sequence

from django.db import connection, models
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone


class Table:
    """Inserts rows of `model` given as tuples of the attributes named in `given` (attnames,
    "id" included); every other concrete column takes the model's default, the same for
    every row (a per-row default, a callable, must be given)."""

    def __init__(self, model: type[Model], given: Sequence[str]):
        self.table = model._meta.db_table
        fields = {
            f.attname: f
            for f in model._meta.concrete_fields
            if not getattr(f, "generated", False)
            # an id nobody refers to is left to the database
            and not (f.primary_key and isinstance(f, AutoFieldMixin) and f.attname not in given)
        }
        unknown = set(given) - set(fields)
        if unknown:
            raise ValueError(f"{self.table} has no column for {sorted(unknown)}")
        now = timezone.now()
        defaults = []
        for attname, field in fields.items():
            if attname in given:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults.append((field, now))
            elif field.has_default() and callable(field.default):
                raise ValueError(f"{self.table}.{field.column}: a default per row, give it")
            elif field.has_default() or field.null or field.empty_strings_allowed:
                defaults.append((field, field.get_default()))
            else:
                raise ValueError(f"{self.table}.{field.column} needs a value")
        # The given columns first, in their order, then the defaults: a row is its tuple plus
        # the same constant tail.
        ordered = [fields[a] for a in given] + [f for f, _ in defaults]
        self.columns = [f.column for f in ordered]
        self._tail = tuple(value for _, value in defaults)
        # SQLite: dates and times as Django stores them (Python's own adapters are deprecated):
        # the defaults once, a given column's values once per distinct value.
        if connection.vendor == "sqlite":
            self._tail = tuple(_sqlite_value(f, v) for f, v in defaults)
        self._sqlite_dates = [
            (i, field) for i, field in enumerate(ordered[: len(given)]) if _is_date(field)
        ]

    def insert(self, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        tail = self._tail
        if connection.vendor == "postgresql":
            _copy(self.table, self.columns, rows, tail)
            return
        if self._sqlite_dates:
            memo = {}
            rows = [list(row) for row in rows]
            for row in rows:
                for index, field in self._sqlite_dates:
                    value = row[index]
                    if value not in memo:
                        memo[value] = _sqlite_value(field, value)
                    row[index] = memo[value]
            rows = [tuple(row) for row in rows]
        full = [row + tail for row in rows] if tail else list(rows)
        _executemany(self.table, self.columns, full)


def _is_date(field) -> bool:
    return isinstance(field, models.DateField)  # DateTimeField too


def _sqlite_value(field, value):
    if value is None or not _is_date(field):
        return value
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value(value)
    return connection.ops.adapt_datefield_value(value)


class Ids:
    """Primary keys of `model` handed out ahead of the inserts, so that child rows can name
    their parent before anything is written. PostgreSQL: from the table's sequence (safe with
    other writers). SQLite (AUTOINCREMENT): read once, past the largest id ever given, then
    counted here: the generator is the only writer while it runs (a concurrent insert would
    fail on the primary key, not mix rows up); an explicit id moves sqlite_sequence on as an id
    SQLite had chosen would."""

    def __init__(self, model: type[Model]):
        self.table = model._meta.db_table
        self.column = model._meta.pk.column
        self._next = None

    def take(self, count: int) -> list[int]:
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.column, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if self._next is None:
                column, table = map(connection.ops.quote_name, (self.column, self.table))
                sql = (
                    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"  # noqa: S608
                    f" coalesce((SELECT max({column}) FROM {table}), 0))"
                )
                cursor.execute(sql, [self.table])
                self._next = cursor.fetchone()[0] + 1
        start, self._next = self._next, self._next + count
        return list(range(start, start + count))


class Writer:
    """Runs write jobs in order, in a thread of its own with its own connection, while the
    caller prepares the next ones: the generator's Python and the database's work
    (PostgreSQL's to_tsvector of each row, SQLite's B-tree inserts, which release the GIL)
    overlap. Inside a transaction (a test) the jobs run inline, in it: a thread's connection
    would not see the caller's uncommitted rows."""

    def __init__(self, name: str = "corpus-writer"):
        self.threaded = connection.get_autocommit() and not connection.in_atomic_block
        self._error = None
        if self.threaded:
            self._jobs = queue.Queue(maxsize=2)
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
            self._thread.start()

    @property
    def failed(self) -> bool:
        return self._error is not None

    def put(self, job: Callable[[], None]) -> None:
        if not self.threaded:
            job()
            return
        while True:
            self._raise_error()
            try:
                self._jobs.put(job, timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        """Wait for every job; re-raise the first error of the thread."""
        if self.threaded:
            self._jobs.put(None)
            self._thread.join()
            self._raise_error()

    def _raise_error(self):
        if self._error is not None:
            raise RuntimeError(f"{self._thread.name} failed") from self._error

    def _run(self):
        try:
            while (job := self._jobs.get()) is not None:
                if self._error is None:
                    try:
                        job()
                    except BaseException as error:  # handed to the caller
                        self._error = error
        finally:
            connection.close()  # this thread's own


class Committed:
    """Set once a job of `writer` has committed; a job of another writer waits for it before
    its own commit (PostgreSQL checks the foreign keys then: the rows they name must be in)."""

    def __init__(self, writer: Writer):
        self.writer = writer
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def wait(self) -> None:
        while not self._event.wait(0.5):
            if self.writer.failed:
                raise RuntimeError("the rows this batch refers to were not written")


def _executemany(table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _copy(table: str, columns: list[str], rows: Sequence[tuple], tail: tuple) -> None:
    """COPY … FROM STDIN in CSV, written by the csv module (in C): a NULL is an unquoted empty
    field, every other value quoted (so an empty string stays one)."""
    quote = connection.ops.quote_name
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")
    writer.writerows((row + tail for row in rows) if tail else rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
            " WITH (FORMAT csv)",
            buffer,
        )
