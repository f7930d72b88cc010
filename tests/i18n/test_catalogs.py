from babel.messages.mofile import read_mo

from eventapp.i18n import TRANSLATIONS_DIR, catalogs, maintenance


def test_catalogs_have_every_message_of_the_source_translated():
    template = maintenance.extract()
    assert len(template) > 0
    for language in maintenance.translated_languages():
        assert maintenance.problems(language, template) == [], language


def test_catalogs_translations_keep_the_placeholders_of_their_messages():
    # What `pybabel compile` refuses: a translation whose %-placeholders differ from the source.
    for language in maintenance.translated_languages():
        catalog = maintenance.read_catalog(language)
        assert [(message.id, [str(e) for e in errors])
                for message, errors in catalog.check()] == [], language


def test_catalogs_use_the_usual_plural_rules():
    french, spanish = maintenance.read_catalog("fr"), maintenance.read_catalog("es")
    assert (french.num_plurals, french.plural_expr) == (2, "(n > 1)")
    assert (spanish.num_plurals, spanish.plural_expr) == (2, "(n != 1)")


def test_catalogs_compile_to_machine_objects_with_the_translations(tmp_path):
    written = catalogs.compile_all(TRANSLATIONS_DIR, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "es/LC_MESSAGES/messages.mo", "fr/LC_MESSAGES/messages.mo"]
    with (tmp_path / "fr/LC_MESSAGES/messages.mo").open("rb") as handle:
        assert read_mo(handle).get("Language").string == "Langue"
    assert catalogs.compile_all(TRANSLATIONS_DIR, tmp_path) == []
