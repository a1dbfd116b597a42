import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { retryUniqueRace } from '../../lib/unique-race.js';
import { recordReceipt } from '../channels/channels.repo.js';
import { channelForHook, hookActor } from '../channels/channels.service.js';
import { jsonOf } from '../channels/raw-body.js';
import { bodySignatureValid } from '../channels/signatures.js';
import { upsertOrderIn } from './order-write.js';
import { upsertOrderBody } from './orders.schema.js';
import { shopifyOrder, wooOrder } from './shop-payloads.js';

export type Shop = 'shopify' | 'woocommerce';
export interface ShopDelivery {
  workspaceId: number;
  raw: Buffer;
  signature: string | undefined;
  topic: string | undefined;
  deliveryId: string | undefined;
}

const TOPICS: Record<Shop, string[]> = { shopify: ['orders/create', 'orders/updated'], woocommerce: ['order.created', 'order.updated'] };
const unauthorized = () => new AppError(ErrorCode.UNAUTHENTICATED, 'The webhook signature is missing or wrong');

/**
 * A shop's order webhook: the HMAC of the raw body under the workspace's secret first (nothing is
 * parsed before it holds), then the topic, then the delivery id — recorded in the same
 * transaction as the order, so a replay is refused while a failed delivery can be retried.
 */
export async function receiveShopOrder(options: { ctx: AppContext; shop: Shop; delivery: ShopDelivery }) {
  const { ctx, shop, delivery } = options;
  // WooCommerce pings a new webhook with an unsigned form body "webhook_id=N": acknowledged, nothing done.
  if (shop === 'woocommerce' && !delivery.signature && /^webhook_id=\d{1,20}$/.test(delivery.raw.toString('latin1'))) return { accepted: false as const, reason: 'ping' };
  const channel = await channelForHook(ctx, delivery.workspaceId, shop);
  if (!channel || !bodySignatureValid(channel.secret, delivery.raw, delivery.signature)) throw unauthorized();
  if (!delivery.topic || !TOPICS[shop].includes(delivery.topic)) return { accepted: false as const, reason: `topic ${delivery.topic ?? '(none)'} is not an order creation or update` };
  if (!delivery.deliveryId) throw AppError.invalid({ path: 'headers', message: `the ${shop === 'shopify' ? 'X-Shopify-Webhook-Id' : 'X-WC-Webhook-Delivery-ID'} header is required` });
  const payload = jsonOf(delivery.raw);
  const parsed = upsertOrderBody.safeParse(shop === 'shopify' ? shopifyOrder(payload) : wooOrder(payload));
  if (!parsed.success) throw AppError.invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })));
  const actor = hookActor(delivery.workspaceId, shop);
  return retryUniqueRace(() => ctx.db.transaction().execute(async (trx) => {
    if (!(await recordReceipt(trx, delivery.workspaceId, shop, delivery.deliveryId!))) {
      throw AppError.conflict(`Delivery ${delivery.deliveryId} was received before (a replay)`, { deliveryId: delivery.deliveryId });
    }
    const { id, outcome } = await upsertOrderIn(trx, { actor, input: parsed.data, source: shop });
    return { accepted: true as const, orderId: id, outcome };
  }));
}
