// Finding and making the page's elements. Strings always become text nodes, so nothing is ever parsed as HTML.

export const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes, so no markup is ever parsed. */
export function el(tag, attrs = {}, ...children) {
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
