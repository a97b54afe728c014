// The source panel: a cited span shown inside its stored source, widened by "Show more" on either side.

import { ApiError, api } from "./api.js";
import { $, el } from "./dom.js";
import { codePoints, sectionLabel, spanWords } from "./format.js";

const CONTEXT_CHARS = 1500; // characters fetched on each side of a cited span, and added by "Show more"
const PARAGRAPH_BREAK = /\n[ \t]*\n/g;

/** The citation shown, how far the window reaches on each side of it, what opened it, and a count that drops stale loads. */
const panel = { citation: null, before: CONTEXT_CHARS, after: CONTEXT_CHARS, opener: null, request: 0 };

export function openSource(citation, opener) {
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

export function setUpPanel() {
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
