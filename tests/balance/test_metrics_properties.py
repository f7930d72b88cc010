"""Properties of the pure balance maths, over generated slot facts (no database)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventapp.balance.measures import (
    evenness,
    fit_to_registrations,
    region_for,
    suppress_small,
    z_meaning,
    z_score,
)
from eventapp.balance.metrics import (
    NOT_STATED,
    Category,
    Scope,
    SessionInfo,
    SlotFact,
    build_report,
)
from eventapp.people.models import GOVERNANCE_LEVELS
from eventapp.programme.models import SPEAKER_ROLES

CATEGORIES = [Category("government", "Government"), Category("civil-society", "Civil society"),
              Category("migrants-diaspora", "Migrants & diaspora")]
KINDS = ("panel", "opening", "closing", "break")
DAYS = (date(2018, 3, 26), date(2018, 3, 27))

facts_strategy = st.lists(
    st.builds(
        SlotFact,
        session_id=st.integers(1, 6),
        session_kind=st.sampled_from(KINDS),
        local_day=st.sampled_from(DAYS),
        role=st.sampled_from([r for r, _ in SPEAKER_ROLES]),
        category_key=st.sampled_from([c.key for c in CATEGORIES] + [NOT_STATED]),
        governance_level=st.sampled_from((*GOVERNANCE_LEVELS, NOT_STATED)),
        gender=st.sampled_from(("woman", "man", "non-binary", NOT_STATED)),
        region=st.sampled_from(("Africa", "Europe", NOT_STATED)),
        planned_minutes=st.integers(0, 30).map(float),
        actual_minutes=st.one_of(st.none(), st.integers(0, 1800).map(lambda s: s / 60)),
    ),
    max_size=25,
)
registrations_strategy = st.dictionaries(st.sampled_from([c.key for c in CATEGORIES]),
                                         st.integers(0, 50))
DIMENSIONS = ("by_category", "by_role", "by_governance_level", "by_gender", "by_region")


def _report(facts, registrations=None, scope=None):
    return build_report(facts, categories=CATEGORIES, registration_counts=registrations,
                        scope=scope)


@settings(max_examples=50, deadline=None)
@given(facts=facts_strategy, registrations=registrations_strategy)
def test_shares_sum_to_one_whenever_anything_is_in_scope(facts, registrations):
    report = _report(facts, registrations)
    for name in DIMENSIONS:
        rows = getattr(report, name)
        if report.total_slots:
            assert math.fsum(r.slot_share for r in rows) == pytest.approx(1.0, abs=1e-9)
        else:
            assert all(r.slot_share is None for r in rows)
        if report.total_minutes:
            assert math.fsum(r.minute_share for r in rows) == pytest.approx(1.0, abs=1e-9)
        else:
            assert all(r.minute_share is None for r in rows)
    if sum(registrations.values()):
        assert math.fsum(r.registration_share for r in report.by_category) == pytest.approx(1.0)
    assert 0.0 <= report.scores.evenness <= 100.0 + 1e-9


@settings(max_examples=50, deadline=None)
@given(facts=facts_strategy)
def test_minutes_and_slots_are_conserved_across_every_dimension(facts):
    report = _report(facts)
    total = math.fsum(f.minutes for f in facts)
    assert report.total_minutes == pytest.approx(total)
    assert report.total_slots == len(facts)
    for name in DIMENSIONS:
        rows = getattr(report, name)
        assert math.fsum(r.minutes for r in rows) == pytest.approx(total), name
        assert sum(r.slots for r in rows) == len(facts), name
        assert math.fsum(r.planned_minutes for r in rows) == pytest.approx(
            math.fsum(f.planned_minutes for f in facts)), name
        assert sum(r.recorded_slots for r in rows) == report.recorded_slots, name
        assert math.fsum(r.actual_minutes for r in rows) == pytest.approx(
            math.fsum(f.actual_minutes or 0.0 for f in facts)), name
    cross = math.fsum(c.minutes for row in report.category_by_role for c in row.cells.values())
    assert cross == pytest.approx(total)


@settings(max_examples=50, deadline=None)
@given(facts=facts_strategy, registrations=registrations_strategy, data=st.data())
def test_reordering_speakers_or_sessions_changes_nothing(facts, registrations, data):
    sessions = [SessionInfo(i, f"S{i}", KINDS[i % 4], DAYS[i % 2]) for i in range(1, 7)]
    shuffled = data.draw(st.permutations(facts))
    before = build_report(facts, categories=CATEGORIES, registration_counts=registrations,
                          sessions=sessions, requires_local_voice=True)
    after = build_report(shuffled, categories=CATEGORIES, registration_counts=registrations,
                         sessions=sessions, requires_local_voice=True)
    for name in DIMENSIONS:
        for a, b in zip(getattr(before, name), getattr(after, name), strict=True):
            assert a.key == b.key and a.slots == b.slots
            assert a.minutes == pytest.approx(b.minutes)
            assert (a.z is None) == (b.z is None)
    assert {s.id: s.flags for s in before.sessions} == {s.id: s.flags for s in after.sessions}
    assert before.scores.evenness == pytest.approx(after.scores.evenness)
    reordered = build_report(facts, categories=CATEGORIES, registration_counts=registrations,
                             sessions=list(reversed(sessions)), requires_local_voice=True)
    assert {s.id: s.flags for s in reordered.sessions} == {
        s.id: s.flags for s in before.sessions}


@settings(max_examples=50, deadline=None)
@given(facts=facts_strategy, kinds=st.sets(st.sampled_from(KINDS), min_size=1))
def test_scope_keeps_exactly_the_matching_slots(facts, kinds):
    report = _report(facts, scope=Scope(kinds=frozenset(kinds)))
    assert report.total_slots == sum(1 for f in facts if f.session_kind in kinds)


def test_empty_input_gives_zeros_and_no_undefined_maths():
    report = _report([], {})
    assert report.total_slots == 0 and report.total_minutes == 0
    assert [r.slots for r in report.by_category] == [0, 0, 0]
    assert all(r.minute_share is None and r.z is None for r in report.by_category)
    assert report.scores.evenness == 0.0
    assert report.scores.fit_to_registrations is None


def test_z_score_is_undefined_at_the_edges():
    assert z_score(0.5, 0.0, 10) is None
    assert z_score(0.5, 1.0, 10) is None
    assert z_score(0.5, 0.5, 0) is None
    assert z_score(None, 0.5, 10) is None
    assert z_score(0.7, 0.5, 100) == pytest.approx(0.2 / math.sqrt(0.25 / 100), abs=1e-12)


def test_z_meaning_words():
    assert z_meaning(None) == "Not defined"
    assert z_meaning(1.5) == "Within what chance would explain"
    assert z_meaning(-1.96) == "Under-represented: more than chance would explain (95%)"
    assert z_meaning(3.0) == "Over-represented: far more than chance would explain (99%)"


def test_evenness_and_fit_bounds():
    assert evenness([0.25] * 4, 4) == pytest.approx(100.0)
    assert evenness([1.0, 0, 0], 3) == 0.0
    assert evenness([0, 0], 2) == 0.0
    assert fit_to_registrations([0.5, 0.5], [0.5, 0.5]) == pytest.approx(100.0)
    assert fit_to_registrations([1.0, 0.0], [0.0, 1.0]) == pytest.approx(0.0)


def test_suppress_small_hides_counts_below_five():
    assert [suppress_small(n) for n in (0, 1, 4, 5, 12)] == [
        "fewer than 5", "fewer than 5", "fewer than 5", 5, 12]
    assert suppress_small(9, threshold=10) == "fewer than 10"


def test_region_mapping_covers_iso_codes():
    assert region_for("ke") == "Africa"
    assert region_for("US") == "Americas"
    assert region_for("PH") == "Asia"
    assert region_for("CH") == "Europe"
    assert region_for("FJ") == "Oceania"
    assert region_for("AQ") == NOT_STATED
    assert region_for("") == NOT_STATED
    assert region_for("ZZ") == NOT_STATED
