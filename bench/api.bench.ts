import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { Config } from '../src/config/config.js';
import type { AppContext } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import { createApiKey } from '../src/modules/api-keys/api-keys.service.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { fmt, ratio } from './stats.js';

const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 5);

interface Load {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * An autocannon-like closed loop over real HTTP: CONNECTIONS keep-alive sockets, each sending its
 * next request as soon as the previous answer is read, for `seconds` (after a one-second warm-up).
 */
export async function load(url: string, headers: Record<string, string>, seconds = SECONDS, body?: () => string): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  // With `body`: a POST of a fresh body each time (the collect endpoint), else a GET.
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(url, { agent, headers, method: body ? 'POST' : 'GET' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body?.());
    });
  const run = async (until: number, samples: number[] | null) => {
    let errors = 0;
    const worker = async () => {
      while (performance.now() < until) {
        const start = performance.now();
        const status = await once().catch(() => 0);
        if (status < 200 || status >= 300) errors++;
        samples?.push(performance.now() - start);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    return errors;
  };
  await run(performance.now() + 1000, null);
  const samples: number[] = [];
  const started = performance.now();
  const errors = await run(started + seconds * 1000, samples);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { requests: samples.length, errors, perSecond: samples.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

export async function listening(app: { listen(o: { port: number; host: string }): Promise<string>; server: http.Server }) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/**
 * GET /api/v1/contacts (first page of 50, and a search) with an API key, against a bare Fastify
 * route in the same process answering a constant JSON body: the HTTP stack's own limit here.
 */
export async function benchApi(ctx: AppContext, _config: Config, actor: Actor) {
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  const bareUrl = await listening(bare);
  const app = await buildApp(ctx, { serveWeb: false });
  const appUrl = await listening(app);
  try {
    const { token } = await createApiKey({ ctx, actor, name: 'bench', role: 'admin' });
    const auth = { authorization: `Bearer ${token}` };
    const base = await load(`${bareUrl}/bare`, {});
    const cases = [
      { request: 'GET /api/v1/contacts (50 per page)', r: await load(`${appUrl}/api/v1/contacts?limit=50`, auth) },
      { request: 'GET /api/v1/contacts?q=lars (search, 50 per page)', r: await load(`${appUrl}/api/v1/contacts?limit=50&q=lars`, auth) },
      { request: 'GET /api/v1/contacts?limit=1', r: await load(`${appUrl}/api/v1/contacts?limit=1`, auth) },
    ];
    const row = (request: string, r: Load, vs?: Load) => ({
      request, 'req/s': Math.round(r.perSecond).toLocaleString('en'), p50: fmt(r.p50), p99: fmt(r.p99), 'non-2xx': r.errors, 'vs bare': vs ? ratio(r.perSecond, vs.perSecond) : '',
    });
    return [row('bare Fastify route (baseline)', base), ...cases.map((c) => row(c.request, c.r, base))];
  } finally {
    await app.close();
    await bare.close();
  }
}
