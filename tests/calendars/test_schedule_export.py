from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import jsonschema
from lxml import etree

from eventapp.extensions import db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "c3voc"


def _programme(factory):  # noqa: ANN001, ANN202
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
