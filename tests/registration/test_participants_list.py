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
    factory.registration(event, factory.person("Quiet Person"), consent_public_list=False,
                         public_list_asked=True)
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
    assert "2 of the 3 participants who were asked agreed to be listed." in page


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


def test_participants_counts_only_those_who_were_asked(client, factory):  # noqa: ANN001
    event = factory.event(slug="idm")
    for i in range(3):  # asked on the form and agreed
        factory.registration(event, factory.person(f"Yes Person{i}"), consent_public_list=True,
                             public_list_asked=True)
    for i in range(2):  # asked on the form and said no
        factory.registration(event, factory.person(f"No Person{i}"), public_list_asked=True)
    for i in range(4):  # imported or invited: never asked
        factory.registration(event, factory.person(f"Imported Person{i}"))
    factory.registration(event, factory.person("Pending Asked"), status="pending",
                         public_list_asked=True)

    page = client.get("/events/idm/participants").get_data(as_text=True)

    assert ("3 of the 5 participants who were asked agreed to be listed. 4 more were not "
            "asked (invited or added by the organizers) and are not listed.") in page
    assert page.count("<li>Yes Person") == 3


def test_participants_nobody_asked_shows_no_counts(client, factory):  # noqa: ANN001
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("Imported Person"))
    page = client.get("/events/idm/participants").get_data(as_text=True)
    assert "No participants are listed yet." in page
    assert "who were asked" not in page and "who was asked" not in page
