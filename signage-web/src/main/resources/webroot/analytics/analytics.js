// Vitrine store analytics: the hub's /api/analytics tables as Apache ECharts charts and tables,
// with CSV / JSON export of every table. The login is the console's (same sessionStorage key).

const KEY = 'vitrine.console.session';
const TABLES = ['footfall', 'visitors', 'dwell', 'journeys', 'hours', 'plays', 'engagement', 'conversion'];
const TITLES = {
  footfall: 'Footfall by day, hour and zone', visitors: 'Unique visitors per zone', dwell: 'Dwell time per zone',
  journeys: 'Journeys between zones', hours: 'Busiest hours', plays: 'Proof of play per content and screen',
  engagement: 'Engagement', conversion: 'Content effectiveness (conversion)',
};
const PALETTE = ['#5e72eb', '#ff8a65', '#1fb57a', '#f0a020', '#9b6dff', '#2bb3d6', '#e5484d', '#8d93ab', '#c2185b', '#00897b'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const $ = (sel) => document.querySelector(sel);
const charts = {};
const state = { data: {}, from: null, to: null, timezone: null };

// ------------------------------------------------------------------ session (shared with the console)

const session = {
  get() { try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch (e) { return null; } },
  set(s) { sessionStorage.setItem(KEY, JSON.stringify(s)); },
  clear() { sessionStorage.removeItem(KEY); },
};

class Unauthenticated extends Error {}

async function api(path, accept = 'application/json') {
  const s = session.get();
  const res = await fetch(path, { headers: { accept, ...(s && s.token ? { authorization: 'Bearer ' + s.token } : {}) } });
  if (res.status === 401) throw new Unauthenticated();
  if (!res.ok) {
    let msg = `The hub answered ${res.status}`;
    try { msg = (await res.json()).message || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return accept === 'text/csv' ? res.text() : res.json();
}

function showLogin(message) {
  document.body.dataset.state = 'login';
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#who').hidden = true;
  $('#logout').hidden = true;
  const m = $('#login-message');
  m.hidden = !message;
  m.textContent = message || '';
  $('#login-pass').focus();
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const res = await fetch('/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username: $('#login-user').value.trim(), password: $('#login-pass').value }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) { showLogin(body.message || 'Wrong user or password'); return; }
  session.set({ token: body.token, username: body.username, role: body.role, expiresAt: body.expiresAt });
  start();
});

$('#logout').addEventListener('click', () => { session.clear(); showLogin(); });

// ------------------------------------------------------------------ dates

function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function addDays(iso, n) {
  const d = new Date(iso + 'T12:00:00');
  d.setDate(d.getDate() + n);
  return isoDay(d);
}
function today() { return isoDay(new Date()); }

function rangeFromHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const to = p.get('to') || today();
  const from = p.get('from') || addDays(to, -6);
  return { from, to };
}

function setRange(from, to) {
  location.hash = `from=${from}&to=${to}`; // hashchange loads it
}

document.querySelectorAll('[data-preset]').forEach((b) => b.addEventListener('click', () => {
  const p = b.dataset.preset;
  const t = today();
  if (p === 'today') setRange(t, t);
  else if (p === 'yesterday') setRange(addDays(t, -1), addDays(t, -1));
  else setRange(addDays(t, -(Number(p) - 1)), t);
}));
$('#range-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  setRange($('#from').value, $('#to').value);
});
window.addEventListener('hashchange', () => load());

// ------------------------------------------------------------------ loading

async function start() {
  const s = session.get();
  if (!s || !s.token) { showLogin(); return; }
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#who').hidden = false;
  $('#who').textContent = `${s.username} · ${s.role}`;
  $('#logout').hidden = false;
  fetch('/api/store').then((r) => r.json()).then((st) => { $('#store-name').textContent = st.store && st.store.name; }).catch(() => {});
  await load();
}

async function load() {
  const { from, to } = rangeFromHash();
  state.from = from;
  state.to = to;
  $('#from').value = from;
  $('#to').value = to;
  markPreset(from, to);
  document.body.dataset.state = 'loading';
  $('#error').hidden = true;
  try {
    const answers = await Promise.all(TABLES.map((t) => api(`/api/analytics/${t}?from=${from}&to=${to}`)));
    TABLES.forEach((t, i) => { state.data[t] = answers[i]; });
    state.timezone = answers[0].timezone;
    render();
    document.body.dataset.state = 'ready';
  } catch (e) {
    if (e instanceof Unauthenticated) { session.clear(); showLogin('Your session has ended: log in again.'); return; }
    $('#error').textContent = e.message;
    $('#error').hidden = false;
    document.body.dataset.state = 'error';
  }
}

function markPreset(from, to) {
  const t = today();
  const presets = { today: [t, t], yesterday: [addDays(t, -1), addDays(t, -1)], 7: [addDays(t, -6), t], 30: [addDays(t, -29), t], 90: [addDays(t, -89), t] };
  document.querySelectorAll('[data-preset]').forEach((b) => {
    const r = presets[b.dataset.preset];
    b.setAttribute('aria-pressed', String(r[0] === from && r[1] === to));
  });
}

// ------------------------------------------------------------------ rendering

const rows = (t) => (state.data[t] ? state.data[t].rows : []);
const sum = (list, key) => list.reduce((a, r) => a + (Number(r[key]) || 0), 0);
const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en', { maximumFractionDigits: 1 }) : n);

function render() {
  const days = Math.round((new Date(state.to) - new Date(state.from)) / 86400000) + 1;
  $('#range-caption').textContent = `${state.from === state.to ? state.from : state.from + ' → ' + state.to}`
    + ` · ${days} day${days === 1 ? '' : 's'} · store time (${state.timezone})`;
  renderKpis();
  renderFootfall(days);
  renderHours();
  renderVisitors();
  renderDwell();
  renderJourneys();
  renderPlays();
  renderEngagement();
  renderConversion();
  renderTables();
}

function kpi(name, value) {
  const el = document.querySelector(`[data-kpi="${name}"] .kpi-value`);
  el.textContent = fmt(value);
  el.dataset.value = String(value);
}

function renderKpis() {
  const store = rows('visitors').find((r) => r.zone === '') || {};
  kpi('visitors', store.visitors || 0);
  kpi('entries', sum(rows('footfall'), 'entries'));
  const visits = sum(rows('dwell'), 'visits');
  const seconds = rows('dwell').reduce((a, r) => a + r.averageSeconds * r.visits, 0);
  kpi('dwell', visits ? Math.round((seconds / visits) * 10) / 10 : 0);
  kpi('plays', sum(rows('plays'), 'plays'));
  kpi('audience', sum(rows('plays'), 'audience'));
  const eng = rows('engagement');
  kpi('touches', sum(eng.filter((r) => r.kind === 'touch'), 'count'));
  kpi('voice', sum(eng.filter((r) => r.kind === 'voice'), 'count'));
  kpi('orders', sum(eng.filter((r) => r.kind === 'order'), 'count'));
}

function chart(id) {
  const el = document.getElementById(id);
  if (!charts[id]) {
    charts[id] = echarts.init(el, null, { renderer: 'canvas' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function empty(id, text) {
  chart(id).setOption({
    title: { text: text || 'No data for these days yet', left: 'center', top: 'middle', textStyle: { color: '#8d93ab', fontSize: 14, fontWeight: 500 } },
    xAxis: { show: false }, yAxis: { show: false }, series: [],
  }, true);
}

const base = () => ({ color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, animationDuration: 500 });

function renderFootfall(days) {
  const r = rows('footfall');
  if (!r.length) { empty('chart-footfall'); return; }
  const byHour = days === 1;
  const zones = [...new Set(r.map((x) => x.zoneName))];
  const cats = byHour ? Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)
    : Array.from({ length: days }, (_, i) => addDays(state.from, i));
  const series = zones.map((z) => {
    const values = cats.map(() => 0);
    r.filter((x) => x.zoneName === z).forEach((x) => {
      const i = byHour ? x.hour : cats.indexOf(x.date);
      if (i >= 0) values[i] += x.entries;
    });
    return { name: z, type: 'bar', stack: 'entries', emphasis: { focus: 'series' }, data: values, barMaxWidth: 36 };
  });
  chart('chart-footfall').setOption({
    ...base(), tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: cats }, yAxis: { type: 'value', minInterval: 1, name: 'entries' }, series,
  }, true);
}

function renderHours() {
  const r = rows('hours');
  if (!r.length) { empty('chart-hours'); return; }
  const data = r.map((x) => [x.hour, x.weekday - 1, x.perDay]);
  const max = Math.max(...r.map((x) => x.perDay));
  chart('chart-hours').setOption({
    ...base(), tooltip: { formatter: (p) => `${DAYS[p.value[1]]} ${String(p.value[0]).padStart(2, '0')}:00 — ${fmt(p.value[2])} entries a day` },
    grid: { left: 44, right: 16, top: 10, bottom: 74 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), splitArea: { show: true } },
    yAxis: { type: 'category', data: DAYS, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#eef0fd', '#5e72eb', '#3246c4'] } },
    series: [{ name: 'Entries per day', type: 'heatmap', data, label: { show: false } }],
  }, true);
}

function renderVisitors() {
  const r = rows('visitors').filter((x) => x.zone !== '');
  if (!r.some((x) => x.visitors > 0)) { empty('chart-visitors'); return; }
  chart('chart-visitors').setOption({
    ...base(), tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 8, right: 20, top: 36, bottom: 24, containLabel: true },
    yAxis: { type: 'category', data: r.map((x) => x.zoneName), inverse: true }, xAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Recognised shoppers', type: 'bar', stack: 'v', data: r.map((x) => x.recognisedVisitors), barMaxWidth: 26 },
      { name: 'Anonymous people', type: 'bar', stack: 'v', data: r.map((x) => x.anonymousVisitors), barMaxWidth: 26 },
    ],
  }, true);
}

function renderDwell() {
  const t = state.data.dwell;
  const r = t.rows.filter((x) => x.visits > 0);
  if (!r.length) { empty('chart-dwell'); return; }
  const buckets = t.columns.filter((c) => /^b\d+$/.test(c.key));
  chart('chart-dwell').setOption({
    ...base(), tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 8, right: 20, top: 36, bottom: 24, containLabel: true },
    yAxis: { type: 'category', data: r.map((x) => `${x.zoneName} · ⌀ ${fmt(x.averageSeconds)} s`), inverse: true },
    xAxis: { type: 'value', minInterval: 1, name: 'visits' },
    series: buckets.map((b) => ({ name: b.label, type: 'bar', stack: 'd', data: r.map((x) => x[b.key]), barMaxWidth: 26 })),
  }, true);
}

function renderJourneys() {
  const r = rows('journeys');
  if (!r.length) { empty('chart-journeys'); return; }
  const from = [...new Set(r.map((x) => x.fromName))];
  const to = [...new Set(r.map((x) => x.toName))];
  const max = Math.max(...r.map((x) => x.moves));
  chart('chart-journeys').setOption({
    ...base(), tooltip: { formatter: (p) => `${from[p.value[1]]} → ${to[p.value[0]]}: ${p.value[2]}` },
    grid: { left: 8, right: 16, top: 10, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: to, axisLabel: { rotate: 25 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: from, inverse: true, splitArea: { show: true }, axisLabel: { width: 160, overflow: 'truncate' } },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#fff3ef', '#ff8a65', '#d84315'] } },
    series: [{ name: 'Moves', type: 'heatmap', data: r.map((x) => [to.indexOf(x.toName), from.indexOf(x.fromName), x.moves]), label: { show: true } }],
  }, true);
}

function renderPlays() {
  const byContent = new Map();
  rows('plays').forEach((x) => {
    const c = byContent.get(x.title) || { plays: 0, seconds: 0, audience: 0 };
    c.plays += x.plays; c.seconds += x.seconds; c.audience += x.audience;
    byContent.set(x.title, c);
  });
  if (!byContent.size) { empty('chart-plays'); return; }
  const names = [...byContent.keys()];
  chart('chart-plays').setOption({
    ...base(), tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 25 : 0 } },
    yAxis: [{ type: 'value', name: 'plays', minInterval: 1 }, { type: 'value', name: 'people' }],
    series: [
      { name: 'Plays', type: 'bar', data: names.map((n) => byContent.get(n).plays), barMaxWidth: 40 },
      { name: 'Audience', type: 'line', yAxisIndex: 1, symbolSize: 9, data: names.map((n) => byContent.get(n).audience) },
      { name: 'Minutes on screen', type: 'bar', data: names.map((n) => Math.round(byContent.get(n).seconds / 6) / 10), barMaxWidth: 40 },
    ],
  }, true);
}

function renderEngagement() {
  const r = rows('engagement');
  if (!r.length) { empty('chart-engagement'); return; }
  const byKind = new Map();
  r.forEach((x) => {
    const label = x.kind === 'voice' ? `Voice · ${x.intent.replace(/^vitrine:/, '')}`
      : x.kind === 'touch' ? 'Touches' : x.kind === 'checkin' ? 'Check-ins' : x.kind === 'pickup' ? 'Pickups' : 'Orders';
    byKind.set(label, (byKind.get(label) || 0) + x.count);
  });
  chart('chart-engagement').setOption({
    ...base(), tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' }, legend: { type: 'scroll', bottom: 0 },
    series: [{ name: 'Engagement', type: 'pie', radius: ['42%', '70%'], center: ['50%', '45%'], itemStyle: { borderRadius: 6, borderColor: '#fff', borderWidth: 2 },
      label: { formatter: '{b}\n{c}' }, data: [...byKind].map(([name, value]) => ({ name, value })) }],
  }, true);
}

function renderConversion() {
  const r = rows('conversion').filter((x) => x.showings > 0);
  if (r.length) $('#conversion-caption').textContent = `Showings followed by an order in the same zone within ${fmt(r[0].windowMinutes)} min.`;
  if (!r.length) { empty('chart-conversion'); return; }
  const names = r.map((x) => `${x.title} · ${x.zoneName}`);
  chart('chart-conversion').setOption({
    ...base(), tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 8, right: 48, top: 36, bottom: 24, containLabel: true },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    xAxis: [{ type: 'value', minInterval: 1 }],
    series: [
      { name: 'Showings', type: 'bar', data: r.map((x) => x.showings), barMaxWidth: 18 },
      { name: 'Followed by an order', type: 'bar', data: r.map((x) => x.converted), barMaxWidth: 18,
        label: { show: true, position: 'right', formatter: (p) => `${Math.round(r[p.dataIndex].conversionRate * 100)} %` } },
    ],
  }, true);
}

// ------------------------------------------------------------------ tables and export

function renderTables() {
  const host = $('#tables');
  host.textContent = '';
  TABLES.forEach((t) => {
    const data = state.data[t];
    const card = document.createElement('section');
    card.className = 'table-card';
    card.dataset.table = t;
    const head = document.createElement('header');
    head.innerHTML = `<h3></h3><div class="exports"><button type="button" data-export="csv">Export CSV</button><button type="button" data-export="json">Export JSON</button></div>`;
    head.querySelector('h3').textContent = `${TITLES[t]} (${data.rows.length} rows)`;
    head.querySelectorAll('[data-export]').forEach((b) => b.addEventListener('click', () => exportTable(t, b.dataset.export)));
    card.appendChild(head);
    if (!data.rows.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'Nothing recorded for these days.';
      card.appendChild(p);
    } else {
      const scroll = document.createElement('div');
      scroll.className = 'table-scroll';
      const table = document.createElement('table');
      const thead = table.createTHead().insertRow();
      data.columns.forEach((c) => {
        const th = document.createElement('th');
        th.textContent = c.label;
        th.dataset.key = c.key;
        if (typeof data.rows[0][c.key] === 'number') th.className = 'num';
        thead.appendChild(th);
      });
      const body = table.createTBody();
      data.rows.forEach((r) => {
        const tr = body.insertRow();
        data.columns.forEach((c) => {
          const td = tr.insertCell();
          const v = r[c.key];
          td.textContent = typeof v === 'number' ? fmt(v) : (v ?? '');
          td.dataset.key = c.key;
          if (typeof v === 'number') { td.className = 'num'; td.dataset.value = String(v); }
        });
      });
      scroll.appendChild(table);
      card.appendChild(scroll);
    }
    host.appendChild(card);
  });
}

async function exportTable(table, format) {
  const path = `/api/analytics/${table}?from=${state.from}&to=${state.to}`;
  try {
    const text = format === 'csv' ? await api(path + '&format=csv', 'text/csv') : JSON.stringify(await api(path), null, 2);
    const blob = new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `vitrine-${table}-${state.from}-${state.to}.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } catch (e) {
    if (e instanceof Unauthenticated) { session.clear(); showLogin('Your session has ended: log in again.'); return; }
    $('#error').textContent = e.message;
    $('#error').hidden = false;
  }
}

// test hook: what the page shows
window.vitrineAnalytics = { state, charts };

start();
