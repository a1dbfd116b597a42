import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { spamScore, spamScoreOnce } from './spam-score.js';

const installed = (() => {
  try { execFileSync('sh', ['-c', 'command -v spamassassin || command -v spamc'], { stdio: 'pipe' }); return true; } catch { return false; }
})();

const message = (body: string) => ['From: "Acme" <news@acme.test>', 'To: recipient@example.com', 'Subject: Our spring letter', 'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8', `Date: ${new Date().toUTCString()}`, '', body].join('\r\n');
// GTUBE: the test string every SpamAssassin scores as spam (1000 points), whatever its rules' age.
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

describe('SpamAssassin score', () => {
  it('is a clean "not available" when neither spamc nor spamassassin is on the path', async () => {
    expect(await spamScore(message('<p>Hello</p>'), { searchPath: '/nonexistent' })).toEqual({ available: false });
  });

  it.skipIf(!installed)('scores a plain letter under the threshold and GTUBE far over it (spamd down: falls back to spamassassin -t)', async () => {
    const plain = await spamScore(message('<p>Hello Ann, here is our spring letter with the new opening hours.</p>'), { timeoutMs: 60_000 });
    expect(plain).toMatchObject({ available: true, threshold: 5 });
    if (!plain.available || plain.score === null) throw new Error(`no score: ${JSON.stringify(plain)}`);
    expect(plain.score).toBeLessThan(5);
    const spam = await spamScore(message(`<p>${GTUBE}</p>`), { timeoutMs: 60_000 });
    expect(spam.available && spam.score).toBeGreaterThanOrEqual(1000);
  }, 130_000);

  it.skipIf(!installed)('scores the same letter once per process (the checklist asks on every save)', async () => {
    let built = 0;
    const raw = () => { built++; return message(`<p>Saved twice ${Date.now()}</p>`); };
    const first = await spamScoreOnce('letter-1', raw);
    const second = await spamScoreOnce('letter-1', raw);
    expect(second).toEqual(first);
    expect(built).toBe(1);
  }, 70_000);
});
