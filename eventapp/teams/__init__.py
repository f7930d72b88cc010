"""Event teams: who may do what on which event (owner, organizer, chair, desk, viewer),
and the invitations that bring people into a team."""
