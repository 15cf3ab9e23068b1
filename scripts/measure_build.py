"""Measure a cold build (quick profile) and a no-change rebuild of the book.

The build runs in a fresh copy of the tracked files, so your own _build is untouched.
The cold build starts with no execution cache and no JavaScript tarballs (they are
fetched with npm). Writes measurements/build.json and prints a summary.

    .venv/bin/python scripts/measure_build.py
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def timed_build(book):
    start = time.perf_counter()
    subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going", "-q"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        for name in files:
            (book / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, book / name)
        cold = timed_build(book)
        rebuild = timed_build(book)
    result = {
        "cold_build_seconds": round(cold, 1),
        "no_change_rebuild_seconds": round(rebuild, 1),
        "profile": os.environ.get("DLBOOK_PROFILE", "quick"),
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "python": platform.python_version(),
    }
    out = ROOT / "measurements" / "build.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"cold build: {cold:.1f} s   no-change rebuild: {rebuild:.1f} s   "
        f"({os.cpu_count()} CPUs) -> {out}"
    )


if __name__ == "__main__":
    main()
