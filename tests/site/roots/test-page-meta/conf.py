extensions = ["myst_nb", "dlbook_site.page_meta"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
