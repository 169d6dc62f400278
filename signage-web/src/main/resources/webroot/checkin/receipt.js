/*
 * One receipt, printable (docs/commerce.md, "Receipts"): read with this phone's check-in key (only
 * the member's own phone sees their receipts), rendered as text nodes (never HTML from the data).
 * Test hook: body[data-state] = loading|ready|error.
 */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var id = new URLSearchParams(location.search).get('id') || '';
  var member = '', key = '';
  try { member = localStorage.getItem('vitrine.checkin.member') || ''; key = localStorage.getItem('vitrine.checkin.key') || ''; } catch (e) { /* private mode */ }

  function money(minor, currency) {
    try { return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency }).format(minor / 100); }
    catch (e) { return (minor / 100).toFixed(2) + ' ' + currency; }
  }
  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (c, i) {
      var td = document.createElement('td');
      if (i > 0) { td.className = 'n'; }
      td.textContent = c;
      tr.appendChild(td);
    });
    return tr;
  }
  function rate(bp) { return (bp / 100) + ' %'; }

  $('print').addEventListener('click', function () { window.print(); });
  $('back').addEventListener('click', function () { history.back(); });

  if (!id || !member || !key) {
    document.body.dataset.state = 'error';
    $('message').textContent = 'Open your receipts from the check-in page on the phone you checked in with.';
    return;
  }
  fetch('/api/shoppers/' + encodeURIComponent(member) + '/receipts/' + encodeURIComponent(id), { headers: { 'X-Vitrine-Shopper-Key': key } })
    .then(function (r) { return r.json().then(function (j) { return { status: r.status, json: j }; }); })
    .then(function (r) {
      if (r.status !== 200) {
        document.body.dataset.state = 'error';
        $('message').textContent = r.json.message || 'This receipt cannot be shown.';
        return;
      }
      var rc = r.json;
      $('store').textContent = rc.store;
      $('when').textContent = new Date(rc.at).toLocaleString() + ' \u2014 exit ' + rc.gate;
      rc.lines.forEach(function (l) { $('lines').appendChild(row([l.name, rate(l.vatBasisPoints), money(l.amount, rc.currency)])); });
      rc.vat.forEach(function (v) {
        $('vat').appendChild(row([rate(v.rateBasisPoints), money(v.net, rc.currency), money(v.vat, rc.currency), money(v.gross, rc.currency)]));
      });
      $('total').textContent = money(rc.total, rc.currency);
      $('paid').textContent = 'Paid by ' + rc.method + '.';
      $('ref').textContent = 'Receipt ' + rc.id;
      document.body.dataset.state = 'ready';
    }, function () {
      document.body.dataset.state = 'error';
      $('message').textContent = 'The store\u2019s system cannot be reached.';
    });
})();
