// Playlists: per zone, the default loop and its dayparts (breakfast, evening…). PUT /api/playlists/{zone}.
import { put, enc, can } from './api.js';
import { h, clear, field, checks, pageHead, empty, toast, busy, showProblems, clearProblems, nextId, readOnly, confirmDanger } from './ui.js';
import { load, loadOrEmpty, invalidate, thumbOf, WEEKDAYS } from './data.js';

export async function playlistsPage(view, args) {
  const canEdit = can('editor');
  const [zones, content, lists] = await Promise.all([loadOrEmpty('zones'), load('content'), load('playlists', { fresh: true })]);
  const byZone = Object.fromEntries(lists.map((p) => [p.zone, p]));
  const zoneIds = zones.length ? zones.map((z) => z.id) : lists.map((p) => p.zone);
  const zoneName = (id) => (zones.find((z) => z.id === id) || {}).name || id;
  let zone = args[0] && zoneIds.includes(args[0]) ? args[0] : zoneIds[0];

  const tabs = h('div.tabs', { role: 'tablist', 'aria-label': 'Zones' });
  const body = h('div.playlist-body');
  view.append(pageHead('Playlists', 'What each zone’s screens loop through when nobody gets personal content.'), tabs, body);

  function drawTabs() {
    clear(tabs, zoneIds.map((id) => h('button.tab', { type: 'button', role: 'tab', 'aria-selected': String(id === zone),
      onclick: () => { zone = id; history.replaceState(null, '', '#/playlists/' + enc(id)); drawTabs(); drawZone(); } }, zoneName(id))));
  }

  function drawZone() {
    clear(body);
    if (!zone) { body.appendChild(empty('No zones yet.')); return; }
    const pl = byZone[zone] || { zone, items: [], dayparts: [] };
    const main = itemsEditor('Default loop', pl.items || [], content, 'items');
    const parts = (pl.dayparts || []).map((d, i) => daypartEditor(d, content, i));
    const partsBox = h('div.dayparts', parts.map((p) => p.el));
    const addPart = h('button.btn.edit-only', { type: 'button', onclick: () => {
      const d = daypartEditor({ name: '', weekdays: [], from: '07:00', to: '11:00', items: [] }, content, parts.length);
      parts.push(d);
      partsBox.appendChild(d.el);
      d.el.querySelector('input').focus();
    } }, '+ Add a daypart');
    const save = h('button.btn.primary', { type: 'submit' }, 'Save playlist');
    const form = h('form.card.pad.playlist-form', { dataset: { zone } },
      h('h2', zoneName(zone), ' ', h('span.muted.small', `(${zone})`)),
      h('p.sub', 'Screens loop through these items in order. A daypart replaces them on its days and hours — the first daypart that applies wins.'),
      main.el,
      h('h3.section-title', 'Dayparts'),
      partsBox,
      canEdit ? h('div.form-foot', addPart, h('span.spacer'), save) : null);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearProblems(form);
      const live = parts.filter((p) => p.el.isConnected);
      const bodyJson = { zone, items: main.value(), dayparts: live.map((p) => p.value()) };
      // renumber paths so problems such as dayparts[1].items[0].content land on the right row
      live.forEach((p, i) => p.renumber(i));
      try {
        const saved = await busy(save, put('/api/playlists/' + enc(zone), bodyJson));
        byZone[zone] = saved && saved.zone ? saved : bodyJson;
        invalidate('playlists');
        toast(`Playlist of ${zoneName(zone)} saved — screens update now`, 'ok');
      } catch (err) {
        showProblems(form, err);
      }
    });
    readOnly(form, !canEdit);
    body.appendChild(form);
  }

  drawTabs();
  drawZone();
  return { sub: (a) => { if (a[0] && a[0] !== zone && zoneIds.includes(a[0])) { zone = a[0]; drawTabs(); drawZone(); } } };
}

/** Ordered items: content select + seconds, add / remove / move up / move down. */
function itemsEditor(title, items, content, path) {
  const list = h('ol.items');
  const opts = content.map((c) => [c.id, `${c.title || c.id} (${c.id})`]);
  let prefix = path;

  function row(it) {
    const cid = nextId('i');
    const sid = nextId('s');
    const sel = h('select', { id: cid }, opts.map(([v, l]) => h('option', { value: v }, l)));
    sel.value = it.content || (opts[0] && opts[0][0]) || '';
    const secs = h('input', { id: sid, type: 'number', min: 1, max: 3600, value: it.seconds || 10 });
    const thumb = h('span.mini-thumb');
    const paint = () => {
      const c = content.find((x) => x.id === sel.value);
      const t = thumbOf(c);
      clear(thumb, t ? h('img', { src: t, alt: '' }) : h('span', (c && (c.title || c.id) || '?').charAt(0)));
    };
    sel.addEventListener('change', paint);
    paint();
    const li = h('li.item-row',
      thumb,
      h('div.field.grow', { dataset: { role: 'content' } }, h('label', { for: cid }, 'Content'), sel),
      h('div.field.secs', { dataset: { role: 'seconds' } }, h('label', { for: sid }, 'Seconds'), secs),
      h('div.row-actions',
        h('button.btn.icon.edit-only', { type: 'button', title: 'Move up', onclick: () => { if (li.previousElementSibling) list.insertBefore(li, li.previousElementSibling); number(); } }, '↑', h('span.visually-hidden', ' Move up')),
        h('button.btn.icon.edit-only', { type: 'button', title: 'Move down', onclick: () => { if (li.nextElementSibling) list.insertBefore(li.nextElementSibling, li); number(); } }, '↓', h('span.visually-hidden', ' Move down')),
        h('button.btn.icon.danger-text.edit-only', { type: 'button', title: 'Remove', onclick: () => { li.remove(); number(); } }, '✕', h('span.visually-hidden', ' Remove'))));
    li.read = () => ({ content: sel.value, seconds: Number(secs.value) || 10 });
    return li;
  }

  function number() {
    [...list.children].forEach((li, i) => {
      li.dataset.field = `${prefix}[${i}]`;
      li.querySelector('[data-role=content]').dataset.field = `${prefix}[${i}].content`;
      li.querySelector('[data-role=seconds]').dataset.field = `${prefix}[${i}].seconds`;
    });
    emptyNote.hidden = list.children.length > 0;
  }

  const emptyNote = h('p.small.muted', 'No items: the screens show the store’s idle slide.');
  for (const it of items) list.appendChild(row(it));
  const add = h('button.btn.small.edit-only', { type: 'button', onclick: () => { list.appendChild(row({})); number(); list.lastChild.querySelector('select').focus(); } }, '+ Add item');
  const el = h('div.items-editor', { dataset: { field: path } }, h('div.items-head', h('h3.section-title', title), add), list, emptyNote);
  number();
  return {
    el,
    value: () => [...list.children].map((li) => li.read()),
    renumber: (p) => { prefix = p; el.dataset.field = p; number(); },
  };
}

function daypartEditor(d, content, index) {
  const base = `dayparts[${index}]`;
  const name = field('Daypart name', { value: d.name || '', placeholder: 'Breakfast', path: base + '.name', required: true });
  const days = checks('Days', WEEKDAYS, d.weekdays || [], { path: base + '.weekdays', hint: 'None ticked = every day', wide: true });
  const from = field('From', { kind: 'time', value: d.from || '', path: base + '.from', required: true });
  const to = field('To', { kind: 'time', value: d.to || '', path: base + '.to', required: true, hint: 'Earlier than “From” runs past midnight' });
  const items = itemsEditor('Items during this daypart', d.items || [], content, base + '.items');
  const el = h('section.daypart.card.pad',
    h('div.daypart-head', h('h4', d.name || 'New daypart'),
      h('button.btn.small.ghost.danger-text.edit-only', { type: 'button', onclick: async () => {
        if (await confirmDanger('Remove this daypart?', 'Its items go with it. Nothing changes on screens until you save.', 'Remove')) el.remove();
      } }, 'Remove daypart')),
    h('div.form-grid', name, from, to, days), items.el);
  name.input.addEventListener('input', () => { el.querySelector('h4').textContent = name.input.value || 'New daypart'; });
  return {
    el,
    value: () => ({ name: name.input.value.trim(), weekdays: days.values(), from: from.input.value, to: to.input.value, items: items.value() }),
    renumber: (i) => {
      const b = `dayparts[${i}]`;
      name.dataset.field = b + '.name'; days.dataset.field = b + '.weekdays'; from.dataset.field = b + '.from'; to.dataset.field = b + '.to';
      items.renumber(b + '.items');
    },
  };
}
