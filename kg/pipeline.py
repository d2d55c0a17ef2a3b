"""The pipeline, end to end: load -> clean -> detect language -> NLP -> extractors
-> resolve -> graph. Each stage is a function of its own module; this one only
wires them together and keeps a bad file from stopping a batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.clean import clean_text
from kg.documents import find_documents
from kg.engine import Shard, file_hash, ready_processes, run_engine, start_engine
from kg.errors import DocumentError
from kg.graph import DocumentResult
from kg.language import detect_language
from kg.link import link_entities
from kg.metadata import read_document_info
from kg.model import Findings, Mention, SourceDocument, SpanIndex
from kg.resolve import Entity, resolve_entities
from kg.store import BuildSpool, KnowledgeStore

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildReport:
    """What a build did: the documents it read and the ones it could not."""

    built: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)


def process_document(source: SourceDocument) -> DocumentResult:
    """Run every stage after loading on one document."""
    # spaCy comes in with the first document, not with this module: the main process
    # of a build on worker processes only loads shards, and would import it for nothing
    from kg.extractors import ExtractionContext, run_extractors
    from kg.nlp import load_pipeline

    text = clean_text(source.text)
    lang = detect_language(text)
    info = read_document_info(text, lang)
    doc = load_pipeline(lang)(text)
    sentences = [
        _trimmed(text, start, end)
        for s in doc.sents
        for start, end in _lines(text, s.start_char, s.end_char)
    ]
    context = ExtractionContext(source=source, info=info, findings=Findings())
    findings = run_extractors(doc, context)
    entities = resolve_entities(findings, lang, task_scope=source.content_hash)
    references = link_entities(entities, info, _places_inside(entities, findings.mentions))
    return DocumentResult(
        source=source,
        info=info,
        findings=findings,
        entities=entities,
        sentences=[s for s in sentences if s[0] < s[1]],
        references=references,
    )


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence split at line breaks: a heading or list item is never joined to the next."""
    spans, position = [], start
    while (newline := text.find("\n", position, end)) >= 0:
        spans.append((position, newline))
        position = newline + 1
    spans.append((position, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _places_inside(
    entities: dict[tuple[str, str], Entity], mentions: list[Mention]
) -> dict[tuple[str, str], bool]:
    """Per entity, whether one of its mentions names a place inside it."""
    places = SpanIndex([m for m in mentions if m.type == "Place"])
    return {
        key: any(
            p.start >= m.start and p.end <= m.end and p is not m
            for m in entity.mentions
            for p in places.near(m.start, m.end)
        )
        for key, entity in entities.items()
    }


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Where documents are processed: `engine` "local" with `workers` processes
    (1: in this process), or "dask" on the cluster at `scheduler`; `shard_dir`
    is where workers write their shards (shared storage on a cluster)."""

    engine: str = "local"
    workers: int = 1
    scheduler: str | None = None
    shard_dir: Path | None = None

    @property
    def parallel(self) -> bool:
        return self.engine == "dask" or self.workers > 1


Progress = Callable[[Iterable[Path]], Iterable[Path]]


def add_paths(
    store: KnowledgeStore,
    paths: Iterable[Path | str],
    report: BuildReport,
    progress: Progress | None = None,
    options: EngineOptions | None = None,
) -> None:
    """Add or update every readable document under `paths` in `store`; unchanged
    files (same path, same content) are not processed again. Each document goes in
    in its own transaction, so an add stopped midway keeps every document it
    finished. `progress` wraps the files being processed (a progress bar, say)."""
    known = {(d.source_path, d.content_hash) for d in store.documents()}
    options = options or EngineOptions()
    start_engine(options.engine, options.workers)  # it loads while the files are found
    pending = _pending_documents(paths, report, known)
    _load_documents(_from_resolved(store.add_shard), pending, report, progress, options)
    store.refresh_labels()


def build_export(
    paths: Iterable[Path | str],
    output: Path,
    progress: Progress | None = None,
    options: EngineOptions | None = None,
) -> tuple[BuildReport, int]:
    """Build every readable document under `paths` into the Turtle file `output`
    (replaced atomically; left alone if no document could be read); the report and
    the number of triples written.

    No store: the shards go straight into a `BuildSpool`, which sorts their lines on
    disk beside `output` once large, so memory stays bounded whatever the input's
    size. A store would index every statement only for the export to read them all
    back: that cost the main process as much as the extraction. With several workers,
    they also write their documents' own subjects as Turtle (`make_shard`'s pieces),
    which leaves this process, the one no worker can help at the end, a tenth of the
    lines; in one process, sorting and writing them all at the end costs less."""
    report = BuildReport()
    options = options or EngineOptions()
    start_engine(options.engine, options.workers)  # it loads while the files are found
    pending = _pending_documents(paths, report, known=set())
    with BuildSpool(Path(output).parent) as spool:
        _load_documents(
            lambda shard, _: spool.add(shard),
            pending,
            report,
            progress,
            options,
            pieces=options.parallel,
        )
        helper = ready_processes(options.engine, options.workers)
        triples = spool.write(Path(output), helper) if report.built else 0
    return report, triples


def build_store_from_paths(
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    options: EngineOptions | None = None,
) -> tuple[KnowledgeStore, BuildReport]:
    """A new store in memory holding every readable document under `paths`. Being new,
    it is filled by the bulk loader, without the look-ups and transactions of
    `add_paths`."""
    report = BuildReport()
    options = options or EngineOptions()
    start_engine(options.engine, options.workers)  # it loads while the files are found
    pending = _pending_documents(paths, report, known=set())
    store = KnowledgeStore()
    with store.bulk_loader() as loader:
        _load_documents(_from_resolved(loader.add), pending, report, progress, options)
    store.refresh_labels()
    return store, report


def _pending_documents(
    paths: Iterable[Path | str], report: BuildReport, known: set[tuple[str, str]]
) -> dict[str, Path]:
    """The files under `paths` to process, by name: all but those `known` (source path,
    content hash) and those that are not documents (reported)."""
    pending: dict[str, Path] = {}
    for found in find_documents(paths):
        if isinstance(found, DocumentError):
            report.errors.append(found)
            continue
        try:
            if known and (str(Path(found).resolve()), file_hash(found)) in known:
                report.unchanged.append(found)
                continue
        except OSError:
            pass  # the worker reports the problem with the file
        pending[str(found)] = found
    return pending


def _from_resolved(add: Callable[[Shard, str], str]) -> Callable[[Shard, Path], str]:
    """A store's way in, given each file's resolved path, which the store records as
    the document's source (a build's export does not: resolving costs a look-up per
    path component, 0.2 s for 1,500 files)."""
    return lambda shard, found: add(shard, str(found.resolve()))


def _load_documents(
    load: Callable[[Shard, Path], str],
    pending: dict[str, Path],
    report: BuildReport,
    progress: Progress | None,
    options: EngineOptions | None,
    pieces: bool = False,
) -> None:
    """Process the `pending` files on the engine of `options` and `load` each shard
    (with its file) as it comes; `pieces` as `make_shard` takes it."""
    options = options or EngineOptions()
    shards = run_engine(
        list(pending.values()),
        engine=options.engine,
        workers=options.workers,
        scheduler=options.scheduler,
        shard_dir=options.shard_dir,
        pieces=pieces,
    )
    ticks = iter(progress(list(pending.values()))) if progress else None
    for shard in shards:
        if ticks is not None:
            next(ticks, None)
        found = pending[shard.path]
        if shard.error:
            report.errors.append(DocumentError(found, shard.error))
            continue
        status = load(shard, found)
        report.built.append(found)
        log.debug("%s %s: %s", status, found, shard.summary)
    if ticks is not None:
        for _ in ticks:
            pass
    report.built.sort()
    report.errors.sort(key=lambda e: str(e.path))


def build_graph_from_paths(
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    options: EngineOptions | None = None,
) -> tuple[Graph, BuildReport]:
    """The merged graph of every readable document under `paths`, as an rdflib graph."""
    store, report = build_store_from_paths(paths, progress, options)
    with store:
        return store.to_graph(), report
