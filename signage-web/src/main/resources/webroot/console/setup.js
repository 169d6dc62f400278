// Store setup: devices, zones, screens (admin writes, everyone reads) and users (admin only).
import { get, post, put, del, enc, can, session } from './api.js';
import { h, clear, field, pageHead, empty, toast, dialog, formDialog, confirmDanger, busy, str, num, compact, errorBox, readOnly, ago, when } from './ui.js';
import { load, loadOrEmpty, invalidate } from './data.js';

const KINDS = [['camera', 'Camera'], ['speaker', 'Speaker (Hermes satellite)'], ['shelf', 'Smart shelf'], ['frigate', 'Frigate NVR'], ['double-take', 'Double Take']];

export async function setupPage(view) {
  const admin = can('admin');
  const nav = h('nav.subnav', { 'aria-label': 'Store setup sections' },
    h('a', { href: '#setup-devices', onclick: jump }, 'Devices'), h('a', { href: '#setup-zones', onclick: jump }, 'Zones'),
    h('a', { href: '#setup-screens', onclick: jump }, 'Screens'), h('a', { href: '#setup-users', onclick: jump }, 'Users'),
    admin ? h('a', { href: '#setup-audit', onclick: jump }, 'Audit log') : null);
  const devicesBox = h('section.card.pad#setup-devices', { 'aria-labelledby': 'devices-title' });
  const zonesBox = h('section.card.pad#setup-zones', { 'aria-labelledby': 'zones-title' });
  const screensBox = h('section.card.pad#setup-screens', { 'aria-labelledby': 'screens-title' });
  const usersBox = h('section.card.pad#setup-users', { 'aria-labelledby': 'users-title' });
  const auditBox = h('section.card.pad#setup-audit', { 'aria-labelledby': 'audit-title', hidden: !admin });
  view.append(pageHead('Store setup', admin ? 'Devices, zones, screens and the people who use this console.' : 'How the store is set up. Only an admin can change it.'),
    nav, h('div.setup-stack', devicesBox, zonesBox, screensBox, usersBox, auditBox));

  function jump(e) { e.preventDefault(); view.querySelector(e.target.getAttribute('href')).scrollIntoView({ behavior: 'smooth' }); }

  let zones = [];
  let screens = [];
  let pairings = { screens: [], speakers: [] };

  async function loadPairings() {
    try { pairings = await get('/api/pairings'); } catch (err) { pairings = { screens: [], speakers: [] }; }
  }

  function pairingOf(kind, id) {
    return ((kind === 'screen' ? pairings.screens : pairings.speakers) || []).find((p) => p.id === id) || {};
  }

  /** "Paired · 3 Dec" or "Not paired", and when it was last seen. */
  function pairingCells(kind, id) {
    const p = pairingOf(kind, id);
    return [
      h('td', { dataset: { paired: p.paired ? 'yes' : 'no' } }, p.paired ? h('span', 'Paired', h('span.muted.small', ' · ' + when(p.pairedAt) + (p.pairedBy ? ' by ' + p.pairedBy : '')))
        : h('span.muted', 'Not paired')),
      h('td', { dataset: { seen: p.online ? 'online' : p.lastSeen ? 'seen' : 'never' } },
        h('span.state' + (p.online ? '.on' : ''), h('span.online-dot' + (p.online ? '.on' : '')),
          p.online ? 'Online' : p.lastSeen ? 'Last seen ' + ago(p.lastSeen) : 'Never seen'),
        p.lastSeenFrom ? h('span.muted.small', ' from ' + p.lastSeenFrom) : null),
    ];
  }

  /** Admin actions for a screen or a browser speaker: pair with a code, a kiosk token, unpair. */
  function pairingButtons(kind, id, label, redraw) {
    const base = (kind === 'screen' ? '/api/screens/' : '/api/devices/') + enc(id);
    const p = pairingOf(kind, id);
    return [
      h('button.btn.small', { type: 'button', 'aria-label': 'Pair ' + label, onclick: () => pairWithCode(kind, base, label, redraw) }, 'Pair…'),
      h('button.btn.small.ghost', { type: 'button', 'aria-label': 'Token for ' + label, onclick: () => kioskToken(kind, base, id, label, redraw) }, 'Token…'),
      p.paired ? h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Unpair ' + label, onclick: async (e) => {
        if (!(await confirmDanger(`Unpair ${label}?`, 'Its page is disconnected at once and shows a pairing code until it is paired again.', 'Unpair'))) return;
        try { await busy(e.target, del(base + '/token')); toast(`${label} unpaired`, 'ok'); await loadPairings(); redraw(); } catch (err) { toast(err.message, 'error', 8000); }
      } }, 'Unpair') : null,
    ];
  }

  async function pairWithCode(kind, base, label, redraw) {
    const code = field('Pairing code', { path: 'code', required: true, placeholder: 'K7P-4QX', autocomplete: 'off',
      hint: kind === 'screen' ? 'The code the screen shows (open /screen/ on it)' : 'The code the speaker page shows (open /speaker/ on it)' });
    code.input.setAttribute('autocapitalize', 'characters');
    const ok = await formDialog(`Pair ${label}`, h('div.form-grid', code), 'Pair', () => post(base + '/pair', { code: code.input.value.trim() }));
    if (!ok) return;
    toast(`${label} paired: it plays now`, 'ok');
    await loadPairings();
    redraw();
  }

  async function kioskToken(kind, base, id, label, redraw) {
    if (!(await confirmDanger(`A new token for ${label}?`, 'A page already paired as it is disconnected. Use this for kiosks you set up by hand.', 'Make a token'))) return;
    let t;
    try { t = await post(base + '/token', {}); } catch (err) { toast(err.message, 'error', 8000); return; }
    const link = location.origin + (kind === 'screen' ? '/screen/' + enc(id) : '/speaker/?speaker=' + enc(id)) + '#token=' + t.token;
    await dialog(`Token for ${label}`, h('div',
      h('p', 'Open this address once on the device; it keeps the token. It is shown only now.'),
      h('p.secret', h('code', { dataset: { secret: 'token' } }, link))), [['ok', 'I have copied it', 'primary']]);
    await loadPairings();
    redraw();
  }

  // ---------------------------------------------------------------- devices
  async function drawDevices() {
    let list;
    try { list = await get('/api/devices'); } catch (err) { clear(devicesBox, h('h2#devices-title', 'Devices'), errorBox(err, drawDevices)); return; }
    list = Array.isArray(list) ? list : [];
    clear(devicesBox,
      h('div.section-head', h('h2#devices-title', 'Devices'), admin ? h('button.btn.primary.small', { type: 'button', onclick: () => editDevice(null) }, '+ Add device') : null),
      h('p.sub.small', 'Cameras, speakers and shelves log in to the hub with their id and password.'),
      list.length ? table(['Device', 'Kind', 'Zone', 'State', ''], list.map((d) => h('tr', { dataset: { device: d.id } },
        h('td', h('strong', d.id), d.siteId ? h('span.muted.small', ' site ' + d.siteId) : null),
        h('td', (KINDS.find(([k]) => k === d.kind) || [d.kind, d.kind])[1],
          d.kind === 'speaker' ? h('div.small.muted', { dataset: { paired: pairingOf('speaker', d.id).paired ? 'yes' : 'no' } },
            'Browser page: ' + (pairingOf('speaker', d.id).paired ? 'paired' : 'not paired')) : null),
        h('td', zoneLabel(d.zone) || (d.cameras ? Object.keys(d.cameras).length + ' cameras' : '—')),
        h('td', h('span.state' + (d.online ? '.on' : ''), h('span.online-dot' + (d.online ? '.on' : '')), d.online ? 'Online' : 'Offline')),
        h('td.right', admin ? [
          ...(d.kind === 'speaker' ? pairingButtons('speaker', d.id, d.id, drawDevices) : []),
          h('button.btn.small', { type: 'button', onclick: () => editDevice(d), 'aria-label': 'Edit ' + d.id }, 'Edit'),
          h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Delete ' + d.id, onclick: (e) => removeOne('device', '/api/devices/' + enc(d.id), d.id, e.target, drawDevices) }, 'Delete')] : null))))
        : empty('No devices yet.'));
  }

  async function editDevice(d) {
    const isNew = !d;
    const x = d || { kind: 'camera' };
    const id = field('Device id', { path: 'id', value: x.id || '', required: true, placeholder: 'cam-entrance' });
    if (!isNew) id.input.readOnly = true;
    const kind = field('Kind', { path: 'kind', kind: 'select', options: KINDS, value: x.kind });
    const zone = field('Zone', { path: 'zone', kind: 'select', options: [['', '— none —'], ...zones.map((z) => [z.id, z.name || z.id])], value: x.zone || '' });
    const site = field('Hermes site id', { path: 'siteId', value: x.siteId || '', hint: 'The satellite’s siteId (speakers)' });
    const cams = field('Camera mapping', { path: 'cameras', kind: 'textarea', rows: 4, value: Object.entries(x.cameras || {}).map(([k, v]) => `${k} = ${v}`).join('\n'),
      hint: 'One per line: their camera name = store zone id' });
    const px = field('Map position x (%)', { path: 'position.x', kind: 'number', min: 0, max: 100, step: 'any', value: x.position ? x.position.x : '' });
    const py = field('Map position y (%)', { path: 'position.y', kind: 'number', min: 0, max: 100, step: 'any', value: x.position ? x.position.y : '' });
    const pw = field('Password', { path: 'password', kind: 'password', autocomplete: 'new-password',
      hint: isNew ? 'Leave empty to generate a strong one (shown once)' : 'Leave empty to keep the current password' });
    const body = h('div.form-grid', id, kind, zone, site, cams, px, py, pw);
    const sync = () => {
      const k = kind.input.value;
      zone.hidden = k === 'frigate' || k === 'double-take';
      cams.hidden = !zone.hidden;
      site.hidden = k !== 'speaker';
    };
    kind.input.addEventListener('change', sync);
    sync();
    const saved = await formDialog(isNew ? 'Add a device' : `Edit ${x.id}`, body, isNew ? 'Add device' : 'Save', () => {
      const k = kind.input.value;
      const cameras = {};
      for (const line of cams.input.value.split('\n')) {
        const [a, b] = line.split('=').map((s) => s && s.trim());
        if (a && b) cameras[a] = b;
      }
      const b = compact({ id: str(id.input.value), kind: k, zone: zone.hidden ? null : str(zone.input.value), siteId: site.hidden ? null : str(site.input.value),
        cameras: cams.hidden ? null : cameras, zones: x.zones || null, password: str(pw.input.value),
        position: px.input.value !== '' && py.input.value !== '' ? { x: num(px.input.value), y: num(py.input.value) } : null });
      return isNew ? post('/api/devices', b) : put('/api/devices/' + enc(x.id), b);
    });
    if (!saved) return;
    if (saved && saved.password) {
      await dialog('Device password', h('div',
        h('p', 'Copy this password into the device now — it is shown only once.'),
        h('p.secret', h('code', { dataset: { secret: 'password' } }, saved.password))), [['ok', 'I have copied it', 'primary']]);
    }
    toast(isNew ? 'Device added' : 'Device saved', 'ok');
    invalidate('devices');
    drawDevices();
  }

  // ---------------------------------------------------------------- zones
  async function drawZones() {
    try { zones = await load('zones', { fresh: true }); } catch (err) { clear(zonesBox, h('h2#zones-title', 'Zones'), errorBox(err, drawZones)); return; }
    clear(zonesBox,
      h('div.section-head', h('h2#zones-title', 'Zones'), admin ? h('button.btn.primary.small', { type: 'button', onclick: () => editZone(null) }, '+ Add zone') : null),
      h('p.sub.small', 'Areas of the store. The map position (0–100 %) places them on the live store map.'),
      zones.length ? table(['Zone', 'Id', 'Map position', ''], zones.map((z) => h('tr', { dataset: { zone: z.id } },
        h('td', h('strong', z.name || z.id)), h('td', h('code', z.id)), h('td', z.position ? `${z.position.x}, ${z.position.y}` : '—'),
        h('td.right', admin ? [
          h('button.btn.small', { type: 'button', onclick: () => editZone(z), 'aria-label': 'Edit zone ' + (z.name || z.id) }, 'Edit'),
          h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Delete zone ' + (z.name || z.id), onclick: (e) => removeOne('zone', '/api/zones/' + enc(z.id), z.name || z.id, e.target, drawZones) }, 'Delete')] : null))))
        : empty('No zones yet.'));
  }

  async function editZone(z) {
    const isNew = !z;
    const x = z || {};
    const id = field('Zone id', { path: 'id', value: x.id || '', required: true, placeholder: 'footwear' });
    if (!isNew) id.input.readOnly = true;
    const name = field('Zone name', { path: 'name', value: x.name || '', required: true, placeholder: 'Footwear' });
    const px = field('Map position x (%)', { path: 'position.x', kind: 'number', min: 0, max: 100, step: 'any', value: x.position ? x.position.x : '' });
    const py = field('Map position y (%)', { path: 'position.y', kind: 'number', min: 0, max: 100, step: 'any', value: x.position ? x.position.y : '' });
    const ok = await formDialog(isNew ? 'Add a zone' : `Edit ${x.name || x.id}`, h('div.form-grid', id, name, px, py), isNew ? 'Add zone' : 'Save', () => {
      const b = compact({ id: str(id.input.value), name: str(name.input.value),
        position: px.input.value !== '' && py.input.value !== '' ? { x: num(px.input.value), y: num(py.input.value) } : null });
      return isNew ? post('/api/zones', b) : put('/api/zones/' + enc(x.id), b);
    });
    if (!ok) return;
    toast(isNew ? 'Zone added' : 'Zone saved', 'ok');
    invalidate('zones');
    await drawZones();
    drawScreens();
  }

  // ---------------------------------------------------------------- screens
  async function drawScreens() {
    try { screens = await load('screens', { fresh: true }); } catch (err) { clear(screensBox, h('h2#screens-title', 'Screens'), errorBox(err, drawScreens)); return; }
    clear(screensBox,
      h('div.section-head', h('h2#screens-title', 'Screens'), admin ? h('button.btn.primary.small', { type: 'button', onclick: () => editScreen(null) }, '+ Add screen') : null),
      h('p.sub.small', 'Point a browser in kiosk mode at /screen/ (or the screen’s address): it shows a code; pair it here with that code.'),
      screens.length ? table(['Screen', 'Zone', 'Address', 'Pairing', 'Seen', ''], screens.map((s) => h('tr', { dataset: { screen: s.id } },
        h('td', h('strong', s.name || s.id), s.role ? h('span.status.s-off', s.role) : null), h('td', zoneLabel(s.zone)),
        h('td', h('a', { href: '/screen/' + enc(s.id), target: '_blank', rel: 'noopener' }, '/screen/' + s.id)),
        ...pairingCells('screen', s.id),
        h('td.right', admin ? [
          ...pairingButtons('screen', s.id, s.name || s.id, drawScreens),
          h('button.btn.small', { type: 'button', onclick: () => editScreen(s), 'aria-label': 'Edit screen ' + (s.name || s.id) }, 'Edit'),
          h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Delete screen ' + (s.name || s.id), onclick: (e) => removeOne('screen', '/api/screens/' + enc(s.id), s.name || s.id, e.target, drawScreens) }, 'Delete')] : null))))
        : empty('No screens yet.'));
  }

  async function editScreen(s) {
    const isNew = !s;
    const x = s || {};
    const id = field('Screen id', { path: 'id', value: x.id || '', required: true, placeholder: 'footwear-2' });
    if (!isNew) id.input.readOnly = true;
    const name = field('Screen name', { path: 'name', value: x.name || '', placeholder: 'Footwear wall' });
    const zone = field('Zone', { path: 'zone', kind: 'select', options: zones.map((z) => [z.id, z.name || z.id]), value: x.zone || (zones[0] || {}).id });
    const role = field('Role', { path: 'role', kind: 'select', options: [['', 'Signage'], ['order-board', 'Order board (voice orders)']], value: x.role || '' });
    const px = field('Map position x (%)', { path: 'position.x', kind: 'number', min: 0, max: 100, step: 'any', value: x.position ? x.position.x : '' });
    const py = field('Map position y (%)', { path: 'position.y', kind: 'number', min: 0, max: 100, step: 'any', value: x.position ? x.position.y : '' });
    const ok = await formDialog(isNew ? 'Add a screen' : `Edit ${x.name || x.id}`, h('div.form-grid', id, name, zone, role, px, py), isNew ? 'Add screen' : 'Save', () => {
      const b = compact({ id: str(id.input.value), zone: str(zone.input.value), name: str(name.input.value), role: str(role.input.value),
        position: px.input.value !== '' && py.input.value !== '' ? { x: num(px.input.value), y: num(py.input.value) } : null });
      return isNew ? post('/api/screens', b) : put('/api/screens/' + enc(x.id), b);
    });
    if (!ok) return;
    toast(isNew ? 'Screen added' : 'Screen saved', 'ok');
    invalidate('screens');
    drawScreens();
  }

  // ---------------------------------------------------------------- users
  async function drawUsers() {
    const head = h('div.section-head', h('h2#users-title', 'Users'), admin ? h('button.btn.primary.small', { type: 'button', onclick: () => editUser(null) }, '+ Add user') : null);
    if (!admin) { clear(usersBox, head, h('p.muted', 'Only an admin sees and manages the console’s users.')); return; }
    let list;
    try { list = await get('/api/users'); } catch (err) { clear(usersBox, head, errorBox(err, drawUsers)); return; }
    list = Array.isArray(list) ? list : list.users || [];
    const me = (session.get() || {}).username;
    clear(usersBox, head, h('p.sub.small', 'Admins change everything; editors manage content, playlists and rules; viewers look.'),
      table(['User', 'Role', ''], list.map((u) => h('tr', { dataset: { user: u.username } },
        h('td', h('strong', u.username), u.username === me ? h('span.muted.small', ' (you)') : null), h('td', h('span.role-badge', u.role)),
        h('td.right',
          h('button.btn.small', { type: 'button', onclick: () => editUser(u), 'aria-label': 'Edit user ' + u.username }, 'Edit'),
          u.username !== me ? h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Delete user ' + u.username,
            onclick: (e) => removeOne('user', '/api/users/' + enc(u.username), u.username, e.target, drawUsers) }, 'Delete') : null)))));
  }

  async function editUser(u) {
    const isNew = !u;
    const x = u || { role: 'editor' };
    const name = field('Username', { path: 'username', value: x.username || '', required: true, autocomplete: 'off' });
    if (!isNew) name.input.readOnly = true;
    const role = field('Role', { path: 'role', kind: 'select', options: [['viewer', 'Viewer — looks'], ['editor', 'Editor — content, playlists, rules'], ['admin', 'Admin — everything']], value: x.role });
    const pw = field(isNew ? 'Password' : 'New password', { path: 'password', kind: 'password', autocomplete: 'new-password', required: isNew,
      hint: isNew ? 'At least 8 characters is a good idea' : 'Leave empty to keep the current password' });
    const ok = await formDialog(isNew ? 'Add a user' : `Edit ${x.username}`, h('div.form-grid', name, role, pw), isNew ? 'Add user' : 'Save', () => {
      const b = compact({ username: str(name.input.value), role: role.input.value, password: pw.input.value || null });
      return isNew ? post('/api/users', b) : put('/api/users/' + enc(x.username), { role: b.role, password: b.password });
    });
    if (!ok) return;
    toast(isNew ? 'User added' : 'User saved', 'ok');
    drawUsers();
  }

  // ---------------------------------------------------------------- audit log
  let auditBefore = null;
  async function drawAudit(more) {
    if (!admin) return;
    const head = h('div.section-head', h('h2#audit-title', 'Audit log'),
      h('button.btn.small.ghost', { type: 'button', onclick: () => { auditBefore = null; drawAudit(false); } }, 'Refresh'));
    let list;
    try { list = await get('/api/audit?limit=100' + (more && auditBefore ? '&before=' + enc(auditBefore) : '')); } catch (err) { clear(auditBox, head, errorBox(err, () => drawAudit(false))); return; }
    list = Array.isArray(list) ? list : [];
    const rows = list.map((e) => h('tr', { dataset: { audit: e.id } },
      h('td', { title: new Date(e.at).toLocaleString() }, when(e.at)), h('td', h('strong', e.user || '—'), e.role ? h('span.muted.small', ' ' + e.role) : null),
      h('td', e.from || '—'), h('td', h('code', e.action || '')), h('td', { dataset: { outcome: e.outcome || '' } }, e.outcome || '')));
    const body = auditBox.querySelector('tbody');
    if (more && body) {
      rows.forEach((r) => body.appendChild(r));
    } else {
      clear(auditBox, head, h('p.sub.small', 'Every change, login, pairing and erasure: who, when, from where. Newest first.'),
        list.length ? table(['When', 'Who', 'From', 'What', 'Outcome'], rows) : empty('Nothing recorded yet.'));
    }
    auditBefore = list.length ? list[list.length - 1].id : auditBefore;
    const old = auditBox.querySelector('.audit-more');
    if (old) old.remove();
    if (list.length === 100) auditBox.appendChild(h('button.btn.small.audit-more', { type: 'button', onclick: () => drawAudit(true) }, 'Older entries'));
  }

  // ---------------------------------------------------------------- shared
  async function removeOne(what, path, label, btn, redraw) {
    if (!(await confirmDanger(`Delete ${what} ${label}?`, what === 'device' ? 'It is disconnected at once and cannot log in again.' : 'This cannot be undone.'))) return;
    try {
      await busy(btn, del(path));
      toast(`Deleted ${what} ${label}`, 'ok');
      invalidate(what + 's');
      redraw();
    } catch (err) {
      toast(err.status === 409 ? err.message : `Could not delete: ${err.message}`, 'error', 8000);
    }
  }

  function zoneLabel(id) { if (!id) return ''; const z = zones.find((x) => x.id === id); return (z && z.name) || id; }

  function table(cols, rows) {
    return h('div.table-wrap', h('table.table', h('thead', h('tr', cols.map((c) => h('th', c || h('span.visually-hidden', 'Actions'))))), h('tbody', rows)));
  }

  await Promise.all([drawZones(), loadPairings()]);
  await Promise.all([drawDevices(), drawScreens(), drawUsers(), drawAudit(false)]);
}
