"""Code shared by the chapters of the deep-learning course companion.

One module per idea:

- :mod:`dlbook.profile` -- the ``quick``/``full`` profile switch;
- :mod:`dlbook.style` -- the figure style every chapter uses;
- :mod:`dlbook.widgets` -- widgets that work live in a kernel and statically on the site;
- :mod:`dlbook.site_assets` -- the pinned JavaScript the site serves from its own files.
"""

__version__ = "0.1.0"
