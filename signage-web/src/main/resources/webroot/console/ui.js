// Small DOM helpers shared by the console pages: elements, labelled fields, dialogs, toasts,
// and validation problems shown next to the field they are about.

let uid = 0;
export const nextId = (p = 'f') => `${p}-${++uid}`;

/** h('div.card#x', {attrs}, ...children) */
export function h(tag, attrs, ...children) {
  const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(tag) || [];
  const e = document.createElement(m[1] || 'div');
  (m[2] || '').replace(/([.#])([\w-]+)/g, (_, k, v) => {
    if (k === '.') e.classList.add(v); else e.id = v;
  });
  if (attrs != null && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'class') e.className = v;
    else if (k === 'style' && typeof v === 'object') for (const [sk, sv] of Object.entries(v)) e.style.setProperty(sk.startsWith('--') ? sk : sk.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), sv);
    else if (k in e && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(e, ...children) { e.textContent = ''; append(e, children); return e; }

export const names = (xs) => (xs || []).map((x) => x.name || x.id);

// ------------------------------------------------------------------ fields

/**
 * A labelled field bound to a body path (data-field) so validation problems land next to it.
 * kind: text | number | textarea | select | time | date | datetime-local | password | checkbox | file
 */
export function field(label, opts = {}) {
  const id = opts.id || nextId();
  const kind = opts.kind || 'text';
  let input;
  if (kind === 'textarea') {
    input = h('textarea', { id, name: opts.name, rows: opts.rows || 4, placeholder: opts.placeholder });
    input.value = opts.value ?? '';
  } else if (kind === 'select') {
    input = h('select', { id, name: opts.name });
    setOptions(input, opts.options || [], opts.value);
  } else if (kind === 'checkbox') {
    input = h('input', { id, name: opts.name, type: 'checkbox' });
    input.checked = !!opts.value;
  } else {
    input = h('input', { id, name: opts.name, type: kind, placeholder: opts.placeholder, min: opts.min, max: opts.max,
      step: opts.step, list: opts.list, autocomplete: opts.autocomplete || 'off', accept: opts.accept });
    if (kind !== 'file') input.value = opts.value ?? '';
  }
  if (opts.required) input.required = true;
  if (opts.onchange) input.addEventListener('change', opts.onchange);
  if (opts.oninput) input.addEventListener('input', opts.oninput);
  const hint = opts.hint ? h('p.hint', { id: id + '-hint' }, opts.hint) : null;
  if (hint) input.setAttribute('aria-describedby', hint.id);
  const wrap = kind === 'checkbox'
    ? h('div.field.check', { dataset: { field: opts.path || '' } }, input, h('label', { for: id }, label), hint)
    : h('div.field', { dataset: { field: opts.path || '' } }, h('label', { for: id }, label), input, hint);
  if (opts.wide) wrap.classList.add('wide');
  if (opts.cls) wrap.classList.add(...opts.cls.split(' '));
  wrap.input = input;
  return wrap;
}

/** options: [[value, label]] or [value] or [{value,label}] */
export function setOptions(select, options, value) {
  select.textContent = '';
  for (const o of options) {
    const [v, l] = Array.isArray(o) ? [o[0], o[1] ?? o[0]] : typeof o === 'object' ? [o.value, o.label] : [o, o];
    select.appendChild(h('option', { value: v }, l));
  }
  if (value != null) select.value = value;
}

/** A group of labelled checkboxes (zones, weekdays, …) in a fieldset with a legend. */
export function checks(legend, items, selected = [], opts = {}) {
  const sel = new Set(selected || []);
  const boxes = items.map(([v, l]) => {
    const id = nextId('c');
    const box = h('input', { type: 'checkbox', id, value: v, name: opts.name });
    box.checked = sel.has(v);
    if (opts.onchange) box.addEventListener('change', opts.onchange);
    return h('span.check-item', box, h('label', { for: id }, l));
  });
  const fs = h('fieldset.field.checks', { dataset: { field: opts.path || '' } }, h('legend', legend),
    h('div.check-row', boxes), opts.hint ? h('p.hint', opts.hint) : null);
  fs.values = () => [...fs.querySelectorAll('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
  if (opts.wide) fs.classList.add('wide');
  return fs;
}

/** A comma-separated list field that shows its values as chips as you type. */
export function tags(label, values, opts = {}) {
  const f = field(label, { ...opts, value: (values || []).join(', '), hint: opts.hint || 'Separate with commas' });
  const chips = h('div.chips-preview', { 'aria-hidden': 'true' });
  const draw = () => clear(chips, ...splitList(f.input.value).map((t) => h('span.tag', t)));
  f.input.addEventListener('input', draw);
  draw();
  f.appendChild(chips);
  if (opts.suggest && opts.suggest.length) {
    const listId = nextId('dl');
    f.appendChild(h('datalist', { id: listId }, opts.suggest.map((s) => h('option', { value: s }))));
    f.input.setAttribute('list', listId);
  }
  f.values = () => splitList(f.input.value);
  return f;
}

export function splitList(s) {
  return String(s || '').split(',').map((x) => x.trim()).filter(Boolean);
}

export const num = (v) => (v === '' || v == null || isNaN(Number(v)) ? null : Number(v));
export const str = (v) => (v == null || String(v).trim() === '' ? null : String(v).trim());

/** Drops null/empty members so bodies carry only what the operator set. */
export function compact(o) {
  if (Array.isArray(o)) return o.length ? o : null;
  if (o && typeof o === 'object') {
    const r = {};
    for (const [k, v] of Object.entries(o)) {
      const c = compact(v);
      if (c != null) r[k] = c;
    }
    return Object.keys(r).length ? r : null;
  }
  return o === '' ? null : o;
}

// ------------------------------------------------------------------ problems

/** Clears earlier messages in a form. */
export function clearProblems(root) {
  root.querySelectorAll('.field-error, .form-problems').forEach((e) => e.remove());
  root.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  root.querySelectorAll('.field.invalid').forEach((e) => e.classList.remove('invalid'));
}

/**
 * Shows an API error: each problem next to the field whose data-field matches its path (or the
 * closest parent path: "when.zones[0]" → "when.zones" → "when"), the rest in a box at the top.
 */
export function showProblems(root, err, top) {
  clearProblems(root);
  const problems = err.problems && err.problems.length ? err.problems : [{ field: null, message: err.message }];
  const loose = [];
  let first = null;
  for (const p of problems) {
    const target = findField(root, p.field);
    if (!target) { loose.push(p); continue; }
    target.classList.add('invalid');
    const msg = h('p.field-error', { role: 'alert' }, p.message || 'Invalid value');
    // a whole section (then, if, cap…): say it at its top, not under its last field
    const grid = [...target.children].find((c) => c.classList.contains('form-grid'));
    if (grid) target.insertBefore(msg, grid); else target.appendChild(msg);
    target.querySelectorAll('input, select, textarea').forEach((i) => i.setAttribute('aria-invalid', 'true'));
    first = first || target;
  }
  if (loose.length || problems.length > 1) {
    const box = h('div.form-problems', { role: 'alert' },
      h('strong', problems.length > 1 ? `${problems.length} things to fix before saving` : 'Could not save'),
      loose.length ? h('ul', loose.map((p) => h('li', (p.field ? p.field + ': ' : '') + p.message))) : null);
    (top || root).prepend(box);
    first = first || box;
  }
  if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function findField(root, path) {
  if (!path) return null;
  let p = String(path);
  while (p) {
    const hit = root.querySelector(`[data-field="${CSS.escape(p)}"]`);
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return null;
}

// ------------------------------------------------------------------ feedback

export function toast(text, kind = 'info', ms = 4500) {
  const t = h('div.toast.' + kind, { role: kind === 'error' || kind === 'notice' ? 'alert' : 'status' },
    kind === 'notice' ? h('span.toast-icon', { 'aria-hidden': 'true' }, '!') : null, h('span.toast-text', text),
    h('button.toast-close', { type: 'button', 'aria-label': 'Dismiss', onclick: () => t.remove() }, '×'));
  document.getElementById('toasts').appendChild(t);
  setTimeout(() => t.classList.add('leaving'), ms);
  setTimeout(() => t.remove(), ms + 400);
  return t;
}

/** A modal <dialog>; resolves with the value of the button pressed (or null). */
export function dialog(title, body, buttons = [['ok', 'OK', 'primary']], opts = {}) {
  return new Promise((resolve) => {
    const form = h('form', { method: 'dialog' });
    const d = h('dialog.modal', { 'aria-labelledby': 'dlg-title' }, form);
    // Cancel is a plain button: Enter in a field submits with the first *submit* button, never cancels
    const foot = h('div.modal-foot', buttons.map(([value, text, cls]) => (value === 'cancel'
      ? h('button.btn' + (cls ? '.' + cls : ''), { type: 'button', onclick: () => d.close('cancel') }, text)
      : h('button.btn' + (cls ? '.' + cls : ''), { type: 'submit', value }, text))));
    form.append(h('h2#dlg-title', title), h('div.modal-body', body), foot);
    d.addEventListener('close', () => {
      const v = d.returnValue || null;
      d.remove();
      resolve(v && v !== 'cancel' ? (opts.collect ? opts.collect(v) : v) : null);
    });
    d.addEventListener('cancel', () => { d.returnValue = 'cancel'; });
    document.body.appendChild(d);
    d.showModal();
    const focus = d.querySelector('input, textarea, select') || foot.querySelector('.primary, .danger');
    if (focus) focus.focus();
  });
}

/**
 * A modal form: stays open until onSubmit (async) succeeds; its validation problems are shown
 * next to the fields inside. Resolves with onSubmit's result, or null when cancelled.
 */
export function formDialog(title, body, submitText, onSubmit, opts = {}) {
  return new Promise((resolve) => {
    const submit = h('button.btn.primary', { type: 'submit' }, submitText);
    const cancel = opts.noCancel ? null : h('button.btn.ghost', { type: 'button', onclick: () => { d.close(); } }, 'Cancel');
    const form = h('form.modal-form', h('h2', { id: nextId('dlg') }, title), h('div.modal-body', body), h('div.modal-foot', cancel, submit));
    const d = h('dialog.modal.wide', form);
    d.setAttribute('aria-labelledby', form.firstChild.id);
    let result = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(submit, Promise.resolve().then(() => onSubmit(form)).then((r) => { result = r ?? true; d.close(); },
        (err) => showProblems(form, err, form.querySelector('.modal-body'))));
    });
    d.addEventListener('close', () => { d.remove(); resolve(result); });
    document.body.appendChild(d);
    d.showModal();
    const focus = d.querySelector('.modal-body input:not([disabled]), .modal-body select, .modal-body textarea');
    if (focus) focus.focus();
  });
}

export async function confirmDanger(title, text, action = 'Delete') {
  const v = await dialog(title, h('p', text), [['cancel', 'Cancel', 'ghost'], ['yes', action, 'danger']]);
  return v === 'yes';
}

export function busy(button, promise) {
  button.disabled = true;
  button.classList.add('busy');
  return promise.finally(() => { button.disabled = false; button.classList.remove('busy'); });
}

// ------------------------------------------------------------------ formatting

const COLORS = ['#5e72eb', '#ff8a65', '#1fb57a', '#d6457a', '#f0a020', '#2a9fd6', '#8a5cf6'];
export function colorOf(id) {
  let x = 0;
  for (const c of String(id)) x = (x * 31 + c.charCodeAt(0)) | 0;
  return COLORS[Math.abs(x) % COLORS.length];
}

export function ago(t) {
  const s = Math.max(0, Math.round((Date.now() - Number(t)) / 1000));
  if (!isFinite(s)) return '';
  if (s < 10) return 'just now';
  if (s < 60) return s + ' s ago';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ago';
  return Math.floor(m / 60) + ' h ' + (m % 60) + ' min ago';
}

export function when(t) {
  if (t == null) return '';
  const d = new Date(typeof t === 'number' ? t : Date.parse(t));
  return isNaN(d) ? String(t) : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

export function price(v, cur) {
  if (v == null || v === '') return '';
  try { return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur || 'EUR' }).format(Number(v)); } catch (e) { return v + ' ' + (cur || ''); }
}

/** A read-only wrapper: every control inside is disabled for a viewer. */
export function readOnly(root, ro) {
  if (!ro) return root;
  root.querySelectorAll('input, select, textarea, button.edit-only').forEach((e) => { e.disabled = true; });
  root.querySelectorAll('[placeholder]').forEach((e) => e.removeAttribute('placeholder')); // examples would read as values
  root.classList.add('read-only');
  return root;
}

export function empty(text, ...more) { return h('div.empty', h('p', text), ...more); }

export function pageHead(title, sub, ...actions) {
  return h('div.page-head', h('div', h('h1', title), sub ? h('p.sub', sub) : null), h('div.actions', actions));
}

export function loading(text = 'Loading…') { return h('div.loading', { role: 'status' }, h('span.spinner'), text); }

export function errorBox(err, retry) {
  return h('div.problem', { role: 'alert' }, h('strong', 'Something went wrong. '), err.message || String(err),
    retry ? h('button.btn.small', { type: 'button', onclick: retry }, 'Try again') : null);
}
