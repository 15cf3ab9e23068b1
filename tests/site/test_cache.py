"""dlbook_site.cache: a page runs again when the code it imports changes, and only
then."""

from pathlib import Path

import pytest

from dlbook_site.cache import (
    INPUTS,
    imported_modules,
    inputs_digest,
    page_digest,
    page_modules,
)

ROOT = Path(__file__).resolve().parents[2]


# A fixture book (tests/site/roots/test-cache): two pages that run the modules of its
# own package "pkg" ("index" imports pkg.a; "other" imports pkg.b, which imports pkg.c),
# and data.txt, which every page reads.


def build(app_params, make_app):
    """Build the book as a new run of the build would: a new app, the same folders."""
    app = make_app(*app_params.args, **app_params.kwargs)
    app.build()
    html = app.outdir
    return (
        app.status.getvalue(),
        (html / "index.html").read_text(),
        (html / "other.html").read_text(),
    )


def executed(log):
    return sorted(
        Path(line.split(":")[0]).stem
        for line in log.splitlines()
        if "Executing notebook" in line
    )


@pytest.mark.sphinx("html", testroot="cache")
def test_a_page_runs_again_when_a_module_it_imports_changes_and_only_then(
    app_params, make_app
):
    book = app_params.kwargs["srcdir"]
    log, index, other = build(app_params, make_app)
    assert executed(log) == ["index", "other"]
    assert "a says a1" in index and "b says c1" in other

    # Neither page changed. "other" imports pkg.b, which imports pkg.c.
    (book / "pkg" / "c.py").write_text('VALUE = "c2"\n')
    log, index, other = build(app_params, make_app)
    assert executed(log) == ["other"]
    assert "1 of 2 pages run again" in log
    assert "b says c2" in other and "a says a1" in index

    log, index, other = build(app_params, make_app)  # nothing changed: nothing runs
    assert executed(log) == [] and "run again" not in log

    # What every page reads: every page runs again.
    (book / "data.txt").write_text("two\n")
    log, _, _ = build(app_params, make_app)
    assert executed(log) == ["index", "other"]


def test_the_digest_follows_files_and_profile_and_skips_bytecode(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("A = 1\n")
    (tmp_path / "pkg" / "sub" / "b.py").write_text("B = 1\n")
    digest = inputs_digest(tmp_path, ["pkg"])
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.pyc").write_bytes(b"\0")
    assert inputs_digest(tmp_path, ["pkg"]) == digest
    assert inputs_digest(tmp_path, ["pkg"], profile="full") != digest
    (tmp_path / "pkg" / "sub" / "b.py").write_text("B = 2\n")  # all of pkg counts
    changed = inputs_digest(tmp_path, ["pkg"])
    assert changed != digest
    (tmp_path / "pkg" / "a.py").write_text("A = 2\n")
    assert inputs_digest(tmp_path, ["pkg"]) != changed


def test_a_sibling_package_whose_name_starts_alike_is_not_followed(tmp_path):
    """As dlbook_site beside dlbook: a page that imports it runs with the same digest
    whatever it holds."""
    for package in ("pkg", "pkg_site"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("A = 1\n")
    (tmp_path / "pkg_site" / "b.py").write_text("B = 1\n")
    source = "from pkg import a\nimport pkg_site\nfrom pkg_site import b\n"
    assert imported_modules(source, "pkg") == {"pkg", "pkg.a"}
    digest = page_digest(tmp_path, source, "shared", "pkg")
    (tmp_path / "pkg_site" / "b.py").write_text("B = 2\n")
    assert page_digest(tmp_path, source, "shared", "pkg") == digest
    (tmp_path / "pkg" / "a.py").write_text("A = 2\n")
    assert page_digest(tmp_path, source, "shared", "pkg") != digest


def test_the_book_digest_covers_all_of_dlbook_and_nothing_of_dlbook_site():
    files = sorted(f.relative_to(ROOT) for f in (ROOT / "dlbook").rglob("*.py"))
    every_module = "\n".join(
        "import " + ".".join(f.with_suffix("").parts)
        for f in files
        if f.name != "__init__.py"  # each package's comes with its modules
    )
    found = [f.relative_to(ROOT) for f in page_modules(ROOT, every_module)]
    assert found == files
    site = "import dlbook_site\nfrom dlbook_site import cache, lessons\n"
    assert page_modules(ROOT, site) == []
    assert "dlbook_site" not in INPUTS


def test_imports_are_followed_through_the_package_and_its_relative_imports(tmp_path):
    source = "import os\nfrom pkg import a\nimport pkg.sub.d as d\n"
    assert imported_modules(source, "pkg") == {"pkg", "pkg.a", "pkg.sub.d"}
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    for name in ("__init__", "a", "b", "unused"):
        (tmp_path / "pkg" / f"{name}.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\nfrom pkg import missing\n")
    (tmp_path / "pkg" / "sub" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "sub" / "d.py").write_text("from ..b import X\n")
    found = page_modules(tmp_path, source, "pkg")
    assert [f.relative_to(tmp_path).as_posix() for f in found] == [
        "pkg/__init__.py",
        "pkg/a.py",
        "pkg/b.py",
        "pkg/sub/__init__.py",
        "pkg/sub/d.py",
    ]
