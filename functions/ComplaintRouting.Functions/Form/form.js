// Enhances the server-rendered complaint and follow-up pages: JSON submit with the same checks as
// the server, inline errors with an error summary that takes focus (the server's problem+json
// errors mapped onto the same fields by JSON path), the one-time receipt with copy and print, the
// withdraw confirmation, and the page height for an embedding page. Without this script every page
// still works through plain form posts.
(function () {
  'use strict';
  var textsEl = document.getElementById('texts');
  var T = textsEl ? JSON.parse(textsEl.getAttribute('data-texts') || '{}') : {};
  T.errors = T.errors || {};
  // The API lives next to this script (…/api/form.js → …/api/).
  var base = (document.currentScript && document.currentScript.src || '').replace(/form\.js(\?.*)?$/, '');

  function postHeight() {
    if (window.parent !== window) {
      // Only a height is sent; the embedding page checks that it comes from this origin and its own frame.
      window.parent.postMessage({ type: 'complaint-form:height', height: Math.ceil(document.documentElement.scrollHeight) }, '*');
    }
  }
  window.addEventListener('load', postHeight);
  window.addEventListener('resize', postHeight);
  if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.body);

  function idOf(path) { return path.replace(/\./g, '-'); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }
  function message(code, fallback) { return T.errors[code] || fallback || T.errors.required; }

  function clearErrors(form) {
    form.querySelectorAll('.error').forEach(function (e) { e.remove(); });
    form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
    form.querySelectorAll('[aria-describedby]').forEach(function (e) {
      var d = e.getAttribute('aria-describedby').split(' ').filter(function (x) { return x && !/-error$/.test(x); }).join(' ');
      if (d) e.setAttribute('aria-describedby', d); else e.removeAttribute('aria-describedby');
    });
  }

  // errors: [{ path, message }]; banner: a message not tied to a field (429, network…).
  function showErrors(form, errors, banner) {
    clearErrors(form);
    var summary = document.getElementById('error-summary');
    summary.innerHTML = '';
    summary.appendChild(el('h2', {}, T.errorsHeading));
    if (banner) summary.appendChild(el('p', {}, banner));
    var shown = {};
    if (errors.length) {
      summary.appendChild(el('p', {}, T.errorsIntro));
      var list = el('ul');
      errors.forEach(function (err) {
        var path = err.path.indexOf('allegation.sections') === 0 ? 'allegation.sections' : err.path;
        var target = path === 'allegation.sections' ? 'allegation-sections' : idOf(path);
        var field = document.getElementById(target);
        var li = el('li');
        var a = el('a', { href: '#' + target }, err.message);
        a.addEventListener('click', function (ev) {
          ev.preventDefault();
          var f = field && (field.matches('fieldset') ? field.querySelector('input') : field);
          if (f) f.focus();
        });
        li.appendChild(a); list.appendChild(li);
        if (!field || shown[target]) return;
        shown[target] = true;
        var msg = el('p', { 'class': 'error', id: target + '-error' }, err.message);
        var check = field.closest('.check');
        if (field.matches('fieldset')) field.querySelector('legend').insertAdjacentElement('afterend', msg);
        else if (check) check.insertAdjacentElement('beforebegin', msg);
        else field.insertAdjacentElement('beforebegin', msg);
        if (!field.matches('fieldset')) field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-describedby', ((field.getAttribute('aria-describedby') || '') + ' ' + msg.id).trim());
      });
      summary.appendChild(list);
    }
    summary.hidden = false;
    summary.setAttribute('role', 'alert');
    summary.focus();
    postHeight();
  }

  var booleans = ['complainant.anonymous', 'allegation.ongoingRisk', 'consent.shareWithNationalOrganization', 'consent.truthful'];

  function toJson(form) {
    var body = { complainant: {}, respondent: {}, allegation: { sections: [] }, consent: {} };
    booleans.forEach(function (p) { var parts = p.split('.'); body[parts[0]][parts[1]] = false; });
    new FormData(form).forEach(function (value, name) {
      var parts = name.split('.');
      if (parts.length !== 2 || !body[parts[0]]) { if (name === 'startedAt' || name === 'website') body[name] = value; return; }
      if (name === 'allegation.sections') body.allegation.sections.push(value);
      else if (booleans.indexOf(name) >= 0) body[parts[0]][parts[1]] = true;
      else if (value.trim() !== '') body[parts[0]][parts[1]] = value.trim();
    });
    return body;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  // The server's rules (ComplaintValidator), checked first so that most mistakes never leave the page.
  function checkLocally(body) {
    var e = [];
    function add(path, code) { e.push({ path: path, message: message(code) }); }
    function text(path, value, max, required) {
      if (!value) { if (required) add(path, 'required'); return false; }
      if (value.length > max) { add(path, 'too-long'); return false; }
      return true;
    }
    var email = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
    var c = body.complainant, r = body.respondent, a = body.allegation;
    text('complainant.name', c.name, 200, !c.anonymous);
    if (text('complainant.email', c.email, 254, !c.anonymous) && !email.test(c.email)) add('complainant.email', 'email');
    text('complainant.phone', c.phone, 40, false);
    if (!c.relationship) add('complainant.relationship', 'choice');
    text('respondent.name', r.name, 200, true);
    text('respondent.membershipNumber', r.membershipNumber, 64, false);
    if (text('respondent.email', r.email, 254, false) && !email.test(r.email)) add('respondent.email', 'email');
    if (!r.countryOfPractice) add('respondent.countryOfPractice', 'country');
    if (!a.sections.length) add('allegation.sections', 'required');
    if (!a.summary) add('allegation.summary', 'required');
    else if (a.summary.length < 50) add('allegation.summary', 'too-short');
    else if (a.summary.length > 20000) add('allegation.summary', 'too-long');
    var now = today(), iso = /^\d{4}-\d{2}-\d{2}$/;
    ['allegation.occurredFrom', 'allegation.occurredTo'].forEach(function (p) {
      var v = a[p.split('.')[1]];
      if (!v) return;
      if (!iso.test(v)) add(p, 'date'); else if (v > now) add(p, 'future-date');
    });
    if (a.occurredFrom && a.occurredTo && iso.test(a.occurredFrom) && iso.test(a.occurredTo) && a.occurredTo < a.occurredFrom && a.occurredTo <= now)
      add('allegation.occurredTo', 'date-order');
    if (!body.consent.shareWithNationalOrganization) add('consent.shareWithNationalOrganization', 'consent');
    if (!body.consent.truthful) add('consent.truthful', 'consent');
    return e;
  }

  // problem+json: errors { path: [English message] } and codes { path: [code] } → translated, by field.
  function problemErrors(problem) {
    var list = [];
    Object.keys(problem.errors || {}).forEach(function (path) {
      var codes = problem.codes && problem.codes[path] || [];
      (problem.errors[path] || []).forEach(function (m, i) { list.push({ path: path, message: message(codes[i], m) }); });
    });
    return list;
  }

  function receiptButtons(container, code) {
    var actions = container.querySelector('#receipt-actions');
    var status = container.querySelector('#copy-status');
    actions.hidden = false;
    container.querySelector('#copy-code').addEventListener('click', function () {
      function failed() { status.textContent = T.doneCopyFailed; }
      if (!navigator.clipboard) { failed(); return; }
      navigator.clipboard.writeText(code).then(function () { status.textContent = T.doneCopied; }, failed);
    });
    container.querySelector('#print-page').addEventListener('click', function () { window.print(); });
  }

  // The proof of work (Security/ProofOfWork.cs): a nonce such that SHA-256("challenge:nonce") begins with `bits` zero bits.
  function solve(challenge, bits) {
    var encoder = new TextEncoder();
    var next = 0;
    function zeros(buffer) {
      var bytes = new Uint8Array(buffer), n = 0;
      for (var i = 0; i < bytes.length; i++) { if (bytes[i] === 0) { n += 8; continue; } return n + Math.clz32(bytes[i]) - 24; }
      return n;
    }
    function batch() {
      var tries = [];
      for (var k = 0; k < 512; k++) tries.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge + ':' + (next + k))));
      return Promise.all(tries).then(function (hashes) {
        for (var k = 0; k < hashes.length; k++) if (zeros(hashes[k]) >= bits) return challenge + ':' + (next + k);
        next += hashes.length;
        return batch();
      });
    }
    return batch();
  }

  function showReceipt(form, answer) {
    var done = document.getElementById('done');
    var lang = form.getAttribute('data-lang');
    done.innerHTML = '';
    done.appendChild(el('h2', { id: 'done-title' }, T.doneTitle));
    var p1 = el('p', {}, T.doneReference + ': '); p1.appendChild(el('strong', { 'class': 'code', id: 'reference' }, answer.reference)); done.appendChild(p1);
    var p2 = el('p', {}, T.doneCode + ': '); p2.appendChild(el('strong', { 'class': 'code', id: 'follow-up-code' }, answer.followUpCode)); done.appendChild(p2);
    done.appendChild(el('p', { 'class': 'keep', role: 'note' }, T.doneKeep));
    var actions = el('p', { 'class': 'no-print', id: 'receipt-actions' });
    actions.appendChild(el('button', { type: 'button', 'class': 'secondary', id: 'copy-code' }, T.doneCopy));
    actions.appendChild(document.createTextNode(' '));
    actions.appendChild(el('button', { type: 'button', 'class': 'secondary', id: 'print-page' }, T.donePrint));
    done.appendChild(actions);
    done.appendChild(el('p', { role: 'status', id: 'copy-status', 'class': 'no-print' }));
    var link = el('p', { 'class': 'no-print' });
    link.appendChild(el('a', { href: base + 'form?lang=' + encodeURIComponent(lang) + '&view=follow-up' }, T.doneFollowUp));
    done.appendChild(link);
    receiptButtons(done, answer.followUpCode);
    form.hidden = true;
    document.getElementById('error-summary').hidden = true;
    done.hidden = false;
    done.focus();
    postHeight();
  }

  // The complaint is stored first; its files then go to the case with the code just given (SPEC §10).
  // A refused file never loses the complaint: the receipt says why and that the follow-up page takes files too.
  function attach(answer) {
    var input = document.getElementById('file');
    if (!input || !input.files.length) { showReceipt(form, answer); return; }
    var data = new FormData();
    data.append('followUpCode', answer.followUpCode);
    Array.prototype.forEach.call(input.files, function (f) { data.append('file', f, f.name); });
    document.getElementById('submit-status').textContent = T.filesSending;
    return fetch(base + 'complaints/' + encodeURIComponent(answer.reference) + '/attachments',
      { method: 'POST', headers: { 'Accept': 'application/json' }, body: data, credentials: 'same-origin' })
      .then(function (r) { return r.status; }, function () { return 0; })
      .then(function (status) {
        document.getElementById('submit-status').textContent = '';
        showReceipt(form, answer);
        if (status === 201) return;
        var why = (T.fileErrors && T.fileErrors[String(status)]) || T.generic;
        var note = el('p', { 'class': 'keep', role: 'alert', id: 'files-failed' }, T.filesFailed.replace('{0}', why));
        var done = document.getElementById('done');
        done.insertBefore(note, done.children[1]);
        postHeight();
      });
  }

  var form = document.getElementById('complaint-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = toJson(form);
      var local = checkLocally(body);
      if (local.length) { showErrors(form, local); return; }
      var button = document.getElementById('submit');
      button.disabled = true; button.textContent = T.sending;
      var status = document.getElementById('submit-status');
      function send(proof) {
        var headers = { 'Content-Type': 'application/json' };
        if (proof) headers['Proof-Of-Work'] = proof;
        return fetch(base + 'complaints', { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
          .then(function (r) {
            return r.text().then(function (t) { var j = null; try { j = JSON.parse(t); } catch (e) { j = null; } return { status: r.status, body: j }; });
          });
      }
      send(null)
        .then(function (res) {
          // A valid complaint is first answered with a challenge (428): solve it, then send again.
          if (res.status !== 428 || !res.body || !res.body.challenge) return res;
          if (!(window.crypto && crypto.subtle && window.TextEncoder)) { form.submit(); return null; } // the no-script way
          status.textContent = T.proofWorking;
          return solve(res.body.challenge, res.body.bits).then(function (proof) { status.textContent = T.proofDone; return send(proof); });
        })
        .then(function (res) {
          if (!res) return;
          status.textContent = '';
          if (res.status === 202 && res.body && res.body.followUpCode) return attach(res.body);
          if (res.status === 400 && res.body && res.body.errors && Object.keys(res.body.errors).some(function (k) { return k; })) { showErrors(form, problemErrors(res.body)); return; }
          showErrors(form, [], res.status === 429 ? T.tooMany : res.status === 400 ? T.tooFast : T.generic);
        })
        .catch(function () { status.textContent = ''; showErrors(form, [], T.generic); })
        .finally(function () { button.disabled = false; button.textContent = T.submit; });
    });
  }

  // A receipt rendered by the server (no-script post, then script on the answer page).
  var code = document.getElementById('follow-up-code');
  if (!form && code && document.getElementById('receipt-actions')) receiptButtons(document.getElementById('done'), code.textContent);

  // The follow-up page posts as a plain form; the script only catches empty fields and the unticked confirmation first.
  var follow = document.getElementById('follow-up-form');
  if (follow) {
    follow.addEventListener('submit', function (ev) {
      var errors = [];
      if (!follow.reference.value.trim()) errors.push({ path: 'reference', message: message('required') });
      if (!follow.followUpCode.value.trim()) errors.push({ path: 'followUpCode', message: message('required') });
      if (errors.length) { ev.preventDefault(); showErrors(follow, errors); }
    });
  }
  var withdraw = document.getElementById('withdraw-form');
  if (withdraw) {
    withdraw.addEventListener('submit', function (ev) {
      if (!withdraw.confirm.checked) { ev.preventDefault(); showErrors(withdraw, [{ path: 'confirm', message: T.confirmWithdraw }]); }
    });
  }
})();
