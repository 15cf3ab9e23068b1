"""The packages' metadata: pyproject.toml declares exactly what dlbook imports, and what
dlbook_site (the site's machinery) imports besides."""

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"dlbook", "dlbook_site"}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(package):
    """Top-level names of the third-party modules that ``package``'s code imports."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - PACKAGES


def declared(*extras):
    """The distributions pyproject.toml declares for this platform: the dependencies,
    and those of the optional groups ``extras``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + [
        line for extra in extras for line in project["optional-dependencies"][extra]
    ]
    requirements = [Requirement(line) for line in lines]
    return {
        normalise(r.name)
        for r in requirements
        if r.marker is None or r.marker.evaluate()
    }


def distributions_of(modules):
    """{module: the distributions that provide it}."""
    distributions = importlib.metadata.packages_distributions()
    return {m: {normalise(d) for d in distributions[m]} for m in modules}


def test_pyproject_declares_every_distribution_dlbook_imports_and_no_other():
    needed = distributions_of(imported_modules("dlbook"))
    missing = [m for m, dists in needed.items() if not dists & declared()]
    assert not missing, f"imported by dlbook but not a dependency: {missing}"
    unused = declared() - set().union(*needed.values())
    assert not unused, f"a dependency that dlbook never imports: {unused}"


def test_the_site_and_pdf_groups_declare_what_dlbook_site_imports_and_no_other():
    needed = distributions_of(imported_modules("dlbook_site"))
    groups = declared("site", "pdf")
    missing = [m for m, dists in needed.items() if not dists & groups]
    assert not missing, f"imported by dlbook_site but not declared: {missing}"
    unused = (groups - declared()) - set().union(*needed.values())
    assert not unused, f"in the site or pdf group but never imported: {unused}"


# Imports every module of dlbook in a fresh interpreter and prints, as JSON, the
# modules it counted and whether any of the site's machinery came in with them.
IMPORT_EVERY_MODULE = """
import importlib, json, pkgutil, sys
import dlbook
names = sorted(m.name for m in pkgutil.walk_packages(dlbook.__path__, "dlbook."))
for name in names:
    importlib.import_module(name)
site = sorted(
    m for m in sys.modules if m.split(".")[0] in ("sphinx", "dlbook_site")
)
print(json.dumps({"modules": names, "site": site, "file": dlbook.__file__}))
"""


def test_dlbook_holds_no_site_machinery():
    """What a chapter imports is all dlbook holds: no site package, and importing every
    module brings in neither Sphinx nor dlbook_site (in a fresh interpreter, so that
    what this test session imported does not count)."""
    assert not (ROOT / "dlbook" / "site").exists()
    assert not [p for p in (ROOT / "dlbook").rglob("*.py") if "site" in p.parts]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["file"] == str(ROOT / "dlbook" / "__init__.py")
    assert "dlbook.page" in report["modules"]
    assert not [m for m in report["modules"] if m.startswith("dlbook.site")]
    assert report["site"] == [], f"importing dlbook brought in {report['site']}"
