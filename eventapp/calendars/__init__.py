"""iCalendar feeds and schedule-interchange exports."""
