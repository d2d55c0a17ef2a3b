"""Shared fixtures: the repository's folders, and documents processed on demand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.documents import load_document
from kg.graph import DocumentResult
from kg.model import SourceDocument
from kg.pipeline import BuildReport, add_paths, process_document
from kg.store import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def process_text(tmp_path: Path):
    """Run the whole per-document pipeline on a text, as if it were a file."""

    def run(text: str, name: str = "doc.txt") -> DocumentResult:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return process_document(load_document(path))

    return run


def store_of(paths: list[Path], store: KnowledgeStore | None = None) -> KnowledgeStore:
    """A store with each of `paths` added one by one (as `kg add` would), none failing."""
    store = store or KnowledgeStore()
    for path in paths:
        report = BuildReport()
        add_paths(store, [path], report)
        assert not report.errors
    return store


def load_script(name: str) -> ModuleType:
    """A script of `scripts/` imported as a module (they are not part of the package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def names_of(result: DocumentResult, type_: str) -> set[str]:
    """The entity names of one type in a processed document."""
    return {e.name for e in result.entities.values() if e.type == type_}


def relations_of(result: DocumentResult, predicate: str) -> set[tuple[str, str]]:
    """(subject name, object name) for each relation with `predicate`, after resolution."""
    from kg.resolve import entity_finder

    entity_of = entity_finder(result.entities, result.source.content_hash)
    pairs = set()
    for relation in result.findings.relations:
        if relation.predicate != predicate:
            continue
        subject, obj = entity_of(relation.subject), entity_of(relation.object)
        if subject and obj:
            pairs.add((subject.name, obj.name))
    return pairs


__all__ = ["DATA", "ROOT", "SEEDS", "SourceDocument", "names_of", "relations_of"]


@pytest.fixture(scope="session")
def seeds_graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`seeds/` built once per test session and exported to a temporary Turtle file."""
    from kg.export import export_graph
    from kg.pipeline import build_graph_from_paths

    graph, _report = build_graph_from_paths([SEEDS])
    path = tmp_path_factory.mktemp("seeds-graph") / "seeds.ttl"
    export_graph(graph, path)
    return path
