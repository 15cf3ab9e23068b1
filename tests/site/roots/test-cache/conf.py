from pathlib import Path

extensions = ["myst_nb", "dlbook_site.cache"]
# Executed pages are cached, as the book's are, in the book's own _build.
nb_execution_mode = "cache"
nb_execution_cache_path = str(Path(__file__).parent / "_build" / ".jupyter_cache")
exclude_patterns = ["_build", "pkg"]
dlbook_execution_inputs = ["data.txt"]
dlbook_execution_package = "pkg"
