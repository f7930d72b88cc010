"""schedule.xml and schedule.json joined from per-session pieces equal a build from scratch."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from eventapp import fragment_cache
from eventapp.calendars import schedule_export, schedule_pieces
from eventapp.calendars.queries import event_with_feed_sessions
from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.links import public_url
from eventapp.programme.models import Session
from eventapp.programme.session_changes import data_of, save_session, set_session_status

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "c3voc"
KINDS = ("schedule.xml", "schedule.json")


def _export(client, slug: str, kind: str, lang: str = "en") -> bytes:
    response = client.get(f"/events/{slug}/{kind}?lang={lang}")
    assert response.status_code == 200
    return response.data


def _version_of(body: bytes, kind: str) -> str:
    if kind == "schedule.json":
        return json.loads(body)["generator"]["version"]
    return etree.fromstring(body).find("generator").get("version")


def _from_scratch(app, event_id: int, kind: str, version: str, lang: str = "en") -> bytes:
    """The export built the way it was before pieces: ORM objects, one document at once."""
    db.session.expire_all()
    with app.test_request_context(f"/?lang={lang}"):
        event, sessions = event_with_feed_sessions(event_id)
        schedule = schedule_export.build_schedule(
            event, sessions,
            event_url=public_url("public.event", slug=event.slug),
            site_url=public_url("public.events"),
            session_urls={s.id: public_url("public.session", slug=event.slug, session_id=s.id)
                          for s in sessions},
            version=version,
        )
        if kind == "schedule.xml":
            return schedule_export.to_xml(schedule)
        return schedule_export.to_json(schedule).encode()


def _validate(body: bytes, kind: str) -> None:
    if kind == "schedule.json":
        schema = json.loads((FIXTURES / "schema.json").read_text())
        jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
            json.loads(body))
    else:
        xsd = etree.XMLSchema(etree.parse(str(FIXTURES / "schedule.xml.xsd")))
        xsd.assertValid(etree.fromstring(body))


def _programme(factory):
    event = factory.event("pieces-2018", title="IDM 2018", start=date(2018, 3, 26),
                          end=date(2018, 3, 27), theme="Inclusive societies")
    event.title_fr = "DIM 2018"
    hall = factory.room(event, "Conference Room 4")
    hall.name_fr = "Salle de conférence 4"
    annex = factory.room(event, "Annex")
    db.session.commit()
    opening = factory.session(event, title="Opening & welcome <now>", room=hall,
                              kind="opening", start=time(9, 0))
    panel = factory.session(event, title="Panel on labour mobility", room=hall,
                            start=time(11, 0))
    panel.title_fr = "Table ronde sur la mobilité"
    panel.description = "First paragraph.\n\nSecond \x01paragraph «é»."
    db.session.commit()
    side = factory.session(event, title="Side event", room=annex, kind="side-event",
                           start=time(11, 0))
    factory.session(event, title="Day two", day=date(2018, 3, 27), start=time(10, 0))
    factory.session(event, title="Without a room", start=time(14, 0))
    factory.session(event, title="Called off", status="cancelled", start=time(15, 0))
    speaker = factory.person("Ana Lopez", organization=factory.organization("IOM"))
    factory.slot(opening, speaker, role="chair")
    factory.slot(panel, speaker)
    factory.slot(panel, factory.person("Bo Chen"))
    factory.slot(side, factory.person("Chidi Okafor"))
    return event, {"opening": opening, "panel": panel, "side": side, "annex": annex,
                   "speaker": speaker}


def _save(event, session: Session, **changes) -> None:
    save_session(event, replace(data_of(session), **changes), session)


def _retime(factory, event, parts) -> None:
    panel = parts["panel"]
    _save(event, panel, starts_at=panel.starts_at + timedelta(minutes=30),
          ends_at=panel.ends_at + timedelta(minutes=45))


def _move_room(factory, event, parts) -> None:
    _save(event, parts["panel"], room_id=parts["annex"].id)


def _retitle(factory, event, parts) -> None:
    _save(event, parts["panel"], title="Panel, renamed", title_fr="Table ronde, renommée")


def _add_speaker(factory, event, parts) -> None:
    factory.slot(parts["side"], factory.person("Dana Ruiz"), role="moderator")


def _rename_speaker(factory, event, parts) -> None:
    parts["speaker"].last_name = "Lopez-Garcia"


def _next_day(factory, event, parts) -> None:
    opening = parts["opening"]
    _save(event, opening, starts_at=opening.starts_at + timedelta(days=1),
          ends_at=opening.ends_at + timedelta(days=1))


def _delete(factory, event, parts) -> None:
    set_session_status(parts["side"], "deleted")


def _cancel(factory, event, parts) -> None:
    set_session_status(parts["opening"], "cancelled")


def _new_session(factory, event, parts) -> None:
    factory.session(event, title="Late addition", room=parts["annex"], start=time(16, 0))


CHANGES = [_retime, _move_room, _retitle, _add_speaker, _rename_speaker, _next_day, _delete,
           _cancel, _new_session]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_after_one_session_change_equal_a_build_from_scratch(
        app, client, factory, kind, change):
    event, parts = _programme(factory)
    for lang in ("en", "fr"):
        before = _export(client, event.slug, kind, lang)
        assert before == _from_scratch(app, event.id, kind, _version_of(before, kind), lang)

    change(factory, event, parts)
    db.session.commit()

    for lang in ("en", "fr"):
        after = _export(client, event.slug, kind, lang)
        assert after != before or lang == "fr"
        assert after == _from_scratch(app, event.id, kind, _version_of(after, kind), lang)
        _validate(after, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_after_title_change_build_one_piece(app, client, factory, kind):
    event, parts = _programme(factory)
    _export(client, event.slug, kind)
    builds = fragment_cache.cache.builds
    _retitle(factory, event, parts)
    db.session.commit()
    body = _export(client, event.slug, kind)
    # The one piece and the export: the skeleton and the four other pieces are reused.
    assert fragment_cache.cache.builds - builds == 2
    assert body.count(b"Panel, renamed") == 1


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_after_speaker_rename_build_only_their_sessions(app, client, factory,
                                                                        kind):
    event, parts = _programme(factory)
    _export(client, event.slug, kind)
    builds = fragment_cache.cache.builds
    _rename_speaker(factory, event, parts)
    db.session.commit()
    body = _export(client, event.slug, kind)
    assert fragment_cache.cache.builds - builds == 3  # two pieces and the export
    assert body.count(b"Ana Lopez-Garcia") == 2
    assert body == _from_scratch(app, event.id, kind, _version_of(body, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_of_event_without_sessions_equal_a_build_from_scratch(app, client,
                                                                              factory, kind):
    event = factory.event("empty-pieces", title="Empty")
    body = _export(client, event.slug, kind)
    assert body == _from_scratch(app, event.id, kind, _version_of(body, kind))
    _validate(body, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_with_zone_outside_json_pattern_equal_a_build_from_scratch(
        app, client, factory, kind):
    event = factory.event("gmt-pieces", timezone="Etc/GMT+5")
    build_programme(event, sessions=6, slots_per_session=2)
    body = _export(client, event.slug, kind)
    assert body == _from_scratch(app, event.id, kind, _version_of(body, kind))
    _validate(body, kind)


def _first_session(event_id: int) -> Session:
    from sqlalchemy import select

    return db.session.scalars(
        select(Session).where(Session.event_id == event_id).order_by(Session.id)).first()


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_statement_counts_are_equal_at_5_and_150_sessions(
        app, client, factory, kind, query_counter):
    counts = []
    for slug, size in (("five", 5), ("many", 150)):
        event = factory.event(slug, start=date(2018, 3, 26), end=date(2018, 3, 28))
        build_programme(event, sessions=size, slots_per_session=6)
        _export(client, slug, kind)
        _first_session(event.id).title = f"Renamed in {slug}"
        db.session.commit()
        db.session.expire_all()  # as a new request: nothing loaded in the session
        with query_counter() as changed:
            response = client.get(f"/events/{slug}/{kind}")
        assert response.status_code == 200
        assert response.data.count(f"Renamed in {slug}".encode()) == 1
        assert response.data == _from_scratch(app, event.id, kind,
                                              _version_of(response.data, kind))
        with query_counter() as warm:
            again = client.get(f"/events/{slug}/{kind}")
        assert again.data == response.data
        with query_counter() as not_modified:
            unchanged = client.get(f"/events/{slug}/{kind}",
                                   headers={"If-None-Match": response.headers["ETag"]})
        assert unchanged.status_code == 304
        counts.append((changed.count, warm.count, not_modified.count))

    # After the change: the stamp, the event with its scheduled sessions and their versions,
    # the changed session with its panel. Warm and 304: the stamp only.
    assert counts == [(3, 1, 1), (3, 1, 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_with_version_mark_in_title_equal_a_build_from_scratch(
        app, client, factory, kind):
    event, parts = _programme(factory)
    event.title = f"IDM {schedule_pieces._VERSION_MARK} 2018"
    db.session.commit()
    body = _export(client, event.slug, kind)
    assert body == _from_scratch(app, event.id, kind, _version_of(body, kind))
    _retitle(factory, event, parts)
    db.session.commit()
    body = _export(client, event.slug, kind)
    assert body == _from_scratch(app, event.id, kind, _version_of(body, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_schedule_pieces_within_small_byte_budget_stay_correct_and_within_it(
        app, client, factory, kind):
    event = factory.event("budget-pieces", start=date(2018, 3, 26), end=date(2018, 3, 27))
    build_programme(event, sessions=30, slots_per_session=3)
    cache = fragment_cache.cache
    cache.clear()
    cache.max_bytes = 12_000  # a few pieces: the export itself is larger than the budget
    try:
        for round_no in range(3):
            body = _export(client, event.slug, kind)
            assert body == _from_scratch(app, event.id, kind, _version_of(body, kind))
            assert 0 < cache.total_bytes <= 12_000
            _first_session(event.id).title = f"Over budget {round_no}"
            db.session.commit()
    finally:
        cache.max_bytes = fragment_cache.MAX_BYTES
        cache.clear()
