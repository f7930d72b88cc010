"""The language switcher: a cookie for every visitor, and the account's setting when signed in."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from eventapp.accounts.access import safe_next_url
from eventapp.extensions import db
from eventapp.i18n import COOKIE_NAME, supported

bp = Blueprint("i18n", __name__)

ONE_YEAR = 365 * 24 * 3600


def _switch(code: str | None, target: str | None) -> ResponseReturnValue:
    language = supported(code)
    if language is None:
        abort(404)
    response = redirect(safe_next_url(target) or url_for("public.events"))
    response.set_cookie(COOKIE_NAME, language, max_age=ONE_YEAR, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    return response


@bp.get("/language/<code>")
def choose(code: str) -> ResponseReturnValue:
    """A plain link for visitors: it only sets the cookie (an account is changed by POST)."""
    return _switch(code, request.args.get("next"))


@bp.post("/language")
def choose_for_account() -> ResponseReturnValue:
    """The switcher of a signed-in page: a CSRF-protected form that also updates the account."""
    language = supported(request.form.get("language"))
    if language is not None and current_user.is_authenticated:
        current_user.language = language
        db.session.commit()
    return _switch(language, request.form.get("next"))
