"""The public participant list at /events/<slug>/participants."""

from __future__ import annotations

from eventapp.extensions import db
from eventapp.registration.participants import PUBLIC_PER_PAGE
from tests.conftest import count_queries
from tests.registration.bulk_c1 import add_registrations


def test_participants_lists_only_approved_who_consented_grouped(client, factory):
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
    un_at = page.index('UN system &amp; international organizations <span class="meta">(1)</span>')
    migrants_at = page.index('Migrants &amp; diaspora <span class="meta">(1)</span>')
    assert un_at < page.index("Filippo Grandi, High Commissioner") < migrants_at
    assert migrants_at < page.index("Amina Yusuf")
    assert "· UNHCR (CH)" in page
    for hidden in ("Quiet Person", "Pending Person", "Waiting Person", "Woman", "woman", "Man"):
        assert hidden not in page
    assert "2 of the 3 participants who were asked agreed to be listed." in page


def test_participants_names_with_markup_are_escaped(client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("<script>alert(1)</script> Evil"),
                         consent_public_list=True)
    page = client.get("/events/idm/participants").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil" in page


def test_participants_unpublished_event_is_404(client, factory):
    factory.event(slug="draft", published=False)
    assert client.get("/events/draft/participants").status_code == 404


def test_participants_query_count_equal_at_100_and_10000(client, factory):
    small = factory.event(slug="small")
    large = factory.event(slug="large")
    categories = list(factory.categories().values())
    add_registrations(small, categories, 100, prefix="s")
    add_registrations(large, categories, 10_000, prefix="l")
    client.get("/events/small/participants")  # warm per-process caches
    with count_queries() as at_small:
        assert client.get("/events/small/participants").status_code == 200
    with count_queries() as at_large:
        page = client.get("/events/large/participants").get_data(as_text=True)
    with count_queries() as searched:
        client.get("/events/large/participants?q=l99")
    assert page.count("<li>First") == PUBLIC_PER_PAGE
    assert "Showing 1–50 of 10000 (page 1 of 200)" in page
    assert at_small.count == at_large.count
    assert searched.count == 4  # event, counts by category, the matching total, the page


def test_participants_cached_page_follows_every_change(client, factory):
    event = factory.event(slug="idm")
    ana = factory.person("Ana Lima")
    factory.registration(event, ana, consent_public_list=True)
    assert "Ana Lima" in client.get("/events/idm/participants").get_data(as_text=True)
    with count_queries() as hit:
        client.get("/events/idm/participants")
    assert hit.count == 1  # the event's row with its versions
    factory.registration(event, factory.person("Bo Chen"), consent_public_list=True)
    assert "Bo Chen" in client.get("/events/idm/participants").get_data(as_text=True)
    ana.last_name = "Lima-Souza"
    from eventapp.extensions import db
    db.session.commit()
    assert "Ana Lima-Souza" in client.get("/events/idm/participants").get_data(as_text=True)
    event.title = "IDM renamed"
    db.session.commit()
    assert "IDM renamed" in client.get("/events/idm/participants").get_data(as_text=True)


def test_participants_pages_follow_category_then_name(client, factory):
    event = factory.event(slug="idm")
    categories = list(factory.categories().values())
    add_registrations(event, categories[:1], 120, prefix="p")
    page3 = client.get("/events/idm/participants?page=3").get_data(as_text=True)
    assert "Showing 101–120 of 120 (page 3 of 3)" in page3
    # Last names p0..p119 sort as text; the third page holds the last 20 of them.
    expected = sorted(f"p{i}" for i in range(120))[100:]
    assert [line.split("</li>")[0].split(" ")[1] for line in page3.split("<li>First")[1:]] == (
        expected)
    assert 'rel="prev" href="/events/idm/participants?page=2"' in page3
    # Past the end: the last page, never an error.
    assert "page 3 of 3" in client.get("/events/idm/participants?page=999").get_data(as_text=True)
    assert "page 1 of 3" in client.get("/events/idm/participants?page=-4").get_data(as_text=True)


def test_participants_search_by_name_and_organization_not_email(client, factory):
    event = factory.event(slug="idm")
    unhcr = factory.organization("UNHCR", category="un-system", country="CH")
    factory.registration(event, factory.person("Filippo Grandi", organization=unhcr),
                         category="un-system", consent_public_list=True)
    factory.registration(event, factory.person("Amina Yusuf", email="secret@unhcr.example"),
                         category="migrants-diaspora", consent_public_list=True)
    factory.registration(event, factory.person("Hidden Grandi"), consent_public_list=False)

    by_name = client.get("/events/idm/participants?q=grandi").get_data(as_text=True)
    assert "Filippo Grandi" in by_name and "Amina Yusuf" not in by_name
    assert "Hidden Grandi" not in by_name
    by_org = client.get("/events/idm/participants?q=unhcr").get_data(as_text=True)
    assert "Filippo Grandi" in by_org and "Amina Yusuf" not in by_org
    nothing = client.get("/events/idm/participants?q=secret").get_data(as_text=True)
    assert "No listed participant matches this search." in nothing
    assert "Amina Yusuf" not in nothing


def test_participants_category_filter_keeps_the_whole_list_counts(client, factory):
    event = factory.event(slug="idm")
    categories = factory.categories()
    factory.registration(event, factory.person("Filippo Grandi"), category="un-system",
                         consent_public_list=True)
    factory.registration(event, factory.person("Amina Yusuf"), category="migrants-diaspora",
                         consent_public_list=True)
    un = categories["un-system"]
    page = client.get(f"/events/idm/participants?category={un.id}").get_data(as_text=True)
    assert "Filippo Grandi" in page and "Amina Yusuf" not in page
    assert f'<option value="{un.id}" selected>' in page
    assert '<option value="">All categories (2)</option>' in page
    bad = client.get("/events/idm/participants?category=x%27&q=" + "a" * 500)
    assert bad.status_code == 200


def test_participants_counts_only_those_who_were_asked(client, factory):
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


def test_participants_nobody_asked_shows_no_counts(client, factory):
    event = factory.event(slug="idm")
    factory.registration(event, factory.person("Imported Person"))
    page = client.get("/events/idm/participants").get_data(as_text=True)
    assert "No participants are listed yet." in page
    assert "who were asked" not in page and "who was asked" not in page


def test_participants_hide_an_unconfirmed_organization_until_confirmed(client, factory):
    event = factory.event(slug="idm")
    typed = factory.organization("Walkb Collective", category="civil-society", country="KE")
    typed.is_confirmed = False
    db.session.commit()
    factory.registration(event, factory.person("Amina Yusuf", organization=typed),
                         category="civil-society",
                         consent_public_list=True)

    page = client.get("/events/idm/participants").get_data(as_text=True)
    assert "<li>Amina Yusuf</li>" in page
    assert "Walkb" not in page
    searched = client.get("/events/idm/participants?q=walkb").get_data(as_text=True)
    assert "No listed participant matches this search." in searched

    typed.is_confirmed = True
    db.session.commit()
    page = client.get("/events/idm/participants").get_data(as_text=True)
    assert ('<li>Amina Yusuf <span class="affiliation">· Walkb Collective (KE)</span></li>'
            in page)
    assert "Amina Yusuf" in client.get("/events/idm/participants?q=walkb").get_data(
        as_text=True)


def test_participants_cached_page_stays_after_a_session_change_and_equals_a_fresh_build(
        client, factory):
    from eventapp import fragment_cache
    from eventapp.extensions import db

    event = factory.event(slug="idm")
    session = factory.session(event, title="Opening")
    factory.slot(session, factory.person("Speaker One"))
    categories = list(factory.categories().values())
    add_registrations(event, categories, 120, prefix="p")
    factory.registration(event, consent_public_list=True)  # raises the registrations version
    for page in (1, 2):
        client.get(f"/events/idm/participants?page={page}")
    builds = fragment_cache.cache.builds
    session.title = "Opening, renamed"
    db.session.commit()
    with count_queries() as after_change:
        kept = [client.get(f"/events/idm/participants?page={page}").get_data(as_text=True)
                for page in (1, 2)]
    assert fragment_cache.cache.builds == builds  # the programme is not on these pages
    assert after_change.count == 2  # one statement a page
    fragment_cache.cache.clear()
    fresh = [client.get(f"/events/idm/participants?page={page}").get_data(as_text=True)
             for page in (1, 2)]
    assert kept == fresh
