from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from own_notebook import run_without_dlbook

from dlbook import activations, activations_views
from dlbook.activations import REGISTRY, elementary, sigmoid, softplus, x

ORDERS = (1, 2)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("name", list(REGISTRY))
def test_three_way_agreement_for_every_registry_entry(name, order):
    worst = activations.three_way(REGISTRY[name], order)
    assert worst["numerical"] <= activations.TOLERANCE["numerical", order], worst
    assert worst["automatic"] <= activations.TOLERANCE["automatic", order], worst


@pytest.mark.parametrize("beta", [0.1, 10.0])
def test_three_way_agreement_for_other_swish_betas(beta):
    for order in ORDERS:
        worst = activations.three_way(REGISTRY["swish"], order, beta=beta)
        assert worst["numerical"] <= activations.TOLERANCE["numerical", order]
        assert worst["automatic"] <= activations.TOLERANCE["automatic", order]


def test_registry_has_the_nine_activations_of_the_course():
    assert set(REGISTRY) == {
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "softplus",
        "swish",
        "mish",
        "sign",
        "identity",
    }


def test_helper_derivative_rules_match_the_written_out_forms():
    for f in (sigmoid(x), softplus(x), x * sp.tanh(softplus(x))):
        assert sp.simplify(sp.diff(elementary(f), x) - elementary(sp.diff(f, x))) == 0


def test_the_course_identities_hold():
    s = sigmoid(x)
    assert sp.simplify(elementary(REGISTRY["sigmoid"].formula(1) - s * (1 - s))) == 0
    assert sp.simplify(elementary(REGISTRY["softplus"].formula(1) - s)) == 0
    swish = x * s
    assert (
        sp.simplify(
            elementary(
                REGISTRY["swish"].formula(1).subs(activations.beta, 1)
                - (swish + s * (1 - swish))
            )
        )
        == 0
    )


def test_numpy_forms_do_not_overflow_far_out():
    far = np.array([-1000.0, 1000.0])
    with np.errstate(all="raise"):
        for a in REGISTRY.values():
            for order in (0, 1, 2):
                values = a.numpy(order)(far)
                assert np.all(np.isfinite(values)), (a.name, order, values)
    assert REGISTRY["softplus"].numpy(0)(far)[1] == 1000.0
    assert REGISTRY["sigmoid"].numpy(1)(np.array([50.0]))[0] == pytest.approx(
        np.exp(-50), rel=1e-12
    )


def test_tensorflow_forms_match_keras_builtins():
    import tensorflow as tf

    grid = tf.constant(np.linspace(-20, 20, 801))
    for a in REGISTRY.values():
        if a.keras_name and a.name != "leaky_relu":  # Keras keeps alpha in float32
            assert np.array_equal(
                a.tensorflow()(grid).numpy(), np.asarray(a.keras()(grid))
            ), a.name


def test_kinks_are_left_out_of_the_verification_grid():
    grid = activations.verification_grid(REGISTRY["relu"])
    assert np.min(np.abs(grid)) >= 1e-2 and grid.max() == 1000.0
    assert 0.0 in activations.verification_grid(REGISTRY["tanh"])


def test_parameters_are_checked():
    with pytest.raises(TypeError, match="unknown parameter"):
        REGISTRY["swish"].numpy(1, gamma=2)
    with pytest.raises(TypeError, match="needs a value for beta"):
        activations.to_numpy(REGISTRY["swish"].expr)
    with pytest.raises(KeyError, match="no activation called 'gelu'"):
        activations.get("gelu")


def test_the_chapter_s_markers_enclose_the_swish_entry():
    # activations.md shows the entry with literalinclude between these two markers
    source = Path(activations.__file__).read_text(encoding="utf-8")
    entry = source.split("# [swish entry]\n")[1].split("# [end swish entry]")[0]
    assert source.count("# [swish entry]") == 1
    assert entry.lstrip().startswith('Activation(\n            "swish"')
    assert "x * sigmoid(beta * x)" in entry and entry.rstrip().endswith("),")


def test_the_own_notebook_code_matches_the_registry():
    # activations.md's own-notebook cell defines Swish and Mish from scratch in SymPy;
    # its derivatives at -1, 0, 1 and the zeros of f'' must be the registry's, to float
    # tolerance (the two compute from differently arranged formulas).
    values = run_without_dlbook(
        "activations",
        "{k: [list(map(float, v[0])), list(map(float, v[1])), v[2]] "
        "for k, v in results.items()}",
    )
    points = np.array([-1.0, 0.0, 1.0])
    for label, name in (("Swish", "swish"), ("Mish", "mish")):
        first, second, zeros = values[label]
        a = REGISTRY[name]
        np.testing.assert_allclose(first, a.numpy(1)(points), rtol=0, atol=1e-12)
        np.testing.assert_allclose(second, a.numpy(2)(points), rtol=0, atol=1e-12)
        expected = activations_views.second_derivative_zeros(a)
        np.testing.assert_allclose(zeros, expected, rtol=0, atol=1e-10)
