/**
 * The one inline script of the console (allowed by its hash in the Content-Security-Policy). It only
 * moves JSON between the page and the API and writes text with textContent, never as HTML.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  function byId(id) { return document.getElementById(id); }
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { status: res.status, data: data }; });
    });
  }
  function say(el, text, tone) {
    el.textContent = text;
    el.className = 'notice' + (tone ? ' ' + tone : '');
    el.hidden = !text;
  }

  function setupForm(form) {
    var fields = JSON.parse(form.getAttribute('data-fields'));
    var key = form.getAttribute('data-key') || '';
    var result = byId('result');
    var connection = byId('connection');
    function values() {
      var v = {};
      fields.forEach(function (name) { v[name] = form.elements.namedItem(name).value; });
      return v;
    }
    function clear() {
      form.querySelectorAll('ul.messages').forEach(function (ul) { ul.textContent = ''; ul.hidden = true; });
      form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
    }
    function show(list, kind) {
      (list || []).forEach(function (m) {
        var head = String(m.field).split('.')[0];
        var ul = byId(kind + '-' + head) || byId(kind + '-form');
        var li = document.createElement('li');
        li.textContent = m.message;
        ul.appendChild(li);
        ul.hidden = false;
        var input = form.elements.namedItem(head);
        if (kind === 'error' && input) input.setAttribute('aria-invalid', 'true');
      });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clear();
      say(result, 'Saving\\u2026');
      post(key ? '/api/devices/' + encodeURIComponent(key) : '/api/devices', values()).then(function (r) {
        if (r.data.ok) {
          window.location.assign('/devices/' + encodeURIComponent(r.data.key) + '/edit?saved=1');
          return;
        }
        show(r.data.errors, 'error');
        show(r.data.warnings, 'warning');
        say(result, r.data.error || 'Not saved: correct the fields marked above.', 'failed');
        var first = form.querySelector('[aria-invalid]');
        if (first) first.focus();
      }, function () { say(result, 'Not saved: the console did not answer.', 'failed'); });
    });
    byId('test-connection').addEventListener('click', function () {
      clear();
      say(connection, 'Testing the connection\\u2026');
      var body = values();
      if (key) body.key = key;
      post('/api/test-connection', body).then(function (r) {
        show(r.data.errors, 'error');
        show(r.data.warnings, 'warning');
        if (r.data.status === 'Connected') say(connection, 'Connected: ' + r.data.message + ' (' + r.data.latency_ms + ' ms)', 'ok');
        else say(connection, 'Failed' + (r.data.category ? ' (' + r.data.category + ')' : '') + ': ' + (r.data.message || r.data.error || 'HTTP ' + r.status), 'failed');
      }, function () { say(connection, 'Failed: the console did not answer.', 'failed'); });
    });
  }

  function setupStatus(table) {
    var body = table.tBodies[0];
    var updated = byId('updated');
    var every = Number(table.getAttribute('data-refresh-ms')) || 5000;
    function row(r) {
      var tr = document.createElement('tr');
      tr.className = 'tone-' + r.tone;
      tr.setAttribute('data-key', r.key);
      r.cells.forEach(function (text, i) {
        var td = document.createElement('td');
        if (i === 0) {
          var a = document.createElement('a');
          a.href = '/devices/' + encodeURIComponent(r.key) + '/edit';
          a.textContent = text;
          td.appendChild(a);
        } else td.textContent = text;
        if (i === 1) td.className = 'state';
        tr.appendChild(td);
      });
      return tr;
    }
    function refresh() {
      fetch('/api/status', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
        .then(function (data) {
          if (data.devices.length > 0) body.replaceChildren.apply(body, data.devices.map(row));
          updated.textContent = 'Updated ' + new Date(data.generated_at).toLocaleTimeString();
        })
        .catch(function (e) { updated.textContent = 'Refresh failed (' + e.message + '); retrying'; })
        .then(function () { setTimeout(refresh, every); });
    }
    setTimeout(refresh, every);
  }

  var form = byId('device-form');
  if (form) setupForm(form);
  var table = byId('status-table');
  if (table) setupStatus(table);
})();
`;
