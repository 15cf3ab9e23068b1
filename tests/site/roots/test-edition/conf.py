extensions = ["myst_nb", "sphinx_exercise", "dlbook_site.edition"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
