"""Participant side: register for an event, see and change one's registrations, who attends.

Pages under /events/<slug>/ are public and exist only for published events: the event loader
answers 404 for an unknown or unpublished one (see eventapp.programme.event_scope).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from eventapp.accounts import emails as account_emails
from eventapp.accounts import rate_limit
from eventapp.accounts.models import User
from eventapp.accounts.repeat import same_account_again
from eventapp.accounts.service import AccountError, account_exists_problem, create_user
from eventapp.db_types import utcnow
from eventapp.extensions import db
from eventapp.fragment_cache import anonymous_page
from eventapp.i18n import current_language
from eventapp.mail import mail_not_sent
from eventapp.people.categories import offered_categories_and_version
from eventapp.programme import queries
from eventapp.programme.event_scope import (
    attach_event_loader,
    current_event,
    event_slug,
    loads_own_event,
)
from eventapp.programme.models import Event
from eventapp.registration import organizations, participants
from eventapp.registration.blank_form import blank_form
from eventapp.registration.errors import AlreadyRegistered, RegistrationClosed, RegistrationError
from eventapp.registration.forms import (
    SELF_ID_PURPOSE,
    CancelForm,
    DetailsForm,
    RegistrationForm,
)
from eventapp.registration.models import DELEGATION_ROLES, Registration
from eventapp.registration.notifications import STATUS_SENTENCES, status_sentence
from eventapp.registration.participants import ACTIVE_STATUSES, PersonDetails, RegistrationDetails
from eventapp.registration.places import waitlist_reasons
from eventapp.registration.quotas import WaitReason
from eventapp.registration.registering import Registered, decide, registration_window_state
from eventapp.registration.statuses import change_status
from eventapp.registration.unverified import awaits_email
from eventapp.request_input import parse_id
from eventapp.versioning import ORGANIZATIONS, first_version, listing_stamp

bp = Blueprint("registration", __name__)
attach_event_loader(bp, organizer=False, published_only=True)

STATUS_LABELS = {
    "pending": _l("Pending review"),
    "approved": _l("Approved"),
    "waitlisted": _l("On the waiting list"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "unverified": _l("Waiting for your e-mail confirmation"),
}


@bp.context_processor
def _labels() -> dict:
    return {
        "STATUS_LABELS": STATUS_LABELS,
        "STATUS_SENTENCES": STATUS_SENTENCES,
        "DELEGATION_ROLE_LABELS": dict(DELEGATION_ROLES),
        "SELF_ID_PURPOSE": SELF_ID_PURPOSE,
    }

STATUS_FLASH = {
    "approved": _l("You are registered and your place is confirmed."),
    "pending": _l("Your registration is received. The organizers will review it and write to "
                  "you."),
    "waitlisted": _l("The event is full, so you are on the waiting list. We will write to you "
                     "if a place frees."),
    "unverified": _l("Confirm your e-mail address to complete your registration: open the "
                     "link we sent you."),
}
ALREADY_REGISTERED = _l("You are already registered for this event; here is your registration.")


def _person_details(form: DetailsForm) -> PersonDetails:
    return PersonDetails(
        honorific=form.honorific.data or "",
        first_name=form.first_name.data,
        last_name=form.last_name.data,
        job_title=form.job_title.data or "",
        email=form.email.data,
        gender=form.gender.data or None,
        gender_description=form.gender_description.data or "",
        migrant_experience=form.migrant_experience.data or None,
    )


def _registration_details(form: DetailsForm) -> RegistrationDetails:
    return RegistrationDetails(
        delegation_role=form.delegation_role.data,
        wishes_to_speak=bool(form.wishes_to_speak.data),
        speaking_topic=form.speaking_topic.data or "",
        accessibility_needs=form.accessibility_needs.data or "",
        consent_public_list=bool(form.consent_public_list.data),
    )


def _closed_page(event: Event, message: str | None = None) -> str:
    state = registration_window_state(event, utcnow())
    return render_template("registration/closed.html", event=event, state=state, message=message)


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
def register() -> Response | str:
    event = current_event()
    if registration_window_state(event, utcnow()) != "open":
        return _closed_page(event)
    known = None
    if not current_user.is_authenticated:
        person = None
    elif request.method == "POST":
        # The submit's own address is checked against other records: both in one statement.
        known = participants.person_and_owner(current_user, request.form.get("email", ""))
        person = known.person
    else:
        person = participants.person_of_login(current_user._get_current_object())
    existing = participants.registration_of(event, person)
    if existing is not None and existing.status != "cancelled":
        if request.method == "POST":
            # The form sent again (a double click): the same page as the first submit.
            return _registered(existing)
        flash(str(ALREADY_REGISTERED), "info")
        return redirect(url_for("registration.my_registrations"))

    form = RegistrationForm(obj=person)
    if current_user.is_authenticated:
        del form.password
        del form.confirm
        if request.method == "GET" and not form.email.data:
            form.email.data = current_user.email
    # The version of the organizations list comes with the categories: a first
    # registration's kept form needs neither the list nor a statement for it.
    categories, organizations_version = offered_categories_and_version(event.id, ORGANIZATIONS)
    # A submit needs only the organization it names; the whole list is for a page shown.
    submitted = form.is_submitted()
    form_html = None
    if submitted:
        form.set_choices(categories, organizations.chosen_only(form.organization.data, person))
    elif person is None and current_user.is_authenticated:
        if organizations_version is None:
            organizations_version = first_version(db.session, ORGANIZATIONS)
        form_html = blank_form(form, categories,
                               lambda: organizations.offered_organizations(None),
                               organizations_version)
    else:
        form.set_choices(categories, organizations.offered_organizations(person))
    if request.method == "GET" and person is not None:
        # Pre-select what we know from an earlier registration.
        if person.organization_id:
            form.organization.data = str(person.organization_id)
        if person.effective_category is not None:
            form.category.data = person.effective_category.id

    if form.validate_on_submit():
        try:
            decided, new_user = _submit(event, form, categories, known, existing)
        except AccountError as exc:
            again = _registered_again(event, form)
            if again is not None:
                return again
            form.email.errors.append(_("%(problem)s Log in first to register with it.",
                                       problem=str(exc)))
        except AlreadyRegistered:
            flash(str(ALREADY_REGISTERED), "info")
            return redirect(url_for("registration.my_registrations"))
        except RegistrationClosed as exc:
            return _closed_page(event, str(exc))
        except RegistrationError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            if new_user is not None:
                login_user(new_user)
                account_emails.queue_verification(new_user)
                db.session.commit()
            elif (decided.status == "unverified"
                  and rate_limit.account_mail_allowed(current_user.email)):
                account_emails.queue_verification(current_user)
                db.session.commit()
            return _answer(decided.status, decided.reason)
    elif submitted and "csrf_token" not in form.errors:
        _add_account_problem(form)
    if submitted:
        form.set_choices(categories, organizations.offered_organizations(person))
    return render_template(
        "registration/register.html", event=event, form=form, categories=categories,
        form_html=form_html,
    )


def _registered(registration: Registration) -> Response:
    """The answer to a registration made: its status said, then the person's registrations."""
    return _answer(registration.status, waitlist_reasons([registration]).get(registration.id))


def _answer(status: str, reason: WaitReason | None) -> Response:
    """What a registration's status tells its person; the same for the first submit and for
    the same form sent again."""
    if status == "unverified" and mail_not_sent():
        flash(_("Confirm your e-mail address to complete your registration: this site sends "
                "no e-mail, so the link was saved on the server (its outbox folder)."),
              "success")
        return redirect(url_for("registration.my_registrations"))
    flash(str(STATUS_FLASH[status]) if reason is None
          else _("Waitlisted: %(what_is_full)s. We will write to you if a place frees.",
                 what_is_full=reason.what_is_full), "success")
    return redirect(url_for("registration.my_registrations"))


def _registered_again(event: Event, form: RegistrationForm) -> Response | None:
    """An anonymous form sent again after its first copy registered: log in, same answer."""
    if current_user.is_authenticated:
        return None
    user = same_account_again(form.email.data, form.password.data)
    registration = (participants.registration_of(event, participants.person_for_user(user))
                    if user is not None else None)
    if registration is None or registration.status == "cancelled":
        return None
    login_user(user)
    return _registered(registration)


def _add_account_problem(form: RegistrationForm) -> None:
    """Other fields were refused: still say what the new account's address would get.

    The same words as a submit without mistakes (see register), so nothing more is told.
    """
    if current_user.is_authenticated or form.email.errors or not form.email.data:
        return
    problem = account_exists_problem(form.email.data)
    if problem is not None:
        form.email.errors.append(_("%(problem)s Log in first to register with it.",
                                   problem=problem))


def _submit(event: Event, form: RegistrationForm, categories: list,
            known: participants.KnownPersons | None, existing: Registration | None,
            ) -> tuple[Registered, User | None]:
    """Create the account if needed, save the person, then register (which commits).

    ``known`` and ``existing`` are what the request already read: nothing is read twice,
    and the person's rows go out in one flush before the event's lock is taken.
    """
    category = next((c for c in categories if c.id == form.category.data), None)
    if category is None:
        raise RegistrationError(_("Choose the stakeholder category you take part as."))
    new_user = None
    if current_user.is_authenticated:
        user = current_user._get_current_object()
    else:
        user = new_user = create_user(form.email.data, form.password.data)
        db.session.flush()
        known = None
    if user.language is None:
        # Mails about this registration are written later by someone else's request (an
        # organizer approving): they keep the language the person registered in.
        user.language = current_language()
    person = participants.save_person_details(user, _person_details(form), known=known,
                                              flush=False)
    organization = participants.choose_organization(
        form.organization.data, category,
        new_name=form.new_organization_name.data or "",
        new_country=form.new_organization_country.data or "",
        new_level=form.new_organization_level.data, person=person,
    )
    if person.organization_id is None and organization is not None:
        person.organization_id = organization.id
    if organization is None and person.category_id is None:
        person.category_id = category.id
    db.session.flush()
    details = _registration_details(form)
    try:
        decided = decide(
            event, person, category, organization=organization,
            # The participant proposes a level; the organizers accredit it (representation).
            proposed_delegation_role=details.delegation_role,
            wishes_to_speak=details.wishes_to_speak,
            speaking_topic=details.speaking_topic,
            accessibility_needs=details.accessibility_needs,
            consent_public_list=details.consent_public_list,
            public_list_asked=True,  # the registration form puts the question
            awaiting_email=awaits_email(person),
            none_before=existing is None,
        )
    except (AlreadyRegistered, RegistrationClosed):
        # The account and person were committed before the decision; keep the user in.
        if new_user is not None:
            login_user(new_user)
        raise
    return decided, new_user


@bp.get("/me/registrations")
@login_required
def my_registrations() -> str:
    registrations = participants.registrations_of_user(current_user)
    return render_template(
        "registration/my_registrations.html",
        registrations=registrations,
        wait_reasons=waitlist_reasons(registrations),
        status_sentence=status_sentence,
        active_statuses=ACTIVE_STATUSES,
    )


@bp.route("/me/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
@login_required
def edit(registration_id: int) -> Response | str:
    registration = participants.own_registration_or_404(current_user, registration_id)
    if registration.status not in ACTIVE_STATUSES:
        flash(_("This registration can no longer be changed."), "info")
        return redirect(url_for("registration.my_registrations"))
    person = registration.person
    form = DetailsForm(obj=registration, data={
        **{key: getattr(person, key) for key in (
            "honorific", "first_name", "last_name", "job_title", "email", "gender",
            "gender_description", "migrant_experience",
        )},
        "delegation_role": registration.proposed_delegation_role
        or registration.delegation_role,
    })
    if form.validate_on_submit():
        try:
            participants.save_person_details(current_user, _person_details(form))
            participants.update_registration_details(registration, _registration_details(form))
        except RegistrationError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Your details are saved."), "success")
            return redirect(url_for("registration.my_registrations"))
    return render_template(
        "registration/edit.html", form=form, registration=registration, event=registration.event
    )


@bp.route("/me/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(registration_id: int) -> Response | str:
    registration = participants.own_registration_or_404(current_user, registration_id)
    form = CancelForm()
    if form.validate_on_submit():
        # Cancelling twice is harmless: the second time nothing changes and nothing is sent.
        if registration.status != "cancelled":
            change_status(registration, "cancelled")
        flash(_("Your registration is cancelled."), "success")
        return redirect(url_for("registration.my_registrations"))
    return render_template(
        "registration/cancel.html", form=form, registration=registration, event=registration.event
    )


# Pages of the unfiltered list that anonymous visitors get from the shared cache; searches,
# category filters and deeper pages are built fresh, so no visitor can fill the cache.
CACHED_PARTICIPANT_PAGES = 20


@bp.get("/events/<slug>/participants", endpoint="participants")
@loads_own_event
def participants_list() -> Response | str:
    # The cached page finds its event with its versions, in one query.
    slug = event_slug()
    filters = participants.PublicFilters(
        category_id=parse_id(request.args.get("category", "")),
        search=" ".join(request.args.get("q", "").split())[:100],
    )
    page = request.args.get("page", 1, type=int)
    if filters.is_active or not 1 <= page <= CACHED_PARTICIPANT_PAGES:
        return _render_participants(slug, filters, page)
    # Names and organizations, categories, who is listed, the event's header: any change to
    # one of them is a new version and a new page. Not the programme: a session edit leaves
    # the list as it is.
    stamp = listing_stamp(slug)
    if stamp is None or not stamp[1]:
        abort(404)
    event_id, _, versions = stamp
    if versions[-1] is None:  # no registrations version yet
        return _render_participants(slug, filters, page)
    return anonymous_page(("participants", event_id, page), versions,
                          lambda: _render_participants(slug, filters, page))


def _render_participants(slug: str, filters: participants.PublicFilters, page: int) -> str:
    event = queries.published_event_or_404(slug)
    listing = participants.public_participants(event, filters, page)
    return render_template(
        "registration/participants.html", event=event, listing=listing, filters=filters
    )
