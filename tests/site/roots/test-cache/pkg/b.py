from pkg.c import VALUE  # noqa: F401 (pkg.b's value is pkg.c's)
