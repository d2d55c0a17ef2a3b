"""Regenerate the "Example queries" section of README.md from queries/*.rq.

For each query file, in sorted order, the section shows its title, its question,
the query itself and its real output on the committed export, as a text table
cut to MAX_ROWS rows. Run with --check to fail (exit 1) when the README is stale.

    python scripts/update_readme.py            # rewrite README.md in place
    python scripts/update_readme.py --check    # exit 1 if README.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.query import QueryResult, format_result, open_store, run_query

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GRAPH = ROOT / "exports" / "policy-kg.ttl"
QUERIES = ROOT / "queries"
BEGIN = "<!-- BEGIN QUERY EXAMPLES -->"
END = "<!-- END QUERY EXAMPLES -->"
MAX_ROWS = 15
TITLE = "# title:"
QUESTION = "# question:"


@dataclass(frozen=True, slots=True)
class QueryFile:
    """One query file: its header (title, question) and the query after it."""

    path: Path
    title: str
    question: str
    sparql: str


def read_query_file(path: Path | str) -> QueryFile:
    """Split a query file into its `# title:` / `# question:` header and the query."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) < 2 or not lines[0].startswith(TITLE) or not lines[1].startswith(QUESTION):
        raise ValueError(f"{path}: must start with '{TITLE} ...' and '{QUESTION} ...' lines")
    title = lines[0].removeprefix(TITLE).strip()
    question = lines[1].removeprefix(QUESTION).strip()
    if not title or not question:
        raise ValueError(f"{path}: empty title or question")
    sparql = "\n".join(lines[2:]).strip("\n") + "\n"
    return QueryFile(path, title, question, sparql)


def query_files(queries_dir: Path | str) -> list[QueryFile]:
    """Every `*.rq` file in `queries_dir`, sorted by file name."""
    return [read_query_file(p) for p in sorted(Path(queries_dir).glob("*.rq"))]


def render_table(result: QueryResult, max_rows: int = MAX_ROWS) -> str:
    """The result as a text table, showing at most `max_rows` rows."""
    if result.boolean is not None or len(result.rows) <= max_rows:
        return format_result(result, "table")
    shown = QueryResult(result.variables, result.rows[:max_rows])
    lines = format_result(shown, "table").splitlines()[:-1]  # drop the "(N rows)" footer
    lines.append(f"… {len(result.rows) - max_rows} more rows")
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines)


def render_examples(graph_path: Path | str, queries_dir: Path | str) -> str:
    """The text that belongs between the README markers (starting and ending with a newline)."""
    store = open_store(graph_path)
    parts = []
    for query in query_files(queries_dir):
        result = run_query(store, query.sparql)
        parts.append(
            f"### {query.title}\n\n"
            f"*{query.question}*\n\n"
            f"```sparql\n{query.sparql}```\n\n"
            f"```text\n{render_table(result)}\n```\n"
        )
    return "\n" + "\n".join(parts)


def split_readme(text: str) -> tuple[str, str, str]:
    """(text up to and including BEGIN, the section, text from END on)."""
    start = text.find(BEGIN)
    end = text.find(END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"README must contain {BEGIN} followed by {END}")
    start += len(BEGIN)
    return text[:start], text[start:end], text[end:]


def readme_section(readme_path: Path | str = README) -> str:
    """What is between the markers of the README now."""
    return split_readme(Path(readme_path).read_text(encoding="utf-8"))[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the README differs from what would be written",
    )
    parser.add_argument("--graph", type=Path, default=GRAPH, help="graph to run the queries on")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="folder of *.rq files")
    parser.add_argument("--readme", type=Path, default=README, help="README to update")
    args = parser.parse_args(argv)

    text = args.readme.read_text(encoding="utf-8")
    head, section, tail = split_readme(text)
    wanted = render_examples(args.graph, args.queries)
    if args.check:
        if section != wanted:
            print(
                f"{args.readme}: query examples are out of date; "
                f"run python scripts/update_readme.py"
            )
            return 1
        return 0
    if section != wanted:
        args.readme.write_text(head + wanted + tail, encoding="utf-8")
        print(f"{args.readme}: query examples updated")
    else:
        print(f"{args.readme}: query examples already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
