"""Speaking-time budgets: the figures (exact seconds), the settings form and floor.json."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor import budgets, queries, requests, state
from eventapp.floor.clock import Clock
from eventapp.floor.models import FloorBudget, FloorRequest, SpeakersList
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event, Session
from tests.factories import Factory, floor_intervention
from tests.floor.helpers import dialogue, open_list, participant

T0 = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def _line(budget: int, done: int, speaker: Clock | None = None) -> budgets.BudgetLine:
    return budgets.BudgetLine(category_id=2, category_key="2", category_name="Civil society",
                              unit="seconds", amount=budget, budget_seconds=budget,
                              done_seconds=done, speaker_clock=speaker)


def test_budget_seconds_from_percent_of_session_rounds_down():
    assert budgets.budget_seconds("percent", 25, 5400) == 1350
    assert budgets.budget_seconds("percent", 33, 100) == 33
    assert budgets.budget_seconds("seconds", 360, 5400) == 360


def test_budget_line_used_left_with_running_speaker():
    line = _line(360, 200, Clock(30, T0))
    assert line.used(T0 + timedelta(seconds=40)) == 270
    assert line.left(T0 + timedelta(seconds=40)) == 90
    assert line.running is True
    assert line.public(T0 + timedelta(seconds=40)) == {
        "category": "Civil society", "budget_seconds": 360, "used_seconds": 270,
        "left_seconds": 90, "running": True}


def test_budget_line_over_is_negative_and_worded(app_ctx: None):
    line = _line(240, 200, Clock(70, None))
    assert line.left(T0) == -30
    assert budgets.left_text(line, T0) == "over by 30 s of 4 min"
    assert budgets.left_text(_line(360, 230), T0) == "2 min 10 s of 6 min left"


def test_duration_text_minutes_and_seconds(app_ctx: None):
    assert [budgets.duration_text(s) for s in (130, 360, 45, 0, -75)] == [
        "2 min 10 s", "6 min", "45 s", "0 s", "1 min 15 s"]


def test_parse_minutes_decimals_and_errors(app_ctx: None):
    parsed = budgets.parse("minutes", {1: "2.5", 2: " 6 ", 3: "", 4: "abc", 5: "0",
                                       6: "nan", 7: "1,5", 8: "-3"})
    assert parsed.values == {1: ("seconds", 150), 2: ("seconds", 360), 7: ("seconds", 90)}
    assert parsed.errors == {
        4: "Type a number, or leave it empty for no budget.",
        5: "Type a number of minutes above 0 and at most 1440.",
        6: "Type a number, or leave it empty for no budget.",
        8: "Type a number of minutes above 0 and at most 1440."}


def test_parse_percent_whole_and_total_at_most_100(app_ctx: None):
    assert budgets.parse("percent", {1: "40", 2: "60"}).values == {
        1: ("percent", 40), 2: ("percent", 60)}
    assert budgets.parse("percent", {1: "12.5", 2: "101"}).errors == {
        1: "Type a whole percent from 1 to 100.", 2: "Type a whole percent from 1 to 100."}
    assert budgets.parse("percent", {1: "70", 2: "40"}).errors == {
        0: "The budgets add up to 110% of the session: at most 100%."}


def _budgeted(factory: Factory) -> tuple[Event, Session, SpeakersList, dict]:
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="balanced")
    cats = {c.key: c for c in db.session.scalars(select(StakeholderCategory))}
    budgets.save(speakers_list.id, {cats["civil-society"].id: ("seconds", 360),
                                    cats["government"].id: ("percent", 10)})
    return event, session, speakers_list, cats


def test_state_budgets_count_done_and_speaker_but_not_interjections(factory: Factory):
    event, session, speakers_list, cats = _budgeted(factory)
    ben = participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    eve = participant(factory, event, "Eve Moyo", category="civil-society", org="MADE")
    ana = participant(factory, event, "Ana Lopez", org="Mexico")
    floor_intervention(speakers_list, ben, 200, start=T0)
    # A point of order of civil society: procedural, counted against no budget.
    floor_intervention(speakers_list, eve, 45, start=T0, kind="order")
    speaking = FloorRequest(list_id=speakers_list.id, event_id=event.id, person_id=eve.id,
                            organization_id=eve.organization_id,
                            category_id=cats["civil-society"].id, status="speaking",
                            position=9, elapsed_seconds=10, running_since=T0,
                            limit_seconds=180, started_at=T0)
    db.session.add(speaking)
    requests.ask(db.session.get(SpeakersList, speakers_list.id), ana)
    db.session.expire_all()

    floor = state.build(session, queries.list_for_session(session.id),
                        now=T0 + timedelta(seconds=50))

    # The session is an hour: 10% is 360 s.
    assert [(line.category_name, line.budget_seconds, line.used(T0 + timedelta(seconds=50)))
            for line in floor.budgets] == [("Government", 360, 0), ("Civil society", 360, 260)]
    snapshot = state.public_json(floor, T0 + timedelta(seconds=50))
    assert snapshot["budgets"] == [
        {"category": "Government", "budget_seconds": 360, "used_seconds": 0,
         "left_seconds": 360, "running": False},
        {"category": "Civil society", "budget_seconds": 360, "used_seconds": 260,
         "left_seconds": 100, "running": True}]
    assert snapshot["current"]["elapsed_seconds"] == 60


def test_floor_json_carries_budgets_field(client: FlaskClient, factory: Factory):
    event, session, speakers_list, cats = _budgeted(factory)
    ben = participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    floor_intervention(speakers_list, ben, 95, start=T0)
    data = client.get(f"/events/{event.slug}/sessions/{session.id}/floor.json").get_json()
    assert data["budgets"] == [
        {"category": "Government", "budget_seconds": 360, "used_seconds": 0,
         "left_seconds": 360, "running": False},
        {"category": "Civil society", "budget_seconds": 360, "used_seconds": 95,
         "left_seconds": 265, "running": False}]
    screen = client.get(f"/events/{event.slug}/sessions/{session.id}/floor").get_data(
        as_text=True)
    assert 'id="floor-screen-budgets"' in screen and "4:25" in screen


def test_save_replaces_and_clears_budgets(factory: Factory):
    _event, _session, speakers_list, cats = _budgeted(factory)
    version = db.session.get(SpeakersList, speakers_list.id).version
    budgets.save(speakers_list.id, {cats["civil-society"].id: ("seconds", 120)})
    db.session.expire_all()
    rows = db.session.execute(select(FloorBudget.category_id, FloorBudget.unit,
                                     FloorBudget.amount)).all()
    assert rows == [(cats["civil-society"].id, "seconds", 120)]
    assert db.session.get(SpeakersList, speakers_list.id).version == version + 1
    budgets.save(speakers_list.id, {})
    assert db.session.scalar(select(db.func.count(FloorBudget.id))) == 0


def _url(event: Event, session: Session) -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor/budgets"


def test_budgets_form_saves_without_js(organizer_client: FlaskClient, factory: Factory):
    event, session = dialogue(factory)
    open_list(session)
    cats = {c.key: c for c in db.session.scalars(select(StakeholderCategory))}
    response = organizer_client.post(_url(event, session), data={
        "mode": "minutes", f"budget-{cats['civil-society'].id}": "6",
        f"budget-{cats['government'].id}": "2.5"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The speaking-time budgets are saved." in page
    assert 'id="floor-budget-table"' in page and "6:00" in page and "2:30" in page
    assert sorted(db.session.execute(select(FloorBudget.category_id, FloorBudget.amount))) == \
        sorted([(cats["civil-society"].id, 360), (cats["government"].id, 150)])


def test_budgets_form_errors_keep_typed_values_never_500(organizer_client: FlaskClient,
                                                         factory: Factory):
    event, session = dialogue(factory)
    open_list(session)
    cats = {c.key: c for c in db.session.scalars(select(StakeholderCategory))}
    cso, gov = cats["civil-society"].id, cats["government"].id
    response = organizer_client.post(_url(event, session), data={
        "mode": "minutes", f"budget-{cso}": "six", f"budget-{gov}": "4"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The budgets are not saved: correct the fields marked below." in page
    assert "Type a number, or leave it empty for no budget." in page
    assert 'value="six"' in page and 'value="4"' in page
    assert db.session.scalar(select(db.func.count(FloorBudget.id))) == 0

    response = organizer_client.post(_url(event, session), data={
        "mode": "percent", f"budget-{cso}": "70", f"budget-{gov}": "40"})
    assert response.status_code == 400
    assert "The budgets add up to 110% of the session: at most 100%." in response.get_data(
        as_text=True)
    response = organizer_client.post(_url(event, session), data={"mode": "hours"},
                                     follow_redirects=True)
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(
        as_text=True)
    response = organizer_client.post(_url(event, session), data={
        "mode": "minutes", f"budget-{cso}": "x" * 5000}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json()["category"] == "error"
    assert 'value="' + "x" * 20 + '"' in response.get_json()["html"]


def test_budgets_form_404_without_list_and_403_for_participants(
        organizer_client: FlaskClient, factory: Factory):
    event, session = dialogue(factory)
    assert organizer_client.post(_url(event, session), data={"mode": "minutes"}
                                 ).status_code == 404
    assert organizer_client.post(
        f"/organize/events/{event.slug}/sessions/999999/floor/budgets",
        data={"mode": "minutes"}).status_code == 404
