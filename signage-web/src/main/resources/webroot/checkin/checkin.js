/*
 * The phone page of the QR check-in (ARCHITECTURE.md, "QR check-in"). Dependency-free. Shows what
 * is collected and why, lets the shopper link their loyalty profile and agree (the hub enrols the
 * face its entrance camera sees at that moment), decline (nothing is sent), or withdraw ("forget me").
 * Test hooks: body[data-state] = loading|ready|checked-in|refused|declined|forgotten|expired|error.
 */
(function () {
  'use strict';
  var token = new URLSearchParams(location.search).get('t') || '';
  var remembered = 'vitrine.checkin.member';
  // the key the hub gave this phone at check-in: only it (or a console login) can forget the shopper
  var rememberedKey = 'vitrine.checkin.key';
  var $ = function (id) { return document.getElementById(id); };

  function state(s, message) {
    document.body.dataset.state = s;
    $('message').textContent = message || '';
  }

  function member() {
    return ($('member').value || $('member-select').value || '').trim().toLowerCase();
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

  function load() {
    if (!token) { state('expired', 'Open this page by scanning the QR code on the entrance screen.'); return; }
    call('GET', '/api/checkin/session?t=' + encodeURIComponent(token)).then(function (r) {
      if (r.status !== 200) { state(r.status === 410 ? 'expired' : 'error', r.json.message || 'Something went wrong.'); return; }
      $('keep').textContent = r.json.keepHours;
      (r.json.members || []).forEach(function (m) {
        var o = document.createElement('option');
        o.value = m.id;
        o.textContent = m.name + ' (' + m.id + ')';
        $('member-select').appendChild(o);
      });
      state('ready');
    }, function () { state('error', 'The store\u2019s system cannot be reached. Are you on the store\u2019s Wi-Fi?'); });
  }

  $('member-select').addEventListener('change', function () { $('member').value = ''; });

  $('agree').addEventListener('click', function () {
    var id = member();
    if (!id) { state('refused', 'Choose or type your member id first.'); return; }
    busy(true);
    state('ready', 'Checking you in\u2026 keep looking at the entrance camera.');
    call('POST', '/api/checkin', { token: token, member: id, consent: true }).then(function (r) {
      busy(false);
      if (r.status === 201) {
        try {
          localStorage.setItem(remembered, r.json.shopper);
          localStorage.setItem(rememberedKey, r.json.key);
        } catch (e) { /* private mode: staff can still erase the shopper from the console */ }
        var until = new Date(r.json.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        state('checked-in', 'You\u2019re checked in, ' + (r.json.name || r.json.shopper) + '. Enjoy your visit! (until ' + until + ')');
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
    var id = '', key = '';
    try {
      id = localStorage.getItem(remembered) || '';
      key = localStorage.getItem(rememberedKey) || '';
    } catch (e) { /* ignore */ }
    if (!id || !key) {
      state('refused', 'This phone has no check-in to forget. If you checked in with another phone, use it, or ask a member of staff: they can erase your profile.');
      return;
    }
    busy(true);
    call('DELETE', '/api/shoppers/' + encodeURIComponent(id) + '/identity', null, { 'X-Vitrine-Shopper-Key': key }).then(function (r) {
      busy(false);
      if (r.status === 200) {
        try { localStorage.removeItem(remembered); localStorage.removeItem(rememberedKey); } catch (e) { /* ignore */ }
        state('forgotten', 'Done: everything the store knew about your visit has been deleted.');
      } else {
        state('error', r.json.message || 'That did not work, please try again.');
      }
    }, function () { busy(false); state('error', 'The store\u2019s system cannot be reached. Please try again.'); });
  });

  load();
})();
