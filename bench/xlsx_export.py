"""The registrations export as an Excel workbook: time and peak memory at 2,000 and 10,000
registrations (goal: 10,000 under 3 s, memory flat), with the CSV export beside it.

Each size is built from the real query (`queries.export_rows`, the server-side cursor the
download uses) through the same builder as the download; time is measured without memory
tracing, then the peak of Python allocations in a second pass with tracemalloc.

Run: .venv/bin/python bench/xlsx_export.py
     (BENCH_DATABASE_URL=postgresql+psycopg://user@host:port/postgres for PostgreSQL;
     it creates and drops a database of its own)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from bench.common import add_bulk_registrations, bench_app
from eventapp.extensions import db
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event
from eventapp.registration import queries
from eventapp.registration.csv_export import registrations_csv_chunks
from eventapp.registration.xlsx_export import registrations_xlsx_chunks

SIZES = (2_000, 10_000)
GOAL_SECONDS = 3.0
# Memory is flat when five times the rows need less than twice the peak.
FLAT_RATIO = 2.0

Builder = Callable[[Iterable, object], Iterator[bytes]]


def _drain(event: Event, builder: Builder) -> int:
    rows = queries.export_rows(event, queries.RegistrationFilters())
    return sum(len(chunk) for chunk in builder(rows, event.zone))


def _measure(event: Event, builder: Builder) -> tuple[float, float, int]:
    """(seconds, peak MiB of Python allocations, bytes of output)."""
    start = time.perf_counter()
    size = _drain(event, builder)
    seconds = time.perf_counter() - start
    db.session.rollback()
    tracemalloc.start()
    _drain(event, builder)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    db.session.rollback()
    return seconds, peak, size


def main() -> int:
    with bench_app() as app, app.app_context():
        category_ids = [c.id for c in ensure_default_categories()]
        events = {}
        for n in SIZES:
            event = Event(slug=f"x{n}", title=f"{n} registrations", timezone="Europe/Zurich",
                          start_date=date(2018, 3, 26), end_date=date(2018, 3, 27))
            db.session.add(event)
            db.session.commit()
            add_bulk_registrations(event.id, category_ids, n, prefix=f"r{n}-",
                                   status_of=lambda i: "approved")
            events[n] = event.id
        with app.test_request_context():
            _drain(db.session.get(Event, events[SIZES[0]]), registrations_xlsx_chunks)  # warm
            results = {}
            for name, builder in (("xlsx", registrations_xlsx_chunks),
                                  ("csv", registrations_csv_chunks)):
                for n in SIZES:
                    seconds, peak, size = _measure(db.session.get(Event, events[n]), builder)
                    results[name, n] = (seconds, peak)
                    print(f"{name:4} {n:>6} registrations: {seconds:6.2f} s, "
                          f"peak {peak:6.2f} MiB, {size / 1024:7.0f} KiB")
    seconds, large_peak = results["xlsx", SIZES[-1]]
    small_peak = results["xlsx", SIZES[0]][1]
    ratio = large_peak / small_peak
    fast, flat = seconds < GOAL_SECONDS, ratio < FLAT_RATIO
    print(f"xlsx {SIZES[-1]}: {seconds:.2f} s (goal < {GOAL_SECONDS:.0f} s): "
          f"{'OK' if fast else 'SLOW'}; peak {SIZES[-1]} / {SIZES[0]} rows = {ratio:.2f} "
          f"(goal < {FLAT_RATIO:.0f}): {'flat' if flat else 'GROWS'}")
    return 0 if fast and flat else 1


if __name__ == "__main__":
    raise SystemExit(main())
