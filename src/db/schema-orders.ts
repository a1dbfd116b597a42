import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id } from './column-types.js';

/** Row types of products, orders and the eCRM channels (migration 0021_orders). */
export type OrderStatus = 'pending' | 'paid' | 'fulfilled' | 'partially_refunded' | 'refunded' | 'cancelled';
export type OrderSource = 'api' | 'csv' | 'shopify' | 'woocommerce';
export type EcrmChannel = 'shopify' | 'woocommerce' | 'whatsapp' | 'telegram' | 'facebook';
type Money = ColumnType<number, number | string, number | string>;
type MoneyDefault = ColumnType<number, number | string | undefined, number | string>;

export interface ProductsTable {
  id: Id;
  workspace_id: number;
  sku: string;
  name: string;
  category: string | null;
  price: Money;
  currency: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface OrdersTable {
  id: Id;
  workspace_id: number;
  external_id: string;
  source: OrderSource;
  contact_id: number | null;
  customer_email: string | null;
  customer_external_id: string | null;
  status: OrderStatus;
  placed_at: Date;
  currency: string;
  subtotal: MoneyDefault;
  discount: MoneyDefault;
  shipping: MoneyDefault;
  tax: MoneyDefault;
  total: Money;
  refunded: MoneyDefault;
  /** The sender's own version of the order: an older one never overwrites a newer one. */
  source_updated_at: Date;
  payload_hash: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface OrderLinesTable {
  id: Id;
  workspace_id: number;
  order_id: number;
  position: number;
  product_id: number | null;
  sku: string | null;
  name: string;
  category: string | null;
  quantity: Money;
  unit_price: Money;
  total: Money;
}

export interface EcrmChannelsTable {
  workspace_id: number;
  channel: EcrmChannel;
  secret_sealed: string;
  inbox_id: number | null;
  updated_at: Generated<Date>;
}

export interface WebhookReceiptsTable {
  workspace_id: number;
  channel: string;
  delivery_id: string;
  received_at: Generated<Date>;
}

export interface InboundMessagesTable {
  id: Id;
  workspace_id: number;
  channel: string;
  external_message_id: string;
  sender_external_id: string;
  contact_id: number | null;
  ticket_id: number | null;
  body: string;
  sent_at: Date;
  created_at: CreatedAt;
}

export interface OrderTables {
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  ecrm_channels: EcrmChannelsTable;
  webhook_receipts: WebhookReceiptsTable;
  inbound_messages: InboundMessagesTable;
}
