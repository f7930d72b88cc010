from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.people.models import Organization, Person
from eventapp.programme.csv_import import (
    ImportFileError,
    ImportRejected,
    apply,
    decode_upload,
    import_programme,
    parse_programme,
    template_csv,
    validate,
)
from eventapp.programme.models import Room, Session, SpeakingSlot
from tests.factories import utc
from tests.programme.csv_rows import break_row, bulk_csv, csv_text, row


@pytest.fixture()
def event(factory):
    factory.categories()
    return factory.event("idm")


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Session, SpeakingSlot, Room, Organization, Person)
    }


def messages(text: str, event) -> list[str]:
    return [str(issue) for issue in validate(event, parse_programme(text)).issues]


def test_import_creates_sessions_slots_rooms_organizations_and_persons(event):
    text = csv_text([
        row(role="Moderator", name="Karim Haddad", organization="UN Example", country="",
            category="un-system", governance_level="Global", gender=""),
        row(),
        break_row(),
    ])
    result = import_programme(event, text)
    db.session.commit()

    assert result.ok
    assert result.plan.issues == []
    assert result.summary.lines() == [
        "Sessions: 2 new, 0 updated, 0 unchanged.",
        "Speaking slots: 2 new, 0 updated.",
        "New rooms: 1; new organizations: 2; new persons: 2.",
    ]
    panel, pause = db.session.scalars(select(Session).order_by(Session.starts_at)).all()
    assert (panel.title, panel.kind, panel.room.name) == ("Panel A", "panel", "Room 1")
    assert (panel.starts_at, panel.ends_at) == (utc(2018, 3, 26, 14, 0), utc(2018, 3, 26, 15, 0))
    assert [(s.person.full_name, s.role, s.position, s.planned_minutes) for s in panel.slots] == [
        ("Karim Haddad", "moderator", 0, 10), ("Ana Pérez", "panelist", 1, 10)]
    ana = panel.slots[1].person
    assert (ana.honorific, ana.job_title, ana.gender) == ("Ms", "Mayor", "woman")
    assert (ana.organization.name, ana.organization.country,
            ana.organization.governance_level, ana.organization.category.key) == (
        "City of Example", "MX", "local", "local-authorities")
    assert panel.slots[0].person.gender is None
    assert (pause.kind, pause.room, pause.slots) == ("break", None, [])


def test_import_same_file_twice_duplicates_nothing(event):
    text = csv_text([row(), row(name="Li Wei", category="Academia", organization="Uni",
                                country="SG"), break_row()])
    import_programme(event, text)
    db.session.commit()
    before = counts()

    again = import_programme(event, text)
    db.session.commit()

    assert counts() == before == {"Session": 2, "SpeakingSlot": 2, "Room": 1,
                                  "Organization": 2, "Person": 2}
    assert again.summary.lines() == [
        "Sessions: 0 new, 0 updated, 2 unchanged.",
        "Speaking slots: 0 new, 0 updated.",
        "New rooms: 0; new organizations: 0; new persons: 0.",
    ]


def test_import_makes_speakers_invited_registrations_once(event):
    from eventapp.registration.models import Registration

    text = csv_text([row(), row(name="Li Wei", category="Academia", organization="Uni",
                                country="SG"), break_row()])
    import_programme(event, text)
    db.session.commit()
    import_programme(event, text)
    db.session.commit()
    registrations = db.session.execute(
        select(Person.last_name, Registration.status, Registration.is_invited_speaker)
        .join(Registration, Registration.person_id == Person.id)
        .where(Registration.event_id == event.id).order_by(Person.last_name)
    ).all()
    assert [tuple(r) for r in registrations] == [
        ("Pérez", "approved", True),
        ("Wei", "approved", True),
    ]


def test_reimport_updates_planned_minutes_and_order(event):
    first = row(name="Ana Pérez", planned_minutes="10")
    second = row(name="Li Wei", planned_minutes="5")
    import_programme(event, csv_text([first, second]))
    db.session.commit()

    result = import_programme(
        event, csv_text([{**second, "planned_minutes": "20"}, first]))
    db.session.commit()

    assert result.summary.sessions_updated == 1
    assert result.summary.slots_updated == 2
    session = db.session.scalars(select(Session)).one()
    db.session.refresh(session)
    assert [(s.person.full_name, s.position, s.planned_minutes) for s in session.slots] == [
        ("Li Wei", 0, 20), ("Ana Pérez", 1, 10)]
    assert counts()["SpeakingSlot"] == 2


def test_import_matches_existing_organization_and_person_ignoring_case(event, factory):
    org = factory.organization("City of Example", category="local-authorities", country="MX")
    person = factory.person("Ana Pérez", organization=org)
    result = import_programme(event, csv_text([row(organization="CITY OF EXAMPLE",
                                                   country="mx")]))
    db.session.commit()
    assert (result.summary.organizations_created, result.summary.persons_created) == (0, 0)
    assert db.session.scalars(select(SpeakingSlot)).one().person_id == person.id


def test_kinds_and_roles_are_accepted_by_key_or_label_in_any_case(event):
    text = csv_text([
        row(kind="setting the scene", role="KEYNOTE SPEAKER"),
        row(kind="Setting-The-Scene", role="chair", name="Li Wei"),
        row(session="Debate", start="11:00", end="12:00", kind="Interactive dialogue",
            role="Intervention from the floor"),
        row(session="Debate", start="11:00", end="12:00", kind="interactive-dialogue",
            role="floor", name="Li Wei"),
    ])
    result = import_programme(event, text)
    assert result.ok, result.plan.issues
    rows = db.session.execute(
        select(Session.kind, SpeakingSlot.role).join(SpeakingSlot.session)
        .order_by(Session.starts_at, SpeakingSlot.position)).all()
    assert rows == [("setting-the-scene", "keynote"), ("setting-the-scene", "chair"),
                    ("interactive-dialogue", "floor"), ("interactive-dialogue", "floor")]


def test_parse_with_bom_keeps_line_numbers(event):
    text = "\ufeff" + csv_text([row(), row(date="26/03/2018")])
    assert messages(text, event) == [
        "Line 3 (error): Date “26/03/2018” is not a date in the form YYYY-MM-DD."]
    assert decode_upload(text.encode("utf-8")).startswith("date,")


def test_parse_without_bom_keeps_line_numbers(event):
    text = csv_text([row(), row(date="26/03/2018")])
    assert messages(text, event) == [
        "Line 3 (error): Date “26/03/2018” is not a date in the form YYYY-MM-DD."]


def test_parse_semicolon_separated_file(event):
    text = csv_text([row(job_title="Mayor, City of Example")], delimiter=";")
    parsed = parse_programme(text)
    assert parsed.delimiter == ";"
    assert parsed.rows[0].get("job_title") == "Mayor, City of Example"
    assert import_programme(event, text).summary.slots_created == 1


def test_missing_required_columns_are_named(event):
    columns = ("session", "start", "name")
    assert messages(csv_text([row()], columns=columns), event) == [
        "Line 1 (error): Required column missing: date, end."]


def test_file_that_is_not_a_programme_is_rejected(event):
    assert messages("a,b,c\n1,2,3\n", event) == [
        "Line 1 (error): This does not look like a programme file: the first line must name "
        "the columns (date, start, end, session, kind, room, role, name, honorific, "
        "job_title, organization, category, country, governance_level, gender, "
        "planned_minutes, actual_minutes, session_fr, session_es). Download the template to "
        "start from."]


def test_missing_required_value_names_the_column(event):
    assert messages(csv_text([row(), row(session="", end="")]), event) == [
        "Line 3 (error): Missing value in column end, session."]


@pytest.mark.parametrize(("values", "message"), [
    ({"date": "2018-02-30"}, "Date “2018-02-30” is not a date in the form YYYY-MM-DD."),
    ({"start": "9h"}, "The start time “9h” is not a time in the form HH:MM."),
    ({"end": "25:00"}, "The end time “25:00” is not a time in the form HH:MM."),
    ({"date": "2018-03-28"}, "The session falls outside the event's dates (26 March 2018 to "
                             "27 March 2018, America/New_York time)."),
    ({"end": "10:00"}, "The session must end after it starts."),
    ({"kind": "Workshop"}, "Unknown session kind “Workshop”. Use one of: Opening, Setting the "
                           "scene, Keynote, Panel, Interactive dialogue, Breakout, Side event, "
                           "Break, Closing."),
    ({"role": "Speaker"}, "Unknown role “Speaker”. Use one of: Chair, Moderator, Keynote "
                          "speaker, Panelist, Respondent, Rapporteur, Intervention from the "
                          "floor."),
    ({"category": "Media"}, "Unknown stakeholder category “Media”. Add it under the categories "
                            "first, or use one of: academia, civil-society, government, "
                            "local-authorities, migrants-diaspora, private-sector, un-system."),
    ({"governance_level": "city"}, "Unknown governance level “city”. Use one of: Local, "
                                   "National, Regional, Global."),
    ({"country": "MEX"}, "Country “MEX” must be a two-letter ISO 3166 code, such as US or CH."),
    ({"planned_minutes": "-5"}, "Planned minutes “-5” must be a whole number of minutes, 0 or "
                                "more."),
    ({"planned_minutes": "7.5"}, "Planned minutes “7.5” must be a whole number of minutes, 0 "
                                 "or more."),
    ({"planned_minutes": "\u00b2"}, "Planned minutes “\u00b2” must be a whole number of "
                                    "minutes, 0 or more."),
    ({"planned_minutes": "1441"}, "Planned minutes “1441” is more than a day: give at most "
                                  "1440."),
    ({"planned_minutes": str(10**20)}, f"Planned minutes “{10**20}” is more than a day: give "
                                       "at most 1440."),
    ({"gender": "female-ish"}, "Unknown gender “female-ish”. Leave it empty or use woman, man, "
                               "non-binary, self-described or prefer-not."),
    ({"category": "", "organization": "New Org"},
     "Give the category of the new organization “New Org”."),
])
def test_row_error_is_reported_with_its_line_and_nothing_is_written(event, values, message):
    before = counts()
    text = csv_text([row(name="Li Wei", start="08:00", end="09:00", session="First"),
                     row(**values)])
    result = import_programme(event, text)
    db.session.commit()
    assert [str(i) for i in result.plan.issues] == [f"Line 3 (error): {message}"]
    assert result.summary is None
    assert counts() == before


def test_local_time_in_the_dst_gap_is_rejected(factory):
    factory.categories()
    event = factory.event("march", start=date(2018, 3, 10), end=date(2018, 3, 12))
    text = csv_text([row(date="2018-03-11", start="02:30", end="04:00")])
    assert messages(text, event) == [
        "Line 2 (error): The start time 02:30 does not exist on 2018-03-11 in "
        "America/New_York: the clocks go forward then."]


@pytest.mark.parametrize(("values", "message"), [
    ({"end": "11:30"}, "The end time 11:30 differs from 11:00 given for session “Panel A” "
                       "(line 2)."),
    ({"room": "Room 2"}, "The room “Room 2” differs from “Room 1” given for session "
                         "“Panel A” (line 2)."),
    ({"kind": "Keynote"}, "The kind differs from the one given for session “Panel A” "
                          "(line 2)."),
])
def test_rows_of_one_session_must_agree(event, values, message):
    text = csv_text([row(), row(name="Li Wei", **values)])
    assert messages(text, event) == [f"Line 3 (error): {message}"]


def test_same_person_and_role_twice_in_a_session_is_rejected(event):
    assert messages(csv_text([row(), row()]), event) == [
        "Line 3 (error): Ana Pérez is already listed with this role in “Panel A” (line 2)."]


def test_room_clash_within_the_file(event):
    text = csv_text([row(), row(session="Panel B", start="10:30", end="11:30",
                                name="Li Wei")])
    assert messages(text, event) == [
        "Line 3 (error): Room 1 is already booked for “Panel A” (26 Mar 10:00–11:00 EDT)."]


def test_room_clash_with_a_session_in_the_database(event, factory):
    room = factory.room(event, "Room 1")
    factory.session(event, title="Side meeting", start=time(10, 30), room=room)
    before = counts()
    result = import_programme(event, csv_text([row(room="ROOM 1")]))
    assert [str(i) for i in result.plan.issues] == [
        "Line 2 (error): ROOM 1 is already booked for “Side meeting” "
        "(26 Mar 10:30–11:30 EDT)."]
    assert counts() == before


def test_person_clash_within_the_file(event):
    text = csv_text([row(), row(session="Panel B", start="10:30", end="11:30",
                                room="Room 2")])
    assert messages(text, event) == [
        "Line 3 (error): Ana Pérez already speaks in “Panel A” at an overlapping time "
        "(26 Mar 10:00–11:00 EDT)."]


def test_person_clash_with_a_session_in_the_database(event, factory):
    org = factory.organization("City of Example", category="local-authorities", country="MX")
    ana = factory.person("Ana Pérez", organization=org)
    factory.slot(factory.session(event, title="Earlier panel", start=time(9, 30)), ana)
    assert messages(csv_text([row()]), event) == [
        "Line 2 (error): Ana Pérez already speaks in “Earlier panel” at an overlapping time "
        "(26 Mar 09:30–10:30 EDT)."]


def test_planned_minutes_beyond_the_session_warn_but_import(event):
    text = csv_text([row(planned_minutes="40"), row(name="Li Wei", planned_minutes="30")])
    result = import_programme(event, text)
    assert [str(i) for i in result.plan.issues] == [
        "Line 2 (warning): “Panel A”: Speakers are planned for 70 minutes but the session "
        "lasts 60 minutes."]
    assert result.summary.slots_created == 2


def test_one_bad_row_among_many_writes_nothing(event):
    rows = [row(session=f"S{i}", start=f"{8 + i:02d}:00", end=f"{8 + i:02d}:30",
                name=f"Person N{i}") for i in range(10)]
    rows.append(row(session="Late", start="20:00", end="21:00", category="Nope"))
    before = counts()
    result = import_programme(event, csv_text(rows))
    db.session.commit()
    assert [i.line for i in result.plan.errors] == [12]
    assert counts() == before


def test_apply_refuses_an_invalid_plan(event):
    plan = validate(event, parse_programme(csv_text([row(date="x")])))
    with pytest.raises(ImportRejected):
        apply(event, plan)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"  \n", "The file is empty."),
    ("date,start\n2018-03-26,café".encode("latin-1"),
     "The file is not UTF-8 text. Save the spreadsheet as “CSV UTF-8 (comma delimited)” "
     "and upload it again."),
    (b"PK\x03\x04\x00\x00binary",
     "This is not a CSV file. Save the spreadsheet as “CSV UTF-8 (comma delimited)” and "
     "upload that file."),
    (b"date,start\n" + b"x" * 5000 + b"\n2018-03-26,Zo\x00e\n",
     "Line 3 contains a NUL character, an invisible control character that cannot be saved. "
     "Remove it and upload the file again."),
])
def test_decode_upload_explains_unreadable_files(data, message):
    with pytest.raises(ImportFileError) as excinfo:
        decode_upload(data)
    assert str(excinfo.value) == message


def test_template_imports_cleanly(event):
    assert template_csv(event).splitlines()[0] == (
        "date,start,end,session,kind,room,role,name,honorific,job_title,organization,"
        "category,country,governance_level,gender,planned_minutes,actual_minutes,session_fr,"
        "session_es")
    result = import_programme(event, template_csv(event))
    assert result.ok and result.plan.issues == []
    assert result.summary.sessions_created == 3
    titles = db.session.execute(select(Session.title_fr, Session.title_es)
                                .order_by(Session.starts_at)).all()
    assert [tuple(t) for t in titles] == [
        ("Partenariats à tous les niveaux de gouvernance",
         "Alianzas en todos los niveles de gobernanza"),
        ("Pause café", "Pausa para el café"), ("Clôture", "Clausura")]


def test_template_uses_the_events_dates_room_and_first_offered_category(factory):
    from eventapp.people.categories import retire_category, set_offered_categories

    factory.categories()
    retire_category(factory.category("government"))
    event = factory.event("geneva", timezone="Europe/Zurich", start=date(2019, 10, 14),
                          end=date(2019, 10, 15), country="CH")
    factory.room(event, "Salle XIX")
    factory.room(event, "Salle XX")
    set_offered_categories(event.id, [factory.category("academia").id,
                                      factory.category("civil-society").id])
    db.session.commit()

    assert template_csv(event).splitlines()[1:] == [
        "2019-10-14,10:00,11:30,Partnerships at every level of governance,Panel,Salle XIX,"
        "Panelist,Ana Example,Ms,Director,Example Organization,Civil society,CH,national,,10,,"
        "Partenariats à tous les niveaux de gouvernance,"
        "Alianzas en todos los niveles de gobernanza",
        "2019-10-14,11:30,11:45,Coffee break,Break,,,,,,,,,,,,,Pause café,Pausa para el café",
        "2019-10-15,16:00,17:00,Closing,Closing,Salle XIX,,,,,,,,,,,,Clôture,Clausura",
    ]
    result = import_programme(event, template_csv(event))
    assert result.ok and result.plan.issues == []
    assert result.summary.sessions_created == 3


def test_template_of_a_one_day_event_without_rooms_or_categories_still_imports(factory):
    event = factory.event("one-day", start=date(2020, 2, 3), end=date(2020, 2, 3))

    assert template_csv(event).splitlines()[1:] == [
        "2020-02-03,10:00,11:30,Partnerships at every level of governance,Panel,Main room,"
        "Panelist,Ana Example,Ms,Director,,,,national,,10,,"
        "Partenariats à tous les niveaux de gouvernance,"
        "Alianzas en todos los niveles de gobernanza",
        "2020-02-03,11:30,11:45,Coffee break,Break,,,,,,,,,,,,,Pause café,Pausa para el café",
    ]
    result = import_programme(event, template_csv(event))
    assert result.ok and result.plan.issues == []
    assert result.summary.sessions_created == 2


def _import_queries(event, sessions: int, query_counter) -> int:
    text = bulk_csv(sessions, prefix=event.slug)
    with query_counter() as counter:
        result = import_programme(event, text)
    assert result.ok, result.plan.errors[:3]
    assert result.summary.sessions_created == sessions
    return counter.count


def test_import_issues_the_same_number_of_queries_for_20_and_200_sessions(
        factory, query_counter):
    factory.categories()
    small = factory.event("small")
    large = factory.event("large")
    assert _import_queries(small, 20, query_counter) == _import_queries(
        large, 200, query_counter)
    assert counts()["SpeakingSlot"] == 440
