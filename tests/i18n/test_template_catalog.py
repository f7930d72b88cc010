"""Templates keep the language's catalog beside its locale: a forced or refreshed locale
still gets its own words."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, refresh


def test_template_catalog_follows_a_forced_locale_and_comes_back(app):
    with app.test_request_context("/?lang=es"):
        assert render_template_string("{{ _('Log in') }}") == "Iniciar sesión"
        with force_locale("fr"):
            assert render_template_string("{{ _('Log in') }}") == "Se connecter"
        assert render_template_string("{{ _('Log in') }}") == "Iniciar sesión"


def test_template_catalog_follows_a_refreshed_locale(app):
    with app.test_request_context("/?lang=fr"):
        assert render_template_string("{{ _('Log in') }}") == "Se connecter"
    with app.test_request_context("/"):
        refresh()
        assert render_template_string("{{ _('Log in') }}") == "Log in"
