// Talking to the caseqa API: JSON or text bodies, with every failure turned into a sentence a person can read.

export class ApiError extends Error {
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
export async function api(path, options = {}) {
  const response = await send(path, options, "application/json");
  const body = await readJson(response);
  if (!response.ok) throw new ApiError(errorMessage(body, response.status), response.status, body?.error?.code ?? "");
  if (body === null) throw new ApiError("The service sent an answer that could not be read.");
  return body;
}

/** A text body from the API (the brief as Markdown); errors still arrive as JSON. */
export async function apiText(path, accept = "text/markdown") {
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
