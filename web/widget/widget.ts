// Rapport's chat widget, embedded with one tag:
//   <script src="https://rapport.example/widget.js" data-widget-key="wk_…" async></script>
// No framework; the UI lives in a shadow root; the socket reconnects and resumes.
import { ChatConnection } from './connection';
import { WidgetUi } from './ui';

function start(script: HTMLScriptElement): void {
  const key = script.dataset.widgetKey;
  if (!key || document.querySelector('[data-rapport-chat]')) return;
  const base = new URL(script.src);
  const url = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}/ws/chat?key=${encodeURIComponent(key)}`;
  const host = document.createElement('div');
  host.setAttribute('data-rapport-chat', '');
  document.body.appendChild(host);
  let online = false;
  let email: string | null = null;
  let hasChat = false;
  let lastTyping = 0;
  const ui: WidgetUi = new WidgetUi(host, {
    send: (text) => {
      const cid = conn.send(text);
      hasChat = true;
      lastTyping = 0; // the next keystroke is news again
      ui.message({ from: 'visitor', text, cid, pending: true });
    },
    typing: () => {
      if (Date.now() - lastTyping < 2000) return;
      lastTyping = Date.now();
      conn.typing();
    },
    identify: (e, name) => conn.identify(e, name),
    offline: (e, name, text) => conn.offline(e, name, text),
  });
  const conn: ChatConnection = new ChatConnection(url, key, {
    welcome: (w, resumed) => {
      online = w.online;
      email = w.email;
      ui.setColors(w.colors ?? {}, w.position);
      if (!resumed && w.greeting) ui.note(w.greeting);
      for (const m of w.messages) ui.message(m);
      hasChat = hasChat || w.messages.length > 0 || conn.pending.length > 0;
      for (const o of conn.pending) ui.message({ from: 'visitor', text: o.text, cid: o.cid, pending: true });
      ui.setMode(online, email, hasChat);
    },
    message: (m) => ui.message(m),
    acked: (cid) => ui.message({ from: 'visitor', text: '', cid, pending: false }),
    typing: () => ui.agentTyping(),
    status: (s) => ui.setStatus(s === 'open' ? (online ? 'We are online' : 'We reply by email') : s === 'refused' ? 'Chat unavailable' : s === 'connecting' ? 'Connecting…' : 'Reconnecting…'),
    ended: () => ui.note('This chat has ended. Write again any time.'),
    identified: (e) => {
      email = e;
      ui.setMode(online, email, hasChat);
      ui.note(`We will also reply to ${e}.`);
    },
    offlineSent: () => ui.note('Thanks! We will answer by email.'),
    error: (message) => ui.note(message),
  });
  conn.connect();
}

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
}
