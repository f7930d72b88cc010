"""The organizer's registrations list, rendered once per content version and filter.

The list of an event with 10,000 registrations costs some 50 ms to query and render (counts,
places, countries, a page of 100 rows with their controls), and organizers page through it
and come back to it after every decision. Its body depends only on the event's registrations,
the stakeholder categories, the filters and the page, so it is kept in the per-process cache
under their content versions (read from the database on every request, so a write through any
worker is seen at once). The only per-request part, the bulk form's CSRF token, is put in on
every request; flashed messages belong to the base template, which is rendered fresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import abort, render_template
from markupsafe import Markup
from sqlalchemy import Select, String, bindparam, cast, literal, select
from werkzeug.datastructures import MultiDict

from eventapp.extensions import db
from eventapp.fragment_cache import cache
from eventapp.people.service import all_categories
from eventapp.programme.models import Event
from eventapp.registration import organizations, queries
from eventapp.registration.organize_forms import BulkForm, FilterForm
from eventapp.registration.places import places_summary
from eventapp.teams.access import may
from eventapp.teams.roles import Capability
from eventapp.versioning import GLOBAL, PEOPLE, version_of

# Escaped text can never contain "<", so no registration's data can produce this marker.
CSRF_SLOT = "<!--bulk-form-token-->"


@dataclass(frozen=True)
class ListStamp:
    """What a cached list needs of its event: id, title, and the versions of its body."""

    event_id: int
    title: str
    # (registrations, people, global); None when the body must be built.
    versions: tuple[str | None, ...] | None


@lru_cache(maxsize=1)
def _stamp_statement() -> Select:
    # Built once: building it costs as much as running it.
    return select(
        Event.id, Event.title,
        version_of(literal("registrations:") + cast(Event.id, String)),
        version_of(literal(PEOPLE)),
        version_of(literal(GLOBAL)),
    ).where(Event.slug == bindparam("slug"))


def list_stamp(slug: str) -> ListStamp:
    """The event and the versions the list body is built from, in ONE query; 404 if none.

    The event's registrations scope covers its registrations, the people, organizations and
    accounts on them, its own row and its quotas; `people` the category names. An event whose
    registrations were never versioned is built fresh: an unset version cannot tell two
    states apart.
    """
    row = db.session.execute(_stamp_statement(), {"slug": slug}).first()
    if row is None:
        abort(404)
    event_id, title, registrations, people, global_version = row
    versions = None if registrations is None else (registrations, people, global_version)
    return ListStamp(event_id, title, versions)


def _render_body(event: Event, filters: queries.RegistrationFilters, page_number: int,
                 writes: bool) -> str:
    categories = all_categories()
    # The form shows the filters as applied (normalized), so the body depends on them alone.
    filter_form = FilterForm(MultiDict(filters.as_args()))
    filter_form.set_choices(categories, queries.countries(event))
    page = queries.registrations_page(event, filters, page_number)
    return render_template(
        "registration_organize/_list_body.html", event=event, page=page, filters=filters,
        filter_form=filter_form, bulk_form=BulkForm(formdata=None), token_slot=CSRF_SLOT,
        writes=writes,
        counts=queries.counts(event, categories), places=places_summary(event),
        organizations_to_confirm=organizations.count_to_confirm(event),
    )


def list_body(slug: str, stamp: ListStamp, filters: queries.RegistrationFilters,
              page_number: int) -> Markup:
    """The page's content with this request's CSRF token; cached while its versions hold."""
    page_number = max(page_number, 1)
    # A read-only role's list has no controls: a body of its own in the cache.
    writes = may(Capability.ORGANIZE)

    def build() -> str:
        return _render_body(queries.event_or_404(slug), filters, page_number, writes)

    if stamp.versions is None:
        body = build()
    else:
        # The cache adds the interface language to every key.
        key = ("organize-registrations", stamp.event_id, stamp.versions, filters, page_number,
               writes)
        body = cache.get_or_build(key, build)
    token = str(BulkForm(formdata=None).hidden_tag())
    # The template rendered the body with autoescape: it is trusted markup.
    return Markup(body.replace(CSRF_SLOT, token, 1))  # noqa: S704
