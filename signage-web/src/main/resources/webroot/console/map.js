// Live store map: zones, who is in them, what each screen shows, devices, staff notices.
// Initial state from GET /api/live/snapshot, then the SSE stream (api.js) keeps it live.
import { get, post, can, onLive } from './api.js';
import { h, clear, colorOf, ago, when, toast, pageHead, empty } from './ui.js';
import { load, thumbOf } from './data.js';

const RESYNC_MS = 20000;

export async function mapPage(view) {
  let snap = await get('/api/live/snapshot');
  let contentById = {};
  let playlistByZone = {};
  load('content').then((list) => { contentById = Object.fromEntries(list.map((c) => [c.id, c])); render(); }, () => {});
  load('playlists', { fresh: true }).then((list) => { playlistByZone = Object.fromEntries(list.map((p) => [p.zone, p])); render(); }, () => {});

  const stats = h('div.stats');
  const floor = h('div.floor', { 'aria-label': 'Store map' });
  const noticesList = h('ol.notices', { 'aria-live': 'polite' });
  const unzoned = h('div.unzoned');
  view.append(
    pageHead('Live store', 'Who is where, what every screen shows, and which devices are up — as it happens.'),
    stats,
    h('div.map-layout',
      h('section.map-main', { 'aria-labelledby': 'map-title' }, h('h2.visually-hidden#map-title', 'Store map'), floor, unzoned),
      h('aside.side-panel.notices-panel', { 'aria-labelledby': 'notices-title' },
        h('h2#notices-title', 'Staff notices'),
        h('p.sub.small', 'Requests from shoppers and rules that call for a colleague.'),
        noticesList)));

  const state = { zones: [], screens: [], devices: [], notices: [] };
  const doneIds = new Set();   // notices someone dealt with (here, or in another console)
  const byZone = () => Object.fromEntries(state.zones.map((z) => [z.id, z]));

  function absorb(s) {
    state.zones = (s.zones || []).map((z) => ({ ...z, shoppers: [...(z.shoppers || [])] }));
    state.screens = (s.screens || []).map((x) => ({ ...x }));
    state.devices = (s.devices || []).map((x) => ({ ...x }));
    // the snapshot has the open notices; keep only the very newest ones it may not have yet
    const fromSnap = s.notices || [];
    const ids = new Set(fromSnap.map((n) => n.id));
    const recent = state.notices.filter((n) => !ids.has(n.id) && (n.at || 0) > Date.now() - 5000);
    state.notices = [...fromSnap, ...recent].filter((n) => !doneIds.has(n.id));
    state.notices.sort((a, b) => (b.at || 0) - (a.at || 0));
  }

  // ---------------------------------------------------------------- render

  function render() {
    renderStats();
    const zones = state.zones;
    clear(floor);
    if (!zones.length) { floor.appendChild(empty('No zones yet. An admin adds them in Store setup.')); return; }
    const positioned = zones.every((z) => z.position && z.position.x != null && z.position.y != null);
    floor.classList.toggle('plan', positioned);
    const cells = positioned ? placeOnPlan(zones) : null;
    zones.forEach((z, i) => {
      const card = zoneCard(z);
      if (cells) { card.style.gridColumn = cells[i].col; card.style.gridRow = cells[i].row; }
      floor.appendChild(card);
    });
    const loose = state.devices.filter((d) => !d.zone || !byZone()[d.zone]);
    clear(unzoned, loose.length ? h('div.card.pad', h('h3', 'Store-wide devices'), h('div.device-row', loose.map(devicePill))) : null);
    renderNotices();
  }

  function renderStats() {
    const known = state.zones.reduce((n, z) => n + (z.shoppers || []).length, 0);
    const anon = state.zones.reduce((n, z) => n + (Number(z.anonymous) || 0), 0);
    const sOn = state.screens.filter((s) => s.online).length;
    const dOn = state.devices.filter((d) => d.online).length;
    const stat = (label, value, extra, cls) => h('div.stat' + (cls ? '.' + cls : ''), h('span.stat-value', value), h('span.stat-label', label), extra ? h('span.stat-extra', extra) : null);
    clear(stats,
      stat('recognised shoppers', known, known ? 'members who checked in' : 'nobody recognised right now'),
      stat('anonymous visitors', anon, 'counted, never identified'),
      stat('screens online', `${sOn}/${state.screens.length}`, null, sOn < state.screens.length ? 'warn' : 'ok'),
      stat('devices online', `${dOn}/${state.devices.length}`, null, dOn < state.devices.length ? 'warn' : 'ok'));
  }

  /** Zones with map positions are laid out on a grid that follows the plan (x → column, y → row). */
  function placeOnPlan(zones) {
    const cols = Math.min(4, Math.max(2, Math.ceil(Math.sqrt(zones.length * 1.6))));
    const rows = Math.max(1, Math.ceil(zones.length / cols) + 1);
    const taken = new Set();
    return zones.map((z) => {
      let col = Math.min(cols - 1, Math.floor((z.position.x / 100) * cols));
      let row = Math.min(rows - 1, Math.floor((z.position.y / 100) * rows));
      for (let k = 0; taken.has(row + ':' + col) && k < cols * rows * 2; k++) {
        col++;
        if (col >= cols) { col = 0; row++; }
      }
      taken.add(row + ':' + col);
      return { col: col + 1, row: row + 1 };
    });
  }

  function zoneCard(z) {
    const shoppers = z.shoppers || [];
    const anon = Number(z.anonymous) || 0;
    const people = shoppers.length + anon;
    const screens = state.screens.filter((s) => s.zone === z.id);
    const devices = state.devices.filter((d) => d.zone === z.id);
    return h('article.zone-area' + (people ? '.busy' : ''), { dataset: { zone: z.id }, 'aria-label': z.name || z.id },
      h('header.zone-top',
        h('h3', z.name || z.id),
        h('span.people', { title: 'people in the zone now' }, people === 1 ? '1 person' : `${people} people`)),
      h('div.here',
        shoppers.map(shopperChip),
        anon ? h('span.anon', { dataset: { anonymous: anon } }, `+${anon} anonymous`) : null,
        !people ? h('span.nobody', 'Nobody here right now') : null),
      screens.length ? h('div.screen-grid', screens.map(screenTile)) : h('p.small.muted', 'No screen in this zone.'),
      devices.length ? h('div.device-row', devices.map(devicePill)) : null);
  }

  function shopperChip(p) {
    const name = p.name || p.id;
    return h('span.chip', { dataset: { shopper: p.id }, title: p.since ? 'here since ' + new Date(p.since).toLocaleTimeString() : '' },
      h('span.av', { style: { background: colorOf(p.id) }, 'aria-hidden': 'true' }, name.charAt(0).toUpperCase()),
      h('span.chip-name', name),
      p.since ? h('span.since', ago(p.since)) : null);
  }

  function screenTile(s) {
    const now = s.now || {};
    const personal = now.rule || now.shopper;
    // playing the zone's loop: show its first item (the hub does not say which item runs)
    const board = s.role === 'order-board';
    const loop = !now.content && !board ? ((playlistByZone[s.zone] || {}).items || []) : [];
    const item = now.content ? contentById[now.content] : loop.length ? contentById[loop[0].content] : null;
    const thumb = now.thumbnail || thumbOf(item);
    const title = now.title || (item && item.title) || (now.content ? now.content : board ? 'Order board' : 'Playlist');
    const pic = thumb
      ? h('img.thumb', { src: thumb, alt: title, loading: 'lazy', onerror: (e) => e.target.replaceWith(titleCard(title)) })
      : titleCard(title);
    return h('figure.screen-tile' + (personal ? '.personal' : '') + (s.online ? '' : '.offline'), { dataset: { screen: s.id, content: now.content || '' } },
      h('div.thumb-box', pic,
        h('span.online-dot' + (s.online ? '.on' : ''), { title: s.online ? 'online' : 'offline' }),
        personal ? h('span.tag-personal', 'Personal') : !now.content && !board ? h('span.tag-loop', loop.length ? `Playlist · ${loop.length} item${loop.length === 1 ? '' : 's'}` : 'No playlist') : null),
      h('figcaption',
        h('a.screen-name', { href: '/screen/' + encodeURIComponent(s.id), target: '_blank', rel: 'noopener' }, s.name || s.id),
        h('span.now', { title: now.since ? 'since ' + when(now.since) : '' },
          s.online ? (now.content ? title : 'Playing its playlist') : 'Offline' + (now.content ? ' · last: ' + title : ''),
          personal ? h('span.why', ' · for ' + (now.shopperName || shopperName(now.shopper) || 'a shopper') + (now.rule ? ` (rule ${now.rule})` : '')) : null)));
  }

  function titleCard(title) {
    return h('div.thumb.title-card', { style: { background: `linear-gradient(135deg, ${colorOf(title)}, #141b34)` } }, h('span', title));
  }

  function devicePill(d) {
    return h('span.device' + (d.online ? '.on' : ''), { dataset: { device: d.id }, title: `${d.kind || 'device'} · ${d.online ? 'online' : 'offline'}` },
      h('span.online-dot' + (d.online ? '.on' : '')), d.id, h('span.kind', d.kind || ''));
  }

  function shopperName(id) {
    if (!id) return '';
    for (const z of state.zones) for (const p of z.shoppers || []) if (p.id === id) return p.name || id;
    return id.charAt(0).toUpperCase() + id.slice(1);
  }

  function zoneName(id) { const z = byZone()[id]; return (z && z.name) || id || ''; }

  function renderNotices() {
    clear(noticesList);
    if (!state.notices.length) { noticesList.appendChild(h('li.none', 'No notices. All calm.')); return; }
    for (const n of state.notices.slice(0, 30)) noticesList.appendChild(noticeItem(n));
  }

  function noticeItem(n, fresh) {
    return h('li.notice' + (fresh ? '.fresh' : ''), { dataset: { notice: n.id || '' } },
      h('p.notice-text', n.text || 'A shopper needs help'),
      h('p.notice-meta', [zoneName(n.zone), n.shopper ? shopperName(n.shopper) : null, n.at ? ago(n.at) : null].filter(Boolean).join(' · ')),
      can('editor') && n.id ? h('button.btn.ghost.small', { type: 'button', title: 'Dealt with: gone from every console',
        onclick: (e) => {
          e.target.disabled = true;
          post('/api/notices/' + encodeURIComponent(n.id) + '/done', {}).then(() => dropNotice(n.id),
            (err) => { e.target.disabled = false; toast((err && err.message) || 'Could not mark it done', 'error'); });
        } }, 'Done') : null);
  }

  function dropNotice(id) {
    doneIds.add(id);
    state.notices = state.notices.filter((x) => x.id !== id);
    renderNotices();
  }

  function flash(sel) {
    const e = floor.querySelector(sel);
    if (!e) return;
    e.classList.remove('flash');
    void e.offsetWidth;
    e.classList.add('flash');
  }

  // ---------------------------------------------------------------- live

  function onEvent(ev) {
    switch (ev.type) {
      case 'presence': {
        const toId = ev.to && ev.to !== 'null' ? ev.to : null;
        for (const z of state.zones) z.shoppers = (z.shoppers || []).filter((p) => p.id !== ev.shopper);
        const to = toId && byZone()[toId];
        if (to) to.shoppers.push({ id: ev.shopper, name: ev.name || ev.shopper, since: ev.at || Date.now() });
        render();
        if (to) flash(`[data-zone="${CSS.escape(toId)}"]`);
        break;
      }
      case 'screen': {
        const s = state.screens.find((x) => x.id === ev.screen);
        if (!s) { resync(); break; }
        const n = ev.now || ev;   // the hub nests what plays in "now"
        s.now = { content: n.content, title: n.title, kind: n.kind, rule: n.rule, shopper: n.shopper, shopperName: n.shopperName,
          since: n.since, thumbnail: n.thumbnail || thumbOf(contentById[n.content]) };
        render();
        flash(`[data-screen="${CSS.escape(ev.screen)}"]`);
        break;
      }
      case 'screen-online': {
        const s = state.screens.find((x) => x.id === ev.screen);
        if (s) { s.online = !!ev.online; render(); }
        break;
      }
      case 'device': {
        const d = state.devices.find((x) => x.id === ev.device);
        if (d) d.online = !!ev.online; else state.devices.push({ id: ev.device, kind: ev.kind, online: !!ev.online });
        render();
        break;
      }
      case 'notice-done':
        dropNotice(ev.id);
        break;
      case 'notice': {
        ev = ev.notice || ev;   // the hub nests the StaffNotice in "notice"
        if (ev.id && (doneIds.has(ev.id) || state.notices.some((x) => x.id === ev.id))) break;
        state.notices.unshift(ev);
        renderNotices();
        const li = noticesList.querySelector('li');
        if (li) li.classList.add('fresh');
        toast(ev.text || 'A shopper needs help', 'notice', 9000);
        if (ev.zone) flash(`[data-zone="${CSS.escape(ev.zone)}"]`);
        break;
      }
      case 'catalog':
        load('content', { fresh: true }).then((list) => { contentById = Object.fromEntries(list.map((c) => [c.id, c])); }, () => {});
        resync();
        break;
      case 'open':
        resync();
        break;
      default:
    }
  }

  let resyncTimer = 0;
  function resync() {
    clearTimeout(resyncTimer);
    resyncTimer = setTimeout(() => get('/api/live/snapshot').then((s) => { absorb(s); render(); }, () => {}), 150);
  }

  absorb(snap);
  render();
  const off = onLive(onEvent);
  const tick = setInterval(() => { if (!document.hidden) resync(); }, RESYNC_MS);
  window.vitrineMap = { state };
  return () => { off(); clearInterval(tick); clearTimeout(resyncTimer); };
}
