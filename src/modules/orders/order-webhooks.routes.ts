import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { hookQuery } from '../channels/channels.schema.js';
import { headerOf, keepRawJson, rawBodyOf } from '../channels/raw-body.js';
import { receiveShopOrder, type Shop } from './order-webhooks.service.js';

/** Per client address and minute: shops send bursts on sales days, so this is a flood wall. */
export const SHOP_HOOK_LIMIT = { max: 1200, timeWindow: 60_000 };

const SHOPS: { shop: Shop; operationId: string; summary: string; description: string; headers: { signature: string; topic: string; deliveryId: string } }[] = [
  {
    shop: 'shopify', operationId: 'receiveShopifyOrder', summary: 'Shopify orders/create and orders/updated webhooks',
    description: 'Signed with X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, keyed by the secret set with PUT /api/v1/ecrm-channels/shopify): 401 when wrong. X-Shopify-Webhook-Id seen before: 409. Other topics are acknowledged unprocessed.',
    headers: { signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', deliveryId: 'x-shopify-webhook-id' },
  },
  {
    shop: 'woocommerce', operationId: 'receiveWooCommerceOrder', summary: 'WooCommerce order.created and order.updated webhooks',
    description: 'Signed with X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body, keyed by the secret set with PUT /api/v1/ecrm-channels/woocommerce): 401 when wrong. X-WC-Webhook-Delivery-ID seen before: 409. Other topics are acknowledged unprocessed; the unsigned ping sent when the webhook is created gets a 200.',
    headers: { signature: 'x-wc-webhook-signature', topic: 'x-wc-webhook-topic', deliveryId: 'x-wc-webhook-delivery-id' },
  },
];

/**
 * POST /hooks/orders/shopify and /hooks/orders/woocommerce, each signed by its own header. The
 * workspace is in the URL the settings API hands out; its secret decides whether the call is real.
 */
export function orderWebhookRoutes(app: App, ctx: AppContext): void {
  app.register(async (scope: App) => {
    keepRawJson(scope);
    for (const shop of SHOPS) {
      scope.post(`/hooks/orders/${shop.shop}`, {
        config: { public: true, rateLimit: SHOP_HOOK_LIMIT },
        schema: { tags: ['orders'], operationId: shop.operationId, querystring: hookQuery, summary: shop.summary, description: shop.description },
      }, async (request) => receiveShopOrder({
        ctx, shop: shop.shop,
        delivery: {
          workspaceId: request.query.workspace, raw: rawBodyOf(request), signature: headerOf(request, shop.headers.signature),
          topic: headerOf(request, shop.headers.topic), deliveryId: headerOf(request, shop.headers.deliveryId),
        },
      }));
    }
  });
}
