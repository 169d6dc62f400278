// Content library: every item with a preview; create/edit per type; upload media; delete.
import { post, put, del, upload, enc, can, onLive } from './api.js';
import { h, clear, field, pageHead, empty, toast, confirmDanger, formDialog, price, str, num, compact, colorOf, busy, readOnly } from './ui.js';
import { load, invalidate, CONTENT_TYPES } from './data.js';

export async function contentPage(view) {
  const canEdit = can('editor');
  const grid = h('div.content-grid', { 'aria-live': 'polite' });
  const filter = h('input', { type: 'search', id: 'content-filter', placeholder: 'Search by name or id' });
  const typeFilter = h('select', { id: 'content-type-filter' }, h('option', { value: '' }, 'All types'), CONTENT_TYPES.map(([v, l]) => h('option', { value: v }, l)));
  view.append(
    pageHead('Content', 'Everything your screens can show: pictures, videos, web pages and product cards.',
      canEdit ? h('button.btn.primary', { type: 'button', onclick: () => edit(null) }, '+ New content') : null),
    h('div.toolbar',
      h('div.field.inline', h('label', { for: 'content-filter' }, 'Search'), filter),
      h('div.field.inline', h('label', { for: 'content-type-filter' }, 'Type'), typeFilter)),
    grid);

  let items = [];
  async function refresh(fresh = true) {
    items = await load('content', { fresh });
    draw();
  }
  function draw() {
    const q = filter.value.trim().toLowerCase();
    const t = typeFilter.value;
    const shown = items.filter((c) => (!t || c.type === t) && (!q || `${c.id} ${c.title || ''} ${(c.product && c.product.name) || ''}`.toLowerCase().includes(q)));
    clear(grid);
    if (!items.length) { grid.appendChild(empty('No content yet.', canEdit ? 'Create the first item with “New content”.' : '')); return; }
    if (!shown.length) { grid.appendChild(empty('Nothing matches your search.')); return; }
    for (const c of shown) grid.appendChild(card(c));
  }
  filter.addEventListener('input', draw);
  typeFilter.addEventListener('change', draw);

  function card(c) {
    const label = (CONTENT_TYPES.find(([v]) => v === c.type) || [c.type, c.type])[1];
    return h('article.content-card', { dataset: { content: c.id } },
      h('div.preview-box', preview(c)),
      h('div.content-info',
        h('h3', c.title || c.id),
        h('p.meta', h('span.type-badge.t-' + c.type, label), h('code', c.id))),
      h('div.card-actions',
        h('button.btn.small', { type: 'button', onclick: () => edit(c), 'aria-label': (canEdit ? 'Edit ' : 'View ') + (c.title || c.id) }, canEdit ? 'Edit' : 'View'),
        canEdit ? h('button.btn.small.ghost.danger-text', { type: 'button', onclick: (e) => remove(c, e.target), 'aria-label': 'Delete ' + (c.title || c.id) }, 'Delete') : null));
  }

  async function remove(c, btn) {
    if (!(await confirmDanger('Delete this content?', `“${c.title || c.id}” will be removed from every playlist and screens showing it will move on.`))) return;
    try {
      await busy(btn, del('/api/content/' + enc(c.id)));
      invalidate('content');
      toast(`Deleted “${c.title || c.id}”`, 'ok');
      await refresh();
    } catch (err) {
      if (err.status === 409) toast(err.message || 'A rule still shows this content. Change the rule first.', 'error', 8000);
      else toast('Could not delete: ' + err.message, 'error');
    }
  }

  async function edit(c) {
    const isNew = !c;
    const form = contentForm(c || { type: 'image' }, isNew);
    readOnly(form.el, !canEdit);
    const r = canEdit
      ? await formDialog(isNew ? 'New content' : `Edit “${c.title || c.id}”`, form.el, isNew ? 'Create' : 'Save changes', async () => {
        const body = form.value();
        return isNew ? post('/api/content', body) : put('/api/content/' + enc(c.id), body);
      })
      : await formDialog(c.title || c.id, form.el, 'Close', async () => true, { noCancel: true });
    if (r && canEdit) {
      invalidate('content');
      toast(isNew ? 'Content created' : 'Content saved', 'ok');
      await refresh();
    }
  }

  await refresh(false);
  const off = onLive((ev) => { if (ev.type === 'catalog' && /^(content|conf)/.test(String(ev.what || ''))) refresh().catch(() => {}); });
  return off;
}

// what POST /api/media takes (SVG is refused by the hub: it can carry scripts)
const IMAGE = 'image/png,image/jpeg,image/gif,image/webp';
const VIDEO = 'video/mp4,video/webm';

/** The preview of a content item as on a screen, small. */
export function preview(c) {
  switch (c.type) {
    case 'image':
      return c.src ? h('img.pv', { src: c.src, alt: c.title || c.id, loading: 'lazy' }) : titleCard(c);
    case 'video':
      return c.src ? h('video.pv', { src: c.src, muted: true, loop: true, playsInline: true, preload: 'metadata',
        onmouseenter: (e) => e.target.play().catch(() => {}), onmouseleave: (e) => e.target.pause(), 'aria-label': c.title || c.id }) : titleCard(c);
    case 'html': {
      const f = h('iframe.pv-frame', { title: 'Preview of ' + (c.title || c.id), loading: 'lazy', tabindex: '-1', sandbox: 'allow-scripts', scrolling: 'no' });
      if (typeof c.html === 'string' && c.html) f.srcdoc = '<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%;overflow:hidden;background:#000;color:#fff;font-family:system-ui}</style></head><body>' + c.html + '</body></html>';
      else if (c.src) f.src = c.src;
      else return titleCard(c);
      return h('div.pv-scale', f);
    }
    case 'product-card': {
      const p = c.product || {};
      return h('div.pv-card', { style: { '--accent': colorOf(c.id) } },
        h('div.pv-card-visual', p.image ? h('img', { src: p.image, alt: '', loading: 'lazy' }) : h('span.letter', (p.name || c.title || '?').charAt(0))),
        h('div.pv-card-info',
          p.badge ? h('span.pv-badge', p.badge) : null,
          h('strong', p.name || c.title || c.id),
          p.tagline ? h('span.pv-tagline', p.tagline) : null,
          p.price != null ? h('span.pv-price', price(p.price, p.currency)) : null));
    }
    default:
      return titleCard(c);
  }
}

function titleCard(c) {
  return h('div.title-card', { style: { background: `linear-gradient(135deg, ${colorOf(c.id)}, #141b34)` } }, h('span', c.title || c.id));
}

/** The create/edit form of one item; only the fields of the chosen type are shown. */
function contentForm(c, isNew) {
  const p = c.product || {};
  const id = field('Id', { path: 'id', value: c.id || '', required: true, hint: 'Short name used by rules and playlists, e.g. winter-sale' });
  if (!isNew) id.input.readOnly = true;
  const type = field('Type', { path: 'type', kind: 'select', options: CONTENT_TYPES, value: c.type });
  const title = field('Title', { path: 'title', value: c.title || '', required: true, hint: 'What operators see; also the fallback text on screens' });
  const src = mediaField('File or address', 'src', c.src, IMAGE);
  const htmlSrc = field('Page address', { path: 'src', value: c.type === 'html' ? c.src || '' : '', placeholder: '/checkin/screen.html', hint: 'A page to show, or write HTML below' });
  const html = field('HTML', { path: 'html', kind: 'textarea', rows: 6, value: c.html || '' });
  const pName = field('Product name', { path: 'product.name', value: p.name || '' });
  const pPrice = field('Price', { path: 'product.price', kind: 'number', step: '0.01', min: '0', value: p.price ?? '' });
  const pCur = field('Currency', { path: 'product.currency', value: p.currency || 'EUR' });
  const pImage = mediaField('Product picture', 'product.image', p.image, IMAGE);
  const pTag = field('Tagline', { path: 'product.tagline', value: p.tagline || '' });
  const pBadge = field('Badge', { path: 'product.badge', value: p.badge || '', placeholder: 'New · Members -15%' });
  const pv = h('div.form-preview');

  const groups = {
    image: [src], video: [src], html: [htmlSrc, html],
    'product-card': [pName, pPrice, pCur, pImage, pTag, pBadge],
  };
  const all = [src, htmlSrc, html, pName, pPrice, pCur, pImage, pTag, pBadge];
  const el = h('div.form-grid', id, type, title, all, h('div.field.wide', h('span.label', 'Preview'), pv));

  function value() {
    const t = type.input.value;
    const body = { id: str(id.input.value), type: t, title: str(title.input.value) };
    if (t === 'image' || t === 'video') body.src = str(src.input.value);
    if (t === 'html') { body.src = str(htmlSrc.input.value); body.html = str(html.input.value); }
    if (t === 'product-card') {
      body.product = compact({ name: str(pName.input.value), price: num(pPrice.input.value), currency: str(pCur.input.value),
        image: str(pImage.input.value), tagline: str(pTag.input.value), badge: str(pBadge.input.value) });
    }
    return compact(body);
  }
  function sync() {
    const show = new Set(groups[type.input.value] || []);
    for (const f of all) f.hidden = !show.has(f);
    src.input.accept = type.input.value === 'video' ? VIDEO : IMAGE;
    clear(pv, preview(value() || {}));
  }
  el.addEventListener('change', sync);
  el.addEventListener('input', debounce(sync, 300));
  sync();
  return { el, value };
}

/** A text field for a media address with an "Upload…" button that fills it (POST /api/media). */
function mediaField(label, path, value, accept) {
  const f = field(label, { path, value: value || '', placeholder: '/uploads/… or /media/…' });
  const fileId = f.input.id + '-file';
  const file = h('input.visually-hidden', { type: 'file', id: fileId, accept });
  const status = h('span.upload-status', { role: 'status' });
  const btn = h('label.btn.small.upload-btn', { for: fileId }, 'Upload a file…');
  file.addEventListener('change', async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    status.textContent = `Uploading ${chosen.name}…`;
    try {
      const r = await upload(chosen);
      f.input.value = r.src;
      f.input.dispatchEvent(new Event('change', { bubbles: true }));
      status.textContent = `Uploaded ${chosen.name}`;
    } catch (err) {
      status.textContent = 'Upload failed: ' + err.message;
    }
    file.value = '';
  });
  f.appendChild(h('div.upload-row', btn, file, status));
  Object.defineProperty(f.input, 'accept', { set(v) { file.accept = v; }, get() { return file.accept; }, configurable: true });
  return f;
}

function debounce(fn, ms) { let t = 0; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }
