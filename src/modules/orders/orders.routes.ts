import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createProductBody, listOrdersQuery, listProductsQuery, updateProductBody, upsertOrderBody } from './orders.schema.js';
import * as orders from './orders.service.js';
import * as products from './products.service.js';

export function ordersRoutes(app: App, ctx: AppContext): void {
  const tags = ['orders'];
  app.get('/api/v1/products', { schema: { tags, operationId: 'listProducts', summary: 'Products by SKU (keyset), searchable by SKU prefix or name', querystring: listProductsQuery } }, async (request) =>
    products.listProducts({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.post('/api/v1/products', { schema: { tags, operationId: 'createProduct', summary: 'Create a product (SKU unique in the workspace; 409 when taken)', body: createProductBody } }, async (request, reply) => {
    reply.status(201);
    return products.createProduct({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/products/:id', { schema: { tags, operationId: 'getProduct', summary: 'Get a product', params: idParam } }, async (request) =>
    products.getProduct({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/products/:id', { schema: { tags, operationId: 'updateProduct', summary: 'Change a product (placed orders keep their prices)', params: idParam, body: updateProductBody } }, async (request) =>
    products.updateProduct({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/products/:id', { schema: { tags, operationId: 'deleteProduct', summary: 'Delete a product (its order lines stay, as ad-hoc lines)', params: idParam } }, async (request, reply) => {
    await products.deleteProduct({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });

  app.post('/api/v1/orders', {
    schema: {
      tags, operationId: 'upsertOrder', body: upsertOrderBody,
      summary: 'Create or update an order by its external id (idempotent: replays and late versions change nothing)',
      description: '201 when created, 200 otherwise; `outcome` says created, updated, unchanged (the same order again) or stale (an older `updatedAt` than the stored one). Unknown SKUs become ad-hoc lines; a line or product in another currency than the order is a 400 naming the line.',
    },
  }, async (request, reply) => {
    const result = await orders.upsertOrder({ ctx, actor: actorOf(request), input: request.body });
    reply.status(result.outcome === 'created' ? 201 : 200);
    return { ...result.order, outcome: result.outcome };
  });
  app.get('/api/v1/orders', { schema: { tags, operationId: 'listOrders', summary: 'Orders with their lines, newest first (keyset); filter by contact or status', querystring: listOrdersQuery } }, async (request) =>
    orders.listOrders({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.get('/api/v1/orders/:id', { schema: { tags, operationId: 'getOrder', summary: 'An order with its lines', params: idParam } }, async (request) =>
    orders.getOrder({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.get('/api/v1/contacts/:id/order-summary', { schema: { tags, operationId: 'getContactOrderSummary', summary: "A contact's order count, lifetime spend per currency (net of refunds, cancelled left out), first and last order", params: idParam } }, async (request) =>
    orders.getContactOrderSummary({ ctx, actor: actorOf(request), contactId: request.params.id }),
  );
}
