from __future__ import annotations

import lxml.html

from eventapp import fragment_cache
from eventapp.extensions import db
from eventapp.floor import chair, requests
from eventapp.floor.models import SpeakersList
from tests.floor.helpers import dialogue, open_list, participant, requests_of, version
from tests.floor.helpers import participant as participant_of


def _url(event, session, tail: str = "") -> str:
    return f"/organize/events/{event.slug}/sessions/{session.id}/floor{tail}"


def test_console_anonymous_goes_to_login_participant_403(client, factory, participant):
    event, session = dialogue(factory)
    response = client.get(_url(event, session))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post(_url(event, session, "/give-next"), data={"version": 1})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    from tests.conftest import login
    login(client, participant)
    assert client.get(_url(event, session)).status_code == 403
    assert client.post(_url(event, session, "/stop"), data={"version": 1}).status_code == 403
    assert client.post(_url(event, session, "/open")).status_code == 403


def test_console_open_give_stop_without_js(organizer_client, factory):
    event, session = dialogue(factory)
    page = organizer_client.get(_url(event, session))
    assert "Open the list of speakers" in page.get_data(as_text=True)
    response = organizer_client.post(_url(event, session, "/open"), data={"policy": "arrival"})
    assert response.status_code == 302
    speakers_list = db.session.scalar(db.select(SpeakersList))
    ana = participant(factory, event, "Ana Lopez", org="Mexico", country="MX")
    requests.ask(speakers_list, ana)

    page = organizer_client.get(_url(event, session)).get_data(as_text=True)
    assert "Ana Lopez" in page and "Mexico" in page and "Americas" in page
    assert "Give the floor to the next: Ana Lopez (N)" in page

    response = organizer_client.post(_url(event, session, "/give-next"),
                                     data={"version": version(speakers_list.id)},
                                     follow_redirects=True)
    assert "Ana Lopez has the floor." in response.get_data(as_text=True)
    response = organizer_client.post(_url(event, session, "/stop"),
                                     data={"version": version(speakers_list.id)},
                                     follow_redirects=True)
    assert "the time is recorded" in response.get_data(as_text=True)
    assert [r.status for r in requests_of(speakers_list.id)] == ["done"]


def test_console_old_version_or_none_still_applies(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    requests.ask(speakers_list, participant(factory, event, "Ana Lopez"))
    stale = version(speakers_list.id) - 1
    response = organizer_client.post(_url(event, session, "/give-next"),
                                     data={"version": stale}, follow_redirects=True)
    assert "Ana Lopez has the floor." in response.get_data(as_text=True)
    # Without a version at all (the field is information only): applied too.
    response = organizer_client.post(_url(event, session, "/stop"), data={},
                                     follow_redirects=True)
    assert "the time is recorded" in response.get_data(as_text=True)
    assert [r.status for r in requests_of(speakers_list.id)] == ["done"]


def test_console_json_action_returns_message_and_body(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    requests.ask(speakers_list, participant(factory, event, "Ana Lopez"))
    response = organizer_client.post(
        _url(event, session, "/give-next"), data={"version": version(speakers_list.id)},
        headers={"Accept": "application/json"})
    data = response.get_json()
    assert data["message"] == "Ana Lopez has the floor."
    assert data["category"] == "success"
    assert data["version"] == version(speakers_list.id)
    assert 'id="floor-current" data-request-id=' in data["html"]


def test_console_walk_in_typed_and_existing(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    ben = participant(factory, event, "Ben Okafor", category="civil-society", org="ICMC")
    category = factory.category("migrants-diaspora")
    organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "first_name": "Dina", "last_name": "Haddad",
        "organization": "Diaspora Network", "country": "jo", "governance_level": "regional",
        "category_id": str(category.id), "delegation_role": "delegate", "person_id": ""})
    organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "person_id": str(ben.id),
        "delegation_role": "head", "governance_level": "national"})
    # The same typed walk-in again: found, not created twice, and refused as already listed.
    response = organizer_client.post(_url(event, session, "/walk-in"), data={
        "version": version(speakers_list.id), "first_name": "Dina", "last_name": "Haddad",
        "organization": "Diaspora Network", "country": "JO", "governance_level": "regional",
        "category_id": str(category.id), "delegation_role": "delegate", "person_id": ""},
        follow_redirects=True)
    assert "Dina Haddad is already on the list." in response.get_data(as_text=True)
    rows = requests_of(speakers_list.id)
    assert [(r.person.full_name, r.kind, r.organization.name, r.category.key,
             r.delegation_role) for r in rows] == [
        ("Dina Haddad", "walk-in", "Diaspora Network", "migrants-diaspora", "delegate"),
        ("Ben Okafor", "walk-in", "ICMC", "civil-society", "head")]
    assert rows[0].organization.country == "JO"


def test_console_settings_and_move_and_close(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    a = participant(factory, event, "Ana Lopez")
    b = participant(factory, event, "Ben Okafor")
    requests.ask(speakers_list, a)
    requests.ask(db.session.get(SpeakersList, speakers_list.id), b)
    organizer_client.post(_url(event, session, "/settings"), data={
        "version": version(speakers_list.id), "policy": "protocol",
        "default_limit_seconds": "120", "per_category_limit": "", "per_organization_limit": "1"})
    db.session.expire_all()
    saved = db.session.get(SpeakersList, speakers_list.id)
    assert (saved.policy, saved.default_limit_seconds, saved.per_category_limit,
            saved.per_organization_limit) == ("protocol", 120, None, 1)
    second = requests_of(speakers_list.id)[1]
    organizer_client.post(_url(event, session, "/move"), data={
        "version": version(speakers_list.id), "request_id": second.id, "direction": "up"})
    assert [r.person_id for r in sorted(requests_of(speakers_list.id),
                                        key=lambda r: r.position)] == [b.id, a.id]
    organizer_client.post(_url(event, session, "/close"),
                          data={"version": version(speakers_list.id)})
    assert [r.status for r in requests_of(speakers_list.id)] == ["not_reached", "not_reached"]
    bad = organizer_client.post(_url(event, session, "/settings"), data={
        "version": version(speakers_list.id), "policy": "protocol",
        "default_limit_seconds": "2"}, follow_redirects=True)
    assert "Time per intervention (seconds)" in bad.get_data(as_text=True)


def test_console_never_shows_gender_or_migrant_status(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    person = participant(factory, event, "Ana Lopez")
    person.gender = "self-described"
    person.gender_description = "Two-spirit person"
    person.migrant_experience = "yes"
    db.session.commit()
    requests.ask(speakers_list, person)
    page = organizer_client.get(_url(event, session)).get_data(as_text=True)
    assert "Two-spirit" not in page and "self-described" not in page
    assert "migrant experience" not in page.lower()


def test_console_unknown_session_404(organizer_client, factory):
    event, session = dialogue(factory)
    assert organizer_client.get(
        f"/organize/events/{event.slug}/sessions/999999/floor").status_code == 404
    assert organizer_client.post(_url(event, session, "/stop"),
                                 data={"version": 1}).status_code == 404


def test_floor_json_etag_304_and_state(client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    ana = participant(factory, event, "Ana Lopez", org="Mexico")
    requests.ask(speakers_list, ana)
    url = f"/events/{event.slug}/sessions/{session.id}/floor.json"

    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    tag = response.headers["ETag"]
    data = response.get_json()
    assert {k: v for k, v in data.items() if k != "server_time"} == {
        "version": version(speakers_list.id),
        "session": {"id": session.id, "title": "Interactive dialogue"},
        "is_open": True, "policy": "arrival", "current": None,
        "next": [{"name": "Ana Lopez", "organization": "Mexico", "category": "Government"}],
        "queue_length": 1, "interjection": None, "budgets": [],
        "next_count": 3, "show_previous": False, "previous": [],
    }
    assert data["server_time"].endswith("Z")

    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag

    chair.give_floor(speakers_list.id)
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    current = changed.get_json()["current"]
    assert (current["name"], current["organization"], current["category"], current["running"],
            current["limit_seconds"]) == ("Ana Lopez", "Mexico", "Government", True, 180)
    assert current["started_at"].endswith("Z")
    assert set(current) == {"name", "organization", "category", "started_at", "running",
                            "elapsed_seconds", "limit_seconds"}


def test_floor_screen_and_json_404_for_drafts_except_organizers(client, factory, organizer):
    event, session = dialogue(factory, published=False)
    open_list(session)
    assert client.get(f"/events/{event.slug}/sessions/{session.id}/floor.json").status_code \
        == 404
    assert client.get(f"/events/{event.slug}/sessions/{session.id}/floor").status_code == 404
    from tests.conftest import login
    login(client, organizer)
    assert client.get(f"/events/{event.slug}/sessions/{session.id}/floor.json").status_code \
        == 200
    assert client.get(f"/events/{event.slug}/sessions/{session.id}/floor").status_code == 200


def test_floor_json_without_list_and_unknown_session(client, factory):
    event, session = dialogue(factory)
    data = client.get(f"/events/{event.slug}/sessions/{session.id}/floor.json").get_json()
    assert (data["version"], data["is_open"], data["current"], data["next"]) == (
        0, False, None, [])
    assert client.get(f"/events/{event.slug}/sessions/99999/floor.json").status_code == 404
    assert client.get(f"/events/nope/sessions/{session.id}/floor.json").status_code == 404


def test_floor_screen_shows_speaker_and_next(client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    for name in ("Ana Lopez", "Ben Okafor", "Cem Yilmaz", "Dee Ng", "Eva Mar"):
        requests.ask(db.session.get(SpeakersList, speakers_list.id),
                     participant(factory, event, name))
    chair.give_floor(speakers_list.id)
    page = client.get(f"/events/{event.slug}/sessions/{session.id}/floor").get_data(
        as_text=True)
    assert 'id="floor-screen-name">Ana Lopez</p>' in page
    assert page.count('class="floor-screen-next-name"') == 3
    assert "3:00" in page or "2:59" in page
    assert "<nav" not in page and "<script>" not in page and "style=" not in page


def test_session_page_request_and_withdraw_forms(client, factory, participant):
    from tests.conftest import login

    event, session = dialogue(factory)
    page_url = f"/events/{event.slug}/sessions/{session.id}"
    assert 'id="floor"' not in client.get(page_url).get_data(as_text=True)
    speakers_list = open_list(session)
    assert "to ask for the floor" in client.get(page_url).get_data(as_text=True)
    ask_url = f"{page_url}/floor/request"
    response = client.post(ask_url, data={"delegation_role": "delegate"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]

    login(client, participant)
    page = client.get(page_url).get_data(as_text=True)
    assert "Only registered participants can ask for the floor" in page
    person = factory.person("Pat Doe", user=participant)
    reg = factory.registration(event, person, status="pending")
    assert "still pending" in client.get(page_url).get_data(as_text=True)
    response = client.post(ask_url, data={"delegation_role": "delegate"}, follow_redirects=True)
    assert "still pending" in response.get_data(as_text=True)
    assert requests_of(speakers_list.id) == []

    reg.status = "approved"
    db.session.commit()
    assert 'id="floor-request-form"' in client.get(page_url).get_data(as_text=True)
    response = client.post(ask_url, data={"delegation_role": "minister"}, follow_redirects=True)
    assert "You are on the list of speakers, at position 1." in response.get_data(as_text=True)
    response = client.post(ask_url, data={"delegation_role": "minister"}, follow_redirects=True)
    assert ("You are already on the list of speakers, at position 1."
            in response.get_data(as_text=True))
    # A level posted by an old page is ignored: the accredited one (here the default) counts.
    assert [r.delegation_role for r in requests_of(speakers_list.id)] == ["delegate"]
    response = client.post(f"{page_url}/floor/withdraw", follow_redirects=True)
    assert "You are off the list of speakers." in response.get_data(as_text=True)
    assert [r.status for r in requests_of(speakers_list.id)] == ["withdrawn"]
    again = client.post(ask_url, data={"delegation_role": "emperor"}, follow_redirects=True)
    assert "You are on the list of speakers, at position 1." in again.get_data(as_text=True)
    assert [r.delegation_role for r in requests_of(speakers_list.id)] == ["delegate"] * 2


def test_organizer_session_page_links_console(organizer_client, factory):
    event, session = dialogue(factory)
    page = organizer_client.get(f"/organize/events/{event.slug}/sessions/{session.id}/")
    assert _url(event, session) in page.get_data(as_text=True)


def test_floor_json_validator_kept_briefly_per_worker(app, client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    url = f"/events/{event.slug}/sessions/{session.id}/floor.json"
    app.config["FLOOR_VALIDATOR_TTL_SECONDS"] = 60
    try:
        tag = client.get(url).headers["ETag"]
        requests.ask(speakers_list, participant(factory, event, "Ana Lopez", org="Mexico"))
        # Within the validator's lifetime this worker still answers from what it read...
        assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
        fragment_cache.validators.clear()
        # ...and once it expires, the new version is served.
        fresh = client.get(url, headers={"If-None-Match": tag})
        assert fresh.status_code == 200
        assert fresh.get_json()["queue_length"] == 1
    finally:
        app.config["FLOOR_VALIDATOR_TTL_SECONDS"] = 0
        fragment_cache.validators.clear()


def test_me_json_statuses_304_and_private(client, factory, participant):
    from tests.conftest import login

    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    url = f"/events/{event.slug}/sessions/{session.id}/floor/me.json"
    assert client.get(url).status_code == 401
    other = participant_of(factory, event, "Ana Lopez")
    me = participant_of(factory, event, "Pat Doe", user=participant)
    login(client, participant)

    def status() -> tuple:
        response = client.get(url)
        data = response.get_json()
        html = lxml.html.fromstring(data["html"]) if data["html"].strip() else None
        line = html.xpath('string(//*[@id="floor-standing"])').strip() if html is not None \
            else ""
        return data["status"], data["place"], data["waiting"], " ".join(line.split())

    assert status() == ("none", None, 0, "")
    requests.ask(speakers_list, other)
    requests.ask(db.session.get(SpeakersList, speakers_list.id), me)
    response = client.get(url)
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}
                      ).status_code == 304
    assert status() == ("waiting", 2, 2, "You are on the list of speakers: number 2 of 2 in the "
                        "order the chair will call them.")
    mine = requests_of(speakers_list.id)[1].id
    chair.give_floor(speakers_list.id, mine)
    response = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    data = response.get_json()
    assert (data["status"], data["clock"]["limit"], data["clock"]["running"]) == (
        "speaking", 180, True)
    assert status()[3] in ("You have the floor now. Time left: 3:00",
                           "You have the floor now. Time left: 2:59")
    chair.stop(speakers_list.id, mine)
    assert status() == ("done", None, 1, "You spoke (0:00).")
    requests.ask(db.session.get(SpeakersList, speakers_list.id), me)
    chair.take_off(speakers_list.id, requests_of(speakers_list.id)[-1].id, "skipped")
    assert status() == ("skipped", None, 1, "You were skipped.")
    requests.ask(db.session.get(SpeakersList, speakers_list.id), me)
    requests.withdraw(db.session.get(SpeakersList, speakers_list.id), me)
    assert status() == ("withdrawn", None, 1, "You withdrew.")
    requests.ask(db.session.get(SpeakersList, speakers_list.id), me)
    chair.close_list(speakers_list.id)
    assert status() == ("not_reached", None, 0, "The list is closed; you were not reached.")
    # Without JavaScript the session page says the same.
    page = lxml.html.fromstring(client.get(f"/events/{event.slug}/sessions/{session.id}").data)
    assert page.xpath('string(//*[@id="floor-standing"])').strip() == (
        "The list is closed; you were not reached.")
    assert client.get(f"/events/{event.slug}/sessions/99999/floor/me.json").status_code == 404


def test_session_page_gives_the_calling_place_not_arrival(client, factory, participant):
    from tests.conftest import login

    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="protocol")
    for name in ("Ana Lopez", "Ben Okafor"):
        requests.ask(db.session.get(SpeakersList, speakers_list.id),
                     participant_of(factory, event, name))
    participant_of(factory, event, "Pat Doe", user=participant, role="minister")
    login(client, participant)
    page_url = f"/events/{event.slug}/sessions/{session.id}"
    response = client.post(page_url + "/floor/request", follow_redirects=True)
    page = lxml.html.fromstring(response.data)
    # Third to ask, first to be called: a minister under protocol order.
    assert "You are on the list of speakers, at position 1." in page.text_content()
    assert page.xpath('string(//*[@id="floor-standing"])').strip() == (
        "You are on the list of speakers: number 1 of 3 in the order the chair will call them.")
    assert page.xpath('//*[@id="floor-standing-box"]/@aria-live') == ["polite"]


def test_console_settings_save_screen_next_count_and_last_speakers(organizer_client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session)
    page = organizer_client.get(_url(event, session)).get_data(as_text=True)
    assert 'id="screen_next_count"' in page and 'value="3"' in page
    assert 'id="screen_show_previous"' in page
    organizer_client.post(_url(event, session, "/settings"), data={
        "version": version(speakers_list.id), "policy": "arrival",
        "default_limit_seconds": "180", "screen_next_count": "5", "screen_show_previous": "y"})
    db.session.expire_all()
    saved = db.session.get(SpeakersList, speakers_list.id)
    assert (saved.screen_next_count, saved.screen_show_previous) == (5, True)
    bad = organizer_client.post(_url(event, session, "/settings"), data={
        "version": version(speakers_list.id), "policy": "arrival",
        "default_limit_seconds": "180", "screen_next_count": "6"}, follow_redirects=True)
    assert "Next speakers named on the room&#39;s screen" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SpeakersList, speakers_list.id).screen_next_count == 5


def test_floor_json_next_count_and_previous_follow_the_settings(client, factory):
    event, session = dialogue(factory)
    speakers_list = open_list(session, policy="arrival")
    names = ("Ana Lopez", "Ben Okafor", "Cem Yilmaz", "Dee Ng", "Eva Mar", "Fay Wu", "Gus Li")
    for name in names:
        requests.ask(db.session.get(SpeakersList, speakers_list.id),
                     participant(factory, event, name, org=f"{name} Mission"))
    url = f"/events/{event.slug}/sessions/{session.id}/floor.json"
    assert [s["name"] for s in client.get(url).get_json()["next"]] == list(names[:3])
    # Three speak in turn, one is skipped: the last speakers are those who spoke, latest first.
    for _ in range(3):
        chair.give_floor(speakers_list.id)
    chair.stop(speakers_list.id)
    skipped = requests_of(speakers_list.id)[3]
    chair.take_off(speakers_list.id, skipped.id, "skipped")
    chair.update_settings(speakers_list.id, policy="arrival",
                          default_limit_seconds=180, per_category_limit=None,
                          per_organization_limit=None, screen_next_count=5,
                          screen_show_previous=True)
    data = client.get(url).get_json()
    assert (data["next_count"], data["show_previous"], data["queue_length"]) == (5, True, 3)
    assert [s["name"] for s in data["next"]] == ["Eva Mar", "Fay Wu", "Gus Li"]
    assert data["previous"] == [
        {"name": "Cem Yilmaz", "organization": "Cem Yilmaz Mission", "category": "Government"},
        {"name": "Ben Okafor", "organization": "Ben Okafor Mission", "category": "Government"}]
    page = client.get(f"/events/{event.slug}/sessions/{session.id}/floor").get_data(
        as_text=True)
    assert page.count('class="floor-screen-next-name"') == 5  # 3 next and 2 last
    assert ('id="floor-screen-previous-box" class="floor-screen-previous" '
            'aria-labelledby="floor-screen-previous-heading">') in page

    chair.update_settings(speakers_list.id, policy="arrival",
                          default_limit_seconds=180, per_category_limit=None,
                          per_organization_limit=None, screen_next_count=0,
                          screen_show_previous=False)
    data = client.get(url).get_json()
    assert (data["next"], data["next_count"], data["previous"], data["queue_length"]) == (
        [], 0, [], 3)
