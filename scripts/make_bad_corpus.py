"""Write the large and platform-dependent bad-input cases into a folder.

Kept out of the repository (a 50 MB file, a symlink loop, a file nobody may
read); the small cases live in tests/data/bad/.

    python scripts/make_bad_corpus.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HUGE_BYTES = 50 * 1024 * 1024


def make_bad_corpus(folder: Path) -> dict[str, Path]:
    """Create the cases; return them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    huge = folder / "huge_no_line_break.txt"
    sentence = b"The Municipal Health Commission shall support 12 clinics by 2025. "
    with huge.open("wb") as out:
        written = 0
        while written < HUGE_BYTES:
            out.write(sentence)
            written += len(sentence)
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    link = loop / "again"
    if not link.is_symlink():
        os.symlink("..", link)
    unreadable = folder / "unreadable.txt"
    unreadable.write_text("The State Council issued the plan.", encoding="utf-8")
    unreadable.chmod(0)
    return {"huge": huge, "loop": loop, "unreadable": unreadable}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, path in make_bad_corpus(Path(sys.argv[1])).items():
        print(f"{name}: {path}")
