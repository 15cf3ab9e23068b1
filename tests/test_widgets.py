import base64
import html
import io
import json
import re

import ipywidgets
import numpy as np
import pytest
from PIL import Image

from dlbook import style
from dlbook.widgets import (
    FRAME_CLASS,
    Control,
    Explorer,
    FigureExplorer,
    WidgetModeError,
    frame_html,
    image_html,
    render_png,
    resolve_mode,
    svg_document,
)

XS = np.linspace(-6, 6, 200)


def sigmoid_figure():
    fig, ax = style.subplots(figsize=(6, 3.4))
    (line,) = ax.plot(XS, XS * 0)
    ax.set_ylim(-0.05, 1.05)

    def update(k, shift=0.0):
        line.set_ydata(1 / (1 + np.exp(-k * (XS - shift))))
        ax.set_title(f"k = {k:g}, shift = {shift:g}")

    return fig, update


def alt(k, shift=0.0):
    return f"sigmoid with k = {k:g} shifted by {shift:g}"


K = Control("k", "k", values=(0.5, 1, 2, 4), default=1, live_range=(0.1, 8, 0.1))
SHIFT = Control("shift", "shift", values=(-1.0, 0.0, 1.0), default=0.0)


def decode_frame(frame_html):
    src = re.search(r'src="data:image/png;base64,([^"]+)"', frame_html).group(1)
    alt_text = html.unescape(re.search(r'alt="([^"]*)"', frame_html).group(1))
    return base64.b64decode(src), alt_text


def test_static_mode_precomputes_one_frame_per_value_and_links_the_slider():
    explorer = FigureExplorer(*sigmoid_figure(), [K], alt, mode="static")
    slider, stack = explorer.children
    assert isinstance(slider, ipywidgets.SelectionSlider) and isinstance(
        stack, ipywidgets.Stack
    )
    assert len(explorer.frames) == len(K.values) == len(stack.children)
    assert slider.index == stack.selected_index == K.default_index
    (link,) = explorer.links
    assert link.source == (slider, "index") and link.target == (stack, "selected_index")
    alts = [decode_frame(f.value)[1] for f in explorer.frames]
    assert alts == [alt(k) for k in K.values]
    pngs = [decode_frame(f.value)[0] for f in explorer.frames]
    assert len(set(pngs)) == len(pngs), "every frame must show something different"


def test_two_controls_give_nested_stacks_with_a_link_per_stack():
    explorer = FigureExplorer(*sigmoid_figure(), [K, SHIFT], alt, mode="static")
    k_slider, shift_slider, outer = explorer.children
    assert len(explorer.frames) == len(K.values) * len(SHIFT.values)
    assert [len(inner.children) for inner in outer.children] == [
        len(SHIFT.values)
    ] * len(K.values)
    k_links = [link for link in explorer.links if link.source[0] is k_slider]
    shift_links = [link for link in explorer.links if link.source[0] is shift_slider]
    assert len(k_links) == 1 and len(shift_links) == len(K.values)
    # Frame order follows the nesting: the frame at outer i, inner j shows (k_i,
    # shift_j).
    chosen = outer.children[2].children[0]
    assert decode_frame(chosen.value)[1] == alt(K.values[2], SHIFT.values[0])
    assert explorer.combinations[2 * len(SHIFT.values)] == {
        "k": K.values[2],
        "shift": SHIFT.values[0],
    }


def test_text_values_give_a_dropdown():
    activation = Control("name", "activation", values=("a", "b"))
    fig, ax = style.subplots()
    (line,) = ax.plot([0, 1], [0, 1])
    explorer = FigureExplorer(
        fig,
        lambda name: line.set_ydata([0, 1] if name == "a" else [1, 0]),
        [activation],
        lambda name: name,
        mode="static",
    )
    assert isinstance(explorer.controls[0], ipywidgets.Dropdown)


def test_static_payload_is_small_and_serialisable():
    # measure this explorer's state, not that of widgets other tests left open
    ipywidgets.Widget.close_all()
    explorer = FigureExplorer(*sigmoid_figure(), [K, SHIFT], alt, mode="static")
    assert explorer.payload_bytes < 300_000
    state = ipywidgets.Widget.get_manager_state(widgets=None)["state"]
    link_states = [s["state"] for s in state.values() if s["model_name"] == "LinkModel"]
    assert len(link_states) >= len(explorer.links)
    assert len(json.dumps(state)) < 2_000_000


def test_frames_are_opaque_pngs_at_the_requested_size():
    fig, update = sigmoid_figure()
    explorer = FigureExplorer(fig, update, [K], alt, mode="static", dpi=60)
    png, _ = decode_frame(explorer.frames[0].value)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (360, 204)
        assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_live_mode_redraws_one_image_from_a_continuous_slider():
    explorer = FigureExplorer(*sigmoid_figure(), [K], alt, mode="live")
    slider, image = explorer.children
    assert isinstance(slider, ipywidgets.FloatSlider)
    assert (slider.min, slider.max, slider.value) == (0.1, 8, 1)
    before = image.value
    slider.value = 3.3
    assert image.value != before
    assert decode_frame(image.value)[1] == alt(3.3)
    assert len(explorer.update_seconds) == 1  # one redraw (timed by a script)
    assert explorer.current_params() == {"k": 3.3}


def test_mode_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("DLBOOK_WIDGETS", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert resolve_mode() == "static"
    monkeypatch.setenv("JPY_SESSION_NAME", "chapters/sigmoid.md")
    assert resolve_mode() == "live"
    monkeypatch.setenv("DLBOOK_WIDGETS", "static")
    assert resolve_mode() == "static"
    assert resolve_mode("live") == "live"


def test_bad_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("DLBOOK_WIDGETS", "interactive")
    with pytest.raises(
        WidgetModeError, match="DLBOOK_WIDGETS='interactive' is not a widget mode"
    ):
        resolve_mode()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"values": ()}, "at least one value"),
        ({"values": (1, 1)}, "repeated values"),
        ({"values": (1, 2), "default": 3}, "is not one of its values"),
        ({"values": ("a", "b"), "live_range": (0, 1, 0.1)}, "needs numeric values"),
        ({"values": (1, 2), "live_range": (2, 1, 0.1)}, "min < max"),
    ],
)
def test_control_rejects_bad_definitions(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Control("p", "p", **kwargs)


def test_explorer_rejects_no_controls_and_repeated_names():
    with pytest.raises(ValueError, match="at least one control"):
        FigureExplorer(*sigmoid_figure(), [], alt, mode="static")
    with pytest.raises(ValueError, match="distinct"):
        FigureExplorer(*sigmoid_figure(), [K, K], alt, mode="static")


def test_image_html_escapes_alt_text():
    tag = image_html(b"png", 'a "quoted" <b>alt</b>')
    assert 'alt="a &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in tag


def test_render_png_uses_a_small_palette():
    fig, update = sigmoid_figure()
    update(1)
    with Image.open(io.BytesIO(render_png(fig, colors=16))) as image:
        assert image.mode == "P" and len(image.getcolors()) <= 16


def test_an_explorer_of_html_views_switches_frames_statically_and_rerenders_live():
    level = Control("level", "level", values=("low", "high"))

    def render(level):
        return f"<p>{level}</p>"

    static = Explorer(render, [level], mode="static")
    assert [f.value for f in static.frames] == [
        frame_html("<p>low</p>"),
        frame_html("<p>high</p>"),
    ]
    assert f'class="{FRAME_CLASS}"' in static.frames[0].value
    (link,) = static.links
    assert link.source == (static.controls[0], "index")
    live = Explorer(render, [level], mode="live")
    (view,) = live.frames
    live.controls[0].value = "high"
    assert view.value == frame_html("<p>high</p>") and len(live.update_seconds) == 1


def test_figure_frames_are_wrapped_like_every_other_frame():
    explorer = FigureExplorer(*sigmoid_figure(), [K], alt, mode="static")
    assert all(
        f.value.startswith(f'<div class="{FRAME_CLASS}"><img ') for f in explorer.frames
    )


def test_a_caption_is_shown_escaped_under_each_frame_and_follows_live_changes():
    def caption(k, shift=0.0):
        return f"steepness {k:g} < 5" if k < 5 else "steep"

    static = FigureExplorer(*sigmoid_figure(), [K], alt, mode="static", caption=caption)
    assert [re.search(r"<p>(.*)</p>", f.value).group(1) for f in static.frames] == [
        html.escape(caption(k)) for k in K.values
    ]
    live = FigureExplorer(*sigmoid_figure(), [K], alt, mode="live", caption=caption)
    live.controls[0].value = 2.5
    assert "<p>steepness 2.5 &lt; 5</p>" in live.frames[0].value


def test_svg_documents_are_accessible_and_their_ids_differ_between_titles():
    def body(uid):
        return f'<clipPath id="{uid}-clip"><rect width="5" height="5"/></clipPath>'

    one, two = (
        svg_document(100, 50, "a <plot>", "what it shows", body),
        svg_document(100, 50, "another", "x", body),
    )
    assert one.startswith("<svg") and one.endswith("</svg>") and 'role="img"' in one
    assert (
        "<title id=" in one and "a &lt;plot&gt;</title>" in one and "<desc id=" in one
    )

    def ids(svg):
        return set(re.findall(r'id="([^"]+)"', svg))

    assert len(ids(one)) == 3 and not ids(one) & ids(two)


def test_a_figure_too_small_to_read_on_a_phone_is_refused():
    fig, update = sigmoid_figure()
    fig.axes[0].set_xlabel("x", fontsize=7)
    with pytest.raises(style.FigureTextTooSmall, match="'x' at 5.8 px"):
        FigureExplorer(fig, update, [K], alt, mode="static")
    fig, update = sigmoid_figure()
    FigureExplorer(fig, update, [K], alt, mode="static")  # 9.9 px at dpi 90


def test_svg_documents_fill_the_column_up_to_a_limit():
    svg = svg_document(400, 200, "t", "d", lambda uid: "")
    assert 'width="100%"' in svg and "max-width:600px" in svg
    assert 'viewBox="0 0 400 200"' in svg
