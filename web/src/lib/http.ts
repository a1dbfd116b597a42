// The one place the web app talks HTTP: cookies on, JSON in and out, server errors as ApiError.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level messages from `details.fields` or `details.field`, keyed by dotted path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const d = this.details ?? {};
    const fields = Array.isArray(d.fields) ? d.fields : [];
    for (const f of fields as Array<{ path?: unknown; message?: unknown }>) {
      const path = Array.isArray(f.path) ? f.path.join('.') : String(f.path ?? '');
      if (path) out[path] = String(f.message ?? 'Invalid value');
    }
    if (typeof d.field === 'string') out[d.field] = typeof d.message === 'string' ? d.message : this.message;
    return out;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export function toQueryString(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const API = '/api/v1';

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Sent as `Idempotency-Key`: a repeat of the same change with the same key is applied once. */
  idempotencyKey?: string;
}

export async function http<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const isForm = opts.body instanceof FormData;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(API + path + toQueryString(opts.query), {
      method: opts.method ?? 'GET',
      credentials: 'include',
      headers,
      body: opts.body === undefined ? undefined : isForm ? (opts.body as FormData) : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check your connection.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText ?? 'Request failed', err?.details);
  }
  return json as T;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Every page of a keyset list (pickers over tens or hundreds of records), capped at `max` rows. */
export async function fetchAllPages<T>(path: string, max = 1000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await http<Page<T>>(path, { query: { limit: 100, cursor } });
    out.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}
