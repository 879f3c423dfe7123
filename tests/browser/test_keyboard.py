"""The keyboard shortcuts of static/reader.js, pressed in a real browser."""

from __future__ import annotations

import re

from tests.browser.support import TOWN_CRIER

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None

NEWEST_FIRST = [title for title, _ in reversed(TOWN_CRIER)]
SELECTED = re.compile(r"\bselected\b")
READ = re.compile(r"\bread\b")


def entries(page):
    return page.locator("[data-list] [data-entry]")


def test_j_and_k_move_the_selection_o_opens_and_j_goes_to_the_next_article(signed_in):
    page = signed_in
    rows = entries(page)
    expect(rows).to_have_count(5)
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(SELECTED)
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(SELECTED)
    expect(rows.nth(0)).not_to_have_class(SELECTED)
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(SELECTED)
    expect(page.locator("[data-list] .selected")).to_have_count(1)

    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(r"/entries/\d+\?show=unread"))
    expect(page.locator("article h1")).to_have_text(NEWEST_FIRST[1])
    page.keyboard.press("j")
    expect(page.locator("article h1")).to_have_text(NEWEST_FIRST[2])
    page.keyboard.press("k")
    expect(page.locator("article h1")).to_have_text(NEWEST_FIRST[1])


def test_v_opens_the_original_of_the_selected_entry_in_a_new_tab(signed_in, live):
    page = signed_in
    page.keyboard.press("j")
    with page.context.expect_page() as opened:
        page.keyboard.press("v")
    original = opened.value
    original.wait_for_load_state()
    assert original.url == f"{live.site}/news/4.html"  # the newest entry's link
    expect(original.locator("h1")).to_have_text("/news/4.html")
    original.close()
    expect(entries(page).nth(0)).to_have_class(SELECTED)


def test_m_toggles_read_and_the_unread_count_follows(signed_in):
    page = signed_in
    count = page.locator('.views a[href="/unread"] .count')
    expect(count).to_have_text("5")
    page.keyboard.press("j")
    first = entries(page).nth(0)
    page.keyboard.press("m")
    expect(first).to_have_class(READ)
    expect(first.locator('button[data-shortcut="m"]')).to_have_text("Mark unread")
    page.reload()
    expect(count).to_have_text("4")
    expect(entries(page).locator("a.title")).to_have_text(NEWEST_FIRST[1:])

    page.keyboard.press("g")
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(r"/all$"))
    page.keyboard.press("j")
    first = entries(page).nth(0)
    expect(first).to_have_class(READ)
    page.keyboard.press("m")
    expect(first).not_to_have_class(READ)
    page.reload()
    expect(count).to_have_text("5")


def test_m_and_s_on_an_open_article(signed_in):
    page = signed_in
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page.locator("article h1")).to_have_text(NEWEST_FIRST[0])
    actions = page.locator("article .actions")
    expect(actions.get_by_role("button", name="Mark unread")).to_be_visible()  # opening read it
    page.keyboard.press("m")
    expect(actions.get_by_role("button", name="Mark read")).to_be_visible()
    page.keyboard.press("s")
    expect(actions.locator("button.star")).to_have_text("★ Starred")
    page.goto("/starred")
    expect(entries(page).locator("a.title")).to_have_text([NEWEST_FIRST[0]])
    page.goto("/unread")
    expect(entries(page)).to_have_count(5)


def test_s_stars_the_selected_entry_and_the_starred_view_lists_it(signed_in):
    page = signed_in
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = entries(page).nth(1)
    page.keyboard.press("s")
    expect(second.locator("button.star")).to_have_text("★ Starred")
    expect(second.locator("button.star")).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("g")
    page.keyboard.press("s")
    expect(page).to_have_url(re.compile(r"/starred$"))
    expect(page.locator("main h1")).to_have_text("Starred")
    expect(entries(page).locator("a.title")).to_have_text([NEWEST_FIRST[1]])
    expect(entries(page).locator(".starred")).to_have_count(1)


def test_slash_focuses_search_without_typing_the_slash(signed_in):
    page = signed_in
    search = page.locator("#q")
    page.keyboard.press("/")
    expect(search).to_be_focused()
    expect(search).to_have_value("")
    page.keyboard.type("title:harbour")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=title%3Aharbour$"))
    expect(page.locator("[data-list] a.title")).to_have_text([NEWEST_FIRST[1]])
    page.keyboard.press("Escape")  # leaves the field; shortcuts work again
    expect(search).not_to_be_focused()
    page.keyboard.press("j")
    expect(entries(page).nth(0)).to_have_class(SELECTED)


def test_g_then_a_letter_goes_to_each_view(signed_in):
    page = signed_in
    views = [("a", "/all", "All"), ("s", "/starred", "Starred"), ("f", "/sources", "Sources"),
             ("c", "/account", "Account"), ("u", "/unread", "Unread")]
    for letter, path, heading in views:
        page.keyboard.press("g")
        page.keyboard.press(letter)
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.locator("main h1")).to_have_text(heading)


def test_question_mark_shows_the_shortcuts_and_escape_closes_them(signed_in):
    page = signed_in
    help_ = page.locator("dialog#help")
    expect(help_).to_be_hidden()
    page.keyboard.press("?")
    expect(help_).to_be_visible()
    expect(help_).to_contain_text("Next / previous entry")
    expect(help_).to_contain_text("Go to Starred")
    page.keyboard.press("j")  # shortcuts wait while the list is open
    expect(page.locator("[data-list] .selected")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(help_).to_be_hidden()
    page.keyboard.press("j")
    expect(entries(page).nth(0)).to_have_class(SELECTED)


def test_n_shows_older_entries_when_a_list_is_longer_than_a_page(signed_in, reader, live):
    from tidings.store.subscriptions import subscribe
    from tidings.store.users import get_user

    page = signed_in
    with live.db.transaction() as conn:
        subscribe(conn, get_user(conn, reader.name).id, live.long_feed)
    page.goto(f"/feeds/{live.long_feed}?show=all")
    titles = entries(page).locator("a.title")
    expect(titles).to_have_count(50)
    expect(titles.first).to_have_text("Long read 54")
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"before="))
    expect(titles).to_have_text([f"Long read {i}" for i in range(4, -1, -1)])
    expect(page.locator('a[data-shortcut="n"]')).to_have_count(0)
    page.keyboard.press("j")
    expect(entries(page).nth(0)).to_have_class(SELECTED)
