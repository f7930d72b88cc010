"""The opening rush: 1,000 people register for a popular dialogue within its first minute.

Each person is logged in beforehand (a signed session cookie, as after a login), then loads
the registration form, submits it (CSRF on) and loads the page the submit redirects to. The
event has 800 places and a 10% quota for the private sector (every tenth person); the server
is the README's production command (gunicorn, 4 gthread workers of 64 threads) on loopback.

Two arrival profiles, each into an event of its own: "opening" (300 people in the first 5 s,
700 over the next 55 s) and "even" (1,000 over 60 s). For each it prints throughput, p50/p99
of the submit and of the whole flow, errors, overbookings and the mails queued; the p99 of
anonymous visitors (the agenda and /healthz, 10 a second each) before and during the rush;
the application and database CPU per flow (from /proc: gunicorn's workers, and PostgreSQL's
processes, less what the visitors cost before the rush). In-process it counts the statements
of one flow and the time the event's lock is held (from the locking statement to the commit).

Every loop is bounded in requests and seconds; only loopback is contacted.

Run: .venv/bin/python bench/rush.py   (BENCH_DATABASE_URL=postgresql+psycopg://... for
     PostgreSQL, on a database of its own that is dropped afterwards)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import http.client
import multiprocessing
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.parse
from datetime import date

from sqlalchemy import event as sa_event
from sqlalchemy import func, insert, select, text

from bench.common import LOOPBACK, ROOT, bench_app, free_port, serving
from eventapp.accounts.models import LoginSession, User
from eventapp.db_types import utcnow
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import Event
from eventapp.registration.models import CategoryQuota, Registration

PEOPLE = 1000
CAPACITY = 800
PRIVATE_PERCENT = 10
PROFILES = {"opening": ((300, 5.0), (700, 55.0)), "even": ((1000, 60.0),)}
PROBE_FLOWS = 30  # in-process flows for statements, CPU and lock time
VISITOR_RATE = 10.0  # requests a second, each of the agenda and /healthz
STEADY_SECONDS = 15.0
SECRET = "live-server-secret-key-0123456789abcdef"
GUNICORN_ARGS = ("--workers", "4", "--worker-class", "gthread", "--threads", "64")
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


# --- building -------------------------------------------------------------------------------


def build(app) -> tuple[dict[str, list[tuple[int, str]]], list[int]]:
    """One event per profile (and one for the in-process probe), each with its own people
    (user id, address); and the category each person chooses, by their number."""
    with app.app_context():
        categories = {c.key: c.id for c in ensure_default_categories()}
        model = User(email="x@example.org")
        model.set_password("bench password 123")
        password_hash = model.password_hash
        events = {}
        for slug in (*PROFILES, "probe"):
            event = Event(slug=slug, title=f"Dialogue {slug}", timezone="Europe/Zurich",
                          start_date=date(2027, 3, 26), end_date=date(2027, 3, 28),
                          is_published=True, auto_approve=True, capacity=CAPACITY,
                          require_verified_email=True)
            db.session.add(event)
            db.session.flush()
            db.session.add(CategoryQuota(event_id=event.id,
                                         category_id=categories["private-sector"],
                                         max_percent=PRIVATE_PERCENT))
            events[slug] = event
        db.session.commit()
        build_programme(events["opening"], sessions=150, slots_per_session=6)
        now = utcnow()
        people = {}
        for slug in events:
            count = PROBE_FLOWS if slug == "probe" else PEOPLE
            db.session.execute(insert(User), [
                {"email": f"{slug}{i}@example.org", "role": "participant",
                 "password_hash": password_hash, "email_verified_at": now, "language": "en",
                 "session_generation": 0, "created_at": now} for i in range(count)])
            rows = db.session.execute(select(User.id, User.email).where(
                User.email.like(f"{slug}%@example.org")).order_by(User.id)).all()
            people[slug] = [(user_id, email) for user_id, email in rows]
            # Each one's login on its device: the cookie names its row (login_sessions.py).
            db.session.execute(insert(LoginSession), [
                {"token": login_token(user_id), "user_id": user_id, "created_at": now}
                for user_id, _email in rows])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()
    others = [category_id for key, category_id in categories.items() if key != "private-sector"]
    return people, [categories["private-sector"] if i % 10 == 0 else others[i % len(others)]
                    for i in range(PEOPLE)]


def session_cookie(app, user_id: int) -> str:
    """The signed cookie a login leaves: the user, its session generation, fresh."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": str(user_id), "_generation": 0, "_fresh": True,
                             "_login": login_token(user_id)})


def login_token(user_id: int) -> str:
    """The token of the user's one login session, made in build()."""
    return f"bench-login-{user_id}"


# --- one person's flow over HTTP --------------------------------------------------------------


class Visitor:
    """A browser reduced to what the flow needs: one cookie, a fresh connection a request."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie

    def request(self, method: str, path: str, body: str | None = None
                ) -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=120)
        try:
            headers = {"Cookie": f"session={self.cookie}"} if self.cookie else {}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("session="):
                    self.cookie = value.split(";", 1)[0].split("=", 1)[1]
            return response.status, data, dict(response.getheaders())
        finally:
            conn.close()


WAITING_ROOM_TRIES = 40  # a person sent to the waiting room tries again at most this often


def patiently(visitor: Visitor, method: str, path: str, body: str | None,
              turned_away: list[int]) -> tuple[int, str, dict[str, str]]:
    """A request sent again after the waiting room's Retry-After, as its page asks."""
    for _ in range(WAITING_ROOM_TRIES):
        status, page, headers = visitor.request(method, path, body)
        if status != 503 or "Retry-After" not in headers:
            return status, page, headers
        turned_away[0] += 1
        time.sleep(float(headers["Retry-After"]))
    return status, page, headers


def one_flow(port: int, cookie: str, slug: str, email: str, category_id: int
             ) -> tuple[float, float, str, int]:
    """(submit seconds, whole flow seconds, "" or what went wrong, waiting-room answers)."""
    visitor = Visitor(port, cookie)
    turned_away = [0]
    start = time.perf_counter()
    status, page, _ = patiently(visitor, "GET", f"/events/{slug}/register", None, turned_away)
    token = _CSRF.search(page)
    if status != 200 or token is None:
        return 0.0, 0.0, f"form {status}", turned_away[0]
    body = urllib.parse.urlencode({
        "csrf_token": token.group(1), "email": email, "first_name": "Rush",
        "last_name": email.split("@")[0], "category": str(category_id),
        "organization": "none", "delegation_role": "delegate"})
    posted = time.perf_counter()
    status, _, headers = patiently(visitor, "POST", f"/events/{slug}/register", body,
                                   turned_away)
    submit = time.perf_counter() - posted
    if status != 302 or not headers.get("Location", "").endswith("/me/registrations"):
        return submit, 0.0, f"submit {status}", turned_away[0]
    status, _, _ = visitor.request("GET", "/me/registrations")
    return (submit, time.perf_counter() - start, "" if status == 200 else f"page {status}",
            turned_away[0])


def arrivals(profile: str) -> list[float]:
    """Each person's start, in seconds from the opening, evenly spread within each segment."""
    times, offset = [], 0.0
    for count, seconds in PROFILES[profile]:
        times += [offset + seconds * i / count for i in range(count)]
        offset += seconds
    return times


def run_rush(port: int, slug: str, people: list[tuple[str, str, int]], profile: str,
             results) -> None:
    """A client process: start each flow at its arrival time, in a thread of its own."""
    samples: list[tuple[float, float, str, int]] = []
    lock = threading.Lock()

    def person(cookie: str, email: str, category_id: int) -> None:
        try:
            sample = one_flow(port, cookie, slug, email, category_id)
        except OSError as error:
            sample = (0.0, 0.0, type(error).__name__, 0)
        with lock:
            samples.append(sample)

    threads = []
    opening = time.perf_counter()
    for at, (cookie, email, category_id) in zip(arrivals(profile), people, strict=True):
        time.sleep(max(0.0, opening + at - time.perf_counter()))
        thread = threading.Thread(target=person, args=(cookie, email, category_id))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=180)
    results.put((samples, time.perf_counter() - opening))


def run_visitors(port: int, seconds: float, results) -> None:
    """A client process: anonymous agenda and /healthz, VISITOR_RATE a second each."""
    visitor = Visitor(port, "")
    samples: dict[str, list[float]] = {"agenda": [], "healthz": []}
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        for name, path in (("agenda", "/events/opening/agenda"), ("healthz", "/healthz")):
            begin = time.perf_counter()
            visitor.request("GET", path)
            samples[name].append(time.perf_counter() - begin)
        time.sleep(max(0.0, 1 / VISITOR_RATE - (time.perf_counter() - started)))
    results.put(samples)


# --- CPU from /proc ----------------------------------------------------------------------------


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


class CpuMeter:
    """CPU seconds of gunicorn's workers and of the database server since the last reading."""

    def __init__(self, master: int, postgres: bool) -> None:
        self.master = master
        self.postgres = postgres
        self.hz = os.sysconf("SC_CLK_TCK")
        self.last = self._now()

    def _now(self) -> tuple[dict[int, int], dict[int, int]]:
        app = {pid: _ticks(pid) for pid in _children(self.master)}
        database = {pid: _ticks(pid) for pid in _postgres_pids()} if self.postgres else {}
        return app, database

    def lap(self) -> tuple[float, float]:
        now = self._now()
        spent = tuple(sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / self.hz
                      for before, after in zip(self.last, now, strict=True))
        self.last = now
        return spent  # type: ignore[return-value]


# --- in-process: statements, CPU and the lock -------------------------------------------------


def probe(app, people: list[tuple[int, str]], category_id: int) -> dict[str, float]:
    """Sequential flows through the test client, each request in a fresh session as in a
    worker: statements per flow, application CPU per flow, and the lock's hold time."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    held: list[float] = []
    taken: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, *args: object) -> None:
        statements.append(statement)
        # The lock: FOR UPDATE on PostgreSQL; on SQLite the registrations version's upsert,
        # the transaction's first write (BEGIN IMMEDIATE before it until this round).
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        if "FOR UPDATE" in statement or statement.startswith("BEGIN IMMEDIATE") or (
                statement.startswith("INSERT INTO content_versions")
                and any(str(value).startswith("registrations:") for value in values)):
            taken.setdefault(id(conn), time.perf_counter())

    def committed(conn) -> None:
        started = taken.pop(id(conn), None)
        if started is not None:
            held.append(time.perf_counter() - started)

    flows = []
    for user_id, email in people:
        client = app.test_client()
        client.set_cookie("session", session_cookie(app, user_id), domain="localhost")
        flows.append((client, email))
    sa_event.listen(engine, "before_cursor_execute", before)
    sa_event.listen(engine, "commit", committed)
    counts, cpu = [], []
    try:
        for client, email in flows:
            first = len(statements)
            started = time.process_time()
            page = client.get("/events/probe/register").get_data(as_text=True)
            token = _CSRF.search(page)
            response = client.post("/events/probe/register", data={
                "csrf_token": token.group(1) if token else "", "email": email,
                "first_name": "Probe", "last_name": email, "category": str(category_id),
                "organization": "none", "delegation_role": "delegate"})
            assert response.status_code == 302, response.status_code
            assert client.get("/me/registrations").status_code == 200
            cpu.append(time.process_time() - started)
            counts.append(len(statements) - first)
    finally:
        sa_event.remove(engine, "before_cursor_execute", before)
        sa_event.remove(engine, "commit", committed)
    warm = slice(5, None)  # the first flows fill the process's caches
    return {"statements": statistics.median(counts[warm]),
            "statements_max": max(counts[warm]),
            "cpu_ms": statistics.median(cpu[warm]) * 1000,
            "lock_ms": statistics.median(held[warm]) * 1000,
            "lock_max_ms": max(held[warm]) * 1000}


# --- the run -----------------------------------------------------------------------------------


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def _outcome(app, slug: str) -> dict[str, int]:
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
        by_status = dict(db.session.execute(
            select(Registration.status, func.count(Registration.id))
            .where(Registration.event_id == event_id).group_by(Registration.status)).all())
        private = db.session.scalar(
            select(func.count(Registration.id)).join(CategoryQuota, (
                CategoryQuota.event_id == Registration.event_id)
                & (CategoryQuota.category_id == Registration.category_id))
            .where(Registration.event_id == event_id, Registration.status == "approved"))
        mails = db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.event_id == event_id, OutboxMessage.kind == "registration-received"))
        db.session.remove()
    approved = by_status.get("approved", 0)
    over = max(0, approved - CAPACITY) + max(0, private - CAPACITY * PRIVATE_PERCENT // 100)
    return {"approved": approved, "waitlisted": by_status.get("waitlisted", 0),
            "other": sum(by_status.values()) - approved - by_status.get("waitlisted", 0),
            "private": private, "overbooked": over, "mails": mails}


def rush(app, people: list[tuple[int, str]], categories: list[int], profile: str, port: int,
         meter: CpuMeter) -> dict:
    slug = profile
    entries = [(session_cookie(app, user_id), email, categories[i])
               for i, (user_id, email) in enumerate(people)]
    duration = sum(seconds for _, seconds in PROFILES[profile])
    context = multiprocessing.get_context("fork")
    results, visits = context.Queue(), context.Queue()
    meter.lap()
    steady = context.Process(target=run_visitors, args=(port, STEADY_SECONDS, visits))
    steady.start()
    before = visits.get(timeout=STEADY_SECONDS + 120)
    steady.join(timeout=30)
    visitors_cpu = meter.lap()
    visitors = context.Process(target=run_visitors, args=(port, duration + 5, visits))
    client = context.Process(target=run_rush, args=(port, slug, entries, profile, results))
    visitors.start()
    client.start()
    samples, elapsed = results.get(timeout=duration + 300)
    during = visits.get(timeout=120)
    client.join(timeout=30)
    visitors.join(timeout=30)
    app_cpu, db_cpu = meter.lap()
    # Less what the visitors alone cost per second before the rush.
    app_cpu -= visitors_cpu[0] / STEADY_SECONDS * (duration + 5)
    db_cpu -= visitors_cpu[1] / STEADY_SECONDS * (duration + 5)
    submits = [s for s, _, error, _ in samples if not error]
    flows = [f for _, f, error, _ in samples if not error]
    errors: dict[str, int] = {}
    for _, _, error, _ in samples:
        if error:
            errors[error] = errors.get(error, 0) + 1
    return {"profile": profile, "flows": len(samples), "errors": sum(errors.values()),
            "error_kinds": errors,
            "waiting_room": sum(turned for *_, turned in samples),
            "sent_to_waiting_room": sum(1 for *_, turned in samples if turned),
            "elapsed": elapsed, "throughput": len(flows) / elapsed,
            "submit": (_p(submits, 0.5), _p(submits, 0.99)),
            "flow": (_p(flows, 0.5), _p(flows, 0.99)),
            "agenda": (_p(before["agenda"], 0.99), _p(during["agenda"], 0.99)),
            "healthz": (_p(before["healthz"], 0.99), _p(during["healthz"], 0.99)),
            "app_cpu_ms": app_cpu / max(len(samples), 1) * 1000,
            "db_cpu_ms": db_cpu / max(len(samples), 1) * 1000,
            **_outcome(app, slug)}


def production_server(url: str, port: int) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET,
                   "EVENTAPP_INSECURE_COOKIES": "1", "PYTHONPATH": str(ROOT),
                   "PUBLIC_BASE_URL": f"http://{LOOPBACK}:{port}",
                   "MAIL_SENDER": "Dialogue secretariat <events@example.org>"}
    environment.pop("FLASK_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--preload", *GUNICORN_ARGS,
         "-b", f"{LOOPBACK}:{port}", "--log-level", "warning", "eventapp:create_app()"],
        cwd=ROOT, env=environment)


def report(probe_figures: dict, runs: list[dict], dialect: str) -> None:
    print(f"\nOne flow in-process ({dialect}, median of {PROBE_FLOWS - 5} after 5 warm-up): "
          f"{probe_figures['statements']:.0f} statements (at most "
          f"{probe_figures['statements_max']}), {probe_figures['cpu_ms']:.1f} ms application "
          f"CPU, the event's lock held {probe_figures['lock_ms']:.2f} ms (at most "
          f"{probe_figures['lock_max_ms']:.2f} ms)")
    for run in runs:
        agenda, healthz = run["agenda"], run["healthz"]
        print(f"\n{run['profile']}: {run['flows']} flows in {run['elapsed']:.1f} s, "
              f"{run['throughput']:.1f} a second, {run['errors']} errors "
              f"{run['error_kinds'] or ''}; {run['sent_to_waiting_room']} people sent to the "
              f"waiting room ({run['waiting_room']} answers)")
        print(f"  submit p50 {run['submit'][0] * 1000:.0f} ms, "
              f"p99 {run['submit'][1] * 1000:.0f} ms; whole flow p50 "
              f"{run['flow'][0] * 1000:.0f} ms, p99 {run['flow'][1] * 1000:.0f} ms")
        print(f"  visitors' p99 before / during: agenda {agenda[0] * 1000:.1f} / "
              f"{agenda[1] * 1000:.1f} ms ({agenda[1] / agenda[0]:.1f}x), /healthz "
              f"{healthz[0] * 1000:.1f} / {healthz[1] * 1000:.1f} ms "
              f"({healthz[1] / healthz[0]:.1f}x)")
        print(f"  CPU per flow: application {run['app_cpu_ms']:.1f} ms, database "
              f"{run['db_cpu_ms']:.1f} ms (the visitors' own cost taken off)")
        print(f"  approved {run['approved']} (private sector {run['private']}), waitlisted "
              f"{run['waitlisted']}, other {run['other']}; overbooked {run['overbooked']}; "
              f"confirmations queued {run['mails']}")


def main() -> int:
    started = time.perf_counter()
    with bench_app(SECRET_KEY=SECRET) as app:
        people, categories = build(app)
        dialect = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
        print(f"built in {time.perf_counter() - started:.0f} s ({dialect}): capacity {CAPACITY}, "
              f"private sector at most {PRIVATE_PERCENT}%, {PEOPLE} people per profile")
        probe_figures = probe(app, people["probe"], categories[1])
        port = int(os.environ.get("BENCH_PORT", "0")) or free_port()
        process = production_server(app.config["SQLALCHEMY_DATABASE_URI"], port)
        runs = []
        with serving(process, f"http://{LOOPBACK}:{port}"):
            meter = CpuMeter(process.pid, dialect.startswith("postgresql"))
            Visitor(port, "").request("GET", "/events/opening/agenda")  # the agenda built once
            for profile in PROFILES:
                runs.append(rush(app, people[profile], categories, profile, port, meter))
        report(probe_figures, runs, dialect)
    print(f"total {time.perf_counter() - started:.0f} s")
    failed = any(run["errors"] or run["overbooked"] or run["mails"] != PEOPLE for run in runs)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
