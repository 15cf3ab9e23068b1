"""Reading an activation typed by a reader, such as ``x*tanh(x)``, safely.

The text is parsed by Python's own parser into a syntax tree and then rebuilt node by
node into a SymPy expression.  Only numbers, the variable ``x``, the constants ``pi``
and ``e``, the four arithmetic operators, powers and a fixed list of functions are
accepted; anything else (attributes, indexing, keywords, strings, lambdas, unknown
names) is refused with a message that says what is allowed.  Nothing is ever passed to
``eval``.
"""

import ast

import sympy as sp

from dlbook.activations import sigmoid, softplus, x

MAX_LENGTH = 120
MAX_EXPONENT = 100
MAX_NODES = 200

FUNCTIONS = {
    "exp": (sp.exp, 1),
    "log": (sp.log, 1),
    "sqrt": (sp.sqrt, 1),
    "abs": (sp.Abs, 1),
    "sin": (sp.sin, 1),
    "cos": (sp.cos, 1),
    "tanh": (sp.tanh, 1),
    "sinh": (sp.sinh, 1),
    "cosh": (sp.cosh, 1),
    "atan": (sp.atan, 1),
    "erf": (sp.erf, 1),
    "sigmoid": (sigmoid, 1),
    "softplus": (softplus, 1),
    "relu": (lambda u: sp.Max(0, u), 1),
    "max": (sp.Max, 2),
    "min": (sp.Min, 2),
}
NAMES = {"x": x, "pi": sp.pi, "e": sp.E}

OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}

ALLOWED = (
    "Use x, numbers, pi, e, + - * / ** (or ^) and the functions "
    + ", ".join(sorted(FUNCTIONS))
    + "."
)


class FormulaError(ValueError):
    """The text is not an activation formula this book accepts; the message says why."""


def parse(text):
    """The SymPy expression in ``x`` that ``text`` describes, or
    :class:`FormulaError`."""
    if not isinstance(text, str):
        raise FormulaError(f"A formula is text, not {type(text).__name__}.")
    text = text.strip()
    if not text:
        raise FormulaError("The formula is empty. " + ALLOWED)
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"The formula has {len(text)} characters; at most "
            f"{MAX_LENGTH} are accepted."
        )
    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError:
        raise FormulaError(
            f"{text!r} is not a formula I can read (check brackets and operators). "
            + ALLOWED
        ) from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise FormulaError(
            f"The formula is too long ({nodes} parts; at most {MAX_NODES})."
        )
    expr = _build(tree.body)
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise FormulaError(
            f"{text!r} is infinite or undefined everywhere (a division by zero?)."
        )
    return expr


def _build(node):
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"{node.value!r} is not a number. " + ALLOWED)
        return (
            sp.Rational(node.value)
            if isinstance(node.value, int)
            else sp.Float(node.value)
        )
    if isinstance(node, ast.Name):
        if node.id in NAMES:
            return NAMES[node.id]
        hint = (
            " It is a function: write it with brackets, e.g. tanh(x)."
            if node.id in FUNCTIONS
            else ""
        )
        raise FormulaError(f"Unknown name {node.id!r}.{hint} " + ALLOWED)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _build(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](_build(node.left), _build(node.right))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        base, exponent = _build(node.left), _build(node.right)
        if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
            raise FormulaError(
                f"The exponent {exponent} is too large (at most "
                f"{MAX_EXPONENT} in size)."
            )
        return base**exponent
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            shown = name if name is not None else ast.unparse(node.func)
            raise FormulaError(f"Unknown function {shown!r}. " + ALLOWED)
        function, arity = FUNCTIONS[name]
        if node.keywords or len(node.args) != arity:
            raise FormulaError(
                f"{name} takes {arity} argument{'s' if arity > 1 else ''}, e.g. "
                f"{name}({', '.join(['x'] * arity)})."
            )
        return function(*(_build(arg) for arg in node.args))
    raise FormulaError(f"{ast.unparse(node)!r} is not allowed in a formula. " + ALLOWED)
