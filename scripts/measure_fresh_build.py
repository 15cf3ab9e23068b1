"""Time `make book` as a newcomer runs it: a fresh clone, no .venv, no pip cache.

    python3 scripts/measure_fresh_build.py [--one-core] [--keep]

It clones the committed HEAD into a temporary folder and runs the README's first command
there in two timed parts: the install (`make .venv/.book-installed`) and the build
(`make book`). Then it reads each page's execution time from the built
`execution-statistics.html`. `--one-core` runs both under `taskset -c 0`, a quick way to
try a slower machine. `--keep` leaves the clone in place. Writes
`measurements/fresh-build[-one-core].json` and prints a summary.
"""

import html
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def execution_times(site):
    """{page: seconds} from Jupyter Book's execution-statistics page."""
    text = (site / "execution-statistics.html").read_text(encoding="utf-8")
    table = text[text.find("<table") : text.find("</table>")]
    times = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = [
            html.unescape(re.sub("<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if len(cells) >= 5 and cells[3]:
            times[cells[0]] = float(cells[3])
    return times


def timed(command, cwd, environment):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=environment)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed with exit status {done.returncode}")
    return time.perf_counter() - start


def main(arguments):
    one_core = "--one-core" in arguments
    prefix = ["taskset", "-c", "0"] if one_core else []
    if one_core and not shutil.which("taskset"):
        sys.exit("--one-core needs taskset (Debian: apt-get install util-linux)")
    environment = {**os.environ, "PIP_NO_CACHE_DIR": "1"}
    folder = Path(tempfile.mkdtemp(prefix="dlbook-fresh-"))
    clone = folder / "book"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    install = timed([*prefix, "make", ".venv/.book-installed"], clone, environment)
    build = timed([*prefix, "make", "book"], clone, environment)
    pages = execution_times(clone / "_build" / "html")
    result = {
        "install_seconds": round(install, 1),
        "build_seconds": round(build, 1),
        "execution_seconds": round(sum(pages.values()), 1),
        "slowest_page": max(pages, key=pages.get),
        "pages": pages,
        "one_core": one_core,
        "profile": os.environ.get("DLBOOK_PROFILE", "quick"),
        "cpus": 1 if one_core else os.cpu_count(),
        "machine": platform.platform(),
        "commit": subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True
        ).stdout.strip(),
    }
    name = "fresh-build-one-core.json" if one_core else "fresh-build.json"
    out = ROOT / "measurements" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    if "--keep" not in arguments:
        shutil.rmtree(folder)
    print(
        f"install {install:.0f} s, build {build:.0f} s, of which notebook execution "
        f"{result['execution_seconds']:.0f} s over {len(pages)} pages "
        f"(slowest: {result['slowest_page']}, {pages[result['slowest_page']]:.0f} s)"
        f" -> {out.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
