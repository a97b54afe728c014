// The list of sources under the question, and the "search only in" choices made from it.

import { api } from "./api.js";
import { $, el } from "./dom.js";
import { count } from "./format.js";

export async function loadDocuments() {
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
