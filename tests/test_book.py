"""The built site: every page exists, numbers are glued, nothing is loaded from
elsewhere."""

import re

import pytest
from conftest import ROOT, WIDGET_PAGES

from dlbook.site import toc

pytestmark = pytest.mark.site


def page(site, name):
    return (site / name).read_text(encoding="utf-8")


def test_toc_pages_and_execution_statistics_exist(site):
    chapters = [
        "chapters/activations",
        "chapters/sigmoid",
        "chapters/activations-compared",
        "chapters/activation-explorer",
        "chapters/backprop",
        "chapters/backprop-explorer",
        "chapters/loss-curves",
        "chapters/loss-curves-experiment",
        "chapters/optimisers",
        "chapters/optimisers-explorer",
        "chapters/mnist",
        "chapters/mnist-sweep",
        "chapters/mnist-why",
    ]
    for name in [
        "intro.html",
        "references.html",
        "execution-statistics.html",
        *(c + ".html" for c in chapters),
    ]:
        assert (site / name).exists(), name
    stats = page(site, "execution-statistics.html")
    assert "<table" in stats and all(c in stats for c in chapters)


def test_only_the_expected_pages_embed_widgets(site):
    embedding = sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8")
    )
    assert embedding == sorted(WIDGET_PAGES)


def test_no_script_or_stylesheet_comes_from_another_site(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        # Links to other sites (<a href>) are fine; loaded scripts and stylesheets are
        # not.
        external = re.findall(r'<script[^>]+src="(https?://[^"]+)"', html)
        external += re.findall(
            r'<link[^>]+rel="stylesheet"[^>]+href="(https?://[^"]+)"', html
        )
        assert external == [], f"{path.name} loads {external}"


def test_glued_numbers_reach_the_prose(site):
    html = page(site, "chapters/sigmoid.html")
    text = re.sub(r"<[^>]+>", "", html)
    assert (
        "where the slope is only\n0.25" in text
        or "where the slope is only 0.25" in " ".join(text.split())
    )
    assert "the slope has fallen to 0.0066" in " ".join(text.split())


def test_page_states_its_profile(site):
    assert "computed with the quick profile" in page(site, "chapters/sigmoid.html")


def test_launch_buttons_point_at_the_chapter_notebook(site):
    html = page(site, "chapters/sigmoid.html")
    assert "urlpath=lab/tree/chapters/sigmoid.md" in html
    assert "btn-launch-thebe" in html  # the Live Code entry of the launch menu


def test_figures_have_alt_text(site):
    html = re.sub(
        r"<script.*?</script>", "", page(site, "chapters/sigmoid.html"), flags=re.S
    )
    images = re.findall(r"<img [^>]*>", html)
    assert images, "the sigmoid page has figures"
    assert all(re.search(r'alt="[^"]{10,}"', tag) for tag in images), images


def test_widget_state_is_embedded_with_local_manager(site):
    html = page(site, "chapters/sigmoid.html")
    assert "application/vnd.jupyter.widget-state+json" in html
    assert "_static/vendor/html-manager/dist/embed-amd.js" in html
    assert "_static/vendor/mathjax/es5/tex-mml-chtml.js" in html


def words(site, name):
    return " ".join(re.sub(r"<[^>]+>", " ", page(site, name)).split())


def test_activation_facts_are_glued_into_the_prose(site):
    text = words(site, "chapters/activations.html")
    assert re.search(
        r"Mish reaches its minimum -0\.3088 at \\\(x = \{\}\\\) -1\.1924", text
    )
    assert re.search(
        r"Swish reaches its minimum -0\.2785 at \\\(x = \{\}\\\) -1\.2785", text
    )
    assert "where it equals 1/4" in text
    assert re.search(r"A fraction 0\.49\d\d of ReLU", text)


def test_activation_pages_have_alt_text_and_citations(site):
    for name in ["chapters/activations.html", "chapters/activations-compared.html"]:
        html = re.sub(r"<script.*?</script>", "", page(site, name), flags=re.S)
        images = re.findall(r"<img [^>]*>", html)
        assert images and all(re.search(r'alt="[^"]{10,}"', tag) for tag in images), (
            name
        )
    assert "Ramachandran" in page(site, "chapters/activations-compared.html")
    assert "Misra" in page(site, "chapters/activations-compared.html")


CHAPTER_PAGES = [p for p in toc.pages(ROOT) if p.startswith("chapters/")]


def test_glued_markdown_is_rendered_not_shown_as_source(site):
    for name in CHAPTER_PAGES:
        prose = re.sub(
            r"<pre.*?</pre>", "", page(site, name), flags=re.S
        )  # leave the code out
        text = " ".join(re.sub(r"<[^>]+>", " ", prose).split())
        assert "|---|" not in text and "$$" not in text, name
    assert page(site, "chapters/activations.html").count("<table") >= 6
    assert (
        page(site, "chapters/backprop.html").count("<table") == 8
    )  # forward, backward, gradients, update, four ways, two LeakyReLU, mistakes


def test_no_page_shows_tensorflow_start_up_logs(site):
    # TensorFlow logs from C++ when it loads; a chapter imports it in a hidden cell so
    # the
    # log (with its timestamps, which would also make builds differ) stays off the page.
    for name in CHAPTER_PAGES:
        html = page(site, name)
        assert "absl::InitializeLog" not in html and "cuInit" not in html, name
        assert "WARNING:tensorflow" not in html, name


def test_backprop_numbers_are_glued_and_exact(site):
    text = words(site, "chapters/backprop.html")
    assert "L = ½(y − ŷ)² = ½(6 − 1.6)² = 9.68" in text
    assert "∂L/∂w₇ ∂L/∂a₄ · z₁ = (−4.4) · 4 −17.6" in text
    assert "After the step, L = ½(y − ŷ)² = ½(6 − 423.36)² = 87094.6848" in text
    assert re.search(r"7 of its 7 numbers", text)
    html = re.sub(
        r"<script.*?</script>", "", page(site, "chapters/backprop.html"), flags=re.S
    )
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 2 and all(
        re.search(r'alt="[^"]{10,}"', tag) for tag in images
    )
    assert "Dead and drawn in grey: hidden unit 2." in html
    assert "Rumelhart" in html


def test_vanishing_chapter_reproduces_and_corrects_the_lecture(site):
    text = words(site, "chapters/vanishing.html")
    assert "The product is not 0: it is 6.0e-05" in text
    assert re.search(r"widest at \\\(\|w\| \\approx \{\}\\\) 6\.89", text)
    deep = words(site, "chapters/vanishing-deep.html")
    assert re.search(
        r"Under sigmoid, the first layer’s gradient is \d\.\de-0\d times the last "
        r"layer’s",
        deep,
    )
    for name in ["chapters/vanishing.html", "chapters/vanishing-deep.html"]:
        html = re.sub(r"<script.*?</script>", "", page(site, name), flags=re.S)
        images = re.findall(r"<img [^>]*>", html)
        assert len(images) >= 2 and all(
            re.search(r'alt="[^"]{10,}"', tag) for tag in images
        ), name
    assert "Pascanu" in page(site, "chapters/vanishing-deep.html")
    assert "Nielsen" in page(site, "chapters/vanishing.html")


def test_loss_curves_chapter_glues_its_measurements(site):
    first = words(site, "chapters/loss-curves.html")
    assert "the squared error is" in first and re.search(
        r"−ln ½|-\\ln \\tfrac12", first
    )
    text = words(site, "chapters/loss-curves-experiment.html")
    assert re.search(
        r"The untrained network starts at 0\.2\d\d for the squared error and "
        r"0\.[67]\d\d",
        text,
    )
    assert re.search(
        r"The cross-entropy run has its best validation loss at epoch \d+ and then "
        r"overfits",
        text,
    )
    assert re.search(
        r"Early stopping stopped the cross-entropy run after \d+ epochs", text
    )
    assert re.search(r"they carry \d+ % of the validation loss", text)
    assert "{glue" not in text and "np.float64" not in text
    html = re.sub(
        r"<script.*?</script>",
        "",
        page(site, "chapters/loss-curves-experiment.html"),
        flags=re.S,
    )
    assert (
        html.count("<table") >= 6
    )  # diagnosis, per-image losses, lecture's table, remedies, variants, exercise
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 2 and all(
        re.search(r'alt="[^"]{10,}"', tag) for tag in images
    )


def test_optimisers_chapter_sets_measured_rates_beside_the_theory(site):
    text = words(site, "chapters/optimisers.html")
    assert re.search(
        r"\(κ − 1\)/\(κ \+ 1\) = 0\.9802 \| 0\.9802|\(κ − 1\)/\(κ \+ 1\) = 0\.9802 "
        r"0\.9802",
        text,
    )
    assert re.search(r"\(√κ − 1\)/\(√κ \+ 1\) = 0\.8182 0\.82\d\d", text)
    assert re.search(r"momentum is \d+\.\d times faster", text)
    assert re.search(r"the last 50 values carry only \d\d % of the weight", text)
    assert "Goh" in text and "Polyak" in text and "Kingma" in text
    assert re.search(
        r"momentum with \\\(\\beta = 0\.98\\\) only \d+\.\d\d ?: with too much memory",
        text,
    )
    html = re.sub(
        r"<script.*?</script>", "", page(site, "chapters/optimisers.html"), flags=re.S
    )
    assert html.count("<table") >= 5  # averages, Keras check, paths, rates, batch noise
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 4 and all(
        re.search(r'alt="[^"]{10,}"', tag) for tag in images
    )
    exercises = words(site, "chapters/optimisers-explorer.html")
    assert re.search(r"gives \\\(\\beta = \{\}\\\) 0\.95", exercises)


def test_mnist_chapter_labels_live_and_recorded_results_and_explains_the_collapse(site):
    first = words(site, "chapters/mnist.html")
    assert re.search(
        r"12,000 and 1,000 test images become 2,000|6,000 training images become "
        r"12,000",
        first,
    )
    assert re.search(
        r"All five start between 2\.\d\d\d and 2\.\d\d\d ?, within 0\.1 of ln 10 = "
        r"2\.303",
        first,
    )
    assert "cannot be None or negative" in first and "LeCun" in first
    sweep = words(site, "chapters/mnist-sweep.html")
    assert re.search(r"Live run \(epochs: 1 ?; training images: 10,800 ?;", sweep)
    assert (
        "These numbers were recorded, not computed while this page was built." in sweep
    )
    assert re.search(
        r"The file holds (all of its|\d+ of its) 17 runs, trained with TensorFlow "
        r"[\d.]+ and Keras",
        sweep,
    )
    assert re.search(
        r"its mean accuracy is \d\d\.\d\d % \((meets|falls short of) the goal of 99\.3 "
        r"%\)",
        sweep,
    )
    assert re.search(r"The course’s network reached 13\.38 % on test", sweep)
    assert re.search(r"gets \d+ of 20,000 test images wrong", sweep)
    assert re.search(
        r"with batches of 128, the sweep’s setup does not reach 99 % in 6 epochs "
        r"\(best 98\.\d\d %\); plain model\.fit with Keras’s defaults reaches 99 % "
        r"after \d+ epochs",
        sweep,
    )
    assert re.search(
        r"the sweep’s setup processes [\d,]+ training images per second against plain "
        r"model\.fit ?’s [\d,]+ \( ?\d\.\d\d times as many\)",
        sweep,
    )
    why = words(site, "chapters/mnist-why.html")
    assert re.search(
        r"Trained on the original digits, the linear classifier gets \d\d\.\d %", why
    )
    assert re.search(
        r"With average pooling and α = 1, the training loss stays at 2\.3\d\d ?, next "
        r"to ln 10 = 2\.303",
        why,
    )
    assert re.search(r"more than any single digit’s share", why) and "11.35 %" in why
    for name in [
        "chapters/mnist.html",
        "chapters/mnist-sweep.html",
        "chapters/mnist-why.html",
    ]:
        text = words(site, name)
        assert "{glue" not in text and "np.float64" not in text, name
        html = re.sub(r"<script.*?</script>", "", page(site, name), flags=re.S)
        images = re.findall(r"<img [^>]*>", html)
        assert all(re.search(r'alt="[^"]{10,}"', tag) for tag in images), name
    assert (
        page(site, "chapters/mnist-sweep.html").count("<table") >= 4
    )  # live, recorded, batch sizes, the course's
    assert (
        page(site, "chapters/mnist-why.html").count("<table") >= 3
    )  # pooling, divergence, halves
