"""The streaming export (`KnowledgeStore.write`): the same statements as sorting Python
triples did, byte-stable whatever order documents were added in, atomic, and the same
bytes whichever way its lines are sorted (in memory, GNU sort, or the Python merge)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

import kg.store
from kg.store import REGISTRY_GRAPH, KnowledgeStore, LineSorter
from kg.turtle import export_prefixes, string_literal
from tests.conftest import store_of

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[:3]
FORMATS = ("turtle", "nt", "trig", "nquads")


@pytest.fixture(scope="module")
def store() -> KnowledgeStore:
    return store_of(SEEDS)


def exports(store: KnowledgeStore, folder: Path) -> dict[str, bytes]:
    written = {}
    for fmt in FORMATS:
        path = folder / f"graph.{fmt}"
        store.write(path, fmt)
        written[fmt] = path.read_bytes()
    return written


def old_triples(store: KnowledgeStore) -> list[ox.Triple]:
    """What the export was before streaming: every triple outside the registry, as a
    Python set, sorted by the text of its terms."""
    quads = store.oxigraph.quads_for_pattern(None, None, None, None)
    triples = {quad.triple for quad in quads if quad.graph_name != REGISTRY_GRAPH}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def test_write_gives_what_sorting_python_triples_gave(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    triples = old_triples(store)
    old_turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=export_prefixes())
    old_nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert old_turtle is not None and old_nt is not None
    assert store.write(tmp_path / "graph.ttl", "turtle") == len(triples)
    assert store.write(tmp_path / "graph.nt", "nt") == len(triples)
    written = (tmp_path / "graph.ttl").read_bytes()
    assert isomorphic(
        Graph().parse(data=written, format="turtle"),
        Graph().parse(data=old_turtle, format="turtle"),
    )
    assert written == old_turtle
    assert (tmp_path / "graph.nt").read_bytes() == old_nt
    assert store.triple_count() == len(triples) == len(store.to_graph())


def test_quads_are_every_graph_but_the_registry_in_a_stable_order(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    quads = store.exported_quads()
    everything = store.oxigraph.quads_for_pattern(None, None, None, None)
    assert set(quads) == {q for q in everything if q.graph_name != REGISTRY_GRAPH}
    key = lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))  # noqa: E731
    assert quads == sorted(quads, key=key)
    # triples several documents state are written once in the merged graph
    assert len(quads) > store.triple_count()
    assert store.write(tmp_path / "graph.nq", "nquads") == len(quads)
    assert list(ox.parse(path=tmp_path / "graph.nq", format=ox.RdfFormat.N_QUADS)) == quads
    assert store.write(tmp_path / "graph.trig", "trig") == len(quads)
    assert set(ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG)) == set(quads)


@pytest.mark.slow
def test_export_bytes_do_not_depend_on_the_order_documents_came_in(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    reordered = store_of(SEEDS[::-1])
    first = exports(store, tmp_path / "a")
    assert first == exports(reordered, tmp_path / "b")


def test_external_sorts_give_the_same_bytes(
    store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_memory = exports(store, tmp_path / "memory")
    monkeypatch.setattr(kg.store, "SORT_IN_MEMORY_BYTES", 1000)
    if kg.store.gnu_sort() is not None:
        assert exports(store, tmp_path / "gnu") == in_memory
    monkeypatch.setattr(kg.store, "gnu_sort", lambda: None)
    monkeypatch.setattr(kg.store, "SORT_BUFFER_BYTES", 40_000)  # runs of about 10 kB
    assert exports(store, tmp_path / "python") == in_memory


def test_turtle_written_in_two_halves_gives_the_same_bytes(
    store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole.ttl"
    store.write(whole, "turtle")
    monkeypatch.setattr(kg.store, "PARALLEL_TURTLE_BYTES", 0)
    halves = tmp_path / "halves.ttl"
    store.write(halves, "turtle")
    assert halves.read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["halves.ttl", "whole.ttl"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab<> .", max_size=6), max_size=12),
    st.text(alphabet="ab<> .", max_size=6),
)
def test_lines_before_a_key_found_by_binary_search(lines: list[str], key: str) -> None:
    block = "".join(f"{line}\n" for line in sorted(lines)).encode()
    line_key = f"{key}\n".encode()
    expected = sum(len(f"{line}\n") for line in sorted(lines) if f"{line}\n".encode() < line_key)
    assert kg.store._lines_before(block, line_key) == expected


_DATATYPES = [
    None,
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#date",
]


@settings(max_examples=300, deadline=None)
@given(
    st.text(),
    st.one_of(
        st.none(), st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-[A-Za-z]{2})?", fullmatch=True)
    ),
    st.sampled_from(_DATATYPES),
)
def test_names_read_by_hand_as_oxigraph_reads_them(
    value: str, language: str | None, datatype: str | None
) -> None:
    """The label rule reads names without Oxigraph (`string_literal`): the same value
    and language as Oxigraph's parser, for any text (escapes included), language tag or
    datatype, and no name from a literal that is not a string."""
    literal = (
        ox.Literal(value, language=language)
        if language
        else ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)
    )
    line = ox.serialize(
        [ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), literal)],
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert line is not None
    term = line[len(b"<urn:s> <urn:p> ") : -len(b" .\n")]
    parsed = next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))).object
    is_string = parsed.language is not None or parsed.datatype.value == _DATATYPES[1]
    expected = (parsed.value, parsed.language) if is_string else None
    assert string_literal(term) == expected
    assert string_literal(b"<urn:o>") is None and string_literal(b"_:b0") is None


@pytest.mark.parametrize(
    "term",
    [b'"A"@EN-gb', b'"b"^^<http://www.w3.org/2001/XMLSchema#string>', b'"\\u00e9\\""@zh'],
)
def test_names_in_lines_oxigraph_did_not_write(term: bytes) -> None:
    """Lines from elsewhere (a shard written by hand) may spell a name otherwise."""
    parsed = next(iter(ox.parse(b"<urn:s> <urn:p> " + term + b" .", format=ox.RdfFormat.N_TRIPLES)))
    assert string_literal(term) == (parsed.object.value, parsed.object.language)


def test_the_halves_split_between_two_subjects(tmp_path: Path) -> None:
    lines = tmp_path / "sorted.nt"
    lines.write_bytes(b"<a> <p> 1 .\n<a> <q> 2 .\n<a> <r> 3 .\n<b> <p> 4 .\n")
    assert kg.store._subject_boundary(lines, 3) == lines.read_bytes().index(b"<b>")
    assert kg.store._subject_boundary(lines, 40) == lines.stat().st_size


@pytest.mark.parametrize("gnu", [True, False], ids=["gnu-sort", "python-merge"])
def test_line_sorter_sorts_and_drops_repeats_past_the_memory_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gnu: bool
) -> None:
    if gnu and kg.store.gnu_sort() is None:
        pytest.skip("no GNU sort here")
    if not gnu:
        monkeypatch.setattr(kg.store, "gnu_sort", lambda: None)
    monkeypatch.setattr(kg.store, "SORT_IN_MEMORY_BYTES", 100)
    monkeypatch.setattr(kg.store, "SORT_BUFFER_BYTES", 4000)
    lines = [f'<http://e/{n % 997}> <http://p> "é{n % 13}" .\n'.encode() for n in range(5000)]
    with LineSorter(tmp_path) as sorter:
        for start in range(0, len(lines), 300):
            piece = b"".join(lines[start : start + 300])
            sorter.write(piece[:-7])  # cutting a line in two, as Oxigraph's dumps do
            sorter.write(piece[-7:])
        blocks = list(sorter.sorted_blocks())
    assert all(block.endswith(b"\n") for block in blocks if block)
    assert b"".join(blocks) == b"".join(sorted(set(lines)))


def test_write_is_atomic_and_leaves_no_scratch_behind(
    store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "graph.ttl"
    store.write(target, "turtle")
    before = target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()

    def broken() -> list[ox.NamedNode]:
        raise OSError("disk gone")

    monkeypatch.setattr(store, "_exported_graphs", broken)
    for fmt in FORMATS:
        with pytest.raises(OSError, match="disk gone"):
            store.write(target, fmt)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
