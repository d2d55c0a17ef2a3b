"""`kg eval`: score extraction against annotated documents."""

from __future__ import annotations

import argparse
from pathlib import Path

ORDER = 70


def register(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser(
        "eval", help="score extraction against annotated documents (guideline JSON format)"
    )
    evaluate.add_argument(
        "--gold", type=Path, required=True, help="folder of <document>.json files"
    )
    evaluate.add_argument("--docs", type=Path, required=True, help="folder holding the documents")
    evaluate.add_argument(
        "--details", action="store_true", help="list every miss and spurious item"
    )
    evaluate.set_defaults(handler=evaluate_cli)


def evaluate_cli(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_evaluation

    evaluation = evaluate(args.gold, args.docs)
    print(format_evaluation(evaluation, details=args.details))
    return 1 if evaluation.failures else 0
