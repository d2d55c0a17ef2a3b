"""Bad input: every kind of file a real folder holds either builds or is skipped with
one line naming it, and the rest of the batch is built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from kg.vocab import PKG

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "bad"
sys.path.insert(0, str(ROOT / "scripts"))
from make_bad_corpus import make_bad_corpus  # noqa: E402

SKIPPED = {
    "empty.txt": "empty file",
    "image.txt": "binary file",
    "archive.html": "binary file",
    "nul_bytes.txt": "binary file",
    "invalid_utf8.txt": "invalid UTF-8 (first bad byte at offset 32)",
    "one_character.txt": "no readable text",
    "huge_no_line_break.txt": "too large",
    "unreadable.txt": "cannot read file (Permission denied)",
    "loop": "symlink loop",
}
BUILT = [
    "big5_notice.txt",
    "complex_page.html",
    "gb18030_notice.txt",
    "mixed_line_endings.txt",
    "tricky_names.txt",
    "utf16_notice.txt",
    "README.md",
]
# characters RFC 3987 forbids in an IRI, and that N-Triples cannot carry unescaped
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')


@pytest.fixture(scope="module")
def bad_build() -> tuple[subprocess.CompletedProcess[str], Graph]:
    """Build the whole bad corpus once, as an unprivileged user where we can drop
    root (so that file permissions apply), writing into a world-writable folder."""
    folder = Path(tempfile.mkdtemp(prefix="kg-bad-"))
    try:
        folder.chmod(0o777)
        corpus = folder / "corpus"
        shutil.copytree(BAD, corpus)
        make_bad_corpus(corpus)
        for path in [corpus, *corpus.rglob("*")]:
            if path.name != "unreadable.txt" and not path.is_symlink():
                path.chmod(0o777 if path.is_dir() else 0o644)
        output = folder / "out.ttl"
        command = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(output)]
        if os.geteuid() == 0 and shutil.which("setpriv"):
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
            env={**os.environ, "HOME": str(folder)},
        )
        graph = Graph().parse(output) if output.exists() else Graph()
        yield result, graph
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_bad_input_batch_goes_on_and_exits_1(bad_build) -> None:
    result, graph = bad_build
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    files = {str(o) for o in graph.objects(None, PKG.fileName)}
    assert files == set(BUILT)


@pytest.mark.parametrize(("name", "problem"), sorted(SKIPPED.items()))
def test_bad_input_one_line_error_names_file_and_problem(
    bad_build, name: str, problem: str
) -> None:
    result, _ = bad_build
    if name == "unreadable.txt" and os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions do not apply")
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("kg: skipped") and name in ln]
    assert len(lines) == 1, result.stderr
    assert problem in lines[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gb18030_notice.txt", "哈密市卫生健康委员会"),
        ("utf16_notice.txt", "哈密市卫生健康委员会"),
        ("big5_notice.txt", "中醫診所"),
        ("complex_page.html", "成都市卫生健康委员会"),
    ],
)
def test_bad_input_legacy_encodings_and_html_are_read(bad_build, name: str, expected: str) -> None:
    _, graph = bad_build
    doc = next(graph.subjects(PKG.fileName, Literal(name)))
    names = {
        str(o)
        for s in graph.subjects(None, doc)
        for o in graph.objects(s, None)
        if isinstance(o, Literal)
    }
    assert any(expected in n for n in names), sorted(names)[:20]


def test_bad_input_html_scripts_and_entities(bad_build) -> None:
    _, graph = bad_build
    text = " ".join(str(o) for o in graph.objects() if isinstance(o, Literal))
    assert "in a script" not in text and "hidden" not in text and "请开启脚本" not in text
    assert "—要求到2025年" in text or "&mdash;" not in text


def test_bad_input_tricky_names_give_valid_iris_and_turtle(bad_build) -> None:
    _, graph = bad_build
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        assert not IRI_FORBIDDEN.search(str(term)), term
    assert any("“引号”\\\\与<尖括号>" in str(o) for o in graph.objects(None, None))
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(again) == len(graph)
    if shutil.which("rapper"):
        nt = graph.serialize(format="nt", encoding="utf-8")
        check = subprocess.run(
            ["rapper", "-i", "ntriples", "-c", "-", "http://example.org/base"],
            input=nt,
            capture_output=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stderr[-500:]
    assert set(graph.subjects(RDF.type, PKG.Agency))
