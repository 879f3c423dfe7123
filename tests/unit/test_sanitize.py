"""The allowlist sanitiser: known XSS vectors are neutralised, reading markup survives, and it is idempotent."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.content.sanitize import html_to_text, sanitize_html

# Vectors from the OWASP XSS filter evasion cheat sheet, html5sec.org and ammonia/bleach issues.
XSS = [
    "<!--><img src=x onerror=alert(1)>-->",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<BODY ONLOAD=alert('XSS')>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>@import 'http://evil/x.css';</style>",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<title><img src=x onerror=alert(1)></title>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    '<a href="javascript&colon;alert(1)">x</a>',
    '<img src="x" onerror\n=alert(1)>',
    "<<script>alert(1);//<</script>",
    "<template><script>alert(1)</script></template>",
    '<a href="//evil.example/" target="_top">x</a>',
]

_FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "base",
    "meta",
    "link",
    "svg",
    "math",
    "textarea",
    "template",
    "frame",
    "applet",
}
_URL_ATTRS = {
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
}


class _Inspector(HTMLParser):
    """What a browser would see: every tag and attribute of the sanitised output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "target", "formaction"):
                self.bad.append(f"{tag}@{name}")
            if name in _URL_ATTRS and not re.match(
                r"(https?://|mailto:)", (value or "").strip(), re.IGNORECASE
            ):
                self.bad.append(f"{tag}@{name}={value!r}")


def dangers(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.bad


@pytest.mark.parametrize("vector", XSS)
def test_xss_vectors_are_neutralised(vector: str) -> None:
    clean = sanitize_html(vector, base_url="https://site.example/a/")
    assert dangers(clean) == [], clean


def test_the_inspector_sees_danger() -> None:  # the check above must be able to fail
    assert dangers('<a href="javascript:x()">x</a><img src=x onerror=y()><script></script>')


@pytest.mark.parametrize("vector", XSS)
def test_sanitising_twice_changes_nothing(vector: str) -> None:
    once = sanitize_html(vector, base_url="https://site.example/a/")
    assert sanitize_html(once, base_url="https://site.example/a/") == once


def test_reading_markup_survives() -> None:
    html = (
        "<h2>Title</h2><p>Some <em>text</em> and <strong>more</strong>.</p>"
        '<blockquote><p>quoted</p></blockquote><ul><li>one</li></ul><ol start="3"><li>three</li></ol>'
        '<figure><img src="https://img.example/p.png" alt="p"><figcaption>cap</figcaption></figure>'
        "<pre><code>x = 1</code></pre><table><thead><tr><th>h</th></tr></thead>"
        '<tbody><tr><td colspan="2">c</td></tr></tbody></table>'
    )
    assert sanitize_html(html) == html


def test_links_get_rel_and_relative_urls_become_absolute() -> None:
    out = sanitize_html(
        '<a href="../b?x=1">b</a><img src="/i.png">', base_url="https://site.example/a/c/"
    )
    assert out == (
        '<a href="https://site.example/a/b?x=1" rel="noopener noreferrer nofollow">b</a>'
        '<img src="https://site.example/i.png">'
    )


def test_relative_urls_without_a_base_are_dropped_not_kept() -> None:
    assert sanitize_html('<a href="/x">x</a>') == '<a rel="noopener noreferrer nofollow">x</a>'


def test_mailto_is_allowed() -> None:
    assert 'href="mailto:a@b.example"' in sanitize_html('<a href="mailto:a@b.example">m</a>')


def test_script_content_is_removed_with_the_tag_but_other_text_stays() -> None:
    assert sanitize_html("safe<script>alert(1)</script> text<blink>!</blink>") == "safe text!"


def test_html_to_text() -> None:
    assert html_to_text("AT&amp;T <b>rocks</b>  &lt;3\n") == "AT&T rocks <3"
    assert html_to_text("<script>x()</script>Title") == "Title"
    assert html_to_text("plain   text") == "plain text"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' &;abcdehilmnoprstvx:()!-")), max_size=80))
def test_idempotent_on_random_markup(text: str) -> None:
    once = sanitize_html(text, base_url="https://site.example/")
    assert sanitize_html(once, base_url="https://site.example/") == once
    assert dangers(once) == []


def test_each_thread_resolves_against_its_own_base() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def work(i: int) -> bool:
        base = f"https://site{i}.example/dir/"
        html = '<a href="page">x</a>' * 200
        out = sanitize_html(html, base_url=base)
        return out.count(f'href="https://site{i}.example/dir/page"') == 200

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(64)))
