// The dashboard's only way to the server: JSON over fetch, with the session cookie and the
// CSRF token on every change.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(messageOf(status, body));
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

function messageOf(status, body) {
  if (body && typeof body === 'object') {
    return body.message ?? body.error ?? body.reason ?? `HTTP ${status}`;
  }
  return `HTTP ${status}`;
}

export function setCsrfToken(token) {
  csrfToken = token;
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { message: e.message });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data, response.headers.get('Retry-After'));
  return data;
}

/** A failure worth retrying by itself: no connection, or a server that is starting or cannot reach its store. */
export function isTransient(error) {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

export const get = (path) => api(path);
export const post = (path, body) => api(path, { method: 'POST', body });
export const put = (path, body) => api(path, { method: 'PUT', body });
