"""Building blocks for floor tests: a published dialogue, its list and registered people."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.floor import chair
from eventapp.floor.models import FloorRequest, SpeakersList


def dialogue(factory, **event_extra):
    factory.categories()
    event = factory.event(slug=event_extra.pop("slug", None), **event_extra)
    session = factory.session(event, title="Interactive dialogue", kind="interactive-dialogue")
    return event, session


def participant(factory, event, name: str, *, category: str = "government",
                org: str | None = None, status: str = "approved", user=None,
                country: str = "MX", role: str = "delegate"):
    organization = factory.organization(org or f"{name} Org", category=category,
                                        country=country)
    person = factory.person(name, organization=organization, user=user)
    factory.registration(event, person, category=category, status=status,
                         delegation_role=role)
    return person


def open_list(session, **kwargs) -> SpeakersList:
    speakers_list = chair.open_list(session, **kwargs)
    return db.session.get(SpeakersList, speakers_list.id)


def requests_of(list_id: int) -> list[FloorRequest]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(FloorRequest).where(FloorRequest.list_id == list_id).order_by(FloorRequest.id)))


def version(list_id: int) -> int:
    db.session.expire_all()
    return db.session.get(SpeakersList, list_id).version
