"""Loading: every encoding we promise decodes to the same text; bad files fail on one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.documents import find_documents, html_to_text, load_document
from kg.errors import DocumentError

CHINESE = "资阳市雁江区卫生健康局印发《中医药工作要点》，全区中医馆覆盖率达到100%。"
ENGLISH = "The Municipal Finance Bureau shall support 12 community health service centres."


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", CHINESE),
        ("utf-8-sig", CHINESE),
        ("gb18030", CHINESE * 3),
        ("gbk", CHINESE * 3),
        ("utf-16", CHINESE),
        ("utf-16", ENGLISH),
        ("utf-8", ENGLISH),
    ],
)
def test_documents_decode_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    assert load_document(path).text == text


def test_documents_normalise_to_nfc_and_unix_lines(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("Cafe\u0301 plan\r\nline two\rline three".encode())
    assert load_document(path).text == "Caf\u00e9 plan\nline two\nline three"


def test_documents_hash_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "doc.txt"
    path.write_bytes(ENGLISH.encode())
    assert (
        load_document(path).content_hash == "sha256:" + hashlib.sha256(ENGLISH.encode()).hexdigest()
    )


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n  ", "no text content"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "binary"),
        ("table.csv", b"a,b\n1,2\n", "unsupported file type"),
    ],
)
def test_documents_bad_files_raise_one_line_error(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    message = str(caught.value)
    assert name in message and problem in message and "\n" not in message


def test_documents_html_drops_scripts_styles_and_keeps_blocks() -> None:
    markup = """<html><head><title>Plan</title><style>p{color:red}</style></head>
    <body><script>var x = "hidden";</script><nav>Home</nav>
    <p>First &amp; foremost.</p><table><tr><td>Cell one</td><td>Cell two</td></tr></table></body></html>"""
    text = html_to_text(markup, Path("page.html"))
    assert "hidden" not in text and "color" not in text
    assert "First & foremost." in text
    assert "Cell one" in text and "Cell two" in text
    assert "Cell one\n" in text or "Cell one \n" in text or "\nCell two" in text


def test_documents_find_recurses_sorted_and_survives_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "two.txt").write_text("x")
    (tmp_path / "a" / "one.md").write_text("x")
    (tmp_path / "a" / "skip.pdf").write_text("x")
    (tmp_path / "a" / "page.html").write_text("x")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    found = list(find_documents([tmp_path, tmp_path / "missing.txt"]))
    paths = [f.relative_to(tmp_path).as_posix() for f in found if isinstance(f, Path)]
    errors = [str(f) for f in found if isinstance(f, DocumentError)]
    assert paths == ["a/one.md", "a/page.html", "b/two.txt"]
    assert any("symlink loop" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)
