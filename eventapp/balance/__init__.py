"""Speaking-balance reports: who gets the floor, and for how long."""
