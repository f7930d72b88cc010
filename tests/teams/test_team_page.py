"""The team page: invitations through the outbox, acceptance, role changes and removals."""

from __future__ import annotations

import re

from flask import g
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.programme.models import Event
from eventapp.teams.models import EventMember, TeamInvitation
from tests.conftest import count_queries, login

TOKEN = re.compile(r"/invitations/(\S+)$", re.M)


def _as(client, method: str, url: str, **kwargs):
    # The test's application context outlives requests and would keep the previous
    # browser's login: each request here loads its own browser's.
    g.pop("_login_user", None)
    return getattr(client, method)(url, **kwargs)


def _roles(event) -> list[tuple[str, str]]:
    db.session.expire_all()
    return sorted(db.session.execute(
        select(EventMember.role, EventMember.user_id).where(EventMember.event_id == event.id)
    ).all())


def _invitation_mail() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "team-invitation")).one()


def _invite(client, email: str, role: str, language: str = "en"):
    return client.post("/organize/events/ev/team/invite",
                       data={"email": email, "role": role, "language": language})


def test_owner_invites_by_email_and_the_mail_waits_in_the_outbox_in_its_language(
        client, factory):
    event = factory.event("ev", title="Dialogue")
    owner = factory.member(event, role="owner")
    login(client, owner)

    response = _invite(client, "Chair@Example.org", "chair", "fr")

    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/events/ev/team"
    mail = _invitation_mail()
    assert (mail.recipient, mail.subject, mail.event_id) == (
        "chair@example.org", "Rejoindre l’équipe de « Dialogue »", event.id)
    assert ("Votre rôle : Président/présidente. Les listes d’orateurs et les pages des séances."
            in mail.body_text)
    assert TOKEN.search(mail.body_text) is not None
    page = client.get("/organize/events/ev/team").get_data(as_text=True)
    assert "chair@example.org" in page and "Invitations waiting for an answer" in page


def test_an_invitation_is_accepted_once_by_the_invited_account(client, factory):
    event = factory.event("ev")
    login(client, factory.member(event, role="owner"))
    _invite(client, "chair@example.org", "chair")
    path = "/invitations/" + TOKEN.search(_invitation_mail().body_text).group(1)
    client.post("/logout")
    chair = factory.user(email="chair@example.org")
    login(client, chair)

    assert client.get(path).status_code == 200
    response = client.post(path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/"
    assert ("chair", chair.id) in _roles(event)
    assert client.get("/organize/").status_code == 200
    again = client.post(path)
    assert again.status_code == 410
    assert "This invitation cannot be used" in again.get_data(as_text=True)


def test_an_invitation_is_refused_to_another_address(client, factory):
    event = factory.event("ev")
    login(client, factory.member(event, role="owner"))
    _invite(client, "chair@example.org", "chair")
    path = "/invitations/" + TOKEN.search(_invitation_mail().body_text).group(1)
    client.post("/logout")
    login(client, factory.user(email="someone-else@example.org"))

    response = client.post(path)

    assert response.status_code == 400
    assert ("This invitation is for chair@example.org, and you are logged in as "
            "someone-else@example.org.") in response.get_data(as_text=True)
    assert [role for role, _ in _roles(event)] == ["owner"]


def test_an_invitee_without_an_account_creates_one_and_accepts(client, factory):
    event = factory.event("ev")
    login(client, factory.member(event, role="owner"))
    _invite(client, "desk@example.org", "desk")
    path = "/invitations/" + TOKEN.search(_invitation_mail().body_text).group(1)
    client.post("/logout")

    page = client.get(path).get_data(as_text=True)
    assert f'href="/signup?next={path}"' in page
    signup = client.post("/signup", data={"email": "desk@example.org",
                                          "password": "a long password",
                                          "confirm": "a long password", "next": path})
    assert signup.headers["Location"] == path
    assert client.post(path).status_code == 302

    assert [role for role, _ in _roles(event)] == ["desk", "owner"]


def test_a_cancelled_invitation_link_no_longer_works(client, factory):
    event = factory.event("ev")
    login(client, factory.member(event, role="owner"))
    _invite(client, "chair@example.org", "chair")
    path = "/invitations/" + TOKEN.search(_invitation_mail().body_text).group(1)
    invitation_id = db.session.scalar(select(TeamInvitation.id))

    response = client.post(f"/organize/events/ev/team/invitations/{invitation_id}/cancel")

    assert response.status_code == 302
    assert client.get(path).status_code == 410


def test_a_wrong_or_forged_invitation_link_is_gone(client, factory):
    assert client.get("/invitations/not-a-token").status_code == 410
    assert client.get("/invitations/" + "x" * 600).status_code == 410


def test_inviting_a_member_again_is_refused_on_the_address(client, factory):
    event = factory.event("ev")
    owner = factory.member(event, role="owner")
    factory.member(event, factory.user(email="chair@example.org"), role="chair")
    login(client, owner)

    response = _invite(client, "chair@example.org", "viewer")

    assert response.status_code == 400
    assert "chair@example.org is already in the team." in response.get_data(as_text=True)
    assert db.session.scalar(select(TeamInvitation.id)) is None


def test_a_removed_member_loses_access_at_the_next_request(client, factory):
    event = factory.event("ev")
    session = factory.session(event)
    owner = factory.member(event, role="owner")
    chair = factory.member(event, role="chair")
    console = f"/organize/events/ev/sessions/{session.id}/floor"
    login(client, chair)
    assert _as(client, "get", console).status_code == 200
    member_id = db.session.scalar(select(EventMember.id).where(EventMember.user_id == chair.id))

    owners_client = client.application.test_client()
    login(owners_client, owner)
    assert _as(owners_client, "post",
               f"/organize/events/ev/team/{member_id}/remove").status_code == 302

    assert _as(client, "get", console).status_code == 403
    assert _as(client, "get", "/organize/").status_code == 403


def test_a_changed_role_counts_from_the_next_request(client, factory):
    event = factory.event("ev", published=False)
    owner = factory.member(event, role="owner")
    viewer = factory.member(event, role="viewer")
    login(client, viewer)
    assert _as(client, "post", "/organize/events/ev/publish").status_code == 403
    member_id = db.session.scalar(
        select(EventMember.id).where(EventMember.user_id == viewer.id))

    owners_client = client.application.test_client()
    login(owners_client, owner)
    response = _as(owners_client, "post", f"/organize/events/ev/team/{member_id}/role",
                   data={f"m{member_id}-role": "organizer"})
    assert response.status_code == 302

    assert _as(client, "post", "/organize/events/ev/publish").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).is_published is True


def test_the_only_owner_can_be_neither_removed_nor_demoted(client, factory):
    event = factory.event("ev")
    owner = factory.member(event, role="owner")
    login(client, owner)
    member_id = db.session.scalar(select(EventMember.id))

    client.post(f"/organize/events/ev/team/{member_id}/role",
                data={f"m{member_id}-role": "viewer"})
    page = client.post(f"/organize/events/ev/team/{member_id}/remove",
                       follow_redirects=True).get_data(as_text=True)

    assert (f"{owner.email} is the event’s only owner. Name another owner first."
            in page.replace("&#39;", "’").replace("'", "’"))
    assert _roles(event) == [("owner", owner.id)]


def test_another_events_member_id_is_404_on_the_team_page(client, factory):
    event = factory.event("ev")
    other = factory.event("other")
    factory.member(other, role="viewer")
    login(client, factory.member(event, role="owner"))
    stranger = db.session.scalar(select(EventMember.id).where(
        EventMember.event_id == other.id))

    assert client.post(f"/organize/events/ev/team/{stranger}/remove").status_code == 404


def test_the_dashboard_lists_only_the_events_of_the_accounts_teams(client, factory):
    mine = factory.event("mine", title="My dialogue")
    factory.event("theirs", title="Their dialogue")
    login(client, factory.member(mine, role="chair"))

    page = client.get("/organize/").get_data(as_text=True)

    assert "My dialogue" in page and "Their dialogue" not in page
    assert "Create an event" not in page and "Stakeholder categories" not in page


def test_an_owner_creating_an_event_owns_it_and_an_admin_may_name_its_owner(client, factory):
    owner = factory.member(factory.event("first"), role="owner")
    login(client, owner)
    data = {"slug": "second", "title": "Second", "timezone": "Europe/Zurich",
            "start_date": "2019-10-14", "end_date": "2019-10-15"}
    assert client.post("/organize/events/new", data=data).status_code == 302
    second = db.session.scalar(select(Event).where(Event.slug == "second"))
    assert _roles(second) == [("owner", owner.id)]

    client.post("/logout")
    login(client, factory.user(role="admin"))
    response = client.post("/organize/events/new", data={
        **data, "slug": "third", "owner_email": "lead@example.org"})
    assert response.status_code == 302
    third = db.session.scalar(select(Event).where(Event.slug == "third"))
    assert _roles(third) == []
    assert _invitation_mail().recipient == "lead@example.org"


def test_the_team_page_costs_the_same_queries_for_3_and_30_members(client, factory):
    event = factory.event("ev")
    login(client, factory.member(event, role="owner"))

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/organize/events/ev/team").status_code == 200
        return counter.count

    for _ in range(2):
        factory.member(event, role="viewer")
    small = queries()
    for _ in range(27):
        factory.member(event, role="chair")
    assert queries() == small


def test_an_owner_deleting_twice_is_told_the_event_is_already_gone(client, factory):
    event = factory.event("ev")
    login(client, factory.member(event, role="owner"))

    first = client.post("/organize/events/ev/delete")
    second = client.post("/organize/events/ev/delete")

    assert first.status_code == 302
    assert (first.headers["Location"], second.headers["Location"]) == ("/events/", "/events/")
    assert "That event has already been deleted." in client.get("/").get_data(as_text=True)
    assert db.session.scalar(select(EventMember.id)) is None


def test_menu_organize_entry_read_with_the_login_for_members_and_participants(client, factory):
    # Whether the account is on a team comes with the login's one statement: the
    # registrations page asks nothing more for the menu, member or not.
    event = factory.event("ev")
    member = factory.member(event, role="viewer")
    participant = factory.user(email="p@example.org")
    organize = '<a href="/organize/">Organize</a>'
    for user, shown in ((member, True), (participant, False)):
        login(client, user)
        with count_queries() as counter:
            page = _as(client, "get", "/me/registrations").get_data(as_text=True)
        assert (organize in page, counter.count) == (shown, 2)
