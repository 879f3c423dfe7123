"""``tidings user``: accounts for the web reader and API keys for the JSON API."""

from __future__ import annotations

import sys
from datetime import timedelta

import click

from tidings.cli.context import CLIContext, pass_cli
from tidings.clock import utcnow
from tidings.services import accounts, team
from tidings.store.users import get_user, list_users
from tidings.types import UserRole

ROLES = click.Choice([r.value for r in UserRole])


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise click.UsageError("--password-stdin was given but standard input was empty.")
        return line
    return None


@click.group()
def user() -> None:
    """Manage the people who can sign in."""


@user.command("add")
@click.argument("name")
@click.option("--admin", "role", flag_value=UserRole.ADMIN.value, help="Can manage the server.")
@click.option("--editor", "role", flag_value=UserRole.EDITOR.value, help="Can edit shared things.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
@pass_cli
def add(cli: CLIContext, name: str, role: str | None, password_stdin: bool) -> None:
    """Create a user who can sign in; prints a generated password unless one is given."""
    given = _read_password(password_stdin)
    password = given or accounts.generate_password()
    created = accounts.add_user(cli.db, name, password, role=UserRole(role or "member"),
                                now=utcnow())
    click.echo(f"Created {created.role.value} {created.username!r}.")
    if given is None:
        click.echo(f"Password: {password}")
        click.echo("Give it to them through a private channel; they can sign in at once.")


@user.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@pass_cli
def password(cli: CLIContext, name: str, password_stdin: bool) -> None:
    """Set a new password (generated unless given); signs the user out everywhere."""
    given = _read_password(password_stdin)
    new = given or accounts.generate_password()
    accounts.set_password(cli.db, name, new)
    click.echo(f"New password set for {name!r}; their sessions have ended.")
    if given is None:
        click.echo(f"Password: {new}")


@user.command("api-key")
@click.argument("name")
@click.option("--label", default="command line", show_default=True, help="What the key is for.")
@pass_cli
def api_key(cli: CLIContext, name: str, label: str) -> None:
    """Create an API key for NAME (printed once; only its hash is kept)."""
    with cli.db.connect() as conn:
        found = get_user(conn, name)
    new = accounts.create_api_key(cli.db, found.id, label, now=utcnow())
    click.echo(new.key)
    click.echo(f"Use it as 'Authorization: Bearer {new.key[:10]}…'. It is not shown again.",
               err=True)


@user.command("list")
@pass_cli
def list_command(cli: CLIContext) -> None:
    """List the users."""
    with cli.db.connect() as conn:
        people = list_users(conn)
    for person in people:
        state = " (disabled)" if person.disabled else ""
        can_sign_in = "" if person.password_hash else "  no password: cannot sign in"
        click.echo(f"{person.username}  {person.role.value}{state}{can_sign_in}")


@user.command("role")
@click.argument("name")
@click.argument("role", type=ROLES)
@pass_cli
def role(cli: CLIContext, name: str, role: str) -> None:
    """Give NAME the role admin, editor or member.

    Refused when it would leave no enabled admin who can sign in.
    """
    changed = team.set_role(cli.db, name, UserRole(role))
    click.echo(f"{changed.username!r} is now {'an' if role != 'member' else 'a'} {role}.")


@user.command("invite")
@click.option("--role", "role", type=ROLES, default=UserRole.MEMBER.value, show_default=True,
              help="The role of the account the link creates.")
@click.option("--note", default="", help="Who it is for (admins see it on the Admin page).")
@click.option("--days", type=click.IntRange(1, team.MAX_INVITATION_DAYS), default=7,
              show_default=True, help="How long the link works.")
@click.option("--base-url", default="", metavar="URL",
              help="The server's public address, e.g. https://news.example.org, to print a"
              " whole link.")
@pass_cli
def invite(cli: CLIContext, role: str, note: str, days: int, base_url: str) -> None:
    """Print a single-use invitation link that creates an account with ROLE."""
    made = team.create_invitation(cli.db, role=UserRole(role), note=note, created_by=None,
                                  now=utcnow(), lifetime=timedelta(days=days))
    click.echo(base_url.rstrip("/") + made.path)
    click.echo(f"It works once, until {made.record.expires_at:%Y-%m-%d %H:%M} UTC, and creates"
               f" {'an' if role != 'member' else 'a'} {role}. It is not shown again.", err=True)


COMMANDS = [user]
