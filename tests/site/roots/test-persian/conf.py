extensions = ["myst_nb", "dlbook_site.persian"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
