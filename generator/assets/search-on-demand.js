/*
 * Search on demand: the theme fetches its whole search index as soon as a page loads, which on a
 * large course is most of what a first visit downloads. This script, loaded before the theme's,
 * holds that one request back until the reader starts a search (focuses or clicks the search
 * field or button, or presses a search shortcut: / s f, or Ctrl/Cmd+K), then lets it through.
 * It works with Material for MkDocs (search/search_index.json) and Zensical (search.json), and
 * changes no other request.
 */
(function () {
  "use strict";
  var INDEX = /\/(?:search\/search_index|search)\.json$/;
  var started = false;
  var waiting = [];

  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach(function (release) { release(); });
  }

  function isIndex(url) {
    try {
      return INDEX.test(new URL(String(url), location.href).pathname);
    } catch (error) {
      return false;
    }
  }

  // The themes request the index with XMLHttpRequest (Material for MkDocs 9, Zensical) ...
  var held = typeof WeakSet === "function" ? new WeakSet() : null;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  if (held) {
    XMLHttpRequest.prototype.open = function (method, url) {
      if (isIndex(url)) held.add(this); else held.delete(this);
      return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      if (started || !held.has(this)) return send.apply(this, arguments);
      var request = this, args = arguments;
      waiting.push(function () { send.apply(request, args); });
    };
  }

  // ... or with fetch.
  var realFetch = window.fetch;
  if (typeof realFetch === "function") {
    window.fetch = function (input, init) {
      if (started || !isIndex(typeof input === "string" ? input : (input && input.url) || input)) {
        return realFetch.call(window, input, init);
      }
      return new Promise(function (resolve, reject) {
        waiting.push(function () { realFetch.call(window, input, init).then(resolve, reject); });
      });
    };
  }

  function inSearch(target) {
    return target instanceof Element &&
      target.closest("[data-md-component=search], label[for=__search], .md-search__button") !== null;
  }

  function editable(target) {
    return target instanceof Element &&
      (target.isContentEditable || /^(?:input|textarea|select)$/i.test(target.tagName));
  }

  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) start(); }, true);
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) start(); }, true);
  document.addEventListener("keydown", function (event) {
    var key = (event.key || "").toLowerCase();
    if ((event.metaKey || event.ctrlKey) && key === "k") start();
    else if (!event.metaKey && !event.ctrlKey && !event.altKey && "/sf".indexOf(key) >= 0 && key && !editable(event.target)) start();
  }, true);
  // A link to a search (?q=...) opens the search at once.
  if (/[?&]q=/.test(location.search)) start();
})();
