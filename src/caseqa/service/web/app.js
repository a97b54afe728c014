// The caseqa page: asks the public API and shows cited answers and their sources in context.
// Everything that comes from the sources or the question is inserted as text, never as HTML.
// This module only wires the page together; each part lives in its own module.

import { addSource } from "./add-source.js";
import { ask } from "./answer.js";
import { loadBrief } from "./brief.js";
import { followBuild } from "./build.js";
import { loadDocuments } from "./documents.js";
import { $ } from "./dom.js";
import { loadExamples } from "./examples.js";
import { setUpPanel } from "./source-panel.js";

// ---------------------------------------------------------------- the two views: asking (the default) and the brief

function showView(moveFocus = false) {
  const view = /^#brief(\/|$)/.test(location.hash) ? "brief" : "ask";
  $("ask-view").hidden = view !== "ask";
  $("brief-view").hidden = view !== "brief";
  for (const link of document.querySelectorAll(".views a")) {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (view === "brief") loadBrief();
  if (moveFocus) (view === "brief" ? $("brief-heading") : $("question")).focus();
}

// ---------------------------------------------------------------- start

$("ask-form").addEventListener("submit", ask);
$("add-form").addEventListener("submit", addSource);
window.addEventListener("hashchange", () => showView(true));
setUpPanel();
showView();
loadExamples();
loadDocuments();
followBuild();
