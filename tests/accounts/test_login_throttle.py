"""The throttling rules without HTTP: exact delays, failing accounts per address, unlocking."""

from __future__ import annotations

from sqlalchemy import select

from eventapp.accounts import login_throttle
from eventapp.accounts.login_throttle import ACCOUNT, ADDRESS, Claim, Rules, claim_attempt
from eventapp.accounts.models import LoginThrottle
from eventapp.extensions import db

RULES = Rules(free_failures=3, first_delay=1.0, max_delay=900.0, max_accounts_per_address=20,
              memory=3600.0)


def _rows() -> set[tuple[str, int, int]]:
    db.session.expire_all()
    return {(r.key, r.failures, r.blocked_until_ms)
            for r in db.session.scalars(select(LoginThrottle))}


def test_rules_delay_doubles_from_the_fourth_failure_up_to_fifteen_minutes():
    delays = [RULES.delay_after(n) for n in range(1, 16)]

    assert delays == [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]


def test_claim_attempt_refuses_inside_the_delay_with_the_seconds_left(app_ctx):
    def at(now: float) -> Claim:
        return claim_attempt("a@example.org", "192.0.2.5", RULES, now=now)

    free = [at(1000.0) for _ in range(4)]
    inside = at(1000.5)
    fifth = at(1001.0)
    inside_again = at(1002.9)
    sixth = at(1003.0)

    assert free == [Claim()] * 4
    assert inside == Claim(ACCOUNT, 1)
    assert fifth == Claim()
    assert inside_again == Claim(ACCOUNT, 1)
    assert sixth == Claim()
    # Refused attempts were not counted: six failures, the next one after 4 s.
    assert _rows() == {("account:a@example.org", 6, 1_007_000),
                       ("pair:192.0.2.5|a@example.org", 6, 0),
                       ("address:192.0.2.5", 1, 0)}


def test_claim_attempt_delay_reaches_its_largest_and_stays(app_ctx):
    for i in range(14):
        assert claim_attempt("a@example.org", None, RULES, now=i * 900.0) == Claim()
    now = 13 * 900.0

    assert claim_attempt("a@example.org", None, RULES, now=now + 1) == Claim(ACCOUNT, 899)
    assert claim_attempt("a@example.org", None, RULES, now=now + 900) == Claim()


def test_claim_attempt_forgets_failures_after_an_hour(app_ctx):
    for _ in range(5):
        claim_attempt("a@example.org", "192.0.2.5", RULES, now=0.0)

    later = claim_attempt("a@example.org", "192.0.2.5", RULES, now=3600.001)

    assert later == Claim()
    assert _rows() == {("account:a@example.org", 1, 3_600_001),
                       ("pair:192.0.2.5|a@example.org", 1, 0), ("address:192.0.2.5", 1, 0)}


def test_fifty_people_behind_one_address_with_typos_are_never_refused(app_ctx):
    claims = []
    for i in range(50):
        email = f"delegate{i}@example.org"
        claims += [claim_attempt(email, "203.0.113.9", RULES, now=100.0) for _ in range(3)]
        login_throttle.forget_failures(email, "203.0.113.9")  # the third try was right

    assert claims == [Claim()] * 150
    assert _rows() == {("address:203.0.113.9", 0, 0)}


def test_one_address_trying_many_accounts_stops_at_twenty(app_ctx):
    claims = [claim_attempt(f"someone{i}@example.org", "198.51.100.7", RULES, now=100.0)
              for i in range(25)]
    # An account already failing from the address is counted there already.
    again = claim_attempt("someone0@example.org", "198.51.100.7", RULES, now=100.0)
    elsewhere = claim_attempt("someone24@example.org", "198.51.100.8", RULES, now=100.0)

    assert claims == [Claim()] * 20 + [Claim(ADDRESS, 3600)] * 5
    assert (again, elsewhere) == (Claim(), Claim())


def test_forget_failures_takes_only_this_account_off_its_address(app_ctx):
    for email in ("a@example.org", "b@example.org"):
        claim_attempt(email, "192.0.2.5", RULES, now=10.0)

    login_throttle.forget_failures("a@example.org", "192.0.2.5")

    assert _rows() == {("account:b@example.org", 1, 10_000),
                       ("pair:192.0.2.5|b@example.org", 1, 0), ("address:192.0.2.5", 1, 0)}


def test_claim_attempt_for_an_unlocked_browser_counts_nothing(app_ctx):
    for _ in range(4):
        claim_attempt("a@example.org", "192.0.2.5", RULES, now=10.0)

    unlocked = claim_attempt("a@example.org", "192.0.2.5", RULES, unlocked=True, now=10.0)

    assert unlocked == Claim()
    assert ("account:a@example.org", 4, 11_000) in _rows()


def test_use_unlock_works_once_and_clears_the_delay(app_ctx):
    for _ in range(4):
        claim_attempt("a@example.org", None, RULES, now=0.0)

    locked = claim_attempt("a@example.org", None, RULES, now=0.5)
    first = login_throttle.use_unlock("nonce-1", "a@example.org", now=0.5)
    second = login_throttle.use_unlock("nonce-1", "a@example.org", now=0.6)

    assert locked == Claim(ACCOUNT, 1)
    assert (first, second) == (True, False)
    assert claim_attempt("a@example.org", None, RULES, now=0.6) == Claim()


def test_claim_attempt_free_attempts_are_not_refused_when_two_arrive_out_of_order(app_ctx):
    # Two tabs logging in to one account at once: the second may read a clock a
    # millisecond behind the first's; a free attempt is still never refused.
    rules = Rules()
    first = claim_attempt("pat@example.org", "10.0.0.1", rules, now=1000.002)
    second = claim_attempt("pat@example.org", "10.0.0.1", rules, now=1000.001)
    assert (first, second) == (Claim(), Claim())
    assert db.session.scalar(select(LoginThrottle.failures).where(
        LoginThrottle.key == login_throttle.account_key("pat@example.org"))) == 2
