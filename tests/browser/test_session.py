"""Signing in and out in a real browser."""

from __future__ import annotations

import re

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail, with CI=true) and say why
    expect = None


def test_sign_in_with_the_password_tidings_user_add_printed(page, live):
    page.goto("/unread")
    expect(page).to_have_url(re.compile(r"/signin\?next=%2Funread$"))
    page.fill("#username", "alice")
    page.fill("#password", live.alice_password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/unread$"))
    expect(page.locator(".menu summary")).to_have_text("alice")
    expect(page.locator("main h1")).to_have_text("Unread")
    expect(page.locator("[data-list] [data-entry]")).to_have_count(5)
    expect(page.locator(".sidebar")).to_contain_text("Town Crier")


def test_a_wrong_password_is_refused_with_a_message(page, reader, problems):
    page.goto("/signin")
    page.fill("#username", reader.name)
    page.fill("#password", "not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("main")).to_contain_text("That name and password do not match an account.")
    expect(page).to_have_url(re.compile(r"/signin$"))
    expect(page.locator("#username")).to_have_value(reader.name)
    # Chromium logs the 401 of the answer itself; nothing else may be logged.
    assert all("status of 401" in p for p in problems.seen), problems.seen
    problems.clear()


def test_sign_out_lands_on_sign_in_and_pages_need_signing_in_again(signed_in):
    page = signed_in
    page.locator(".menu summary").click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/signin$"))
    expect(page.get_by_role("heading", name="Sign in to Tidings")).to_be_visible()
    page.goto("/starred")
    expect(page).to_have_url(re.compile(r"/signin\?next=%2Fstarred$"))
    expect(page.locator("#username")).to_be_visible()
    expect(page.locator(".menu")).to_have_count(0)
