"""The demo's interactive discussion, run through its list of speakers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eventapp.demo.floor_run import run_demo_floor
from eventapp.demo.seed import DEMO_SLUG, seed_demo
from eventapp.extensions import db
from eventapp.floor.models import FloorRequest, SpeakersList
from eventapp.programme.models import Event, Session, SpeakingSlot
from tests.conftest import login
from tests.factories import utc

DIALOGUE = "Interactive discussion: partnerships for the Global Compact for Migration"


@pytest.fixture()
def demo(app_ctx):
    seed_demo()
    db.session.commit()
    return db.session.scalars(select(Event).where(Event.slug == DEMO_SLUG)).one()


def _snapshot() -> list[tuple]:
    requests = db.session.execute(select(
        FloorRequest.id, FloorRequest.person_id, FloorRequest.kind, FloorRequest.status,
        FloorRequest.position, FloorRequest.requested_at, FloorRequest.started_at,
        FloorRequest.finished_at, FloorRequest.elapsed_seconds, FloorRequest.slot_id,
        FloorRequest.category_id, FloorRequest.organization_id,
    ).order_by(FloorRequest.id)).all()
    slots = db.session.execute(select(
        SpeakingSlot.id, SpeakingSlot.person_id, SpeakingSlot.role,
        SpeakingSlot.actual_seconds, SpeakingSlot.heard_at).order_by(SpeakingSlot.id)).all()
    return [tuple(r) for r in requests] + [tuple(s) for s in slots]


def test_dialogue_list_is_closed_with_its_requests_in_order(demo):
    dialogue = db.session.scalars(select(Session).where(Session.title == DIALOGUE)).one()
    speakers_list = db.session.scalars(select(SpeakersList)).one()
    assert (speakers_list.session_id, speakers_list.is_open, speakers_list.policy,
            speakers_list.default_limit_seconds) == (dialogue.id, False, "balanced", 180)
    # 16:45 to 17:58 in New York (EDT, UTC-4) on 26 March 2018.
    assert speakers_list.opened_at == utc(2018, 3, 26, 20, 45) == dialogue.starts_at
    assert speakers_list.closed_at == utc(2018, 3, 26, 21, 58)
    rows = [(r.person.full_name, r.kind, r.status, r.elapsed_seconds, r.given_by)
            for r in sorted(speakers_list.requests, key=lambda r: r.started_at or r.finished_at
                            or r.requested_at + timedelta(days=1))]
    assert rows == [
        ("Chiamaka Eze", "planned", "done", 172, "suggestion"),
        ("Aisha Mohammed", "planned", "done", 205, "suggestion"),
        ("Lucía Romero", "request", "done", 168, "suggestion"),
        ("Gabriela Andrade", "walk-in", "done", 194, "chair"),
        ("Tomasz Nowak", "planned", "done", 176, "suggestion"),
        ("Kofi Mensah", "request", "done", 231, "suggestion"),
        ("Marites Dela Cruz", "walk-in", "done", 150, "chair"),
        ("Yusuf Abdi Warsame", "planned", "done", 179, "suggestion"),
        ("Rafael Quintero", "planned", "done", 184, "suggestion"),
        ("Henrik Lindqvist", "walk-in", "done", 120, "chair"),
        ("Mei Ling Tan", "planned", "not_reached", 0, None),
        ("Li Wei", "planned", "not_reached", 0, None),
    ]
    for request in speakers_list.requests:
        if request.status == "done":
            assert dialogue.starts_at <= request.started_at < request.finished_at
            assert request.finished_at <= dialogue.ends_at
            assert request.finished_at - request.started_at == timedelta(
                seconds=request.elapsed_seconds)
            assert request.slot.session_id == dialogue.id
            assert request.slot.person_id == request.person_id
            assert request.limit_seconds == 180
    assert [r.position for r in speakers_list.requests] == list(range(12))


def test_recorded_seconds_sit_on_planned_and_floor_slots(demo):
    dialogue = db.session.scalars(select(Session).where(Session.title == DIALOGUE)).one()
    timed = {(s.person.full_name, s.role, s.planned_minutes): s.actual_seconds
             for s in dialogue.slots if s.actual_seconds is not None}
    assert timed == {
        ("Chiamaka Eze", "floor", 3): 172, ("Aisha Mohammed", "floor", 3): 205,
        ("Tomasz Nowak", "floor", 3): 176, ("Yusuf Abdi Warsame", "floor", 3): 179,
        ("Rafael Quintero", "floor", 3): 184, ("Lucía Romero", "floor", None): 168,
        ("Kofi Mensah", "floor", None): 231, ("Gabriela Andrade", "floor", None): 194,
        ("Marites Dela Cruz", "floor", None): 150, ("Henrik Lindqvist", "floor", None): 120,
    }
    walk_ins = {r.person.full_name: (r.organization.name, r.category.key, r.registration_id)
                for r in db.session.scalars(select(FloorRequest).where(
                    FloorRequest.kind == "walk-in"))}
    assert walk_ins == {
        "Gabriela Andrade": ("Metropolitan District of Quito, Human Mobility Office",
                             "local-authorities", None),
        "Marites Dela Cruz": ("Filipino Domestic Workers' Association", "migrants-diaspora",
                              None),
        "Henrik Lindqvist": ("Global Employers' Network on Fair Recruitment",
                             "private-sector", None),
    }


def test_the_chair_and_the_moderator_are_marked_heard_without_timing(demo):
    marked = {(s.person.full_name, s.role, s.planned_minutes, s.actual_seconds): s.heard_at
              for s in db.session.scalars(select(SpeakingSlot).where(
                  SpeakingSlot.heard_at.is_not(None)))}
    # 17:58 and 16:30 in New York (EDT, UTC-4).
    assert marked == {("Amara Okonkwo-Lind", "chair", 10, None): utc(2018, 3, 26, 21, 58),
                      ("Hannah Berger", "moderator", 10, None): utc(2018, 3, 26, 20, 30)}


def test_running_the_floor_again_changes_nothing(demo):
    before = _snapshot()
    run_demo_floor(demo)
    db.session.commit()
    assert seed_demo() is False
    db.session.commit()
    assert _snapshot() == before


def test_a_demo_seeded_before_the_floor_gains_it_once(app_ctx):
    seed_demo()
    db.session.commit()
    expected = len(_snapshot())
    for request in db.session.scalars(select(FloorRequest)):
        db.session.delete(request)
    db.session.delete(db.session.scalars(select(SpeakersList)).one())
    for slot in db.session.scalars(select(SpeakingSlot)):
        if slot.planned_minutes is None:
            db.session.delete(slot)
        else:
            slot.actual_seconds = None
    db.session.commit()
    assert db.session.scalar(select(SpeakersList.id)) is None
    assert seed_demo() is False
    db.session.commit()
    assert len(_snapshot()) == expected
    assert seed_demo() is False
    db.session.commit()
    assert len(_snapshot()) == expected


def test_demo_report_shows_actual_against_planned(demo, app_ctx):
    client = app_ctx.test_client()
    from eventapp.accounts.models import User
    from eventapp.demo.seed import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD

    login(client, db.session.scalars(select(User).where(
        User.email == DEMO_ORGANIZER_EMAIL)).one(), DEMO_PASSWORD)
    data = client.get(f"/organize/events/{DEMO_SLUG}/balance.json").get_json()
    # Two participants who signed up themselves, and 21 the organizers registered and approved.
    assert data["baseline"] == "Baseline: 23 approved participants, invited speakers not counted"
    assert data["totals"]["approved_participants"] == 23
    assert data["totals"]["slots_with_recorded_time"] == 15
    assert (data["totals"]["floor_interventions"], data["totals"]["not_given_the_floor"],
            data["totals"]["interventions_over_limit"]) == (10, 2, 4)
    # Mei Ling Tan and Li Wei (3 planned minutes each) were never reached: planned, not
    # heard. The dialogue's chair (10) and panel 2's moderator (10) were marked heard.
    assert (data["totals"]["planned_not_heard_slots"],
            data["totals"]["planned_not_heard_minutes"], data["totals"]["heard_untimed_slots"],
            data["totals"]["heard_untimed_minutes"]) == (2, 6, 2, 20)
    assert round(data["totals"]["minutes"] * 60) == 27691
    # Requests, spoke, not reached, skipped, removed, withdrawn; planned, not heard minutes.
    assert {r["key"]: (r["requests"], r["spoke"], r["not_reached"], r["skipped"], r["removed"],
                       r["withdrawn"], r["not_heard_minutes"])
            for r in data["floor_by_category"]} == {
        "government": (3, 3, 0, 0, 0, 0, 0), "un-system": (1, 1, 0, 0, 0, 0, 0),
        "civil-society": (2, 2, 0, 0, 0, 0, 0), "private-sector": (2, 1, 1, 0, 0, 0, 3),
        "migrants-diaspora": (2, 2, 0, 0, 0, 0, 0), "local-authorities": (1, 1, 0, 0, 0, 0, 0),
        "academia": (1, 0, 1, 0, 0, 0, 3)}
    assert {r["key"]: r["interventions"] for r in data["floor_by_category"]} == {
        r["key"]: r["spoke"] for r in data["floor_by_category"]}
    # Overrun: the dialogue's planned speakers −8 +25 −4 −1 +4 s against 3 minutes each, and
    # the interventions beyond the 180 s limit: Kofi Mensah +51, Gabriela Andrade +14 s.
    timing = {s["kind"]: (s["slots"], s["timed_slots"], s["planned_minutes"],
                          round(s["actual_minutes"] * 60), round(s["overrun_minutes"] * 60),
                          s["interventions"], s["over_limit"], s["not_reached"],
                          s["not_heard_slots"], s["not_heard_minutes"],
                          s["heard_untimed_slots"], s["heard_untimed_minutes"])
              for s in data["session_timing"]}
    assert timing == {"panel": (6, 5, 60, 3652, 52, 0, 0, 0, 0, 0, 1, 10),
                      "interactive-dialogue": (13, 10, 15, 1779, 81, 10, 4, 2, 2, 6, 1, 10)}
    assert [(r["name"], r["organization"], r["category"], r["kind"], r["requested_at"])
            for r in data["not_reached_requests"]] == [
        ("Mei Ling Tan", "Diaspora Business Council", "private-sector", "planned",
         "2018-03-26T20:45:25+00:00"),
        ("Li Wei", "Asia Migration Research Centre", "academia", "planned",
         "2018-03-26T20:45:30+00:00")]
    categories = {r["key"]: (r["recorded_slots"], r["recorded_planned_minutes"],
                             round(r["actual_minutes"] * 60))
                  for r in data["by_category"]}
    assert categories == {
        "government": (4, 18, 1284), "un-system": (1, 3, 176),
        "civil-society": (3, 15, 1178), "private-sector": (2, 12, 925),
        "migrants-diaspora": (3, 15, 1019), "local-authorities": (2, 12, 849),
        "academia": (0, 0, 0)}
    page = client.get(f"/organize/events/{DEMO_SLUG}/balance").get_data(as_text=True)
    assert "actual time recorded for 15 of 51 slots" in page
    names = client.get(f"/organize/events/{DEMO_SLUG}/balance/not-reached").get_data(
        as_text=True)
    assert "Mei Ling Tan" in names and "Li Wei" in names
