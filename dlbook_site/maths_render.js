// Renders TeX to HTML with KaTeX for dlbook_site.maths, during the site's build.
//
// Usage: node maths_render.js KATEX_JS
// Reads one JSON object a line on stdin, {"tex": "...", "display": true|false}, and
// writes one JSON object a line on stdout: {"html": "..."} or {"error": "..."}.
"use strict";

const readline = require("readline");
const katex = require(process.argv[2]);

const options = (display) => ({
  displayMode: display,
  output: "htmlAndMathml", // MathML keeps the formula readable by screen readers
  throwOnError: true,
  strict: "error",
  trust: false,
});

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  const { tex, display } = JSON.parse(line);
  let reply;
  try {
    reply = { html: katex.renderToString(tex, options(display)) };
  } catch (error) {
    reply = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
