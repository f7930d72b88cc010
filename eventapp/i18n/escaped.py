"""Lazy translations with parameters that stay escaped in HTML.

Flask-Babel's lazy string declares itself safe HTML (``__html__`` returns the formatted
text), so ``_l("Unit of the %(name)s quota", name=name)`` used as a field label or
description puts ``name`` into the page unescaped. ``escaped`` keeps the lazy string
(translated when rendered, in the request's language) but escapes every text parameter when
it is put into HTML; as plain text (a CSV, a mail, a log) it reads as before.

The rule, enforced by tests/i18n/test_escaped.py: a lazy translation with parameters is
always wrapped in ``escaped``. Jinja's ``_()`` needs nothing: with autoescape on, Jinja's
newstyle gettext formats the parameters into Markup, which escapes them; Python's
``gettext`` returns plain text, which the templates escape.
"""

from __future__ import annotations

from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class EscapedLazyString(LazyString):
    """A lazy translation whose text parameters are escaped when it is put into HTML."""

    def __html__(self) -> Markup:
        params = {
            key: escape(value) if isinstance(value, str | LazyString) else value
            for key, value in self._kwargs.items()
        }
        # The translated template is the app's own text; only the parameters are foreign.
        return Markup(self._func(*self._args, **params))  # noqa: S704


def escaped(text: LazyString) -> EscapedLazyString:
    """``text`` (a ``_l(...)`` with parameters) made safe to put into HTML."""
    return EscapedLazyString(text._func, *text._args, **text._kwargs)
