"""The registration form a signed-in visitor sees before their first registration, kept.

Nothing in it is theirs but their address and CSRF token, so it is rendered once per process,
language, choice of categories and version of the organizations list, and those two are put
in on each request: the opening rush loads it hundreds of times a minute.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from flask_login import current_user
from markupsafe import Markup, escape

from eventapp import fragment_cache
from eventapp.i18n import current_language
from eventapp.registration.forms import RegistrationForm

# Stand-ins for what is the visitor's own in a kept blank form: letters only, so escaping
# leaves them as they are.
_EMAIL_SLOT = "zqxEMAILSLOTzqx"
_CSRF_SLOT = "zqxCSRFSLOTzqx"


def blank_form(form: RegistrationForm, categories: list,
               organizations: Callable[[], list], organizations_version: str) -> Markup:
    """The blank form's HTML with this visitor's address and CSRF token in it.

    Kept by the version of the organizations offered to everyone: their list is read only
    when the form is rendered, once per process, language, categories and version.
    """
    choices = (tuple((c.id, c.name, c.name_fr, c.name_es, c.description, c.description_fr,
                      c.description_es) for c in categories),
               organizations_version, current_language())
    token = getattr(form, "csrf_token", None)
    own_token = token.current_token if token is not None else None

    def build() -> str:
        form.set_choices(categories, organizations())
        form.email.data = _EMAIL_SLOT
        if token is not None:
            token.current_token = _CSRF_SLOT
        try:
            return render_template("registration/_register_form.html", form=form,
                                   categories=categories)
        finally:
            form.email.data = current_user.email
            if token is not None:
                token.current_token = own_token

    html = fragment_cache.cache.get_or_build(("register-form", choices), build)
    html = html.replace(_EMAIL_SLOT, str(escape(form.email.data or "")))
    if own_token is not None:
        html = html.replace(_CSRF_SLOT, own_token)
    return Markup(html)  # noqa: S704 - rendered by our template; the slots are escaped
