extensions = ["myst_nb", "dlbook_site.maths"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
myst_enable_extensions = ["amsmath", "dollarmath"]
