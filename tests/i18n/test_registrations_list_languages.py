from tests.conftest import login


def _list(client, slug: str, lang: str) -> str:
    return client.get(f"/organize/events/{slug}/registrations?lang={lang}").get_data(as_text=True)


def test_registrations_list_in_french_and_spanish(client, factory, organizer):
    event = factory.event("idm")
    event.title_fr = "Dialogue en trois langues"
    for n in range(3):
        factory.registration(event, factory.person(f"Person {n}"),
                             status="pending", category="civil-society")
    login(client, organizer)
    french = _list(client, "idm", "fr")
    assert '<h1>Inscriptions <span class="meta">Dialogue en trois langues</span></h1>' in french
    assert '<h2 id="list-heading">3 inscriptions</h2>' in french
    assert "<td>Société civile</td>" in french
    assert "<th scope=\"row\">Toutes (3)</th>" in french
    assert 'data-apply-all="Appliquer aux 3"' in french
    spanish = _list(client, "idm", "es")
    assert '<h2 id="list-heading">3 inscripciones</h2>' in spanish
    assert "<td>Sociedad civil</td>" in spanish
    assert "<caption class=\"visually-hidden\" id=\"registrations-caption\">" \
           "Inscripciones 1 a 3 de 3</caption>" in spanish
    english = _list(client, "idm", "en")
    assert '<h2 id="list-heading">3 registrations</h2>' in english
    assert 'data-apply-all="Apply to all 3"' in english


def test_registrations_list_singular_in_french(client, factory, organizer):
    event = factory.event("idm")
    factory.registration(event, factory.person("Solo"), status="pending")
    login(client, organizer)
    assert '<h2 id="list-heading">1 inscription</h2>' in _list(client, "idm", "fr")
