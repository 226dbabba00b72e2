"""The argument parser (``rebound-tracker --help``)."""

from __future__ import annotations

import argparse
from typing import TypeAlias

from rebound_tracker import NOT_MEDICAL_ADVICE, __version__
from rebound_tracker.cli.analyze_command import add_analyze_parser
from rebound_tracker.cli.calibrate_command import add_calibrate_parser
from rebound_tracker.cli.data_commands import add_data_parsers
from rebound_tracker.cli.plan_commands import add_plan_parser
from rebound_tracker.cli.schedule_command import add_schedule_parser
from rebound_tracker.cli.settings_commands import add_settings_parser
from rebound_tracker.domain.entries import SCALES

# What add_subparsers() returns (argparse names it only privately).
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

TIME_HELP = "ISO 8601 (2026-03-02T08:00, optionally with an offset) or HH:MM for today"


def build_window_parser(prog: str = "rebound-tracker-gui",
                        description: str = "Open the Rebound Tracker window.",
                        ) -> argparse.ArgumentParser:
    """The options the window takes: shared by ``rebound-tracker`` and ``-gui``."""
    parser = argparse.ArgumentParser(prog=prog, description=description,
                                     epilog=NOT_MEDICAL_ADVICE)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", help="data directory (default: REBOUND_TRACKER_DATA_DIR "
                        "or the platform's user data directory)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--in-tray", action="store_true",
                        help="open the window hidden in the tray (as at log-in), when "
                        "reminders or prompts are on and the desktop has a tray")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation without a screen: open the window "
                        "offscreen on a temporary store, log a dose, simulate, write a PDF; "
                        "exit 0 if all of it worked (the data directory is not touched)")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = build_window_parser(
        "rebound-tracker", "Log ADHD medication doses and check-ins over a pharmacokinetic "
        "model. With no command, opens the window.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    add_schedule_parser(commands)
    demo = commands.add_parser("demo", help="fill an empty store with a realistic demo history")
    demo.add_argument("--days", default="60", help="days of history ending today (default 60)")

    meds = commands.add_parser("meds", help="the medication library")
    meds_cmd = meds.add_subparsers(dest="action", metavar="ACTION", required=True)
    meds_list = meds_cmd.add_parser("list", help="ids, names, analyte and sources")
    meds_list.add_argument("--json", action="store_true")
    meds_show = meds_cmd.add_parser("show", help="one medication: every number and its source")
    meds_show.add_argument("id", metavar="ID|NAME")
    meds_show.add_argument("--json", action="store_true")
    meds_add = meds_cmd.add_parser(
        "add", help="add your own medication from a JSON definition; prints its id")
    meds_add.add_argument("file", metavar="FILE.json", help="see 'Your own medication' in "
                          "the README for the format")
    meds_remove = meds_cmd.add_parser("remove", help="remove a medication you added "
                                      "(refused while logged doses use it)")
    meds_remove.add_argument("id")

    _add_dose_parsers(commands)
    _add_checkin_parsers(commands)
    _add_simulate_parser(commands)
    report = commands.add_parser("report", help="the appointment summary as a PDF")
    report.add_argument("--from", dest="date_from", metavar="DATE", required=True,
                        help="first day, YYYY-MM-DD")
    report.add_argument("--to", dest="date_to", metavar="DATE", required=True,
                        help="last day, YYYY-MM-DD")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    report.add_argument("--page-size", default="a4", help="a4 (default) or letter")
    report.add_argument("--with-csv", action="store_true",
                        help="also write the period's doses and check-ins as CSV next to it")
    add_data_parsers(commands)
    add_plan_parser(commands)
    add_settings_parser(commands)
    add_analyze_parser(commands)
    add_calibrate_parser(commands)
    return parser


def _add_range(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    sub.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")


def _add_dose_parsers(commands: Subcommands) -> None:
    dose = commands.add_parser("dose", help="log, list or delete doses")
    actions = dose.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="log a dose; prints the new id")
    add.add_argument("--med", required=True, help="medication id, brand or generic name")
    add.add_argument("--mg", required=True, help="label strength in mg")
    add.add_argument("--at", help=f"when it was taken (default now): {TIME_HELP}")
    add.add_argument("--fed", action="store_true", help="taken with food")
    add.add_argument("--note", default="")
    add.add_argument("--force", action="store_true",
                     help="accept a dose above the label maximum or a time in the future")
    listing = actions.add_parser("list", help="list doses")
    _add_range(listing)
    listing.add_argument("--json", action="store_true")
    delete = actions.add_parser("delete", help="delete a dose by id")
    delete.add_argument("id")


def _add_checkin_parsers(commands: Subcommands) -> None:
    checkin = commands.add_parser("checkin", help="log or list mood/focus check-ins")
    actions = checkin.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="log a check-in (scales 0-10); prints the new id")
    add.add_argument("--at", help=f"when (default now): {TIME_HELP}")
    for name in SCALES:
        add.add_argument(f"--{name}", required=name in ("mood", "focus"), metavar="N")
    add.add_argument("--note", default="")
    add.add_argument("--force", action="store_true", help="accept a time in the future")
    listing = actions.add_parser("list", help="list check-ins")
    _add_range(listing)
    listing.add_argument("--json", action="store_true")
    delete = actions.add_parser("delete", help="delete a check-in by id")
    delete.add_argument("id")


def _add_simulate_parser(commands: Subcommands) -> None:
    sim = commands.add_parser(
        "simulate", help="predicted concentration, effect, wear-off and rebound windows"
    )
    sim.add_argument("--dose", action="append", default=[], metavar="MED:MG@TIME",
                     help="a what-if dose, e.g. concerta:36@07:30 (repeatable)")
    sim.add_argument("--logged", action="store_true", help="simulate the stored doses")
    _add_range(sim)
    sim.add_argument("--weight-kg", help="body weight (default: your setting, else 70)")
    sim.add_argument("--fed", action="store_true", help="every --dose taken with food")
    sim.add_argument("--cyp2d6", help="CYP2D6 phenotype: normal or poor")
    sim.add_argument("--hours", help="horizon in hours (default: until negligible)")
    sim.add_argument("--step-min", default="5", help="grid step in minutes (default 5)")
    sim.add_argument("--json", action="store_true", help="print the JSON object of PRODUCT.md")
