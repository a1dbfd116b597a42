import { z } from 'zod';
import { pageQuery } from '../../http/types.js';
import { currencySchema, moneySchema } from '../deals/deals.schema.js';

export const ORDER_STATUSES = ['pending', 'paid', 'fulfilled', 'partially_refunded', 'refunded', 'cancelled'] as const;
export const MAX_ORDER_LINES = 500;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const nullableText = (max: number) => z.string().trim().max(max).nullable().transform((v) => (v === '' ? null : v));
const timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-03-01T10:00:00Z' });

const productFields = {
  sku: text(100).describe('Unique in the workspace; order lines name products by it'),
  name: text(300),
  category: nullableText(200).optional(),
  price: moneySchema,
  currency: currencySchema,
};
export const createProductBody = z.object(productFields);
export type CreateProductInput = z.infer<typeof createProductBody>;
export const updateProductBody = z.object(productFields).partial();
export type UpdateProductInput = z.infer<typeof updateProductBody>;
export const listProductsQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe('Matches the start of the SKU or any part of the name'),
  category: z.string().trim().max(200).optional(),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const orderLineInput = z.object({
  sku: text(100).optional().describe('A product SKU; an unknown one (or none) makes an ad-hoc line'),
  name: text(300).optional().describe("Required for an ad-hoc line; defaults to the product's name"),
  category: nullableText(200).optional(),
  quantity: z.number().positive().max(1_000_000).refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'must have at most three decimals'),
  unitPrice: moneySchema.optional().describe("Defaults to the product's price"),
  currency: currencySchema.optional().describe("Must equal the order's currency when given"),
});
export type OrderLineInput = z.infer<typeof orderLineInput>;

export const orderCustomer = z
  .object({
    email: z.string().trim().max(320).pipe(z.email({ message: 'must be a valid email address' })).optional(),
    externalId: text(200).optional().describe("The shop's customer id"),
    firstName: z.string().trim().max(200).optional(),
    lastName: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(50).optional(),
  })
  .refine((c) => Boolean(c.email || c.externalId), { message: 'give the customer’s email or external id', path: ['email'] });
export type OrderCustomer = z.infer<typeof orderCustomer>;

export const upsertOrderBody = z.object({
  externalId: text(200).describe('The order id in the shop; the upsert key'),
  customer: orderCustomer,
  status: z.enum(ORDER_STATUSES),
  placedAt: timestamp,
  updatedAt: timestamp.optional().describe('The sender’s version of the order: an older version never overwrites a newer one. Absent: the time it arrives'),
  currency: currencySchema,
  lines: z.array(orderLineInput).max(MAX_ORDER_LINES).default([]),
  subtotal: moneySchema.optional().describe('Defaults to the sum of the lines'),
  discount: moneySchema.default(0),
  shipping: moneySchema.default(0),
  tax: moneySchema.default(0),
  total: moneySchema.optional().describe('Defaults to subtotal − discount + shipping + tax'),
  refunded: moneySchema.default(0).describe('Amount refunded so far'),
});
export type UpsertOrderInput = z.infer<typeof upsertOrderBody>;

export const listOrdersQuery = z.object({
  ...pageQuery,
  contactId: z.coerce.number().int().positive().optional(),
  status: z.enum(ORDER_STATUSES).optional(),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;
