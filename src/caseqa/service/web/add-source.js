// Adding a source (admin): upload it with the admin token, then follow its indexing until it can be asked about.

import { ApiError, api } from "./api.js";
import { forgetBrief } from "./brief.js";
import { BUILD_STAGES } from "./build.js";
import { loadDocuments } from "./documents.js";
import { $ } from "./dom.js";
import { count } from "./format.js";

function addStatus(message, isError = false) {
  $("add-status").textContent = message;
  $("add-status").classList.toggle("error-text", isError);
}

/** Upload with the admin token, then follow the rebuild job until the new document can be asked about. */
export async function addSource(event) {
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
