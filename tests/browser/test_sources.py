"""Adding a source by address on /sources."""

from __future__ import annotations

import re

from tests.browser.support import GAZETTE

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None


def test_adding_a_site_finds_its_feed_and_shows_the_entries(signed_in, live):
    page = signed_in
    page.goto("/sources")
    page.fill("#add-url", f"{live.site}/gazette/")  # a page with <link rel="alternate">
    page.get_by_role("button", name="Add and fetch").click()

    expect(page).to_have_url(re.compile(r"/feeds/\d+\?show=all$"))
    expect(page.locator("main h1")).to_have_text("Riverside Gazette")
    newest_first = [title for title, _ in reversed(GAZETTE)]
    expect(page.locator("[data-list] a.title")).to_have_text(newest_first)
    expect(page.locator(".sidebar")).to_contain_text("Riverside Gazette")

    page.goto("/sources")
    item = page.locator(".source-item", has_text="Riverside Gazette")
    expect(item).to_contain_text("3 entries")
    expect(item.locator(".url")).to_have_text(f"{live.site}/gazette/feed.xml")
    expect(page.get_by_role("heading", name="Following 2")).to_be_visible()
