extensions = [
    "myst_nb",
    "sphinx_exercise",
    "dlbook_site.answer_boxes",
    "dlbook_site.persian",
]
# The boxes are the outputs of a cell, run while the book is built.
nb_execution_mode = "force"
exclude_patterns = ["_build"]
