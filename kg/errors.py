"""Errors a user can act on: each names the file and the problem in one line."""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base class for errors that the command line reports without a traceback."""


class DocumentError(KGError):
    """A document that cannot be read as text; the rest of a batch goes on."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
