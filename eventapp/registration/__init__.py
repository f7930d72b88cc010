"""Participant registration, accreditation, capacity and the waiting list."""
