"""The floor: lists of speakers, the chair console, the clock and the public screen."""
