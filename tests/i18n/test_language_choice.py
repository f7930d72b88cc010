from eventapp.accounts.models import User
from eventapp.extensions import db
from tests.conftest import csrf_guarded_client, login


def _html_lang(response) -> str:
    text = response.get_data(as_text=True)
    start = text.index("<html lang=\"") + len("<html lang=\"")
    return text[start:text.index("\"", start)]


def test_language_defaults_to_english_without_any_preference(client):
    assert _html_lang(client.get("/events/")) == "en"


def test_language_follows_accept_language(client):
    response = client.get("/events/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    assert _html_lang(response) == "es"
    assert "Idioma" in response.get_data(as_text=True)


def test_language_of_an_unsupported_accept_language_falls_back_to_english(client):
    assert _html_lang(client.get("/events/", headers={"Accept-Language": "de-DE"})) == "en"


def test_language_switcher_link_sets_a_cookie_and_returns_to_the_page(client):
    response = client.get("/language/fr?next=/events/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/events/"
    cookie = client.get_cookie("lang")
    assert (cookie.value, cookie.http_only, cookie.same_site) == ("fr", True, "Lax")
    page = client.get("/events/", headers={"Accept-Language": "es"})
    assert _html_lang(page) == "fr"
    assert "Langue" in page.get_data(as_text=True)


def test_language_switcher_refuses_an_open_redirect(client):
    response = client.get("/language/es?next=https://evil.example/")
    assert response.headers["Location"] == "/events/"


def test_language_switcher_answers_404_for_an_unknown_language(client):
    assert client.get("/language/de").status_code == 404


def test_language_query_parameter_wins_for_one_request(client):
    client.get("/language/fr")
    assert _html_lang(client.get("/events/?lang=es")) == "es"
    assert _html_lang(client.get("/events/")) == "fr"


def test_language_switcher_names_each_language_in_itself(client):
    text = client.get("/events/").get_data(as_text=True)
    assert '<span lang="en" aria-current="true">English</span>' in text
    assert 'lang="fr" hreflang="fr">Français</a>' in text
    assert 'lang="es" hreflang="es">Español</a>' in text


def test_language_choice_of_a_signed_in_user_is_stored_on_the_account(client, participant):
    login(client, participant)
    page = client.get("/events/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/language", data={"csrf_token": token, "language": "es",
                                              "next": "/events/"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, participant.id).language == "es"
    client.delete_cookie("lang")
    assert _html_lang(client.get("/events/", headers={"Accept-Language": "fr"})) == "es"


def test_language_post_without_csrf_token_is_refused(app_ctx, database_url, participant,
                                                     tmp_path):
    with csrf_guarded_client(database_url, tmp_path, participant) as client:
        response = client.post("/language", data={"language": "es", "next": "/events/"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, participant.id).language is None


def test_language_responses_vary_on_cookie_and_accept_language(client):
    vary = client.get("/events/").headers["Vary"]
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in vary.split(",")}
