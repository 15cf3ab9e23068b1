"""The site's settings: Sphinx settings, each with its default and its type, set in
``_config.yml`` under ``sphinx: config:``.

- ``dlbook_edition`` (default ``"instructor"``): which edition, ``"instructor"`` (with
  every solution) or ``"student"`` (without them);
- ``dlbook_profile`` (default ``"quick"``): the sizes the pages compute with,
  ``"quick"`` or ``"full"`` (:mod:`dlbook.profile`);
- ``dlbook_execution_inputs`` (default ``["assets", "requirements.txt"]``): the files
  every page reads or runs with; a change to them runs every page again;
- ``dlbook_execution_package`` (default ``"dlbook"``): the package whose modules count
  for the pages that import them (:mod:`dlbook_site.cache`).

A reader switches the edition and the profile with the environment variables
``DLBOOK_EDITION`` and ``DLBOOK_PROFILE`` (``make student`` sets the first). They are
read here, and only here: each, when set, overrides the setting; a value that names no
edition or profile stops the build with the same message as the package's. The kernels
that run the pages learn the profile from ``DLBOOK_PROFILE``, which is set for them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import ENUM, Config
from sphinx.errors import ConfigError

from dlbook import profile

EDITIONS = ("instructor", "student")
EDITION_VARIABLE = "DLBOOK_EDITION"
# The files every page reads or runs with, and the package whose modules count for the
# pages that import them (dlbook_site.cache).
EXECUTION_INPUTS = ["assets", "requirements.txt"]
EXECUTION_PACKAGE = "dlbook"


def edition(value: str, where: str = EDITION_VARIABLE) -> str:
    """``value`` (read from ``where``) as an edition's name, or a clear error."""
    name = str(value).strip() or EDITIONS[0]
    if name not in EDITIONS:
        raise ConfigError(
            f"{where}={value!r} is not an edition of the book: use "
            "'instructor' (the default, with solutions) or 'student' (without them)"
        )
    return name


def profile_name(value: str, where: str = profile.ENV_VAR) -> str:
    """``value`` (read from ``where``) as a profile's name, or a clear error."""
    name = str(value).strip().lower() or profile.DEFAULT
    if name not in profile.PROFILES:
        raise ConfigError(
            f"{where}={value!r} is not a profile; use one of "
            f"{', '.join(profile.PROFILES)} "
            f"(or leave it unset for {profile.DEFAULT!r})."
        )
    return name


def from_environment(config: Config, environ: Mapping[str, str] | None = None) -> None:
    """Let ``DLBOOK_EDITION`` and ``DLBOOK_PROFILE`` (in ``environ``, the process's
    environment unless given) override the settings, and check both settings'
    values."""
    environ = os.environ if environ is None else environ
    for setting, variable, check in (
        ("dlbook_edition", EDITION_VARIABLE, edition),
        ("dlbook_profile", profile.ENV_VAR, profile_name),
    ):
        if variable in environ:
            config[setting] = check(environ[variable], variable)
        else:
            config[setting] = check(config[setting], setting)


def _read(app: Sphinx, config: Config) -> None:
    from_environment(config)
    # The kernels that run the pages (dlbook.profile) read the profile from here.
    os.environ[profile.ENV_VAR] = config.dlbook_profile


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point."""
    app.add_config_value("dlbook_edition", EDITIONS[0], "env", ENUM(*EDITIONS))
    app.add_config_value(
        "dlbook_profile", profile.DEFAULT, "env", ENUM(*profile.PROFILES)
    )
    app.add_config_value("dlbook_execution_inputs", EXECUTION_INPUTS, "env", list)
    app.add_config_value("dlbook_execution_package", EXECUTION_PACKAGE, "env", str)
    # Before every other extension reads them.
    app.connect("config-inited", _read, priority=50)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
