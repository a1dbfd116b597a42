// Renderers for orders from shops, the API and CSV imports, and for messages from chat gateways.
import { humanize } from '../lib/format';
import { dataOf, joined, money, str, text, type Renderer, type TimelineEventLike } from './event-text';

const SOURCE: Record<string, string> = { shopify: 'Shopify', woocommerce: 'WooCommerce', csv: 'an import', api: 'the API' };
const CHANNEL: Record<string, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', facebook: 'Facebook Messenger' };
const status = (v: unknown) => humanize(str(v) || 'unknown').toLowerCase();

function orderDetail(e: TimelineEventLike): string | null {
  const d = dataOf(e);
  const items = typeof d.items === 'number' ? `${d.items} ${d.items === 1 ? 'item' : 'items'}` : '';
  const refunded = typeof d.refunded === 'number' && d.refunded > 0 ? `${money(d.refunded, d.currency)} refunded` : '';
  const source = str(d.source) ? `via ${SOURCE[str(d.source)] ?? humanize(str(d.source))}` : '';
  return joined([str(d.externalId) ? `order ${str(d.externalId)}` : '', items, refunded, source]);
}

export const ORDER_RENDERERS: Record<string, Renderer> = {
  order_placed: (e) => {
    const d = dataOf(e);
    const amount = money(d.total, d.currency);
    return text(`Placed an order${amount ? ` of ${amount}` : ''}${d.status && d.status !== 'paid' ? ` (${status(d.status)})` : ''}`, orderDetail(e));
  },
  order_status_changed: (e) => {
    const d = dataOf(e);
    return text(`Order ${status(d.from)} → ${status(d.to)}`, orderDetail(e));
  },
  message_received: (e) => {
    const channel = str(dataOf(e).channel);
    return text(`Wrote on ${CHANNEL[channel] ?? (channel ? humanize(channel) : 'a chat channel')}`, str(dataOf(e).excerpt) || null);
  },
};
