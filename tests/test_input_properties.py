"""Arbitrary text, numbers and dates in every form and both imports: never a 500, and a
refused submit leaves the database as it was.

The POST routes come from the URL map (a new form is covered the day it is added), filled
from the robustness test's valid base form with some fields replaced by what Hypothesis
draws: NUL characters, very long strings, any unicode, huge and negative numbers, dates
in year 1 or 9999 and dates that do not exist. The seed is fixed (derandomize) and the
number of examples bounded, so the run is the same in CI every time.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from eventapp.programme.csv_import import COLUMNS as PROGRAMME_COLUMNS
from eventapp.registration.csv_export import IMPORT_COLUMNS
from eventapp.spreadsheets import carry
from tests import test_robustness
from tests.conftest import login
from tests.db_fingerprint import fingerprint
from tests.factories import PASSWORD
from tests.test_robustness import (
    DATE_FIELDS,
    DATETIME_FIELDS,
    DESTRUCTIVE,
    NUMBER_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    World,
    _path,
)

# The robustness test's populated event and its visitors, shared rather than built twice.
world = test_robustness.world

# Throttling counters move on a refused login or reset request by design.
THROTTLE_TABLES = ("login_counters", "login_throttles")
# Marks of a form re-rendered with its errors (a 200 page without them may be a result).
ERROR_MARKS = ('aria-invalid="true"', "data-error-summary", 'class="error-summary"')

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("\x00\u202e\ufeff\U0001f600é<>\"'=;,\r\n"), max_size=20),
    st.integers(min_value=1, max_value=25_000).map(lambda n: "x" * n),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["2147483647", "2147483648", "-2147483649", "1e9", "\u00b2", "0", ""]),
)
dates = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "2018-02-30", "1899-12-31", "2201-01-01",
                     "10000-01-01", "2018-13-01", ""]),
    st.dates().map(lambda d: d.isoformat()),
)
times = st.one_of(st.sampled_from(["25:61", "24:00", "-1:00", "00:00", "23:59"]),
                  st.times().map(lambda t: t.strftime("%H:%M")))
datetimes = st.builds(lambda d, t: f"{d}T{t}", dates, times)

KINDS: tuple[tuple[tuple[str, ...], st.SearchStrategy[str]], ...] = (
    (TEXT_FIELDS, texts), (NUMBER_FIELDS, numbers), (DATE_FIELDS, dates),
    (TIME_FIELDS, times), (DATETIME_FIELDS, datetimes),
)
cells = st.one_of(texts, numbers, dates, times)


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'
    return "\r\n".join([",".join(columns), *(",".join(map(quoted, row)) for row in rows)])


@st.composite
def submissions(draw: st.DrawFn, rule: Rule, base: dict[str, str]) -> dict[str, object]:
    data: dict[str, object] = dict(base)
    for fields, values in KINDS:
        for name in draw(st.lists(st.sampled_from(fields), max_size=4, unique=True)):
            data[name] = draw(values)
    # The event keeps its short name (a valid new one would turn every later URL into a
    # 404); a new event gets any.
    data["slug"] = (base["slug"] if "slug" in rule.arguments
                    else draw(st.one_of(st.just("new-event"), texts)))
    if "/import" in rule.rule:
        columns = PROGRAMME_COLUMNS if "registrations" not in rule.rule else IMPORT_COLUMNS
        row_cells = st.lists(cells, min_size=len(columns), max_size=len(columns))
        text = _csv(columns, draw(st.lists(row_cells, min_size=1, max_size=3)))
        if rule.rule.endswith("/confirm"):
            data["content"] = carry(text)
        else:
            data["file"] = (io.BytesIO(text.encode("utf-8", "surrogatepass")), "upload.csv")
    return data


def _post_rules(app, focus: Callable[[str], bool]) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules()
         if "POST" in (r.methods or ()) and r.endpoint not in DESTRUCTIVE
         and not r.endpoint.startswith(("accounts.logout", "healthz"))
         and focus(r.rule)),
        key=lambda r: r.rule)


def _comparable() -> dict[str, tuple]:
    found = fingerprint()
    for name in THROTTLE_TABLES:
        found.pop(name, None)
    return found


def _refused(response) -> bool:
    """A form answered with its errors (or an error status): the submit must change nothing."""
    if response.status_code >= 400:
        return True
    body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    return response.status_code == 200 and any(mark in body for mark in ERROR_MARKS)


def _submitter(client, rule: Rule, path: str, base: dict[str, str],
               per_rule: int) -> Callable[[], None]:
    @settings(derandomize=True, max_examples=per_rule, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(submissions(rule, base))
    def submit(data: dict[str, object]) -> None:
        before = _comparable()
        response = client.post(path, data=data, content_type="multipart/form-data")
        label = f"POST {rule.rule} with {sorted(data)}"
        assert response.status_code < 500, label
        if _refused(response):
            assert _comparable() == before, f"{label} was refused but wrote"

    return submit


def _drive(client, world: World, focus: Callable[[str], bool], per_rule: int) -> None:
    """Every POST route the role reaches, each with the same bounded number of examples."""
    rules = _post_rules(client.application, focus)
    assert rules
    for rule in rules:
        _submitter(client, rule, _path(rule, world.real), world.base_form, per_rule)()


def test_organizer_forms_and_imports_take_any_input(client, world):
    login(client, world.organizer, PASSWORD)
    _drive(client, world, lambda rule: rule.startswith("/organize"), 12)


def test_participant_forms_take_any_input(client, world):
    login(client, world.participant, PASSWORD)
    _drive(client, world,
           lambda rule: not rule.startswith(("/organize", "/login", "/signup")), 8)


def test_anonymous_forms_take_any_input(client, world):
    _drive(client, world, lambda rule: not rule.startswith(("/organize", "/me")), 8)
