"""Who takes part: stakeholder categories, organizations and persons.

Shared by the programme (speakers), registration (participants) and balance reports,
so it sits one layer below all three.
"""
