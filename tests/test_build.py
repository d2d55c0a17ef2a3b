"""End to end: `kg build` on the seeds gives a valid, deterministic, committed export."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.export import export_graph, serialise, write_atomic
from kg.pipeline import build_graph_from_paths
from kg.vocab import PKG, ontology_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
COMMITTED_EXPORT = ROOT / "exports" / "policy-kg.ttl"


def run_kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def seeds_turtle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "seeds.ttl"
    result = run_kg("build", str(SEEDS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.slow
def test_build_is_byte_identical_across_runs_and_hash_seeds(
    seeds_turtle: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.ttl"
    result = run_kg("build", str(SEEDS), "-o", str(again), env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == seeds_turtle.read_bytes()


def test_build_committed_export_matches_fresh_build(seeds_turtle: Path) -> None:
    assert COMMITTED_EXPORT.read_bytes() == seeds_turtle.read_bytes(), (
        "exports/policy-kg.ttl is stale: run `make run` and commit it"
    )


def test_build_export_conforms_to_shapes(seeds_turtle: Path) -> None:
    from pyshacl import validate

    data = Graph().parse(seeds_turtle)
    shapes = Graph().parse(data=ontology_path("shapes.ttl").read_text("utf-8"), format="turtle")
    conforms, _, report = validate(data, shacl_graph=shapes, inference="none")
    assert conforms, report


def test_build_export_holds_every_entity_type_and_the_class_hierarchy(seeds_turtle: Path) -> None:
    graph = Graph().parse(seeds_turtle)
    for cls in ("Document", "Agency", "Hospital", "Task", "Organization"):
        assert any(graph.subjects(RDF.type, PKG[cls])), cls
    assert len(set(graph.subjects(RDF.type, PKG.Document))) == len(list(SEEDS.glob("*.txt")))
    from rdflib import RDFS

    assert (PKG.Agency, RDFS.subClassOf, PKG.Entity) in graph


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) not installed")
def test_build_export_parses_with_rapper(seeds_turtle: Path) -> None:
    result = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(seeds_turtle)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Parsing returned" in result.stderr and "triples" in result.stderr


def test_build_bad_file_is_reported_and_batch_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_f81429b609023b65.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = tmp_path / "out.ttl"
    result = run_kg("build", str(corpus), "-o", str(out))
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("kg: skipped")]
    assert len(errors) == 2 and "Traceback" not in result.stderr
    assert any("empty.txt: empty file" in ln for ln in errors)
    assert any("picture.html: binary file" in ln for ln in errors)
    graph = Graph().parse(out)
    assert len(set(graph.subjects(RDF.type, PKG.Document))) == 1


def test_build_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.ttl"
    out.write_text("previous export")
    result = run_kg("build", str(tmp_path / "empty.txt"), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("kg: error:")
    assert out.read_text() == "previous export"


def test_export_write_is_atomic_when_serialising_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_export_ntriples_sorted_and_parsable(tmp_path: Path) -> None:
    graph, _ = build_graph_from_paths([SEEDS / "003_f1d7e5e3f747375b.txt"])
    data = serialise(graph, "nt")
    lines = data.splitlines()
    assert lines == sorted(lines)
    export_graph(graph, tmp_path / "g.nt", "nt")
    assert len(Graph().parse(tmp_path / "g.nt", format="nt")) == len(graph)


# A run killed inside each kind of temporary (an export being written, an export's
# scratch folder), after saying where it is.
_HOLD_TEMPORARIES = """
import os, sys, time
from pathlib import Path
from kg.export import atomic_file, scratch_folder
folder = Path(sys.argv[1])
with atomic_file(folder / "graph.ttl") as out, scratch_folder(folder) as scratch:
    out.write(b"half an export")
    (scratch / "sorted").write_bytes(b"lines")
    (export,) = folder.glob(f".graph.ttl.{os.getpid()}@*")
    print(export, scratch, flush=True)
    time.sleep(600)
"""


def hold_temporaries(folder: Path) -> tuple[subprocess.Popen[str], list[Path]]:
    """A process holding an export's temporaries in `folder`, and their paths."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_TEMPORARIES, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    return holder, [Path(name) for name in holder.stdout.readline().split()]


def test_export_removes_what_killed_runs_left_and_only_that(tmp_path: Path) -> None:
    running, in_use = hold_temporaries(tmp_path)
    try:
        killed, leftovers = hold_temporaries(tmp_path)
        killed.kill()
        killed.communicate()
        # the same names from another machine sharing the folder: its processes
        # cannot be looked up from here
        elsewhere = [p.with_name(re.sub(r"@[^.]+\.", "@elsewhere.", p.name)) for p in leftovers]
        for source, target in zip(leftovers, elsewhere, strict=True):
            shutil.copytree(source, target) if source.is_dir() else shutil.copy(source, target)
        (tmp_path / ".notes.tmp").write_text("not ours")
        assert all(p.exists() for p in leftovers + in_use)

        out = tmp_path / "graph.ttl"
        result = run_kg("-v", "build", str(SEEDS / "003_f1d7e5e3f747375b.txt"), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert not any(p.exists() for p in leftovers)
        for path in leftovers:
            assert f"removed {path}, left by a run that was killed" in result.stderr
        assert all(p.exists() for p in in_use + elsewhere)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [out.name, ".notes.tmp"] + [p.name for p in in_use + elsewhere]
        )
    finally:
        running.kill()
        running.communicate()
