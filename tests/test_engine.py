"""Engines: a pool of local processes and a Dask cluster build the same graph as one
process does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.pipeline import EngineOptions, build_export, build_graph_from_paths

if TYPE_CHECKING:
    from dask.distributed import LocalCluster

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BAD = Path(__file__).resolve().parent / "data" / "bad"


@pytest.fixture(scope="module")
def serial() -> Graph:
    graph, report = build_graph_from_paths([SEEDS])
    assert len(report.built) == 5
    return graph


@pytest.mark.slow
def test_engine_process_pool_matches_one_process(serial: Graph) -> None:
    graph, report = build_graph_from_paths([SEEDS], options=EngineOptions(workers=2))
    assert len(report.built) == 5 and not report.errors
    assert isomorphic(graph, serial)


def local_cluster() -> LocalCluster:
    """Two worker processes on loopback, no dashboard, and the scheduler's HTTP server
    (which stays without one) on a free port rather than 8787: other tests' clusters
    run beside it."""
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        host="127.0.0.1",
    )


@pytest.mark.slow
def test_engine_dask_local_cluster_matches_one_process(serial: Graph, tmp_path: Path) -> None:
    with local_cluster() as cluster:
        options = EngineOptions(
            "dask", scheduler=cluster.scheduler_address, shard_dir=tmp_path / "shards"
        )
        graph, report = build_graph_from_paths([SEEDS, BAD / "empty.txt"], options=options)
    assert [p.name for p in report.built] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [e.problem for e in report.errors] == ["empty file"]
    assert len(list((tmp_path / "shards").glob("*.nt"))) == 5
    assert isomorphic(graph, serial)


@pytest.mark.slow
def test_engine_dask_build_export_with_turtle_pieces_is_the_committed_export(
    tmp_path: Path,
) -> None:
    """`kg build` on a cluster without a shard folder: the Dask workers write their
    documents' own subjects as Turtle pieces, and the export is byte for byte the
    one-process build's."""
    with local_cluster() as cluster:
        options = EngineOptions("dask", scheduler=cluster.scheduler_address)
        report, _ = build_export([SEEDS], tmp_path / "dask.ttl", options=options)
    assert len(report.built) == 5
    assert (tmp_path / "dask.ttl").read_bytes() == (ROOT / "exports" / "policy-kg.ttl").read_bytes()


def test_engine_dask_without_scheduler_is_a_clear_error() -> None:
    with pytest.raises(KGError, match="--scheduler"):
        build_graph_from_paths(
            [SEEDS / "001_f81429b609023b65.txt", SEEDS / "003_f1d7e5e3f747375b.txt"],
            options=EngineOptions("dask"),
        )


def test_engine_cli_workers_flag(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(SEEDS / "001_f81429b609023b65.txt"),
            "--workers",
            "0",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "--workers must be at least 1" in result.stderr
