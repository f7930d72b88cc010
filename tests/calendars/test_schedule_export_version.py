"""schedule.xml and schedule.json name the published version of the programme."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from lxml import etree

from eventapp.extensions import db
from eventapp.programme import schedule_publishing

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "c3voc"


def _valid_documents(client, slug: str) -> tuple[dict, etree._Element]:
    document = client.get(f"/events/{slug}/schedule.json").get_json()
    schema = json.loads((FIXTURES / "schema.json").read_text())
    jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    xml = etree.fromstring(client.get(f"/events/{slug}/schedule.xml").data)
    etree.XMLSchema(etree.parse(str(FIXTURES / "schedule.xml.xsd"))).assertValid(xml)
    return document, xml


def test_schedule_exports_carry_the_last_published_version_number(client, factory):
    event = factory.event("idm")
    session = factory.session(event, title="Opening")
    schedule_publishing.publish(event.id, note="First", user_id=None, notify=False)
    session.title = "Opening and welcome"
    db.session.commit()
    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)

    document, xml = _valid_documents(client, "idm")

    assert document["schedule"]["version"] == "2"
    assert xml.findtext("version") == "2"


def test_schedule_exports_change_when_a_version_is_published(client, factory):
    event = factory.event("idm")
    factory.session(event, title="Opening")
    before = client.get("/events/idm/schedule.json")
    unpublished, _ = _valid_documents(client, "idm")

    schedule_publishing.publish(event.id, note="", user_id=None, notify=False)
    after = client.get("/events/idm/schedule.json",
                       headers={"If-None-Match": before.headers["ETag"]})

    assert len(unpublished["schedule"]["version"]) == 12
    assert after.status_code == 200
    assert after.get_json()["schedule"]["version"] == "1"
