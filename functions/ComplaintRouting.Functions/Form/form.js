// Enhances the server-rendered complaint and follow-up forms: JSON submit, inline errors with an
// error summary that takes focus, the one-time receipt with copy and print, and the page height
// for an embedding page. Without this script both forms still work (plain form posts).
(function () {
  'use strict';
  var textsEl = document.getElementById('texts');
  var T = textsEl ? JSON.parse(textsEl.textContent) : {};

  function postHeight() {
    if (window.parent !== window) {
      window.parent.postMessage({ type: 'complaint-form:height', height: document.documentElement.scrollHeight }, '*');
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

  function clearErrors(form) {
    form.querySelectorAll('.error[data-client]').forEach(function (e) { e.remove(); });
    form.querySelectorAll('[aria-invalid]').forEach(function (e) {
      e.removeAttribute('aria-invalid');
      var d = (e.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return !/-error$/.test(x); }).join(' ');
      if (d) e.setAttribute('aria-describedby', d); else e.removeAttribute('aria-describedby');
    });
  }

  function showErrors(form, errors, banner) {
    clearErrors(form);
    var summary = document.getElementById('error-summary');
    summary.innerHTML = '';
    summary.appendChild(el('h2', {}, T.errorsHeading));
    if (banner) summary.appendChild(el('p', {}, banner));
    if (errors.length) {
      summary.appendChild(el('p', {}, T.errorsIntro));
      var list = el('ul');
      errors.forEach(function (err) {
        var path = err.path.indexOf('allegation.sections') === 0 ? 'allegation.sections' : err.path;
        var target = path === 'allegation.sections' ? 'allegation-sections' : idOf(path);
        var li = el('li'); var a = el('a', { href: '#' + target }, err.message);
        a.addEventListener('click', function (ev) { ev.preventDefault(); var t = document.getElementById(target); var f = t && (t.matches('fieldset') ? t.querySelector('input') : t); if (f) f.focus(); });
        li.appendChild(a); list.appendChild(li);
        var field = document.getElementById(target);
        if (field && !document.getElementById(idOf(path) + '-error')) {
          var msg = el('p', { 'class': 'error', id: idOf(path) + '-error', 'data-client': '' }, err.message);
          var anchor = field.matches('fieldset') ? field.querySelector('legend') : (field.closest('.check') || field.previousElementSibling || field);
          anchor.insertAdjacentElement('afterend', msg);
          if (!field.matches('fieldset')) field.setAttribute('aria-invalid', 'true');
          field.setAttribute('aria-describedby', ((field.getAttribute('aria-describedby') || '') + ' ' + msg.id).trim());
        }
      });
      summary.appendChild(list);
    }
    summary.hidden = false;
    summary.setAttribute('role', 'alert');
    summary.focus();
    postHeight();
  }

  function toJson(form) {
    var body = { complainant: {}, respondent: {}, allegation: { sections: [] }, consent: {} };
    var booleans = ['complainant.anonymous', 'allegation.ongoingRisk', 'consent.shareWithNationalOrganization', 'consent.truthful'];
    booleans.forEach(function (p) { var parts = p.split('.'); body[parts[0]][parts[1]] = false; });
    new FormData(form).forEach(function (value, name) {
      var parts = name.split('.');
      if (parts.length !== 2 || !body[parts[0]]) { if (name === 'startedAt' || name === 'website') body[name] = value; return; }
      if (name === 'allegation.sections') body.allegation.sections.push(value);
      else if (booleans.indexOf(name) >= 0) body[parts[0]][parts[1]] = true;
      else if (value !== '') body[parts[0]][parts[1]] = value;
    });
    return body;
  }

  function checkLocally(body) {
    var e = [];
    var anonymous = body.complainant.anonymous;
    if (!anonymous && !body.complainant.name) e.push({ path: 'complainant.name', message: T.required });
    if (!anonymous && !body.complainant.email) e.push({ path: 'complainant.email', message: T.required });
    else if (body.complainant.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.complainant.email)) e.push({ path: 'complainant.email', message: T.email });
    if (!body.complainant.relationship) e.push({ path: 'complainant.relationship', message: T.choice });
    if (!body.respondent.name) e.push({ path: 'respondent.name', message: T.required });
    if (!body.respondent.countryOfPractice) e.push({ path: 'respondent.countryOfPractice', message: T.country });
    if (!body.allegation.sections.length) e.push({ path: 'allegation.sections', message: T.required });
    var summary = (body.allegation.summary || '').trim();
    if (summary.length < 50) e.push({ path: 'allegation.summary', message: T.tooShort });
    if (!body.consent.shareWithNationalOrganization) e.push({ path: 'consent.shareWithNationalOrganization', message: T.consent });
    if (!body.consent.truthful) e.push({ path: 'consent.truthful', message: T.consent });
    return e;
  }

  function problemErrors(problem) {
    var list = [];
    Object.keys(problem.errors || {}).forEach(function (path) {
      (problem.errors[path] || []).forEach(function (m) { list.push({ path: path, message: T.serverErrors && T.serverErrors[m] || m }); });
    });
    return list;
  }

  function showReceipt(answer) {
    var done = document.getElementById('done');
    var form = document.getElementById('complaint-form');
    done.innerHTML = '';
    done.appendChild(el('h2', { id: 'done-title' }, T.doneTitle));
    var p1 = el('p', {}, T.doneReference + ': '); p1.appendChild(el('strong', { 'class': 'code', id: 'reference' }, answer.reference)); done.appendChild(p1);
    var p2 = el('p', {}, T.doneCode + ': '); p2.appendChild(el('strong', { 'class': 'code', id: 'follow-up-code' }, answer.followUpCode)); done.appendChild(p2);
    done.appendChild(el('p', { 'class': 'keep', role: 'note' }, T.doneKeep));
    var copy = el('button', { type: 'button', 'class': 'secondary' }, T.doneCopy);
    var status = el('p', { role: 'status', 'aria-live': 'polite' });
    copy.addEventListener('click', function () {
      if (navigator.clipboard) navigator.clipboard.writeText(answer.followUpCode).then(function () { status.textContent = T.doneCopied; }, function () {});
    });
    var print = el('button', { type: 'button', 'class': 'secondary' }, T.donePrint);
    print.addEventListener('click', function () { window.print(); });
    done.appendChild(copy); done.appendChild(document.createTextNode(' ')); done.appendChild(print); done.appendChild(status);
    var link = el('p', { 'class': 'no-print' }); link.appendChild(el('a', { href: 'form?lang=' + encodeURIComponent(form.dataset.lang) + '&view=follow-up' }, T.doneFollowUp)); done.appendChild(link);
    form.hidden = true;
    document.getElementById('error-summary').hidden = true;
    done.hidden = false;
    done.focus();
    postHeight();
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
      fetch(form.getAttribute('action'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
        .then(function (r) {
          return r.text().then(function (t) { var j = null; try { j = JSON.parse(t); } catch (e) {} return { status: r.status, body: j }; });
        })
        .then(function (res) {
          if (res.status === 202 && res.body) { showReceipt(res.body); return; }
          if (res.status === 400 && res.body && res.body.errors && Object.keys(res.body.errors).some(function (k) { return k; })) { showErrors(form, problemErrors(res.body)); return; }
          showErrors(form, [], res.status === 429 ? T.tooMany : res.status === 400 ? T.tooFast : T.generic);
        })
        .catch(function () { showErrors(form, [], T.generic); })
        .finally(function () { button.disabled = false; button.textContent = T.submit; });
    });
  }

  var follow = document.getElementById('follow-up-form');
  if (follow) {
    follow.addEventListener('submit', function (ev) {
      var action = ev.submitter && ev.submitter.value || 'status';
      var reference = follow.reference.value.trim();
      var code = follow.followUpCode.value.trim();
      if (action === 'withdraw' && !follow.confirm.checked) { ev.preventDefault(); follow.confirm.focus(); return; }
      if (!reference || !code) return; // let the server answer the plain post with its message
      ev.preventDefault();
      fetch('complaints/' + encodeURIComponent(reference) + '/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ followUpCode: code }) })
        .then(function (r) { return r.text().then(function (t) { var j = null; try { j = JSON.parse(t); } catch (e) {} return { status: r.status, body: j }; }); })
        .then(function (res) {
          var box = document.getElementById('follow-up-result');
          box.innerHTML = '';
          if (res.status === 200 && res.body) {
            box.appendChild(el('h2', { id: 'status-title' }, res.body.reference));
            var p = el('p', {}, T.statusLabel + ': '); p.appendChild(el('strong', {}, T.statuses[res.body.status] || res.body.status)); box.appendChild(p);
            box.appendChild(el('h3', {}, T.timeline));
            var ol = el('ol');
            res.body.timeline.forEach(function (e) { ol.appendChild(el('li', {}, new Date(e.at).toLocaleDateString(document.documentElement.lang) + ': ' + (T.statuses[e.status] || e.status))); });
            box.appendChild(ol);
          } else {
            box.appendChild(el('p', { 'class': 'error' }, res.status === 409 ? T.refused + ' ' + (res.body && res.body.detail || '') : res.status === 429 ? T.tooMany : T.notFound));
          }
          box.hidden = false; box.focus(); postHeight();
        })
        .catch(function () { var box = document.getElementById('follow-up-result'); box.textContent = T.generic; box.hidden = false; box.focus(); });
    });
  }
})();
