// Runs on pages with embedded widgets, before require.js and the ipywidgets HTML manager.
(function () {
  "use strict";

  // 1. The HTML manager defines AMD modules (@jupyter-widgets/base, /controls,
  //    /html-manager, /html-manager/dist/libembed-amd), each of which fetches its fonts
  //    relative to its module path. Map those paths to the folder this site serves, so
  //    nothing is looked up relative to the page or on a CDN. (A global `require` object
  //    is require.js's configuration.)
  var managerDir = new URL("vendor/html-manager/dist", document.currentScript.src).href;
  window.require = {
    paths: { "@jupyter-widgets": managerDir, "@jupyter-widgets/html-manager/dist": managerDir },
  };

  // 2. The manager typesets labels with MathJax 2's `MathJax.Hub.Queue`; the site runs
  //    MathJax 3, which has no `Hub`. Give whatever object `window.MathJax` becomes a small
  //    `Hub` whose `Queue(["Typeset", hub, element])` calls MathJax 3's `typesetPromise`.
  function addHub(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) {
      mathjax.Hub = {
        Queue: function (job) {
          var current = window.MathJax;
          var element = Array.isArray(job) ? job[2] : undefined;
          if (current && typeof current.typesetPromise === "function") {
            current.typesetPromise(element ? [element] : undefined).catch(function (error) {
              console.warn("MathJax could not typeset a widget:", error);
            });
          }
        },
      };
    }
    return mathjax;
  }
  var value = addHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () { return value; },
    set: function (next) { value = addHub(next); },
  });
})();
