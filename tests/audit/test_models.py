"""Entries are append-only: the app refuses to change or delete one."""

from __future__ import annotations

import pytest

from eventapp.audit.models import AuditEntry, AuditEntryImmutable
from eventapp.extensions import db
from tests.audit.helpers import entries


def test_entry_update_is_refused_and_nothing_changes(factory):
    factory.event()
    entry = entries()[0]
    entry.action = "forged"
    with pytest.raises(AuditEntryImmutable):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).action == "created"


def test_entry_delete_is_refused_and_the_entry_stays(factory):
    factory.event()
    entry = entries()[0]
    db.session.delete(entry)
    with pytest.raises(AuditEntryImmutable):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id) is not None


def test_entry_has_no_route_that_writes(app):
    methods = {method for rule in app.url_map.iter_rules() if "/audit" in rule.rule
               for method in rule.methods}
    assert methods == {"GET", "HEAD", "OPTIONS"}
