import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Display name for the From address (MAIL_FROM's address is kept, so SPF/DKIM still align). */
  fromName?: string;
  /** Extra headers, e.g. List-Unsubscribe (see src/modules/audience/list-unsubscribe.ts). */
  headers?: Record<string, string>;
  /** A From address other than MAIL_FROM's (a help-desk inbox's own address). */
  fromAddress?: string;
  html?: string;
  replyTo?: string;
  /** Threading (help-desk replies): this message's id and the ones it answers. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; path: string; contentType: string }[];
}

/**
 * Where outgoing mail goes. SMTP today; a provider API could implement the same interface.
 * Senders depend on this, never on nodemailer, so tests point it at a local SMTP sink.
 */
export interface Transport {
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
}

class SmtpTransport implements Transport {
  readonly enabled = true;
  private readonly mailer: Transporter;
  constructor(url: string, private readonly from: string) {
    this.mailer = nodemailer.createTransport(url);
  }
  async send(message: MailMessage): Promise<void> {
    const address = message.fromAddress ?? addressOf(this.from);
    const from = message.fromName ? { name: message.fromName, address } : message.fromAddress ?? this.from;
    await this.mailer.sendMail({
      from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers, replyTo: message.replyTo,
      messageId: message.messageId, inReplyTo: message.inReplyTo, references: message.references, attachments: message.attachments,
    });
  }
}

/** "Rapport <no-reply@x>" → "no-reply@x". */
export function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}

/** Without SMTP_URL nothing is sent; callers check `enabled` and skip email. */
const disabled: Transport = {
  enabled: false,
  send: async () => {
    throw new Error('Email is disabled: set SMTP_URL');
  },
};

const cache = new WeakMap<Config, Transport>();

/** One transport per configuration (per process), built on first use. */
export function mailTransport(config: Config, log: Logger): Transport {
  let transport = cache.get(config);
  if (!transport) {
    if (config.SMTP_URL) transport = new SmtpTransport(config.SMTP_URL, config.MAIL_FROM);
    else {
      log.info('email is disabled (SMTP_URL is not set); reminders are in-app only');
      transport = disabled;
    }
    cache.set(config, transport);
  }
  return transport;
}
