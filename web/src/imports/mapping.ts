// The fields a CSV column can be mapped to, per kind of import (the server suggests the mapping).
import type { ImportKind } from './api';

export const SKIP = '__skip__';

const OWNER = { value: 'owner', label: 'Owner (email)' };
const TAGS = { value: 'tags', label: 'Tags' };

export const IMPORT_TARGETS: Record<ImportKind, { value: string; label: string }[]> = {
  contacts: [
    { value: 'firstName', label: 'First name' },
    { value: 'lastName', label: 'Last name' },
    { value: 'email', label: 'Email' },
    { value: 'phone', label: 'Phone' },
    { value: 'jobTitle', label: 'Job title' },
    { value: 'birthday', label: 'Birthday' },
    { value: 'company', label: 'Company (name)' },
    OWNER, TAGS,
  ],
  companies: [
    { value: 'name', label: 'Name' },
    { value: 'domain', label: 'Domain (website)' },
    { value: 'phone', label: 'Phone' },
    { value: 'industry', label: 'Industry' },
    OWNER, TAGS,
  ],
  deals: [
    { value: 'title', label: 'Title' },
    { value: 'pipeline', label: 'Pipeline (name)' },
    { value: 'stage', label: 'Stage (name)' },
    { value: 'amount', label: 'Amount' },
    { value: 'currency', label: 'Currency (EUR, USD…)' },
    { value: 'closeDate', label: 'Expected close date' },
    { value: 'company', label: 'Company (name or domain)' },
    { value: 'contact', label: 'Contact (email)' },
    OWNER, TAGS,
  ],
  // One row per order line; the order's columns repeat on each of its rows (orders/order-import.ts).
  orders: [
    { value: 'externalId', label: 'Order ID' },
    { value: 'email', label: 'Customer email' },
    { value: 'customerId', label: 'Customer ID' },
    { value: 'firstName', label: 'First name' },
    { value: 'lastName', label: 'Last name' },
    { value: 'status', label: 'Status (paid, refunded…)' },
    { value: 'placedAt', label: 'Placed at (ISO date)' },
    { value: 'updatedAt', label: 'Updated at (ISO date)' },
    { value: 'currency', label: 'Currency (EUR, USD…)' },
    { value: 'sku', label: 'Line: SKU' },
    { value: 'productName', label: 'Line: product name' },
    { value: 'category', label: 'Line: category' },
    { value: 'quantity', label: 'Line: quantity' },
    { value: 'unitPrice', label: 'Line: unit price' },
    { value: 'discount', label: 'Discount' },
    { value: 'shipping', label: 'Shipping' },
    { value: 'tax', label: 'Tax' },
    { value: 'total', label: 'Total' },
    { value: 'refunded', label: 'Refunded amount' },
  ],
};

/** Built-in fields holding dates; custom fields of type date are added from their definitions. */
export const DATE_TARGETS = new Set(['birthday', 'closeDate']);

/** `entity` is whose custom fields a column may fill: orders have none. */
export const KIND_LABELS: Record<ImportKind, { one: string; many: string; entity: 'contact' | 'company' | 'deal' | null; path: '/contacts' | '/companies' | '/deals' | '/orders' }> = {
  contacts: { one: 'contact', many: 'contacts', entity: 'contact', path: '/contacts' },
  companies: { one: 'company', many: 'companies', entity: 'company', path: '/companies' },
  deals: { one: 'deal', many: 'deals', entity: 'deal', path: '/deals' },
  orders: { one: 'order', many: 'orders', entity: null, path: '/orders' },
};
