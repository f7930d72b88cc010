"""The registration settings form tells every error in one submission and reads typed dates."""

from __future__ import annotations

from datetime import datetime

from eventapp.extensions import db

URL = "/organize/events/idm/registration-settings"


def test_refused_capacity_and_reversed_dates_in_one_submit(organizer_client, factory):
    event = factory.event(slug="idm", capacity=10)
    response = organizer_client.post(URL, data={
        "opens_at": "2018-03-20T09:00", "closes_at": "2018-03-01T09:00", "capacity": "-3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Number must be between 0 and 1000000." in html
    assert "Registration must close after it opens." in html
    db.session.expire_all()
    assert event.capacity == 10


def test_hand_typed_date_and_time_in_spanish_are_read(organizer_client, factory):
    event = factory.event(slug="idm")
    response = organizer_client.post(URL + "?lang=es", data={
        "opens_at": "1 de marzo de 2018 9:00", "closes_at": "20/03/2018 17h30", "capacity": ""})
    assert response.status_code == 302
    db.session.expire_all()
    zone = event.zone
    assert (event.registration_opens_at.astimezone(zone).replace(tzinfo=None),
            event.registration_closes_at.astimezone(zone).replace(tzinfo=None)) == (
        datetime(2018, 3, 1, 9, 0), datetime(2018, 3, 20, 17, 30))


def test_unreadable_date_names_the_format_in_french(organizer_client, factory):
    factory.event(slug="idm")
    response = organizer_client.post(URL + "?lang=fr", data={
        "opens_at": "le premier mars", "closes_at": "", "capacity": ""})
    assert response.status_code == 400
    assert ("Saisissez la date et l’heure au format JJ/MM/AAAA HH:MM, par exemple "
            "14/10/2019 14:30.") in response.get_data(as_text=True)
