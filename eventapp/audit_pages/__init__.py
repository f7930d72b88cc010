"""The event's audit trail for organizers: the page with its filters, and its exports."""
