from dlbook.tables import markdown_table


def test_markdown_table_has_header_rule_and_rows():
    assert (
        markdown_table(("a", "b"), [(1, "x"), (2.5, "y")])
        == "| a | b |\n|---|---|\n| 1 | x |\n| 2.5 | y |"
    )


def test_markdown_table_without_rows_is_just_the_header():
    assert markdown_table(("only",), []) == "| only |\n|---|"


def test_a_pipe_inside_a_cell_is_escaped_once():
    assert markdown_table(("f",), [("|x|",), (r"\|y\|",)]).splitlines()[2:] == [
        r"| \|x\| |",
        r"| \|y\| |",
    ]
