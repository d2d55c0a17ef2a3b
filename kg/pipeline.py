"""The pipeline, end to end: load -> clean -> detect language -> NLP -> extractors
-> resolve -> graph. Each stage is a function of its own module; this one only
wires them together and keeps a bad file from stopping a batch."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.clean import clean_text
from kg.documents import find_documents, load_document
from kg.errors import DocumentError
from kg.extractors import ExtractionContext, run_extractors
from kg.graph import DocumentResult, add_document, new_graph
from kg.language import detect_language
from kg.metadata import read_document_info
from kg.model import Findings, SourceDocument
from kg.nlp import load_pipeline
from kg.resolve import resolve_entities

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildReport:
    """What a build did: the documents it read and the ones it could not."""

    built: list[Path] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)


def process_document(source: SourceDocument) -> DocumentResult:
    """Run every stage after loading on one document."""
    text = clean_text(source.text)
    lang = detect_language(text)
    info = read_document_info(text, lang)
    doc = load_pipeline(lang)(text)
    context = ExtractionContext(source=source, info=info, findings=Findings())
    findings = run_extractors(doc, context)
    entities = resolve_entities(findings, lang, task_scope=source.content_hash)
    return DocumentResult(source=source, info=info, findings=findings, entities=entities)


def process_paths(paths: Iterable[Path | str], report: BuildReport) -> Iterator[DocumentResult]:
    """Process each document under `paths`, recording failures in `report`."""
    for found in find_documents(paths):
        if isinstance(found, DocumentError):
            report.errors.append(found)
            continue
        try:
            source = load_document(found)
            result = process_document(source)
        except DocumentError as exc:
            report.errors.append(exc)
            continue
        except Exception as exc:  # one broken document must not stop a batch
            log.debug("unexpected failure on %s", found, exc_info=True)
            report.errors.append(
                DocumentError(found, f"extraction failed ({type(exc).__name__}: {exc})")
            )
            continue
        report.built.append(found)
        yield result


def build_graph_from_paths(paths: Iterable[Path | str]) -> tuple[Graph, BuildReport]:
    """The merged graph of every readable document under `paths`."""
    report = BuildReport()
    graph = new_graph()
    for result in process_paths(paths, report):
        add_document(graph, result)
    return graph, report
