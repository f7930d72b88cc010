"""A small event whose every figure is computed by hand in the tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from eventapp.balance.models import BalanceTarget
from eventapp.extensions import db
from eventapp.programme.models import Event, Session


@dataclass
class Scenario:
    event: Event
    opening: Session
    panel_one: Session
    panel_two: Session
    cancelled: Session
    coffee: Session


def build_scenario(factory) -> Scenario:
    """Seven slots, 60 counted minutes, 10 approved participants.

    Three speakers (A, B, C) also hold approved invited-speaker registrations: they are not
    part of the baseline, so every registration share below is out of 10.

    Opening (day 1): A keynote 10 planned / 12 actual; B chair 5 planned.
    Panel one (day 1): A panelist 10; E panelist 10 planned / 8 actual.
    Panel two (day 2): C moderator 15; D panelist 10 planned / 10 actual; F floor, no time.
    A cancelled panel (B, 30 minutes) and a speakerless break do not count.
    Every session with a timed slot has been run, so its untimed speakers (B in the opening,
    A in panel one, C in panel two) are marked heard: their planned minutes count. F was
    neither timed nor marked: planned (without minutes), not heard.
    """
    event = factory.event(slug="idm", start=date(2018, 3, 26), end=date(2018, 3, 27),
                          requires_local_voice=True)
    government = factory.organization("Ministry", category="government", country="US",
                                      governance_level="national")
    un = factory.organization("Agency", category="un-system", country="CH",
                              governance_level="global")
    ngo = factory.organization("Grassroots", category="civil-society", country="KE",
                               governance_level="local")
    a = factory.person("Alex Minister", organization=government, gender="man")
    b = factory.person("Bea Agency", organization=un, gender="woman")
    c = factory.person("Chris Grassroots", organization=ngo, gender="man")
    d = factory.person("Dana Diaspora", category="migrants-diaspora")
    e = factory.person("Emil Deputy", organization=government, gender="man")
    f = factory.person("Floor Voice", gender="prefer-not")

    opening = factory.session(event, title="Opening", kind="opening", day=date(2018, 3, 26))
    factory.slot(opening, a, role="keynote", planned_minutes=10, actual_seconds=720)
    heard = [factory.slot(opening, b, role="chair", planned_minutes=5)]
    panel_one = factory.session(event, title="Panel one", kind="panel", day=date(2018, 3, 26),
                                start=time(11, 0))
    heard.append(factory.slot(panel_one, a, role="panelist", planned_minutes=10))
    factory.slot(panel_one, e, role="panelist", planned_minutes=10, actual_seconds=480)
    panel_two = factory.session(event, title="Panel two", kind="panel", day=date(2018, 3, 27))
    heard.append(factory.slot(panel_two, c, role="moderator", planned_minutes=15))
    factory.slot(panel_two, d, role="panelist", planned_minutes=10, actual_seconds=600)
    factory.slot(panel_two, f, role="floor", planned_minutes=None)
    cancelled = factory.session(event, title="Dropped panel", kind="panel",
                                day=date(2018, 3, 27), start=time(14, 0),
                                status="cancelled")
    factory.slot(cancelled, b, role="panelist", planned_minutes=30)
    for slot in heard:
        slot.heard_at = slot.session.ends_at
    db.session.commit()
    coffee = factory.session(event, title="Coffee", kind="break", day=date(2018, 3, 27),
                             start=time(12, 0), minutes=30)

    for category, count in (("government", 4), ("un-system", 2), ("civil-society", 2),
                            ("migrants-diaspora", 2)):
        for _ in range(count):
            factory.registration(event, category=category)
    factory.registration(event, category="academia", status="pending")
    for person, category in ((a, "government"), (b, "un-system"), (c, "civil-society")):
        factory.registration(event, person, category=category, is_invited_speaker=True)

    cats = factory.categories()
    db.session.add_all([
        BalanceTarget(event_id=event.id, category_id=cats["migrants-diaspora"].id,
                      min_percent=20),
        BalanceTarget(event_id=event.id, category_id=cats["government"].id, max_percent=40),
        BalanceTarget(event_id=event.id, category_id=cats["civil-society"].id,
                      required_on_panels=True),
    ])
    db.session.commit()
    return Scenario(event, opening, panel_one, panel_two, cancelled, coffee)
