/*
 * The phone page of the QR check-in (docs/identity.md, "QR check-in"). Dependency-free. Shows what
 * is collected and why, lets the shopper prove their loyalty membership (member id + secret, or the
 * member token their shopping app put in the URL fragment: /checkin/?t=<qr token>#member_token=<jwt>)
 * and agree (the hub enrols the face its entrance camera sees at that moment), decline (nothing is
 * sent), or withdraw ("forget me": what the visit collected, not the membership).
 * After check-in (and whenever this phone holds a check-in key) the basket and the receipts show
 * live (polled every 1.5 s with the key; they stop on 401: the check-in ended).
 * Test hooks: body[data-state] = loading|ready|checked-in|refused|declined|forgotten|expired|error,
 * body[data-proof] = member-secret|member-token.
 */
(function () {
  'use strict';
  var token = new URLSearchParams(location.search).get('t') || '';
  // the fragment never reaches a server (nor its logs); take the token and drop it from the address bar
  var memberToken = new URLSearchParams(location.hash.replace(/^#/, '')).get('member_token') || '';
  if (memberToken && history.replaceState) {
    history.replaceState(null, '', location.pathname + location.search);
  }
  var remembered = 'vitrine.checkin.member';
  // the key the hub gave this phone at check-in: only it (or a console login) can forget the shopper,
  // and only it can check the same member in again while their check-in lasts
  var rememberedKey = 'vitrine.checkin.key';
  var $ = function (id) { return document.getElementById(id); };
  // the simulator's walk-out-and-pay demo hands its member's check-in over in the fragment
  // (#member=<id>&key=<key>; never sent to a server): this page then is that member's phone
  (function () {
    var f = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (f.get('member') && f.get('key')) {
      try { localStorage.setItem(remembered, f.get('member')); localStorage.setItem(rememberedKey, f.get('key')); } catch (e) { /* ignore */ }
      if (history.replaceState) { history.replaceState(null, '', location.pathname + location.search); }
    }
  })();

  function state(s, message) {
    document.body.dataset.state = s;
    $('message').textContent = message || '';
  }

  function stored(name) {
    try { return localStorage.getItem(name) || ''; } catch (e) { return ''; }
  }

  function call(method, url, body, headers) {
    var h = headers || {};
    if (body) { h['content-type'] = 'application/json'; }
    return fetch(url, {
      method: method,
      headers: h,
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) { return { status: r.status, json: json }; });
    });
  }

  function busy(on) {
    ['agree', 'decline', 'forget'].forEach(function (id) { $(id).disabled = on; });
  }

  function useProof(proof) {
    document.body.dataset.proof = proof;
    $('by-app').hidden = proof !== 'member-token';
    $('by-secret').hidden = proof === 'member-token';
  }

  function load() {
    if (!token && stored(rememberedKey)) { state('checked-in', 'This phone is checked in as ' + stored(remembered) + '.'); return; }
    if (!token) { state('expired', 'Open this page by scanning the QR code on the entrance screen.'); return; }
    call('GET', '/api/checkin/session?t=' + encodeURIComponent(token)).then(function (r) {
      if (r.status !== 200) { state(r.status === 410 ? 'expired' : 'error', r.json.message || 'Something went wrong.'); return; }
      $('keep').textContent = r.json.keepHours;
      useProof(memberToken && (r.json.proofs || []).indexOf('member-token') >= 0 ? 'member-token' : 'member-secret');
      state('ready');
    }, function () { state('error', 'The store\u2019s system cannot be reached. Are you on the store\u2019s Wi-Fi?'); });
  }

  // ---- basket and receipts (docs/commerce.md)
  var polling = null;
  function money(minor, currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'EUR' }).format(minor / 100);
    } catch (e) { return (minor / 100).toFixed(2) + ' ' + currency; }
  }
  function item(text, cls) {
    var li = document.createElement('li');
    if (cls) { li.className = cls; }
    li.textContent = text;
    return li;
  }
  function refreshBasket() {
    var id = stored(remembered), key = stored(rememberedKey);
    if (!id || !key) { return; }
    var h = { 'X-Vitrine-Shopper-Key': key };
    call('GET', '/api/shoppers/' + encodeURIComponent(id) + '/basket', null, h).then(function (r) {
      if (r.status === 401) { stopBasket(); return; }
      if (r.status !== 200) { return; }
      var list = $('basket-lines');
      list.textContent = '';
      r.json.lines.forEach(function (l) { list.appendChild(item(l.name + ' — ' + money(l.price, r.json.currency), 'line')); });
      $('basket-empty').hidden = r.json.lines.length > 0;
      $('basket-total').textContent = money(r.json.total, r.json.currency);
      document.body.dataset.basket = String(r.json.lines.length);
    }, function () { /* offline for a moment: the next poll tries again */ });
    call('GET', '/api/shoppers/' + encodeURIComponent(id) + '/receipts', null, h).then(function (r) {
      if (r.status !== 200) { return; }
      var list = $('receipts');
      list.textContent = '';
      r.json.receipts.forEach(function (rc) {
        var li = document.createElement('li');
        li.className = 'receipt';
        li.dataset.receipt = rc.id;
        var a = document.createElement('a');
        a.href = 'receipt.html?id=' + encodeURIComponent(rc.id);
        a.textContent = new Date(rc.at).toLocaleString() + ' — ' + money(rc.total, rc.currency) + ' (' + rc.lines.length
          + ' item' + (rc.lines.length === 1 ? '' : 's') + ', paid by ' + rc.method + ')';
        li.appendChild(a);
        list.appendChild(li);
      });
      $('receipts-section').hidden = r.json.receipts.length === 0;
      document.body.dataset.receipts = String(r.json.receipts.length);
    }, function () {});
  }
  function startBasket() {
    if (polling || !stored(rememberedKey)) { return; }
    $('basket-section').hidden = false;
    refreshBasket();
    polling = setInterval(refreshBasket, 1500);
  }
  function stopBasket() {
    if (polling) { clearInterval(polling); polling = null; }
    $('basket-section').hidden = true;
  }

  $('agree').addEventListener('click', function () {
    var body = { token: token, consent: true };
    if (document.body.dataset.proof === 'member-token') {
      body.memberToken = memberToken;
    } else {
      body.member = ($('member').value || '').trim().toLowerCase();
      body.secret = $('secret').value || '';
      if (!body.member || !body.secret) { state('refused', 'Type your member id and your secret first.'); return; }
    }
    var key = stored(rememberedKey);
    busy(true);
    state('ready', 'Checking you in\u2026 keep looking at the entrance camera.');
    call('POST', '/api/checkin', body, key ? { 'X-Vitrine-Shopper-Key': key } : {}).then(function (r) {
      busy(false);
      if (r.status === 201) {
        $('secret').value = '';
        try {
          localStorage.setItem(remembered, r.json.shopper);
          localStorage.setItem(rememberedKey, r.json.key);
        } catch (e) { /* private mode: staff can still erase the check-in from the console */ }
        var until = new Date(r.json.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        state('checked-in', 'You\u2019re checked in, ' + (r.json.name || r.json.shopper) + '. Enjoy your visit! (until ' + until + ')');
        startBasket();
      } else if (r.status === 429) {
        state('refused', (r.json.message || 'Too many attempts.') + ' (try again in ' + (r.json.retryAfterSeconds || 1) + ' s)');
      } else {
        state(r.status === 410 ? 'expired' : 'refused', r.json.message || 'That did not work, please try again.');
      }
    }, function () { busy(false); state('error', 'The store\u2019s system cannot be reached. Please try again.'); });
  });

  $('decline').addEventListener('click', function () {
    // nothing is sent: declining leaves no trace at all
    state('declined', 'No problem: you stay anonymous. Enjoy your visit!');
  });

  $('forget').addEventListener('click', function () {
    var id = stored(remembered), key = stored(rememberedKey);
    if (!id || !key) {
      state('refused', 'This phone has no check-in to forget. If you checked in with another phone, use it, or ask a member of staff: they can erase your check-in.');
      return;
    }
    busy(true);
    call('DELETE', '/api/shoppers/' + encodeURIComponent(id) + '/identity', null, { 'X-Vitrine-Shopper-Key': key }).then(function (r) {
      busy(false);
      if (r.status === 200) {
        try { localStorage.removeItem(remembered); localStorage.removeItem(rememberedKey); } catch (e) { /* ignore */ }
        stopBasket();
        state('forgotten', 'Done: everything the store knew about your visit has been deleted. Your loyalty membership stays as it is.');
      } else {
        state('error', r.json.message || 'That did not work, please try again.');
      }
    }, function () { busy(false); state('error', 'The store\u2019s system cannot be reached. Please try again.'); });
  });

  load();
  // a phone that checked in earlier (the page reopened during the visit) sees its basket at once
  startBasket();
})();
