from __future__ import annotations

from eventapp import create_app


def test_unexpected_error_renders_the_app_error_page(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():  # noqa: ANN202
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
