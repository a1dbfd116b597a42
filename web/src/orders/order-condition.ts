// Order conditions of the segment builder (issue 12 §6): the API's three node types, edited as one
// "Orders" condition type. Pure functions, so the builder's conversions can be tested.
export type OrderCondition =
  | { type: 'orders'; metric: 'count' | 'spend'; op: 'gte' | 'gt' | 'lte' | 'lt' | 'eq'; value: number; currency?: string; withinDays?: number }
  | { type: 'lastOrder'; op: 'before' | 'after'; value: string }
  | { type: 'lastOrder'; op: 'inLast' | 'notInLast'; days: number }
  | { type: 'bought'; sku?: string; category?: string; withinDays?: number };

export const ORDER_NODE_TYPES = ['orders', 'lastOrder', 'bought'] as const;
export const isOrderNode = (n: { type: string }): n is OrderCondition => (ORDER_NODE_TYPES as readonly string[]).includes(n.type);

export const newOrderCondition = (): OrderCondition => ({ type: 'orders', metric: 'count', op: 'gte', value: 1 });

/** Why the condition cannot be asked yet, or null. */
export function orderConditionIncomplete(c: OrderCondition | undefined): string | null {
  if (!c) return 'Choose an order condition';
  switch (c.type) {
    case 'orders':
      if (!Number.isFinite(c.value)) return 'Enter a number';
      return c.metric === 'spend' && !c.currency ? 'Choose the currency of the spend' : null;
    case 'lastOrder':
      return 'days' in c ? (c.days > 0 ? null : 'Enter the number of days') : /^\d{4}-\d{2}-\d{2}$/.test(c.value ?? '') ? null : 'Choose a date';
    case 'bought':
      return c.sku || c.category ? null : 'Enter a SKU or a category';
  }
}

/** The condition as the API takes it: empty optional parts left out. */
export function orderConditionToApi(c: OrderCondition): OrderCondition {
  return JSON.parse(JSON.stringify(c, (_k, v) => (v === '' || v === null ? undefined : v))) as OrderCondition;
}
