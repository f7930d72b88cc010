"""A speaker clash with a session of another event names that event."""

from __future__ import annotations

from datetime import time

from eventapp.programme.csv_import import parse_programme, validate
from tests.programme.csv_rows import csv_text, row


def test_person_clash_with_another_events_session_names_that_event(factory):
    factory.categories()
    event = factory.event("idm-2019", title="IDM 2019")
    other = factory.event("idm-2018", title="IDM 2018")
    org = factory.organization("City of Example", category="local-authorities", country="MX")
    ana = factory.person("Ana Pérez", organization=org)
    factory.slot(factory.session(other, title="Opening of the dialogue", start=time(9, 30)),
                 ana)
    issues = validate(event, parse_programme(csv_text([row()]))).issues
    assert [str(i) for i in issues] == [
        "Line 2 (error): Ana Pérez already speaks in “Opening of the dialogue” (IDM 2018, "
        "another event) at an overlapping time (26 Mar 09:30–10:30 EDT)."]


def test_speaker_form_names_the_other_event_too(organizer_client, factory):
    event = factory.event("idm-2019", title="IDM 2019")
    other = factory.event("idm-2018", title="IDM 2018")
    ana = factory.person("Ana Lopez")
    factory.slot(factory.session(other, title="Side event", start=time(10, 30)), ana)
    panel = factory.session(event, title="Panel", start=time(10, 0))
    response = organizer_client.post(
        f"/organize/events/{event.slug}/sessions/{panel.id}/speakers",
        data={"existing-person": str(ana.id), "existing-role": "panelist"})
    assert response.status_code == 400
    assert ("Ana Lopez already speaks in “Side event” (IDM 2018, another event) at an "
            "overlapping time (26 Mar 10:30–11:30 EDT).") in response.get_data(as_text=True)
