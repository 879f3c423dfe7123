"""``tidings registration open|closed|status``: may anyone create an account at /register?"""

from __future__ import annotations

import click

from tidings.cli.context import CLIContext, pass_cli
from tidings.clock import utcnow
from tidings.services import team
from tidings.types import Registration

EXPLAINED = {
    Registration.OPEN: "open: anyone who can reach the server may create a member account"
    " at /register.",
    Registration.CLOSED: "closed: people join with an invitation link (`tidings user invite`).",
}


@click.command("registration")
@click.argument("action", type=click.Choice(["open", "closed", "status"]), default="status")
@pass_cli
def registration(cli: CLIContext, action: str) -> None:
    """Open or close registration, or show whether it is open (the default: closed)."""
    if action == "status":
        value = team.registration(cli.db)
    else:
        value = team.set_registration(cli.db, Registration(action), now=utcnow())
    click.echo(f"Registration is {EXPLAINED[value]}")


COMMANDS = [registration]
