import type { AppContext } from '../context.js';
import { bounceInboundHandler } from '../modules/bounces/bounces.inbound.js';
import type { InboundMail } from './inbound-server.js';

/**
 * A module that receives mail: it claims recipient addresses (VERP bounce addresses, a help-desk
 * inbox's address) and handles each message sent to one. `handle` throwing makes the listener
 * answer 451 so the sending server retries; a message the handler rejects on purpose (malformed,
 * a loop) should be logged and dropped instead, never thrown.
 */
export interface InboundHandler {
  name: string;
  accepts(recipient: string): boolean | Promise<boolean>;
  handle(mail: InboundMail): Promise<void>;
}

export type InboundHandlerFactory = (ctx: AppContext) => InboundHandler;

/** Every module's inbound handler; the first that accepts a recipient gets its mail. */
export const INBOUND_HANDLERS: InboundHandlerFactory[] = [
  bounceInboundHandler,
];
