from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from eventapp.accounts import rate_limit
from eventapp.accounts.access import safe_next_url
from eventapp.accounts.forms import LoginForm, SignupForm
from eventapp.accounts.models import User
from eventapp.accounts.service import AccountError, authenticate, create_user
from eventapp.extensions import db, login_manager

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = "Please log in to see this page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def _home_for(user: User) -> str:
    return url_for("organize.dashboard") if user.is_organizer else url_for("public.events")


@bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        cfg = current_app.config
        key = rate_limit.attempt_key(form.email.data, request.remote_addr)
        if rate_limit.is_locked_out(
            key, max_failures=cfg["LOGIN_MAX_FAILURES"], window_seconds=cfg["LOGIN_WINDOW_SECONDS"]
        ):
            abort(429, description="Too many failed logins for this account. "
                  "Wait 15 minutes and try again.")
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            rate_limit.record_failure(key, window_seconds=cfg["LOGIN_WINDOW_SECONDS"])
            form.password.errors.append("The email or password is not right.")
        else:
            rate_limit.clear_failures(key)
            login_user(user)
            return redirect(safe_next_url(form.next.data) or _home_for(user))
    return render_template("accounts/login.html", form=form)


@bp.route("/signup", methods=["GET", "POST"])
def signup():  # noqa: ANN201
    form = SignupForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.password.data)
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            login_user(user)
            flash("Your account is ready.", "success")
            return redirect(safe_next_url(form.next.data) or _home_for(user))
    return render_template("accounts/signup.html", form=form)


@bp.post("/logout")
@login_required
def logout():  # noqa: ANN201
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("public.events"))


@bp.get("/me/")
@login_required
def me():  # noqa: ANN201
    return redirect(_home_for(current_user))
