"""Every public and organizer page and export at the size of a real dialogue, in one run.

Builds the large event once (150 sessions, 900 speaking slots, 10,000 registrations) and a
small one (5 sessions, 100 registrations), then prints for each page:
- the SQL statements it sends at the small and the large size, warm and on the first request
  after a one-session change (in-process, test client, SQLAlchemy event counter);
- its median latency under gunicorn (2 workers, loopback), and that of the first request after
  a one-session change, each as a ratio to /healthz requested in turns with the page;
- the p99 of the agenda and the feed, steady and while a second process registers one
  participant per second into another event.

Every loop is bounded in requests and seconds. SQLite by default; BENCH_DATABASE_URL (or
TEST_DATABASE_URL) picks PostgreSQL, on a database of its own that is dropped afterwards.

Then the opening rush of bench/rush.py (1,000 registrations within a minute; --no-rush skips it).

`--only balance,session` measures only the pages whose names hold one of those words, and
nothing else (no p99s, CSV, registrations or rush).

Run: .venv/bin/python bench/scale.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import http.cookiejar
import multiprocessing
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text

from bench.common import add_bulk_registrations, bench_app, gunicorn_server
from eventapp.accounts.models import User
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.people.service import ensure_default_categories
from eventapp.programme.models import AgendaStar, Event, Session
from eventapp.registration.models import Registration

PASSWORD = "bench password 123"
SIZES = {"small": (5, 100), "bench": (150, 10_000)}  # slug: (sessions, registrations)
SLOTS_PER_SESSION = 6
PER_PAGE_REQUESTS = 40  # at most, per page under gunicorn
PER_PAGE_SECONDS = 8.0  # at most, per page under gunicorn
COLD_ROUNDS = 5  # first requests after a change, per page (their median is shown)
P99_SECONDS = 20.0  # per phase (steady, then under registrations)
WALK_INS = int(P99_SECONDS) + 2  # accounts that register during the second phase
REGISTRANTS = 12  # per event, timed registrations into the small and the large programme
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {slug} and {sid} are filled in
    who: str = "anonymous"  # or "participant", "organizer"
    conditional: bool = False  # sent with the ETag of a previous response
    random_host: bool = False  # every request with a Host never seen before

    @property
    def trusts_validators(self) -> bool:
        """Feeds and schedule exports answer from validators kept a few seconds per worker."""
        return self.path.endswith((".ics", ".xml", ".json"))


PAGES = [
    Page("anonymous agenda", "/events/{slug}/agenda"),
    Page("calendar.ics", "/events/{slug}/calendar.ics"),
    Page("calendar.ics 304", "/events/{slug}/calendar.ics", conditional=True),
    Page("calendar.ics unknown Host", "/events/{slug}/calendar.ics", random_host=True),
    Page("schedule.xml", "/events/{slug}/schedule.xml"),
    Page("schedule.xml 304", "/events/{slug}/schedule.xml", conditional=True),
    Page("schedule.json", "/events/{slug}/schedule.json"),
    Page("schedule.json 304", "/events/{slug}/schedule.json", conditional=True),
    Page("session page", "/events/{slug}/sessions/{sid}"),
    Page("public participants", "/events/{slug}/participants"),
    Page("agenda logged in", "/events/{slug}/agenda", who="participant"),
    Page("organizer registrations", "/organize/events/{slug}/registrations", who="organizer"),
    Page("registrations.csv", "/organize/events/{slug}/registrations.csv", who="organizer"),
    Page("balance report HTML", "/organize/events/{slug}/balance", who="organizer"),
]


def only_words(argv: list[str]) -> list[str]:
    """The words after --only (comma-separated), or none: every page."""
    if "--only" not in argv or argv.index("--only") + 1 >= len(argv):
        return []
    return [word for word in argv[argv.index("--only") + 1].split(",") if word]


def select_pages(words: list[str]) -> None:
    """Keep in PAGES only the pages whose names hold one of the words (all without words)."""
    if words:
        PAGES[:] = [page for page in PAGES if any(word in page.name for word in words)]


# --- building the events ----------------------------------------------------------------


def _bulk_registrations(event: Event, category_ids: list[int], n: int) -> None:
    """n registrations by bulk SQL: 90% approved, half of them on the public list."""
    add_bulk_registrations(event.id, category_ids, n, f"{event.slug}-p",
                           status_of=lambda i: "pending" if i % 10 == 0 else "approved",
                           listed_of=lambda i: i % 2 == 0, speaks_of=lambda i: i % 7 == 0)


def build(app) -> dict[str, int]:
    """The two measured events and the one registered into; returns a session id per slug."""
    with app.app_context():
        category_ids = [c.id for c in ensure_default_categories()]
        accounts = [("organizer@example.org", "admin"),
                    ("participant@example.org", "participant"),
                    *((f"walk-in{i}@example.org", "participant") for i in range(WALK_INS)),
                    *((f"{slug}-registrant{i}@example.org", "participant")
                      for slug in SIZES for i in range(REGISTRANTS))]
        for email, role in accounts:
            user = User(email=email, role=role)
            user.set_password(PASSWORD)
            db.session.add(user)
        events = {}
        for slug in (*SIZES, "other"):
            events[slug] = Event(slug=slug, title=f"Dialogue {slug}", timezone="America/New_York",
                                 start_date=date(2018, 3, 26), end_date=date(2018, 3, 28),
                                 is_published=True, auto_approve=True)
            db.session.add(events[slug])
        db.session.commit()
        participant = db.session.scalar(
            select(User).where(User.email == "participant@example.org"))
        first_sessions = {}
        for slug, (sessions, registrations) in SIZES.items():
            build_programme(events[slug], sessions=sessions, slots_per_session=SLOTS_PER_SESSION)
            _bulk_registrations(events[slug], category_ids, registrations)
            ids = db.session.scalars(select(Session.id).where(
                Session.event_id == events[slug].id).order_by(Session.id)).all()
            first_sessions[slug] = ids[0]
            db.session.add_all(AgendaStar(user_id=participant.id, session_id=sid)
                               for sid in ids[:5])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of a bulk load, done now so that every
            # page is measured with the plans a running server has, not those of a new one.
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()
    return first_sessions


def change_one_session(app, slug: str, round_no: int, page: Page | None = None,
                       wait: Callable[[float], object] = time.sleep) -> None:
    """Retitle one session through the ORM, as an organizer's edit would.

    Feeds and schedule exports trust their validators for a few seconds
    (FEED_VALIDATOR_TTL_SECONDS); for them `wait` lets the first request after the change be
    the one that sees it.
    """
    with app.app_context():
        session = db.session.scalar(select(Session).join(Session.event).where(
            Event.slug == slug).order_by(Session.id).limit(1))
        session.title = f"Bulk session 0 (edit {round_no} {uuid.uuid4().hex[:6]})"
        db.session.commit()
        db.session.remove()
    if page is not None and page.trusts_validators:
        wait(app.config["FEED_VALIDATOR_TTL_SECONDS"] + 0.2)


# --- in-process query counts -------------------------------------------------------------


def _path(page: Page, slug: str, sessions: dict[str, int]) -> str:
    return page.path.format(slug=slug, sid=sessions[slug])


def query_counts(app, sessions: dict[str, int]) -> dict[str, tuple[int, int, int]]:
    """Per page: statements warm at the small size, warm at the large, first after a change."""
    clients = {"anonymous": app.test_client()}
    for who in ("participant", "organizer"):
        clients[who] = app.test_client()
        login = clients[who].post("/login", data={"email": f"{who}@example.org",
                                                  "password": PASSWORD})
        assert login.status_code == 302, (who, login.status_code)
    with app.app_context():
        engine = db.engine
    counts: dict[str, tuple[int, int, int]] = {}
    for number, page in enumerate(PAGES):
        client = clients[page.who]

        def counted(slug: str, page: Page = page, client=client) -> int:
            headers = {"Host": f"h{uuid.uuid4().hex[:10]}.example"} if page.random_host else {}
            if page.conditional:
                etag = client.get(_path(page, slug, sessions)).headers.get("ETag")
                if etag:
                    headers["If-None-Match"] = etag
            statements: list[str] = []

            def count(*args: object) -> None:
                statements.append(str(args[2]))

            sa_event.listen(engine, "before_cursor_execute", count)
            try:
                response = client.get(_path(page, slug, sessions), headers=headers)
                response.get_data()  # a streamed body runs its queries while it is read
            finally:
                sa_event.remove(engine, "before_cursor_execute", count)
            assert response.status_code in (200, 304, 400), (page.name, response.status_code)
            return len(statements)

        warm = []
        for slug in SIZES:
            counted(slug)  # fill the caches
            warm.append(counted(slug))
        change_one_session(app, "bench", number, page)
        counts[page.name] = (warm[0], warm[1], counted("bench"))
    return counts


# --- timing under gunicorn ----------------------------------------------------------------


class Browser:
    """One visitor with their own cookies, on the loopback server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict]:
        # A loopback http URL built from the server this script started, never user input.
        request = urllib.request.Request(self.base + path, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:  # 304 and 400 arrive as errors
            return error.code, error.read(), dict(error.headers)

    def post_form(self, form_path: str, data: dict[str, str]) -> int:
        _, html, _ = self.get(form_path)
        match = _CSRF.search(html.decode("utf-8"))
        fields = {**data, **({"csrf_token": match.group(1)} if match else {})}
        body = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + form_path, data=body, timeout=60) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def _request_maker(browser: Browser, page: Page, path: str) -> Callable[[], tuple[int, int]]:
    headers: dict[str, str] = {}
    if page.conditional:
        etag = browser.get(path)[2].get("ETag")
        if etag:
            headers["If-None-Match"] = etag

    def call() -> tuple[int, int]:
        extra = {"Host": f"h{uuid.uuid4().hex[:10]}.example"} if page.random_host else {}
        status, body, _ = browser.get(path, {**headers, **extra})
        return status, len(body)

    return call


def _timed(call: Callable[[], object], *, requests: int, seconds: float) -> list[float]:
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(samples) < requests and (len(samples) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def _timed_with_baseline(call: Callable[[], object], baseline: Callable[[], object], *,
                         requests: int, seconds: float) -> tuple[list[float], list[float]]:
    """The page and /healthz in turns: a worker's speed drifts over a run (its caches and
    heap grow page after page), and a baseline taken minutes earlier would carry the drift
    into every ratio."""
    page: list[float] = []
    base: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(page) < requests and (len(page) < 3 or time.perf_counter() < deadline):
        for samples, target in ((base, baseline), (page, call)):
            start = time.perf_counter()
            target()
            samples.append(time.perf_counter() - start)
    return page, base


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _register_every_second(base: str, category_id: int, emails: list[str], ready) -> None:
    """A second process: one participant per second into the other event, then stop.

    The registrants are existing accounts logged in beforehand, registering for the first
    time (so each one writes a new person record): the password hash of a sign-up would
    otherwise dominate what the readers see.
    """
    browsers = []
    for email in emails:
        browser = Browser(base)
        browser.post_form("/login", {"email": email, "password": PASSWORD})
        browsers.append(browser)
    ready.set()
    for number, (browser, email) in enumerate(zip(browsers, emails, strict=True)):
        started = time.monotonic()
        browser.post_form("/events/other/register", {
            "email": email, "first_name": "Walk", "last_name": f"In{number}",
            "category": str(category_id), "organization": "none",
            "delegation_role": "delegate"})
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


def timings(app, url: str, sessions: dict[str, int]) -> tuple[dict, dict, dict]:
    """Per page (p50 seconds, first-after-change seconds, status, bytes, its /healthz p50);
    the p99s; the median registration per event."""
    with app.app_context():
        category_id = ensure_default_categories()[0].id
        db.session.remove()
    results = {}
    with gunicorn_server(url, workers=2) as base:
        browsers = {"anonymous": Browser(base)}
        for who in ("participant", "organizer"):
            browsers[who] = Browser(base)
            status = browsers[who].post_form("/login", {"email": f"{who}@example.org",
                                                        "password": PASSWORD})
            assert status == 200, (who, status)

        def healthz() -> object:
            return browsers["anonymous"].get("/healthz")

        for number, page in enumerate(PAGES):
            path = _path(page, "bench", sessions)
            if page.trusts_validators:  # every worker past the previous page's last change
                _timed(healthz, requests=10_000,
                       seconds=app.config["FEED_VALIDATOR_TTL_SECONDS"] + 0.2)
            call = _request_maker(browsers[page.who], page, path)
            status, size = call()
            call()  # both workers warm
            warm, baseline = _timed_with_baseline(call, healthz, requests=PER_PAGE_REQUESTS,
                                                  seconds=PER_PAGE_SECONDS)
            cold = []
            for round_no in range(COLD_ROUNDS):
                # While validators age, the server keeps answering other requests, as one
                # with visitors does: an idle worker's first request costs a few ms more.
                change_one_session(app, "bench", 100 * (number + 1) + round_no, page,
                                   wait=lambda seconds: _timed(healthz, requests=10_000,
                                                               seconds=seconds))
                call = _request_maker(browsers[page.who], page, path) if page.conditional \
                    else call
                start = time.perf_counter()
                call()
                cold.append(time.perf_counter() - start)
                baseline += _timed(healthz, requests=3, seconds=0)
            results[page.name] = (statistics.median(warm), statistics.median(cold), status, size,
                                  statistics.median(baseline))
        if only_words(sys.argv):
            return results, {}, {}
        results["_csv"] = _csv_first_byte(browsers["organizer"],
                                          "/organize/events/bench/registrations.csv")
        p99s = _p99_under_registrations(browsers["anonymous"], base, category_id)
        # Last: these registrations change the two measured events.
        registrations = _registration_costs(base, category_id)
    return results, p99s, registrations


def _csv_first_byte(browser: Browser, path: str, rounds: int = 5) -> tuple[float, float]:
    """Medians of the time to the first byte of the body and to the last, over `rounds`."""
    first, whole = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        # A loopback http URL built from the server this script started, never user input.
        with browser.opener.open(browser.base + path, timeout=60) as response:
            response.read(1)
            first.append(time.perf_counter() - start)
            response.read()
            whole.append(time.perf_counter() - start)
    return statistics.median(first), statistics.median(whole)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object) -> None:
        return None  # the registration's own answer (a redirect) is what is timed


def _registration_costs(base: str, category_id: int) -> dict[str, float]:
    """Median seconds of one registration (a logged-in participant registering for the first
    time, CSRF on) into the 5-session and the 150-session event, taken in turns.

    Only the POST is timed, not the redirect after it: what grows with the programme (the
    confirmation mail) is built inside it.
    """
    browsers = {}
    for slug in SIZES:
        for number in range(REGISTRANTS):
            email = f"{slug}-registrant{number}@example.org"
            browser = Browser(base)
            browser.post_form("/login", {"email": email, "password": PASSWORD})
            _, html, _ = browser.get(f"/events/{slug}/register")
            token = _CSRF.search(html.decode("utf-8"))
            cookies = next(handler for handler in browser.opener.handlers
                           if isinstance(handler, urllib.request.HTTPCookieProcessor))
            # The same visitor, whose opener stops at the registration's redirect.
            opener = urllib.request.build_opener(cookies, _NoRedirect())
            browsers[slug, number] = (opener, email, token.group(1) if token else "")
    samples: dict[str, list[float]] = {slug: [] for slug in SIZES}
    for number in range(REGISTRANTS):
        for slug in SIZES:
            opener, email, token = browsers[slug, number]
            body = urllib.parse.urlencode({
                "csrf_token": token, "email": email, "first_name": "Timed",
                "last_name": f"Registrant{number}", "category": str(category_id),
                "organization": "none", "delegation_role": "delegate"}).encode()
            start = time.perf_counter()
            try:
                with opener.open(base + f"/events/{slug}/register", data=body,
                                         timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            samples[slug].append(time.perf_counter() - start)
            assert status == 302, (slug, status)
    return {slug: statistics.median(values) for slug, values in samples.items()}


def _p99_under_registrations(browser: Browser, base: str, category_id: int) -> dict:
    paths = {"agenda": "/events/bench/agenda", "feed": "/events/bench/calendar.ics"}

    def phase() -> dict[str, float]:
        samples: dict[str, list[float]] = {name: [] for name in paths}
        deadline = time.perf_counter() + P99_SECONDS
        while time.perf_counter() < deadline:
            for name, path in paths.items():
                start = time.perf_counter()
                browser.get(path)
                samples[name].append(time.perf_counter() - start)
            time.sleep(0.02)  # a steady reader, not a flood
        return {name: _p99(values) for name, values in samples.items()}

    steady = phase()
    ready = multiprocessing.Event()
    registrar = multiprocessing.Process(target=_register_every_second, args=(
        base, category_id, [f"walk-in{i}@example.org" for i in range(WALK_INS)], ready))
    registrar.start()
    try:
        ready.wait(timeout=120)
        loaded = phase()
    finally:
        registrar.join(timeout=WALK_INS + 30)
        if registrar.is_alive():
            registrar.terminate()
    return {name: (steady[name], loaded[name]) for name in paths}


# --- report ---------------------------------------------------------------------------


def main() -> int:
    started = time.perf_counter()
    select_pages(only_words(sys.argv))
    with bench_app(WTF_CSRF_ENABLED=False) as app:
        sessions = build(app)
        built = time.perf_counter() - started
        print(f"built in {built:.0f} s: 'bench' 150 sessions, {150 * SLOTS_PER_SESSION} slots, "
              f"10,000 registrations; 'small' 5 sessions, 100 registrations "
              f"({app.config['SQLALCHEMY_DATABASE_URI'].split(':', 1)[0]})")
        counts = query_counts(app, sessions)
        results, p99s, registrations = timings(
            app, app.config["SQLALCHEMY_DATABASE_URI"], sessions)
        with app.app_context():
            walked_in = db.session.scalar(select(func.count(Registration.id)).join(
                Registration.event).where(Event.slug == "other"))
    csv_first, csv_whole = results.pop("_csv", (None, None))
    healthz = statistics.median(result[4] for result in results.values())
    print(f"\n/healthz median {healthz * 1000:.2f} ms over the run (gunicorn, 2 workers, loopback, "
          "one client). Each page's ratios are over /healthz requests made in turns with its\n"
          "own (its 'base' column), so that drift over the run does not reach them.")
    header = (f"{'page':28} {'status':>6} {'KB':>7} {'base ms':>7} {'p50 ms':>8} {'ratio':>7} "
              f"{'after change ms':>15} {'ratio':>7}  queries 100/10,000/after change")
    print(header)
    print("-" * len(header))
    all_equal = True
    for page in PAGES:
        p50, cold, status, size, base = results[page.name]
        small, large, after = counts[page.name]
        all_equal = all_equal and small == large
        print(f"{page.name:28} {status:>6} {size / 1024:>7.1f} {base * 1000:>7.2f} "
              f"{p50 * 1000:>8.2f} {p50 / base:>6.1f}x {cold * 1000:>15.2f} {cold / base:>6.1f}x  "
              f"{small}/{large}/{after}{'' if small == large else '  (grows)'}")
    if csv_first is None:  # --only: the pages' rows and nothing else
        print(f"\nquery counts equal at 100 and 10,000 for every page: "
              f"{'yes' if all_equal else 'NO'}; total {time.perf_counter() - started:.0f} s")
        return 0 if all_equal else 1
    print(f"\np99 while a second process registers one participant per second into another "
          f"event ({walked_in} registered):")
    for name, (steady, loaded) in p99s.items():
        print(f"  {name}: steady {steady * 1000:.1f} ms, under registrations "
              f"{loaded * 1000:.1f} ms ({loaded / steady:.1f}x)")
    print(f"\nregistrations.csv, 10,000 rows (median of 5): first byte {csv_first * 1000:.1f} ms, "
          f"whole {csv_whole * 1000:.0f} ms")
    small, large = registrations["small"], registrations["bench"]
    print(f"\na registration (logged in, first time, median of {REGISTRANTS}): 5 sessions "
          f"{small * 1000:.1f} ms ({small / healthz:.1f}x), 150 sessions {large * 1000:.1f} ms "
          f"({large / healthz:.1f}x); 150 over 5: {large / small:.2f}x")
    print(f"\nquery counts equal at 100 and 10,000 for every page: {'yes' if all_equal else 'NO'}"
          f"; total {time.perf_counter() - started:.0f} s")
    if "--no-rush" in sys.argv:
        return 0 if all_equal else 1
    # The opening rush, on a database of its own (bench/rush.py).
    from bench import rush

    print("\nThe opening rush (bench/rush.py):", flush=True)
    rushed = rush.main()
    return 0 if all_equal and rushed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
