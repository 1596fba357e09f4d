// The public REST API, called as the signed-in account (HTTP Basic on each call). The credentials live in this
// module and in sessionStorage (this tab only, gone when it closes); signing out clears both.
const KEY = 'herald.console.credentials';
let credentials = null;

/** An answer other than 2xx: the HTTP status and Twilio's error JSON (code, message) when there is one. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
    this.code = body ? body.code : null;
  }
}

export function restore() {
  try {
    credentials = JSON.parse(sessionStorage.getItem(KEY));
  } catch (e) {
    credentials = null;
  }
  return credentials !== null;
}

export function signIn(sid, secret) {
  credentials = { sid, secret };
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function signOut() {
  credentials = null;
  sessionStorage.removeItem(KEY);
}

export function signedInAs() {
  return credentials ? credentials.sid : null;
}

function basic(sid, secret) {
  const bytes = new TextEncoder().encode(sid + ':' + secret);
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return 'Basic ' + btoa(binary);
}

/** Form or query text of params: an object whose array values repeat their key; null and undefined are left out. */
export function form(params) {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== null && v !== undefined) out.append(key, String(v));
    }
  }
  return out.toString();
}

/** Calls the API: GET and DELETE take params as the query, POST as a form body. Resolves to the JSON, or null. */
export async function call(method, path, params, as = credentials) {
  if (!as) throw new ApiError(401, { message: 'Sign in first.' });
  const headers = { Authorization: basic(as.sid, as.secret), Accept: 'application/json' };
  let url = path;
  let body;
  const text = form(params);
  if (method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = text;
  } else if (text) {
    url += '?' + text;
  }
  const res = await fetch(url, { method, headers, body, credentials: 'omit', cache: 'no-store' });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path, params) => call('GET', path, params);
export const post = (path, params) => call('POST', path, params);
export const del = (path) => call('DELETE', path);

/** The PageToken of a meta.next_page_url or previous_page_url (absolute, maybe another host), or null. */
export function pageToken(url) {
  return url ? new URL(url, location.href).searchParams.get('PageToken') : null;
}

/** Every item of a list, following next pages, up to max items. */
export async function all(path, key, params = {}, max = 1000) {
  const items = [];
  let token = null;
  do {
    const page = await get(path, { ...params, PageSize: Math.min(max, 1000), PageToken: token });
    items.push(...page[key]);
    token = pageToken(page.meta.next_page_url);
  } while (token && items.length < max);
  return items.slice(0, max);
}
