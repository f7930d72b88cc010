from eventapp import fragment_cache


def test_cached_agenda_is_kept_per_language(client, factory):
    event = factory.event("idm", published=True)
    factory.session(event, title="Opening")
    english = client.get("/events/idm/agenda").get_data(as_text=True)
    french = client.get("/events/idm/agenda?lang=fr").get_data(as_text=True)
    again = client.get("/events/idm/agenda").get_data(as_text=True)
    assert ("Skip to content" in english, "Aller au contenu" in french) == (True, True)
    assert again == english
    assert "Aller au contenu" not in again


def test_cache_entries_differ_by_language(app):
    cache = fragment_cache.VersionedCache()
    with app.test_request_context("/?lang=es"):
        cache.put("piece", "es")
    with app.test_request_context("/?lang=fr"):
        assert cache.get("piece") is None
        cache.put("piece", "fr")
    with app.test_request_context("/?lang=es"):
        assert cache.get("piece") == "es"


def test_feed_etag_names_the_language(client, factory):
    event = factory.event("idm", published=True)
    factory.session(event, title="Opening")
    english = client.get("/events/idm/calendar.ics")
    spanish = client.get("/events/idm/calendar.ics?lang=es")
    assert spanish.headers["ETag"] == english.headers["ETag"][:-1] + '-es"'
    repeat = client.get("/events/idm/calendar.ics?lang=es",
                        headers={"If-None-Match": spanish.headers["ETag"]})
    assert repeat.status_code == 304
    other = client.get("/events/idm/calendar.ics?lang=fr",
                       headers={"If-None-Match": spanish.headers["ETag"]})
    assert other.status_code == 200
