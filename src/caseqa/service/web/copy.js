// A "copy" button for text made on demand, with a text box to select from where the browser refuses to copy.

import { ApiError } from "./api.js";
import { el } from "./dom.js";

/** A button that copies text (made when clicked, perhaps fetched); where copying is refused, the text is shown to select. */
export function copyAction({ label, className, text, done, say }) {
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
