"""The example queries in queries/: well-formed, runnable, deterministic, and
shown up to date in the README."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from conftest import load_script
from rdflib import RDF, RDFS, Graph
from rdflib.plugins.sparql import prepareQuery

from kg.query import open_store, run_query
from kg.vocab import PKG

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))


update_readme = load_script("update_readme")


@pytest.fixture(scope="module")
def seeds_store(seeds_graph_file: Path):
    return open_store(seeds_graph_file)


@pytest.fixture(scope="module")
def seeds_rdflib(seeds_graph_file: Path) -> Graph:
    return Graph().parse(seeds_graph_file, format="turtle")


def query_text(name: str) -> str:
    return update_readme.read_query_file(QUERIES_DIR / name).sparql


def test_there_are_at_least_eight_queries():
    assert len(QUERY_FILES) >= 8


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_has_title_and_question_header(path: Path):
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*\.rq", path.name), path.name
    lines = path.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"# title: \S.*", lines[0]), lines[0]
    assert re.fullmatch(r"# question: \S.*", lines[1]), lines[1]
    query = update_readme.read_query_file(path)
    assert query.title and query.question
    assert "# title:" not in query.sparql and "# question:" not in query.sparql


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_parses_as_sparql_11(path: Path):
    """A second, independent SPARQL parser (rdflib's) accepts the query too."""
    prepareQuery(update_readme.read_query_file(path).sparql)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_runs_on_seeds_and_is_deterministic(path: Path, seeds_store, seeds_graph_file: Path):
    sparql = update_readme.read_query_file(path).sparql
    first = run_query(seeds_store, sparql)
    assert first.boolean is None, "example queries are SELECT queries"
    assert first.rows, f"{path.name} returns no rows on the seeds graph"
    again = run_query(seeds_store, sparql)
    fresh = run_query(open_store(seeds_graph_file), sparql)  # a newly loaded store
    assert again == first
    assert fresh == first


def test_readme_examples_are_up_to_date():
    wanted = update_readme.render_examples(ROOT / "exports" / "policy-kg.ttl", QUERIES_DIR)
    assert update_readme.readme_section(ROOT / "README.md") == wanted, (
        "README query examples are stale: run python scripts/update_readme.py"
    )


def test_render_examples_shape(seeds_graph_file: Path):
    text = update_readme.render_examples(seeds_graph_file, QUERIES_DIR)
    titles = re.findall(r"^### (.+)$", text, flags=re.MULTILINE)
    assert titles == [update_readme.read_query_file(p).title for p in QUERY_FILES]
    assert text.count("```sparql\n") == len(QUERY_FILES)
    assert text.count("```text\n") == len(QUERY_FILES)
    assert "# title:" not in text


def test_render_table_truncates_long_results():
    from kg.query import QueryResult

    rows = tuple((str(n),) for n in range(20))
    table = update_readme.render_table(QueryResult(("n",), rows), max_rows=15)
    lines = table.splitlines()
    assert lines[2:17] == [str(n) for n in range(15)]
    assert lines[17] == "… 5 more rows"
    assert lines[-1] == "(20 rows)"


def test_check_mode_fails_on_stale_readme(tmp_path: Path, seeds_graph_file: Path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(f"x\n{update_readme.BEGIN}\nold\n{update_readme.END}\ny\n", encoding="utf-8")
    args = ["--graph", str(seeds_graph_file), "--readme", str(readme)]
    assert update_readme.main([*args, "--check"]) == 1
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
    assert update_readme.main(args) == 0
    assert update_readme.main([*args, "--check"]) == 0
    assert readme.read_text(encoding="utf-8").startswith(f"x\n{update_readme.BEGIN}\n### ")


def test_lead_agency_query_ranks_by_count(seeds_store, seeds_rdflib: Graph):
    result = run_query(seeds_store, query_text("lead_agencies.rq"))
    counts = [int(row[1]) for row in result.rows]
    assert counts[0] >= max(counts)
    assert counts == sorted(counts, reverse=True)
    # the counts agree with the triples themselves
    expected: dict[str, set] = {}
    for task in seeds_rdflib.subjects(RDF.type, PKG.Task):
        for agency in seeds_rdflib.objects(task, PKG.leadAgency):
            name = min(str(label) for label in seeds_rdflib.objects(agency, RDFS.label))
            expected.setdefault(name, set()).add(task)
    assert sorted((row[0], int(row[1])) for row in result.rows) == sorted(
        (name, len(tasks)) for name, tasks in expected.items()
    )
    top = next(name for name, _ in sorted(expected.items(), key=lambda kv: -len(kv[1])))
    assert len(expected[result.rows[0][0]]) == len(expected[top])


def test_target_query_returns_numbers(seeds_store, seeds_rdflib: Graph):
    result = run_query(seeds_store, query_text("targets.rq"))
    column = result.variables.index("value")
    for row in result.rows:
        try:
            Decimal(row[column])
        except (InvalidOperation, TypeError):
            pytest.fail(f"target value {row[column]!r} is not a number")
    # one row per target in the graph
    assert len(result.rows) == len(set(seeds_rdflib.subjects(RDF.type, PKG.Target)))


def test_partner_query_never_lists_the_agency_itself(seeds_store):
    result = run_query(seeds_store, query_text("agency_partners.rq"))
    assert "Municipal Health and Family Planning Commission" not in {row[0] for row in result.rows}
