"""GET /registrations/<id>/badge and the badge in the approval mail."""

from __future__ import annotations

import html
import io
import re

import zxingcpp
from PIL import Image

from eventapp.attendance.badge_codes import badge_code_for, reissue_badge, revoke_badge
from eventapp.badges.qr import qr_svg
from eventapp.extensions import db
from eventapp.registration.accreditation import change_status, change_statuses
from tests.conftest import count_queries, login
from tests.registration.outbox import outbox  # noqa: F401 - fixture


def _mine(factory, participant, status: str = "approved", language: str | None = None):
    factory.categories()
    if language:
        participant.language = language
        db.session.commit()
    event = factory.event(title="Dialogue on Migration")
    person = factory.person("Nguyễn Thị Ảnh", user=participant, email=participant.email,
                            organization=factory.organization("IOM", country="CH"))
    return factory.registration(event, person, category="civil-society", status=status)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_participant_badge_shows_the_code_as_inline_svg(client, factory, participant):
    registration = _mine(factory, participant)
    login(client, participant)
    response = client.get(f"/registrations/{registration.id}/badge")
    assert response.status_code == 200
    page = _page(response)
    code = badge_code_for(registration)
    assert f'<code class="badge-code">{code}</code>' in page
    assert re.search(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 (\d+) \1" '
                     r'class="qr-code">', page)
    assert "<title>QR code of the badge of Nguyễn Thị Ảnh</title>" in page
    assert "Dialogue on Migration" in page and "Civil society" in page
    assert "Switzerland" in page
    assert response.headers["Cache-Control"] == "private, no-cache, stale-if-error=86400"
    assert "Cookie" in response.headers["Vary"]
    # Nothing to fetch from elsewhere: no address outside the site.
    assert "https://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_participant_badge_not_approved_says_so_without_a_code(client, factory, participant):
    registration = _mine(factory, participant, status="pending")
    login(client, participant)
    page = _page(client.get(f"/registrations/{registration.id}/badge"))
    assert ("Your registration for Dialogue on Migration is not approved, so it has no badge "
            "yet.") in page
    assert "qr-code" not in page and "badge-code" not in page


def test_participant_badge_of_someone_else_is_404(client, factory, participant):
    factory.categories()
    event = factory.event()
    other = factory.registration(event)
    login(client, participant)
    assert client.get(f"/registrations/{other.id}/badge").status_code == 404


def test_participant_badge_anonymous_goes_to_login(client, factory, participant):
    registration = _mine(factory, participant)
    response = client.get(f"/registrations/{registration.id}/badge")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_participant_badge_revoked_shows_no_code(client, factory, participant):
    registration = _mine(factory, participant)
    revoke_badge(registration)
    db.session.commit()
    login(client, participant)
    assert "badge-code" not in _page(client.get(f"/registrations/{registration.id}/badge"))


def test_participant_badge_unchanged_answers_304_with_its_tag(client, factory, participant):
    registration = _mine(factory, participant)
    login(client, participant)
    first = client.get(f"/registrations/{registration.id}/badge")
    tag = first.headers["ETag"]
    assert tag.startswith(f'"badge-{registration.id}-1-approved-')
    again = client.get(f"/registrations/{registration.id}/badge",
                       headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == "private, no-cache, stale-if-error=86400"


def test_participant_badge_reissued_shows_the_new_code_to_the_old_tag(client, factory,
                                                                     participant):
    registration = _mine(factory, participant)
    login(client, participant)
    old_code = badge_code_for(registration)
    first = client.get(f"/registrations/{registration.id}/badge")
    new_code = reissue_badge(registration)
    db.session.commit()
    response = client.get(f"/registrations/{registration.id}/badge",
                          headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 200
    assert response.headers["ETag"].startswith(f'"badge-{registration.id}-2-approved-')
    page = response.get_data(as_text=True)
    title = "QR code of the badge of Nguyễn Thị Ảnh"
    assert qr_svg(new_code, title) in page
    assert qr_svg(old_code, title) not in page
    assert f'<code class="badge-code">{new_code}</code>' in page


def test_participant_badge_revoked_answers_the_old_tag_without_a_code(client, factory,
                                                                     participant):
    registration = _mine(factory, participant)
    login(client, participant)
    first = client.get(f"/registrations/{registration.id}/badge")
    revoke_badge(registration)
    db.session.commit()
    response = client.get(f"/registrations/{registration.id}/badge",
                          headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 200
    assert "badge-code" not in response.get_data(as_text=True)


def test_participant_badge_in_french_is_another_representation(client, factory, participant):
    registration = _mine(factory, participant)
    login(client, participant)
    tag = client.get(f"/registrations/{registration.id}/badge").headers["ETag"]
    participant.language = "fr"
    db.session.commit()
    response = client.get(f"/registrations/{registration.id}/badge",
                          headers={"If-None-Match": tag})
    assert response.status_code == 200
    assert response.headers["ETag"].endswith('-fr"')
    assert "Suisse" in response.get_data(as_text=True)


def test_my_registrations_links_to_the_badge_of_the_approved(client, factory, participant):
    registration = _mine(factory, participant)
    login(client, participant)
    page = _page(client.get("/me/registrations"))
    assert f'href="/registrations/{registration.id}/badge"' in page


def test_participant_badge_queries_are_bounded(client, factory, participant):
    registration = _mine(factory, participant)
    login(client, participant)
    db.session.expire_all()
    with count_queries() as counter:
        client.get(f"/registrations/{registration.id}/badge")
    for _index in range(5):
        factory.category("academia")
        factory.registration(registration.event)
    db.session.expire_all()
    with count_queries() as again:
        client.get(f"/registrations/{registration.id}/badge")
    assert again.count == counter.count


def _qr_of(message) -> list[str]:
    parts = [part for part in message.iter_attachments()
             if part.get_content_type() == "image/png"]
    return [result.text for part in parts for result in zxingcpp.read_barcodes(
        Image.open(io.BytesIO(part.get_content())))]


def test_approval_mail_carries_the_qr_code_and_the_badge_link(factory, participant, outbox):  # noqa: F811
    registration = _mine(factory, participant, status="pending", language="fr")
    change_status(registration, "approved")
    db.session.commit()
    [message] = outbox.messages()
    assert _qr_of(message) == [badge_code_for(registration)]
    [png] = [p for p in message.iter_attachments() if p.get_content_type() == "image/png"]
    assert png.get_filename() == "badge-qr-code.png"
    body = message.get_body(("plain",)).get_content()
    assert "Votre badge" in body
    assert f"/registrations/{registration.id}/badge" in body


def test_bulk_approval_mails_carry_each_ones_code(factory, participant, outbox):  # noqa: F811
    registration = _mine(factory, participant, status="pending")
    other = factory.registration(registration.event, status="pending",
                                 person=factory.person(email="other@example.org"))
    change_statuses(registration.event, [registration.id, other.id], "approved")
    db.session.commit()
    codes = sorted(code for message in outbox.messages() for code in _qr_of(message))
    assert codes == sorted([badge_code_for(registration), badge_code_for(other)])


def test_declined_mail_has_no_badge(factory, participant, outbox):  # noqa: F811
    registration = _mine(factory, participant, status="pending")
    change_status(registration, "declined")
    db.session.commit()
    [message] = outbox.messages()
    assert _qr_of(message) == []
    assert "/badge" not in message.get_body(("plain",)).get_content()


def test_participant_badge_offline_worker_is_served_under_registrations(client):
    response = client.get("/registrations/badge-offline.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert 'var BADGE_PAGE = /\\/registrations\\/\\d+\\/badge$/;' in response.get_data(as_text=True)
    response.close()


def test_participant_badge_names_its_offline_worker_and_scope(client, factory, participant):
    registration = _mine(factory, participant)
    login(client, participant)
    page = client.get(f"/registrations/{registration.id}/badge").get_data(as_text=True)
    assert ('data-offline-worker="/registrations/badge-offline.js" '
            'data-offline-scope="/registrations/"') in page
    assert '<script src="/static/js/badge-offline.js' in page
