// One <script src="https://HOST/api/embed.js" data-lang="fr"></script> on a host page inserts the
// complaint form in an iframe right after the tag and keeps the iframe as tall as its content.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var src = new URL(script.src, document.baseURI);
  var origin = src.origin;
  var lang = script.getAttribute('data-lang') || document.documentElement.lang || '';
  var view = script.getAttribute('data-view') || '';
  var titles = /*TITLES*/{};
  var primary = lang.toLowerCase().split('-')[0];
  var frame = document.createElement('iframe');
  frame.src = origin + src.pathname.replace(/embed\.js$/, 'form') + '?embed=1' + (lang ? '&lang=' + encodeURIComponent(lang) : '') + (view ? '&view=' + encodeURIComponent(view) : '');
  frame.title = script.getAttribute('data-title') || titles[primary] || titles.en || 'Complaint form';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.minHeight = '30rem';
  frame.setAttribute('loading', 'lazy');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  script.insertAdjacentElement('afterend', frame);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== 'complaint-form:height' || typeof data.height !== 'number') return;
    frame.style.height = Math.max(200, Math.min(data.height, 100000)) + 'px';
  });
})();
