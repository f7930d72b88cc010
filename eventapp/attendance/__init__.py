"""On the day: badge codes, the check-in desk, attendance per day and its dashboard."""
