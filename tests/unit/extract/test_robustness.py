"""Hostile and broken input: always an ExtractedArticle with a reason, never a crash or a hang."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.content.extract import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_HTML_CHARS,
    ExtractionStatus,
    extract_article,
)

ARTICLE = (
    "<p>" + "A sentence of plain reporting about the town council and its budget. " * 8 + "</p>"
)


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def _cpu(fn):  # type: ignore[no-untyped-def]
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"", ExtractionStatus.NO_ARTICLE),
        (b"  \n\t ", ExtractionStatus.NO_ARTICLE),
        (b"Just a plain text note.\n\nWith two paragraphs.", ExtractionStatus.NOT_HTML),
        (b'{"json": [1, 2, 3]}', ExtractionStatus.NOT_HTML),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, ExtractionStatus.BINARY),
        (b"<html>\x00\x00<body>\x00</body></html>", ExtractionStatus.BINARY),
        (
            b"<html><head><title>t</title></head><body><article></article></body></html>",
            ExtractionStatus.NO_ARTICLE,
        ),
        (b"<<<<>>>></div></p>", ExtractionStatus.NOT_HTML),
    ],
)
def test_non_articles_have_a_status_and_a_reason(data: bytes, status: ExtractionStatus) -> None:
    article = extract_article(data)
    assert article.status is status
    assert article.reason
    assert article.text == "" and article.html == "" and article.word_count == 0
    assert not article.ok


def test_random_bytes_are_binary() -> None:
    article = extract_article(os.urandom(20_000))
    assert article.status is ExtractionStatus.BINARY


def test_deep_nesting_is_refused_quickly() -> None:
    deep = "<html><body>" + "<div>" * 100_000 + "text" + "</div>" * 100_000 + "</body></html>"
    article, cpu = _cpu(lambda: extract_article(deep))
    assert article.status is ExtractionStatus.TOO_DEEP
    assert str(MAX_DEPTH) in (article.reason or "")
    assert cpu < 5


def test_nesting_within_the_limit_is_extracted() -> None:
    n = MAX_DEPTH - 20
    article = extract_article(_page("<div>" * n + ARTICLE + "</div>" * n))
    assert article.ok and "town council" in article.text


def test_a_20_mb_page_is_refused_quickly() -> None:
    big = _page("<p>word word word and more words here to say today.</p>\n" * 400_000)
    assert len(big) > 20_000_000
    article, cpu = _cpu(lambda: extract_article(big.encode()))
    assert article.status is ExtractionStatus.TOO_LARGE
    assert f"{MAX_HTML_CHARS:,}" in (article.reason or "")
    assert cpu < 5


def test_a_page_big_only_in_scripts_is_extracted() -> None:
    head = "<script>" + "var x = 1;" * 2_500_000 + "</script>"
    article = extract_article(_page(ARTICLE, head))
    assert article.ok and "town council" in article.text


def test_too_many_elements_is_refused() -> None:
    article = extract_article(_page("<span>x</span>" * (MAX_ELEMENTS + 10)))
    assert article.status is ExtractionStatus.TOO_LARGE


def test_declared_latin1_is_decoded() -> None:
    body = "<p>" + "Café crème à la façon de Noël, dit l'élève au maître d'hôtel. " * 10 + "</p>"
    page = _page(body, '<meta charset="iso-8859-1">').encode("latin-1")
    article = extract_article(page)
    assert article.ok and "Café crème" in article.text


def test_broken_utf8_is_replaced_not_fatal() -> None:
    page = _page(ARTICLE).encode().replace(b"budget", b"bud\xff\xfeget", 1)
    article = extract_article(page)
    assert article.ok and "town council" in article.text


def test_undeclared_legacy_encoding_is_guessed() -> None:
    body = "<p>" + "Die Bürgerinnen und Bürger äußerten große Sorge über die Straßenbahn. " * 8
    article = extract_article(_page(body + "</p>").encode("cp1252"))
    assert article.ok and "Bürgerinnen" in article.text


def test_wrong_type_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        extract_article(12345)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_article(data: bytes) -> None:
    assert extract_article(data).status in set(ExtractionStatus)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<table>",
                "<td>",
                "<a href='x'>",
                "</a>",
                "<script>",
                "</script>",
                "<!--",
                "-->",
                "text ",
                "é",
                "<meta charset='bogus'>",
                "<h1>",
                "&amp;",
                "&#0;",
                "\x00",
            ]
        ),
        max_size=300,
    )
)
def test_any_tag_soup_gives_an_article(parts: list[str]) -> None:
    article = extract_article("<html><body>" + "".join(parts))
    assert article.status in set(ExtractionStatus)
    assert (article.text == "") == (article.status is not ExtractionStatus.OK)


def test_threads_do_not_mix_up_depth_verdicts() -> None:
    from concurrent.futures import ThreadPoolExecutor

    deep = "<html><body>" + "<div>" * 2000 + "x" + "</div>" * 2000 + "</body></html>"
    normal = _page(ARTICLE)
    inputs = [deep, normal] * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(extract_article, inputs))
    for data, article in zip(inputs, results, strict=True):
        expected = ExtractionStatus.TOO_DEEP if data is deep else ExtractionStatus.OK
        assert article.status is expected
