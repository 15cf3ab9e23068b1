"""Pinned npm packages, fetched and checked, and the book's own static files.

Readers may be on networks where public CDNs are slow or blocked, so the site serves
everything from its own files. Packages come from the npm registry through ``npm pack
NAME@VERSION``; each tarball is checked against the SHA-512 integrity pinned here (the
value npm itself records) before anything is extracted. Tarballs are cached under
``_build/vendor/tarballs`` so rebuilds need no network. :mod:`dlbook_site.maths` uses
this for KaTeX, and the browser tests for axe-core; the widget runtime is bundled by
:mod:`dlbook_site.widget_runtime`.

Used as a Sphinx extension (``sphinx.extra_extensions`` in ``_config.yml``), it adds the
book's own scripts and styles (``static/``) to every page.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.config import Config

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata


class AssetError(RuntimeError):
    """A pinned asset could not be fetched, or does not match its checksum."""


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str  # "sha512-<base64>", as npm reports it
    # globs of tarball members (below "package/") to copy to the site
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def folder(self) -> str:
        return self.name.split("/")[-1]

    @property
    def tarball_name(self) -> str:
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


# Used by the browser tests only; never copied into the site.
AXE_CORE = NpmPackage(
    "axe-core",
    "4.14.1",
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    include=("axe.min.js", "LICENSE*"),
)


# The book's own scripts, from dlbook_site/static: one on every page that repairs
# accessible names in the theme's markup.
ACCESSIBILITY = "accessibility.js"
SCROLL_CUES = "scroll-cues.js"  # wide maths, tables and code fade where they scroll
THEME_FIXES = (
    "theme-fixes.css"  # the theme's icon fonts kept; links readable in exercise boxes
)
OWN_STATIC = Path(__file__).parent / "static"


def integrity_of(path: str | Path) -> str:
    """npm's integrity string (SHA-512, base64) of the file at ``path``."""
    digest = hashlib.sha512(Path(path).read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def fetch(package: NpmPackage, tarball_dir: str | Path) -> Path:
    """Return the path of ``package``'s tarball, fetching it with ``npm pack`` if
    needed.

    The tarball is verified against the pinned integrity; a mismatch removes it and
    raises.
    """
    tarball_dir = Path(tarball_dir)
    tarball = tarball_dir / package.tarball_name
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise AssetError(
                f"npm is needed to fetch {package.spec} (the site serves its "
                "JavaScript from its own files). Install Node.js and npm, or put "
                f"{package.tarball_name} in {tarball_dir}."
            )
        tarball_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                npm,
                "pack",
                package.spec,
                "--pack-destination",
                str(tarball_dir),
                "--silent",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not tarball.exists():
            raise AssetError(
                f"'npm pack {package.spec}' failed:\n{result.stderr.strip()}"
            )
    actual = integrity_of(tarball)
    if actual != package.integrity:
        tarball.unlink()
        raise AssetError(
            f"{tarball} does not match the pinned checksum of {package.spec} (expected "
            f"{package.integrity}, got {actual}); the file was removed, so the next "
            "build fetches it again."
        )
    return tarball


def _wanted(package: NpmPackage, member_name: str) -> bool:
    if not member_name.startswith("package/"):
        return False
    relative = member_name[len("package/") :]
    return any(fnmatch.fnmatch(relative, g) for g in package.include) and not any(
        fnmatch.fnmatch(relative, g) for g in package.exclude
    )


def extract(package: NpmPackage, tarball: str | Path, dest: str | Path) -> int:
    """Copy the wanted files of ``tarball`` to ``dest/<package folder>``; return their
    count."""
    target = Path(dest) / package.folder
    if target.exists():
        shutil.rmtree(target)
    count = 0
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            if not (member.isfile() and _wanted(package, member.name)):
                continue
            path = target / member.name[len("package/") :]
            path.parent.mkdir(parents=True, exist_ok=True)
            data = archive.extractfile(member)  # a file member: never None
            assert data is not None
            path.write_bytes(data.read())
            count += 1
    if count == 0:
        raise AssetError(f"no files of {package.spec} matched {package.include}")
    return count


def _configure(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(OWN_STATIC)]
    # Sphinx skips writing (and copying static files) when no page changed; a digest of
    # the
    # book's own scripts in the config makes an edit to them rebuild the pages that use
    # them.
    digest = hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(OWN_STATIC.iterdir()))
    ).hexdigest()[:16]
    config.html_context = {**config.html_context, "dlbook_static_digest": digest}
    # pydata-sphinx-theme 0.17 adds a header bar of its own that holds one more search
    # field unless told otherwise. The book theme's sidebar already has one, and on a
    # phone its article header has a search button, so the bar is left out.
    config.html_theme_options = {"navbar_persistent": [], **config.html_theme_options}


# Jinja macros that pydata-sphinx-theme and sphinx-book-theme keep in their static
# folders, which Sphinx copies into the site's _static with the rest (Sphinx has no
# setting that leaves a theme's static file out). They are no page: their links are
# unrendered template code, dead links in the published site.
THEME_TEMPLATES = ("webpack-macros.html", "sbt-webpack-macros.html")


def after_build(app: Sphinx) -> None:
    """The step after the build (:mod:`dlbook_site.after_build`): the theme's template
    files leave _static, and its icon fonts are cut down to the icons
    the site shows (see dlbook_site.icon_fonts)."""
    for name in THEME_TEMPLATES:
        (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)
    from sphinx.util import logging

    from dlbook_site import icon_fonts

    logger = logging.getLogger(__name__)
    for name, (before, after) in icon_fonts.subset_site(app.outdir).items():
        logger.info(
            f"[dlbook] {name}: {before / 1e3:.0f} KB -> {after / 1e3:.1f} KB "
            "(icons the site uses)"
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.setup_extension("dlbook_site.after_build")
    app.connect("config-inited", _configure)
    app.add_js_file(ACCESSIBILITY, loading_method="defer")
    app.add_js_file(SCROLL_CUES, loading_method="defer")
    app.add_css_file(THEME_FIXES)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
