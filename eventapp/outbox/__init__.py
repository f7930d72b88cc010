"""The transactional mail outbox.

A notification is a row written in the same transaction as the change it reports
(``queue_mail``), so a rolled-back change tells nobody and a committed one is never
forgotten. A separate worker (``flask --app eventapp mail-worker``) delivers the rows.
"""
