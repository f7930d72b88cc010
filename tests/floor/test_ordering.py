from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

from eventapp.floor.ordering import Entry, Limits, Tally, suggest

T0 = datetime(2018, 3, 26, 15, 0, tzinfo=UTC)
NAMES = {"government": "Government", "civil-society": "Civil society",
         "migrants-diaspora": "Migrants & diaspora", "un-system": "UN system"}


def entry(rid: int, category: str, org: str, *, minute: int | None = None,
          role: str = "delegate") -> Entry:
    return Entry(request_id=rid, category_key=category, category_name=NAMES[category],
                 organization_key=org, organization_name=org,
                 requested_at=T0 + timedelta(minutes=rid if minute is None else minute),
                 delegation_role=role, is_member_state=category == "government")


def ids(placed) -> list[int]:
    return [p.entry.request_id for p in placed]


def test_suggest_arrival_first_come_first_served_ties_by_id():
    entries = [entry(3, "government", "Mexico", minute=1),
               entry(1, "civil-society", "ICMC", minute=5),
               entry(2, "migrants-diaspora", "ADN", minute=1)]
    placed = suggest(entries, Tally({}, {}), policy="arrival")
    assert ids(placed) == [2, 3, 1]
    assert [p.reason for p in placed] == [
        "Arrival order: 1st to ask", "Arrival order: 2nd to ask", "Arrival order: 3rd to ask"]


def test_suggest_balanced_furthest_below_target_first_with_reason():
    tally = Tally({"government": 6, "civil-society": 3}, {"Mexico": 4, "Chile": 2, "ICMC": 3})
    targets = {"government": 40, "civil-society": 30, "migrants-diaspora": 15}
    entries = [entry(1, "government", "Mexico"), entry(2, "civil-society", "ICMC"),
               entry(3, "migrants-diaspora", "ADN")]
    placed = suggest(entries, tally, policy="balanced", targets=targets)
    # Migrants 15% - 0/9; then, with ADN counted, civil society 30% - 3/10 = 0 is further
    # below its target than government 40% - 6/10 = -20%.
    assert ids(placed) == [3, 2, 1]
    assert placed[0].reason == ("Migrants & diaspora: 0 of 9 interventions so far, target 15%; "
                                "first intervention for ADN")


def test_suggest_balanced_projects_counts_after_each_place():
    tally = Tally({"government": 6, "civil-society": 3}, {})
    targets = {"government": 40, "civil-society": 30, "migrants-diaspora": 15}
    entries = [entry(1, "government", "Mexico"), entry(2, "civil-society", "ICMC"),
               entry(3, "migrants-diaspora", "ADN"), entry(4, "migrants-diaspora", "MADE")]
    placed = suggest(entries, tally, policy="balanced", targets=targets)
    # After ADN (1 of 10): migrants 15% - 10% = 5% > civil society 0% > government -20%.
    assert ids(placed) == [3, 4, 2, 1]
    assert placed[1].reason == (
        "Migrants & diaspora: 0 of 9 interventions so far, target 15%; "
        "1 of 10 counting the speakers above; first intervention for MADE")
    assert placed[3].reason == (
        "Government: 6 of 9 interventions so far, target 40%; "
        "6 of 12 counting the speakers above; first intervention for Mexico")


def test_suggest_balanced_first_time_organization_before_repeat_then_arrival():
    tally = Tally({"civil-society": 1}, {"ICMC": 1})
    entries = [entry(1, "civil-society", "ICMC"), entry(2, "civil-society", "Caritas"),
               entry(3, "civil-society", "PICUM")]
    placed = suggest(entries, tally, policy="balanced", targets={"civil-society": 50})
    assert ids(placed) == [2, 3, 1]
    assert placed[2].reason == (
        "Civil society: 1 of 1 interventions so far, target 50%; "
        "3 of 3 counting the speakers above; ICMC has spoken once")


def test_suggest_balanced_equal_targets_tie_broken_by_arrival():
    entries = [entry(2, "civil-society", "B", minute=5), entry(1, "government", "A", minute=5),
               entry(3, "un-system", "C", minute=1)]
    targets = {"civil-society": 20, "government": 20, "un-system": 20}
    placed = suggest(entries, Tally({}, {}), policy="balanced", targets=targets)
    assert ids(placed) == [3, 1, 2]


def test_suggest_balanced_participant_shares_when_no_targets():
    targets = {"government": Fraction(100, 3), "civil-society": Fraction(200, 3)}
    entries = [entry(1, "government", "Mexico"), entry(2, "civil-society", "ICMC")]
    placed = suggest(entries, Tally({}, {}), policy="balanced", targets=targets,
                     target_source="participants")
    assert ids(placed) == [2, 1]
    assert placed[0].reason == ("Civil society: 0 of 0 interventions so far, "
                                "66.7% of participants; first intervention for ICMC")


def test_suggest_protocol_member_states_by_level_then_observers_then_others():
    entries = [
        entry(1, "civil-society", "ICMC", role="head"),
        entry(2, "government", "Chile", role="delegate"),
        entry(3, "government", "Holy See", role="observer"),
        entry(4, "government", "Mexico", role="minister"),
        entry(5, "government", "Kenya", role="head"),
        entry(6, "government", "Peru", role="delegate"),
        entry(7, "un-system", "UNHCR", role="delegate"),
    ]
    placed = suggest(entries, Tally({}, {}), policy="protocol")
    assert ids(placed) == [4, 5, 2, 6, 3, 1, 7]
    assert [p.reason for p in placed[:3]] == [
        "Member State, minister or high-level representative; 4th to ask",
        "Member State, head of delegation; 5th to ask",
        "Member State, delegate; 2nd to ask",
    ]
    assert placed[4].reason == "Observer State, observer; 3rd to ask"
    assert placed[5].reason == "Civil society, head of delegation; 1st to ask"


def test_suggest_limit_per_organization_puts_request_last_with_reason():
    tally = Tally({"government": 1}, {"Mexico": 1})
    entries = [entry(1, "government", "Mexico"), entry(2, "civil-society", "ICMC"),
               entry(3, "civil-society", "PICUM")]
    placed = suggest(entries, tally, policy="arrival", limits=Limits(per_organization=1))
    assert ids(placed) == [2, 3, 1]
    assert placed[2].beyond_limit is True
    assert placed[2].reason == "Beyond the limit of 1 per organization: Mexico already has 1"


def test_suggest_limit_per_category_counts_speakers_above():
    entries = [entry(1, "civil-society", "ICMC"), entry(2, "civil-society", "PICUM"),
               entry(3, "government", "Chile")]
    placed = suggest(entries, Tally({}, {}), policy="arrival", limits=Limits(per_category=1))
    assert ids(placed) == [1, 3, 2]
    assert [p.beyond_limit for p in placed] == [False, False, True]
    assert placed[2].reason == "Beyond the limit of 1 per category: Civil society already has 1"


def test_suggest_empty_queue_is_empty():
    assert suggest([], Tally({}, {}), policy="balanced") == []


# --- balanced with speaking-time budgets --------------------------------------------------


def test_suggest_budgets_more_left_first_none_left_last_with_reasons(app_ctx: None) -> None:
    from eventapp.floor.budgets import BudgetLeft

    budgets = {"civil-society": BudgetLeft(360, 130), "government": BudgetLeft(600, 0),
               "migrants-diaspora": BudgetLeft(240, 200)}
    entries = [entry(1, "government", "Mexico"), entry(2, "civil-society", "ICMC"),
               entry(3, "migrants-diaspora", "ADN"), entry(4, "un-system", "IOM")]
    placed = suggest(entries, Tally({}, {}), policy="balanced", budgets=budgets,
                     expected_seconds=180)
    # UN system has no budget (all of it left), migrants 200/240, civil society 130/360;
    # government has no time left: last.
    assert ids(placed) == [4, 3, 2, 1]
    assert [p.reason for p in placed] == [
        "UN system: no speaking-time budget; first intervention for IOM",
        "Migrants & diaspora: 3 min 20 s of 4 min left; first intervention for ADN",
        "Civil society: 2 min 10 s of 6 min left; first intervention for ICMC",
        "Government: no time left of 10 min; first intervention for Mexico"]
    assert not any(p.beyond_limit for p in placed)


def test_suggest_budgets_project_the_speakers_above(app_ctx: None) -> None:
    from eventapp.floor.budgets import BudgetLeft

    budgets = {"civil-society": BudgetLeft(600, 500), "government": BudgetLeft(600, 300)}
    entries = [entry(1, "civil-society", "ICMC"), entry(2, "civil-society", "MADE"),
               entry(3, "government", "Mexico"), entry(4, "civil-society", "PICUM")]
    placed = suggest(entries, Tally({}, {}), policy="balanced", budgets=budgets,
                     expected_seconds=180)
    # ICMC (500 left); then civil society 320 > government 300: MADE; then government 300
    # > civil society 140; then PICUM.
    assert ids(placed) == [1, 2, 3, 4]
    assert placed[1].reason == ("Civil society: 8 min 20 s of 10 min left; 5 min 20 s "
                                "counting the speakers above; first intervention for MADE")
    assert placed[3].reason == ("Civil society: 8 min 20 s of 10 min left; 2 min 20 s "
                                "counting the speakers above; first intervention for PICUM")
    # Counting 300 s each, the third civil society speaker finds none left: after Mexico.
    longer = suggest(entries, Tally({}, {}), policy="balanced", budgets=budgets,
                     expected_seconds=300)
    assert ids(longer) == [1, 3, 2, 4]
    assert longer[3].reason == ("Civil society: 8 min 20 s of 10 min left; none counting the "
                                "speakers above; first intervention for PICUM")


def test_suggest_budgets_over_is_worded_and_ignored_by_other_policies(app_ctx: None) -> None:
    from eventapp.floor.budgets import BudgetLeft

    budgets = {"government": BudgetLeft(300, -45)}
    entries = [entry(1, "government", "Mexico"), entry(2, "civil-society", "ICMC")]
    placed = suggest(entries, Tally({}, {}), policy="balanced", budgets=budgets)
    assert ids(placed) == [2, 1]
    assert placed[1].reason == ("Government: no time left, over by 45 s of 5 min; first "
                                "intervention for Mexico")
    assert ids(suggest(entries, Tally({}, {}), policy="arrival", budgets=budgets)) == [1, 2]
    assert suggest(entries, Tally({}, {}), policy="balanced", budgets={}) == suggest(
        entries, Tally({}, {}), policy="balanced")
