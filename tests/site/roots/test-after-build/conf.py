# Three modules with post-build steps or the renderer, loaded out of STEPS' order.
extensions = [
    "myst_nb",
    "dlbook_site.persian",
    "dlbook_site.notebooks",
    "dlbook_site.maths",
]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath"]
