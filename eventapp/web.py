"""Wiring of blueprints, template helpers and error pages."""

from __future__ import annotations

from contextlib import suppress

from flask import Flask, Response, render_template, send_from_directory
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import InternalServerError

from eventapp import error_truth, request_input, templating


def register_web(app: Flask) -> None:
    from eventapp.accounts.views import bp as accounts_bp
    from eventapp.attendance import dashboard_views, desk_views, door_views  # noqa: F401 (add their pages)
    from eventapp.attendance.blueprint import bp as desk_bp
    from eventapp.badges.views import bp as badges_bp
    from eventapp.badges.views import organize_bp as badges_organize_bp
    from eventapp.balance.views import bp as balance_bp
    from eventapp.calendars.views import bp as calendars_bp
    from eventapp.floor.console_views import bp as floor_console_bp
    from eventapp.floor.room_views import bp as floor_room_bp
    from eventapp.floor.views import bp as floor_bp
    from eventapp.people.organize_views import bp as categories_bp
    from eventapp.programme.import_views import bp as programme_import_bp
    from eventapp.programme.organize import bp as organize_bp
    from eventapp.programme.public_views import bp as public_bp
    from eventapp.programme.version_views import bp as schedule_versions_bp
    from eventapp.registration import organize_workbooks  # noqa: F401 (adds its pages)
    from eventapp.registration.organize_views import bp as registration_organize_bp
    from eventapp.registration.views import bp as registration_bp
    from eventapp.teams.views import bp as team_invitations_bp

    # Before any route is added: ids too large for the database and NUL characters in
    # URLs, query strings and forms never reach a query (see request_input).
    app.url_map.converters.update(request_input.CONVERTERS)
    app.request_class = request_input.InputRequest

    for blueprint in (accounts_bp, public_bp, organize_bp, programme_import_bp,
                      registration_bp, registration_organize_bp, balance_bp, calendars_bp,
                      categories_bp, floor_bp, floor_console_bp, floor_room_bp,
                      schedule_versions_bp, team_invitations_bp, desk_bp, badges_bp,
                      badges_organize_bp):
        app.register_blueprint(blueprint)

    from eventapp.outbox.views import bp as outbox_bp

    app.register_blueprint(outbox_bp)

    from eventapp.audit_pages.views import bp as audit_bp

    app.register_blueprint(audit_bp)

    # The room's screens polling floor.json, answered before the framework (see its module).
    from eventapp.floor import screen_polls

    screen_polls.register(app)

    # Registration forms take turns in each worker process (see its module).
    from eventapp.registration import gate

    gate.register(app)

    templating.register(app)

    _register_error_pages(app)

    @app.route("/healthz")
    def healthz() -> str:
        # Trivial baseline route: benchmarks compare real pages against it.
        return "ok"

    @app.post("/healthz")
    def healthz_post() -> str:
        return "ok"

    csrf_exempt(app, "healthz_post")

    @app.route("/favicon.ico")
    def favicon() -> Response:
        # Browsers ask for /favicon.ico whatever the page says; serve the file itself, no redirect.
        return send_from_directory(
            app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
        )


# Lazy: each page is written in the language of the request that fails.
ERROR_PAGES: dict[int, tuple[LazyString, LazyString]] = {
    400: (_l("Request not understood"),
          _l("The page could not use what was sent. Go back, reload the page and try again.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Not allowed here"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("The file is larger than 5 MB.")),
    429: (_l("Too many attempts"), _l("Please wait a while and try again.")),
    500: (_l("Something went wrong"),
          _l("The server could not finish this request and nothing was saved. Please try "
             "again in a moment.")),
}

# The 500 and 503 pages say what happened to the data (see eventapp/error_truth.py).
SAVED_MESSAGE = _l("Your change was saved, but the page could not be shown. Reload the page "
                   "to see it; there is no need to send it again.")
UNKNOWN_MESSAGE = _l("The server lost contact with the database while saving, so we cannot "
                     "tell whether your change was saved. Reload the page to check before "
                     "sending it again.")
PARTLY_SAVED_MESSAGE = _l("Only part of your change was saved before the server stopped. "
                          "Reload the page to see what was kept before sending it again.")
UNAVAILABLE_TITLE = _l("Try again in a moment")
UNAVAILABLE_MESSAGE = _l("The database could not be reached, so nothing was saved. Please "
                         "try again in a moment.")
# Seconds a client is asked to wait: a dropped connection or a held lock passes quickly.
RETRY_AFTER_SECONDS = 5


def _outcome_message(nothing_saved: LazyString | None) -> LazyString | None:
    """The page's message, chosen only now that the transaction's outcome is known."""
    from eventapp.extensions import db

    result = error_truth.outcome()
    # A failed statement leaves the session unusable and the page may still need it.
    # Committed work stays: a rollback only drops what was not committed.
    with suppress(SQLAlchemyError):
        db.session.rollback()
    if result is error_truth.Outcome.SAVED:
        return SAVED_MESSAGE
    if result is error_truth.Outcome.UNKNOWN:
        return UNKNOWN_MESSAGE
    if result is error_truth.Outcome.PARTLY_SAVED:
        return PARTLY_SAVED_MESSAGE
    return nothing_saved


def _register_error_pages(app: Flask) -> None:
    """Every error gets the app's own page, in the site's layout and words."""

    def render_error(code: int, message: str | LazyString | None = None) -> tuple[str, int]:
        title, default = ERROR_PAGES[code]
        return render_template("errors/error.html", code=code, title=str(title),
                               message=str(message or default)), code

    for code in ERROR_PAGES:
        if code == 500:
            continue
        app.register_error_handler(code, lambda error, code=code: render_error(
            code, getattr(error, "description", None) if code == 429 else None))

    def unavailable() -> tuple[str, int, dict[str, str]]:
        message = str(_outcome_message(UNAVAILABLE_MESSAGE))
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        try:
            body = render_template("errors/error.html", code=503,
                                   title=str(UNAVAILABLE_TITLE), message=message)
        except Exception:  # the layout needs the database that is gone
            return (f"{message}\n", 503,
                    {**headers, "Content-Type": "text/plain; charset=utf-8"})
        return body, 503, headers

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeoutError)
    def database_error(error: SQLAlchemyError) -> tuple[str, int, dict[str, str]]:
        if error_truth.is_unavailable(error):
            return unavailable()
        raise error

    @app.errorhandler(500)
    def server_error(error: InternalServerError) -> ResponseReturnValue:
        original = getattr(error, "original_exception", None)
        if error_truth.is_unavailable(original):
            return unavailable()
        return render_error(500, _outcome_message(None))

    from eventapp.extensions import db

    error_truth.register(app, db)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template(
            "errors/error.html", code=400, title=_("Form expired"),
            message=_("The form was not accepted because its security token was missing or "
                      "expired. Go back, reload the page and submit again; nothing was saved."),
        ), 400


def csrf_exempt(app: Flask, endpoint: str) -> None:
    from eventapp.extensions import csrf

    csrf.exempt(app.view_functions[endpoint])
