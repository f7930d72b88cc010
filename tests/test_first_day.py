"""A real first day, without the demo: migrate, create an organizer and an event, import the
README's example programme, and register a participant through the web form."""

from __future__ import annotations

import html
import re
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from eventapp import create_app
from eventapp.accounts.models import User
from eventapp.extensions import db
from eventapp.people.models import StakeholderCategory
from eventapp.programme.models import Event, Session, SpeakingSlot
from eventapp.registration.models import Registration
from tests.accounts.mailbox import links_sent
from tests.conftest import temporary_database
from tests.registration.outbox import Outbox

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example_csv() -> str:
    """The example programme exactly as the README prints it."""
    blocks = re.findall(r"```csv\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return blocks[0]


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]


def _category_choice(page: str, label: str) -> str:
    return re.search(r'value="(\d+)"[^>]*>\s*<label for="category-\d+">'
                     + re.escape(label) + "</label>", html.unescape(page))[1]


def test_fresh_database_to_first_registration_without_the_demo(tmp_path):
    csv_file = tmp_path / "programme.csv"
    csv_file.write_text(readme_example_csv(), encoding="utf-8")
    with temporary_database(tmp_path) as url:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "first-day-secret-key-for-the-test",
            "SQLALCHEMY_DATABASE_URI": url, "SESSION_COOKIE_SECURE": False,
            "OUTBOX_DIR": str(tmp_path / "outbox"), "FEED_VALIDATOR_TTL_SECONDS": 0,
        })
        runner = app.test_cli_runner()
        try:
            with app.app_context():
                upgrade()
                assert db.session.scalar(select(func.count(StakeholderCategory.id))) == 7

            created = runner.invoke(args=["create-organizer", "chair@example.org"],
                                    input="a long password\na long password\n")
            assert created.exit_code == 0, created.output
            assert created.output.endswith("Organizer chair@example.org created.\n")

            event = runner.invoke(args=[
                "create-event", "idm-2019-geneva", "--title", "IDM 2019", "--timezone",
                "Europe/Zurich", "--start", "2019-10-14", "--end", "2019-10-15", "--publish"])
            assert (event.exit_code, event.output) == (
                0, "Event idm-2019-geneva created and published.\n")

            imported = runner.invoke(args=["import-programme", "idm-2019-geneva",
                                           str(csv_file)])
            assert imported.exit_code == 0, imported.output
            assert imported.output.splitlines()[0] == "Programme of idm-2019-geneva imported."

            client = app.test_client()
            form_page = client.get("/events/idm-2019-geneva/register").get_data(as_text=True)
            response = client.post("/events/idm-2019-geneva/register", data={
                "csrf_token": _csrf(form_page),
                "email": "amara@example.org", "password": "a long enough password",
                "confirm": "a long enough password", "first_name": "Amara",
                "last_name": "Diallo", "category": _category_choice(form_page, "Civil society"),
                "organization": "new", "new_organization_name": "Migrant Rights Network",
                "new_organization_country": "SN", "new_organization_level": "regional",
                "delegation_role": "delegate",
            })
            assert response.status_code == 302, response.get_data(as_text=True)
            assert response.headers["Location"] == "/me/registrations"

            with app.app_context():
                assert db.session.scalar(select(User.role).where(
                    User.email == "chair@example.org")) == "admin"
                assert db.session.execute(
                    select(Session.title, func.count(SpeakingSlot.id))
                    .outerjoin(SpeakingSlot).group_by(Session.id, Session.title)
                    .order_by(Session.starts_at)).all() == [
                    ("Opening of the dialogue", 2), ("Coffee break", 0),
                    ("Voices of migrants", 1)]
                registration = db.session.scalar(
                    select(Registration).join(Registration.event)
                    .where(Event.slug == "idm-2019-geneva", Registration.is_invited_speaker
                           .is_(False)))
                # A new event counts a registration once its e-mail address is confirmed.
                assert (registration.person.full_name, registration.category.key,
                        registration.organization.name, registration.status) == (
                    "Amara Diallo", "civil-society", "Migrant Rights Network", "unverified")
                [link] = links_sent(Outbox(tmp_path / "outbox"), "amara@example.org",
                                    "Confirm your e-mail address")
            confirmed = client.get(link)
            assert confirmed.status_code == 302, confirmed.get_data(as_text=True)
            with app.app_context():
                registration = db.session.scalar(
                    select(Registration).join(Registration.event)
                    .where(Event.slug == "idm-2019-geneva", Registration.is_invited_speaker
                           .is_(False)))
                assert registration.status == "pending"
                assert db.session.scalar(select(func.count(User.id)).where(
                    User.email.like("%demo%"))) == 0
                db.session.remove()
        finally:
            with app.app_context():
                db.engine.dispose()
