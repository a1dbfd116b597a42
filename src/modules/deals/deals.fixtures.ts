import type { App } from '../../http/types.js';

/** Test helpers for the sales modules: a JSON caller and a standard pipeline. */
export function caller(app: App, defaultHeaders: Record<string, string>) {
  return async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = defaultHeaders) => {
    const res = await app.inject({ method, url, payload, headers });
    return { status: res.statusCode, body: res.body && res.headers['content-type']?.toString().includes('json') ? res.json() : res.body, headers: res.headers };
  };
}

export async function makePipeline(app: App, headers: Record<string, string>, name = 'Sales', probabilities = [20, 50, 80]) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/pipelines', headers, payload: { name, stages: probabilities.map((p, i) => ({ name: `S${i + 1} ${p}%`, probability: p })) } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: number; stages: { id: number; name: string; probability: number }[] };
}
