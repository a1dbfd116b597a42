/**
 * A small fetch client typed by the `paths` that openapi-typescript generates from
 * /api/openapi.json: the path, its parameters, query and JSON body are checked by tsc.
 */
type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';
type Op<P, M extends Method> = M extends keyof P ? P[M] : never;
type ParamsOf<O> = O extends { parameters: { path?: infer Pp; query?: infer Q } } ? { path?: Pp; query?: Q } : object;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type BodyOf<O> = O extends { requestBody?: infer R } ? JsonOf<R> : never;
type Init<O> = ParamsOf<O> & ([BodyOf<O>] extends [never] ? { body?: never } : { body: BodyOf<O> });

export function createClient<Paths>(options: { baseUrl: string; headers?: Record<string, string> }) {
  async function call<P extends keyof Paths & string, M extends Method>(method: M, path: P, init: Init<Op<Paths[P], M>>) {
    const { path: params, query, body } = init as { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
    const url = new URL(path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(String(params?.[k]))), options.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const res = await fetch(url, {
      method: method.toUpperCase(),
      headers: { ...options.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, data: (await res.json()) as Record<string, unknown> };
  }
  return { call };
}
