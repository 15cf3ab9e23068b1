"""The package's metadata: pyproject.toml declares exactly what dlbook imports."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules():
    """Top-level names of the third-party modules that dlbook's code imports."""
    found = set()
    for path in (ROOT / "dlbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"dlbook"}


def declared():
    """The distributions pyproject.toml declares for this platform (extras included)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + [
        line for extra in project["optional-dependencies"].values() for line in extra
    ]
    requirements = [Requirement(line) for line in lines]
    return {
        normalise(r.name)
        for r in requirements
        if r.marker is None or r.marker.evaluate()
    }


def test_pyproject_declares_every_distribution_dlbook_imports_and_no_other():
    distributions = importlib.metadata.packages_distributions()
    needed = {
        module: {normalise(d) for d in distributions[module]}
        for module in imported_modules()
    }
    missing = [m for m, dists in needed.items() if not dists & declared()]
    assert not missing, f"imported but not in pyproject.toml: {missing}"
    unused = declared() - set().union(*needed.values())
    assert not unused, f"in pyproject.toml but never imported by dlbook: {unused}"
