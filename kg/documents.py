"""Load: find input files, decode them whatever their encoding, strip HTML markup
and normalise the text, so that every later stage sees clean Unicode."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes
from lxml import html as lxml_html
from lxml.etree import ParserError

from kg.errors import DocumentError
from kg.model import SourceDocument

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# Byte-order marks decide the encoding outright; a detector can only guess worse.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Text that is not UTF-8 is accepted in the legacy encodings of Chinese
# documents; anything else (a Western code page guessed for stray bytes) is more
# likely a damaged file than a document, and is reported.
_LEGACY_ENCODINGS = ("gb", "big5", "cp950", "hz", "utf")
# A document larger than this is refused rather than exhausting memory; split it.
MAX_DOCUMENT_BYTES = 20_000_000
# Elements whose text is never part of the document's content.
_DROPPED_ELEMENTS = ("script", "style", "noscript", "template", "head")
_BLOCK_ELEMENTS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "title",
        "dd",
        "dt",
    ]
)


def find_documents(paths: Iterable[Path | str]) -> Iterator[Path | DocumentError]:
    """Yield supported files under `paths` in sorted order (recursing into folders),
    and a `DocumentError` for each path that cannot be listed, so a batch goes on."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        elif not path.exists():
            yield DocumentError(path, "no such file or directory")
        else:
            yield DocumentError(path, "not a regular file")


def _walk(root: Path) -> Iterator[Path | DocumentError]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            stat = folder.stat()
        except OSError as exc:
            yield DocumentError(folder, f"cannot open folder ({exc.strerror})")
            continue
        if (stat.st_dev, stat.st_ino) in seen:
            yield DocumentError(folder, "folder already visited (symlink loop), skipped")
            continue
        seen.add((stat.st_dev, stat.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield DocumentError(folder, f"cannot list folder ({exc.strerror})")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subfolders.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def load_document(path: Path) -> SourceDocument:
    """Read one file into a `SourceDocument`, or raise `DocumentError` saying why not."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            path, f"unsupported file type {suffix or '(none)'}; expected .txt, .md or .html"
        )
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                path,
                f"too large ({size / 1e6:.1f} MB; a document may hold at most "
                f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB — split it)",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"cannot read file ({exc.strerror})") from None
    text, encoding = decode_bytes(data, path)
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text, path)
    text = normalise_text(text)
    if not text.strip():
        raise DocumentError(path, "no text content")
    if len(set(text) - set(" \t\n")) < 2:
        raise DocumentError(path, "no readable text (one character repeated)")
    digest = hashlib.sha256(data).hexdigest()
    return SourceDocument(path=path, text=text, content_hash=f"sha256:{digest}", encoding=encoding)


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode with the BOM, else UTF-8, else the detector's best guess."""
    if not data:
        raise DocumentError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise DocumentError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DocumentError(path, "cannot detect the text encoding (binary file?)")
    encoding = best.encoding
    if not encoding.lower().startswith(_LEGACY_ENCODINGS):
        offset = _first_invalid_utf8(data)
        raise DocumentError(
            path,
            f"invalid UTF-8 (first bad byte at offset {offset}) and not a Chinese "
            f"legacy encoding (GB18030, GBK, Big5)",
        )
    # GB2312/GBK files routinely contain characters only GB18030 defines.
    if encoding.lower() in {"gb2312", "gbk", "gb18030", "hz"}:
        encoding = "gb18030"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise DocumentError(path, f"invalid bytes for detected encoding {encoding}") from None


def _first_invalid_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    return max(even_nuls, odd_nuls) > len(sample) // 4 and min(even_nuls, odd_nuls) == 0


def html_to_text(markup: str, path: Path) -> str:
    """Text of an HTML page, one line per block element, scripts and styles dropped."""
    try:
        root = lxml_html.document_fromstring(markup)
    except (ParserError, ValueError) as exc:
        raise DocumentError(path, f"cannot parse HTML ({exc})") from None
    title = root.findtext(".//title") or ""
    for element in list(root.iter(*_DROPPED_ELEMENTS)):
        element.drop_tree()
    parts: list[str] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_ELEMENTS:
            parts.append("\n")
        if element.text and tag not in ("", "title"):
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    body = "".join(parts)
    return (title.strip() + "\n" + body) if title.strip() and title.strip() not in body else body


def normalise_text(text: str) -> str:
    """NFC, Unix line ends, no control characters but tab and newline."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROLS.sub(" ", text)


# Unicode's control characters (category Cc) but tab and newline, and lone
# surrogates (Cs): one scan in C, where a category look-up per character took 5% of
# the time of extracting an English document.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
