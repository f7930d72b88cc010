"""The speaking-balance report and its public summary in French and Spanish."""

from __future__ import annotations

from lxml import html

from eventapp.balance.exports import build_json, report_to_dict
from eventapp.balance.measures import baseline_sentence, suppress_small, z_meaning
from eventapp.balance.metrics import Category, SlotFact, build_report
from eventapp.extensions import db
from eventapp.i18n.recipient import in_language
from tests.balance.scenario import build_scenario

NBSP = "\u00a0"


def _cells(page, table_id: str) -> dict[str, dict[str, str]]:
    rows = page.xpath(f'//table[@id="{table_id}"]/tbody/tr')
    return {row.get("data-key"): {"label": row.xpath("string(th)").strip(),
                                  **{td.get("data-field"): td.text_content().strip()
                                     for td in row.xpath("td")}}
            for row in rows}


def test_balance_report_in_french_formats_percentages_and_names(organizer_client, factory):
    build_scenario(factory)
    response = organizer_client.get("/organize/events/idm/balance?lang=fr")
    assert response.status_code == 200
    page = html.fromstring(response.get_data(as_text=True))
    assert page.xpath("string(//h1)").split("·")[0].strip() == "Équilibre du temps de parole"
    assert page.xpath('string(//h2[@id="category-heading"])') == (
        "Catégories de parties prenantes")
    assert page.xpath('string(//h2[@id="flags-heading"])') == "Points d’attention"
    cells = _cells(page, "category-table")
    government, migrants = cells["government"], cells["migrants-diaspora"]
    assert (government["label"], government["minute_share"], government["slot_share"]) == (
        "Gouvernement", f"50,0{NBSP}%", f"42,9{NBSP}%")
    assert government["flag"] == "au-dessus de l’objectif"
    assert government["target"] == f"au plus 40{NBSP}%"
    assert government["z_meaning"] == "Dans les limites de ce que le hasard expliquerait"
    assert (migrants["label"], migrants["minute_share"], migrants["flag"], migrants["target"]) == (
        "Migrants et diaspora", f"16,7{NBSP}%", "en dessous de l’objectif", f"au moins 20{NBSP}%")
    assert page.xpath('string(//*[@data-baseline]/strong)') == (
        "Base : 10 participants approuvés, orateurs invités non comptés".replace(" :", NBSP + ":"))
    assert page.xpath('string(//table[@id="timing-table"]/tbody/tr[1]/td[1])') == "26 mars 2018"


def test_balance_report_in_spanish(organizer_client, factory):
    build_scenario(factory)
    organizer_client.set_cookie("lang", "es")
    page = html.fromstring(organizer_client.get("/organize/events/idm/balance").get_data(
        as_text=True))
    assert page.xpath("string(//h1)").split("·")[0].strip() == "Equilibrio del tiempo de palabra"
    assert page.xpath('string(//h2[@id="cross-heading"])') == "Quién obtiene qué función"
    assert page.xpath('string(//table[@id="category-table"]/caption)') == (
        "Intervenciones por categoría de parte interesada")
    cells = _cells(page, "category-table")
    assert (cells["civil-society"]["label"], cells["civil-society"]["minute_share"]) == (
        "Sociedad civil", f"25,0{NBSP}%")
    assert cells["government"]["flag"] == "por encima del objetivo"
    flagged = [li.text_content() for li in page.xpath('//h3[.="Categorías fuera de sus '
                                                      'objetivos"]/following-sibling::ul[1]/li')]
    assert flagged[0] == (f"Gobierno: 50,0{NBSP}% del tiempo de palabra, por encima del objetivo "
                          f"(como máximo 40{NBSP}%).")


def test_balance_report_cached_per_language(organizer_client, factory):
    build_scenario(factory)
    english = organizer_client.get("/organize/events/idm/balance").get_data(as_text=True)
    organizer_client.set_cookie("lang", "fr")
    french = organizer_client.get("/organize/events/idm/balance").get_data(as_text=True)
    organizer_client.set_cookie("lang", "en")
    again = organizer_client.get("/organize/events/idm/balance").get_data(as_text=True)
    assert ("50.0%" in english, f"50,0{NBSP}%" in french) == (True, True)
    assert "Speaking balance" in again and "Équilibre du temps de parole" not in again


def test_public_balance_in_french_and_spanish(client, factory):
    scenario = build_scenario(factory)
    scenario.event.balance_is_public = True
    db.session.commit()
    french = html.fromstring(client.get("/events/idm/balance?lang=fr").get_data(as_text=True))
    assert french.xpath("string(//h2)") == "Équilibre du temps de parole"
    headings = [h.text_content() for h in french.xpath("//section/h3")]
    assert headings == ["Catégorie de partie prenante", "Rôle", "Niveau de gouvernance",
                        "Région (M49 de l’ONU)", "De l’inscription à la prise de parole"]
    assert french.xpath('string(//*[@data-count="migrant-experience"])') == "moins de 5"
    assert french.xpath('string(//table[@id="category-table"]/caption)') == (
        "Prises de parole par catégorie de partie prenante")
    row = french.xpath('//table[@id="category-table"]/tbody/tr[@data-key="government"]')[0]
    assert [td.text_content() for td in row.xpath("td")][:3] == [
        "3", f"42,9{NBSP}%", f"50,0{NBSP}%"]
    assert "26–27 mars 2018" in french.xpath('string(//p[@class="meta"])')

    spanish = html.fromstring(client.get("/events/idm/balance?lang=es").get_data(as_text=True))
    assert spanish.xpath("string(//h2)") == "Equilibrio del tiempo de palabra"
    assert [h.text_content() for h in spanish.xpath("//section/h3")][-2:] == [
        "Región (M49 de las Naciones Unidas)", "De la inscripción a la palabra"]
    assert spanish.xpath('string(//*[@data-count="migrant-experience"])') == "menos de 5"
    region = spanish.xpath('//table[@id="region-table"]/tbody/tr[@data-key="Americas"]/th')[0]
    assert region.text_content() == "Américas"


def test_targets_error_in_french(organizer_client, factory):
    factory.event(slug="idm")
    cats = factory.categories()
    data = {"rows-0-category_id": str(cats["government"].id), "rows-0-min_percent": "150"}
    organizer_client.set_cookie("lang", "fr")
    response = organizer_client.post("/organize/events/idm/balance/targets", data=data)
    assert response.status_code == 400
    assert ("Saisissez un pourcentage entre 0 et 100, ou laissez le champ vide."
            in response.get_data(as_text=True))


def test_report_words_follow_the_language(app):
    facts = [SlotFact(1, "panel", None, "keynote", "government", "national", "man", "Europe",
                      10.0, None)]
    with app.app_context(), in_language("es"):
        report = build_report(facts, categories=[Category("government", "Gobierno")])
        data = report_to_dict(report)
        assert baseline_sentence(1) == (
            "Base: 1 participante aprobado, sin contar a los oradores invitados")
        assert z_meaning(3.0) == "Sobrerrepresentada: mucho más de lo que explicaría el azar (99 %)"
        assert suppress_small(2) == "menos de 5"
        assert [row.label for row in report.by_region] == [
            "África", "Américas", "Asia", "Europa", "Oceanía"]
    # Keys stay English whatever the language; the words inside follow it.
    assert list(data["rules"]) == ["minutes", "z", "baseline", "not_reached", "overrun",
                                   "heard"]
    assert data["rules"]["minutes"].startswith("El tiempo de palabra cuenta")
    assert '"by_region"' in build_json(data)
