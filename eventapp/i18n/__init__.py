"""The interface in English, French and Spanish (Flask-Babel), and the visitor's choice of one.

Which language a request gets, first match wins:
1. `?lang=fr|es|en` on the URL (calendar subscriptions and shared links carry it);
2. the language stored on the signed-in account;
3. the `lang` cookie set by the language switcher;
4. the browser's Accept-Language;
5. English.
URLs never change with the language. Mails and personal feeds choose by their recipient
instead, with `in_language` (see eventapp/i18n/recipient.py).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, g, has_app_context, has_request_context, request
from werkzeug.wrappers import Request

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}
DEFAULT_LANGUAGE = "en"
COOKIE_NAME = "lang"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


def supported(code: str | None) -> str | None:
    """The language code if it is one we offer, else None."""
    code = (code or "").strip().lower()
    return code if code in LANGUAGES else None


def select_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    asked = supported(request.args.get("lang"))
    if asked:
        return asked
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        stored = supported(getattr(current_user, "language", None))
        if stored:
            return stored
    return anonymous_language(request)


def anonymous_language(req: Request) -> str:
    """The language of a visitor who is not signed in: the URL, the cookie, the browser."""
    return (supported(req.args.get("lang")) or supported(req.cookies.get(COOKIE_NAME))
            or req.accept_languages.best_match(tuple(LANGUAGES), default=DEFAULT_LANGUAGE))


def current_language() -> str:
    """'en', 'fr' or 'es': the language being rendered now (English outside a request)."""
    if not has_app_context():
        return DEFAULT_LANGUAGE
    from flask_babel import get_locale

    locale = get_locale()
    return supported(locale.language if locale is not None else None) or DEFAULT_LANGUAGE


def language_etag(etag: str, language: str | None = None) -> str:
    """An entity tag for the body in the current language (or the one given): each language
    is its own representation, so a client's copy in one never matches another (English
    keeps the plain tag)."""
    language = language or current_language()
    return etag if language == DEFAULT_LANGUAGE else f"{etag}-{language}"


def _translations() -> object:
    """The catalog of the language being rendered, as Flask-Babel's `get_translations`, but
    kept beside the locale it was found for: a page's templates translate a hundred strings,
    and finding the catalog again for each (the context, the locale, its name) was a tenth of
    an organizer page's time. A forced or refreshed locale is another object, so another
    catalog is looked up."""
    from flask_babel import get_translations

    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        kept = getattr(state, "eventapp_catalog", None)
        if kept is not None and kept[0] is locale:
            return kept[1]
    catalog = get_translations()
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        state.eventapp_catalog = (locale, catalog)
    return catalog


def _install_template_gettext(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )


def register(app: Flask) -> None:
    from flask_babel import Babel, refresh

    from eventapp.i18n import catalogs, formatting
    from eventapp.i18n.content import localized

    directory = catalogs.ready_directory(TRANSLATIONS_DIR, Path(app.instance_path))
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(directory))
    Babel(app, locale_selector=select_language, default_locale=DEFAULT_LANGUAGE)
    _install_template_gettext(app)
    formatting.register(app)
    app.add_template_filter(localized, "tr")
    app.add_template_global(LANGUAGES, "LANGUAGES")
    app.add_template_global(current_language, "current_language")

    @app.before_request
    def choose_afresh() -> None:
        # Flask-Babel remembers the choice on `g`, which outlives a request when the
        # request runs inside an application context already pushed (tests, scripts).
        refresh()

    app.teardown_request(lambda _error: refresh())

    @app.after_request
    def vary_on_language(response: Response) -> Response:
        # Pages and feeds differ by the cookie and Accept-Language: shared caches must know.
        if request.endpoint not in ("static", "favicon"):
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response

    from eventapp.i18n.views import bp

    app.register_blueprint(bp)
