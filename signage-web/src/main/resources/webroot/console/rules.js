// Rules: the live set, the draft being edited (forms only), publish / discard / history / rollback,
// and two ways to try a draft before it goes live: preview (one screen, chosen shoppers) and replay
// (the last hours of real store events).
import { get, post, put, del, enc, can, onLive } from './api.js';
import {
  h, clear, field, checks, tags, pageHead, empty, toast, busy, dialog, confirmDanger, showProblems, clearProblems,
  str, num, compact, when, nextId, errorBox, colorOf,
} from './ui.js';
import { load, loadOrEmpty, thumbOf, EVENTS, WEEKDAYS } from './data.js';

export async function rulesPage(view, args) {
  const canEdit = can('editor');
  const [zones, screens, content, shoppers, devices, intents, products] = await Promise.all([
    loadOrEmpty('zones'), loadOrEmpty('screens'), load('content'), loadOrEmpty('shoppers'), loadOrEmpty('devices'),
    loadOrEmpty('rules/intents'), loadOrEmpty('rules/products')]);
  const ctx = { zones, screens, content, shoppers, devices, intents, products, canEdit };

  let live = [];
  let draft = { rules: [], basedOn: null, changed: false };
  let selected = args[0] || null;   // rule id, 'new', or null

  const banner = h('div.draft-banner', { role: 'status', 'aria-live': 'polite' });
  const list = h('nav.rule-list', { 'aria-label': 'Rules in the draft' });
  const editorBox = h('section.rule-editor-box', { 'aria-label': 'Rule editor' });
  const historyBox = h('section.card.pad.history', { 'aria-labelledby': 'history-title' });
  const newBtn = canEdit ? h('button.btn.primary', { type: 'button', onclick: () => { location.hash = '#/rules/new'; } }, '+ New rule') : null;

  appendAll(view,
    pageHead('Rules', 'Who sees what, where and when. Changes go to a draft; publish to make them live.', newBtn),
    banner,
    canEdit ? null : h('p.note', 'You can look at every rule and try them in the preview. Only editors and admins can change or publish them.'),
    h('div.rules-layout', h('aside.rule-list-box', h('h2.section-title', 'Draft rules'), list), editorBox,
      h('div.tools', { 'aria-label': 'Try the rules' }, previewPanel(ctx), replayPanel(ctx))),
    historyBox);

  async function reload() {
    [live, draft] = await Promise.all([get('/api/rules'), get('/api/rules/draft')]);
    live = Array.isArray(live) ? live : live.rules || [];
    draft = { rules: draft.rules || [], basedOn: draft.basedOn, changed: !!draft.changed };
    drawBanner();
    drawList();
  }

  function status(r) {
    const l = live.find((x) => x.id === r.id);
    if (!l) return 'new';
    return canon(l) === canon(r) ? 'live' : 'changed';
  }
  const removed = () => live.filter((l) => !draft.rules.some((r) => r.id === l.id));

  function drawBanner() {
    const nNew = draft.rules.filter((r) => status(r) === 'new').length;
    const nChanged = draft.rules.filter((r) => status(r) === 'changed').length;
    const nRemoved = removed().length;
    const changed = draft.changed || nNew + nChanged + nRemoved > 0;
    banner.dataset.changed = String(changed);
    const parts = [nNew && `${nNew} new`, nChanged && `${nChanged} changed`, nRemoved && `${nRemoved} removed`].filter(Boolean);
    clear(banner, changed
      ? [h('div.banner-text', h('strong', 'The draft has unpublished changes'), h('span', parts.length ? ' — ' + parts.join(', ') + '. Shoppers still see the live rules.' : '. Shoppers still see the live rules.')),
        canEdit ? h('div.banner-actions',
          h('button.btn.ghost', { type: 'button', onclick: discard }, 'Discard draft'),
          h('button.btn.primary', { type: 'button', onclick: publish }, 'Publish…')) : null]
      : h('div.banner-text', h('strong', 'Everything is live'), h('span', draft.basedOn != null ? ` — the draft matches version ${draft.basedOn}.` : ' — the draft matches the live rules.')));
  }

  function drawList() {
    clear(list);
    const items = [...draft.rules].sort((a, b) => a.id.localeCompare(b.id));
    if (!items.length && !removed().length) list.appendChild(empty('No rules yet.'));
    const ul = h('ul');
    for (const r of items) {
      const st = status(r);
      const then = r.then || {};
      const c = content.find((x) => x.id === then.show);
      ul.appendChild(h('li', h('a.rule-link', { href: '#/rules/' + enc(r.id), 'aria-current': r.id === selected ? 'true' : null, dataset: { rule: r.id, status: st } },
        h('span.rule-top', h('strong', r.id), st !== 'live' ? h('span.status.s-' + st, st === 'new' ? 'New' : 'Changed') : null,
          r.enabled === false ? h('span.status.s-off', 'Off') : null),
        h('span.rule-desc', r.description || summary(r, ctx)),
        h('span.rule-meta', [((r.when || {}).zones || []).map((z) => zoneName(z, ctx)).join(', '), c ? '→ ' + (c.title || c.id) : null].filter(Boolean).join(' ')))));
    }
    for (const r of removed()) {
      ul.appendChild(h('li', h('div.rule-link.removed', { dataset: { rule: r.id, status: 'removed' } },
        h('span.rule-top', h('strong', r.id), h('span.status.s-removed', 'Removed')), h('span.rule-desc', r.description || ''))));
    }
    list.appendChild(ul);
  }

  function drawEditor() {
    clear(editorBox);
    if (!selected) {
      editorBox.appendChild(h('div.card.pad.editor-empty', h('h2', 'Pick a rule'),
        h('p.muted', canEdit ? 'Choose a rule on the left to look at or change it, or create a new one.' : 'Choose a rule on the left to see what it does.'),
        canEdit ? h('button.btn.primary', { type: 'button', onclick: () => { location.hash = '#/rules/new'; } }, '+ New rule') : null));
      return;
    }
    const isNew = selected === 'new';
    const rule = isNew ? blankRule(ctx) : draft.rules.find((r) => r.id === selected);
    if (!rule) { editorBox.appendChild(errorBox(new Error(`There is no rule “${selected}” in the draft.`))); return; }
    editorBox.appendChild(ruleEditor(rule, isNew, ctx, {
      save: async (body, form, btn) => {
        clearProblems(form);
        try {
          await busy(btn, isNew ? post('/api/rules/draft', body) : put('/api/rules/draft/' + enc(rule.id), body));
          toast(`Rule “${body.id}” saved to the draft. Publish to make it live.`, 'ok');
          selected = body.id;
          await reload();
          if (location.hash !== '#/rules/' + enc(body.id)) history.replaceState(null, '', '#/rules/' + enc(body.id));
          drawEditor();
        } catch (err) {
          if (err.status === 409) err.problems = [{ field: 'id', message: err.message || 'A rule with this id already exists' }];
          showProblems(form, err, form.querySelector('.editor-top'));
        }
      },
      remove: async (btn) => {
        if (!(await confirmDanger('Delete this rule from the draft?', `“${rule.id}” stops when you publish the draft.`))) return;
        try {
          await busy(btn, del('/api/rules/draft/' + enc(rule.id)));
          toast(`Rule “${rule.id}” deleted from the draft`, 'ok');
          selected = null;
          history.replaceState(null, '', '#/rules');
          await reload();
          drawEditor();
        } catch (err) { toast('Could not delete: ' + err.message, 'error'); }
      },
      cancel: () => { location.hash = '#/rules'; },
    }));
  }

  async function publish() {
    const note = field('What changed? (note for the history)', { placeholder: 'e.g. Winter campaign for runners' });
    const v = await dialog('Publish the draft', h('div', h('p', 'The draft becomes the live rules on every screen right away.'), note),
      [['cancel', 'Cancel', 'ghost'], ['publish', 'Publish now', 'primary']], { collect: () => note.input.value.trim() });
    if (v == null) return;
    try {
      const r = await post('/api/rules/publish', { note: v || null });
      toast(`Published — version ${r && r.version != null ? r.version : ''} is live`, 'ok');
      await reload();
      drawHistory();
      drawEditor();
    } catch (err) {
      // fields look like rules[<id>].then.show: link each problem to its rule
      const lines = (err.problems || []).map((p) => {
        const m = /^rules\[([^\]]+)\]\.?(.*)$/.exec(p.field || '');
        return h('li', m ? [h('a', { href: '#/rules/' + enc(m[1]), onclick: (e) => e.target.closest('dialog').close() }, m[1]), m[2] ? ` (${m[2]})` : '', ': '] : (p.field ? p.field + ': ' : ''), p.message);
      });
      dialog('The draft cannot be published yet', h('div', h('p', 'Fix these rules first:'), lines.length ? h('ul', lines) : h('p', err.message)));
    }
  }

  async function discard() {
    if (!(await confirmDanger('Discard the draft?', 'Every unpublished change is thrown away; the draft becomes the live rules again.', 'Discard'))) return;
    try {
      await post('/api/rules/draft/discard', {});
      toast('Draft discarded', 'ok');
      if (selected && selected !== 'new') selected = null;
      await reload();
      drawEditor();
    } catch (err) { toast('Could not discard: ' + err.message, 'error'); }
  }

  async function drawHistory() {
    clear(historyBox, h('h2#history-title', 'Version history'));
    let versions;
    try { versions = await get('/api/rules/versions'); } catch (err) { historyBox.appendChild(errorBox(err)); return; }
    versions = (Array.isArray(versions) ? versions : versions.versions || []).sort((a, b) => b.version - a.version);
    if (!versions.length) { historyBox.appendChild(h('p.muted', 'Nothing published yet from the console.')); return; }
    const newest = versions[0].version;
    historyBox.appendChild(h('div.table-wrap', h('table.table',
      h('thead', h('tr', h('th', 'Version'), h('th', 'Published'), h('th', 'By'), h('th', 'Note'), h('th', h('span.visually-hidden', 'Actions')))),
      h('tbody', versions.map((v) => h('tr', { dataset: { version: v.version } },
        h('td', h('strong', 'v' + v.version), v.version === newest ? h('span.status.s-live', 'Live') : null),
        h('td', when(v.publishedAt)), h('td', v.by || '—'), h('td', v.note || h('span.muted', '—')),
        h('td.right',
          h('button.btn.small.ghost', { type: 'button', onclick: () => showVersion(v), 'aria-label': `See the rules of version ${v.version}` }, 'See rules'),
          canEdit && v.version !== newest ? h('button.btn.small', { type: 'button', onclick: (e) => rollback(v, e.target) }, `Roll back to v${v.version}`) : null)))))));
  }

  async function showVersion(v) {
    let full;
    try { full = await get('/api/rules/versions/' + enc(v.version)); } catch (err) { toast('Could not load version ' + v.version + ': ' + err.message, 'error'); return; }
    const rules = (full && full.rules) || [];
    dialog(`Version ${v.version}` + (v.note ? ` — ${v.note}` : ''), h('div',
      h('p.muted.small', `Published ${when(v.publishedAt)}${v.by ? ' by ' + v.by : ''}. ${rules.length} rule${rules.length === 1 ? '' : 's'}.`),
      rules.length ? h('ul.version-rules', rules.map((r) => h('li', h('strong', r.id), r.enabled === false ? h('span.status.s-off', 'Off') : null,
        h('br'), h('span.small', r.description || ''), h('br'), h('span.small.muted', summary(r, ctx))))) : h('p', 'No rules.')),
    [['ok', 'Close', 'primary']]);
  }

  async function rollback(v, btn) {
    if (!(await confirmDanger(`Roll back to version ${v.version}?`, 'Its rules become live right away (as a new version). The current draft is replaced.', 'Roll back'))) return;
    try {
      const r = await busy(btn, post('/api/rules/rollback', { version: v.version }));
      toast(`Rolled back — version ${r && r.version != null ? r.version : ''} is live`, 'ok');
      await reload();
      drawHistory();
      drawEditor();
    } catch (err) { toast('Could not roll back: ' + err.message, 'error'); }
  }

  await reload();
  drawEditor();
  drawHistory();
  // someone published or rolled back (here or on another console): refresh the list and history
  const off = onLive((ev) => {
    if (ev.type === 'catalog' && /^(rules|conf)/.test(String(ev.what || ''))) {
      reload().then(drawHistory, () => {});
    }
  });
  return {
    sub: (a) => {
      selected = a[0] || null;
      drawList();
      drawEditor();
      if (selected && matchMedia('(max-width: 1000px)').matches) editorBox.scrollIntoView({ behavior: 'smooth' });
    },
    leave: off,
  };
}

// ------------------------------------------------------------------ the editor

function appendAll(parent, ...kids) { for (const k of kids) if (k) parent.append(k); }

function blankRule(ctx) {
  return { id: '', description: '', enabled: true, when: { event: 'enter', zones: [] }, if: {},
    then: { show: null, target: 'zone', mode: 'interrupt', priority: 50, seconds: 12 }, cap: { times: 1, perMinutes: 30 } };
}

function ruleEditor(rule, isNew, ctx, actions) {
  const ro = !ctx.canEdit;
  const w = rule.when || {};
  const c = rule.if || {};
  const t = rule.then || {};
  const cap = rule.cap || {};
  const rcap = rule.ruleCap || {};
  const valid = rule.valid || {};
  const zoneItems = ctx.zones.length ? ctx.zones.map((z) => [z.id, z.name || z.id]) : [...new Set(ctx.screens.map((s) => s.zone))].map((z) => [z, z]);
  const profileValues = (k) => [...new Set(ctx.shoppers.flatMap((s) => [].concat(s[k] || [])))].sort();

  // --- rule
  const id = field('Rule id', { path: 'id', value: rule.id, required: true, placeholder: 'runners-footwear', hint: 'Lower-case letters, digits, dashes or underscores' });
  if (!isNew) id.input.readOnly = true;
  const desc = field('Description', { path: 'description', value: rule.description || '', placeholder: 'Runners walking into footwear see the trail shoe', wide: true });
  const enabled = field('Enabled', { path: 'enabled', kind: 'checkbox', value: rule.enabled !== false, hint: 'Off keeps the rule without using it' });

  // --- when
  const event = field('Event', { path: 'when.event', kind: 'select', options: EVENTS, value: w.event || 'enter' });
  const zonesF = checks('Zones', zoneItems, w.zones || [], { path: 'when.zones', wide: true, onchange: () => refreshScreens() });
  const dwell = field('After seconds in the zone', { path: 'when.seconds', kind: 'number', min: 1, max: 3600, value: w.seconds ?? '' });
  // the speaker's questions, picked from a list (a typed name that is not one would never fire)
  const knownIntent = (n) => ctx.intents.find((i) => [i.id, i.hermesName, i.hermesName.replace(/^vitrine:/, '')]
    .some((x) => x.toLowerCase() === String(n || '').toLowerCase()));
  const intentOptions = [['', 'Any question'], ...ctx.intents.map((i) => [i.id, i.label])];
  if (w.intent && !knownIntent(w.intent)) intentOptions.push([w.intent, w.intent + ' (unknown)']);
  const intent = field('Voice question', { path: 'when.intent', kind: 'select', options: intentOptions,
    value: w.intent ? ((knownIntent(w.intent) || {}).id || w.intent) : '' });
  const trigScreens = h('div', { dataset: { field: 'when.screens' } });
  const products = tags('Products', w.products, { path: 'when.products', suggest: ctx.products.map((p) => p.id),
    hint: 'Product ids from the catalogue, separated with commas (empty = any product)' });

  // --- if
  const interests = tags('Interests', c.interests, { path: 'if.interests', suggest: profileValues('interests'), hint: 'Any of these (commas between)' });
  const segments = tags('Segments', c.segments, { path: 'if.segments', suggest: profileValues('segment') });
  const tiers = tags('Loyalty tiers', c.loyaltyTiers, { path: 'if.loyaltyTiers', suggest: ['bronze', 'silver', 'gold', 'platinum'] });
  const sizes = tags('Sizes', c.sizes, { path: 'if.sizes', suggest: profileValues('sizes') });
  const minV = field('Min visits', { path: 'if.minVisits', kind: 'number', min: 0, value: c.minVisits ?? '' });
  const maxV = field('Max visits', { path: 'if.maxVisits', kind: 'number', min: 0, value: c.maxVisits ?? '' });
  const tod = c.timeOfDay || {};
  const tFrom = field('From time', { path: 'if.timeOfDay.from', kind: 'time', value: tod.from || '' });
  const tTo = field('To time', { path: 'if.timeOfDay.to', kind: 'time', value: tod.to || '', hint: 'Store time; earlier than “From” runs past midnight' });
  const weekdays = checks('Weekdays', WEEKDAYS, c.weekdays || [], { path: 'if.weekdays', hint: 'None ticked = every day', wide: true });
  const minP = field('Min people in the zone', { path: 'if.minPeople', kind: 'number', min: 0, value: c.minPeople ?? '' });
  const maxP = field('Max people in the zone', { path: 'if.maxPeople', kind: 'number', min: 0, value: c.maxPeople ?? '' });
  const consent = field('Consent', { path: 'if.consent', kind: 'select', value: c.consent == null ? '' : String(c.consent),
    options: [['', 'Anyone'], ['true', 'Only shoppers who checked in (consented)'], ['false', 'Only shoppers who did not check in']] });

  // --- then
  const contentOpts = [['', '— Nothing on screen —'], ...ctx.content.map((x) => [x.id, `${x.title || x.id} (${x.id})`])];
  const show = field('Show content', { path: 'then.show', kind: 'select', options: contentOpts, value: t.show || '' });
  const showThumb = h('div.show-thumb', { 'aria-live': 'polite' });
  show.insertBefore(showThumb, show.querySelector('.hint'));
  const target = field('Show on', { path: 'then.target', kind: 'select', value: t.target || 'zone',
    options: [['zone', 'Every screen of the zone'], ['screen', 'One screen'], ['nearest', 'The screen nearest the shopper']] });
  const tScreen = field('Target screen', { path: 'then.screen', kind: 'select', options: [], value: t.screen || '' });
  const mode = field('Mode', { path: 'then.mode', kind: 'select', value: t.mode || 'interrupt',
    options: [['interrupt', 'Interrupt (if higher priority)'], ['queue', 'Queue after what plays']] });
  const prio = field('Priority', { path: 'then.priority', kind: 'number', min: 1, max: 1000, value: t.priority ?? 50, hint: '1–1000; higher wins' });
  const secs = field('Seconds on screen', { path: 'then.seconds', kind: 'number', min: 1, max: 3600, value: t.seconds ?? 12 });
  const say = field('Say on the zone’s speakers', { path: 'then.say', value: t.say || '', wide: true, placeholder: 'Welcome back! Our new trail shoes are right here.' });
  const notify = field('Notify staff', { path: 'then.notify', value: t.notify || '', wide: true, placeholder: 'Gold member in the cafe' });
  const mq = t.mqtt || {};
  const devOpts = [['', '— No device command —'], ...ctx.devices.map((d) => [d.id, `${d.id} (${d.kind})`])];
  const mDevice = field('Device to command', { path: 'then.mqtt.device', kind: 'select', options: devOpts, value: mq.device || '' });
  const mTopic = field('MQTT topic', { path: 'then.mqtt.topic', value: mq.topic || '', placeholder: 'vitrine/devices/shelf-1/commands' });
  const mPayload = field('MQTT payload', { path: 'then.mqtt.payload', value: mq.payload || '', placeholder: '{"led":"on"}' });

  // --- caps and validity
  const capTimes = field('At most (times)', { path: 'cap.times', kind: 'number', min: 1, value: cap.times ?? 1 });
  const capPer = field('Per minutes', { path: 'cap.perMinutes', kind: 'number', min: 1, value: cap.perMinutes ?? 30 });
  const capCool = field('Cooldown seconds', { path: 'cap.cooldownSeconds', kind: 'number', min: 0, value: cap.cooldownSeconds ?? '', hint: 'Pause between two showings' });
  const rcTimes = field('Rule-wide at most (times)', { path: 'ruleCap.times', kind: 'number', min: 1, value: rcap.times ?? '' });
  const rcPer = field('Rule-wide per minutes', { path: 'ruleCap.perMinutes', kind: 'number', min: 1, value: rcap.perMinutes ?? '' });
  const vFrom = field('Valid from', { path: 'valid.from', kind: 'datetime-local', value: dt(valid.from) });
  const vUntil = field('Valid until', { path: 'valid.until', kind: 'datetime-local', value: dt(valid.until) });

  const save = h('button.btn.primary', { type: 'submit' }, isNew ? 'Save to draft' : 'Save to draft');
  const remove = !isNew ? h('button.btn.ghost.danger-text', { type: 'button', onclick: () => actions.remove(remove) }, 'Delete from draft') : null;
  const cancel = h('button.btn.ghost', { type: 'button', onclick: actions.cancel }, ro ? 'Close' : 'Cancel');

  const section = (legend, path, sub, ...kids) => h('fieldset.section', { dataset: { field: path } }, h('legend', legend), sub ? h('p.sub.small', sub) : null, h('div.form-grid', kids));
  const fields = h('fieldset.editor-fields', { disabled: ro },
    section('Rule', '', null, id, enabled, desc),
    section('When', 'when', 'What a shopper does, and where.', event, dwell, intent, zonesF, trigScreens, products),
    section('If', 'if', 'All optional. Every condition you fill in must hold.', interests, segments, tiers, sizes, minV, maxV,
      h('div.field-pair', { dataset: { field: 'if.timeOfDay' } }, tFrom, tTo), weekdays, minP, maxP, consent),
    section('Then', 'then', 'Show something, say something, tell the staff or switch a device — at least one.',
      show, target, tScreen, mode, prio, secs, say, notify, mDevice, mTopic, mPayload),
    section('Limits', 'cap', 'How often one shopper sees it, and how often it may fire in total.', capTimes, capPer, capCool, rcTimes, rcPer),
    section('Valid', 'valid', 'Optional: a campaign’s dates (store time).', vFrom, vUntil));

  const form = h('form.card.rule-editor', { dataset: { rule: rule.id || 'new' }, 'aria-label': isNew ? 'New rule' : 'Rule ' + rule.id, novalidate: true },
    h('div.editor-top', h('h2', isNew ? 'New rule' : rule.id, ro ? h('span.status.s-off', 'Read only') : null),
      h('p.sub.small', isNew ? 'Fill in the forms, then save it to the draft.' : summary(rule, ctx))),
    fields,
    h('div.form-foot.sticky', cancel, remove && !ro ? remove : null, h('span.spacer'), ro ? null : save));

  function refreshScreens() {
    const zs = new Set(zonesF.values());
    const inZones = ctx.screens.filter((s) => !zs.size || zs.has(s.zone));
    const prev = tScreen.input.value || t.screen || '';
    const selectedTrig = trigRef.box ? trigRef.box.values() : (w.screens || []);
    clear(tScreen.input, inZones.map((s) => h('option', { value: s.id }, `${s.name || s.id} (${s.id})`)));
    if (prev) tScreen.input.value = prev;
    const box = checks('Touched screens', inZones.map((s) => [s.id, s.name || s.id]), selectedTrig, { path: 'when.screens', hint: 'None ticked = any screen in the zones', wide: true });
    (trigRef.box || trigScreens).replaceWith(box);
    trigRef.box = box;
    if (ro) box.querySelectorAll('input').forEach((i) => { i.disabled = true; });
    sync();
  }
  const trigRef = { box: null };

  function sync() {
    const ev = event.input.value;
    dwell.hidden = ev !== 'dwell';
    intent.hidden = ev !== 'voice';
    if (trigRef.box) trigRef.box.hidden = ev !== 'touch';
    products.hidden = ev !== 'pickup';
    const showing = !!show.input.value;
    target.hidden = mode.hidden = prio.hidden = secs.hidden = !showing;
    tScreen.hidden = !showing || target.input.value !== 'screen';
    mTopic.hidden = mPayload.hidden = !mDevice.input.value;
    const item = ctx.content.find((x) => x.id === show.input.value);
    const th = thumbOf(item);
    clear(showThumb, item ? [th ? h('img', { src: th, alt: '' }) : h('span.letter', { style: { background: colorOf(item.id) } }, (item.title || item.id).charAt(0)), h('span', item.title || item.id)] : null);
  }
  form.addEventListener('change', sync);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (ro) return;
    actions.save(value(), form, save);
  });

  function value() {
    const ev = event.input.value;
    const trig = trigRef.box ? trigRef.box.values() : [];
    const consentV = consent.input.value === '' ? null : consent.input.value === 'true';
    const targetV = target.input.value;
    const showing = !!show.input.value;
    const body = {
      id: str(id.input.value),
      description: str(desc.input.value),
      enabled: enabled.input.checked,
      when: {
        event: ev,
        zones: zonesF.values(),
        seconds: ev === 'dwell' ? num(dwell.input.value) : null,
        intent: ev === 'voice' ? str(intent.input.value) : null,
        screens: ev === 'touch' ? trig : null,
        products: ev === 'pickup' ? products.values() : null,
      },
      if: {
        interests: interests.values(), segments: segments.values(), loyaltyTiers: tiers.values(), sizes: sizes.values(),
        minVisits: num(minV.input.value), maxVisits: num(maxV.input.value),
        timeOfDay: tFrom.input.value || tTo.input.value ? { from: tFrom.input.value || null, to: tTo.input.value || null } : null,
        weekdays: weekdays.values(), minPeople: num(minP.input.value), maxPeople: num(maxP.input.value), consent: consentV,
      },
      then: {
        // where, how, how long and how important only mean something when the rule shows content
        show: str(show.input.value), target: showing ? targetV : null, screen: showing && targetV === 'screen' ? str(tScreen.input.value) : null,
        mode: showing ? mode.input.value : null, priority: showing ? num(prio.input.value) : null, seconds: showing ? num(secs.input.value) : null,
        say: str(say.input.value), notify: str(notify.input.value),
        mqtt: mDevice.input.value ? { device: mDevice.input.value, topic: str(mTopic.input.value), payload: str(mPayload.input.value) } : null,
      },
      cap: { times: num(capTimes.input.value), perMinutes: num(capPer.input.value), cooldownSeconds: num(capCool.input.value) },
      ruleCap: { times: num(rcTimes.input.value), perMinutes: num(rcPer.input.value) },
      valid: { from: str(vFrom.input.value), until: str(vUntil.input.value) },
    };
    // defaults stay implicit unless the rule spelled them out: saving an untouched rule changes nothing
    if (!t.target && body.then.target === 'zone') body.then.target = null;
    if (!t.mode && body.then.mode === 'interrupt') body.then.mode = null;
    if (!rule.cap && body.cap.times === 1 && body.cap.perMinutes === 30 && body.cap.cooldownSeconds == null) body.cap = null;
    const out = compact(body);
    out.enabled = enabled.input.checked;
    return out;
  }

  refreshScreens();
  if (ro) form.querySelectorAll('[placeholder]').forEach((e) => e.removeAttribute('placeholder')); // examples would read as values
  form.value = value;
  return form;
}

function dt(v) {
  if (!v) return '';
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s + 'T00:00' : s.slice(0, 16);
}

function zoneName(id, ctx) { return (ctx.zones.find((z) => z.id === id) || {}).name || id; }

/** One sentence a store manager can read: "Enters Footwear · interests running → Trail Runner X card". */
export function summary(r, ctx) {
  const w = r.when || {};
  const c = r.if || {};
  const t = r.then || {};
  const ev = (EVENTS.find(([v]) => v === w.event) || [w.event, w.event || 'enter'])[1];
  const who = [c.interests && 'likes ' + c.interests.join('/'), c.segments && c.segments.join('/'), c.loyaltyTiers && c.loyaltyTiers.join('/') + ' members',
    c.minVisits != null && `${c.minVisits}+ visits`].filter(Boolean).join(', ');
  const item = ctx.content.find((x) => x.id === t.show);
  const does = [t.show && 'show ' + ((item && item.title) || t.show), t.say && 'say “' + t.say + '”', t.notify && 'notify staff'].filter(Boolean).join(', ');
  return `${ev}: ${(w.zones || []).map((z) => zoneName(z, ctx)).join(', ')}${who ? ' · ' + who : ''} → ${does || 'nothing yet'}`;
}

function canon(x) {
  const norm = (v) => {
    if (Array.isArray(v)) return v.length ? v.map(norm) : undefined;
    if (v && typeof v === 'object') {
      const o = {};
      for (const k of Object.keys(v).sort()) { const n = norm(v[k]); if (n !== undefined && n !== null) o[k] = n; }
      return Object.keys(o).length ? o : undefined;
    }
    return v;
  };
  const r = { ...x };
  if (r.enabled === true) delete r.enabled;
  return JSON.stringify(norm(r));
}

// ------------------------------------------------------------------ preview and replay

function previewPanel(ctx) {
  const screenOpts = ctx.screens.map((s) => [s.id, `${s.name || s.id} (${s.zone})`]);
  const screen = field('Screen to preview', { kind: 'select', options: screenOpts, value: (ctx.screens.find((s) => s.id === 'footwear-1') || ctx.screens[0] || {}).id });
  const who = checks('Shoppers in front of it', ctx.shoppers.map((s) => [s.id, s.name || s.id]), [], { hint: ctx.shoppers.length ? null : 'No members known' });
  const at = field('At (optional)', { kind: 'datetime-local', hint: 'Empty = now' });
  const ruleSet = field('Rules to use', { kind: 'select', options: [['draft', 'Draft'], ['live', 'Live']], value: 'draft' });
  const out = h('div.preview-out', { 'aria-live': 'polite' });
  const run = h('button.btn.primary', { type: 'submit' }, 'Preview');
  const form = h('form.card.pad.tool.preview-panel', { 'aria-labelledby': 'preview-title' },
    h('h2#preview-title', 'Preview'), h('p.sub.small', 'What would this screen show for these shoppers?'),
    h('div.form-grid.compact', screen, ruleSet, who, at), h('div.form-foot', h('span.spacer'), run), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { screen: screen.input.value, shoppers: who.values(), ruleSet: ruleSet.input.value };
    if (at.input.value) body.at = new Date(at.input.value).getTime();
    try {
      const r = await busy(run, post('/api/rules/preview', body));
      clear(out, renderPreview(r, ctx));
    } catch (err) { clear(out, errorBox(err)); }
  });
  return form;
}

const nameOf = (ctx, id) => (id ? ((ctx.shoppers.find((s) => s.id === id) || {}).name || id) : null);
const titleOf = (ctx, id) => (ctx.content.find((c) => c.id === id) || {}).title || id;

/**
 * Preview.Result {screen, zone, shows {kind, content, title, rule, shopper, priority, why},
 * considered [{rule, shopper, matched, reasons}], note}: the verdict in one sentence, then why per rule.
 */
export function renderPreview(r, ctx) {
  r = r || {};
  const d = r.shows || r.decision || null;
  let headline;
  if (d && d.kind === 'rule' && d.content) {
    headline = h('p.verdict.yes', { dataset: { content: d.content, rule: d.rule || '' } }, 'Would show ', h('strong', d.title || titleOf(ctx, d.content)),
      d.rule ? [' because rule ', h('strong', d.rule)] : null,
      d.shopper ? [' for ', h('strong', nameOf(ctx, d.shopper))] : null);
  } else if (d && d.content) {
    headline = h('p.verdict.no', { dataset: { content: d.content } }, 'Would keep playing the playlist: ', h('strong', d.title || titleOf(ctx, d.content)));
  } else {
    headline = h('p.verdict.no', 'Would show nothing new: no rule applies and the zone has no playlist.');
  }
  const why = d && d.why ? h('p.small.muted.why-line', capital(d.why) + '.') : null;
  const rows = firstArray(r, ['considered', 'reasons', 'rules']);
  const reasons = rows.length ? h('ul.reasons', rows.map((x) => {
    const ok = !!x.matched;
    const because = [].concat(x.reasons || x.reason || []).join('; ');
    return h('li.reason' + (ok ? '.ok' : '.nok'), { dataset: { rule: x.rule || '', shopper: x.shopper || '' } },
      h('span.mark', { 'aria-hidden': 'true' }, ok ? '✓' : '✕'),
      h('strong', x.rule || ''), x.shopper ? ' · ' + nameOf(ctx, x.shopper) : '',
      h('span.why', ok ? ' — matches' : because ? ' — ' + because : ' — does not match'));
  })) : h('p.small.muted', 'No rule of this zone reacts to entering or staying.');
  return h('div', headline, why, reasons, r.note ? h('p.small.muted.note-line', r.note) : null);
}

const capital = (s) => String(s).charAt(0).toUpperCase() + String(s).slice(1);

function firstArray(o, keys) {
  for (const k of keys) if (Array.isArray(o[k])) return o[k];
  return [];
}

function replayPanel(ctx) {
  const hours = field('Hours to replay', { kind: 'select', options: [1, 2, 4, 8, 12, 24, 48, 72].map((x) => [x, x === 1 ? 'Last hour' : `Last ${x} hours`]), value: 24 });
  const ruleSet = field('Rules to replay', { kind: 'select', options: [['draft', 'Draft'], ['live', 'Live']], value: 'draft' });
  const out = h('div.replay-out', { 'aria-live': 'polite' });
  const run = h('button.btn.primary', { type: 'submit' }, 'Replay');
  const form = h('form.card.pad.tool.replay-panel', { 'aria-labelledby': 'replay-title' },
    h('h2#replay-title', 'Replay'), h('p.sub.small', 'Run real store events of the last hours through the rules: who would have seen what.'),
    h('div.form-grid.compact', hours, ruleSet), h('div.form-foot', h('span.spacer'), run), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await busy(run, post('/api/rules/replay', { hours: Number(hours.input.value), ruleSet: ruleSet.input.value }));
      clear(out, renderReplay(r || {}));
    } catch (err) { clear(out, errorBox(err)); }
  });
  return form;
}

export function renderReplay(r) {
  let rows = firstArray(r, ['rules', 'rows', 'perRule', 'results']);
  if (!rows.length && r.byRule && typeof r.byRule === 'object') rows = Object.entries(r.byRule).map(([rule, v]) => ({ rule, ...v }));
  const screensText = (s) => {
    if (!s) return '—';
    if (Array.isArray(s)) return s.map((x) => (typeof x === 'string' ? x : `${x.screen || x.id} ×${x.count ?? x.shown ?? ''}`)).join(', ') || '—';
    return Object.entries(s).map(([k, v]) => `${k} ×${v}`).join(', ') || '—';
  };
  const events = r.events ?? r.eventCount ?? r.replayed;
  return h('div',
    events != null ? h('p.small.muted', `${events} store events replayed${r.from ? ' since ' + when(r.from) : ''}.`) : null,
    rows.length ? h('div.table-wrap', h('table.table.replay-table',
      h('thead', h('tr', h('th', 'Rule'), h('th.num', 'Fired'), h('th.num', 'Shown'), h('th.num', 'Capped'), h('th', 'Screens'))),
      h('tbody', rows.map((x) => h('tr', { dataset: { rule: x.rule || x.id } },
        h('td', x.rule || x.id), h('td.num', x.fired ?? x.matched ?? 0), h('td.num', x.shown ?? 0), h('td.num', x.capped ?? 0), h('td', screensText(x.screens))))))) : h('p.muted', 'No rule would have fired.'),
    null);
}
