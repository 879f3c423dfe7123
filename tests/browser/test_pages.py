"""Every page of the reader loads without a console error or a CSP violation, and fits a
phone's width."""

from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None

PAGES = ["/unread", "/all", "/starred", "/sources", "/account", "/search?q=comet"]
BEING_BUILT = ["/top", "/picks", "/settings"]  # checked when they answer 200


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
