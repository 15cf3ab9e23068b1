// Answer boxes: a student's answer checked in the browser, with no kernel and no network.
//
// The book's pages hold forms made by dlbook/answer_boxes.py:
//   <form class="self-check" data-kind="number|numbers|formula" data-spec="{json}">
// whose spec carries the right answer (as numbers, or as a formula's values at sample
// points that SymPy computed when the page was built), the course's documented
// mistakes (as the values they give), a hint and a reveal. A typed answer is parsed by
// the small parser below into a tree and evaluated by walking that tree: nothing the
// student types is ever evaluated as JavaScript (no eval, no new Function).
//
// Two more forms: the homework network with the student's own numbers, in exact
// fractions (form.backprop-numbers), and the diagnosis of a pasted training run
// (form.run-diagnosis), by the rules of dlbook.backprop and dlbook.diagnosis.
//
// One plain file, no bundler: the site serves it on pages that have boxes, and in
// Jupyter the first box of a notebook carries it inline.
(function () {
  "use strict";
  if (window.dlbookAnswers) {
    window.dlbookAnswers.mountAll(document);
    return;
  }

  var MAX_LENGTH = 300;
  var MAX_NODES = 200;
  var MAX_DEPTH = 40;

  // ---------------------------------------------------------------- reading text

  class InputError extends Error {}

  var SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-",
  };
  var GREEK = { "α": "alpha", "β": "beta", "η": "eta", "π": "pi", "σ": "sigma" };

  // Persian and Arabic-Indic digits, the Persian decimal point and minus sign, and the
  // typographic signs a phone keyboard offers, as the ASCII the parser reads.
  function normalise(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var code = ch.charCodeAt(0);
      if (code >= 0x06f0 && code <= 0x06f9) out += String(code - 0x06f0);
      else if (code >= 0x0660 && code <= 0x0669) out += String(code - 0x0660);
      else if (ch === "٫") out += ".";
      else if (ch === "−" || ch === "–" || ch === "‐" || ch === "‑") out += "-";
      else if (ch === "·" || ch === "×" || ch === "⋅" || ch === "∗") out += "*";
      else if (ch === "÷" || ch === "∕") out += "/";
      else if (ch === "\u00a0" || ch === "\u200c" || ch === "\u200f" || ch === "\u200e") out += " ";
      else if (SUPERSCRIPTS[ch] !== undefined) {
        var run = "";
        while (i < text.length && SUPERSCRIPTS[text[i]] !== undefined) run += SUPERSCRIPTS[text[i++]];
        i--;
        // sech²(u) is sech^2(u); a signed power keeps its brackets: x⁻¹ is x^(-1).
        out += /^\d+$/.test(run) ? "^" + run + " " : "^(" + run + ")";
      } else if (ch === "√") out += " sqrt ";
      else out += ch;
    }
    return out;
  }

  var FUNCTIONS = {
    exp: Math.exp,
    ln: Math.log,
    log: Math.log,
    sqrt: Math.sqrt,
    abs: Math.abs,
    sin: Math.sin,
    cos: Math.cos,
    tan: Math.tan,
    tanh: Math.tanh,
    sinh: Math.sinh,
    cosh: Math.cosh,
    sech: function (u) { return 1 / Math.cosh(u); },
    sigmoid: sigmoid,
    softplus: function (u) { return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))); },
    relu: function (u) { return Math.max(u, 0); },
  };
  var FUNCTION_ALIASES = { sigma: "sigmoid", sig: "sigmoid", logistic: "sigmoid" };
  var CONSTANTS = { e: Math.E, pi: Math.PI };
  var SHOWN_NAMES = { sigmoid: "σ", pi: "π", alpha: "α", beta: "β", eta: "η", sigma: "σ" };

  function sigmoid(u) {
    return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
  }

  // Tokens: numbers, names, operators and brackets. A run of letters that is not a
  // known name is split into known names where that can be done in one way
  // ("xtanh" is x·tanh); otherwise it is an unknown name.
  function tokenize(text, names) {
    var tokens = [];
    var i = 0;
    var number = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/;
    var letters = /^[A-Za-zα-ωΑ-Ω_]+/;
    while (i < text.length) {
      var rest = text.slice(i);
      var ch = text[i];
      if (/\s/.test(ch)) { i++; continue; }
      var m = number.exec(rest);
      if (m) {
        if (/^\d+,\d/.test(rest)) {
          throw new InputError(
            "“" + /^\d+,\d+/.exec(rest)[0] + "”: write decimals with a point, as in 0.25."
          );
        }
        if (text[i + m[0].length] === "." && /\d/.test(text[i + m[0].length + 1] || "")) {
          throw new InputError("“" + /^[\d.]+/.exec(rest)[0] + "” has more than one decimal point.");
        }
        tokens.push({ type: "num", text: m[0], value: parseFloat(m[0]), at: i });
        i += m[0].length;
        continue;
      }
      m = letters.exec(rest);
      if (m) {
        splitName(m[0], names).forEach(function (name) {
          tokens.push({ type: "name", text: name, at: i });
        });
        i += m[0].length;
        continue;
      }
      if (rest.slice(0, 2) === "**") { tokens.push({ type: "op", text: "^", at: i }); i += 2; continue; }
      if ("+-*/^(),|".indexOf(ch) >= 0) { tokens.push({ type: "op", text: ch, at: i }); i++; continue; }
      if ("[{".indexOf(ch) >= 0) { tokens.push({ type: "op", text: "(", at: i }); i++; continue; }
      if ("]}".indexOf(ch) >= 0) { tokens.push({ type: "op", text: ")", at: i }); i++; continue; }
      throw new InputError("“" + ch + "” is not part of a formula here.");
    }
    return tokens;
  }

  function canonical(word, names) {
    var lower = word.toLowerCase();
    if (GREEK[word]) return GREEK[word];
    if (names.indexOf(word) >= 0) return word;
    if (names.indexOf(lower) >= 0) return lower;
    if (FUNCTIONS[lower] || FUNCTION_ALIASES[lower] || CONSTANTS[lower] !== undefined) return lower;
    if (lower === "alpha" || lower === "beta" || lower === "eta") return lower;
    return null;
  }

  function splitName(word, names) {
    var whole = canonical(word, names);
    if (whole) return [whole];
    // Split into known names, the longest first at each place; a split must use every
    // letter, else the word is reported as unknown.
    var known = names.concat(Object.keys(FUNCTIONS), Object.keys(FUNCTION_ALIASES),
      Object.keys(CONSTANTS), Object.keys(GREEK))
      .sort(function (a, b) { return b.length - a.length; });
    var parts = [];
    var rest = word;
    while (rest) {
      var found = null;
      for (var k = 0; k < known.length; k++) {
        if (rest.toLowerCase().indexOf(known[k].toLowerCase()) === 0) { found = known[k]; break; }
      }
      if (!found) {
        throw new InputError("“" + word + "” is not a name I know. " + allowedNames(names));
      }
      parts.push(canonical(rest.slice(0, found.length), names) || found);
      rest = rest.slice(found.length);
    }
    return parts;
  }

  function allowedNames(names) {
    var shown = names.map(function (n) { return SHOWN_NAMES[n] || n; });
    return (shown.length ? "Use " + shown.join(", ") + ", " : "Use ") +
      "numbers, e, π, + − * / ^ and exp, ln, sqrt, tanh, sech, σ (sigmoid), softplus.";
  }

  // A recursive-descent parser with the usual precedence: + − below * / (and a product
  // written without a sign, as in 2x or x σ(x)) below unary minus below ^ (right to
  // left, so -x^2 is −(x²) and 2^3^2 is 2^9). A function takes its argument in
  // brackets, or the next factor (tanh x); f^2(x) is (f(x))².
  function parse(text, names) {
    names = names || [];
    if (typeof text !== "string") throw new InputError("Type an answer.");
    if (text.length > MAX_LENGTH) {
      throw new InputError("This answer has " + text.length + " characters; at most " +
        MAX_LENGTH + " are read.");
    }
    var tokens = tokenize(normalise(text), names);
    if (!tokens.length) throw new InputError("Type an answer first.");
    var position = 0;
    var nodes = 0;
    var absDepth = 0;

    function peek() { return tokens[position]; }
    function next() { return tokens[position++]; }
    function isOp(token, text) { return token && token.type === "op" && token.text === text; }
    function node(value, depth) {
      if (++nodes > MAX_NODES) throw new InputError("This formula is too long to read.");
      if (depth > MAX_DEPTH) throw new InputError("This formula nests too deeply.");
      return value;
    }
    function expect(text) {
      var token = next();
      if (!isOp(token, text)) {
        throw new InputError(token ? "Expected “" + text + "” before “" + token.text + "”."
          : "A “" + text + "” is missing at the end.");
      }
    }
    function startsFactor(token) {
      if (!token) return false;
      if (token.type === "num" || token.type === "name") return true;
      if (isOp(token, "(")) return true;
      return isOp(token, "|") && absDepth === 0;
    }

    function sum(depth) {
      var left = product(depth + 1);
      while (isOp(peek(), "+") || isOp(peek(), "-")) {
        var op = next().text;
        left = node({ type: "bin", op: op, left: left, right: product(depth + 1) }, depth);
      }
      return left;
    }
    function product(depth) {
      var left = unary(depth + 1);
      for (;;) {
        var token = peek();
        if (isOp(token, "*") || isOp(token, "/")) {
          next();
          left = node({ type: "bin", op: token.text, left: left, right: unary(depth + 1) }, depth);
        } else if (startsFactor(token)) {
          left = node({ type: "bin", op: "*", left: left, right: power(depth + 1), implicit: true }, depth);
        } else return left;
      }
    }
    function unary(depth) {
      if (isOp(peek(), "-")) { next(); return node({ type: "neg", arg: unary(depth + 1) }, depth); }
      if (isOp(peek(), "+")) { next(); return unary(depth + 1); }
      return power(depth);
    }
    function power(depth) {
      var base = primary(depth + 1);
      if (isOp(peek(), "^")) {
        next();
        return node({ type: "bin", op: "^", left: base, right: unary(depth + 1) }, depth);
      }
      return base;
    }
    function primary(depth) {
      var token = next();
      if (!token) throw new InputError("The answer ends too soon: something is missing at the end.");
      if (token.type === "num") {
        if (!isFinite(token.value)) throw new InputError("“" + token.text + "” is too large a number.");
        return node({ type: "num", value: token.value, text: token.text }, depth);
      }
      if (isOp(token, "(")) {
        var inside = sum(depth + 1);
        expect(")");
        return node({ type: "group", arg: inside }, depth);
      }
      if (isOp(token, "|")) {
        absDepth++;
        var within = sum(depth + 1);
        absDepth--;
        expect("|");
        return node({ type: "call", fn: "abs", args: [within] }, depth);
      }
      if (token.type === "name") {
        var fn = FUNCTION_ALIASES[token.text] || token.text;
        if (FUNCTIONS[fn] && !(names.indexOf(token.text) >= 0)) return call(fn, token, depth);
        if (token.text === "sigma" && names.indexOf("sigma") < 0) return call("sigmoid", token, depth);
        if (names.indexOf(token.text) >= 0) return node({ type: "var", name: token.text }, depth);
        if (CONSTANTS[token.text] !== undefined) return node({ type: "const", name: token.text }, depth);
        throw new InputError("“" + token.text + "” is not a name I know here. " + allowedNames(names));
      }
      throw new InputError("“" + token.text + "” cannot start a term here.");
    }
    function call(fn, token, depth) {
      var exponent = null;
      if (isOp(peek(), "^") && tokens[position + 1] && tokens[position + 1].type === "num" &&
          (isOp(tokens[position + 2], "(") || (tokens[position + 2] &&
            tokens[position + 2].type === "name"))) {
        next();
        exponent = node({ type: "num", value: next().value }, depth);
      }
      var args;
      if (isOp(peek(), "(")) {
        next();
        args = [sum(depth + 1)];
        while (isOp(peek(), ",")) { next(); args.push(sum(depth + 1)); }
        expect(")");
      } else if (startsFactor(peek())) {
        args = [power(depth + 1)];
      } else {
        throw new InputError(token.text + " needs something to act on, as in " + token.text + "(x).");
      }
      if (args.length !== 1) throw new InputError(token.text + " takes one argument, as in " + token.text + "(x).");
      var applied = node({ type: "call", fn: fn, args: args }, depth);
      return exponent ? node({ type: "bin", op: "^", left: applied, right: exponent }, depth) : applied;
    }

    var tree = sum(0);
    if (position < tokens.length) {
      var extra = tokens[position];
      throw new InputError(isOp(extra, ")") ? "There is a “)” without its “(”." :
        isOp(extra, ",") ? "Only one answer goes here; “,” is not part of a formula." :
        "I could not read the answer from “" + extra.text + "” on.");
    }
    return tree;
  }

  // The value of a tree at the variables' values.
  function evaluate(tree, scope) {
    switch (tree.type) {
      case "num": return tree.value;
      case "group": return evaluate(tree.arg, scope);
      case "var": return scope[tree.name];
      case "const": return CONSTANTS[tree.name];
      case "neg": return -evaluate(tree.arg, scope);
      case "call": return FUNCTIONS[tree.fn](evaluate(tree.args[0], scope));
      case "bin":
        var a = evaluate(tree.left, scope);
        var b = evaluate(tree.right, scope);
        if (tree.op === "+") return a + b;
        if (tree.op === "-") return a - b;
        if (tree.op === "*") return a * b;
        if (tree.op === "/") return a / b;
        return Math.pow(a, b);
    }
    throw new Error("unknown node " + tree.type);
  }

  function variablesOf(tree, found) {
    found = found || [];
    if (tree.type === "var" && found.indexOf(tree.name) < 0) found.push(tree.name);
    ["arg", "left", "right"].forEach(function (k) { if (tree[k]) variablesOf(tree[k], found); });
    (tree.args || []).forEach(function (a) { variablesOf(a, found); });
    return found;
  }

  // ------------------------------------------------------------- showing a tree

  var MATHML = "http://www.w3.org/1998/Math/MathML";
  var PRECEDENCE = { "+": 1, "-": 1, "*": 2, "/": 2, neg: 3, "^": 4 };

  function el(name, children, text) {
    var e = document.createElementNS(MATHML, name);
    if (text !== undefined) e.textContent = text;
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }
  function row(children) { return el("mrow", children); }
  function fenced(inner) { return row([el("mo", [], "("), inner, el("mo", [], ")")]); }

  function precedence(tree) {
    if (tree.type === "group") return precedence(tree.arg);  // (a − b) keeps its brackets
    if (tree.type === "bin") return PRECEDENCE[tree.op];
    if (tree.type === "neg") return PRECEDENCE.neg;
    return 5;
  }

  function toMathML(tree) {
    switch (tree.type) {
      case "num": return el("mn", [], tree.text || String(tree.value));
      case "group": return toMathML(tree.arg);
      case "var": return el("mi", [], SHOWN_NAMES[tree.name] || tree.name);
      case "const": return el("mi", [], SHOWN_NAMES[tree.name] || tree.name);
      case "neg":
        var inner = toMathML(tree.arg);
        return row([el("mo", [], "−"), precedence(tree.arg) < PRECEDENCE.neg ? fenced(inner) : inner]);
      case "call":
        var arg = toMathML(tree.args[0]);
        if (tree.fn === "abs") return row([el("mo", [], "|"), arg, el("mo", [], "|")]);
        if (tree.fn === "sqrt") return el("msqrt", [arg]);
        var name = tree.fn === "sigmoid" ? "σ" : tree.fn;
        return row([el("mi", [], name), el("mo", [], "\u2061"), fenced(arg)]);
      case "bin":
        var p = PRECEDENCE[tree.op];
        var left = toMathML(tree.left);
        var right = toMathML(tree.right);
        if (tree.op === "/") return el("mfrac", [left, right]);
        if (tree.op === "^") {
          if (precedence(tree.left) <= p || tree.left.type === "call") left = fenced(left);
          return el("msup", [left, right]);
        }
        if (precedence(tree.left) < p) left = fenced(left);
        if (precedence(tree.right) < p || (tree.op === "-" && precedence(tree.right) === p)) {
          right = fenced(right);
        }
        var sign = tree.op === "*" ? "·" : tree.op === "-" ? "−" : "+";
        return row([left, el("mo", [], sign), right]);
    }
    throw new Error("unknown node " + tree.type);
  }

  function mathElement(tree) {
    var math = el("math", [toMathML(tree)]);
    math.setAttribute("display", "inline");
    return math;
  }

  // ------------------------------------------------------------- checking answers

  function close(value, expected, tolerance) {
    if (!isFinite(expected)) return !isFinite(value) || isNaN(value) === isNaN(expected);
    if (!isFinite(value)) return false;
    return Math.abs(value - expected) <= tolerance.abs + tolerance.rel * Math.abs(expected);
  }

  function matches(values, expected, tolerance, unordered) {
    if (values.length !== expected.length) return false;
    if (!unordered) {
      return values.every(function (v, i) { return close(v, expected[i], tolerance); });
    }
    var left = expected.slice();
    return values.every(function (v) {
      var i = left.findIndex(function (e) { return close(v, e, tolerance); });
      if (i < 0) return false;
      left.splice(i, 1);
      return true;
    });
  }

  // A number, or an arithmetic expression without variables (1/4, tanh(ln 2)).
  function readNumber(text) {
    var tree = parse(text, []);
    var value = evaluate(tree, {});
    if (isNaN(value)) throw new InputError("This is not a number (0/0, or a root of a negative?).");
    if (!isFinite(value)) throw new InputError("This is infinite or too large a number.");
    return { value: value, tree: tree };
  }

  // Several numbers, separated by spaces, semicolons, or commas followed by a space.
  function readNumbers(text, count) {
    if (typeof text !== "string" || !text.trim()) throw new InputError("Type your answers first.");
    if (text.length > MAX_LENGTH) {
      throw new InputError("This answer has " + text.length + " characters; at most " +
        MAX_LENGTH + " are read.");
    }
    var clean = normalise(text).replace(/،/g, ";");
    if (/\d,\d/.test(clean)) {
      throw new InputError("“" + /\d+,\d+/.exec(clean)[0] + "”: write decimals with a point " +
        "(0.25), and separate the numbers with spaces, “;” or “, ”.");
    }
    var parts = clean.split(/[;,]\s*|\s+/).filter(function (p) { return p; });
    // Rejoin what a space split inside a bracket, as in "1/(1 + e)".
    var joined = [];
    var depth = 0;
    parts.forEach(function (p) {
      if (depth > 0) joined[joined.length - 1] += " " + p;
      else joined.push(p);
      depth += (p.match(/\(/g) || []).length - (p.match(/\)/g) || []).length;
    });
    var values = joined.map(function (p) { return readNumber(p).value; });
    if (count && values.length !== count) {
      throw new InputError("Give " + count + " numbers; I read " + values.length + ".");
    }
    return values;
  }

  function readFormula(text, spec) {
    var tree = parse(text, spec.variables);
    var used = variablesOf(tree);
    var values = spec.points.map(function (point) {
      var scope = {};
      spec.variables.forEach(function (name, i) { scope[name] = point[i]; });
      return evaluate(tree, scope);
    });
    if (values.every(function (v) { return !isFinite(v); })) {
      throw new InputError("This formula has no finite value at any point I tried.");
    }
    return { tree: tree, values: values, constant: used.length === 0 };
  }

  // The verdict on one answer: right, a named mistake, wrong, or invalid (unreadable).
  function judge(kind, spec, text) {
    var given;
    try {
      if (kind === "formula") given = readFormula(text, spec);
      else if (kind === "numbers") given = { values: readNumbers(text, spec.answer.length) };
      else given = readNumber(text);
    } catch (error) {
      if (error instanceof InputError) return { result: "invalid", message: error.message };
      throw error;
    }
    var values = kind === "number" ? [given.value] : given.values;
    var right = kind === "number" ? [spec.answer] : spec.answer;
    var tolerance = spec.tolerance;
    if (matches(values, right, tolerance, spec.unordered)) return { result: "right", given: given };
    for (var i = 0; i < (spec.mistakes || []).length; i++) {
      var mistake = spec.mistakes[i];
      var wrong = kind === "number" ? [mistake.value] : mistake.value;
      if (matches(values, wrong, tolerance, spec.unordered)) {
        return { result: "wrong", mistake: mistake, given: given };
      }
    }
    var verdict = { result: "wrong", given: given };
    if (kind === "numbers" && !spec.unordered) {
      verdict.off = values.map(function (v, j) { return !close(v, right[j], tolerance); });
    }
    if (kind === "formula" && given.constant) verdict.constant = true;
    return verdict;
  }

  // ---------------------------------------------------------------- the boxes

  var TEXT = {
    right: ["Right.", "درست است."],
    wrong: ["Not right yet.", "هنوز درست نیست."],
    invalid: ["I could not read this answer.", "نتوانستم این پاسخ را بخوانم."],
    mistake: ["This is a common mistake: ", "این یکی از اشتباه‌های رایج است: "],
    reread: ["Reread ", "این بخش را دوباره بخوانید: "],
    understood: "Read as: ",
  };

  function paragraph(text, persian) {
    var p = document.createElement("p");
    if (persian) { p.lang = "fa"; p.dir = "rtl"; p.className = "self-check-fa"; }
    if (text !== undefined) appendText(p, text, persian);
    return p;
  }

  // Persian text with its Latin, Greek and mathematical runs isolated left to right, so
  // that "1 − β" or "∂L/∂ŷ" is not reordered inside a right-to-left line. A bracket that
  // opens or closes a run alone stays outside it, where the line's direction mirrors it;
  // a run of digits alone ("(60,000 به‌جای 120,000)") is left as it is.
  var NOT_PERSIAN = /[^\u0600-\u06ff\u200c«»،؛]+/g;
  function appendText(element, text, persian) {
    if (!persian) { element.appendChild(document.createTextNode(text)); return; }
    var at = 0;
    text.replace(NOT_PERSIAN, function (run, start) {
      var core = run.trim();
      if (!core) return run;
      var opens = (core.match(/\(/g) || []).length;
      var closes = (core.match(/\)/g) || []).length;
      if (core[0] === "(" && opens > closes) core = core.slice(1);
      if (core[core.length - 1] === ")" && closes > opens) core = core.slice(0, -1);
      core = core.trim();
      // Numbers read rightly in a Persian line as they are; letters and signs do not.
      if (!core || !/[A-Za-zα-ωΑ-Ω∂√∑]/.test(core)) return run;
      var from = start + run.indexOf(core);
      element.appendChild(document.createTextNode(text.slice(at, from)));
      var isolated = document.createElement("bdi");
      isolated.dir = "ltr";
      isolated.textContent = core;
      element.appendChild(isolated);
      at = from + core.length;
      return run;
    });
    element.appendChild(document.createTextNode(text.slice(at)));
  }

  function link(target) {
    var a = document.createElement("a");
    a.href = target.href;
    a.textContent = target.text;
    a.lang = "en";
    a.dir = "ltr";
    return a;
  }

  // ``echo``: repeat how the answer was read under the verdict (a formula box shows it
  // live under the input already, so it does not).
  function show(feedback, verdict, spec, echo) {
    feedback.textContent = "";
    var english = paragraph();
    var persian = paragraph(undefined, true);
    var messages = TEXT[verdict.result];
    english.appendChild(document.createTextNode(messages[0]));
    persian.appendChild(document.createTextNode(messages[1]));
    if (verdict.result === "invalid") {
      english.appendChild(document.createTextNode(" " + verdict.message));
    } else if (verdict.mistake) {
      english.appendChild(document.createTextNode(" " + TEXT.mistake[0] + verdict.mistake.name + ". "));
      appendText(persian, " " + TEXT.mistake[1] + verdict.mistake.fa, true);
      if (verdict.mistake.href) {
        english.appendChild(link({ href: verdict.mistake.href, text: "Why it is wrong" }));
        english.appendChild(document.createTextNode("."));
      }
    } else if (verdict.result === "wrong") {
      if (verdict.off && verdict.off.some(Boolean) && spec.labels) {
        var off = spec.labels.filter(function (_, i) { return verdict.off[i]; });
        english.appendChild(document.createTextNode(" Check " + off.join(", ") + "."));
      }
      if (verdict.constant) {
        english.appendChild(document.createTextNode(" Your formula has no variable in it."));
      }
      if (spec.hint) {
        english.appendChild(document.createTextNode(" " + TEXT.reread[0]));
        english.appendChild(link(spec.hint));
        if (!/[.?!]$/.test(spec.hint.text)) english.appendChild(document.createTextNode("."));
        persian.appendChild(document.createTextNode(" " + TEXT.reread[1]));
        persian.appendChild(link(spec.hint));
      }
    }
    feedback.appendChild(english);
    feedback.appendChild(persian);
    if (echo && verdict.given && verdict.given.tree && verdict.result !== "invalid") {
      var understood = paragraph(TEXT.understood);
      understood.className = "self-check-understood";
      understood.appendChild(mathElement(verdict.given.tree));
      feedback.appendChild(understood);
    }
  }

  function preview(form, kind, spec, input, target) {
    target.textContent = "";
    if (kind !== "formula" || !input.value.trim()) return;
    try {
      var tree = parse(input.value, spec.variables);
      target.appendChild(document.createTextNode(TEXT.understood));
      target.appendChild(mathElement(tree));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }

  function insertAtCursor(input, text) {
    var start = input.selectionStart === null ? input.value.length : input.selectionStart;
    var end = input.selectionEnd === null ? input.value.length : input.selectionEnd;
    input.value = input.value.slice(0, start) + text + input.value.slice(end);
    var at = start + text.length;
    input.setSelectionRange(at, at);
    input.focus();
    input.dispatchEvent(new Event("input"));
  }

  function mountBox(form) {
    if (form.dataset.mounted) return;
    form.dataset.mounted = "yes";
    var spec = JSON.parse(form.dataset.spec);
    var kind = form.dataset.kind;
    var input = form.querySelector(".self-check-input");
    var feedback = form.querySelector(".self-check-feedback");
    var understood = form.querySelector(".self-check-preview");
    var reveal = form.querySelector(".self-check-reveal");
    form.querySelectorAll("button[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () { insertAtCursor(input, button.dataset.insert); });
    });
    if (understood) {
      input.addEventListener("input", function () { preview(form, kind, spec, input, understood); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var verdict = judge(kind, spec, input.value);
      form.dataset.result = verdict.result;
      if (verdict.mistake) form.dataset.mistake = verdict.mistake.id;
      else delete form.dataset.mistake;
      input.setAttribute("aria-invalid", verdict.result === "right" ? "false" : "true");
      show(feedback, verdict, spec, !understood);
      // The answer is there to ask for once the student has tried.
      if (reveal && !form.querySelector(".self-check-answer:not([hidden])")) reveal.hidden = false;
    });
    if (reveal) {
      reveal.addEventListener("click", function () {
        var shown = form.querySelector(".self-check-answer");
        shown.hidden = false;
        shown.textContent = "The answer: ";
        if (kind === "formula") shown.appendChild(mathElement(parse(spec.answer_text, spec.variables)));
        else shown.appendChild(document.createTextNode(spec.answer_text));
        reveal.hidden = true;
      });
    }
  }

  // ------------------------------------------- exact fractions, for the homework network

  function gcd(a, b) {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b) { var t = a % b; a = b; b = t; }
    return a;
  }
  // A rational number p/q in lowest terms, q > 0 (BigInt). Five operations are all the
  // network needs, so the book keeps them here rather than add a library to every page.
  function Q(p, q) {
    if (q === undefined) q = 1n;
    if (q === 0n) throw new InputError("A division by zero.");
    if (q < 0n) { p = -p; q = -q; }
    var g = gcd(p, q) || 1n;
    return { p: p / g, q: q / g };
  }
  var ZERO = Q(0n);
  function add(a, b) { return Q(a.p * b.q + b.p * a.q, a.q * b.q); }
  function sub(a, b) { return Q(a.p * b.q - b.p * a.q, a.q * b.q); }
  function mul(a, b) { return Q(a.p * b.p, a.q * b.q); }
  function half(a) { return Q(a.p, a.q * 2n); }
  function positive(a) { return a.p > 0n; }
  function fractionText(a) { return a.q === 1n ? String(a.p) : a.p + "/" + a.q; }
  function decimalText(a) {
    var value = Number(a.p) / Number(a.q);
    if (!isFinite(value)) return fractionText(a);
    return String(Number(value.toPrecision(6)));
  }

  // A typed value as the exact number written: "0.1" is 1/10, "-3/4" is −3/4.
  function readExact(text, name) {
    var clean = normalise(String(text)).trim();
    if (!clean) throw new InputError(name + " is empty.");
    if (clean.length > 40) throw new InputError(name + " is too long for a number.");
    if (/^-?\d+,\d+$/.test(clean)) throw new InputError(name + ": write decimals with a point, as in 0.5.");
    var m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d{1,3}))?(?:\/(\d+))?$/.exec(clean);
    if (!m || (!m[2] && !m[3])) {
      throw new InputError(name + ": “" + text + "” is not a number (write 2, -0.5 or 3/4).");
    }
    var digits = (m[2] || "0") + (m[3] || "");
    var scale = (m[3] || "").length - parseInt(m[4] || "0", 10);
    var p = BigInt(digits);
    var q = 1n;
    if (scale > 0) q = 10n ** BigInt(scale);
    else p = p * 10n ** BigInt(-scale);
    if (m[5] !== undefined) {
      if (m[3] !== undefined || m[4] !== undefined) {
        throw new InputError(name + ": write a fraction with whole numbers, as in 3/4.");
      }
      q = BigInt(m[5]);
      if (q === 0n) throw new InputError(name + ": a fraction cannot have 0 below the line.");
    }
    return Q(m[1] === "-" ? -p : p, q);
  }

  var WEIGHT_NAMES = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"];

  // The homework network, as dlbook.backprop computes it: ReLU, whose slope at 0 is
  // taken to be 0 (as TensorFlow does), L = ½(y − ŷ)², one step w ← w − η ∂L/∂w.
  function homeworkNetwork(values) {
    var x1 = values.x1, x2 = values.x2;
    var w = WEIGHT_NAMES.map(function (n) { return values[n]; });
    function f(a) { return positive(a) ? a : ZERO; }
    function slope(a) { return positive(a) ? Q(1n) : ZERO; }
    var a = [add(mul(x1, w[0]), mul(x2, w[1])), add(mul(x1, w[2]), mul(x2, w[3])),
      add(mul(x1, w[4]), mul(x2, w[5]))];
    var z = a.map(f);
    var a4 = add(add(mul(w[6], z[0]), mul(w[7], z[1])), mul(w[8], z[2]));
    var yHat = f(a4);
    var loss = half(mul(sub(values.y, yHat), sub(values.y, yHat)));
    var dLdyhat = sub(yHat, values.y);
    var dyhatda4 = slope(a4);
    var delta4 = mul(dLdyhat, dyhatda4);
    var dzda = a.map(slope);
    var delta = [0, 1, 2].map(function (i) { return mul(mul(delta4, w[6 + i]), dzda[i]); });
    var gradients = [];
    var chains = [];
    [0, 1, 2].forEach(function (i) {
      [x1, x2].forEach(function (x, j) {
        gradients.push(mul(delta[i], x));
        chains.push([dLdyhat, dyhatda4, w[6 + i], dzda[i], x]);
      });
    });
    z.forEach(function (zi) { gradients.push(mul(delta4, zi)); chains.push([dLdyhat, dyhatda4, zi]); });
    var updated = w.map(function (wi, i) { return sub(wi, mul(values.eta, gradients[i])); });
    return { a: a, z: z, a4: a4, yHat: yHat, loss: loss, gradients: gradients, chains: chains,
      updated: updated };
  }

  var CHAIN_NAMES = [
    ["(ŷ − y)", "f′(a₄)", "w₇", "f′(a₁)", "x₁"], ["(ŷ − y)", "f′(a₄)", "w₇", "f′(a₁)", "x₂"],
    ["(ŷ − y)", "f′(a₄)", "w₈", "f′(a₂)", "x₁"], ["(ŷ − y)", "f′(a₄)", "w₈", "f′(a₂)", "x₂"],
    ["(ŷ − y)", "f′(a₄)", "w₉", "f′(a₃)", "x₁"], ["(ŷ − y)", "f′(a₄)", "w₉", "f′(a₃)", "x₂"],
    ["(ŷ − y)", "f′(a₄)", "z₁"], ["(ŷ − y)", "f′(a₄)", "z₂"], ["(ŷ − y)", "f′(a₄)", "z₃"],
  ];
  var SUB = ["₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"];

  function resultRow(table, label, name, value, chain) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    tr.appendChild(th);
    if (chain !== undefined) {
      var factors = document.createElement("td");
      factors.className = "chain";
      chain.forEach(function (factor, k) {
        if (k) factors.appendChild(document.createTextNode(" · "));
        var one = document.createElement("span");
        one.textContent = factor;  // "f′(a₄) = 1" breaks only between factors
        factors.appendChild(one);
      });
      tr.appendChild(factors);
    }
    var exact = document.createElement("td");
    exact.textContent = fractionText(value);
    exact.dataset.name = name;
    exact.dataset.value = fractionText(value);
    var decimal = document.createElement("td");
    decimal.textContent = decimalText(value);
    tr.appendChild(exact);
    tr.appendChild(decimal);
    table.appendChild(tr);
  }

  function resultTable(caption, headers) {
    var table = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = caption;
    table.appendChild(cap);
    var tr = document.createElement("tr");
    headers.forEach(function (h) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = h;
      tr.appendChild(th);
    });
    table.appendChild(tr);
    return table;
  }

  function mountBackprop(form) {
    if (form.dataset.mounted) return;
    form.dataset.mounted = "yes";
    var output = form.querySelector(".backprop-numbers-result");
    var feedback = form.querySelector(".self-check-feedback");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      output.textContent = "";
      feedback.textContent = "";
      var values = {};
      try {
        form.querySelectorAll("input[name]").forEach(function (input) {
          var label = form.querySelector('label[for="' + input.id + '"]');
          values[input.name] = readExact(input.value, label ? label.textContent.trim() : input.name);
        });
        if (!positive(values.eta)) throw new InputError("η must be positive, as a learning rate is.");
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        form.dataset.result = "invalid";
        feedback.appendChild(paragraph(TEXT.invalid[0] + " " + error.message));
        feedback.appendChild(paragraph(TEXT.invalid[1], true));
        return;
      }
      var net = homeworkNetwork(values);
      var forward = resultTable("The forward pass", ["", "exact", "decimal"]);
      net.a.forEach(function (a, i) { resultRow(forward, "a" + SUB[i], "a" + (i + 1), a); });
      net.z.forEach(function (z, i) { resultRow(forward, "z" + SUB[i], "z" + (i + 1), z); });
      resultRow(forward, "a₄", "a4", net.a4);
      resultRow(forward, "ŷ", "yhat", net.yHat);
      resultRow(forward, "L", "loss", net.loss);
      var backward = resultTable("The gradients, each a product of chain-rule factors",
        ["", "factors", "exact", "decimal"]);
      net.gradients.forEach(function (g, i) {
        var chain = CHAIN_NAMES[i].map(function (n, k) {
          return n + " = " + fractionText(net.chains[i][k]);
        });
        resultRow(backward, "∂L/∂w" + SUB[i], "dL/dw" + (i + 1), g, chain);
      });
      var step = resultTable("After one step, w − η ∂L/∂w", ["", "exact", "decimal"]);
      net.updated.forEach(function (w, i) { resultRow(step, "w" + SUB[i], "w" + (i + 1) + "_new", w); });
      [forward, backward, step].forEach(function (table) {
        var box = document.createElement("div");
        box.className = "backprop-numbers-table";
        box.tabIndex = 0;
        box.appendChild(table);
        output.appendChild(box);
      });
      form.dataset.result = "computed";
      feedback.appendChild(paragraph("Computed: " + net.gradients.length + " gradients, exact."));
    });
  }

  // --------------------------------------------- a pasted training run, diagnosed

  // round(x, 6) of a NumPy float, as dlbook.diagnosis rounds the accuracy gap: NumPy
  // scales by 10^6, rounds half to even, and scales back.
  function roundLikeNumpy(x, digits) {
    var scale = Math.pow(10, digits);
    var y = x * scale;
    var floor = Math.floor(y);
    var rest = y - floor;
    var whole = rest < 0.5 ? floor : rest > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
    return whole / scale;
  }

  var SERIES = ["loss", "val_loss", "accuracy", "val_accuracy"];
  var SERIES_ALIASES = { acc: "accuracy", val_acc: "val_accuracy", train_loss: "loss",
    training_loss: "loss", validation_loss: "val_loss", train_accuracy: "accuracy",
    validation_accuracy: "val_accuracy", "train": "loss", "validation": "val_loss", val: "val_loss" };

  function seriesName(name) {
    var key = String(name).trim().toLowerCase().replace(/^["']|["']$/g, "").replace(/[\s-]+/g, "_");
    return SERIES_ALIASES[key] || key;
  }

  function readValue(text) {
    var t = normalise(text).trim().replace(/^np\.float(32|64)\((.*)\)$/, "$2");
    if (/^[-+]?nan$/i.test(t)) return NaN;
    if (/^[-+]?inf(inity)?$/i.test(t)) return t[0] === "-" ? -Infinity : Infinity;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) {
      throw new InputError("“" + text.trim().slice(0, 20) + "” is not a number.");
    }
    return parseFloat(t);
  }

  // A Keras history (the dict that history.history prints, or JSON), a table with a
  // header (CSVLogger's CSV), or two or four bare columns: loss, val_loss, then
  // accuracy, val_accuracy.
  function readHistory(text) {
    if (typeof text !== "string" || !text.trim()) throw new InputError("Paste your run first.");
    if (text.length > 200000) throw new InputError("This is too long for a training history.");
    var clean = normalise(text).trim();
    if (clean[0] === "{") return readHistoryDict(clean);
    var lines = clean.split(/\r?\n/).map(function (l) { return l.trim(); })
      .filter(function (l) { return l; });
    var split = function (line) { return line.split(/[,;\t]\s*|\s+/).filter(function (c) { return c; }); };
    var header = split(lines[0]);
    var named = header.some(function (cell) { return /[A-Za-z]/.test(cell) && !/^[-+]?(nan|inf)/i.test(cell); });
    var names = named ? header.map(seriesName) :
      header.length === 2 ? ["loss", "val_loss"] :
      header.length === 4 ? ["loss", "val_loss", "accuracy", "val_accuracy"] : null;
    if (!names) {
      throw new InputError("Give two columns (training and validation loss) or four " +
        "(then training and validation accuracy), or a header naming them.");
    }
    var history = {};
    names.forEach(function (n) { history[n] = []; });
    lines.slice(named ? 1 : 0).forEach(function (line, i) {
      var cells = split(line);
      if (cells.length !== names.length) {
        throw new InputError("Line " + (i + (named ? 2 : 1)) + " has " + cells.length +
          " values; the first has " + names.length + ".");
      }
      cells.forEach(function (cell, j) { history[names[j]].push(readValue(cell)); });
    });
    return history;
  }

  function readHistoryDict(text) {
    var history = {};
    var entry = /["']([^"']+)["']\s*:\s*\[([^\]]*)\]/g;
    var m;
    var found = 0;
    while ((m = entry.exec(text))) {
      found++;
      history[seriesName(m[1])] = m[2].split(",").map(function (v) { return v.trim(); })
        .filter(function (v) { return v; }).map(readValue);
    }
    if (!found) throw new InputError("I found no series like 'loss': [0.69, 0.52, …] in this.");
    return history;
  }

  function argmin(values) {
    var best = 0;
    for (var i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
    return best;
  }

  // dlbook.diagnosis.diagnose, with its defaults from the spec; the verdict needs the
  // accuracies, the rest only the losses.
  function diagnose(history, rules) {
    var loss = history.loss, val = history.val_loss;
    if (!loss || !val) {
      throw new InputError("I need the training loss and the validation loss (loss and val_loss).");
    }
    var series = SERIES.filter(function (k) { return history[k]; });
    var lengths = series.map(function (k) { return history[k].length; });
    if (lengths.some(function (n) { return n !== lengths[0]; })) {
      throw new InputError("The series must have one value per epoch each; their lengths differ.");
    }
    if (!lengths[0]) throw new InputError("The series are empty.");
    series.forEach(function (k) {
      var bad = [];
      history[k].forEach(function (v, i) { if (!isFinite(v)) bad.push(i + 1); });
      if (bad.length) {
        throw new InputError("“" + k + "” holds NaN or infinite values (a diverged run?) at epoch(s) " +
          bad.join(", ") + ".");
      }
    });
    var best = argmin(val);
    var highest = Math.max.apply(null, val.slice(best));
    var turnedUp = highest > (1 + rules.rise) * val[best] && loss[loss.length - 1] < loss[best];
    var kept = loss.length - 1;
    var result = {
      best_epoch: best + 1,
      onset_epoch: turnedUp ? best + 1 : null,
      kept_epoch: kept + 1,
      rise: highest / val[best] - 1,
      loss_gap: val[kept] - loss[kept],
      epochs: loss.length,
    };
    if (history.accuracy && history.val_accuracy) {
      var acc = history.accuracy[kept], vacc = history.val_accuracy[kept];
      var gap = roundLikeNumpy(acc - vacc, 6);
      result.accuracy_gap = gap;
      result.margin = gap - rules.max_gap;
      result.verdict = acc < rules.good_accuracy ? "underfitting" :
        gap > rules.max_gap ? "overfitting" : "good fit";
    }
    return result;
  }

  function percent(x) { return (x * 100).toFixed(1) + " %"; }

  function mountDiagnosis(form) {
    if (form.dataset.mounted) return;
    form.dataset.mounted = "yes";
    var rules = JSON.parse(form.dataset.spec);
    var input = form.querySelector("textarea");
    var feedback = form.querySelector(".self-check-feedback");
    var output = form.querySelector(".run-diagnosis-result");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      feedback.textContent = "";
      output.textContent = "";
      var result;
      try {
        result = diagnose(readHistory(input.value), rules);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        form.dataset.result = "invalid";
        feedback.appendChild(paragraph(TEXT.invalid[0] + " " + error.message));
        feedback.appendChild(paragraph(TEXT.invalid[1], true));
        return;
      }
      form.dataset.result = result.verdict || "losses";
      var list = document.createElement("dl");
      function item(term, text, name, value) {
        var dt = document.createElement("dt");
        dt.textContent = term;
        var dd = document.createElement("dd");
        dd.textContent = text;
        dd.dataset.name = name;
        dd.dataset.value = value === null ? "none" : String(value);
        list.appendChild(dt);
        list.appendChild(dd);
      }
      item("Best epoch (lowest validation loss)", result.best_epoch + " of " + result.epochs,
        "best_epoch", result.best_epoch);
      item("Rise of the validation loss after it", percent(result.rise), "rise", result.rise);
      item("Overfitting begins", result.onset_epoch === null ?
        "no: the validation loss never rose more than " + percent(rules.rise) +
        " above its minimum while the training loss kept falling" :
        "after epoch " + result.onset_epoch, "onset_epoch", result.onset_epoch);
      item("Validation minus training loss, last epoch", result.loss_gap.toFixed(4),
        "loss_gap", result.loss_gap);
      if (result.verdict) {
        item("Training minus validation accuracy, last epoch",
          result.accuracy_gap.toFixed(4), "accuracy_gap", result.accuracy_gap);
        item("Diagnosis", result.verdict + " (margin " + (result.margin >= 0 ? "+" : "−") +
          Math.abs(result.margin).toFixed(4) + ")", "verdict", result.verdict);
        item("Margin (accuracy gap − " + rules.max_gap + ")", result.margin.toFixed(4),
          "margin", result.margin);
      } else {
        var note = paragraph("No accuracies were given, so no bias-or-variance diagnosis: " +
          "add accuracy and val_accuracy for it.");
        output.appendChild(note);
      }
      output.insertBefore(list, output.firstChild);
      feedback.appendChild(paragraph("Read " + result.epochs + " epochs."));
    });
  }

  function mountAll(root) {
    root.querySelectorAll("form.self-check").forEach(mountBox);
    root.querySelectorAll("form.backprop-numbers").forEach(mountBackprop);
    root.querySelectorAll("form.run-diagnosis").forEach(mountDiagnosis);
  }

  window.dlbookAnswers = {
    parse: parse, evaluate: evaluate, judge: judge, readNumbers: readNumbers,
    readExact: function (text) { return fractionText(readExact(text, "the value")); },
    homeworkNetwork: function (values) {
      var exact = {};
      Object.keys(values).forEach(function (k) { exact[k] = readExact(values[k], k); });
      var net = homeworkNetwork(exact);
      return { loss: fractionText(net.loss), gradients: net.gradients.map(fractionText),
        a: net.a.map(fractionText), a4: fractionText(net.a4),
        updated: net.updated.map(fractionText) };
    },
    readHistory: readHistory, diagnose: diagnose,
    mountAll: mountAll, InputError: InputError,
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mountAll(document); });
  } else mountAll(document);
})();
