// Small repairs to the theme's and extensions' markup, so that assistive technology gets
// names that match what is on screen (axe-core checks these in the browser tests).
(function () {
  "use strict";

  function repair(root) {
    // Buttons and toggles whose aria-label hides their visible text ("Search Ctrl+K",
    // "Show code cell source"): let the visible text be the accessible name.
    root.querySelectorAll("button.search-button__button[aria-label], summary[aria-label]").forEach(function (el) {
      if (el.textContent.trim()) el.removeAttribute("aria-label");
    });
    // The colour-mode button shows only an icon whose title names the current mode.
    root.querySelectorAll(".theme-switch-button[aria-label]").forEach(function (el) {
      el.removeAttribute("aria-label");
      if (!el.getAttribute("title")) el.setAttribute("title", "Color mode");
    });
    // The navigation's expand/collapse toggles show only a chevron: name them after the
    // chapter whose sections they show.
    root.querySelectorAll("nav details > summary:not([aria-label])").forEach(function (el) {
      if (el.textContent.trim()) return;
      var item = el.closest("li");
      var link = item && item.querySelector(":scope > a");
      el.setAttribute("aria-label", "Sections of " + (link ? link.textContent.trim() : "this chapter"));
    });
    // A bibliography is a list whose entries must be list items for screen readers.
    root.querySelectorAll('[role="list"] > [role="doc-biblioentry"]').forEach(function (el) {
      el.setAttribute("role", "listitem");
    });
    // ipywidgets sliders: name the draggable handle after the widget's label.
    root.querySelectorAll(".noUi-handle:not([aria-label])").forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .jupyter-widgets");
      var label = widget && widget.querySelector(".widget-label");
      var name = label && label.textContent.trim();
      handle.setAttribute("aria-label", name || "slider");
    });
    // A selection slider's handle reports its position (0, 1, 2, ...) as its value:
    // give screen readers the value the slider shows, from its readout.
    root.querySelectorAll(".noUi-handle").forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .jupyter-widgets");
      var readout = widget && widget.querySelector(".widget-readout");
      var shown = readout && readout.textContent.trim();
      if (shown && handle.getAttribute("aria-valuetext") !== shown) {
        handle.setAttribute("aria-valuetext", shown);
      }
    });
  }

  function start() {
    repair(document);
    // Widgets and toggles are rendered after load: repair what they add too.
    // A slider's readout changes as it moves: follow its text as well.
    new MutationObserver(function () { repair(document); }).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
