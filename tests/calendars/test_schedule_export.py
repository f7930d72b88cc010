from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from eventapp.demo.synthetic import build_programme
from eventapp.extensions import db
from eventapp.programme.session_changes import SessionData, save_session

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "c3voc"


def _programme(factory):
    event = factory.event("idm-2018-new-york", title="IDM 2018", start=date(2018, 3, 26),
                          end=date(2018, 3, 27), theme="Inclusive societies")
    room = factory.room(event, "Conference Room 4")
    opening = factory.session(event, title="Opening & welcome <now>", room=room, kind="opening")
    opening.description = "First paragraph.\n\nSecond \x01paragraph."
    db.session.commit()
    factory.slot(opening, factory.person("Ana Lopez", organization=factory.organization("IOM")),
                 role="chair")
    factory.session(event, title="x", day=date(2018, 3, 27), start=time(9, 0))
    factory.session(event, title="Gone", status="cancelled", start=time(15, 0))
    return event, opening


def test_schedule_json_validates_against_c3voc_schema(client, factory):
    _, opening = _programme(factory)
    response = client.get("/events/idm-2018-new-york/schedule.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    document = response.get_json()
    schema = json.loads((FIXTURES / "schema.json").read_text())
    jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "idm_2018_new_york"
    assert conference["daysCount"] == 2
    assert conference["time_zone_name"] == "America/New_York"
    first = conference["days"][0]["rooms"]["Conference Room 4"][0]
    assert first["guid"] == opening.uid
    assert first["date"] == "2018-03-26T10:00:00-04:00"
    assert first["start"] == "10:00"
    assert first["duration"] == "01:00"
    assert first["abstract"] == "First paragraph."
    assert first["persons"][0]["name"] == "Ana Lopez"
    assert first["slug"] == f"idm_2018_new_york-{opening.id}-opening-welcome-now"
    titles = [e["title"] for d in conference["days"] for r in d["rooms"].values() for e in r]
    assert titles == ["Opening & welcome <now>", "x"]


def test_schedule_xml_validates_against_c3voc_xsd(client, factory):
    _programme(factory)
    response = client.get("/events/idm-2018-new-york/schedule.xml")
    assert response.status_code == 200
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "schedule.xml.xsd")))
    document = etree.fromstring(response.data)
    schema.assertValid(document)
    assert document.findtext("conference/acronym") == "idm_2018_new_york"
    assert [e.findtext("title") for e in document.iter("event")] == [
        "Opening & welcome <now>", "x"
    ]
    assert document.find("day/room/event/description").text == (
        "First paragraph.\n\nSecond paragraph."
    )


def test_schedule_exports_of_empty_event_validate(client, factory):
    factory.event("emp", title="Empty")
    schema = json.loads((FIXTURES / "schema.json").read_text())
    jsonschema.Draft6Validator(schema).validate(client.get("/events/emp/schedule.json").get_json())
    xsd = etree.XMLSchema(etree.parse(str(FIXTURES / "schedule.xml.xsd")))
    xsd.assertValid(etree.fromstring(client.get("/events/emp/schedule.xml").data))


# Caching: validators, 304s and one build per content version

SCHEDULE_URLS = ("/events/idm-2018-new-york/schedule.xml",
                 "/events/idm-2018-new-york/schedule.json")


@pytest.mark.parametrize("url", SCHEDULE_URLS)
def test_schedule_export_answers_304_to_if_none_match_and_if_modified_since(client, factory,
                                                                            url):
    _programme(factory)
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate, no-transform"
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}
                      ).status_code == 200


@pytest.mark.parametrize("url", SCHEDULE_URLS)
def test_schedule_export_etag_changes_after_session_edit(client, factory, url):
    event, opening = _programme(factory)
    etag = client.get(url).headers["ETag"]
    save_session(event, SessionData(title="Opening, renamed", kind="opening",
                                    starts_at=opening.starts_at, ends_at=opening.ends_at),
                 opening)
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert b"Opening, renamed" in response.data


@pytest.mark.parametrize("url", SCHEDULE_URLS)
def test_schedule_export_etag_unchanged_by_registration_in_another_event(client, factory, url):
    _programme(factory)
    other = factory.event("other-dialogue")
    person = factory.person("Bo Chen")
    etag = client.get(url).headers["ETag"]
    factory.registration(other, person)
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["ETag"] == etag


@pytest.mark.parametrize("url", SCHEDULE_URLS)
def test_schedule_export_is_built_once_per_content_version(client, factory, url,
                                                           query_counter):
    _programme(factory)
    with query_counter() as cold:
        first = client.get(url)
    with query_counter() as warm:
        second = client.get(url)
    assert second.data == first.data
    # The stamp, the event with its scheduled sessions, and the sessions with their panels.
    assert cold.count == 3
    assert warm.count == 1  # the validator only: the body came from the cache


def _exported_event_count(response) -> int:
    if response.mimetype == "application/json":
        days = response.get_json()["schedule"]["conference"]["days"]
        return sum(len(events) for day in days for events in day["rooms"].values())
    return len(list(etree.fromstring(response.data).iter("event")))


@pytest.mark.slow
@pytest.mark.parametrize("url", ["/events/{}/schedule.xml", "/events/{}/schedule.json"])
def test_schedule_export_query_count_is_the_same_for_5_and_150_sessions(client, factory, url,
                                                                        query_counter):
    small = factory.event("small")
    build_programme(small, sessions=5, slots_per_session=2)
    large = factory.event("large", start=date(2018, 3, 26), end=date(2018, 3, 28))
    build_programme(large, sessions=150, slots_per_session=6)
    counts = []
    for slug, expected in (("small", 5), ("large", 150)):
        with query_counter() as counter:
            response = client.get(url.format(slug))
        assert _exported_event_count(response) == expected
        counts.append(counter.count)
    assert counts == [3, 3]
