"""Lists, search and mark-all-read, as a reader sees them."""

from __future__ import annotations

import re

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None

COMET = "Comet visible tonight over the city"
ORCHARD = "Orchard festival draws record crowds"


def search(page, query: str):
    page.fill("#q", query)
    page.press("#q", "Enter")
    expect(page.locator("main h1")).to_have_text("Search")
    return page.locator("[data-list] a.title")


def test_search_with_operators_and_phrases_shows_the_right_entries(signed_in):
    page = signed_in
    titles = search(page, "comet")  # in one title and in another entry's text
    expect(titles).to_have_count(2)
    assert sorted(titles.all_inner_texts()) == [COMET, ORCHARD]

    expect(search(page, "title:comet")).to_have_text([COMET])
    expect(page.get_by_role("status")).to_have_text("1 result for “title:comet”.")
    expect(search(page, '"night sky"')).to_have_text([COMET])
    expect(search(page, "comet -kite")).to_have_text([COMET])
    expect(search(page, '"sky night"')).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("0 results for “\"sky night\"”.")


def test_search_shows_only_the_readers_own_feeds(signed_in):
    # The Long Reads feed is in the store (another user follows it), not in this reader's.
    expect(search(signed_in, "series")).to_have_count(0)
    expect(signed_in.get_by_role("status")).to_have_text("0 results for “series”.")


def test_mark_all_read_empties_unread_and_all_still_lists_them(signed_in):
    page = signed_in
    count = page.locator('.views a[href="/unread"] .count')
    expect(count).to_have_text("5")
    page.get_by_role("button", name="Mark all read").click()

    expect(page).to_have_url(re.compile(r"/unread$"))
    expect(page.locator("[data-list] .empty")).to_contain_text("Nothing unread.")
    expect(count).to_have_text("0")
    page.goto("/all")
    expect(page.locator("[data-list] [data-entry].read")).to_have_count(5)


def test_read_and_star_buttons_work_without_script(browser, live, reader):
    """Each entry's buttons post the page's one actions form (its CSRF token) to their own
    address; without script the page comes back with the change shown."""
    from .conftest import sign_in

    context = browser.new_context(base_url=live.base, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, reader.name, reader.password)
        first = page.locator("[data-list] [data-entry]").nth(0)
        title = first.locator("a.title").inner_text()
        first.get_by_role("button", name="☆ Star").click()
        expect(page).to_have_url(re.compile(r"/unread$"))
        first = page.locator("[data-list] [data-entry]").nth(0)
        expect(first.locator("button.star")).to_have_text("★ Starred")
        expect(first.locator("button.star")).to_have_attribute("aria-pressed", "true")
        first.get_by_role("button", name="Mark read").click()
        expect(page).to_have_url(re.compile(r"/unread$"))
        expect(page.locator('.views a[href="/unread"] .count')).to_have_text("4")
        expect(page.locator("[data-list] a.title").first).not_to_have_text(title)
        page.goto("/starred")
        expect(page.locator("[data-list] a.title")).to_have_text([title])
        expect(page.locator("[data-list] [data-entry]").nth(0)).to_have_class(
            re.compile(r"\bread\b"))
    finally:
        context.close()
