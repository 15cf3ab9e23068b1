// Wide maths, tables and code scroll sideways inside their own box on a narrow screen.
// A box that has more to show on a side fades out on that side, so a reader sees that it
// scrolls. The state is kept in data-dlbook-scroll (start, middle, end); theme-fixes.css
// draws the fade.
//
// All boxes are measured first and marked after: a mark changes styles, and measuring
// after each mark would make the browser lay the page out again for every box.
(function () {
  "use strict";

  var BOXES = "div.math, .pst-scrollable-table-container, div.highlight pre, .dlbook-scroll";

  function stateOf(box) {
    var hidden = box.scrollWidth - box.clientWidth;
    if (hidden <= 1) return "";
    var left = box.scrollLeft > 1;
    var right = box.scrollLeft < hidden - 1;
    return left && right ? "middle" : left ? "end" : "start";
  }

  function mark(boxes) {
    var states = boxes.map(stateOf);
    boxes.forEach(function (box, i) {
      var state = states[i];
      if (state) {
        if (box.getAttribute("data-dlbook-scroll") !== state) box.setAttribute("data-dlbook-scroll", state);
        // A box that scrolls must be reachable with the keyboard (axe:
        // scrollable-region-focusable).
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.hasAttribute("data-dlbook-scroll")) {
        box.removeAttribute("data-dlbook-scroll");
      }
    });
  }

  function start() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(BOXES));
    document.addEventListener("scroll", function (event) {
      var box = event.target;
      if (box instanceof Element && box.matches(BOXES)) mark([box]);
    }, true);
    if (window.ResizeObserver) {
      // Called once for every box when it is first laid out, then whenever a box changes
      // size (fonts load, widgets render, a toggle opens, the window turns).
      var observer = new ResizeObserver(function (entries) {
        mark(entries.map(function (entry) { return entry.target; }));
      });
      boxes.forEach(function (box) { observer.observe(box); });
    } else {
      mark(boxes);
      window.addEventListener("resize", function () { mark(boxes); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
