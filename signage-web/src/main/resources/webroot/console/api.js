// The hub's REST API, with the operator's token. One place knows how to talk to /api.

const KEY = 'vitrine.console.session';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `The hub answered ${status}`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.error || String(status);
    this.problems = Array.isArray(this.body.problems) ? this.body.problems : [];
  }
}

let onUnauthenticated = () => {};

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch (e) { return null; }
  },
  set(s) { sessionStorage.setItem(KEY, JSON.stringify(s)); },
  clear() { sessionStorage.removeItem(KEY); },
  token() { const s = session.get(); return s && s.token; },
  role() { const s = session.get(); return (s && s.role) || 'viewer'; },
};

export function whenUnauthenticated(fn) { onUnauthenticated = fn; }

const RANK = { viewer: 0, editor: 1, admin: 2 };
/** Whether the signed-in operator has at least this role. */
export function can(role) { return (RANK[session.role()] ?? 0) >= RANK[role]; }

export async function api(method, path, body, opts = {}) {
  const headers = { accept: 'application/json' };
  const token = session.token();
  if (token) headers.authorization = 'Bearer ' + token;
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { error: 'offline', message: 'Cannot reach the hub. Check the network and try again.' });
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = { message: text }; }
  }
  if (res.status === 401 && !opts.noRedirect) {
    onUnauthenticated('Your session has ended. Please sign in again.');
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (p, o) => api('GET', p, undefined, o);
export const post = (p, b, o) => api('POST', p, b === undefined ? {} : b, o);
export const put = (p, b) => api('PUT', p, b);
export const del = (p) => api('DELETE', p);
export const enc = encodeURIComponent;

/** Uploads one file (POST /api/media, multipart field "file") → {src, bytes, type}. */
export function upload(file) {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return api('POST', '/api/media', fd);
}

export async function login(username, password) {
  const s = await api('POST', '/api/auth/login', { username, password }, { noRedirect: true });
  session.set({ token: s.token, username: s.username || username, role: s.role || 'viewer', expiresAt: s.expiresAt });
  return s;
}

// ------------------------------------------------------------------ live events (SSE)

const listeners = new Set();
let source = null;
let stateFn = () => {};
let retry = 0;
let retryTimer = 0;

export function onLive(fn) { listeners.add(fn); return () => listeners.delete(fn); }
export function onLiveState(fn) { stateFn = fn; }

export function startLive() {
  stopLive();
  const token = session.token();
  if (!token) return;
  stateFn('connecting');
  source = new EventSource('/api/live/events?access_token=' + enc(token));
  source.onopen = () => { retry = 0; stateFn('live'); emit({ type: 'open' }); };
  source.onmessage = (m) => {
    let ev;
    try { ev = JSON.parse(m.data); } catch (e) { return; }
    emit(ev);
  };
  source.onerror = () => {
    if (!source) return;
    if (source.readyState === EventSource.CLOSED) {
      // the hub refused the stream (expired token?) or went away: check the session, then retry
      stateFn('off');
      source.close();
      source = null;
      get('/api/auth/me').then(() => {
        retry = Math.min(retry + 1, 5);
        retryTimer = setTimeout(startLive, 1000 * 2 ** retry);
      }, () => {
        retryTimer = setTimeout(startLive, 15000);
      });
    } else {
      stateFn('connecting');
    }
  };
}

export function stopLive() {
  clearTimeout(retryTimer);
  if (source) { source.close(); source = null; }
  stateFn('off');
}

function emit(ev) {
  for (const fn of listeners) {
    try { fn(ev); } catch (e) { console.error(e); }
  }
}
