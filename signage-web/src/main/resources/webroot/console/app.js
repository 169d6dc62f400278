// Vitrine operator console: one page, hash routes, plain ES modules.
import { session, whenUnauthenticated, get, post, startLive, stopLive, onLiveState, can } from './api.js';
import { h, clear, loading, errorBox } from './ui.js';
import { loginPage } from './login.js';
import { mapPage } from './map.js';
import { contentPage } from './content.js';
import { playlistsPage } from './playlists.js';
import { rulesPage } from './rules.js';
import { setupPage } from './setup.js';

const main = document.getElementById('main');
const PAGES = { map: mapPage, content: contentPage, playlists: playlistsPage, rules: rulesPage, setup: setupPage };
let leave = null;        // cleanup of the page on screen
let loginMessage = '';
let returnTo = '';       // where to go back to after signing in again
let expiryTimer = 0;

/** Signs out by itself when the token expires (the hub would answer 401 from then on). */
function watchExpiry() {
  clearTimeout(expiryTimer);
  const s = session.get();
  const left = s && s.expiresAt ? Number(s.expiresAt) - Date.now() : 0;
  if (left > 0 && left < 2 ** 31) expiryTimer = setTimeout(() => expired('Your session has ended. Please sign in again.'), left);
}

function expired(message) {
  if (!session.get()) return;
  session.clear();
  stopLive();
  clearTimeout(expiryTimer);
  loginMessage = message || 'Your session has ended. Please sign in again.';
  if (!/^#\/?login/.test(location.hash)) returnTo = location.hash;
  location.hash = '#/login';
  route();
}

whenUnauthenticated(expired);

onLiveState((state) => {
  const pill = document.getElementById('live-pill');
  pill.dataset.state = state;
  document.getElementById('live-text').textContent = { live: 'live', connecting: 'connecting…', off: 'offline' }[state] || state;
});

document.getElementById('logout').addEventListener('click', () => {
  // the hub ends the session too (the token is refused from now on), not only this tab
  if (session.token()) post('/api/auth/logout', {}).catch(() => {});
  session.clear();
  stopLive();
  clearTimeout(expiryTimer);
  returnTo = '';
  loginMessage = 'You are signed out.';
  location.hash = '#/login';
});

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { page: parts[0] || 'map', args: parts.slice(1) };
}

function shell(on) {
  document.getElementById('top').hidden = !on;
  const s = session.get();
  document.body.dataset.role = on && s ? s.role : '';
  if (on && s) {
    document.getElementById('user-name').textContent = s.username;
    document.getElementById('user-role').textContent = s.role;
  }
}

let current = '';
export async function route() {
  const { page, args } = parseHash();
  const key = page + '/' + args.join('/');
  if (!session.get() && page !== 'login') { returnTo = location.hash; location.hash = '#/login'; return; }
  if (page === 'login') {
    if (leave) { leave(); leave = null; }
    current = key;
    shell(false);
    document.body.dataset.page = 'login';
    clear(main, loginPage(loginMessage, () => {
      loginMessage = '';
      startLive();
      watchExpiry();
      const back = returnTo && !/login/.test(returnTo) ? returnTo : '#/map';
      returnTo = '';
      location.hash = back;
    }));
    return;
  }
  const fn = PAGES[page];
  if (!fn) { location.hash = '#/map'; return; }
  // sub-routes inside one page (rules/<id>) are handled by the page itself when it is on screen
  if (leave && leave.page === page && leave.sub) {
    current = key;
    leave.sub(args);
    return;
  }
  if (leave) { leave(); leave = null; }
  current = key;
  shell(true);
  document.body.dataset.page = page;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  clear(main, loading());
  try {
    const view = h('div.page.page-' + page);
    const r = await fn(view, args);
    const leaveFn = typeof r === 'function' ? r : (r && r.leave) || (() => {});
    if (current !== key) { leaveFn(); return; }
    clear(main, view);
    leave = () => leaveFn();
    leave.page = page;
    leave.sub = r && typeof r === 'object' ? r.sub : null;
  } catch (err) {
    if (current === key) clear(main, h('div.page', errorBox(err, route)));
  }
}

window.addEventListener('hashchange', route);

// Refresh the role from the hub (an admin may have changed it) and start live updates.
(async function start() {
  if (session.get()) {
    try {
      const me = await get('/api/auth/me');
      const s = session.get();
      if (s && me) session.set({ ...s, username: me.username || s.username, role: me.role || s.role });
      startLive();
      watchExpiry();
    } catch (e) { /* 401 handled by api.js; offline: keep the stored session */ if (session.get()) startLive(); }
  }
  route();
})();

// for tests and curious operators
window.vitrineConsole = { session, can, route };
