"""The command line as a user meets it: help, progress on a terminal, quiet in pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import make_parser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_f81429b609023b65.txt"


def test_cli_every_command_module_is_registered() -> None:
    names = set(make_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    modules = {p.stem for p in (ROOT / "kg" / "commands").glob("*.py") if p.stem != "__init__"}
    assert {
        "build",
        "add",
        "remove",
        "documents",
        "export",
        "query",
        "explain",
        "neighbours",
        "path",
        "eval",
        "stats",
    } <= names
    assert len(modules) <= len(names)


def run_with_terminal(args: list[str]) -> tuple[int, str]:
    """Run kg with stderr on a pseudo-terminal; return the exit status and what it showed."""
    leader, follower = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True])
def test_cli_progress_bar_on_terminal_unless_quiet(tmp_path: Path, quiet: bool) -> None:
    args = ["build", str(SEED), "-o", str(tmp_path / "out.ttl")] + (["--quiet"] if quiet else [])
    status, shown = run_with_terminal(args)
    assert status == 0
    assert ("building" in shown and "1/1 (100%" in shown) is not quiet
    assert ("built 1 document" in shown) is not quiet


def test_cli_no_progress_bar_in_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SEED), "-o", str(tmp_path / "out.ttl")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == [
        f"built 1 document(s), {result.stderr.split(', ')[1].split(' ')[0]} triples -> "
        f"{tmp_path / 'out.ttl'}"
    ]


def test_cli_verbose_logs_debug_lines(tmp_path: Path) -> None:
    (tmp_path / "broken.txt").write_bytes(b"")

    def build(*flags: str) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "kg",
            *flags,
            "build",
            str(tmp_path / "broken.txt"),
            str(SEED),
            "-o",
            str(tmp_path / "o.ttl"),
        ]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)

    quiet, loud = build(), build("-v")
    assert "DEBUG" not in quiet.stderr
    assert "DEBUG" in loud.stderr
