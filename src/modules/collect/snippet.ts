/**
 * The website snippet served at /t.js?k=<write key>, with the key's settings baked in. Kept small
 * (snippet.test.ts holds it under 5 KB gzipped) and dependency-free. What it does:
 * - a page view on load and on history changes (url, title, referrer; UTM ride in the url),
 *   `rapport.track(name, props)`, `rapport.identify(emailOrId, traits)`, `rapport.reset()`;
 * - a form submitted with an email field identifies the visitor (not forms marked data-rapport-ignore);
 * - events are queued and sent in batches with navigator.sendBeacon (text/plain: no preflight),
 *   every few seconds, at 20 events, and when the page is hidden;
 * - sessions end after 30 minutes without activity;
 * - consent mode (`requireConsent`): nothing is stored (no cookie, no localStorage) and nothing
 *   is sent until the site calls `rapport.consent(true)`; `consent(false)` drops the queue;
 * - with `honorPrivacySignals`, a browser sending Global Privacy Control or Do Not Track records nothing.
 * Calls made before the script loaded (`window.rapport = window.rapport || []; rapport.push(['track', …])`) are replayed.
 */
export interface SnippetConfig {
  key: string;
  endpoint: string;
  honorPrivacySignals: boolean;
  requireConsent: boolean;
}

const SOURCE = `(function (w, d, C) {
  var nav = navigator, queue = [], mem = {}, timer = 0;
  var granted = !C.c, off = C.p && (nav.globalPrivacyControl === true || nav.doNotTrack === '1' || w.doNotTrack === '1');
  var early = Array.isArray(w.rapport) ? w.rapport : [];
  function id() {
    return w.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function get(k) {
    if (!(k in mem) && granted) try { mem[k] = localStorage.getItem('rapport_' + k); } catch (e) {}
    return mem[k];
  }
  function set(k, v) {
    mem[k] = v;
    if (granted) try { v == null ? localStorage.removeItem('rapport_' + k) : localStorage.setItem('rapport_' + k, v); } catch (e) {}
  }
  function anon() { return get('aid') || (set('aid', id()), mem.aid); }
  function session() {
    var now = Date.now(), last = +get('sat') || 0, sid = get('sid');
    if (!sid || now - last > 1800000) set('sid', sid = id());
    set('sat', String(now));
    return sid;
  }
  function send() {
    clearTimeout(timer); timer = 0;
    if (!queue.length || !granted || off) return;
    var body = JSON.stringify({ k: C.k, b: queue.splice(0, 100) });
    var ok = false;
    try { ok = nav.sendBeacon(C.u, new Blob([body], { type: 'text/plain' })); } catch (e) {}
    if (!ok && w.fetch) fetch(C.u, { method: 'POST', body: body, keepalive: true, mode: 'cors', headers: { 'content-type': 'text/plain' } }).catch(function () {});
    if (queue.length) send();
  }
  function push(e) {
    if (off) return;
    e.eventId = id(); e.timestamp = new Date().toISOString(); e.anonymousId = anon(); e.sessionId = session();
    e.url = e.url || location.href;
    queue.push(e);
    if (queue.length >= 20) send(); else if (!timer) timer = setTimeout(send, 3000);
  }
  var api = {
    page: function (props) { push({ type: 'page', title: d.title, referrer: d.referrer || undefined, properties: props }); },
    track: function (name, props) { push({ type: 'track', name: String(name), properties: props }); },
    identify: function (who, traits) {
      who = String(who || '').trim();
      if (!who) return;
      var e = { type: 'identify', traits: traits };
      if (who.indexOf('@') > 0) e.email = who; else e.userId = who;
      push(e); send();
    },
    consent: function (yes) {
      granted = !!yes;
      if (!granted) { queue.length = 0; return; }
      for (var k in mem) if (mem[k] != null) set(k, mem[k]);
      send();
    },
    reset: function () { send(); set('aid', null); set('sid', null); delete mem.aid; delete mem.sid; }
  };
  w.rapport = api;
  d.addEventListener('submit', function (ev) {
    var f = ev.target, el = f && f.querySelector && f.querySelector('input[type=email]');
    if (!el || !el.value || f.hasAttribute('data-rapport-ignore')) return;
    var v = function (n) { var x = f.querySelector('[name=' + n + ']'); return x && x.value || undefined; };
    api.identify(el.value, { firstName: v('first_name') || v('firstName'), lastName: v('last_name') || v('lastName') });
  }, true);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') send(); });
  w.addEventListener('pagehide', send);
  var ps = history.pushState, where = location.href;
  function moved() { if (location.href !== where) { where = location.href; api.page(); } }
  history.pushState = function () { ps.apply(history, arguments); moved(); };
  w.addEventListener('popstate', moved);
  api.page();
  for (var i = 0; i < early.length; i++) { var c = early[i]; if (c && api[c[0]]) api[c[0]].apply(api, c.slice(1)); }
})(window, document, __CONFIG__);
`;

export function snippetSource(config: SnippetConfig): string {
  const c = { k: config.key, u: config.endpoint, p: config.honorPrivacySignals, c: config.requireConsent };
  return SOURCE.replace('__CONFIG__', JSON.stringify(c).replace(/</g, '\\u003c'));
}
