extensions = ["myst_nb", "sphinx_exercise", "dlbook_site.homework"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
numfig = True
