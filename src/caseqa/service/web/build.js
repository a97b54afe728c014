// A server still building its index: how far it has got, and asking held back until it is ready.

import { api } from "./api.js";
import { forgetBrief } from "./brief.js";
import { setConfidenceBands } from "./confidence.js";
import { loadDocuments } from "./documents.js";
import { $ } from "./dom.js";

/** The index builder's stages, in words (adding a source reports the same stages). */
export const BUILD_STAGES = {
  starting: "reading the sources",
  chunks: "embedding passages",
  sentences: "embedding sentences",
  examples: "embedding the case brief's examples",
  loading: "loading the new index",
};

/** While the server builds its first index, the page shows how far it has got and asking waits for it. */
export async function followBuild(wasBuilding = false) {
  let health;
  try {
    health = await api("health");
  } catch {
    return; // asking then reports the real error
  }
  setConfidenceBands(health.confidence_bands);
  const building = health.status === "building";
  $("building").hidden = !building;
  $("ask-button").disabled = building;
  if (!building) {
    if (wasBuilding) {
      loadDocuments();
      forgetBrief();
    }
    return;
  }
  const { stage, done, total } = health.progress ?? { stage: "starting", done: 0, total: 0 };
  const step = BUILD_STAGES[stage] ?? stage;
  $("building-text").textContent =
    `The index is being built (${step}${total ? `: ${done} of ${total}` : ""}). You can ask once it is ready.`;
  const bar = $("building-progress");
  if (total) {
    bar.max = total;
    bar.value = done;
  } else {
    bar.removeAttribute("value"); // an indeterminate bar
  }
  setTimeout(() => followBuild(true), 1000);
}
