/* Vitrine landing page: store, zones and screens from /api/store, live presence from /api/presence. */
(function () {
  'use strict';

  var PRESENCE_EVERY_MS = 2000;
  var HEALTH_EVERY_MS = 10000;
  var STORE_RETRY_MS = 5000;

  // display names of the demo shoppers (ids come from conf/shoppers.yaml)
  var NAMES = { anna: 'Anna', ben: 'Ben', chloe: 'Chloé', david: 'David' };
  var COLORS = ['#5e72eb', '#ff8a65', '#1fb57a', '#d6457a', '#f0a020', '#2a9fd6', '#8a5cf6'];

  var zonesEl = document.getElementById('zones');
  var presenceEl = document.getElementById('presence');
  var zoneNames = {};      // zone id -> name
  var zoneOrder = [];      // zone ids in store order

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function getJson(url) {
    return fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ' → HTTP ' + r.status);
      return r.json();
    });
  }

  function shopperName(id) {
    if (NAMES[id]) return NAMES[id];
    var s = String(id || '?');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function colorOf(id) {
    var h = 0;
    var s = String(id);
    for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
    return COLORS[Math.abs(h) % COLORS.length];
  }

  function ago(since) {
    var s = Math.max(0, Math.round((Date.now() - Number(since)) / 1000));
    if (!isFinite(s)) return '';
    if (s < 10) return 'just now';
    if (s < 60) return s + ' s';
    var m = Math.floor(s / 60);
    if (m < 60) return m + ' min';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function chip(p) {
    var c = el('span', 'chip');
    c.dataset.shopper = p.shopper;
    var av = el('span', 'av', shopperName(p.shopper).charAt(0));
    av.style.background = colorOf(p.shopper);
    c.appendChild(av);
    c.appendChild(document.createTextNode(shopperName(p.shopper)));
    if (p.since != null) c.appendChild(el('span', 'since', ago(p.since)));
    if (p.since != null) c.title = 'here since ' + new Date(Number(p.since)).toLocaleTimeString();
    return c;
  }

  // ------------------------------------------------------------ store

  function renderStore(data) {
    var store = (data && data.store) || {};
    var zones = (data && Array.isArray(data.zones)) ? data.zones : [];
    if (store.name) {
      document.getElementById('store-name').textContent = store.name;
      document.title = store.name + ' — Vitrine';
    }
    if (store.timezone) document.getElementById('store-tz').textContent = 'Store time zone: ' + store.timezone + '.';

    zonesEl.textContent = '';
    zoneNames = {};
    zoneOrder = [];
    if (!zones.length) {
      zonesEl.appendChild(el('div', 'placeholder', 'No zones configured yet (conf/store.yaml).'));
      return;
    }
    zones.forEach(function (z) {
      zoneNames[z.id] = z.name || z.id;
      zoneOrder.push(z.id);
      var card = el('article', 'zone');
      card.dataset.zone = z.id;
      var head = el('div', 'zone-head');
      head.appendChild(el('h3', null, z.name || z.id));
      head.appendChild(el('span', 'zone-id', z.id));
      card.appendChild(head);
      card.appendChild(el('div', 'here'));
      var screens = Array.isArray(z.screens) ? z.screens : [];
      if (!screens.length) {
        card.appendChild(el('div', 'no-screens', 'No screen in this zone.'));
      } else {
        var ul = el('ul', 'screens');
        screens.forEach(function (s) {
          var li = el('li');
          var a = el('a', 'screen-link');
          a.href = '/screen/' + encodeURIComponent(s.id);
          a.dataset.screen = s.id;
          a.appendChild(el('span', 'icon'));
          var txt = el('span', 'txt');
          txt.appendChild(el('span', 'name', s.name || s.id));
          txt.appendChild(el('span', 'sid', '/screen/' + s.id));
          a.appendChild(txt);
          a.appendChild(el('span', 'go', '↗'));
          li.appendChild(a);
          ul.appendChild(li);
        });
        card.appendChild(ul);
      }
      zonesEl.appendChild(card);
    });
    if (lastPresence) renderPresence(lastPresence);
  }

  function loadStore() {
    getJson('/api/store').then(renderStore, function (err) {
      zonesEl.textContent = '';
      zonesEl.appendChild(el('div', 'problem', 'Cannot load the store from the hub (' + err.message + '). Retrying…'));
      setTimeout(loadStore, STORE_RETRY_MS);
    });
  }

  // ------------------------------------------------------------ presence

  var lastPresence = null;

  function renderPresence(data) {
    lastPresence = data;
    var list = (data && Array.isArray(data.zones)) ? data.zones : [];
    var byZone = {};
    list.forEach(function (z) { if (z && z.zone) byZone[z.zone] = z; });
    var ids = zoneOrder.slice();
    list.forEach(function (z) { if (z && z.zone && ids.indexOf(z.zone) < 0) ids.push(z.zone); });

    presenceEl.textContent = '';
    ids.forEach(function (id) {
      var z = byZone[id] || { zone: id, shoppers: [], anonymousThisHour: 0 };
      var shoppers = Array.isArray(z.shoppers) ? z.shoppers : [];
      var li = el('li', shoppers.length ? 'busy' : '');
      li.dataset.zone = id;
      var row = el('div', 'row');
      row.appendChild(el('span', 'zn', zoneNames[id] || id));
      var n = Number(z.anonymousThisHour) || 0;
      row.appendChild(el('span', 'ac', n + ' anonymous this hour'));
      li.appendChild(row);
      var who = el('div', 'who');
      shoppers.forEach(function (p) { who.appendChild(chip(p)); });
      li.appendChild(who);
      presenceEl.appendChild(li);

      // mirror on the zone card
      var card = zonesEl.querySelector('.zone[data-zone="' + cssEscape(id) + '"] .here');
      if (card) {
        card.textContent = '';
        shoppers.forEach(function (p) { card.appendChild(chip(p)); });
        if (n > 0) card.appendChild(el('span', 'anon', '+' + n + ' anonymous'));
        if (!shoppers.length && !n) card.appendChild(el('span', 'empty', 'Nobody here right now'));
      }
    });
    if (!ids.length) presenceEl.appendChild(el('li', 'none', 'No presence data yet.'));
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
  }

  function setLive(state, text) {
    var b = document.getElementById('live-badge');
    b.dataset.state = state;
    document.getElementById('live-badge-text').textContent = text;
  }

  var presenceTimer = 0;
  function pollPresence() {
    clearTimeout(presenceTimer);
    getJson('/api/presence').then(function (data) {
      renderPresence(data);
      setLive('live', 'live');
    }, function () {
      setLive('error', 'hub unreachable');
    }).then(function () {
      presenceTimer = setTimeout(pollPresence, PRESENCE_EVERY_MS);
    });
  }

  // ------------------------------------------------------------ health

  function pollHealth() {
    var box = document.getElementById('hub-status');
    var text = document.getElementById('hub-status-text');
    getJson('/api/health').then(function (h) {
      var up = h && h.status === 'UP';
      box.dataset.status = up ? 'up' : 'down';
      var parts = ['hub ' + (h && h.status ? h.status : '?')];
      if (h && h.screensConnected != null) parts.push(h.screensConnected + ' screen' + (h.screensConnected === 1 ? '' : 's'));
      if (h && h.devicesConnected != null) parts.push(h.devicesConnected + ' device' + (h.devicesConnected === 1 ? '' : 's'));
      text.textContent = parts.join(' · ');
    }, function () {
      box.dataset.status = 'down';
      text.textContent = 'hub unreachable';
    }).then(function () {
      setTimeout(pollHealth, HEALTH_EVERY_MS);
    });
  }

  // refresh "since" labels and resume polling quickly when the tab comes back
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) pollPresence();
  });

  loadStore();
  pollPresence();
  pollHealth();
})();
