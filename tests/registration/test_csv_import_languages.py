from eventapp.registration.csv_import import _choice
from eventapp.registration.models import DELEGATION_ROLES


def test_choice_accepts_a_role_label_in_any_language_whatever_the_screen_language(app):
    with app.test_request_context("/?lang=fr"):
        assert [_choice(text, DELEGATION_ROLES) for text in (
            "Head of delegation", "Chef de délégation", "head", "Jefe de delegación", "Observer",
        )] == ["head", "head", "head", "head", "observer"]
        assert _choice("Chief", DELEGATION_ROLES) is None
