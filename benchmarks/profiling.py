"""Profile English extraction, Chinese extraction and the whole build with py-spy,
and summarise where the time goes.

    .venv/bin/pip install py-spy                 # not a project dependency
    .venv/bin/python benchmarks/profiling.py       # ~1 MB synthetic corpus
    .venv/bin/python benchmarks/profiling.py --size-mb 2 --svg

For each target (en, zh, build) it writes benchmarks/profiles/<target>.txt
(py-spy's collapsed stacks: load them in https://www.speedscope.app or feed
them to inferno / flamegraph.pl), with --svg also <target>.svg (a flame graph,
recorded in a second run), and <target>.md: the share of samples per pipeline
stage, the top functions by self time and by inclusive time.

The targets: `en` / `zh` run kg.pipeline.process_document over every document
of the synthetic sub-corpus in one process (what benchmarks/run.py measures);
`build` is `python -m kg build` on both sub-corpora with one worker (load,
extract, resolve, N-Triples shard, sorted lines, labels, Turtle; no store)."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


# Pipeline stages, most specific first: a sample goes to the first stage any of
# its frames matches (so time in spaCy called by an extractor is the extractor's).
def _fn(names: str, module: str) -> re.Pattern[str]:
    """Frames of the functions `names` (a regex alternation; methods match by their
    name, whatever their class) in `module` (a path fragment)."""
    return re.compile(rf"^(?:\w+\.)?(?:{names}) \((?:.*/)?{re.escape(module)}")


STAGES: list[tuple[str, re.Pattern[str]]] = [
    ("imports", re.compile(r"^_find_and_load ")),
    (
        "pipeline set-up (load_pipeline, jieba-rs dictionary + domain lexicon)",
        re.compile(
            r"^(?:load_pipeline \((?:.*/)?kg/nlp\.py"
            r"|_jieba \((?:.*/)?kg/segment\.py)"
        ),
    ),
    ("extractor: {}", re.compile(r"\(kg/extractors/(?!__init__)(\w+)\.py")),
    (
        "jieba segmentation (kg.segment: jieba-rs + border fixes)",
        _fn("cut|_cut_blocks|_split_ascii_runs", "kg/segment.py"),
    ),
    ("spaCy tokenisation + sentencizer (nlp(text))", _fn("__call__|pipe", "spacy/language.py")),
    (
        "sentence spans (doc.sents, _lines, _trimmed)",
        _fn("<listcomp>|_lines|_trimmed", "kg/pipeline.py"),
    ),
    ("clean_text", _fn("clean_text", "kg/clean.py")),
    ("detect_language", _fn("detect_language", "kg/language.py")),
    ("read_document_info (metadata)", _fn("read_document_info", "kg/metadata.py")),
    ("resolve_entities", _fn("resolve_entities", "kg/resolve.py")),
    ("link_entities", _fn("link_entities", "kg/link.py")),
    ("_places_inside", _fn("_places_inside", "kg/pipeline.py")),
    ("graph building (kg.graph.document_ntriples)", _fn("document_ntriples", "kg/graph.py")),
    (
        "Turtle pieces of documents' own subjects (kg.turtle.document_pieces)",
        _fn("document_pieces", "kg/turtle.py"),
    ),
    (
        "export: sorted lines, labels + Turtle (BuildSpool / KnowledgeStore.write)",
        _fn("write|_write_with_pieces", "kg/store.py"),
    ),
    ("store: to_graph (sorted lines + rdflib parse)", _fn("to_graph", "kg/store.py")),
    ("store: loading shards (add_shard, ShardLoader)", _fn("add_shard|add|flush", "kg/store.py")),
    ("store: refresh_labels", _fn("refresh_labels", "kg/store.py")),
    ("store: KnowledgeStore() (ontology load)", _fn("__init__", "kg/store.py")),
    ("load_document (read, decode, normalise)", _fn("load_document", "kg/documents.py")),
    ("run_extractors (dispatch, make_mention)", _fn("run_extractors", "kg/extractors/__init__.py")),
    (
        "finding documents, hashes, store.documents()",
        _fn("find_documents|file_hash|documents", "kg/"),
    ),
    ("process pool (waiting for workers)", re.compile(r"\(concurrent/futures/")),
]


def run_target(target: str, folder: Path) -> None:
    """What py-spy watches: process_document over one sub-corpus."""
    from kg.documents import load_document
    from kg.pipeline import process_document

    for path in sorted((folder / target).glob("*.txt")):
        process_document(load_document(path))


def record(target: str, folder: Path, out: Path, fmt: str, rate: int) -> None:
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if target == "build":
        command = [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(folder / "en"),
            str(folder / "zh"),
            "-o",
            str(folder / "build.ttl"),
            "-w",
            "1",
            "-q",
        ]
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "_target", target, str(folder)]
    subprocess.run(
        [
            pyspy,
            "record",
            "--function",
            "--rate",
            str(rate),
            "--format",
            fmt,
            "-o",
            str(out),
            "--",
            *command,
        ],
        check=True,
        cwd=ROOT,
    )


def _short(frame: str) -> str:
    """'name (path/to/site-packages/pkg/mod.py:12)' -> 'name (pkg/mod.py:12)'."""
    return re.sub(r"\((?:[^()]*?/)?(?:site-packages|lib/python3\.\d+|main)/", "(", frame)


def summarise(raw: Path, top: int = 10) -> str:
    stacks: list[tuple[list[str], int]] = []
    for line in raw.read_text("utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            frames = [_short(f) for f in stack.split(";")]
            # py-spy puts the thread ("process 123:..." / "MainThread") first.
            stacks.append(([f for f in frames if " (" in f], int(count)))
    total = sum(c for _, c in stacks) or 1
    stages: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for frames, count in stacks:
        stage = "other"
        for name, pattern in STAGES:
            found = next((m for f in frames if (m := pattern.search(f))), None)
            if found:
                stage = name.format(found.group(1)) if "{}" in name else name
                break
        stages[stage] += count
        if stage == "imports" or stage.startswith("pipeline set-up"):
            continue  # the function tables show the steady state only
        if frames:
            self_time[_function(frames[-1])] += count
        for function in {_function(f) for f in frames}:
            inclusive[function] += count

    def block(title: str, counter: Counter[str], n: int) -> list[str]:
        lines = [
            f"### {title}",
            "",
            "Shares of the steady-state samples (imports and pipeline set-up left out).",
            "",
            "| share | samples | function (module) |",
            "|---:|---:|---|",
        ]
        for name, count in counter.most_common(n):
            lines.append(f"| {100 * count / steady:.1f}% | {count} | `{name}` |")
        return lines + [""]

    one_off = sum(v for k, v in stages.items() if k == "imports" or k.startswith("pipeline set-up"))
    steady = (total - one_off) or 1
    out = [f"{total} samples ({raw.name})", ""]
    out += [
        "### Time per pipeline stage",
        "",
        "`steady` leaves out the one-off costs (imports, pipeline set-up), which "
        "benchmarks/run.py does not time either.",
        "",
        "| share | steady | samples | stage |",
        "|---:|---:|---:|---|",
    ]
    for name, count in stages.most_common():
        is_one_off = name == "imports" or name.startswith("pipeline set-up")
        share = "" if is_one_off else f"{100 * count / steady:.1f}%"
        out.append(f"| {100 * count / total:.1f}% | {share} | {count} | {name} |")
    out.append("")
    out += block(f"Top {top} functions by self time", self_time, top)
    out += block(
        f"Top {top} functions by inclusive time (from kg/ and its libraries)",
        Counter(
            {
                k: v
                for k, v in inclusive.items()
                if not re.match(
                    r"^(<module>|_run_code|_run_module_as_main|main|"
                    r"run_target|_find_and_load|_call_with_frames)",
                    k,
                )
            }
        ),
        top * 2,
    )
    return "\n".join(out)


def _function(frame: str) -> str:
    """'name (pkg/mod.py:12)' -> 'name (pkg/mod.py)' (one row per function)."""
    return re.sub(r":\d+\)$", ")", frame)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_target":
        run_target(sys.argv[2], Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0, help="corpus size (half en, half zh)")
    parser.add_argument(
        "--targets", nargs="+", default=["en", "zh", "build"], choices=("en", "zh", "build")
    )
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--svg", action="store_true", help="also record a flame graph per target")
    parser.add_argument("--out", type=Path, default=HERE / "profiles")
    parser.add_argument(
        "--summarise-only",
        action="store_true",
        help="only rebuild the .md summaries from existing .txt",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.summarise_only:
        for target in args.targets:
            raw = args.out / f"{target}.txt"
            (args.out / f"{target}.md").write_text(summarise(raw) + "\n", "utf-8")
        return 0
    import corpus

    work = Path(tempfile.mkdtemp(prefix="kg-profile-"))
    try:
        corpus.generate(work, args.size_mb / 2)
        for target in args.targets:
            raw = args.out / f"{target}.txt"
            record(target, work, raw, "raw", args.rate)
            (args.out / f"{target}.md").write_text(summarise(raw) + "\n", "utf-8")
            print((args.out / f"{target}.md").read_text("utf-8"))
            if args.svg:
                record(target, work, args.out / f"{target}.svg", "flamegraph", args.rate)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
