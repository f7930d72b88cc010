"""Name badges as one PDF: time and peak memory for 250 and 1,000 badges (goal: 1,000 under
30 s on the two-core machine, memory flat), and how soon the first page leaves.

Names, organizations and countries cycle through Latin with diacritics, Cyrillic, Greek,
Arabic and Chinese, so every font and HarfBuzz's shaping are exercised. Each size is read
through the real query (`queries.approved_registrations`, a server-side cursor where the
database has one) and drawn by the same builder as the download; time is measured without
memory tracing, then the peak of Python allocations in a second pass with tracemalloc.

Run: .venv/bin/python bench/badges.py
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
from datetime import date

from sqlalchemy import select, update

from bench.common import add_bulk_registrations, bench_app
from eventapp.badges.data import event_badges
from eventapp.badges.layout import badges_pdf
from eventapp.extensions import db
from eventapp.people.models import Person
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event
from eventapp.registration import queries
from eventapp.registration.models import Registration

SIZES = (250, 1_000)
GOAL_SECONDS = 30.0
# Memory is flat when four times the badges need less than twice the peak.
FLAT_RATIO = 2.0
NAMES = ("Nguyễn Thị Ảnh", "Şükrü Saraçoğlu", "Gęślą Łódź-Żółć", "Иван Жуков",
         "Ελένη Παπαδοπούλου", "محمد عبد الله", "王小明", "Maximilian von Hohenzollern")


def _drain(event: Event, layout: str) -> tuple[int, float]:
    """(bytes, seconds until the first page left)."""
    start = time.perf_counter()
    first_page = None
    size = 0
    chunks = badges_pdf(event_badges(event, queries.RegistrationFilters(), None), layout)
    for index, chunk in enumerate(chunks):
        size += len(chunk)
        if index == 1:
            first_page = time.perf_counter() - start
    return size, first_page or 0.0


def _measure(event: Event, layout: str) -> tuple[float, float, float, int]:
    """(seconds, seconds to the first page, peak MiB of Python allocations, bytes)."""
    start = time.perf_counter()
    size, first = _drain(event, layout)
    seconds = time.perf_counter() - start
    db.session.rollback()
    tracemalloc.start()
    _drain(event, layout)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    db.session.rollback()
    return seconds, first, peak, size


def _mixed_scripts(event_id: int) -> None:
    people = db.session.scalars(select(Registration.person_id).where(
        Registration.event_id == event_id).order_by(Registration.id)).all()
    db.session.execute(update(Person), [
        {"id": person_id, "first_name": "", "last_name": NAMES[i % len(NAMES)]}
        for i, person_id in enumerate(people)])
    db.session.commit()


def main() -> int:
    with bench_app() as app, app.app_context():
        category_ids = [c.id for c in ensure_default_categories()]
        events = {}
        for n in SIZES:
            event = Event(slug=f"b{n}", title="International Dialogue on Migration",
                          timezone="America/New_York", start_date=date(2018, 3, 26),
                          end_date=date(2018, 3, 27))
            db.session.add(event)
            db.session.commit()
            add_bulk_registrations(event.id, category_ids, n, prefix=f"r{n}-",
                                   status_of=lambda i: "approved")
            _mixed_scripts(event.id)
            events[n] = event.id
        with app.test_request_context():
            _drain(db.session.get(Event, events[SIZES[0]]), "sheet")  # fonts loaded once
            results = {}
            for layout in ("sheet", "a6"):
                for n in SIZES:
                    seconds, first, peak, size = _measure(db.session.get(Event, events[n]),
                                                          layout)
                    results[layout, n] = (seconds, peak)
                    print(f"{layout:5} {n:>5} badges: {seconds:6.2f} s (first page after "
                          f"{first:5.2f} s), peak {peak:6.2f} MiB, {size / 2**20:6.2f} MiB")
    seconds, large_peak = results["sheet", SIZES[-1]]
    ratio = large_peak / results["sheet", SIZES[0]][1]
    fast, flat = seconds < GOAL_SECONDS, ratio < FLAT_RATIO
    print(f"sheet {SIZES[-1]}: {seconds:.2f} s (goal < {GOAL_SECONDS:.0f} s): "
          f"{'OK' if fast else 'SLOW'}; peak {SIZES[-1]} / {SIZES[0]} badges = {ratio:.2f} "
          f"(goal < {FLAT_RATIO:.0f}): {'flat' if flat else 'GROWS'}")
    return 0 if fast and flat else 1


if __name__ == "__main__":
    raise SystemExit(main())
