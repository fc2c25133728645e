/* The search index loads when the reader turns to search, not with every page.

   Material's bundle requests search/search_index.json as soon as a page loads: a reader who never searches
   would download the whole site's text on every first visit. This holds that one request until the search
   box gets the focus (a click or tap on it or on the search icon, the "/", "s" or "f" shortcut, Tab), and
   sends it at once on a page opened from a search result (?h=) or a shared search (?q=). Material waits
   for the index in any case and says "Initializing search" meanwhile. Loaded before Material's bundle. */
(function () {
  "use strict";
  var held = [];
  var index = new WeakSet();
  var wanted = /[?&][qh]=/.test(location.search);
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    if (/\/search\/search_index\.json$/.test(new URL(url, location.href).pathname)) index.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!wanted && index.has(request)) {
      held.push(function () { if (request.readyState === XMLHttpRequest.OPENED) send.apply(request, args); });
      return;
    }
    return send.apply(request, args);
  };

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }
  function inSearch(event) {
    var target = event.target;
    return target instanceof Element && (target.id === "__search" || !!target.closest("form[name=search]"));
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event)) release(); });
  document.addEventListener("change", function (event) { if (inSearch(event) && event.target.checked) release(); });
  document.addEventListener("pointerdown", function (event) {
    if (event.target instanceof Element && event.target.closest("[for=__search], form[name=search]")) release();
  });
})();
