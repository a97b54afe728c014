// Quoted sentences with the sources that say them, and where the sources give a value differently.

import { el } from "./dom.js";
import { codePoints, pageWords, sectionLabel, shortSection, spanWords } from "./format.js";
import { openSource } from "./source-panel.js";

/** A sentence with its highlight span (a date, a figure, a name) emphasised. */
export function sentenceNodes(sentence) {
  const chars = codePoints(sentence.text);
  const [start, end] = Array.isArray(sentence.highlight) ? sentence.highlight : [];
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= chars.length)) {
    return el("span", { className: "sentence" }, sentence.text);
  }
  return el("span", { className: "sentence" },
    chars.slice(0, start).join(""), el("mark", {}, chars.slice(start, end).join("")), chars.slice(end).join(""));
}

const sameWords = (a, b) => String(a ?? "").replace(/\s+/g, " ").trim() === String(b ?? "").replace(/\s+/g, " ").trim();

/** One source of a quote: its title, where in it (page when known), and a button into the source panel.
A merged near-copy words the sentence its own way; then that source's wording is shown too. */
function sourceItem(citation, quoted) {
  const button = el("button", { type: "button", className: "link" }, "Read in context");
  button.addEventListener("click", () => openSource(citation, button));
  const path = sectionLabel(citation.section);
  const ownWords = typeof citation.text === "string" && citation.text && !sameWords(citation.text, quoted);
  const where = (section) => [section, pageWords(citation.page), spanWords(citation.start, citation.end)].filter(Boolean).join(" · ");
  return el("li", { className: "source" },
    el("span", { className: "ref-title" }, citation.title ?? citation.doc_id),
    el("span", { className: "ref-where", title: path }, where(shortSection(citation.section))),
    el("span", { className: "ref-full" }, where(path)), // printed instead of the short form
    button,
    ownWords ? el("blockquote", { className: "wording" }, el("span", { className: "wording-label" }, "This source words it: "), citation.text) : "");
}

/** A quoted sentence, then each source that says it. */
export function quoteParts(textNodes, citations, quoted) {
  return [
    el("p", { className: "quote-text" }, textNodes),
    el("ul", { className: "sources" }, (Array.isArray(citations) ? citations : []).map((c) => sourceItem(c, quoted))),
  ];
}

/** A brief item: the sentence once, with every source that says it. */
export const briefQuote = (item) => el("li", { className: "quote" }, quoteParts(item.text, item.citations, item.text));

/** An answer sentence: one citation, its highlight marked. */
const answerQuote = (sentence) =>
  el("li", { className: "quote" }, quoteParts(sentenceNodes(sentence), [sentence.citation], sentence.text));

/** Each value the sources give, with the sentences that give it; `firstNote` says what the first one is. */
export function alternativeList(alternatives, renderQuote, firstNote = "") {
  return el("ul", { className: "alternatives" }, alternatives.map((alternative, i) =>
    el("li", { className: "alternative" },
      el("p", { className: "alt-value" }, el("strong", {}, alternative.value),
        i === 0 && firstNote ? el("span", { className: "hint" }, ` (${firstNote})`) : ""),
      el("ul", { className: "quotes" }, (alternative.sentences ?? []).map(renderQuote)))));
}

/** Under an answer: where the sources give the asked date, number or name differently ([] when they agree). */
export function differNotice(alternatives, answered) {
  const values = (Array.isArray(alternatives) ? alternatives : []).filter((a) => Array.isArray(a?.sentences));
  if (!values.length) return [];
  return [el("section", { className: "differ", "aria-labelledby": "differ-heading" },
    el("h3", { id: "differ-heading", className: "differ-heading" }, "Sources differ"),
    el("p", { className: "differ-lead" }, answered
      ? "The sources do not give the same value here. Each one, with the sentences that give it; the answer above uses the first."
      : "The sources do not give the same value here. Each one, with the sentences that give it."),
    alternativeList(values, answerQuote, answered ? "the answer's" : ""))];
}
