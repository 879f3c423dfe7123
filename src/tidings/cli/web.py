"""``tidings serve`` (the web reader and the JSON API) and ``tidings serve-demo``."""

from __future__ import annotations

import asyncio

import click

from tidings.cli.context import CLIContext, pass_cli
from tidings.clock import utcnow
from tidings.web.config import WebConfig


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--behind-proxy", is_flag=True,
              help="Trust X-Forwarded-Proto/-For from a reverse proxy (only if every request "
                   "comes through it).")
@click.option("--secure-cookies", is_flag=True,
              help="Always mark cookies Secure (TLS ends before Tidings).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (up to one per CPU core); each answers requests on its own.")
@pass_cli
def serve(cli: CLIContext, host: str, port: int, behind_proxy: bool, secure_cookies: bool,
          workers: int) -> None:
    """Serve the web reader and the JSON API (/api/v1)."""
    from tidings.web import create_app
    from tidings.web.server import fast_protocols, run

    config = WebConfig(behind_proxy=behind_proxy, secure_cookies=secure_cookies)
    app = create_app(cli.db, cli.settings, config)  # opens and checks the database first
    if workers > 1:
        cli.db.dispose()  # each worker opens its own
    click.echo(f"Tidings is at http://{host}:{port}/  (Ctrl+C to stop)")
    protocols = fast_protocols()
    click.echo(f"Event loop: {protocols['loop']}, HTTP parser: {protocols['http']}")
    run(app, host, port, config, workers)


@click.command("serve-demo")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@pass_cli
def serve_demo(cli: CLIContext, port: int) -> None:
    """Build the demo store and serve it at http://127.0.0.1:PORT with a sample user."""
    from tidings.services.accounts import generate_password
    from tidings.services.demo import build_demo
    from tidings.services.demo_accounts import add_demo_reader
    from tidings.web import create_app
    from tidings.web.server import run as serve_app

    run = asyncio.run(build_demo(cli.settings))
    password = generate_password()
    username = add_demo_reader(run.db, run.user_id, password, now=utcnow())
    click.echo(
        f"Demo store built: {run.summary.new_entries} entries from {run.summary.tried} sources."
    )
    click.echo(f"Open http://127.0.0.1:{port}/ and sign in as {username!r}"
               f" with the password {password}")
    serve_app(create_app(run.db, run.settings), "127.0.0.1", port, WebConfig())


COMMANDS = [serve, serve_demo]
