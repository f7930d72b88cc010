from __future__ import annotations

from eventapp import create_app


def test_unexpected_error_renders_the_app_error_page(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("unexpected")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "<h1>Something went wrong</h1>" in body
    assert "nothing was saved" in body
    assert "unexpected" not in body


def test_method_not_allowed_uses_the_app_error_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "<h1>Not allowed here</h1>" in response.get_data(as_text=True)


def test_favicon_ico_is_served_as_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    body = response.get_data()
    # An ICO directory with one 32x32 image, stored as PNG.
    assert body[:6] == b"\x00\x00\x01\x00\x01\x00"
    assert (body[6], body[7]) == (32, 32)
    assert body[22:30] == b"\x89PNG\r\n\x1a\n"
    assert response.cache_control.max_age == 86400


def test_pages_name_the_icons(client):
    body = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in body
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    svg = client.get("/static/favicon.svg")
    assert (svg.status_code, svg.mimetype) == (200, "image/svg+xml")
