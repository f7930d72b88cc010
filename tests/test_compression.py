from __future__ import annotations

import gzip

import pytest
from flask import Response

from eventapp import compression
from eventapp.demo.synthetic import build_programme

JSON_URL = "/events/ev/schedule.json"
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture()
def programme(factory):
    event = factory.event("ev")
    build_programme(event, sessions=5, slots_per_session=2)
    return event


@pytest.fixture()
def compress_calls(monkeypatch):
    """Counts real compressions (the function still runs)."""
    calls: list[str] = []
    real = compression.compress

    def counting(body: bytes, encoding: str) -> bytes:
        calls.append(encoding)
        return real(body, encoding)

    monkeypatch.setattr(compression, "compress", counting)
    return calls


@pytest.mark.parametrize("url", [JSON_URL, "/events/ev/schedule.xml", "/events/ev/calendar.ics",
                                 "/events/ev/agenda", "/events/"])
def test_gzip_body_decompresses_to_the_identity_body(client, programme, url):
    identity = client.get(url)
    compressed = client.get(url, headers=GZIP)
    assert "Content-Encoding" not in identity.headers
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.data) == identity.data
    assert len(compressed.data) < len(identity.data) / 2
    assert compressed.headers["Content-Length"] == str(len(compressed.data))
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert "Accept-Encoding" in identity.headers["Vary"]


def test_brotli_body_decompresses_to_the_identity_body(client, programme):
    brotli = pytest.importorskip("brotli")
    identity = client.get(JSON_URL)
    compressed = client.get(JSON_URL, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert compressed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(compressed.data) == identity.data
    assert compressed.headers["ETag"] == identity.headers["ETag"][:-1] + '-br"'


def test_etag_is_per_encoding_and_each_gets_its_304(client, programme):
    identity = client.get(JSON_URL)
    compressed = client.get(JSON_URL, headers=GZIP)
    etag = identity.headers["ETag"]
    assert compressed.headers["ETag"] == etag[:-1] + '-gzip"'
    assert compressed.headers["Last-Modified"] == identity.headers["Last-Modified"]

    not_modified = client.get(JSON_URL,
                              headers={**GZIP, "If-None-Match": compressed.headers["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.data == b""
    assert not_modified.headers["ETag"] == compressed.headers["ETag"]
    assert "Accept-Encoding" in not_modified.headers["Vary"]
    # A client holding the identity body is told so, even if it now accepts gzip.
    plain_304 = client.get(JSON_URL, headers={**GZIP, "If-None-Match": etag})
    assert plain_304.status_code == 304
    assert plain_304.headers["ETag"] == etag
    weak_304 = client.get(JSON_URL, headers={**GZIP, "If-None-Match": f'W/{etag[:-1]}-gzip"'})
    assert weak_304.status_code == 304
    assert client.get(JSON_URL, headers={**GZIP, "If-None-Match": '"other-gzip"'}
                      ).status_code == 200


def test_head_has_the_headers_of_the_compressed_get(client, programme):
    get = client.get(JSON_URL, headers=GZIP)
    head = client.head(JSON_URL, headers=GZIP)
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Encoding"] == "gzip"
    assert head.headers["Content-Length"] == str(len(get.data))
    assert head.headers["ETag"] == get.headers["ETag"]


def test_small_body_is_not_compressed(client):
    response = client.get("/healthz", headers=GZIP)
    assert response.data == b"ok"
    assert "Content-Encoding" not in response.headers


def test_client_refusing_gzip_gets_identity(client, programme):
    response = client.get(JSON_URL, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_json()["schedule"]["conference"]["acronym"] == "ev__"


@pytest.mark.parametrize("url", [JSON_URL, "/events/ev/calendar.ics", "/events/ev/agenda"])
def test_cached_body_hit_costs_no_compression(client, programme, compress_calls, url):
    first = client.get(url, headers=GZIP)
    assert compress_calls == ["gzip"]
    second = client.get(url, headers=GZIP)
    assert compress_calls == ["gzip"]
    assert second.data == first.data


def test_uncached_page_is_compressed_on_each_request(client, programme, compress_calls):
    client.get("/events/", headers=GZIP)
    client.get("/events/", headers=GZIP)
    assert compress_calls == ["gzip", "gzip"]


def test_negotiate_prefers_the_client_quality_then_brotli():
    pytest.importorskip("brotli")
    assert compression.negotiate("gzip, br") == "br"
    assert compression.negotiate("br;q=0.5, gzip") == "gzip"
    assert compression.negotiate("gzip;q=0, br;q=0") is None
    assert compression.negotiate("deflate") is None
    assert compression.negotiate("*") == "br"
    assert compression.negotiate("") is None


def test_streamed_body_is_compressed_as_it_goes(app):
    produced: list[int] = []

    def rows():
        for n in range(2000):
            produced.append(n)
            yield f"{n},row number {n}\r\n"

    with app.test_request_context("/x.csv", headers=GZIP):
        response = compression.compress_response(
            Response(rows(), content_type="text/csv; charset=utf-8"))
        assert produced == []  # nothing was gathered up front
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Content-Length" not in response.headers
        body = b"".join(response.response)
    assert produced == list(range(2000))
    assert gzip.decompress(body).decode() == "".join(f"{n},row number {n}\r\n"
                                                     for n in range(2000))


def test_non_text_response_is_left_alone(app):
    with app.test_request_context("/x.png", headers=GZIP):
        response = compression.compress_response(
            Response(b"\x89PNG" + b"\0" * 2000, content_type="image/png"))
        assert "Content-Encoding" not in response.headers
        assert "Vary" not in response.headers


def test_html_for_signed_in_person_is_not_compressed(participant_client, programme):
    page = participant_client.get("/events/ev/agenda", headers=GZIP)
    export = participant_client.get(JSON_URL, headers=GZIP)
    assert page.status_code == 200
    assert "Content-Encoding" not in page.headers
    assert b"csrf_token" in page.data
    assert export.headers["Content-Encoding"] == "gzip"
