"""GET /organize/events/<slug>/badges.pdf: names read back, QR codes decode, selection, access."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
import zxingcpp

from eventapp.attendance.badge_codes import badge_code_for
from eventapp.extensions import db
from tests.conftest import count_queries, login


def _url(event, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/organize/events/{event.slug}/badges.pdf" + (f"?{query}" if query else "")


def _pdf_text(data: bytes) -> str:
    """The text of every page, lines joined by spaces (a long name takes two lines)."""
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _decoded_codes(data: bytes) -> list[str]:
    """Every QR code on every page, rendered at 200 dpi."""
    document = pypdfium2.PdfDocument(data)
    codes = []
    try:
        for index in range(len(document)):
            image = document[index].render(scale=200 / 72).to_pil()
            codes += sorted(result.text for result in zxingcpp.read_barcodes(image))
    finally:
        document.close()
    return codes


def _world(factory):
    factory.categories()
    event = factory.event(title="Dialogue on Migration")
    people = {
        "vi": ("Nguyễn Thị Ảnh", "Hội Liên hiệp Phụ nữ Việt Nam", "VN", "civil-society"),
        "ar": ("محمد عبد الله", "المنظمة الدولية للهجرة", "EG", "government"),
        "zh": ("王小明", "中华人民共和国外交部", "CN", "government"),
        "tr": ("Şükrü Saraçoğlu", "Dışişleri Bakanlığı", "TR", "government"),
        "pl": ("Gęślą Łódź", "Ministerstwo Spraw Zagranicznych", "PL", "government"),
        "ru": ("Иван Жуков", "Министерство иностранных дел", "RU", "government"),
        "el": ("Ελένη Παπαδοπούλου", "Υπουργείο Εξωτερικών", "GR", "academia"),
    }
    registrations = {}
    for key, (name, organization, country, category) in people.items():
        person = factory.person(name, organization=factory.organization(
            organization, category=category, country=country))
        registrations[key] = factory.registration(event, person, category=category)
    return event, registrations


def test_badges_pdf_names_read_back_in_every_script(organizer_client, factory):
    event, registrations = _world(factory)
    response = organizer_client.get(_url(event))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = _pdf_text(response.data)
    for name in ("Nguyễn Thị Ảnh", "محمد عبد الله", "王小明", "Şükrü Saraçoğlu", "Gęślą Łódź",
                 "Иван Жуков", "Ελένη Παπαδοπούλου", "中华人民共和国外交部",
                 "المنظمة الدولية للهجرة", "Hội Liên hiệp Phụ nữ Việt Nam"):
        assert name in text, name
    assert "Dialogue on Migration" in text
    assert "26–27 March 2018" in text
    assert "Civil society" in text
    assert len(pypdf.PdfReader(io.BytesIO(response.data)).pages) == 2


def test_badges_pdf_every_qr_code_decodes_to_its_registration(organizer_client, factory):
    event, registrations = _world(factory)
    data = organizer_client.get(_url(event)).data
    expected = sorted(badge_code_for(r) for r in registrations.values())
    assert sorted(_decoded_codes(data)) == expected


def test_badges_pdf_a6_has_one_badge_per_page(organizer_client, factory):
    event, registrations = _world(factory)
    chosen = registrations["ar"]
    data = organizer_client.get(_url(event, ids=chosen.id, layout="a6")).data
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (
        105, 148)
    assert _decoded_codes(data) == [badge_code_for(chosen)]


def test_badges_pdf_ids_select_exactly_those_people(organizer_client, factory):
    event, registrations = _world(factory)
    chosen = [registrations["vi"], registrations["zh"]]
    ids = ",".join(str(r.id) for r in chosen)
    data = organizer_client.get(_url(event, ids=ids)).data
    text = _pdf_text(data)
    assert "Nguyễn Thị Ảnh" in text and "王小明" in text
    assert "محمد عبد الله" not in text and "Şükrü" not in text
    assert sorted(_decoded_codes(data)) == sorted(badge_code_for(r) for r in chosen)


def test_badges_pdf_filters_select_exactly_the_matching_approved(organizer_client, factory):
    event, registrations = _world(factory)
    registrations["tr"].status = "pending"
    db.session.commit()
    government = factory.category("government").id
    data = organizer_client.get(_url(event, category=government)).data
    expected = [registrations[key] for key in ("ar", "zh", "pl", "ru")]
    assert sorted(_decoded_codes(data)) == sorted(badge_code_for(r) for r in expected)
    data = organizer_client.get(_url(event, country="eg")).data
    assert _decoded_codes(data) == [badge_code_for(registrations["ar"])]


def test_badges_pdf_selection_posted_from_the_list(organizer_client, factory, app_ctx):
    app_ctx.config["WTF_CSRF_ENABLED"] = False
    event, registrations = _world(factory)
    chosen = [registrations["pl"], registrations["ru"]]
    response = organizer_client.post(_url(event, layout="a6"),
                                     data={"ids": [str(r.id) for r in chosen]})
    assert response.status_code == 200
    assert sorted(_decoded_codes(response.data)) == sorted(badge_code_for(r) for r in chosen)
    response = organizer_client.post(_url(event), data={})
    assert response.status_code == 302
    assert "Select at least one registration first." in organizer_client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_badges_pdf_nobody_approved_says_so(organizer_client, factory):
    factory.categories()
    event = factory.event()
    registration = factory.registration(event, status="pending")
    response = organizer_client.get(_url(event, ids=registration.id))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organize/events/{event.slug}/registrations"
    page = organizer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Badges are printed for approved registrations only, and none of those chosen is "
            "approved.") in page


def test_badges_pdf_bad_ids_are_refused_with_a_message(organizer_client, factory):
    event, _ = _world(factory)
    response = organizer_client.get(_url(event, ids="12,abc"))
    assert response.status_code == 302
    page = organizer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The selection names something that is not a registration." in page


def test_badges_pdf_of_another_events_registration_is_404(organizer_client, factory):
    event, _ = _world(factory)
    other = factory.event()
    stranger = factory.registration(other)
    assert organizer_client.get(_url(event, ids=stranger.id)).status_code == 404
    assert organizer_client.get("/organize/events/no-such-event/badges.pdf").status_code == 404


def test_badges_pdf_anonymous_goes_to_login(client, factory):
    event, _ = _world(factory)
    response = client.get(_url(event))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_badges_pdf_participant_is_refused(client, factory, participant):
    event, _ = _world(factory)
    login(client, participant)
    assert client.get(_url(event)).status_code == 403


def test_badges_pdf_queries_do_not_grow_with_the_badges(organizer_client, factory):
    event, _ = _world(factory)
    with count_queries() as few:
        assert organizer_client.get(_url(event)).status_code == 200
    for _index in range(12):
        factory.registration(event)
    with count_queries() as many:
        assert organizer_client.get(_url(event)).status_code == 200
    assert many.count == few.count


def test_registrations_list_offers_badges_for_the_filter_and_the_selection(organizer_client,
                                                                         factory):
    event, registrations = _world(factory)
    page = organizer_client.get(
        f"/organize/events/{event.slug}/registrations?country=VN").get_data(as_text=True)
    base = f"/organize/events/{event.slug}/badges.pdf"
    assert f'href="{base}?country=VN">Badges of the approved (filtered), 4 per A4 sheet</a>' \
        in page
    assert f'href="{base}?layout=a6&amp;country=VN">' in page
    assert f'formnovalidate formaction="{base}?country=VN">Print the badges of the selected' \
        in page


def test_registration_page_offers_the_persons_badge(organizer_client, factory):
    event, registrations = _world(factory)
    chosen = registrations["zh"]
    page = organizer_client.get(
        f"/organize/events/{event.slug}/registrations/{chosen.id}").get_data(as_text=True)
    assert (f'href="/organize/events/{event.slug}/badges.pdf?ids={chosen.id}&amp;layout=a6">'
            "Print the badge (A6)</a>") in page
    chosen.status = "pending"
    db.session.commit()
    page = organizer_client.get(
        f"/organize/events/{event.slug}/registrations/{chosen.id}").get_data(as_text=True)
    assert "Print the badge" not in page
