// What an answer's confidence means: the band's words and a legend with the cuts the calibration chose.

import { el } from "./dom.js";

/** Confidence is a calibrated probability that the answer is right; below the calibration's threshold the API abstains. */
export function confidenceWords(band) {
  // The bands come from the calibration (cuts chosen on dev); an answer without one shows as low.
  if (band === "high") return ["High confidence", "high"];
  if (band === "moderate") return ["Moderate confidence", "moderate"];
  return ["Low confidence", "low"];
}

/** The lowest confidence of each band, as the calibration chose them (read from /health); null until then. */
let confidenceBands = null;

/** A /health without bands keeps the ones already known. */
export function setConfidenceBands(bands) {
  confidenceBands = bands ?? confidenceBands;
}

/** What each confidence band means, in the cuts the calibration chose when they are known. */
export function confidenceLegend() {
  const cut = (name) => (Number.isFinite(confidenceBands?.[name]) ? ` (${Math.round(confidenceBands[name] * 100)} or more)` : "");
  return el("details", { className: "legend" },
    el("summary", {}, "What does the confidence mean?"),
    el("ul", {},
      el("li", {}, el("strong", {}, "High"), cut("high"),
        ": on the questions caseqa was tuned with, at least 9 in 10 answers this confident quoted the right evidence."),
      el("li", {}, el("strong", {}, "Moderate"), cut("moderate"),
        ": about 7 in 10 did. Check the cited sentence."),
      el("li", {}, el("strong", {}, "Low"), ": answered, but less sure than that. Read the sources.")),
    el("p", { className: "hint" }, "Confidence is out of 100. When it is too low to answer at all, caseqa says the sources do not answer."));
}
