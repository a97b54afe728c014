// Asking a question and showing the result: the cited answer (or why there is none), its sources and passages.

import { ApiError, api } from "./api.js";
import { confidenceLegend, confidenceWords } from "./confidence.js";
import { copyAction } from "./copy.js";
import { $, el } from "./dom.js";
import { count, number, pageWords, sectionLabel, shortSection, spanWords } from "./format.js";
import { differNotice, sentenceNodes } from "./quotes.js";
import { openSource } from "./source-panel.js";

const MODE_NAMES = { hybrid: "hybrid", bm25: "keyword", dense: "semantic" };

let askController = null; // the question under way; a new one aborts it

function selectedDocIds() {
  return [...document.querySelectorAll("#doc-filter-list input:checked")].map((box) => box.value);
}

/** Progress is shown; the outcome is only announced, since the result itself says it on screen. */
function setStatus(message, visible = false) {
  $("status").textContent = message;
  $("status").classList.toggle("visually-hidden", !visible);
}

function showError(message) {
  const box = $("error");
  box.replaceChildren(el("strong", {}, "Sorry: "), message);
  box.hidden = false;
}

export async function ask(event) {
  event.preventDefault();
  const question = $("question").value.trim();
  $("error").hidden = true;
  if (!question) {
    showError("Type a question first.");
    $("question").focus();
    return;
  }
  askController?.abort();
  const controller = (askController = new AbortController());
  const docIds = selectedDocIds();
  const mode = document.querySelector("input[name=mode]:checked")?.value ?? "hybrid";
  const started = performance.now();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  setStatus("Looking through the sources… 0.0 s", true);
  $("status").classList.add("busy");
  const ticking = setInterval(() => {
    if (askController === controller) $("status").textContent = `Looking through the sources… ${elapsed()} s`;
  }, 100);
  $("result").setAttribute("aria-busy", "true");
  $("ask-button").classList.add("busy");
  try {
    const answer = await api("ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, top_k: 5, mode, doc_ids: docIds.length ? docIds : null }),
      signal: controller.signal,
    });
    renderResult(answer, question, mode);
  } catch (error) {
    if (error.name === "AbortError") return;
    $("result").hidden = true;
    setStatus("");
    showError(error instanceof ApiError ? error.message : "Something went wrong while showing the answer.");
    if (!(error instanceof ApiError)) console.error(error);
  } finally {
    clearInterval(ticking);
    if (askController === controller) {
      $("status").classList.remove("busy");
      $("result").removeAttribute("aria-busy");
      $("ask-button").classList.remove("busy");
    }
  }
}

function renderResult(answer, question, mode) {
  $("asked-question").textContent = answer.question ?? question;
  const sentences = Array.isArray(answer.sentences) ? answer.sentences : [];
  const passages = Array.isArray(answer.passages) ? answer.passages : [];
  if (answer.answerable && sentences.length) {
    const [words, level] = confidenceWords(answer.confidence_band);
    $("answer").replaceChildren(
      el("div", { className: "answer-head" },
        el("h3", {}, "Answer"),
        el("span", { className: `confidence ${level}`, title: `Confidence ${Math.round(answer.confidence * 100)} out of 100` }, words)),
      el("p", { className: "answer-text" }, sentences.flatMap((s, i) => [sentenceNodes(s), citeButton(s.citation, i + 1), " "])),
      ...differNotice(answer.alternatives, true),
      el("div", { className: "answer-actions" }, copyButton(sentences, answer.alternatives ?? []), confidenceLegend()),
      el("h3", { className: "small-heading" }, "Cited from"),
      citationGroups(sentences),
    );
    $("passages").replaceChildren(...(passages.length
      ? [el("details", { className: "passages-more" },
          el("summary", {}, `Passages searched (${passages.length})`), passageList(passages))]
      : []));
    const differ = Array.isArray(answer.alternatives) && answer.alternatives.length ? " The sources differ on it." : "";
    setStatus(`Answer ready, ${words.toLowerCase()}, ${count(sentences.length, "cited sentence")}.${differ}`);
  } else {
    $("answer").replaceChildren(
      el("p", { className: "abstain" }, "The sources do not answer this question."),
      el("p", { className: "hint" }, passages.length
        ? "Here are the closest passages found, so you can judge for yourself."
        : "No passage came close."),
      ...differNotice(answer.alternatives, false),
    );
    $("passages").replaceChildren(...(passages.length ? [el("h3", {}, "Closest passages"), passageList(passages)] : []));
    setStatus("The sources do not answer this question.");
  }
  const meta = [`Searched in ${MODE_NAMES[mode] ?? mode} mode`];
  if (Number.isFinite(answer.took_ms)) meta.push(`in ${number(Math.round(answer.took_ms))} ms`);
  $("result-meta").textContent = meta.join(" · ");
  $("result").hidden = false;
}

function citeButton(citation, n) {
  const button = el("button", { type: "button", className: "cite", "aria-label": `Source ${n}: ${citation.title}, in context` }, `[${n}]`);
  button.addEventListener("click", () => openSource(citation, button));
  return button;
}

/** Citations grouped by source: the title once, then each cited sentence's short section name (the full
path on hover and to screen readers) and where it sits. */
function citationGroups(sentences) {
  const groups = new Map();
  sentences.forEach((s, i) => {
    const key = s.citation.doc_id ?? s.citation.title;
    if (!groups.has(key)) groups.set(key, { title: s.citation.title, items: [] });
    groups.get(key).items.push([s.citation, i + 1]);
  });
  return el("div", { className: "citation-groups" }, [...groups.values()].map((group) =>
    el("section", { className: "citation-group" },
      el("h4", { className: "ref-title" }, group.title),
      el("ul", { className: "citations" }, group.items.map(([citation, n]) => citationItem(citation, n))))));
}

function citationItem(citation, n) {
  const button = el("button", { type: "button", className: "link" }, "Read in context");
  button.addEventListener("click", () => openSource(citation, button));
  const path = sectionLabel(citation.section);
  return el("li", {},
    el("span", { className: "ref-n" }, `[${n}]`), " ",
    el("span", { className: "ref-where", title: path, "aria-label": `${path}, ${spanWords(citation.start, citation.end)}` },
      [shortSection(citation.section), pageWords(citation.page), spanWords(citation.start, citation.end)].filter(Boolean).join(" · ")),
    button);
}

/** The answer as Markdown with numbered sources; where the sources differ, each value with its quoted sentences. */
function answerMarkdown(sentences, alternatives = []) {
  const numbers = new Map(); // one number per cited span, in order of first use
  const sources = [];
  const ref = (c) => {
    const key = `${c.doc_id}:${c.start}:${c.end}`;
    if (!numbers.has(key)) {
      numbers.set(key, numbers.size + 1);
      const page = Number.isInteger(c.page) ? `, p. ${c.page}` : "";
      sources.push(`[${numbers.get(key)}] ${c.title}, ${sectionLabel(c.section)}${page}, characters ${c.start}–${c.end}.`);
    }
    return `[${numbers.get(key)}]`;
  };
  const body = sentences.map((s) => `${s.text} ${ref(s.citation)}`).join(" ");
  const differ = alternatives.length
    ? ["", "Sources differ:", ...alternatives.map((a) => `- ${a.value}: ${a.sentences.map((s) => `“${s.text}” ${ref(s.citation)}`).join(" ")}`)]
    : [];
  return `${[body, ...differ].join("\n")}\n\n${sources.join("\n")}\n`;
}

function copyButton(sentences, alternatives) {
  return copyAction({
    label: "Copy with citations",
    className: "copy",
    text: () => answerMarkdown(sentences, alternatives),
    done: "Copied the answer with its numbered sources.",
    say: (message) => setStatus(message, true),
  });
}

function passageList(passages) {
  return el("ol", { className: "passages" }, passages.map((p) => {
    const button = el("button", { type: "button", className: "link" }, "Read in context");
    button.addEventListener("click", () => openSource(p, button));
    return el("li", { className: "passage" },
      el("p", { className: "passage-head" },
        el("span", { className: "ref-title" }, p.title ?? p.doc_id),
        el("span", { className: "ref-where" }, sectionLabel(p.section))),
      el("blockquote", {}, p.text),
      button);
  }));
}
