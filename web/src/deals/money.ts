// Money and duration formatting for deals, and the currency codes offered first.
export const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'RON', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'CNY', 'INR', 'BRL', 'MXN', 'ZAR', 'SGD'];

let options: { group: string; items: { value: string; label: string }[] }[] | undefined;
/**
 * Every ISO 4217 code the browser knows (the server checks against the same Intl list), common
 * ones first, each with its name in the user's language.
 */
export function currencyOptions() {
  if (options) return options;
  const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'currency' }) : null;
  const item = (code: string) => ({ value: code, label: `${code} — ${names?.of(code) ?? code}` });
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : COMMON_CURRENCIES;
  const common = new Set(COMMON_CURRENCIES);
  options = [
    { group: 'Common', items: COMMON_CURRENCIES.map(item) },
    { group: 'All currencies', items: all.filter((c) => !common.has(c)).map(item) },
  ];
  return options;
}

const cache = new Map<string, Intl.NumberFormat>();
function fmt(currency: string, compact: boolean) {
  const key = `${currency}:${compact}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: compact ? 1 : 2, notation: compact ? 'compact' : 'standard' });
    } catch {
      f = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
    cache.set(key, f);
  }
  return f;
}

export function formatMoney(value: number | null | undefined, currency: string, compact = false): string {
  if (value == null || Number.isNaN(value)) return '—';
  return fmt(currency, compact).format(value);
}

/** 93784 → "1 d 2 h"; 150 → "2 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60 ? `${m % 60} min` : ''}`.trim();
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}
