from __future__ import annotations

import time

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user, user_logged_in
from flask_wtf import FlaskForm

from eventapp.accounts import emails, login_sessions, login_throttle, rate_limit, service, tokens
from eventapp.accounts.access import safe_next_url
from eventapp.accounts.forms import (
    ActionForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
    UnlockForm,
)
from eventapp.accounts.models import User, normalise_email
from eventapp.accounts.repeat import just_created, same_account_again
from eventapp.accounts.service import AccountError, authenticate, create_user
from eventapp.extensions import db, login_manager
from eventapp.i18n import current_language
from eventapp.i18n.recipient import in_language
from eventapp.mail import mail_not_sent

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"
# The message is stored in the session: translated when flashed, in the language of that request.
login_manager.localize_callback = str


# The user's session generation when this login session began (see User.session_generation).
SESSION_GENERATION = "_generation"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Runs on every request with a login cookie: a cookie from an ended session is refused."""
    if not user_id.isdigit():
        return None
    user = login_sessions.user_of(int(user_id), session.get(login_sessions.SESSION_KEY))
    if user is None or session.get(SESSION_GENERATION) != user.session_generation:
        return None
    return user


@user_logged_in.connect
def _stamp_generation(sender: Flask, user: User, **extra: object) -> None:
    # On every login_user, wherever it is called (sign-up, registration, login).
    session[SESSION_GENERATION] = user.session_generation
    session[login_sessions.SESSION_KEY] = login_sessions.begin(user)


def _home_for(user: User) -> str:
    return url_for("organize.dashboard") if user.is_organizer else url_for("public.events")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        email = form.email.data
        claim = login_throttle.claim_attempt(
            email, request.remote_addr, login_throttle.Rules.from_config(current_app.config),
            unlocked=_unlocked_here(email))
        if claim.refused is not None:
            return _login_limited(claim, email)
        user = authenticate(email, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or password is not right."))
        else:
            login_throttle.forget_failures(email, request.remote_addr)
            session.pop(UNLOCKED, None)
            login_user(user)
            return redirect(safe_next_url(form.next.data) or _home_for(user))
    return render_template("accounts/login.html", form=form)


# The account this browser unlocked with a mailed link, and until when (epoch seconds).
UNLOCKED = "_login_unlocked"


def _unlocked_here(email: str) -> bool:
    mark = session.get(UNLOCKED)
    return (isinstance(mark, list) and len(mark) == 2 and mark[0] == normalise_email(email)
            and isinstance(mark[1], (int, float)) and mark[1] > time.time())


def _login_limited(claim: login_throttle.Claim, email: str) -> Response:
    """429 with the wait, "Forgot your password?" and a button that mails an unlock link."""
    if claim.refused == login_throttle.ACCOUNT:
        reason = _("Several wrong passwords were tried for this account, so logging in to it "
                   "is slowed down.")
    else:
        reason = _("Wrong passwords were tried for many accounts from your network, so new "
                   "logins from it are slowed down.")
    response = current_app.make_response((render_template(
        "accounts/login_limited.html", reason=reason, wait=claim.wait,
        form=UnlockForm(formdata=None, email=email)), 429))
    response.headers["Retry-After"] = str(claim.wait)
    return response


@bp.post("/login/unlock")
def request_unlock() -> ResponseReturnValue:
    form = UnlockForm()
    if not form.validate_on_submit():
        return render_template("accounts/login_limited.html", reason=None, wait=None,
                               form=form), 400
    # Counted for unknown addresses too, so the work done does not tell them apart.
    allowed = _may_mail(form.email.data)
    user = service.find_user_by_email(form.email.data)
    if user is not None and allowed:
        emails.queue_unlock(user)
        db.session.commit()
    # The same answer either way: this page must not tell who has an account.
    if mail_not_sent():
        flash(_("If an account exists for %(email)s, a link that lets you log in at once was "
                "saved on the server (its outbox folder): this site sends no e-mail.",
                email=form.email.data.strip()), "info")
    else:
        flash(_("If an account exists for %(email)s, we sent it a link that lets you log in "
                "at once.", email=form.email.data.strip()), "info")
    return redirect(url_for("accounts.login"))


@bp.get("/login/unlock/<token>")
def unlock_login(token: str) -> Response:
    found = tokens.unlock_request(token)
    if found is None or not login_throttle.use_unlock(found[1], found[0].email):
        flash(_("This link is not valid any more: it was used already or is too old. Ask for "
                "a new one when logging in is slowed down."), "error")
        return redirect(url_for("accounts.login"))
    user = found[0]
    session[UNLOCKED] = [user.email, time.time() + tokens.unlock_max_age()]
    flash(_("You can log in now from this browser."), "success")
    return redirect(url_for("accounts.login"))


def _refused_past_csrf(form: FlaskForm) -> bool:
    """A submit some fields refused, but not a forged one: the rules may still run."""
    return form.is_submitted() and "csrf_token" not in form.errors


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> ResponseReturnValue:
    form = SignupForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.password.data,
                               language=current_language())
        except AccountError as exc:
            # The form sent again (a double click): the account it made, the same answer.
            user = same_account_again(form.email.data, form.password.data)
            if user is None or not just_created(user):
                form.email.errors.append(str(exc))
            else:
                return _signed_up(user, form)
        else:
            db.session.flush()  # the confirmation link needs the new account's id
            emails.queue_verification(user)
            db.session.commit()
            return _signed_up(user, form)
    elif _refused_past_csrf(form) and not form.email.errors and form.email.data:
        # Other fields were refused: still say what the address would get, all in one submit.
        problem = service.account_exists_problem(form.email.data)
        if problem is not None:
            form.email.errors.append(problem)
    return render_template("accounts/signup.html", form=form)


def _signed_up(user: User, form: SignupForm) -> Response:
    login_user(user)
    if mail_not_sent():
        flash(_("Your account is ready. This site sends no e-mail, so the link to confirm "
                "%(email)s was saved on the server (its outbox folder) instead.",
                email=user.email), "success")
    else:
        flash(_("Your account is ready. We sent a link to %(email)s: open it to confirm "
                "your e-mail address.", email=user.email), "success")
    return redirect(safe_next_url(form.next.data) or _home_for(user))


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    # This device's login session ends (a copy of its cookie with it); others go on.
    login_sessions.end(session.pop(login_sessions.SESSION_KEY, None))
    db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("public.events"))


@bp.post("/logout/everywhere")
@login_required
def logout_all() -> ResponseReturnValue:
    """Every login session of the account ends, this one too."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("accounts.account"))
    service.end_all_sessions(current_user)
    login_sessions.end_all(current_user)
    db.session.commit()
    session.pop(login_sessions.SESSION_KEY, None)
    logout_user()
    flash(_("You are logged out on every device and browser."), "info")
    return redirect(url_for("public.events"))


@bp.get("/me/")
@login_required
def me() -> ResponseReturnValue:
    return redirect(_home_for(current_user))


@bp.get("/me/account")
@login_required
def account() -> ResponseReturnValue:
    return _render_account()


def _render_account(password_form: ChangePasswordForm | None = None,
                    language_form: LanguageForm | None = None) -> ResponseReturnValue:
    if language_form is None:
        language_form = LanguageForm(formdata=None, language=current_language())
    return render_template("accounts/account.html", password_form=password_form
                           or ChangePasswordForm(formdata=None), action_form=ActionForm(),
                           language_form=language_form)


@bp.post("/me/account/password")
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data,
                                    form.new_password.data)
        except AccountError as exc:
            form.current_password.errors.append(str(exc))
        else:
            db.session.commit()
            # This session goes on; every other one ended with the old password.
            session[SESSION_GENERATION] = current_user.session_generation
            flash(_("Your password is changed. You are logged out everywhere else."), "success")
            return redirect(url_for("accounts.account"))
    elif _refused_past_csrf(form) and not form.current_password.errors:
        # The new password was refused: still check the current one, so one submit says both.
        problem = service.current_password_problem(current_user, form.current_password.data)
        if problem is not None:
            form.current_password.errors.append(problem)
    return _render_account(form), 200


@bp.post("/me/account/logout-everywhere")
@login_required
def logout_everywhere() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        service.end_all_sessions(current_user)
        login_sessions.end_all(current_user, keep=session.get(login_sessions.SESSION_KEY))
        db.session.commit()
        session[SESSION_GENERATION] = current_user.session_generation
        flash(_("You are logged out on every other device and browser."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/me/account/language")
@login_required
def change_language() -> ResponseReturnValue:
    form = LanguageForm()
    if not form.validate_on_submit():
        return _render_account(language_form=form), 400
    current_user.language = form.language.data
    db.session.commit()
    # Said in the language just chosen: this redirect's page is the first one in it.
    with in_language(form.language.data):
        flash(_("Your language is saved: pages and e-mails now use it."), "success")
    return redirect(url_for("accounts.account"))


def _may_mail(email: str) -> bool:
    return rate_limit.account_mail_allowed(email)


@bp.post("/me/account/verification")
@login_required
def resend_verification() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        if current_user.is_email_verified:
            flash(_("Your e-mail address is already confirmed."), "info")
        elif _may_mail(current_user.email):
            emails.queue_verification(current_user)
            db.session.commit()
            flash(_("This site sends no e-mail: a new link for %(email)s was saved on the "
                    "server (its outbox folder).", email=current_user.email)
                  if mail_not_sent()
                  else _("We sent a new link to %(email)s.", email=current_user.email),
                  "success")
        else:
            flash(_("We sent you several links a moment ago. Please wait 15 minutes before "
                    "asking again."), "error")
    return redirect(url_for("accounts.account"))


@bp.get("/verify-email/<token>")
def verify_email(token: str) -> ResponseReturnValue:
    user = tokens.user_to_verify(token)
    if user is None:
        flash(_("This confirmation link is not valid any more. Log in and ask for a new one "
                "on your account page."), "error")
    elif service.confirm_email(user):
        db.session.commit()
        service.email_confirmed.send(current_app._get_current_object(), user=user)
        flash(_("Thank you: your e-mail address is confirmed."), "success")
    else:
        flash(_("Your e-mail address is already confirmed."), "info")
    return redirect(url_for("accounts.account") if current_user.is_authenticated
                    else url_for("accounts.login"))


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Counted for unknown addresses too, so the work done does not tell them apart.
        allowed = _may_mail(form.email.data)
        user = service.find_user_by_email(form.email.data)
        if user is not None and allowed:
            emails.queue_password_reset(user)
            db.session.commit()
        # The same answer either way: this page must not tell who has an account.
        flash(_("If an account exists for %(email)s, a link to set a new password was saved "
                "on the server (its outbox folder): this site sends no e-mail. The link works "
                "for one hour.", email=form.email.data.strip()) if mail_not_sent()
              else _("If an account exists for %(email)s, we sent it a link to set a new "
                     "password. The link works for one hour.", email=form.email.data.strip()),
              "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    user = tokens.user_to_reset(token)
    if user is None:
        flash(_("This link is not valid any more: it was used already or is over an hour "
                "old. Ask for a new one below."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        service.set_password(user, form.new_password.data)
        # Whoever reads the mail controls the address.
        confirmed = service.confirm_email(user)
        db.session.commit()
        if confirmed:
            service.email_confirmed.send(current_app._get_current_object(), user=user)
        flash(_("Your new password is set. Log in with it."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
