"""Publishing numbered versions: numbering, refusals, concurrency, exact changelogs."""

from __future__ import annotations

import threading
from datetime import time

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.outbox.models import OutboxMessage
from eventapp.programme import schedule_publishing
from eventapp.programme.version_models import ScheduleVersion


def _publish(event, note: str = "", notify: bool = False):
    return schedule_publishing.publish(event.id, note=note, user_id=None, notify=notify)


def test_publish_numbers_versions_from_one_and_keeps_the_note(factory) -> None:
    event = factory.event()
    session = factory.session(event, title="Opening")
    first, changes = _publish(event, note="  First   programme ")
    session.starts_at = session.starts_at.replace(hour=session.starts_at.hour + 1)
    session.ends_at = session.ends_at.replace(hour=session.ends_at.hour + 1)
    db.session.commit()
    second, _ = _publish(event)

    assert (first.number, first.note, [c.added for c in changes]) == (1, "First programme",
                                                                      [True])
    assert second.number == 2
    assert [(v.number, [c.moved_in_time for c in v.changes])
            for v in schedule_publishing.published_versions(event.id)] == [
        (2, [True]), (1, [False])]


def test_publish_without_change_is_refused(factory) -> None:
    event = factory.event()
    factory.session(event)
    _publish(event)

    with pytest.raises(schedule_publishing.NothingToPublish) as refused:
        _publish(event)

    assert str(refused.value) == "Nothing changed since version 1: there is nothing to publish."
    assert db.session.scalars(select(ScheduleVersion.number)).all() == [1]


def test_publish_of_empty_programme_is_refused(factory) -> None:
    event = factory.event()

    with pytest.raises(schedule_publishing.NothingToPublish) as refused:
        _publish(event)

    assert str(refused.value) == "The programme has no sessions to publish yet."


def test_publish_changelog_between_versions_is_exact(factory) -> None:
    event = factory.event()
    hall, annex = factory.room(event, "Hall"), factory.room(event, "Annex")
    ana, ben = factory.person("Ana Lopez"), factory.person("Ben Okafor")
    moved = factory.session(event, title="Moved", start=time(9, 0), room=hall)
    roomed = factory.session(event, title="Roomed", start=time(11, 0), room=hall)
    people = factory.session(event, title="People", start=time(14, 0), room=annex)
    factory.slot(people, ana)
    cancelled = factory.session(event, title="Cancelled", start=time(16, 0), room=annex)
    _publish(event)

    moved.starts_at, moved.ends_at = (moved.starts_at.replace(hour=moved.starts_at.hour + 3),
                                      moved.ends_at.replace(hour=moved.ends_at.hour + 3))
    roomed.room = annex
    cancelled.status = "cancelled"
    db.session.commit()
    factory.slot(people, ben)
    db.session.delete(people.slots[0])
    db.session.commit()
    added = factory.session(event, title="Added", start=time(17, 0))
    _, changes = _publish(event)

    assert [(c.session_id, c.added, c.cancelled, c.moved_in_time, c.room_changed,
             c.old_room.name if c.old_room else None, c.speakers_added, c.speakers_removed)
            for c in changes] == [
        (roomed.id, False, False, False, True, "Hall", (), ()),
        (moved.id, False, False, True, False, None, (), ()),
        (people.id, False, False, False, False, None, ("Ben Okafor",), ("Ana Lopez",)),
        (cancelled.id, False, True, False, False, None, (), ()),
        (added.id, True, False, False, False, None, (), ()),
    ]


def test_publish_concurrent_of_same_programme_publishes_it_once(app_ctx, factory) -> None:
    event = factory.event()
    sessions = [factory.session(event, title=f"S{i}", start=time(8 + i, 0)) for i in range(6)]
    event_id, session_ids = event.id, [s.id for s in sessions]
    barrier = threading.Barrier(len(session_ids))
    errors: list[Exception] = []
    numbers: list[int] = []

    def worker(session_id: int) -> None:
        with app_ctx.app_context():
            try:
                barrier.wait(timeout=60)
                version, _ = schedule_publishing.publish(
                    event_id, note=str(session_id), user_id=None, notify=False)
                numbers.append(version.number)
            except schedule_publishing.NothingToPublish:
                pass  # another publisher already published this state
            except Exception as exc:  # reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in session_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    # The first publisher publishes everything; the others find nothing new.
    assert numbers == [1]
    db.session.expire_all()
    assert db.session.scalars(select(ScheduleVersion.number)
                              .where(ScheduleVersion.event_id == event_id)).all() == [1]


def test_publish_concurrent_after_changes_never_repeats_a_number(app_ctx, factory) -> None:
    event = factory.event()
    event_id = event.id
    barrier = threading.Barrier(5)
    errors: list[Exception] = []
    numbers: list[int] = []
    lock = threading.Lock()

    def worker(hour: int) -> None:
        with app_ctx.app_context():
            try:
                barrier.wait(timeout=60)
                with lock:  # adding the session is not what is under test
                    factory.session(db.session.get(type(event), event_id),
                                    title=f"At {hour}", start=time(hour, 0))
                version, _ = schedule_publishing.publish(
                    event_id, note="", user_id=None, notify=False)
                numbers.append(version.number)
            except schedule_publishing.NothingToPublish:
                pass
            except Exception as exc:  # reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(8 + i,)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(set(numbers)) == len(numbers)
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    db.session.expire_all()
    stored = db.session.scalars(select(ScheduleVersion.number)
                                .where(ScheduleVersion.event_id == event_id)
                                .order_by(ScheduleVersion.number)).all()
    assert stored == sorted(numbers)
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_delete_event_deletes_its_versions(factory) -> None:
    from eventapp.programme.events import delete_event

    event = factory.event()
    factory.session(event)
    _publish(event)

    delete_event(event)
    db.session.commit()

    assert db.session.scalars(select(ScheduleVersion.id)).all() == []
