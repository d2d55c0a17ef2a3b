"""Where `kg build`'s memory goes: the steps of `kg build` (imports, then build_export:
extraction, sorting and the Turtle export) run one by one in this process, printing
resident memory (VmRSS) and its peak so far (VmHWM) after each, for a synthetic
corpus of --size-mb MB.

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
            print(f"{time.perf_counter() - t:7.1f} s  {name:<52} {status()}", flush=True)

        step("start (corpus written)")
        from kg import pipeline

        step("imports")
        output = work / "out" / "out.ttl"
        report, triples = pipeline.build_export([work / "en", work / "zh"], output)
        size = output.stat().st_size / 1e6
        step(f"build_export ({len(report.built)} documents, {triples:,} triples, {size:.1f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
