// The book's widget runtime: shows the widgets whose state a page embeds, with no kernel.
//
// A page's widget state (every model's, as myst-nb writes it) comes in a script file of its
// own that sets window.dlbookWidgetState (see dlbook_site/widget_runtime.py), and the page
// holds one <script type="application/vnd.jupyter.widget-view+json"> where each widget is
// shown. This file creates the models from that state and draws each
// view in place of its script. Only the classes of @jupyter-widgets/base and
// @jupyter-widgets/controls are available: the book embeds nothing else.
import * as base from "@jupyter-widgets/base";
import { version as baseVersion } from "@jupyter-widgets/base/package.json";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import { version as managerVersion } from "@jupyter-widgets/base-manager/package.json";
import { VBoxModel, VBoxView } from "@jupyter-widgets/controls/lib/widget_box";
import { DescriptionStyleModel } from "@jupyter-widgets/controls/lib/widget_description";
import { SliderStyleModel } from "@jupyter-widgets/controls/lib/widget_int";
import { LinkModel } from "@jupyter-widgets/controls/lib/widget_link";
import {
  DropdownModel,
  DropdownView,
  SelectionSliderModel,
  SelectionSliderView,
} from "@jupyter-widgets/controls/lib/widget_selection";
import { StackModel, StackView } from "@jupyter-widgets/controls/lib/widget_selectioncontainer";
import { HTMLModel, HTMLStyleModel, HTMLView } from "@jupyter-widgets/controls/lib/widget_string";
import { JUPYTER_CONTROLS_VERSION } from "@jupyter-widgets/controls/lib/version";
import { version as controlsVersion } from "@jupyter-widgets/controls/package.json";
import { Widget } from "@lumino/widgets";
// The controls' styles (and lumino's and noUiSlider's, which they import). Not base's
// index.css: it marks every widget without a kernel with a "disconnected" icon.
import "@jupyter-widgets/controls/css/widgets.css";
import "./dark.css";

const VIEW_TYPE = "application/vnd.jupyter.widget-view+json";

// The controls the book's widgets are made of (see dlbook/widgets.py); a widget that uses
// another control needs its classes added here.
const controls = {
  DescriptionStyleModel,
  DropdownModel,
  DropdownView,
  HTMLModel,
  HTMLStyleModel,
  HTMLView,
  LinkModel,
  SelectionSliderModel,
  SelectionSliderView,
  SliderStyleModel,
  StackModel,
  StackView,
  VBoxModel,
  VBoxView,
};

// Model module name -> [its classes, the model-module version they implement].
const MODULES = {
  "@jupyter-widgets/base": [base, base.JUPYTER_WIDGETS_VERSION],
  "@jupyter-widgets/controls": [controls, JUPYTER_CONTROLS_VERSION],
};

function major(version) {
  return String(version).replace(/^[~^=v]+/, "").split(".")[0];
}

// The site renders its maths when it is built, and no page loads a maths library, so
// widget labels hold no TeX: they use Unicode (α, β, η). The controls still ask for a
// typesetter, and get one that leaves the label as it is. (The browser test that no raw
// TeX shows anywhere would catch a label written in TeX.)
const noTypesetting = { typeset() {} };

// Creating a page's models (an explorer has hundreds: each frame is an HTML model with its
// layout and style) in one go blocks the page for a third of a second on a slow phone.
// Models are created in slices of about SLICE_MS, with the browser free between them.
// Every model is still registered at once (ManagerBase does that before it awaits
// `_make_model`), so a model can refer to one created in a later slice.
const SLICE_MS = 30;

function slicer() {
  const waiting = [];
  let pumping = false;
  async function pump() {
    pumping = true;
    while (waiting.length) {
      const started = performance.now();
      while (waiting.length && performance.now() - started < SLICE_MS) {
        waiting.shift()();
        // Let the model just released run up to its first wait before timing the next.
        await null;
      }
      if (waiting.length) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    pumping = false;
  }
  return function nextTurn() {
    const turn = new Promise((resolve) => waiting.push(resolve));
    if (!pumping) pump();
    return turn;
  };
}

class StaticManager extends ManagerBase {
  constructor() {
    super();
    // Read by the controls' DescriptionView in place of MathJax 2's global `Hub`.
    this._rendermime = { latexTypesetter: noTypesetting };
    this._nextTurn = slicer();
  }

  async _make_model(options, serializedState) {
    await this._nextTurn();
    return super._make_model(options, serializedState);
  }

  async loadClass(className, moduleName, moduleVersion) {
    const entry = MODULES[moduleName];
    if (!entry) throw new Error(`the book's widget runtime has no module ${moduleName}`);
    const [module, version] = entry;
    if (major(moduleVersion) !== major(version)) {
      throw new Error(`${moduleName}@${moduleVersion} is not supported (runtime has ${version})`);
    }
    if (!Object.hasOwn(module, className)) {
      throw new Error(`the book's widget runtime has no ${moduleName} class ${className}`);
    }
    return module[className];
  }

  // No kernel: there are no comms, and none can be opened.
  async _get_comm_info() {
    return {};
  }

  async _create_comm() {
    throw new Error("static widgets have no kernel to talk to");
  }
}

async function showWidgets() {
  const state = window.dlbookWidgetState;
  if (!state) return;
  const manager = new StaticManager();
  await manager.set_state(state);
  const views = [...document.querySelectorAll(`script[type="${VIEW_TYPE}"]`)];
  await Promise.all(
    views.map(async (script) => {
      const { model_id: modelId } = JSON.parse(script.textContent);
      const host = document.createElement("div");
      host.className = "dlbook-widget";
      script.parentNode.insertBefore(host, script);
      const model = await manager.get_model(modelId);
      const view = await manager.create_view(model);
      Widget.attach(view.luminoWidget, host);
    }),
  );
}

// What this bundle holds, for the tests and for anyone debugging a page.
window.dlbookWidgetRuntime = {
  packages: {
    "@jupyter-widgets/base": baseVersion,
    "@jupyter-widgets/base-manager": managerVersion,
    "@jupyter-widgets/controls": controlsVersion,
  },
  modelModules: Object.fromEntries(Object.entries(MODULES).map(([name, [, v]]) => [name, v])),
};

if (typeof document !== "undefined") {
  const start = () => showWidgets().catch((error) => console.error("widgets:", error));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
