"""Re-run the pages when the code they import changes.

Jupyter Book caches each executed page under ``_build/.jupyter_cache``, keyed on the
page's own code cells.  A page that calls :mod:`dlbook` would keep its old outputs after
a change in the package, and Sphinx would not even read it again.  This extension keeps
a digest of what the pages import and read (the package without its site machinery, the
recorded runs and data in ``assets/``, the pinned ``requirements.txt``) and of the
profile they run in (``DLBOOK_PROFILE``).  When the digest differs from the one the
last finished build left, it empties the execution cache and has Sphinx read every page
again, so every page is executed anew.
"""

import hashlib
import shutil
from pathlib import Path

# Relative to the book's source folder; the second list is left out of the first.
INPUTS = ["dlbook", "assets", "requirements.txt"]
IGNORED = ["dlbook/site"]
STAMP = "dlbook-inputs.sha256"  # written beside the execution cache, in _build/


def inputs_digest(root, inputs=INPUTS, ignored=IGNORED, profile="quick"):
    """SHA-256 over the profile's name and the names and bytes of every file under
    ``inputs`` (below ``root``).

    Bytecode and notebook checkpoints are skipped: they change without the code
    changing.
    """
    root = Path(root)
    skipped = [root / path for path in ignored]
    digest = hashlib.sha256(f"profile={profile}\0".encode())
    for entry in inputs:
        path = root / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if (
                not file.is_file()
                or "__pycache__" in file.parts
                or ".ipynb_checkpoints" in file.parts
            ):
                continue
            if any(file.is_relative_to(skip) for skip in skipped):
                continue
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def execution_cache_dir(app):
    """The folder of the build's execution cache (jupyter-cache)."""
    return Path(
        app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache"
    )


def work_dir(app):
    """The build's own folder for what it keeps between builds (the execution cache,
    KaTeX, the widget runtime): ``_build/``. The student edition shares the
    instructor build's (see :mod:`dlbook.site.edition`)."""
    return execution_cache_dir(app).parent


def _stamp(app):
    return work_dir(app) / STAMP


def _compare(app):
    """At the start of a build: empty the execution cache if the inputs changed since
    the last one."""
    from sphinx.util import logging

    from dlbook import profile

    app.dlbook_inputs_digest = inputs_digest(
        app.srcdir,
        app.config.dlbook_execution_inputs,
        app.config.dlbook_execution_ignored,
        profile=profile.current(),  # a wrong DLBOOK_PROFILE stops the build here
    )
    stamp = _stamp(app)
    before = stamp.read_text().strip() if stamp.is_file() else None
    app.dlbook_inputs_changed = before != app.dlbook_inputs_digest
    if app.dlbook_inputs_changed and execution_cache_dir(app).exists():
        logging.getLogger(__name__).info(
            "[dlbook] the package, assets, requirements or profile changed since "
            "the last build: every page runs again"
        )
        shutil.rmtree(execution_cache_dir(app))


def _outdated(app, env, added, changed, removed):
    """Have Sphinx read every page again (so that myst-nb executes it) when the inputs
    changed."""
    if not app.dlbook_inputs_changed:
        return []
    return sorted(set(env.found_docs) - set(added) - set(changed))


def _record(app, exception):
    """After a build that finished, remember the digest it was executed with."""
    if exception is None:
        stamp = _stamp(app)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(app.dlbook_inputs_digest + "\n")


def setup(app):
    """Sphinx entry point."""
    app.add_config_value("dlbook_execution_inputs", INPUTS, "env")
    app.add_config_value("dlbook_execution_ignored", IGNORED, "env")
    app.connect("builder-inited", _compare)
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _record)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
