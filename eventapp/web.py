"""Wiring of blueprints, template helpers and error pages."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from eventapp import request_input, templating


def register_web(app: Flask) -> None:
    from eventapp.accounts.views import bp as accounts_bp
    from eventapp.balance.views import bp as balance_bp
    from eventapp.calendars.views import bp as calendars_bp
    from eventapp.programme.import_views import bp as programme_import_bp
    from eventapp.programme.organize_views import bp as organize_bp
    from eventapp.programme.public_views import bp as public_bp
    from eventapp.registration.organize_views import bp as registration_organize_bp
    from eventapp.registration.views import bp as registration_bp

    # Before any route is added: ids too large for the database and NUL characters in
    # URLs, query strings and forms never reach a query (see request_input).
    app.url_map.converters.update(request_input.CONVERTERS)
    app.request_class = request_input.InputRequest

    for blueprint in (accounts_bp, public_bp, organize_bp, programme_import_bp,
                      registration_bp, registration_organize_bp, balance_bp, calendars_bp):
        app.register_blueprint(blueprint)

    from eventapp.outbox.views import bp as outbox_bp

    app.register_blueprint(outbox_bp)

    templating.register(app)

    _register_error_pages(app)

    @app.route("/healthz")
    def healthz():  # noqa: ANN202
        # Trivial baseline route: benchmarks compare real pages against it.
        return "ok"

    @app.post("/healthz")
    def healthz_post():  # noqa: ANN202
        return "ok"

    csrf_exempt(app, "healthz_post")


ERROR_PAGES: dict[int, tuple[str, str]] = {
    400: ("Request not understood",
          "The page could not use what was sent. Go back, reload the page and try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Not allowed here", "This address does not accept that kind of request."),
    413: ("File too large", "The file is larger than 5 MB."),
    429: ("Too many attempts", "Please wait a while and try again."),
    500: ("Something went wrong",
          "The server could not finish this request and nothing was saved. Please try again "
          "in a moment."),
}


def _register_error_pages(app: Flask) -> None:
    """Every error gets the app's own page, in the site's layout and words."""

    def render_error(code: int, message: str | None = None):  # noqa: ANN202
        title, default = ERROR_PAGES[code]
        return render_template("errors/error.html", code=code, title=title,
                               message=message or default), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, lambda error, code=code: render_error(
            code, getattr(error, "description", None) if code == 429 else None))

    @app.errorhandler(CSRFError)
    def csrf_error(error):  # noqa: ANN001, ANN202
        return render_template(
            "errors/error.html", code=400, title="Form expired",
            message="The form was not accepted because its security token was missing or "
            "expired. Go back, reload the page and submit again; nothing was saved.",
        ), 400


def csrf_exempt(app: Flask, endpoint: str) -> None:
    from eventapp.extensions import csrf

    csrf.exempt(app.view_functions[endpoint])
