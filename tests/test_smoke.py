def test_healthz_returns_ok(client):
    assert client.get("/healthz").get_data(as_text=True) == "ok"


def test_events_page_lists_published_only(client, factory):
    factory.event("public-one", title="Public dialogue")
    factory.event("draft-one", title="Draft dialogue", published=False)
    body = client.get("/events/").get_data(as_text=True)
    assert "Public dialogue" in body
    assert "Draft dialogue" not in body
