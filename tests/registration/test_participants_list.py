"""The public participant list at /events/<slug>/participants."""

from __future__ import annotations

from tests.conftest import count_queries
from tests.registration.bulk_c1 import add_registrations


def test_participants_lists_only_approved_who_consented_grouped(client, factory):  # noqa: ANN001
    event = factory.event(slug="idm")
    unhcr = factory.organization("UNHCR", category="un-system", country="CH")
    factory.registration(event, factory.person("Filippo Grandi", organization=unhcr,
                                               gender="man", job_title="High Commissioner"),
                         category="un-system", consent_public_list=True)
    factory.registration(event, factory.person("Amina Yusuf", gender="woman"),
                         category="migrants-diaspora", consent_public_list=True)
    factory.registration(event, factory.person("Quiet Person"), consent_public_list=False)
    factory.registration(event, factory.person("Pending Person"), status="pending",
                         consent_public_list=True)
    factory.registration(event, factory.person("Waiting Person"), status="waitlisted",
                         consent_public_list=True)
    page = client.get("/events/idm/participants").get_data(as_text=True)
    un_at = page.index("UN system &amp; international organizations")
    migrants_at = page.index("Migrants &amp; diaspora")
    assert un_at < page.index("Filippo Grandi, High Commissioner") < migrants_at
    assert migrants_at < page.index("Amina Yusuf")
    assert "· UNHCR (CH)" in page
    for hidden in ("Quiet Person", "Pending Person", "Waiting Person", "Woman", "woman", "Man"):
        assert hidden not in page
    assert "1 more participant has chosen not to be listed." in page


def test_participants_names_with_markup_are_escaped(client, factory):  # noqa: ANN001
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("<script>alert(1)</script> Evil"),
                         consent_public_list=True)
    page = client.get("/events/idm/participants").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil" in page


def test_participants_unpublished_event_is_404(client, factory):  # noqa: ANN001
    factory.event(slug="draft", published=False)
    assert client.get("/events/draft/participants").status_code == 404


def test_participants_query_count_does_not_grow_with_size(client, factory):  # noqa: ANN001
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    categories = list(factory.categories().values())
    add_registrations(small, categories, 20, prefix="s")
    add_registrations(large, categories, 600, prefix="l")
    with count_queries() as at_small:
        assert client.get("/events/small/participants").status_code == 200
    with count_queries() as at_large:
        page = client.get("/events/large/participants").get_data(as_text=True)
    assert page.count("<li>First") == 600
    assert at_small.count == at_large.count
