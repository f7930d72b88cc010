"""Events, rooms, sessions and speaking slots: the programme of a dialogue."""
