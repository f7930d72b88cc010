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

    templating.register(app)

    @app.errorhandler(400)
    def bad_request(error):  # noqa: ANN001, ANN202
        return render_template("errors/error.html", code=400, title="Request not understood",
                               message="The page could not use what was sent. Go back, reload "
                               "the page and try again."), 400

    @app.errorhandler(403)
    def forbidden(error):  # noqa: ANN001, ANN202
        return render_template("errors/error.html", code=403, title="Not allowed",
                               message="You do not have access to this page."), 403

    @app.errorhandler(404)
    def not_found(error):  # noqa: ANN001, ANN202
        return render_template("errors/error.html", code=404, title="Not found",
                               message="There is nothing at this address."), 404

    @app.errorhandler(413)
    def too_large(error):  # noqa: ANN001, ANN202
        return render_template("errors/error.html", code=413, title="File too large",
                               message="The file is larger than 5 MB."), 413

    @app.errorhandler(429)
    def too_many(error):  # noqa: ANN001, ANN202
        return render_template("errors/error.html", code=429, title="Too many attempts",
                               message=getattr(error, "description", "Please wait.")), 429

    @app.errorhandler(CSRFError)
    def csrf_error(error):  # noqa: ANN001, ANN202
        return render_template(
            "errors/error.html", code=400, title="Form expired",
            message="The form was not accepted because its security token was missing or "
            "expired. Go back, reload the page and submit again; nothing was saved.",
        ), 400

    @app.route("/healthz")
    def healthz():  # noqa: ANN202
        # Trivial baseline route: benchmarks compare real pages against it.
        return "ok"

    @app.post("/healthz")
    def healthz_post():  # noqa: ANN202
        return "ok"

    csrf_exempt(app, "healthz_post")


def csrf_exempt(app: Flask, endpoint: str) -> None:
    from eventapp.extensions import csrf

    csrf.exempt(app.view_functions[endpoint])
