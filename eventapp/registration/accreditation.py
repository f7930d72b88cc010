"""Accreditation: who gets a place, who waits, and who is promoted when a place frees.

Rules (written once, here):

* A place is an *approved* registration that is not an invited speaker. Invited speakers are
  the programme's own guests: they are approved by the organizers and never take a place
  from a participant, so adding a panelist can never push someone onto the waiting list.
* Pending registrations (manual accreditation) take no place until an organizer approves them.
  Nor do "unverified" ones, waiting for their person's e-mail confirmation (unverified.py).
* Approving when the event (or the person's category quota) is full puts the registration on
  the waiting list instead of refusing: the organizer's "yes" is kept, and the person is
  promoted automatically, in arrival order, as soon as a place frees. The caller sees the
  resulting status on the returned registration (and in the counts of a bulk change).
* A category quota is a number of places ("Civil society at most 30 places") or a share of
  the capacity: "Government at most 40%" of 25 places is floor(25 * 40 / 100) = 10 places.
  Without a capacity the event has no limit and a percentage quota none either; a quota in
  places still holds (see quotas.py).
* When an approval ends on the waiting list, the decision says why (``WaitReason``): the
  event is full, or the person's category quota is; messages to the organizer and the
  participant name it.
* Waiting-list order is arrival order on the list: the moment the registration became
  waitlisted (then its id). Promotion takes the first waitlisted registration whose category
  still has room, so a full quota never blocks people of other categories behind it.

Concurrency: every decision that counts places runs inside one database transaction that
first serializes on the event: ``SELECT ... FOR UPDATE`` on the event row on PostgreSQL, and
``BEGIN IMMEDIATE`` (the database write lock) on SQLite. Counting happens after the lock is
held, so two workers can never both see the last free place. No in-process locks: the app
runs in several worker processes.

Each public function except ``ensure_invited_registration`` commits the session (first what
the caller had pending, then its own locked transaction). Notifications are outbox rows
queued inside that same transaction: nobody is told about a change that was rolled back, and
no committed change goes untold. A caller may hold ``accreditation_lock`` itself to make
several changes one transaction (an import): the functions then join it and leave the
commit to the caller.

The engine lives in modules of one job each; this module keeps the rules above and offers
every public name under one roof:

* ``places``: the accreditation lock, the tally of places and the summaries for pages;
* ``registering``: the registration window and a participant's own registration;
* ``statuses``: changing statuses, one or many, and promotion from the waiting list;
* ``invited``: invited speakers' registrations;
* ``notify``: the messages queued with each decision;
* ``errors``: what a request that cannot be carried out raises.
"""

from __future__ import annotations

from eventapp.registration.errors import AlreadyRegistered, RegistrationClosed, RegistrationError
from eventapp.registration.invited import (
    ensure_invited_registration,
    ensure_invited_registrations,
)
from eventapp.registration.places import (
    CategoryPlaces,
    PlacesSummary,
    accreditation_lock,
    places_summary,
    waitlist_reasons,
)
from eventapp.registration.quotas import WaitReason, quota_places
from eventapp.registration.registering import (
    DELEGATION_ROLE_KEYS,
    fresh_status,
    register,
    registration_window_state,
)
from eventapp.registration.statuses import (
    TARGET_STATUSES,
    Outcome,
    StatusChanges,
    change_status,
    change_statuses,
    change_statuses_detailed,
    promote_waitlisted,
)

__all__ = [
    "DELEGATION_ROLE_KEYS",
    "TARGET_STATUSES",
    "AlreadyRegistered",
    "CategoryPlaces",
    "Outcome",
    "PlacesSummary",
    "RegistrationClosed",
    "RegistrationError",
    "StatusChanges",
    "WaitReason",
    "accreditation_lock",
    "change_status",
    "change_statuses",
    "change_statuses_detailed",
    "ensure_invited_registration",
    "ensure_invited_registrations",
    "fresh_status",
    "places_summary",
    "promote_waitlisted",
    "quota_places",
    "register",
    "registration_window_state",
    "waitlist_reasons",
]
