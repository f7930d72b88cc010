"""Steps that many browser stories share."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait until the app has answered."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)
