"""The profile switch: ``quick`` (default, minutes on a laptop) or ``full`` (real
sizes).

The profile is read from one environment variable, :data:`ENV_VAR`.  Chapters ask for
sizes with :func:`choose`, and say which profile produced the page with :func:`note`.
"""

import os

ENV_VAR = "DLBOOK_PROFILE"
PROFILES = ("quick", "full")
DEFAULT = "quick"


class ProfileError(ValueError):
    """The profile variable holds something other than a known profile name."""


def current():
    """Return the active profile name, ``"quick"`` unless :data:`ENV_VAR` says
    otherwise."""
    raw = os.environ.get(ENV_VAR, "")
    name = raw.strip().lower() or DEFAULT
    if name not in PROFILES:
        raise ProfileError(
            f"{ENV_VAR}={raw!r} is not a profile; use one of {', '.join(PROFILES)} "
            f"(or leave it unset for {DEFAULT!r})."
        )
    return name


def choose(*, quick, full):
    """Return ``quick`` or ``full`` depending on the active profile."""
    return {"quick": quick, "full": full}[current()]


def note():
    """One line for a page that trains or samples: which profile computed it, and how
    to switch."""
    name = current()
    other = "full" if name == "quick" else "quick"
    what = {"full": "the real sizes", "quick": "small sizes, in minutes"}[other]
    return f"Computed with the {name} profile (`{ENV_VAR}={other}` runs {what})."
