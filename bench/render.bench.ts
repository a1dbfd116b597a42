import { convert } from 'html-to-text';
import { renderLiquid } from '../src/lib/liquid-sandbox.js';
import { compileMjml, prepareMessage, renderMessage, type RenderData } from '../src/mail/render-message.js';
import { findStarter, starterMjml } from '../src/modules/templates/starters.js';
import { ratio } from './stats.js';

/**
 * Per-recipient personalisation of the newsletter starter: renderMessage (subject, preheader,
 * HTML with escaped merge fields, and the text part rendered from its prepared template) beside
 * two raw baselines from the same run — one bare Liquid render of the HTML, and the naive way of
 * making the text part (html-to-text over each recipient's HTML).
 */
export async function benchRender(count = 20_000): Promise<Record<string, string | number>[]> {
  const starter = findStarter('newsletter')!;
  const html = await compileMjml(starterMjml(starter));
  const prepared = prepareMessage({ html, subject: starter.subject, preheader: starter.preheader });
  const data = (i: number): RenderData => ({
    contact: { first_name: `Ada${i}`, last_name: 'Lovelace', email: `ada${i}@example.com`, plan: 'gold', company: { name: 'Acme & Co' } },
    workspace: { name: 'Rapport', postal_address: '1 Main Street' },
    unsubscribe_url: `https://r.example/u/${i}`, preferences_url: `https://r.example/p/${i}`, campaign: { name: 'Bench' },
  });
  const rate = async (n: number, fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 200; i++) await fn(i); // warm-up
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const bare = await rate(count, (i) => renderLiquid(prepared.html, data(i) as Record<string, unknown>));
  const full = await rate(count, (i) => renderMessage(prepared, data(i)));
  const naive = await rate(Math.ceil(count / 10), async (i) => convert(await renderLiquid(prepared.html, data(i) as Record<string, unknown>), { wordwrap: false }));
  const f = (v: number) => Math.round(v).toLocaleString('en');
  return [
    { measure: 'bare Liquid render of the HTML (baseline)', 'per second': f(bare), 'vs baseline': '1.00×' },
    { measure: 'renderMessage: subject + preheader + HTML + text', 'per second': f(full), 'vs baseline': ratio(full, bare) },
    { measure: 'naive: Liquid HTML + html-to-text per recipient', 'per second': f(naive), 'vs baseline': ratio(naive, bare) },
  ];
}
