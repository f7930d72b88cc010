"""Badges from the registrations list in Chromium: the ticked boxes post, with the form's
CSRF token, to the PDF, which holds exactly their QR codes."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp

from eventapp.attendance.badge_codes import badge_code_for
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser
LIVE_SECRET = "live-server-secret-key-for-tests"  # the live_server fixture's


def test_print_the_badges_of_the_ticked_registrations(live_server, new_page, factory,
                                                       organizer, app):
    factory.categories()
    event = factory.event(slug="idm-print", title="Dialogue on Migration")
    people = [factory.registration(event, factory.person(name)) for name in (
        "Ana Alvarez", "Bo Berg", "Chen Wei")]
    page = new_page()
    log_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/organize/events/idm-print/registrations")
    page.check(f"#select-{people[0].id}")
    page.check(f"#select-{people[2].id}")
    answers = []

    def keep(route):
        # The real answer, before Chromium's PDF viewer takes the page over.
        fetched = route.fetch()
        answers.append((fetched.status, fetched.headers["content-type"], fetched.body(),
                        route.request.method))
        route.fulfill(response=fetched)

    page.route("**/badges.pdf*", keep)
    page.get_by_role("button", name="Print the badges of the selected, one per A6 page").click()
    for _attempt in range(150):
        if answers:
            break
        page.wait_for_timeout(100)
    [(status, content_type, body, method)] = answers
    assert (status, content_type, method) == (200, "application/pdf", "POST")
    document = pypdfium2.PdfDocument(body)
    try:
        codes = [result.text for index in range(len(document)) for result in
                 zxingcpp.read_barcodes(document[index].render(scale=200 / 72).to_pil())]
    finally:
        document.close()
    # The codes as the live server signs them, with its own secret.
    secret = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = LIVE_SECRET
    try:
        expected = sorted(badge_code_for(r) for r in (people[0], people[2]))
    finally:
        app.config["SECRET_KEY"] = secret
    assert sorted(codes) == expected
