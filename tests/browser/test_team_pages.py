"""Settings and Admin in a real browser: the chosen theme and density apply, entries are
marked read as they scroll past the top (the script, under the CSP), and an invitation
link made on the Admin page signs a new person in."""

from __future__ import annotations

import re
import uuid

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None

from tests.browser.conftest import CHEAP, sign_in


def test_settings_apply_theme_density_and_mark_read_on_scroll(signed_in, browser, live):
    page = signed_in
    page.goto("/settings")
    page.get_by_label("Dark", exact=True).check()
    page.get_by_label("Compact: more entries on the screen").check()
    page.get_by_label("Mark entries read as they scroll past the top of a list").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 23, 26)"

    page.set_viewport_size({"width": 1280, "height": 260})
    page.goto("/unread")
    expect(page.locator("body")).to_have_class(re.compile("density-compact"))
    first = page.locator("[data-list] [data-entry]").first
    expect(first).not_to_have_class(re.compile(r"\bread\b"))
    page.mouse.wheel(0, 2000)
    expect(first).to_have_class(re.compile(r"\bread\b"))
    expect(first.locator('button[data-shortcut="m"]')).to_have_text("Mark unread")
    page.goto("/unread")  # stored: the entry is no longer unread
    expect(page.locator("[data-list] [data-entry]")).not_to_have_count(5)


def test_an_invitation_link_from_the_admin_page_signs_a_new_person_in(page, browser, live):
    from tidings.store.users import create_user

    name, password = f"boss-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with live.db.transaction() as conn:  # type: ignore[attr-defined]
        create_user(conn, name, role="admin", password_hash=CHEAP.hash(password))
    sign_in(page, name, password)
    page.goto("/admin")
    page.get_by_label("Role", exact=True).select_option("editor")
    page.get_by_label("Note").fill("for Noor")
    page.get_by_role("button", name="Create a link").click()
    link = page.locator(".notice code.secret").inner_text()
    assert "/join/" in link

    newcomer = browser.new_context(base_url=live.base).new_page()
    newcomer.goto(link)
    newcomer.get_by_label("Name").fill(f"noor-{uuid.uuid4().hex[:6]}")
    newcomer.get_by_label("Password", exact=True).fill("noor's long password")
    newcomer.get_by_label("Password again").fill("noor's long password")
    newcomer.get_by_role("button", name="Create my account").click()
    newcomer.wait_for_url("**/unread")
    assert newcomer.evaluate("fetch('/api/v1/me').then(r => r.json()).then(j => j.role)") == "editor"
    newcomer.goto(link)
    expect(newcomer.get_by_role("alert")).to_contain_text("used already")
    newcomer.context.close()
