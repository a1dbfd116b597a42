// The widget's shadow-DOM interface: a launcher, and a panel with the conversation, an email
// form (identify), the composer, or, with no agent online, a form that leaves a message by email.
import { styles } from './styles';

export interface UiHandlers {
  send(text: string): void;
  typing(): void;
  identify(email: string, name: string): void;
  offline(email: string, name: string, text: string): void;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

function field(form: HTMLFormElement, id: string, label: string, input: HTMLInputElement | HTMLTextAreaElement) {
  input.id = id;
  form.append(el('label', { for: id }, label), input);
  return input;
}

export class WidgetUi {
  private readonly root: ShadowRoot;
  private readonly style = el('style');
  private readonly panel = el('div', { class: 'panel', role: 'dialog', 'aria-label': 'Chat with us', hidden: '' });
  private readonly launcher = el('button', { class: 'launcher', 'aria-label': 'Open chat', 'aria-expanded': 'false', 'data-rapport': 'launcher' });
  private readonly status = el('p', {}, 'Connecting…');
  private readonly log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'data-rapport': 'log' });
  private readonly typingLine = el('div', { class: 'typing', 'aria-live': 'polite' });
  private readonly composer = el('form', { 'data-rapport': 'composer', hidden: '' });
  private readonly identifyForm = el('form', { 'data-rapport': 'identify', hidden: '' });
  private readonly offlineForm = el('form', { class: 'offline', 'data-rapport': 'offline', hidden: '' });
  private readonly bubbles = new Map<string, HTMLElement>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: HTMLElement, private readonly on: UiHandlers) {
    this.root = host.attachShadow({ mode: 'open' });
    this.setColors({});
    const header = el('header');
    const titles = el('div');
    titles.append(el('h2', {}, 'Chat with us'), this.status);
    const close = el('button', { class: 'close', 'aria-label': 'Close chat' }, '×');
    close.onclick = () => this.toggle(false);
    header.append(titles, close);
    // A speech bubble drawn inline: an emoji needs a font the visitor's system may not have.
    this.launcher.innerHTML = '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';
    this.launcher.onclick = () => this.toggle(this.panel.hidden);
    this.buildForms();
    this.panel.append(header, this.log, this.typingLine, this.identifyForm, this.composer, this.offlineForm);
    this.root.append(this.style, this.panel, this.launcher);
  }

  private buildForms(): void {
    const text = field(this.composer, 'rc-text', 'Your message', el('textarea', { maxlength: '4000', 'data-rapport': 'text', rows: '1' }));
    text.previousElementSibling!.classList.add('sr');
    text.oninput = () => this.on.typing();
    text.onkeydown = (e) => {
      if ((e as KeyboardEvent).key === 'Enter' && !(e as KeyboardEvent).shiftKey) {
        e.preventDefault();
        this.composer.requestSubmit();
      }
    };
    this.composer.append(el('button', { class: 'primary', type: 'submit', 'data-rapport': 'send' }, 'Send'));
    this.composer.onsubmit = (e) => {
      e.preventDefault();
      if (!text.value.trim()) return;
      this.on.send(text.value.trim());
      text.value = '';
    };
    const email = field(this.identifyForm, 'rc-email', 'Your email, to get replies if you leave', el('input', { type: 'email', autocomplete: 'email', required: '', 'data-rapport': 'identify-email' }));
    this.identifyForm.append(el('button', { class: 'primary', type: 'submit' }, 'Save'));
    this.identifyForm.onsubmit = (e) => {
      e.preventDefault();
      this.on.identify(email.value.trim(), '');
    };
    this.offlineForm.append(el('p', { class: 'note' }, 'No one is online right now. Leave a message and we will answer by email.'));
    const oName = field(this.offlineForm, 'rc-o-name', 'Name', el('input', { autocomplete: 'name', 'data-rapport': 'offline-name' }));
    const oEmail = field(this.offlineForm, 'rc-o-email', 'Email', el('input', { type: 'email', autocomplete: 'email', required: '', 'data-rapport': 'offline-email' }));
    const oText = field(this.offlineForm, 'rc-o-text', 'Message', el('textarea', { required: '', maxlength: '4000', 'data-rapport': 'offline-text' }));
    this.offlineForm.append(el('button', { class: 'primary', type: 'submit', 'data-rapport': 'offline-send' }, 'Send by email'));
    this.offlineForm.onsubmit = (e) => {
      e.preventDefault();
      this.on.offline(oEmail.value.trim(), oName.value.trim(), oText.value.trim());
    };
  }

  setColors(c: { primary?: string; text?: string }, side?: 'right' | 'left'): void {
    this.style.textContent = styles(c.primary ?? '#1864ab', c.text ?? '#ffffff', side === 'left' ? 'left' : 'right');
  }

  toggle(open: boolean): void {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    if (open) (this.composer.hidden ? this.offlineForm : this.composer).querySelector<HTMLElement>('textarea, input')?.focus();
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** Online: the composer (and the email form until we know the email); offline: the leave-a-message form. */
  setMode(online: boolean, email: string | null, hasChat: boolean): void {
    this.composer.hidden = !online && !hasChat;
    this.offlineForm.hidden = online || hasChat;
    this.identifyForm.hidden = !!email || this.composer.hidden;
  }

  note(text: string): void {
    this.log.append(el('p', { class: 'note', 'data-rapport': 'note' }, text));
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Adds a message, or confirms a pending one (same client id) in place. */
  message(m: { from: 'visitor' | 'agent'; text: string; name?: string | null; cid?: string | null; pending?: boolean }): void {
    const existing = m.cid ? this.bubbles.get(m.cid) : undefined;
    if (existing) {
      existing.classList.toggle('pending', !!m.pending);
      return;
    }
    const bubble = el('div', { class: `bubble ${m.from}${m.pending ? ' pending' : ''}`, 'data-rapport': `msg-${m.from}` });
    if (m.from === 'agent') bubble.append(el('span', { class: 'who' }, m.name || 'Support'));
    bubble.append(document.createTextNode(m.text));
    if (m.cid) this.bubbles.set(m.cid, bubble);
    this.log.append(bubble);
    this.log.scrollTop = this.log.scrollHeight;
    if (m.from === 'agent') this.typingLine.textContent = '';
  }

  agentTyping(): void {
    this.typingLine.textContent = 'Support is typing…';
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.typingLine.textContent = ''), 4000);
  }
}
