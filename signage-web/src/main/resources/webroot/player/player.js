/*
 * Vitrine signage player.
 *
 * Plain ES2018, no dependencies, no external resources. Served for every screen at
 * /screen/<screenId>; the screen id is the last segment of the path.
 *
 * Protocol (see docs/contracts/websocket-screens.md):
 *   -> hello (with the screen's token), played, touch, showing; or pair (no token yet)
 *   <- welcome, playlist, play, resume, error; or pairing (a code to show), paired (the token)
 *
 * Pairing: a player without a token for its screen shows a large code; an admin enters it in the
 * console (Setup → Screens → Pair) and the hub sends this player its own token, kept in
 * localStorage ("vitrine.player.token.<screen>"). /screen/<id>#token=<token> stores a token given
 * by an admin (kiosks, tests) and removes it from the address bar.
 *
 * What is visible lives in one of two stacked layers (#layer-a, #layer-b). The next thing to
 * show is built in the hidden layer, waited for (images decoded, video first frame, iframe
 * load), then cross-faded in. Test hooks: the visible layer has class "current" and
 * data-content-id; <body> carries data-screen, data-connection, data-mode, data-reason-rule
 * and data-reason-shopper; window.vitrinePlayer.state() returns a snapshot.
 */
(function () {
  'use strict';

  var FADE_MS = 600;                 // keep in sync with .layer.current transition in player.css
  var BACKOFF_START_MS = 500;
  var BACKOFF_MAX_MS = 15000;
  var UNKNOWN_SCREEN_RETRY_MS = 30000;
  var HANDSHAKE_TIMEOUT_MS = 10000;  // socket open + welcome must happen within this
  var CACHE_GRACE_MS = 2500;         // wait this long for the hub before playing the cached playlist
  var IMAGE_TIMEOUT_MS = 10000;
  var VIDEO_TIMEOUT_MS = 8000;
  var FRAME_TIMEOUT_MS = 5000;
  var DEFAULT_SECONDS = 10;
  var OUTBOX_MAX = 200;              // reports kept while disconnected (oldest dropped)
  var TOUCH_MIN_INTERVAL_MS = 50;

  var body = document.body;
  var params = new URLSearchParams(location.search);
  var locale = params.get('lang') || navigator.language || 'en';
  var screenId = readScreenId();
  var storageKey = 'vitrine.player.playlist.' + screenId;
  var TOKEN_KEY = 'vitrine.player.token.';
  var LAST_SCREEN_KEY = 'vitrine.player.screen';
  takeTokenFromHash();

  var layers = [document.getElementById('layer-a'), document.getElementById('layer-b')];
  var notice = document.getElementById('notice');
  var statusDot = document.getElementById('status');
  if (params.get('status') === '0') statusDot.classList.add('off');

  // ---------------------------------------------------------------- state

  var S = {
    connection: 'connecting',
    mode: 'idle',
    playlist: [],        // [{content, seconds}]
    playlistFromHub: false,
    index: 0,            // playlist position being shown, or to come back to after a play
    play: null,          // the running personalised play {content, seconds, playId, reason}
    shown: null,         // what is visible: {kind, content, seconds, playId, reason, startedAt}
    pending: null,       // what is being prepared in the hidden layer
    welcome: null,
    unknownScreen: false
  };

  var current = null;    // the visible layer element
  var seq = 0;           // increments on every present(); stale preparations are dropped
  var itemTimer = 0;
  var leaveTimer = 0;
  var prepTimer = 0;
  var cacheTimer = 0;

  // ---------------------------------------------------------------- helpers

  function readScreenId() {
    var segs = location.pathname.split('/').filter(function (s) { return s.length > 0; });
    var last = segs.length ? segs[segs.length - 1] : '';
    try { last = decodeURIComponent(last); } catch (e) { /* keep raw */ }
    if (!last || last === 'index.html' || last === 'player' || last === 'screen') {
      // /screen/ alone: the screen this browser was paired as last, if any
      var remembered = null;
      try { remembered = localStorage.getItem('vitrine.player.screen'); } catch (e) { /* none */ }
      return params.get('screen') || remembered || '';
    }
    return last;
  }

  /** The token an admin put in the address (#token=...): kept, then removed from the address bar. */
  function takeTokenFromHash() {
    var m = /(?:^#|&)token=([A-Za-z0-9_-]{20,100})/.exec(location.hash || '');
    if (!m) return;
    if (screenId) saveToken(screenId, m[1]);
    try { history.replaceState(null, '', location.pathname + location.search); } catch (e) { /* keep it */ }
  }

  function saveToken(id, token) {
    try {
      localStorage.setItem(TOKEN_KEY + id, token);
      localStorage.setItem(LAST_SCREEN_KEY, id);
    } catch (e) { /* no storage: the player pairs again after a reload */ }
  }

  function tokenOf(id) {
    try { return localStorage.getItem(TOKEN_KEY + id); } catch (e) { return null; }
  }

  function forgetToken(id) {
    try { localStorage.removeItem(TOKEN_KEY + id); } catch (e) { /* ignore */ }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function isContent(c) {
    return c != null && typeof c === 'object' && typeof c.id === 'string' && c.id.length > 0;
  }

  function seconds(v) {
    var n = Number(v);
    return isFinite(n) && n > 0 ? n : DEFAULT_SECONDS;
  }

  function sameContent(a, b) {
    if (!a || !b || a.id !== b.id) return false;
    try { return JSON.stringify(a) === JSON.stringify(b); } catch (e) { return false; }
  }

  function hash(s) {
    var h = 0;
    for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
    return Math.abs(h);
  }

  function formatPrice(price, currency) {
    var n = typeof price === 'number' ? price : parseFloat(price);
    if (!isFinite(n)) return price == null ? '' : String(price);
    try {
      if (currency) {
        return new Intl.NumberFormat(locale, { style: 'currency', currency: String(currency) }).format(n);
      }
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
    } catch (e) {
      return n.toFixed(2) + (currency ? ' ' + currency : '');
    }
  }

  var LOGO_SVG =
    '<svg viewBox="0 0 64 64" aria-hidden="true">' +
    '<defs><linearGradient id="vtg" x1="0" y1="0" x2="1" y2="1">' +
    '<stop offset="0" stop-color="#8fa2ff"/><stop offset="1" stop-color="#ff8a65"/></linearGradient></defs>' +
    '<rect x="3" y="3" width="58" height="58" rx="14" fill="url(#vtg)"/>' +
    '<path d="M17 19 L32 47 L47 19" fill="none" stroke="#0b0f1f" stroke-width="7" ' +
    'stroke-linecap="round" stroke-linejoin="round"/></svg>';

  // ---------------------------------------------------------------- body data (test hooks)

  function setConnection(c) {
    S.connection = c;
    body.dataset.connection = c;
    refreshIdle();
  }

  function applyShownToBody() {
    var sh = S.shown;
    var kind = sh ? sh.kind : 'idle';
    S.mode = kind;
    body.dataset.mode = kind;
    var r = sh && sh.kind === 'play' && sh.reason && typeof sh.reason === 'object' ? sh.reason : null;
    body.dataset.reasonRule = r && r.rule != null ? String(r.rule) : '';
    body.dataset.greeting = sh && sh.content && sh.content.greeting ? String(sh.content.greeting) : '';
  }

  // ---------------------------------------------------------------- slides

  function idleSlide() {
    var s = el('div', 'slide idle');
    var inner = el('div');
    var brand = el('div', 'brand');
    brand.innerHTML = LOGO_SVG;
    brand.appendChild(el('div', 'wordmark', 'Vitrine'));
    inner.appendChild(brand);
    var sub = el('div', 'sub');
    sub.appendChild(el('span', 'pulse'));
    sub.appendChild(el('span', 'sub-text', ''));
    inner.appendChild(sub);
    inner.appendChild(el('div', 'meta', ''));
    s.appendChild(inner);
    fillIdle(s);
    return s;
  }

  function fillIdle(s) {
    var text = s.querySelector('.sub-text');
    var meta = s.querySelector('.meta');
    if (!text || !meta) return;
    var t;
    if (!screenId) t = 'No screen id in the address';
    else if (S.connection === 'open') t = S.playlist.length ? 'Starting…' : 'Nothing scheduled for this screen yet';
    else if (S.connection === 'connecting') t = 'Connecting to the store hub…';
    else t = 'Waiting for the store hub…';
    text.textContent = t;
    var w = S.welcome;
    meta.textContent = w && w.name ? w.name + ' · ' + screenId : (screenId ? 'screen ' + screenId : '');
  }

  function refreshIdle() {
    for (var i = 0; i < layers.length; i++) {
      var s = layers[i].querySelector('.slide.idle');
      if (s) fillIdle(s);
    }
  }

  function fallbackSlide(content) {
    var s = el('div', 'slide fallback');
    var title = (content && (content.title || (content.product && content.product.name) || content.id)) || '';
    s.appendChild(el('div', 'title', title));
    var b = el('div', 'small-brand');
    b.innerHTML = LOGO_SVG;
    b.appendChild(el('span', null, 'Vitrine'));
    s.appendChild(b);
    return s;
  }

  // ---------------------------------------------------------------- building content

  /** Builds target into layer (hidden) and calls done() once it is ready to be shown. */
  function build(target, layer, done) {
    var finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      clearTimeout(prepTimer);
      prepTimer = 0;
      done();
    }
    function timeout(ms, fn) {
      clearTimeout(prepTimer);
      prepTimer = setTimeout(function () { if (!finished) fn(); }, ms);
    }
    function fail() {
      layer.textContent = '';
      layer.appendChild(fallbackSlide(target.content));
      finish();
    }

    if (target.kind === 'idle') {
      layer.appendChild(idleSlide());
      finish();
      return;
    }
    var c = target.content;
    try {
      switch (c.type) {
        case 'image': buildImage(c, layer, finish, fail, timeout); break;
        case 'video': buildVideo(c, layer, finish, fail, timeout); break;
        case 'html': buildHtml(c, layer, finish, fail, timeout); break;
        case 'product-card': buildCard(c, layer, finish, timeout); break;
        case 'product-list':
        case 'directions':
        case 'orders': buildVoice(c, layer, finish); break;
        default: fail();
      }
      // a personal greeting the hub filled in for the shopper in front of the screen
      if (typeof c.greeting === 'string' && c.greeting) layer.appendChild(el('div', 'greeting', c.greeting));
    } catch (e) {
      if (window.console) console.warn('vitrine: cannot render', c && c.id, e);
      fail();
    }
  }

  function whenDecoded(img, fn) {
    if (img.decode) img.decode().then(fn, fn);
    else fn();
  }

  function buildImage(c, layer, finish, fail, timeout) {
    if (!c.src) { fail(); return; }
    var img = new Image();
    img.className = 'media';
    img.alt = c.title || '';
    img.decoding = 'async';
    img.onload = function () {
      img.onload = img.onerror = null;
      // fill the screen when the picture is about the screen's shape, otherwise letterbox
      var ra = img.naturalWidth / Math.max(1, img.naturalHeight);
      var rs = window.innerWidth / Math.max(1, window.innerHeight);
      if (img.naturalWidth > 0 && Math.abs(Math.log(ra / rs)) < 0.12) img.classList.add('cover');
      whenDecoded(img, finish);
    };
    img.onerror = function () { img.onload = img.onerror = null; fail(); };
    timeout(IMAGE_TIMEOUT_MS, function () { img.onload = img.onerror = null; img.removeAttribute('src'); fail(); });
    layer.appendChild(img);
    img.src = c.src;
  }

  function buildVideo(c, layer, finish, fail, timeout) {
    if (!c.src) { fail(); return; }
    // the title slide sits under the video: visible until the first frame, and if it breaks
    layer.appendChild(fallbackSlide(c));
    var v = document.createElement('video');
    v.className = 'media';
    v.muted = true;
    v.defaultMuted = true;
    v.autoplay = true;
    v.loop = true;
    v.playsInline = true;
    v.preload = 'auto';
    v.setAttribute('muted', '');
    v.setAttribute('playsinline', '');
    v.setAttribute('disablepictureinpicture', '');
    v.style.background = 'transparent';
    v.onloadeddata = function () {
      v.onloadeddata = null;
      v.style.background = '';
      var p = v.play();
      if (p && p.catch) p.catch(function () { /* autoplay refused: first frame still shows */ });
      finish();
    };
    v.onerror = function () {
      v.onloadeddata = v.onerror = null;
      releaseMedia(v);
      if (v.parentNode) v.parentNode.removeChild(v);
      finish(); // the title slide underneath is the fallback (also when this happens mid-play)
    };
    timeout(VIDEO_TIMEOUT_MS, finish); // slow video: show the title slide, the video appears when ready
    layer.appendChild(v);
    v.src = c.src;
  }

  function buildHtml(c, layer, finish, fail, timeout) {
    if (typeof c.html !== 'string' && !c.src) { fail(); return; }
    var f = document.createElement('iframe');
    f.className = 'media';
    f.setAttribute('scrolling', 'no');
    f.setAttribute('allow', 'autoplay');
    f.setAttribute('referrerpolicy', 'no-referrer');
    f.title = c.title || '';
    f.onload = function () { f.onload = null; finish(); };
    timeout(FRAME_TIMEOUT_MS, finish);
    if (typeof c.html === 'string') {
      f.setAttribute('sandbox', 'allow-scripts');
      f.srcdoc = '<!doctype html><html><head><meta charset="utf-8">' +
        '<style>html,body{margin:0;width:100%;height:100%;overflow:hidden;background:#000;color:#fff;' +
        'font-family:system-ui,sans-serif}</style></head><body>' + c.html + '</body></html>';
    } else {
      var crossOrigin = true;
      try { crossOrigin = new URL(c.src, location.href).origin !== location.origin; } catch (e) { /* keep */ }
      // a same-origin page must not get allow-same-origin + allow-scripts (it could reach the player)
      f.setAttribute('sandbox', crossOrigin ? 'allow-scripts allow-same-origin' : 'allow-scripts');
      f.src = c.src;
    }
    layer.appendChild(f);
  }

  function buildCard(c, layer, finish, timeout) {
    var p = c.product && typeof c.product === 'object' ? c.product : {};
    var card = el('div', 'card theme-' + (hash(c.id) % 5));
    var visual = el('div', 'visual');
    var info = el('div', 'info');
    var name = p.name || c.title || '';

    function placeholder() {
      visual.textContent = '';
      visual.appendChild(el('div', 'placeholder', name ? name.charAt(0).toUpperCase() : '★'));
    }

    if (p.badge) info.appendChild(el('div', 'badge', String(p.badge)));
    info.appendChild(el('h1', 'name', name));
    if (p.tagline) info.appendChild(el('p', 'tagline', String(p.tagline)));
    info.appendChild(el('div', 'rule'));
    if (p.price != null && p.price !== '') info.appendChild(el('div', 'price', formatPrice(p.price, p.currency)));
    card.appendChild(visual);
    card.appendChild(info);
    layer.appendChild(card);

    if (!p.image) { placeholder(); finish(); return; }
    var img = new Image();
    img.alt = name;
    img.decoding = 'async';
    img.onload = function () { img.onload = img.onerror = null; whenDecoded(img, finish); };
    img.onerror = function () { img.onload = img.onerror = null; placeholder(); finish(); };
    timeout(IMAGE_TIMEOUT_MS, function () { img.onload = img.onerror = null; img.removeAttribute('src'); placeholder(); finish(); });
    visual.appendChild(img);
    img.src = p.image;
  }

  /**
   * What the store speaker answers on screen (hub-made, see ARCHITECTURE.md): product-list (title,
   * caption, products), directions (route from → to, products) and orders (the order board).
   * Shown at once; product pictures fade in as they load (a letter tile if they fail).
   */
  function buildVoice(c, layer, finish) {
    var box = el('div', 'voice voice-' + c.type + ' theme-' + (hash(String(c.title || c.type)) % 5));
    var head = el('header', 'head');
    head.appendChild(el('div', 'kicker', c.type === 'orders' ? 'Order board' : 'You asked'));
    head.appendChild(el('h1', 'title', c.title || ''));
    if (c.caption && c.type !== 'orders') head.appendChild(el('p', 'caption', String(c.caption)));
    box.appendChild(head);

    if (c.type === 'directions' && c.route && typeof c.route === 'object') {
      var r = c.route;
      var route = el('div', 'route');
      route.appendChild(el('span', 'from', 'You are in ' + (r.fromName || r.from || '')));
      route.appendChild(el('span', 'arrow', '\u2192'));
      route.appendChild(el('span', 'to', r.toName || r.to || ''));
      box.appendChild(route);
      if (r.directions) box.appendChild(el('p', 'directions', String(r.directions)));
    }

    var products = Array.isArray(c.products) ? c.products.slice(0, 6) : [];
    if (products.length) {
      var tiles = el('div', 'tiles n' + products.length);
      products.forEach(function (p) {
        if (!p || typeof p !== 'object') return;
        var tile = el('div', 'tile');
        var pic = el('div', 'pic');
        var name = String(p.name || '');
        pic.appendChild(el('div', 'placeholder', name ? name.charAt(0).toUpperCase() : '\u2605'));
        if (p.image) {
          var img = new Image();
          img.alt = name;
          img.decoding = 'async';
          img.onload = function () { img.onload = img.onerror = null; img.className = 'loaded'; };
          img.onerror = function () { img.onload = img.onerror = null; img.remove(); };
          pic.appendChild(img);
          img.src = p.image;
        }
        tile.appendChild(pic);
        tile.appendChild(el('div', 'name', name));
        if (p.tagline) tile.appendChild(el('div', 'tagline', String(p.tagline)));
        var foot = el('div', 'foot');
        if (p.price != null && p.price !== '') foot.appendChild(el('span', 'price', formatPrice(p.price, p.currency)));
        if (p.badge) foot.appendChild(el('span', 'badge', String(p.badge)));
        tile.appendChild(foot);
        tiles.appendChild(tile);
      });
      box.appendChild(tiles);
    }

    if (c.type === 'orders') {
      var list = el('div', 'orders');
      (Array.isArray(c.orders) ? c.orders : []).forEach(function (o, i) {
        if (!o || typeof o !== 'object') return;
        var card = el('div', 'order' + (i === 0 ? ' newest' : ''));
        card.appendChild(el('div', 'number', '#' + String(o.id || '').split('-').pop()));
        var lines = el('ul', 'lines');
        (Array.isArray(o.lines) ? o.lines : []).forEach(function (l) { lines.appendChild(el('li', null, String(l))); });
        card.appendChild(lines);
        if (o.total != null) card.appendChild(el('div', 'total', formatPrice(o.total, o.currency)));
        card.appendChild(el('div', 'status', i === 0 ? 'Being prepared' : 'In the queue'));
        list.appendChild(card);
      });
      box.appendChild(list);
    }
    layer.appendChild(box);
    finish();
  }

  function releaseMedia(node) {
    if (node.tagName === 'VIDEO') {
      try { node.pause(); } catch (e) { /* ignore */ }
      node.onloadeddata = node.onerror = null;
      node.removeAttribute('src');
      try { node.load(); } catch (e) { /* ignore */ }
    } else if (node.tagName === 'IFRAME') {
      node.onload = null;
      node.removeAttribute('srcdoc');
      node.src = 'about:blank';
    } else if (node.tagName === 'IMG') {
      node.onload = node.onerror = null;
      node.removeAttribute('src');
    }
  }

  function clearLayer(layer) {
    var media = layer.querySelectorAll('video, iframe, img');
    for (var i = 0; i < media.length; i++) releaseMedia(media[i]);
    layer.textContent = '';
    layer.removeAttribute('data-content-id');
  }

  // ---------------------------------------------------------------- showing

  function hiddenLayer() {
    return current === layers[0] ? layers[1] : layers[0];
  }

  function present(target) {
    var my = ++seq;
    clearTimeout(itemTimer);
    itemTimer = 0;
    var back = hiddenLayer();
    cancelPreparation(back);

    // the same thing is already on screen: no transition, just a new run of it
    if (S.shown && target.content && S.shown.content && sameContent(S.shown.content, target.content)) {
      endShown();
      startShown(target);
      return;
    }
    if (!S.shown && !target.content && current && current.querySelector('.slide.idle')) {
      startShown(target); // idle already visible
      return;
    }

    S.pending = target;
    build(target, back, function () {
      if (my !== seq) return; // superseded: the next present() clears this layer
      S.pending = null;
      swap(back, target);
    });
  }

  function cancelPreparation(back) {
    clearTimeout(prepTimer);
    prepTimer = 0;
    clearTimeout(leaveTimer);
    leaveTimer = 0;
    S.pending = null;
    back.classList.remove('leaving', 'current');
    clearLayer(back);
    void back.offsetWidth; // commit opacity 0 so the next fade-in really fades
  }

  function swap(layer, target) {
    var old = current;
    endShown();
    if (old && old !== layer) {
      old.classList.remove('current');
      old.removeAttribute('data-content-id');
      old.classList.add('leaving');
      clearTimeout(leaveTimer);
      leaveTimer = setTimeout(function () {
        leaveTimer = 0;
        old.classList.remove('leaving');
        clearLayer(old);
      }, FADE_MS + 100);
    }
    current = layer;
    if (target.content) layer.setAttribute('data-content-id', target.content.id);
    else layer.removeAttribute('data-content-id');
    layer.classList.add('current');
    startShown(target);
  }

  function startShown(target) {
    if (target.content) {
      S.shown = {
        kind: target.kind,
        content: target.content,
        seconds: target.seconds,
        playId: target.playId,
        reason: target.reason,
        startedAt: Date.now()
      };
      if (current && current.getAttribute('data-content-id') !== target.content.id) {
        current.setAttribute('data-content-id', target.content.id);
      }
      var ms = Math.max(1, target.seconds) * 1000;
      itemTimer = setTimeout(target.kind === 'play' ? playEnded : nextPlaylistItem, ms);
      // what is on screen now, for the operators' live map (not queued: stale news is no news)
      var showing = { type: 'showing', content: target.content.id, kind: target.kind === 'play' ? 'play' : 'playlist' };
      if (target.kind === 'play' && target.playId != null) showing.playId = target.playId;
      if (target.kind === 'play' && target.reason) showing.reason = target.reason;
      send(showing, false);
    } else {
      S.shown = null;
    }
    applyShownToBody();
  }

  /** The visible item finished or is being replaced: report proof of play. */
  function endShown() {
    var sh = S.shown;
    S.shown = null;
    if (!sh || !sh.content) return;
    var m = {
      type: 'played',
      screen: screenId,
      content: sh.content.id,
      startedAt: sh.startedAt,
      endedAt: Date.now(),
      reason: sh.kind === 'play' ? (sh.reason || { kind: 'play' }) : { kind: 'playlist' }
    };
    if (sh.kind === 'play' && sh.playId != null) m.playId = sh.playId;
    send(m, true);
  }

  function showPlaylistOrIdle() {
    var n = S.playlist.length;
    if (n === 0) { present({ kind: 'idle' }); return; }
    if (S.index >= n || S.index < 0) S.index = 0;
    var it = S.playlist[S.index];
    present({ kind: 'playlist', content: it.content, seconds: it.seconds });
  }

  function nextPlaylistItem() {
    itemTimer = 0;
    if (S.playlist.length) S.index = (S.index + 1) % S.playlist.length;
    showPlaylistOrIdle();
  }

  function playEnded() {
    itemTimer = 0;
    S.play = null;
    showPlaylistOrIdle(); // back to the item the play interrupted
  }

  // ---------------------------------------------------------------- playlist

  function parseItems(items) {
    var out = [];
    if (!Array.isArray(items)) return out;
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      if (it && isContent(it.content)) out.push({ content: it.content, seconds: seconds(it.seconds) });
    }
    return out;
  }

  function applyPlaylist(items) {
    S.playlist = items;
    warmCache(items);
    if (S.play) return; // a personalised play is on; the playlist takes over when it ends
    var ref = S.pending || S.shown;
    if (ref && ref.kind === 'playlist' && ref.content) {
      // keep going if what is on screen is still in the playlist (e.g. after a reconnect)
      var j = -1;
      if (S.index < items.length && sameContent(items[S.index].content, ref.content)) j = S.index;
      for (var i = 0; j < 0 && i < items.length; i++) if (sameContent(items[i].content, ref.content)) j = i;
      if (j >= 0) { S.index = j; return; }
    }
    S.index = 0;
    if (!items.length && !S.shown && !S.pending) { refreshIdle(); return; }
    showPlaylistOrIdle();
  }

  function warmCache(items) {
    for (var i = 0; i < items.length; i++) {
      var c = items[i].content;
      var url = c.type === 'image' ? c.src : (c.type === 'product-card' && c.product ? c.product.image : null);
      if (url) { var img = new Image(); img.src = url; }
    }
  }

  function saveCachedPlaylist(msg) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ zone: msg.zone, items: msg.items, savedAt: Date.now() }));
    } catch (e) { /* storage full or disabled: the live playlist still plays */ }
  }

  function loadCachedPlaylist() {
    try {
      var raw = localStorage.getItem(storageKey);
      if (!raw) return [];
      var o = JSON.parse(raw);
      return parseItems(o && o.items);
    } catch (e) { return []; }
  }

  /** The hub is unreachable and has not sent a playlist yet: play the last one we saw. */
  function useCachedPlaylistIfNeeded() {
    clearTimeout(cacheTimer);
    cacheTimer = 0;
    if (S.playlistFromHub || S.playlist.length || !screenId) return;
    var items = loadCachedPlaylist();
    if (items.length) applyPlaylist(items);
  }

  // ---------------------------------------------------------------- hub messages

  function onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (S.connection !== 'open' && (msg.type === 'welcome' || msg.type === 'playlist' || msg.type === 'play')) onWelcomed();
    switch (msg.type) {
      case 'welcome':
        S.welcome = msg;
        if (msg.zone) body.dataset.zone = String(msg.zone);
        refreshIdle();
        break;
      case 'playlist': {
        var items = parseItems(msg.items);
        S.playlistFromHub = true;
        clearTimeout(cacheTimer);
        saveCachedPlaylist(msg);
        applyPlaylist(items);
        refreshIdle();
        break;
      }
      case 'play': {
        if (!isContent(msg.content)) return;
        var secs = seconds(msg.seconds);
        var reason = msg.reason && typeof msg.reason === 'object' ? msg.reason : { kind: 'play' };
        var sh = S.shown;
        if (sh && sh.kind === 'play' && msg.playId != null && sh.playId === msg.playId &&
            sameContent(sh.content, msg.content) && !S.pending) {
          // the same play again (sent after a reconnect): keep it, adopt the remaining time
          clearTimeout(itemTimer);
          itemTimer = setTimeout(playEnded, secs * 1000);
          return;
        }
        S.play = { content: msg.content, seconds: secs, playId: msg.playId, reason: reason };
        present({ kind: 'play', content: msg.content, seconds: secs, playId: msg.playId, reason: reason });
        break;
      }
      case 'resume':
        if (S.play || (S.shown && S.shown.kind === 'play') || (S.pending && S.pending.kind === 'play')) {
          S.play = null;
          showPlaylistOrIdle();
        }
        break;
      case 'error':
        if (window.console) console.warn('vitrine: hub rejected a frame:', msg.error, msg.message);
        break;
      case 'pairing':
        showPairing(String(msg.code || ''));
        break;
      case 'paired':
        if (typeof msg.screen === 'string' && typeof msg.token === 'string') {
          saveToken(msg.screen, msg.token);
          hidePairing();
          if (msg.screen !== screenId) {
            // paired as another screen than the address said: become that one
            location.replace('/screen/' + encodeURIComponent(msg.screen) + location.search);
            return;
          }
        }
        break;
      default:
        break; // unknown types are ignored (newer hub)
    }
  }

  // ---------------------------------------------------------------- connection

  var ws = null;
  var attempt = 0;
  var retryTimer = 0;
  var handshakeTimer = 0;
  var outbox = [];
  var stuckChecks = 0;
  var lastBuffered = 0;
  var welcomedAt = 0;

  function wsUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/screen';
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    setConnection('connecting');
    var sock;
    try {
      sock = new WebSocket(wsUrl());
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = sock;
    clearTimeout(handshakeTimer);
    handshakeTimer = setTimeout(function () {
      if (ws === sock && S.connection !== 'open') { try { sock.close(); } catch (e) { /* ignore */ } dropSocket(sock, null); }
    }, HANDSHAKE_TIMEOUT_MS);

    sock.onopen = function () {
      if (ws !== sock) return;
      var token = screenId ? tokenOf(screenId) : null;
      if (token) {
        sock.send(JSON.stringify({ type: 'hello', v: 1, screen: screenId, token: token }));
      } else {
        // no credential: ask for a code to show, and wait as long as it takes for an admin
        clearTimeout(handshakeTimer);
        sock.send(JSON.stringify({ type: 'pair', v: 1 }));
      }
    };
    sock.onmessage = function (ev) {
      if (ws !== sock) return;
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      onMessage(msg);
    };
    sock.onerror = function () { /* a close event follows */ };
    sock.onclose = function (ev) { dropSocket(sock, ev); };
  }

  function dropSocket(sock, ev) {
    if (ws !== sock) return;
    ws = null;
    sock.onopen = sock.onmessage = sock.onerror = sock.onclose = null;
    clearTimeout(handshakeTimer);
    handshakeTimer = 0;
    // back off from scratch only after a connection that actually held for a while
    if (welcomedAt && Date.now() - welcomedAt > 10000) attempt = 0;
    welcomedAt = 0;
    setConnection('closed');
    useCachedPlaylistIfNeeded();
    if (ev && ev.code === 1000 && ev.reason === 'paired') {
      attempt = 0;
      connect(); // with the token just received
      return;
    }
    if (ev && ev.code === 4401) {
      // not (or no longer) paired: forget the token and show a pairing code instead
      forgetToken(screenId);
      attempt = 0;
      scheduleReconnect(1000);
      return;
    }
    if (ev && ev.code === 4404) {
      S.unknownScreen = true;
      showNotice('Unknown screen', ev.reason || ("unknown screen '" + screenId + "'"),
        'The hub does not know screen \u201c' + screenId + '\u201d. Check conf/store.yaml. Retrying every 30 s.');
      scheduleReconnect(UNKNOWN_SCREEN_RETRY_MS);
      return;
    }
    scheduleReconnect();
  }

  function scheduleReconnect(fixedMs) {
    clearTimeout(retryTimer);
    var delay;
    if (fixedMs) {
      delay = fixedMs;
    } else {
      var base = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * Math.pow(2, attempt));
      attempt = Math.min(attempt + 1, 20);
      delay = base + Math.random() * base * 0.25; // jitter: up to +25 %
    }
    retryTimer = setTimeout(connect, delay);
  }

  function onWelcomed() {
    clearTimeout(handshakeTimer);
    handshakeTimer = 0;
    welcomedAt = Date.now();
    hidePairing();
    if (S.unknownScreen) { S.unknownScreen = false; hideNotice(); }
    setConnection('open');
    flushOutbox();
  }

  function send(m, queueWhenClosed) {
    if (ws && ws.readyState === 1 && S.connection === 'open') {
      try { ws.send(JSON.stringify(m)); return; } catch (e) { /* fall through to queue */ }
    }
    if (queueWhenClosed) {
      outbox.push(m);
      if (outbox.length > OUTBOX_MAX) outbox.splice(0, outbox.length - OUTBOX_MAX);
    }
  }

  function flushOutbox() {
    var q = outbox;
    outbox = [];
    for (var i = 0; i < q.length; i++) send(q[i], true);
  }

  // A hub that vanished without closing the TCP connection: our frames pile up unsent.
  setInterval(function () {
    if (!ws || ws.readyState !== 1) { stuckChecks = 0; return; }
    var b = ws.bufferedAmount;
    stuckChecks = b > 0 && b >= lastBuffered ? stuckChecks + 1 : 0;
    lastBuffered = b;
    if (stuckChecks >= 3) {
      stuckChecks = 0;
      var s = ws;
      try { s.close(); } catch (e) { /* ignore */ }
      dropSocket(s, null);
    }
  }, 15000);

  window.addEventListener('online', function () {
    if (!ws && !S.unknownScreen) { attempt = 0; connect(); }
  });

  // ---------------------------------------------------------------- notice

  function showNotice(title, text, hint) {
    document.getElementById('notice-title').textContent = title;
    document.getElementById('notice-text').textContent = text;
    document.getElementById('notice-hint').textContent = hint || '';
    notice.hidden = false;
    body.dataset.notice = title;
  }

  function hideNotice() {
    notice.hidden = true;
    body.dataset.notice = '';
  }

  // ---------------------------------------------------------------- pairing

  var pairingBox = null;

  function showPairing(code) {
    if (!pairingBox) {
      pairingBox = el('div', 'pairing');
      pairingBox.id = 'pairing';
      var box = el('div', 'pairing-box');
      box.appendChild(el('p', 'pairing-lead', 'Pair this screen'));
      box.appendChild(el('div', 'pairing-code'));
      box.appendChild(el('p', 'pairing-how', 'In the Vitrine console: Setup → Screens → Pair, then enter this code and choose the screen.'));
      box.appendChild(el('p', 'pairing-small', screenId ? 'This page asks to be screen “' + screenId + '”.' : ''));
      pairingBox.appendChild(box);
      document.body.appendChild(pairingBox);
    }
    pairingBox.querySelector('.pairing-code').textContent = code;
    pairingBox.hidden = false;
    body.dataset.pairingCode = code;
  }

  function hidePairing() {
    if (pairingBox) pairingBox.hidden = true;
    body.dataset.pairingCode = '';
  }

  // ---------------------------------------------------------------- touch

  var lastTouch = 0;
  window.addEventListener('pointerdown', function (ev) {
    var id = S.shown && S.shown.content ? S.shown.content.id : null;
    var now = Date.now();
    if (!id || now - lastTouch < TOUCH_MIN_INTERVAL_MS) return;
    lastTouch = now;
    var w = Math.max(1, window.innerWidth);
    var h = Math.max(1, window.innerHeight);
    var x = Math.min(1, Math.max(0, ev.clientX / w));
    var y = Math.min(1, Math.max(0, ev.clientY / h));
    send({
      type: 'touch',
      content: id,
      x: Math.round(x * 10000) / 10000,
      y: Math.round(y * 10000) / 10000,
      ts: now
    }, true);
  }, { capture: true, passive: true });

  window.addEventListener('contextmenu', function (ev) { ev.preventDefault(); });

  window.addEventListener('pagehide', function () {
    var sh = S.shown;
    if (sh && sh.content && ws && ws.readyState === 1) endShown();
  });

  // ---------------------------------------------------------------- start

  body.dataset.screen = screenId;
  body.dataset.connection = 'connecting';
  body.dataset.mode = 'idle';
  body.dataset.reasonRule = '';
  body.dataset.greeting = '';
  body.dataset.pairingCode = '';

  // the built-in idle slide is visible right away
  current = layers[0];
  current.appendChild(idleSlide());
  current.classList.add('current');

  window.vitrinePlayer = {
    state: function () {
      return {
        screen: screenId,
        mode: S.mode,
        contentId: S.shown && S.shown.content ? S.shown.content.id : null,
        connection: S.connection
      };
    }
  };

  cacheTimer = setTimeout(useCachedPlaylistIfNeeded, CACHE_GRACE_MS);
  connect();
})();
