from eventapp.i18n.content import localized


def test_localized_shows_the_version_in_the_asked_language(factory):
    event = factory.event(title="Migration and cities")
    event.title_fr, event.title_es = "Migration et villes", "Migración y ciudades"
    assert [localized(event, "title", code) for code in ("en", "fr", "es")] == [
        "Migration and cities", "Migration et villes", "Migración y ciudades"]


def test_localized_falls_back_to_the_original_when_there_is_no_version(factory):
    session = factory.session(factory.event(), title="Opening remarks")
    session.title_fr = "Remarques liminaires"
    assert localized(session, "title", "es") == "Opening remarks"


def test_localized_uses_the_language_of_the_request(app, factory):
    room = factory.room(factory.event(), "Main hall")
    room.name_es = "Sala principal"
    with app.test_request_context("/?lang=es"):
        assert localized(room, "name") == "Sala principal"


def test_seeded_categories_carry_french_and_spanish_names(factory):
    civil = factory.category("civil-society")
    assert (civil.name_fr, civil.name_es) == ("Société civile", "Sociedad civil")


def test_in_language_switches_translations_and_content_for_a_block(app, factory):
    from flask_babel import gettext

    from eventapp.i18n import current_language
    from eventapp.i18n.recipient import in_language, language_of

    user = factory.user(email="hablo@example.org")
    user.language = "es"
    with app.test_request_context("/?lang=fr"):
        with in_language(language_of(user)):
            assert (current_language(), gettext("Language")) == ("es", "Idioma")
        assert (current_language(), gettext("Language")) == ("fr", "Langue")
