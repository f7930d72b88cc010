"""Demo data (placeholder until the full programme lands)."""

from __future__ import annotations

DEMO_ORGANIZER_EMAIL = "organizer@demo.eventapp.org"
DEMO_PASSWORD = "idm-2018-demo"  # noqa: S105 - a published demo login, not a secret


def seed_demo() -> bool:
    raise NotImplementedError
