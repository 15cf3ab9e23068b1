import html

import ipywidgets

from dlbook import backprop
from dlbook.backprop import SCENARIOS
from dlbook.backprop_explorer import LiveBackprop, backprop_explorer
from dlbook.widgets import Explorer


def test_static_explorer_has_one_frame_per_scenario_behind_a_dropdown():
    explorer = backprop_explorer("static")
    assert isinstance(explorer, Explorer)
    dropdown, stack = explorer.children
    assert isinstance(dropdown, ipywidgets.Dropdown) and isinstance(
        stack, ipywidgets.Stack
    )
    assert [label for label, _ in dropdown.options] == list(SCENARIOS) and len(
        explorer.frames
    ) == len(SCENARIOS)
    assert explorer.payload_bytes < 300_000
    dead_output = explorer.frames[
        list(SCENARIOS).index("dead output unit (w₉ = −1.2)")
    ].value
    assert "a₄ = w₇z₁ + w₈z₂ + w₉z₃" in dead_output and "−5.6" in dead_output


def test_live_explorer_recomputes_the_tables_when_a_weight_changes():
    live = backprop_explorer("live")
    assert isinstance(live, LiveBackprop)
    assert "9.68" in live.tables.value
    live.boxes["w4"].value = 1.0  # revives hidden unit 2: a2 = 1 + 2 = 3
    assert "dead" not in live.tables.value and "2·1 | 3" not in live.tables.value
    assert live.network() == SCENARIOS["hidden unit 2 revived (w₄ = 1)"]
    assert live.message.value == ""


def test_live_explorer_loads_scenarios_and_takes_steps():
    live = LiveBackprop()
    live.scenario.value = "smaller step (η = 0.01)"
    assert live.boxes["learning_rate"].value == 0.01
    live.take_step()
    assert live.boxes["w1"].value == float(
        backprop.step(SCENARIOS["smaller step (η = 0.01)"]).weights[0]
    )


def test_live_explorer_refuses_a_bad_learning_rate_and_keeps_the_tables():
    live = LiveBackprop()
    before = live.tables.value
    live.boxes["learning_rate"].value = -1.0
    assert "learning rate must be positive" in html.unescape(live.message.value)
    assert 'role="alert"' in live.message.value and live.tables.value == before
    live.take_step()  # refused too: nothing changes
    assert live.tables.value == before and live.boxes["w1"].value == 2.0
