"""Screenshots of the reader's pages on the demo store, in Debian's Chromium (not a test).

    .venv/bin/python -m tests.browser.screenshots               # the committed set -> docs/screenshots/
    .venv/bin/python -m tests.browser.screenshots --all --out /tmp/shots   # every page, every look

It builds the demo store and serves it with ``tidings serve-demo`` on a free port of
127.0.0.1, adds an admin account, and saves PNGs of each page at desktop width, at phone
width (390 px) and in dark mode. Pages that do not exist yet (404) are left out and
listed. Under each PNG it prints any text below WCAG AA contrast and any page wider
than the window. With ``pngquant`` on the PATH the PNGs are reduced to 256 colours.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.browser.support import (
    browser_problem,
    find_chromium,
    free_port,
    printed_password,
    run_cli,
    server_env,
    tidings_server,
)

ROOT = Path(__file__).resolve().parents[2]
CONTRAST = Path(__file__).with_name("contrast.js").read_text()


@dataclass(frozen=True)
class Look:
    name: str
    width: int
    height: int
    scheme: str = "light"


LOOKS = {
    "desktop": Look("desktop", 1280, 860),
    "phone": Look("phone", 390, 844),
    "dark": Look("dark", 1280, 860, "dark"),
    "phone-dark": Look("phone-dark", 390, 844, "dark"),
}
# (page name, path): "{article}" is the newest entry, "{story}" the first story on /top;
# "#help" presses ? and "#menu" opens the account menu.
PAGES = [
    ("signin", "/signin"),
    ("unread", "/unread"),
    ("article", "{article}"),
    ("search", "/search?q=space+station"),
    ("sources", "/sources"),
    ("account", "/account"),
    ("help", "/unread#help"),
    ("menu", "/unread#menu"),
    ("top", "/top"),
    ("story", "{story}"),
    ("picks", "/picks"),
    ("settings", "/settings"),
    ("admin", "/admin"),
]
# What docs/screenshots/ keeps (small: a few hundred KB in all).
MAIN = [("unread", "desktop"), ("article", "phone"), ("unread", "phone-dark"),
        ("sources", "phone")]


def _sign_in(page, base: str, name: str, password: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _resolve(page, base: str, path: str) -> str | None:
    """The concrete path of a page, or None when it does not exist (yet)."""
    if path == "{article}":
        page.goto(f"{base}/all")
        href = page.locator("[data-list] a.title").first.get_attribute("href")
        return href
    if path == "{story}":
        if page.request.get(f"{base}/top", max_redirects=0).status != 200:
            return None
        page.goto(f"{base}/top")
        link = page.locator('main a[href^="/stories/"]').first
        return link.get_attribute("href") if link.count() else None
    status = page.request.get(f"{base}{path.split('#')[0]}", max_redirects=0).status
    return path if status == 200 else None


def _shrink(path: Path) -> None:
    """256 colours with pngquant when it is installed, else the PNG as Chromium wrote it."""
    pngquant = shutil.which("pngquant")
    if pngquant:
        subprocess.run([pngquant, "--force", "--skip-if-larger", "--output", str(path), "256",
                        str(path)], check=False)


def take(out: Path, everything: bool, full_page: bool = False) -> list[str]:
    from playwright.sync_api import sync_playwright

    wanted = {(p, look) for p in dict(PAGES) for look in LOOKS} if everything else set(MAIN)
    out.mkdir(parents=True, exist_ok=True)
    missing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tidings-shots-") as tmp, sync_playwright() as pw:
        data = Path(tmp)
        env = server_env(data)
        port = free_port()
        log = data / "serve-demo.log"
        with tidings_server(["serve-demo", "--port", str(port)], env, port, log) as base:
            demo_password = printed_password(log.read_text())
            admin_password = printed_password(
                run_cli(["user", "add", "screenshots-admin", "--admin"],
                        server_env(data / "demo"))
            )
            browser = pw.chromium.launch(executable_path=find_chromium(), headless=True)
            for look in LOOKS.values():
                if not any(w[1] == look.name for w in wanted):
                    continue
                context = browser.new_context(
                    viewport={"width": look.width, "height": look.height},
                    color_scheme=look.scheme, device_scale_factor=1,
                )
                page = context.new_page()
                if ("signin", look.name) in wanted:
                    page.goto(f"{base}/signin")
                    _save(page, out, "signin", look)
                _sign_in(page, base, "demo", demo_password)
                for name, path in PAGES:
                    if name == "signin" or (name, look.name) not in wanted:
                        continue
                    if name == "admin":
                        context.clear_cookies()
                        _sign_in(page, base, "screenshots-admin", admin_password)
                    concrete = _resolve(page, base, path)
                    if concrete is None:
                        missing.append(f"{name} ({path})")
                        continue
                    page.goto(f"{base}{concrete.split('#')[0]}")
                    if concrete.endswith("#help"):
                        page.keyboard.press("?")
                    elif concrete.endswith("#menu"):
                        page.click(".menu summary")
                    page.wait_for_load_state("networkidle")
                    _save(page, out, name, look, full_page)
                context.close()
            browser.close()
    return sorted(set(missing))


def _save(page, out: Path, name: str, look: Look, full_page: bool = False) -> None:
    time.sleep(0.1)  # let the focus ring and fonts settle
    path = out / f"{name}-{look.name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    _shrink(path)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
          f"  {path.stat().st_size // 1024} KB")
    for failure in page.evaluate(CONTRAST):
        print(f"  low contrast: {failure}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        print(f"  {overflow}px wider than the window")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--all", action="store_true",
                        help="every page in every look (to look at), not only the kept set")
    parser.add_argument("--full-page", action="store_true",
                        help="the whole page, not only what fits in the window")
    args = parser.parse_args()
    problem = browser_problem()
    if problem:
        print(f"Cannot take screenshots: {problem}", file=sys.stderr)
        return 1
    missing = take(args.out, args.all, args.full_page)
    if missing:
        print("Not there (yet): " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
