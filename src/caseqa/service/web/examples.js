// Example questions under the question box, read from examples.json.

import { api } from "./api.js";
import { $, el } from "./dom.js";

/** One example per facet (drivers, entry modes, outcomes, challenges) at a time, from examples.json. */
const examples = { facets: [], turn: 0 };

export async function loadExamples() {
  try {
    const data = await api("examples.json");
    examples.facets = Object.entries(data.facets ?? {}).filter(([, list]) => Array.isArray(list) && list.length);
  } catch {
    return; // the page works without examples
  }
  if (!examples.facets.length) return;
  $("more-examples").addEventListener("click", () => { examples.turn += 1; showExamples(); });
  showExamples();
  $("examples").hidden = false;
}

function showExamples() {
  $("example-list").replaceChildren(...examples.facets.map(([facet, list]) => {
    const question = list[examples.turn % list.length];
    const button = el("button", { type: "button", className: "example", title: facet }, question);
    button.addEventListener("click", () => {
      $("question").value = question;
      $("ask-form").requestSubmit();
    });
    return button;
  }));
}
