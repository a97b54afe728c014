// The caseqa page: asks the public API and shows cited answers and their sources in context.
// Everything that comes from the sources or the question is inserted as text, never as HTML.

import { createBriefView } from "./brief.js";

const CONTEXT_CHARS = 1500; // characters fetched on each side of a cited span, and added by "Show more"
const PARAGRAPH_BREAK = /\n[ \t]*\n/g;
const MODE_NAMES = { hybrid: "hybrid", bm25: "keyword", dense: "semantic" };

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes, so no markup is ever parsed. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Offsets from the API count Unicode code points (Python strings), not UTF-16 units. */
const codePoints = (text) => Array.from(text ?? "");
const sectionLabel = (section) => (Array.isArray(section) ? section.join(" › ") : String(section ?? ""));
const number = (n) => Number(n).toLocaleString("en");
const count = (n, noun) => `${number(n)} ${noun}${n === 1 ? "" : "s"}`;

// ---------------------------------------------------------------- the API

class ApiError extends Error {
  constructor(message, status = 0, code = "") {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A fetch whose network failure is an ApiError a person can read (an abort stays an abort). */
async function send(path, options, accept) {
  try {
    return await fetch(path, { ...options, headers: { Accept: accept, ...options.headers } });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("Could not reach the caseqa service. Check that it is running and try again.");
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** JSON from the API, or an ApiError carrying a sentence a person can read. */
async function api(path, options = {}) {
  const response = await send(path, options, "application/json");
  const body = await readJson(response);
  if (!response.ok) throw new ApiError(errorMessage(body, response.status), response.status, body?.error?.code ?? "");
  if (body === null) throw new ApiError("The service sent an answer that could not be read.");
  return body;
}

/** A text body from the API (the brief as Markdown); errors still arrive as JSON. */
async function apiText(path, accept = "text/markdown") {
  const response = await send(path, {}, accept);
  if (!response.ok) {
    const body = await readJson(response);
    throw new ApiError(errorMessage(body, response.status), response.status, body?.error?.code ?? "");
  }
  return response.text();
}

function errorMessage(body, status) {
  const message = body?.error?.message;
  if (typeof message === "string" && message.trim()) return message;
  const detail = body?.detail;
  if (typeof detail === "string" && detail.trim()) return detail;
  if (Array.isArray(detail)) {
    const parts = detail.map((d) => d?.msg).filter((m) => typeof m === "string");
    if (parts.length) return parts.join("; ");
  }
  return `The service could not handle the request (HTTP ${status}).`;
}

// ---------------------------------------------------------------- asking

let askController = null;

/** Confidence is a calibrated probability that the answer is right; the API abstains below about 0.46. */
function confidenceWords(band) {
  // The bands come from the calibration (cuts chosen on dev); an answer without one shows as low.
  if (band === "high") return ["High confidence", "high"];
  if (band === "moderate") return ["Moderate confidence", "moderate"];
  return ["Low confidence", "low"];
}

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

async function ask(event) {
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

/** A sentence with its highlight span (a date, a figure, a name) emphasised. */
function sentenceNodes(sentence) {
  const chars = codePoints(sentence.text);
  const [start, end] = Array.isArray(sentence.highlight) ? sentence.highlight : [];
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= chars.length)) {
    return el("span", { className: "sentence" }, sentence.text);
  }
  return el("span", { className: "sentence" },
    chars.slice(0, start).join(""), el("mark", {}, chars.slice(start, end).join("")), chars.slice(end).join(""));
}

function citeButton(citation, n) {
  const button = el("button", { type: "button", className: "cite", "aria-label": `Source ${n}: ${citation.title}, in context` }, `[${n}]`);
  button.addEventListener("click", () => openSource(citation, button));
  return button;
}

function spanWords(start, end) {
  return `characters ${number(start)}–${number(end)}`;
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

/** The last part of a section path ("Chapter 3 > 3.4 Drivers" gives "3.4 Drivers"). */
function shortSection(section) {
  const parts = Array.isArray(section) ? section : String(section ?? "").split(" > ");
  return parts[parts.length - 1] ?? "";
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

/** "p. 12" for a citation from a PDF source; nothing for a source without pages. */
function pageWords(page) {
  return Number.isInteger(page) ? `p. ${page}` : "";
}

/** The answer as Markdown a student can paste: the sentences with [n] marks, then the numbered sources. */
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

/** A button that copies text (made when clicked, perhaps fetched); where copying is refused, the text is shown to select. */
function copyAction({ label, className, text, done, say }) {
  const button = el("button", { type: "button", className }, label);
  button.addEventListener("click", async () => {
    let content;
    try {
      content = await text();
    } catch (error) {
      say(error instanceof ApiError ? error.message : "The text to copy could not be made.");
      return;
    }
    try {
      await navigator.clipboard.writeText(content);
      say(done);
    } catch {
      const area = el("textarea", { className: "copy-fallback", readOnly: true }, content);
      button.after(area);
      area.select();
      say("Select and copy the text below: this browser did not allow copying.");
    }
  });
  return button;
}

/** What each confidence band means, in the cuts the calibration chose (read from /health). */
let confidenceBands = null;

function confidenceLegend() {
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

// ---------------------------------------------------------------- quotes and where the sources differ

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
function quoteParts(textNodes, citations, quoted) {
  return [
    el("p", { className: "quote-text" }, textNodes),
    el("ul", { className: "sources" }, (Array.isArray(citations) ? citations : []).map((c) => sourceItem(c, quoted))),
  ];
}

/** A brief item: the sentence once, with every source that says it. */
const briefQuote = (item) => el("li", { className: "quote" }, quoteParts(item.text, item.citations, item.text));

/** An answer sentence: one citation, its highlight marked. */
const answerQuote = (sentence) =>
  el("li", { className: "quote" }, quoteParts(sentenceNodes(sentence), [sentence.citation], sentence.text));

/** Each value the sources give, with the sentences that give it; `firstNote` says what the first one is. */
function alternativeList(alternatives, renderQuote, firstNote = "") {
  return el("ul", { className: "alternatives" }, alternatives.map((alternative, i) =>
    el("li", { className: "alternative" },
      el("p", { className: "alt-value" }, el("strong", {}, alternative.value),
        i === 0 && firstNote ? el("span", { className: "hint" }, ` (${firstNote})`) : ""),
      el("ul", { className: "quotes" }, (alternative.sentences ?? []).map(renderQuote)))));
}

/** Under an answer: where the sources give the asked date, number or name differently ([] when they agree). */
function differNotice(alternatives, answered) {
  const values = (Array.isArray(alternatives) ? alternatives : []).filter((a) => Array.isArray(a?.sentences));
  if (!values.length) return [];
  return [el("section", { className: "differ", "aria-labelledby": "differ-heading" },
    el("h3", { id: "differ-heading", className: "differ-heading" }, "Sources differ"),
    el("p", { className: "differ-lead" }, answered
      ? "The sources do not give the same value here. Each one, with the sentences that give it; the answer above uses the first."
      : "The sources do not give the same value here. Each one, with the sentences that give it."),
    alternativeList(values, answerQuote, answered ? "the answer's" : ""))];
}

// ---------------------------------------------------------------- the source panel

const panel = { citation: null, before: CONTEXT_CHARS, after: CONTEXT_CHARS, opener: null, request: 0 };

function openSource(citation, opener) {
  Object.assign(panel, { citation, opener, before: CONTEXT_CHARS, after: CONTEXT_CHARS });
  $("source-title").textContent = citation.title ?? citation.doc_id;
  $("source-section").textContent = sectionLabel(citation.section);
  const gaps = Array.isArray(citation.gaps) ? citation.gaps.length : 0;
  $("source-span").textContent = `The cited text: ${spanWords(citation.start, citation.end)} of the stored source`
    + (gaps ? `; ${gaps === 1 ? "one piece inside it is" : `${gaps} pieces inside it are`} not part of the quote (shown faded).` : ".");
  const dialog = $("source-panel");
  if (!dialog.open) dialog.showModal();
  $("source-close").focus();
  loadContext("open");
}

async function loadContext(reason) {
  const { citation } = panel;
  const request = ++panel.request;
  const start = Math.max(0, citation.start - panel.before);
  const end = citation.end + panel.after;
  const box = $("source-text");
  const anchor = box.querySelector("mark");
  const anchorTop = anchor ? anchor.getBoundingClientRect().top : null;
  $("source-error").hidden = true;
  if (reason === "open") box.replaceChildren(el("p", { className: "hint" }, "Loading the source…"));
  box.setAttribute("aria-busy", "true");
  try {
    const slice = await fetchSlice(citation.doc_id, start, end);
    if (request !== panel.request) return;
    renderContext(slice, citation, start, end);
    const mark = box.querySelector("mark");
    if (reason === "open" || anchorTop === null) mark?.scrollIntoView({ block: "center" });
    else keepInPlace(mark, anchorTop);
  } catch (error) {
    if (request !== panel.request) return;
    if (reason === "open") box.replaceChildren();
    $("source-error").textContent = error instanceof ApiError ? error.message : "The source could not be shown.";
    $("source-error").hidden = false;
    if (!(error instanceof ApiError)) console.error(error);
  } finally {
    if (request === panel.request) box.removeAttribute("aria-busy");
  }
}

const documentLengths = new Map(); // learnt when a window first reaches a document's end

/** ``text[start:end]`` of a stored source; an end past the document's end gets the text up to it. */
async function fetchSlice(docId, start, end) {
  const length = documentLengths.get(docId);
  const path = `documents/${encodeURIComponent(docId)}/text?start=${Math.min(start, length ?? start)}`;
  if (length !== undefined && end >= length) return api(path);
  try {
    return await api(`${path}&end=${end}`);
  } catch (error) {
    // The API refuses an end past the document's end (400); without an end it slices to the end.
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    const slice = await api(path);
    if (Number.isInteger(slice.end)) documentLengths.set(docId, slice.end);
    return slice;
  }
}

/** Scrolls so the quote stays where it was on screen after text was added above it (either may scroll). */
function keepInPlace(mark, top) {
  for (const scroller of [$("source-text"), $("source-panel")]) {
    const shift = mark.getBoundingClientRect().top - top;
    if (shift) scroller.scrollTop += shift;
  }
}

/** The fetched window, cut to whole paragraphs, with the cited span start..end marked (gaps faded inside). */
function renderContext(slice, citation, requestedStart, requestedEnd) {
  const chars = codePoints(slice.text);
  const base = Number.isInteger(slice.start) ? slice.start : requestedStart;
  const local = (offset) => Math.min(Math.max(offset - base, 0), chars.length);
  const markStart = local(citation.start);
  const markEnd = local(citation.end);
  const atStart = base === 0;
  const sliceEnd = Number.isInteger(slice.end) ? slice.end : base + chars.length;
  const atEnd = sliceEnd < requestedEnd || sliceEnd === documentLengths.get(citation.doc_id);

  let before = chars.slice(0, markStart).join("");
  if (!atStart) {
    PARAGRAPH_BREAK.lastIndex = 0;
    const brk = PARAGRAPH_BREAK.exec(before);
    before = brk ? before.slice(brk.index + brk[0].length) : `…${before}`;
  }
  let after = chars.slice(markEnd).join("");
  if (!atEnd) {
    const breaks = [...after.matchAll(PARAGRAPH_BREAK)];
    const last = breaks.at(-1);
    after = last && last.index > 0 ? after.slice(0, last.index) : `${after}…`;
  }

  const mark = el("mark", { className: "cited" });
  let cursor = citation.start;
  const gaps = (Array.isArray(citation.gaps) ? citation.gaps : [])
    .filter((g) => Array.isArray(g) && g[0] < g[1] && g[0] >= citation.start && g[1] <= citation.end)
    .sort((a, b) => a[0] - b[0]);
  const piece = (from, to) => chars.slice(local(from), local(to)).join("");
  for (const [gapStart, gapEnd] of gaps) {
    if (gapStart < cursor) continue;
    mark.append(piece(cursor, gapStart), el("span", { className: "gap", title: "Not part of the quote" }, piece(gapStart, gapEnd)));
    cursor = gapEnd;
  }
  mark.append(piece(cursor, citation.end));

  $("source-text").replaceChildren(before, mark, after);
  setMoreButton($("source-more-before"), atStart, "Show more before", "Start of the document");
  setMoreButton($("source-more-after"), atEnd, "Show more after", "End of the document");
}

function setMoreButton(button, reached, label, reachedLabel) {
  if (reached && document.activeElement === button) $("source-text").focus();
  button.disabled = reached;
  button.textContent = reached ? reachedLabel : label;
}

function setUpPanel() {
  const dialog = $("source-panel");
  $("source-close").addEventListener("click", () => dialog.close());
  $("source-more-before").addEventListener("click", () => { panel.before += CONTEXT_CHARS; loadContext("before"); });
  $("source-more-after").addEventListener("click", () => { panel.after += CONTEXT_CHARS; loadContext("after"); });
  // A click on the backdrop lands on the dialog itself; clicks inside land on its children.
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => {
    panel.request += 1; // drop a load still under way
    const back = panel.opener?.isConnected ? panel.opener : $("brief-view").hidden ? $("question") : $("brief-heading");
    back.focus();
  });
}

// ---------------------------------------------------------------- the brief, market by market (brief.js)

const { loadBrief, forgetBrief } = createBriefView({ $, el, api, apiText, count, number, briefQuote, quoteParts, alternativeList, copyAction });

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

// ---------------------------------------------------------------- the documents

async function loadDocuments() {
  const list = $("documents-list");
  const filter = $("doc-filter-list");
  try {
    const documents = await api("documents");
    list.replaceChildren(el("ul", { className: "doc-list" }, documents.map(documentCard)));
    filter.replaceChildren(...documents.map((d) =>
      el("label", { className: "doc-choice" },
        el("input", { type: "checkbox", name: "doc_ids", value: d.doc_id }),
        ` ${d.title}${d.year ? ` (${d.year})` : ""}`)));
  } catch (error) {
    const message = `The documents could not be loaded: ${error.message}`;
    list.replaceChildren(el("p", { className: "error" }, message));
    filter.replaceChildren(el("p", { className: "hint" }, "Every document will be searched."));
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function documentCard(d) {
  const authors = Array.isArray(d.authors) && d.authors.length ? d.authors.join(", ") : "Author not stated";
  const sections = Array.isArray(d.sections) ? d.sections.length : d.sections;
  const counts = [
    Number.isFinite(d.sentences) && count(d.sentences, "sentence"),
    Number.isFinite(d.chunks) && count(d.chunks, "passage"),
    Number.isFinite(sections) && count(sections, "section"),
  ].filter(Boolean);
  return el("li", { className: "doc" },
    el("h3", { className: "doc-title" }, d.title),
    el("p", { className: "doc-meta" }, [authors, d.year ?? "Year not stated", d.kind].filter(Boolean).join(" · ")),
    d.note ? el("p", { className: "doc-note" }, d.note) : "",
    el("p", { className: "doc-counts" }, counts.join(" · ")),
    el("p", { className: "doc-file" }, el("code", {}, d.file ?? d.doc_id)));
}

// ---------------------------------------------------------------- adding a source (admin)

function addStatus(message, isError = false) {
  $("add-status").textContent = message;
  $("add-status").classList.toggle("error-text", isError);
}

/** Upload with the admin token, then follow the rebuild job until the new document can be asked about. */
async function addSource(event) {
  event.preventDefault();
  const token = $("add-token").value.trim();
  const file = $("add-file").files[0];
  const title = $("add-title").value.trim();
  if (!token || !file || !title) {
    addStatus("Give the admin token, a file and a title.", true);
    return;
  }
  const form = new FormData();
  form.append("file", file);
  form.append("title", title);
  form.append("kind", $("add-kind").value);
  if ($("add-authors").value.trim()) form.append("authors", $("add-authors").value.trim());
  if ($("add-year").value) form.append("year", $("add-year").value);
  const auth = { Authorization: `Bearer ${token}` };
  $("add-button").disabled = true;
  try {
    const accepted = await api("sources", { method: "POST", body: form, headers: auth });
    addStatus(`${accepted.detail ?? "Stored"}. Indexing…`);
    const bar = $("add-progress");
    bar.hidden = false;
    bar.removeAttribute("value");
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const job = await api(`index/jobs/${encodeURIComponent(accepted.job_id)}`, { headers: auth });
      const { stage, done, total } = job.progress ?? { stage: "starting", done: 0, total: 0 };
      if (total) {
        bar.max = total;
        bar.value = done;
      }
      if (job.status === "succeeded") {
        addStatus(`Added and indexed: ${count(job.result.documents, "document")} now. You can ask about it.`);
        loadDocuments();
        forgetBrief();
        break;
      }
      if (job.status === "failed") {
        addStatus(`Indexing failed: ${job.error}`, true);
        break;
      }
      addStatus(`Indexing (${BUILD_STAGES[stage] ?? stage}${total ? `: ${done} of ${total}` : ""})…`);
    }
    bar.hidden = true;
  } catch (error) {
    addStatus(error instanceof ApiError ? error.message : "The source could not be added.", true);
  } finally {
    $("add-button").disabled = false;
    $("add-progress").hidden = true;
  }
}

// ---------------------------------------------------------------- example questions

/** One example per facet (drivers, entry modes, outcomes, challenges) at a time, from examples.json. */
const examples = { facets: [], turn: 0 };

async function loadExamples() {
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

// ---------------------------------------------------------------- a server still building its index

const BUILD_STAGES = {
  starting: "reading the sources",
  chunks: "embedding passages",
  sentences: "embedding sentences",
  examples: "embedding the case brief's examples",
  loading: "loading the new index",
};

/** While the server builds its first index, the page shows how far it has got and asking waits for it. */
async function followBuild(wasBuilding = false) {
  let health;
  try {
    health = await api("health");
  } catch {
    return; // asking then reports the real error
  }
  confidenceBands = health.confidence_bands ?? confidenceBands;
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

// ---------------------------------------------------------------- start

$("ask-form").addEventListener("submit", ask);
$("add-form").addEventListener("submit", addSource);
window.addEventListener("hashchange", () => showView(true));
setUpPanel();
showView();
loadExamples();
loadDocuments();
followBuild();
