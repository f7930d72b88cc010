"""The audit trail: who changed what, when, and why, written with the change itself.

An entry is a row of `audit_entries`, inserted in the transaction of the change it records
(by the flush listener of `tracking` for every registered model, or by `record` for a named
action such as an accreditation decision), so a rolled-back change leaves no entry and a
committed one always has its entry. Entries are never updated nor deleted by the app.
"""
