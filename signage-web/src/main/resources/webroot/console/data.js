// Catalog data the pages share (zones, screens, content, shoppers, devices), cached for a page
// view and dropped when the hub says the catalog changed.
import { get, onLive } from './api.js';

const cache = new Map();

export function load(what, { fresh = false } = {}) {
  if (fresh || !cache.has(what)) {
    const p = get('/api/' + what).then((x) => sortList(what, Array.isArray(x) ? x : (x && (x[what] || x.items)) || []));
    p.catch(() => cache.delete(what));
    cache.set(what, p);
  }
  return cache.get(what);
}

/** Like load, but an empty list when the role may not read it (403) or the route is missing. */
export function loadOrEmpty(what) {
  return load(what).catch((e) => { if (e.status === 403 || e.status === 404) return []; throw e; });
}

// the hub answers in hash order: show lists in an order people can scan
function sortList(what, list) {
  const by = (f) => [...list].sort((a, b) => String(f(a)).localeCompare(String(f(b)), undefined, { numeric: true }));
  switch (what) {
    case 'content': return by((c) => (c.title || c.id).toLowerCase());
    case 'shoppers': return by((s) => s.name || s.id);
    case 'devices': return by((d) => `${d.zone || '~'} ${d.id}`);
    case 'screens': return by((s) => s.id);
    default: return list;
  }
}

export function invalidate(what) {
  if (what) cache.delete(what); else cache.clear();
}

onLive((ev) => {
  if (ev.type !== 'catalog') return;
  const w = String(ev.what || '');
  if (!w) { cache.clear(); return; }
  for (const k of [...cache.keys()]) if (w.startsWith(k.replace(/s$/, '')) || k.startsWith(w)) cache.delete(k);
  if (w === 'store' || w === 'conf') cache.clear();
});

/** A thumbnail URL for a content item: its picture, product image, or null (then a title card). */
export function thumbOf(c) {
  if (!c) return null;
  if (c.type === 'image') return c.src || null;
  if (c.type === 'product-card') return (c.product && c.product.image) || null;
  return null;
}

export const EVENTS = [
  ['enter', 'Enters a zone'], ['dwell', 'Stays in a zone'], ['leave', 'Leaves a zone'], ['touch', 'Touches a screen'],
  ['pickup', 'Picks up a product'], ['checkin', 'Checks in with the QR code'], ['voice', 'Asks a speaker'],
];
export const WEEKDAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];
export const CONTENT_TYPES = [['image', 'Image'], ['video', 'Video'], ['html', 'Web page / HTML'], ['product-card', 'Product card']];
