// The brief view: a markets × facets table whose cells open to their cited sentences, and per market its
// timeline, where its sources differ, and its Markdown.

import { api, apiText } from "./api.js";
import { copyAction } from "./copy.js";
import { $, el } from "./dom.js";
import { count, number } from "./format.js";
import { alternativeList, briefQuote, quoteParts } from "./quotes.js";

const FACETS = [["drivers", "Drivers"], ["entry_modes", "Entry modes"], ["outcomes", "Outcomes"], ["challenges", "Challenges"]];
const MARKETS_AT_ONCE = 4; // market briefs fetched in parallel to fill the table's counts

/** `state` is idle (load on the next look), loading or ready; `generation` drops answers to an older load. */
const brief = { state: "idle", generation: 0, markets: new Map() };

/** A market's brief from GET /brief/{slug}, fetched once; a failed fetch is forgotten, so a later load retries. */
function marketBrief(slug) {
  if (!brief.markets.has(slug)) {
    const request = api(`brief/${encodeURIComponent(slug)}`);
    request.catch(() => { if (brief.markets.get(slug) === request) brief.markets.delete(slug); });
    brief.markets.set(slug, request);
  }
  return brief.markets.get(slug);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachAtOnce(items, limit, work) {
  const queue = [...items];
  const worker = async () => { while (queue.length) await work(queue.shift()); };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

/** The markets × facets table; the counts need each market's brief, so every row fills in as its brief arrives. */
export async function loadBrief() {
  if (brief.state !== "idle") return;
  brief.state = "loading";
  const generation = ++brief.generation;
  const current = () => generation === brief.generation;
  const body = $("brief-body");
  const say = (message) => { $("brief-status").textContent = message; };
  body.setAttribute("aria-busy", "true");
  body.replaceChildren(el("p", { className: "hint" }, "Loading the brief…"));
  say("");
  let markets;
  try {
    const index = await api("brief");
    markets = Array.isArray(index.markets) ? index.markets : [];
  } catch (error) {
    if (!current()) return;
    brief.state = "idle";
    body.replaceChildren(el("p", { className: "error" }, `The brief could not be loaded: ${error.message}`));
    body.removeAttribute("aria-busy");
    return;
  }
  if (!current()) return;
  if (!markets.length) {
    brief.state = "ready";
    body.replaceChildren(el("p", {}, "The sources tie the company's expansion to no market, so there is no brief."));
    body.removeAttribute("aria-busy");
    return;
  }
  const rows = markets.map(marketRows);
  body.replaceChildren(el("table", { className: "brief-table" },
    el("caption", { className: "visually-hidden" }, "Cited sentences per market and facet"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Market"), FACETS.map(([, label]) => el("th", { scope: "col" }, label)))),
    rows.map((row) => row.tbody)));
  say(`Loading ${count(markets.length, "market")}…`);
  let failed = 0;
  await eachAtOnce(rows, MARKETS_AT_ONCE, async (row) => {
    try {
      const market = await marketBrief(row.slug);
      if (current()) fillMarket(row, market);
    } catch (error) {
      failed += 1;
      if (current()) marketFailed(row, error);
    }
  });
  if (!current()) return;
  brief.state = "ready";
  body.removeAttribute("aria-busy");
  say(`The brief covers ${count(markets.length, "market")}.${failed ? ` ${count(failed, "market")} could not be loaded.` : ""}`);
}

/** A market's table body: its row (name, totals, a cell per facet) and a row below for what its cells open. */
function marketRows(summary) {
  const name = summary.name ?? summary.slug;
  const head = el("th", { scope: "row" },
    el("span", { className: "market-name" }, name),
    el("span", { className: "market-meta" }, `${count(summary.items, "sentence")} · ${count(summary.documents, "source")}`));
  const cells = FACETS.map(() => el("td", { className: "facet-cell" }, el("span", { className: "none" }, "…")));
  const place = el("td", { colspan: FACETS.length + 1 });
  const detail = el("tr", { className: "market-detail", hidden: true }, place);
  const tbody = el("tbody", { className: "market", id: `market-${summary.slug}`, "aria-busy": "true" },
    el("tr", { className: "market-row" }, head, cells), detail);
  return { slug: summary.slug, name, tbody, head, cells, place, detail };
}

/** Fills a market's row: the name opens its overview, each count its cited sentences (rendered now, so print shows them). */
function fillMarket(row, market) {
  const { slug, name, head, cells, place, detail } = row;
  const panels = [];
  const disclose = (button, section) => {
    panels.push(section);
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      section.hidden = !open;
      detail.hidden = panels.every((panel) => panel.hidden);
    });
  };
  const overview = marketOverview(market, slug, name);
  const nameButton = el("button", { type: "button", className: "market-toggle", "aria-expanded": "false", "aria-controls": overview.id },
    name, el("span", { className: "visually-hidden" }, ": timeline, where the sources differ, Markdown"));
  head.querySelector(".market-name").replaceChildren(nameButton);
  disclose(nameButton, overview);
  FACETS.forEach(([key, label], i) => {
    const items = Array.isArray(market.facets?.[key]) ? market.facets[key] : [];
    const where = el("span", { className: "visually-hidden" }, ` in ${name}`);
    if (!items.length) {
      cells[i].replaceChildren(el("span", { className: "none" }, "0", el("span", { className: "cell-label" }, ` ${label}`), where));
      return;
    }
    const id = `market-${slug}-${key}`;
    const section = el("section", { className: "brief-panel", id, hidden: true, "aria-labelledby": `${id}-heading` },
      el("h3", { id: `${id}-heading` }, `${name}: ${label.toLowerCase()}`,
        el("span", { className: "hint" }, ` · ${count(items.length, "cited sentence")}`)),
      el("ol", { className: "quotes" }, items.map(briefQuote)));
    const button = el("button", { type: "button", className: "facet-toggle", "aria-expanded": "false", "aria-controls": id },
      number(items.length), el("span", { className: "cell-label" }, ` ${label}`), where);
    cells[i].replaceChildren(button);
    disclose(button, section);
  });
  place.replaceChildren(...panels);
  row.tbody.removeAttribute("aria-busy");
}

function marketFailed(row, error) {
  for (const cell of row.cells) cell.replaceChildren(el("span", { className: "none" }, "–", el("span", { className: "visually-hidden" }, " not loaded")));
  row.head.append(el("span", { className: "error-text market-meta" }, `Could not be loaded: ${error.message}`));
  row.tbody.removeAttribute("aria-busy");
}

/** A market's timeline, where its sources differ, and its brief as Markdown to paste into an essay. */
function marketOverview(market, slug, name) {
  const id = `market-${slug}-overview`;
  const timeline = Array.isArray(market.timeline) ? market.timeline : [];
  const disagreements = Array.isArray(market.disagreements) ? market.disagreements : [];
  const markdown = `brief/${encodeURIComponent(slug)}.md`;
  return el("section", { className: "brief-panel market-overview", id, hidden: true, "aria-labelledby": `${id}-heading` },
    el("h3", { id: `${id}-heading` }, `${name}: timeline and where the sources differ`),
    el("p", { className: "brief-actions" },
      el("a", { href: markdown, className: "md-link" }, `${name}'s brief as Markdown`),
      copyAction({
        label: "Copy as Markdown",
        className: "copy-md",
        text: () => apiText(markdown),
        done: `Copied ${name}'s brief as Markdown, with its footnotes.`,
        say: (message) => { $("brief-status").textContent = message; },
      })),
    el("h4", {}, "Timeline"),
    timeline.length
      ? el("ol", { className: "timeline" }, timeline.map((event) =>
          el("li", { className: "quote event" }, el("p", { className: "when" }, event.date),
            quoteParts(event.sentence?.text, event.sentence?.citations, event.sentence?.text))))
      : el("p", { className: "hint" }, `The sources date no event in ${name}.`),
    el("section", { className: "differ", "aria-labelledby": `${id}-differ` },
      el("h4", { id: `${id}-differ`, className: "differ-heading" }, "Sources differ"),
      disagreements.length
        ? el("ul", { className: "differ-cases" }, disagreements.map((d) =>
            el("li", { className: "differ-case" },
              el("p", { className: "differ-about" }, d.about),
              alternativeList(Array.isArray(d.alternatives) ? d.alternatives : [], briefQuote))))
        : el("p", { className: "hint" }, `No date, figure or name about ${name} is given differently by different sources.`)));
}

/** After a rebuild the brief may have changed: drop it, and load it again if it is in sight. */
export function forgetBrief() {
  brief.generation += 1;
  brief.state = "idle";
  brief.markets.clear();
  if (!$("brief-view").hidden) loadBrief();
}
