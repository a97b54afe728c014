// How numbers, section paths and places in a source are written on the page.

/** Offsets from the API count Unicode code points (Python strings), not UTF-16 units. */
export const codePoints = (text) => Array.from(text ?? "");
export const sectionLabel = (section) => (Array.isArray(section) ? section.join(" › ") : String(section ?? ""));
export const number = (n) => Number(n).toLocaleString("en");
export const count = (n, noun) => `${number(n)} ${noun}${n === 1 ? "" : "s"}`;

export function spanWords(start, end) {
  return `characters ${number(start)}–${number(end)}`;
}

/** The last part of a section path ("Chapter 3 > 3.4 Drivers" gives "3.4 Drivers"). */
export function shortSection(section) {
  const parts = Array.isArray(section) ? section : String(section ?? "").split(" > ");
  return parts[parts.length - 1] ?? "";
}

/** "p. 12" for a citation from a PDF source; nothing for a source without pages. */
export function pageWords(page) {
  return Number.isInteger(page) ? `p. ${page}` : "";
}
