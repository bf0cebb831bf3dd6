"""Command-line pieces: ``agents add|list|disable|enable``.

The main command line adds them with :func:`add_commands` and, for a parsed ``agents``
command, calls :func:`run` with a unit-of-work factory. The password of a new account is
read from the terminal without echo, or as one line from standard input when it is not a
terminal; it is never an argument and never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from typing import Any, TextIO

from bot.agents.accounts import ROLES, add_agent, list_agents, set_active
from bot.agents.errors import WeakPassword
from bot.agents.throttle import wait_seconds
from bot.agents.view import Agent
from bot.db import UowFactory

__all__ = ["COMMANDS", "add_commands", "read_password", "run"]

#: The top-level command :func:`add_commands` adds (``args.command``).
COMMANDS = ("agents",)


def _names(text: str) -> list[str]:
    return [name for name in (part.strip() for part in text.split(",")) if name]


def add_commands(subparsers: Any) -> None:
    """Adds ``agents add|list|disable|enable`` to the main command line's parser.

    Args:
        subparsers: The main parser's sub-parsers (``dest="command"``).
    """
    actions = subparsers.add_parser("agents", help="agent accounts of the console").add_subparsers(
        dest="agents_command", required=True
    )
    add = actions.add_parser("add", help="add an account; the password is read from stdin")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the name customers see")
    add.add_argument("--languages", type=_names, required=True, metavar="zh,en")
    add.add_argument("--skills", type=_names, default=[], metavar="CATEGORY,…")
    add.add_argument("--role", choices=ROLES, default="agent")
    actions.add_parser("list", help="list the accounts")
    for action, what in (("disable", "stop an account logging in"), ("enable", "allow it again")):
        actions.add_parser(action, help=what).add_argument("username")


def read_password(stream: TextIO) -> str:
    """Reads a new password: twice without echo on a terminal, else one line.

    Args:
        stream: Standard input.

    Returns:
        The password, without the line's end.

    Raises:
        WeakPassword: The two entries on the terminal differ.
    """
    if stream.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise WeakPassword("the two passwords differ")
        return password
    return stream.readline().rstrip("\r\n")


def _line(agent: Agent, now: datetime) -> str:
    state = "active" if agent.active else "disabled"
    wait = wait_seconds(agent.failed_logins, agent.last_failed_at, now)
    if wait > 0:
        state += f", locked {wait:.0f} s"
    return (
        f"{agent.username:<20} {agent.role:<10} {state:<10} {','.join(agent.languages):<6} "
        f"{','.join(agent.skills) or '-'}  {agent.display_name}"
    )


def run(args: argparse.Namespace, uow_factory: UowFactory, now: datetime) -> int:
    """Adds, lists, disables or enables agent accounts as ``args`` says.

    Args:
        args: The parsed ``agents`` command line.
        uow_factory: Opens units of work on the assistant's database.
        now: The runtime clock's time, which tells which accounts are locked for now.

    Returns:
        0; a refusal raises :class:`bot.agents.AgentsError` for the caller to report.
    """
    if args.agents_command == "add":
        agent = add_agent(
            uow_factory,
            args.username,
            args.name,
            read_password(sys.stdin),
            role=args.role,
            languages=args.languages,
            skills=args.skills,
        )
        print(f"added {_line(agent, now)}")
    elif args.agents_command == "list":
        agents = list_agents(uow_factory)
        for agent in agents:
            print(_line(agent, now))
        print(f"{len(agents)} agent(s)")
    else:
        agent = set_active(uow_factory, args.username, active=args.agents_command == "enable")
        print(f"{agent.username} {args.agents_command}d")
    return 0
