/*
 * The phone page of the QR check-in (docs/identity.md, "QR check-in"). Dependency-free. Shows what
 * is collected and why, lets the shopper prove their loyalty membership (member id + secret, or the
 * member token their shopping app put in the URL fragment: /checkin/?t=<qr token>#member_token=<jwt>)
 * and agree (the hub enrols the face its entrance camera sees at that moment), decline (nothing is
 * sent), or withdraw ("forget me": what the visit collected, not the membership).
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
    if (!token) { state('expired', 'Open this page by scanning the QR code on the entrance screen.'); return; }
    call('GET', '/api/checkin/session?t=' + encodeURIComponent(token)).then(function (r) {
      if (r.status !== 200) { state(r.status === 410 ? 'expired' : 'error', r.json.message || 'Something went wrong.'); return; }
      $('keep').textContent = r.json.keepHours;
      useProof(memberToken && (r.json.proofs || []).indexOf('member-token') >= 0 ? 'member-token' : 'member-secret');
      state('ready');
    }, function () { state('error', 'The store\u2019s system cannot be reached. Are you on the store\u2019s Wi-Fi?'); });
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
        state('forgotten', 'Done: everything the store knew about your visit has been deleted. Your loyalty membership stays as it is.');
      } else {
        state('error', r.json.message || 'That did not work, please try again.');
      }
    }, function () { busy(false); state('error', 'The store\u2019s system cannot be reached. Please try again.'); });
  });

  load();
})();
