"""Plain text to safe HTML: paragraphs, line breaks, lists, links, and nothing else."""

from __future__ import annotations

from markupsafe import Markup

from eventapp.text_format import plain_text_html


def test_plain_text_paragraphs_and_line_breaks():
    text = "Welcome to the dialogue.\nTwo days in New York.\r\n\r\n\nSecond paragraph."
    assert plain_text_html(text) == (
        "<p>Welcome to the dialogue.<br>\nTwo days in New York.</p>\n<p>Second paragraph.</p>"
    )


def test_plain_text_bullets_and_numbered_lists_beside_paragraphs():
    text = "Themes:\n- Inclusion\n* Mobility & climate\n\n1. Register\n2) Come\nThanks"
    assert plain_text_html(text) == (
        "<p>Themes:</p>\n<ul><li>Inclusion</li><li>Mobility &amp; climate</li></ul>\n"
        "<ol><li>Register</li><li>Come</li></ol>\n<p>Thanks</p>"
    )


def test_plain_text_escapes_script_tags_and_attributes():
    text = '<script>alert(1)</script>\n- <img src=x onerror="alert(2)">'
    html = plain_text_html(text)
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        "<ul><li>&lt;img src=x onerror=&#34;alert(2)&#34;&gt;</li></ul>"
    )
    assert isinstance(html, Markup)


def test_plain_text_links_only_http_addresses():
    text = ("See https://www.iom.int/idm?a=1&b=2. Not javascript:alert(1) "
            'nor <a href="javascript:alert(1)">x</a>')
    assert plain_text_html(text) == (
        '<p>See <a href="https://www.iom.int/idm?a=1&amp;b=2" rel="nofollow noopener">'
        "https://www.iom.int/idm?a=1&amp;b=2</a>. Not javascript:alert(1) nor "
        "&lt;a href=&#34;javascript:alert(1)&#34;&gt;x&lt;/a&gt;</p>"
    )


def test_plain_text_address_cannot_break_out_of_the_attribute():
    assert plain_text_html('http://x.org/"onmouseover=alert(1)') == (
        '<p><a href="http://x.org/" rel="nofollow noopener">http://x.org/</a>'
        "&#34;onmouseover=alert(1)</p>"
    )


def test_plain_text_empty_and_none_give_nothing():
    assert plain_text_html("") == ""
    assert plain_text_html(None) == ""
    assert plain_text_html("\n\n  \n") == ""
