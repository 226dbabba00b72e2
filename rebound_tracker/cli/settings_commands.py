"""``settings``: show the person's settings, change one, or go back to its default."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from rebound_tracker.app import Services
from rebound_tracker.cli.output import print_table
from rebound_tracker.domain.settings import DEFINITIONS, definition

if TYPE_CHECKING:
    from rebound_tracker.cli.parser import Subcommands


def add_settings_parser(commands: Subcommands) -> None:
    settings = commands.add_parser(
        "settings", help="your settings (weight, CYP2D6, urine pH, usual regimen, scales, "
        "quiet hours); with no action, lists them")
    settings.add_argument("--json", action="store_true", help="print them as one JSON object")
    actions = settings.add_subparsers(dest="action", metavar="ACTION")
    change = actions.add_parser("set", help="change one setting (checked first; nothing is "
                                "written if the value is not accepted)")
    change.add_argument("name", metavar="NAME", help="one of: " + ", ".join(DEFINITIONS))
    change.add_argument("value", metavar="VALUE")
    reset = actions.add_parser("reset", help="go back to a setting's default")
    reset.add_argument("name", metavar="NAME", help="one of: " + ", ".join(DEFINITIONS))


def settings_show(services: Services, args: argparse.Namespace) -> int:
    texts = services.settings.stored_text()
    problems = services.settings.current().problems
    if args.json:
        print(json.dumps(texts, indent=2))
    else:
        print_table(["setting", "value", "meaning"],
                    [[name, texts[name], d.description] for name, d in DEFINITIONS.items()])
    for problem in problems:
        print(f"warning: the stored {problem} — its default is used until you set it",
              file=sys.stderr)
    return 0


def settings_set(services: Services, args: argparse.Namespace) -> int:
    services.settings.update({args.name: args.value})
    name = definition(args.name).name
    print(f"{name} = {services.settings.stored_text()[name]}")
    return 0


def settings_reset(services: Services, args: argparse.Namespace) -> int:
    services.settings.reset(args.name)
    name = definition(args.name).name
    print(f"{name} = {services.settings.stored_text()[name]} (default)")
    return 0


SETTINGS_HANDLERS: dict[tuple[str, str | None], Callable[[Services, argparse.Namespace], int]] = {
    ("settings", None): settings_show,
    ("settings", "set"): settings_set,
    ("settings", "reset"): settings_reset,
}
