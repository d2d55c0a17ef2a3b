"""Where `kg build`'s memory goes: the steps of build_graph_from_paths + export run
one by one in this process, printing resident memory (VmRSS) and its peak so far
(VmHWM) after each, for a synthetic corpus of --size-mb MB.

    .venv/bin/python benchmarks/memory_stages.py --size-mb 2"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402


def status() -> str:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return f"RSS {fields['VmRSS']:7.0f} MiB   peak {fields['VmHWM']:7.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=2.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-mem-"))
    try:
        corpus.generate(work, args.size_mb / 2, seed=7)
        corpus.templates.cache_clear()
        t = time.perf_counter()

        def step(name: str) -> None:
            print(f"{time.perf_counter() - t:7.1f} s  {name:<44} {status()}", flush=True)

        step("start (corpus written)")
        from kg.export import serialise, write_atomic
        from kg.pipeline import BuildReport, add_paths
        from kg.store import KnowledgeStore

        step("imports")
        store = KnowledgeStore()
        report = BuildReport()
        add_paths(store, [work / "en", work / "zh"], report)
        step(f"add_paths ({len(report.built)} documents in Oxigraph)")
        quads = store.exported_quads()
        step(f"store.exported_quads() ({len(quads):,} quads)")
        del quads
        graph = store.to_graph()
        step(f"store.to_graph() ({len(graph):,} triples in rdflib)")
        data = serialise(graph, "turtle")
        step(f"kg.export.serialise turtle ({len(data) / 1e6:.1f} MB)")
        write_atomic(work / "out.ttl", data)
        step("write_atomic")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
