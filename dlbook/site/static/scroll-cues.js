// Wide maths, tables and code scroll sideways inside their own box on a narrow screen.
// A box that has more to show on a side fades out on that side, so a reader sees that it
// scrolls. The state is kept in data-dlbook-scroll (start, middle, end); theme-fixes.css
// draws the fade.
(function () {
  "use strict";

  var BOXES = "div.math, .pst-scrollable-table-container, div.highlight pre, .dlbook-scroll";

  function mark(box) {
    var hidden = box.scrollWidth - box.clientWidth;
    var state = "";
    if (hidden > 1) {
      var left = box.scrollLeft > 1;
      var right = box.scrollLeft < hidden - 1;
      state = left && right ? "middle" : left ? "end" : "start";
    }
    if (state) {
      if (box.getAttribute("data-dlbook-scroll") !== state) box.setAttribute("data-dlbook-scroll", state);
      if (!box.hasAttribute("tabindex")) {
        // A box that scrolls must be reachable with the keyboard (axe: scrollable-region-focusable).
        box.setAttribute("tabindex", "0");
      }
    } else if (box.hasAttribute("data-dlbook-scroll")) {
      box.removeAttribute("data-dlbook-scroll");
    }
  }

  function markAll() {
    document.querySelectorAll(BOXES).forEach(mark);
  }

  function start() {
    markAll();
    document.addEventListener("scroll", function (event) {
      var box = event.target;
      if (box instanceof Element && box.matches(BOXES)) mark(box);
    }, true);
    window.addEventListener("resize", markAll);
    // Boxes change size when maths fonts load, widgets render or a toggle opens.
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { mark(entry.target); });
      });
      document.querySelectorAll(BOXES).forEach(function (box) { observer.observe(box); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
