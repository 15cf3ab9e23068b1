extensions = [
    "myst_nb",
    "sphinx_external_toc",
    "sphinx_exercise",
    "dlbook_site.numbering",
]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
numfig = True
