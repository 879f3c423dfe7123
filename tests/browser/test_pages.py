"""Every page of the reader loads without a console error or a CSP violation, fits a
phone's width, and has readable contrast in the light and the dark scheme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import new_reader

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None

PAGES = ["/unread", "/all", "/starred", "/sources", "/account", "/search?q=comet"]
BEING_BUILT = ["/top", "/picks", "/settings", "/admin"]  # checked when they answer 200


@pytest.fixture
def reader(live):
    """An admin here, so that /admin is on the tour."""
    return new_reader(live, role="admin")


def _tour(page) -> list[str]:
    page.goto("/all")
    article = page.locator("[data-list] a.title").first.get_attribute("href")
    paths = [*PAGES, article]
    paths += [p for p in BEING_BUILT if page.request.get(p, max_redirects=0).status == 200]
    return paths


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_every_page_loads_cleanly_and_fits_the_width(signed_in, problems, width):
    page = signed_in
    page.set_viewport_size({"width": width, "height": 850})
    for path in _tour(page):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        expect(page.locator("main h1").first).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px window"
        assert problems.seen == [], path


def test_the_error_guard_sees_a_csp_violation(signed_in, problems):
    """The check every test relies on: an inline script and an http: image are reported."""
    signed_in.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
        const img = document.createElement("img");
        img.src = "http://127.0.0.1:9/pixel.png";
        document.body.append(img);
    }""")
    expected = ["CSP violation: script-src-elem inline",
                "CSP violation: img-src http://127.0.0.1:9/pixel.png"]
    signed_in.wait_for_timeout(100)
    for _ in range(50):  # the reports arrive asynchronously
        if all(any(e in p for p in problems.seen) for e in expected):
            break
        signed_in.wait_for_timeout(100)
    assert all(any(e in p for p in problems.seen) for e in expected), problems.seen
    assert signed_in.evaluate("window.injected") is None
    problems.clear()


CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa_in_both_schemes(signed_in, scheme):
    """Every piece of text, read and selected entries and the open menu and help included,
    is at least 4.5:1 against its background (3:1 when large)."""
    page = signed_in
    page.emulate_media(color_scheme=scheme)
    page.keyboard.press("j")
    page.keyboard.press("m")  # a read entry, then the next one selected
    expect(page.locator("[data-list] [data-entry]").first).to_have_class(re.compile(r"\bread\b"))
    page.keyboard.press("j")
    failures = {"/unread": page.evaluate(CONTRAST)}
    page.locator(".menu summary").click()
    failures["/unread (menu)"] = page.evaluate(CONTRAST)
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    failures["/unread (help)"] = page.evaluate(CONTRAST)
    for path in _tour(page):
        page.goto(path)
        failures[path] = page.evaluate(CONTRAST)
    page.goto("/all")
    page.locator(".menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    failures["/signin"] = page.evaluate(CONTRAST)
    assert {path: found for path, found in failures.items() if found} == {}
