// Orders and lifetime spend: the TanStack Query hooks of the orders area.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { http, type Page } from '../lib/http';

export type OrderStatus = 'pending' | 'paid' | 'fulfilled' | 'partially_refunded' | 'refunded' | 'cancelled';

export interface OrderLine {
  position: number;
  productId: number | null;
  adHoc: boolean;
  sku: string | null;
  name: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
  total: number;
}

export interface Order {
  id: number;
  externalId: string;
  source: 'api' | 'csv' | 'shopify' | 'woocommerce';
  contactId: number | null;
  customer: { email: string | null; externalId: string | null };
  status: OrderStatus;
  placedAt: string;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  refunded: number;
  net: number;
  lines: OrderLine[];
}

export interface OrderSummary {
  orders: number;
  spend: { currency: string; orders: number; amount: number }[];
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}

export function useOrders(p: { contactId?: number; status?: OrderStatus }, limit = 25, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['orders', 'list', p, limit],
    queryFn: ({ pageParam }) => http<Page<Order>>('/orders', { query: { ...p, limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContactOrderSummary(contactId: number, enabled = true) {
  return useQuery({ queryKey: ['orders', 'summary', contactId], queryFn: () => http<OrderSummary>(`/contacts/${contactId}/order-summary`), enabled });
}

export const STATUS_COLOR: Record<OrderStatus, string> = {
  pending: 'yellow', paid: 'teal', fulfilled: 'green', partially_refunded: 'orange', refunded: 'red', cancelled: 'gray',
};
export const SOURCE_LABEL: Record<Order['source'], string> = { api: 'API', csv: 'Import', shopify: 'Shopify', woocommerce: 'WooCommerce' };

export interface Product {
  id: number;
  sku: string;
  name: string;
  category: string | null;
  price: number;
  currency: string;
}

/** Products whose SKU starts with, or whose name contains, `q` (the first 20), for pickers. */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: ['products', 'search', q],
    queryFn: () => http<Page<Product>>('/products', { query: { q: q.trim() || undefined, limit: 20 } }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
