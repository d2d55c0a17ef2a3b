"""The curated register of bodies and programmes (`ontology/authorities.ttl`):
well-formed, bilingual, unambiguous under name normalisation, honest about its
Wikidata identifiers, and complete for the names the seed documents use."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
AUTHORITIES_PATH = ROOT / "ontology" / "authorities.ttl"

PKG = Namespace("https://w3id.org/policy-kg/ontology#")
AUTH = "https://w3id.org/policy-kg/id/authority/"
TYPES = {PKG.Agency: "Agency", PKG.Programme: "Programme"}
LEVELS = {"national", "provincial"}
WIKIDATA_IRI = re.compile(r"^http://www\.wikidata\.org/entity/Q[0-9]+$")

# Names the seed documents (seeds/*.txt) and the brief use, each of which must
# denote an entry of the given type.
SEED_NAMES = [
    ("Agency", "State Administration of Traditional Chinese Medicine"),
    ("Agency", "国家中医药管理局"),
    ("Agency", "National Health Commission"),
    ("Agency", "National Health and Medical Commission"),
    ("Agency", "国家卫生健康委员会"),
    ("Agency", "State Council"),
    ("Agency", "国务院"),
    ("Agency", "国务院办公厅"),
    ("Agency", "中共中央"),
    ("Agency", "全国人民代表大会"),
    ("Agency", "全国人民代表大会常务委员会"),
    ("Agency", "国家药品监督管理局"),
    ("Agency", "国家医疗保障局"),
    ("Agency", "国家发展和改革委员会"),
    ("Agency", "国家疾病预防控制局"),
    ("Agency", "People's Government of Liaoning Province"),
    ("Agency", "Liaoning Provincial People's Government"),
    ("Agency", "辽宁省人民政府"),
    ("Agency", "People's Government of Xinjiang Uygur Autonomous Region"),
    ("Agency", "新疆维吾尔自治区人民政府"),
    ("Agency", "Health Commission of Xinjiang Uygur Autonomous Region"),
    ("Agency", "Xinjiang Health Commission"),
    ("Agency", "新疆维吾尔自治区卫生健康委员会"),
    ("Programme", "Chinese Medicine Law"),
    ("Programme", "the Chinese Medicine Law"),
    ("Programme", "Traditional Chinese Medicine Law"),
    ("Programme", "中医药法"),
    ("Programme", "中华人民共和国中医药法"),
    ("Programme", "Belt and Road Initiative"),
    ("Programme", "一带一路"),
    ("Programme", "“一带一路”倡议"),
    (
        "Programme",
        "Outline of the Strategic Plan for the Development of Traditional Chinese Medicine (2016-2030)",
    ),
    ("Programme", "中医药发展战略规划纲要（2016—2030年）"),
    ("Programme", "中共中央 国务院关于促进中医药传承创新发展的意见"),
    ("Programme", "“健康中国2030”规划纲要"),
    ("Programme", "Healthy China 2030 Planning Outline"),
    ("Programme", "“十四五”中医药发展规划"),
]

_QUOTES_BRACKETS = re.compile(r"[\"'“”‘’`「」『』《》〈〉()\[\]{}【】〔〕〖〗]")


def normalise(name: str) -> str:
    """NFKC, case-folded, quotes, brackets and spaces dropped (and, as the
    pipeline does, a leading English article and edge punctuation)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = _QUOTES_BRACKETS.sub("", text)
    text = re.sub(r"\s+", "", text)
    return text.strip(".,;:。，；：、")


def slug(label: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", label.lower().replace("'", "")))


@cache
def graph() -> Graph:
    return Graph().parse(AUTHORITIES_PATH, format="turtle")


def entries() -> list[URIRef]:
    return sorted({s for s in graph().subjects(RDF.type, None) if isinstance(s, URIRef)}, key=str)


def names(node: URIRef) -> list[Literal]:
    return [
        o
        for p in (RDFS.label, SKOS.altLabel)
        for o in graph().objects(node, p)
        if isinstance(o, Literal)
    ]


def entry_type(node: URIRef) -> str:
    (kind,) = [TYPES[t] for t in graph().objects(node, RDF.type) if t in TYPES]
    return kind


def english_label(node: URIRef) -> str:
    (label,) = [o for o in graph().objects(node, RDFS.label) if o.language == "en"]
    return str(label)


# --- well-formed ---------------------------------------------------------------


def test_file_parses_and_has_entries() -> None:
    assert len(graph()) > 0
    assert len(entries()) >= 60


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_file_parses_with_rapper() -> None:
    result = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(AUTHORITIES_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_entry_is_one_agency_or_programme_in_the_authority_namespace() -> None:
    for node in entries():
        assert str(node).startswith(AUTH), node
        types = set(graph().objects(node, RDF.type))
        assert len(types) == 1 and types <= set(TYPES), (node, types)


def test_every_subject_is_a_typed_entry() -> None:
    subjects = {s for s in graph().subjects() if isinstance(s, URIRef)}
    assert subjects == set(entries())


def test_every_entry_has_one_label_in_english_and_one_in_chinese() -> None:
    for node in entries():
        languages = sorted(o.language for o in graph().objects(node, RDFS.label))
        assert languages == ["en", "zh"], (node, languages)


def test_every_name_is_tagged_english_or_chinese_and_non_empty() -> None:
    for node in entries():
        for name in names(node):
            assert name.language in {"en", "zh"}, (node, name)
            assert str(name).strip() == str(name) and str(name), (node, name)
            if name.language == "zh":
                assert re.search(r"[\u4e00-\u9fff]", name), (node, name)


def test_every_entry_has_a_level() -> None:
    for node in entries():
        levels = [str(o) for o in graph().objects(node, PKG.level)]
        assert len(levels) == 1 and levels[0] in LEVELS, (node, levels)


def test_iris_follow_the_slug_rule() -> None:
    for node in entries():
        assert str(node) == AUTH + slug(english_label(node)), node


# --- unambiguous matching --------------------------------------------------------


def test_no_two_entries_share_a_normalised_name() -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for node in entries():
        for name in names(node):
            owners[normalise(name)].add(node)
    clashes = {key: sorted(nodes) for key, nodes in owners.items() if len(nodes) > 1}
    assert not clashes


def test_no_entry_repeats_a_name_up_to_normalisation() -> None:
    for node in entries():
        keys = [normalise(name) for name in names(node)]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        assert not repeated, (node, repeated)


def test_no_two_entries_share_a_name_under_the_pipeline_normaliser() -> None:
    from kg.resolve import normalise_name

    owners: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for node in entries():
        for name in names(node):
            owners[(entry_type(node), normalise_name(name))].add(node)
    assert not {key: nodes for key, nodes in owners.items() if len(nodes) > 1}


@pytest.mark.parametrize(("kind", "name"), SEED_NAMES, ids=[n for _, n in SEED_NAMES])
def test_seed_names_denote_an_entry(kind: str, name: str) -> None:
    found = {
        node
        for node in entries()
        if entry_type(node) == kind and normalise(name) in {normalise(n) for n in names(node)}
    }
    assert len(found) == 1, (kind, name, found)


def test_predecessor_is_its_own_entry() -> None:
    nhc = URIRef(AUTH + "national-health-commission")
    assert all("Family Planning" not in n and "计划生育" not in n for n in names(nhc))


# --- coverage --------------------------------------------------------------------


def test_all_31_provincial_governments_and_health_commissions() -> None:
    provincial = [n for n in entries() if str(graph().value(n, PKG.level)) == "provincial"]
    zh_labels = [
        str(o) for n in provincial for o in graph().objects(n, RDFS.label) if o.language == "zh"
    ]
    governments = [z for z in zh_labels if z.endswith("人民政府")]
    commissions = [z for z in zh_labels if z.endswith("卫生健康委员会")]
    assert len(set(governments)) == 31
    assert len(set(commissions)) == 31
    assert len(provincial) == 62


# --- Wikidata ----------------------------------------------------------------------


def test_same_as_objects_are_wikidata_items() -> None:
    for node in entries():
        for obj in graph().objects(node, OWL.sameAs):
            assert isinstance(obj, URIRef) and WIKIDATA_IRI.match(str(obj)), (node, obj)


def _blocks() -> dict[str, tuple[str, list[str]]]:
    """Entry slug -> (its pkg type as written, the comment lines just above it)."""
    lines = AUTHORITIES_PATH.read_text("utf-8").splitlines()
    found: dict[str, tuple[str, list[str]]] = {}
    for index, line in enumerate(lines):
        head = re.match(r"^auth:(\S+) a pkg:(\w+) ;$", line)
        if not head:
            continue
        comments: list[str] = []
        back = index - 1
        while back >= 0 and lines[back].startswith("#"):
            comments.insert(0, lines[back])
            back -= 1
        found[head.group(1)] = (head.group(2), comments)
    return found


def test_every_entry_states_where_its_wikidata_id_comes_from() -> None:
    blocks = _blocks()
    assert {AUTH + s for s in blocks} == {str(n) for n in entries()}
    for name, (_, comments) in blocks.items():
        node = URIRef(AUTH + name)
        notes = [c for c in comments if c.startswith("# wikidata:")]
        assert len(notes) == 1, (name, comments)
        same_as = sorted(str(o) for o in graph().objects(node, OWL.sameAs))
        if same_as:
            stated = re.match(r"^# wikidata: (Q[0-9]+) from \S.+$", notes[0])
            assert stated, (name, notes[0])
            assert same_as == [f"http://www.wikidata.org/entity/{stated.group(1)}"], name
        else:
            assert notes[0] == "# wikidata: not verified here", (name, notes[0])


# --- reviewable order ----------------------------------------------------------------


def test_entries_are_sorted_by_type_then_english_name() -> None:
    written = [(kind, english_label(URIRef(AUTH + s))) for s, (kind, _) in _blocks().items()]
    rank = {"Agency": 0, "Programme": 1}
    assert written == sorted(written, key=lambda e: (rank[e[0]], e[1].casefold()))
