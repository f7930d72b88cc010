from eventapp.i18n.template_check import Finding, untranslated_text


def test_template_check_finds_text_between_tags():
    assert untranslated_text("<p>\n  <strong>Hello</strong> {{ name }}</p>") == [
        Finding(2, "Hello")]


def test_template_check_accepts_translation_calls_and_trans_blocks():
    source = ("<h1>{{ _('Programme') }}</h1>\n"
              "{% trans count=n %}One session{% pluralize %}{{ count }} sessions{% endtrans %}")
    assert untranslated_text(source) == []


def test_template_check_finds_visible_attributes_but_not_others():
    source = ('<nav aria-label="Main" class="site-nav"><a href="{{ url }}" title="Home">'
              '{{ _("Events") }}</a><input placeholder="{{ _(\'Search\') }}" name="query"></nav>')
    assert untranslated_text(source) == [Finding(1, "Main"), Finding(1, "Home")]


def test_template_check_ignores_comments_scripts_and_allowed_words():
    source = ("{# A note for developers #}<!-- layout note --><script src=\"x.js\"></script>"
              "<span>eventapp · CSV</span>")
    assert untranslated_text(source) == []


def test_every_template_has_its_visible_text_in_translation_calls():
    from eventapp.config import PROJECT_ROOT
    from eventapp.i18n.template_check import check_files

    templates = sorted((PROJECT_ROOT / "templates").rglob("*.html"))
    assert len(templates) > 70
    report = check_files(templates)
    assert {str(path.relative_to(PROJECT_ROOT)): findings
            for path, findings in report.items()} == {}
