"""Command line: finds the commands (`kg/commands/`), parses, and runs one.

Errors a user can act on (`KGError`) end the command with one line on stderr
and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

from kg import __version__, commands
from kg.errors import KGError


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        return int(args.handler(args) or 0)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Turn health-policy documents into an RDF knowledge graph."
    )
    parser.add_argument("--version", action="version", version=f"policy-kg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    subparsers = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
    ]
    for module in sorted(modules, key=lambda m: (m.ORDER, m.__name__)):
        module.register(subparsers)
    return parser
