import pytest
import sympy as sp

from dlbook import formula
from dlbook.activations import sigmoid, x


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x*tanh(x)", x * sp.tanh(x)),
        ("x^2 + 1", x**2 + 1),
        ("x*sigmoid(1.5*x)", x * sigmoid(sp.Float(1.5) * x)),
        ("max(0, x)", sp.Max(0, x)),
        ("relu(x) - relu(-x)", sp.Max(0, x) - sp.Max(0, -x)),
        ("  exp(-x**2/2) / sqrt(2*pi) ", sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi)),
    ],
)
def test_accepted_formulas(text, expected):
    assert sp.simplify(formula.parse(text) - expected) == 0


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("y*x", "Unknown name 'y'"),
        ("tanh", "It is a function"),
        ("__import__('os').system('ls')", "not allowed|Unknown function"),
        ("x.real", "not allowed"),
        ("x[0]", "not allowed"),
        ("lambda: 1", "not allowed"),
        ("open('f')", "Unknown function 'open'"),
        ("tanh(x, 2)", "takes 1 argument"),
        ("max(x)", "takes 2 arguments"),
        ("9**9**9", "too large"),
        ("x" * 200, "at most 120"),
        ("(x", "not a formula I can read"),
        ("'text'", "not a number"),
        ("1/0", "infinite or undefined"),
        ("tanh(x=1)", "takes 1 argument"),
    ],
)
def test_rejected_formulas_say_why(text, message):
    with pytest.raises(formula.FormulaError, match=message):
        formula.parse(text)


def test_non_text_is_rejected():
    with pytest.raises(formula.FormulaError, match="is text"):
        formula.parse(42)


def test_parse_never_calls_eval(monkeypatch):
    import builtins

    def refuse(*args, **kwargs):
        raise AssertionError("eval must not be used")

    monkeypatch.setattr(builtins, "eval", refuse)
    assert formula.parse("x*tanh(x)") == x * sp.tanh(x)
