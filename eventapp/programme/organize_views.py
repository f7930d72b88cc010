"""Organizer back office for the programme, under /organize/."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from eventapp.accounts.access import organizer_required
from eventapp.extensions import db
from eventapp.programme.models import Event

bp = Blueprint("organize", __name__, url_prefix="/organize")


@bp.get("/")
@organizer_required
def dashboard():  # noqa: ANN201
    events = db.session.scalars(select(Event).order_by(Event.start_date.desc())).all()
    return render_template("organize/dashboard.html", events=events)
