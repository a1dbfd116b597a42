import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { describe, expect, it } from 'vitest';
import { dkimSignature, SIGNED_HEADERS } from './dkim-sign.js';
import { buildMime, newMessageId, serialize } from './mime-build.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dnsKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const resolver = async (name: string, type: string) => {
  if (type === 'TXT' && name === 'rp1._domainkey.example.test') return [[`v=DKIM1; k=rsa; p=${dnsKey}`]];
  const err = new Error('not found') as Error & { code: string };
  err.code = 'ENOTFOUND';
  throw err;
};

function signed(subject: string, fromName: string) {
  const message = buildMime({
    from: { name: fromName, address: 'news@example.test' }, to: 'ann@example.org', subject,
    text: 'Hello  Ann \n', html: '<p>Hello Ann</p>', messageId: newMessageId('example.test'),
    headers: { 'List-Unsubscribe': '<https://app.test/u/abc>, <mailto:u@example.test?subject=unsubscribe>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': '<list-1.example.test>' },
  });
  return serialize(message, dkimSignature({ domain: 'example.test', selector: 'rp1', privateKey, headers: SIGNED_HEADERS }, message.headers, message.body));
}

describe('DKIM signing', () => {
  it('verifies with mailauth, covering the one-click unsubscribe headers', async () => {
    for (const [subject, name] of [['Plain subject', 'News'], ['Grüße aus Köln — ein sehr langer Betreff mit Umlauten äöü und mehr', 'Zoë "Q" Ñandú']]) {
      const raw = signed(subject, name);
      const res = await dkimVerify(Buffer.from(raw), { resolver });
      expect(res.results[0].status.result).toBe('pass');
      const h = (res.results[0] as unknown as { signingHeaders: { keys: string } }).signingHeaders.keys.split(': ').join(':').toLowerCase();
      expect(h).toContain('list-unsubscribe:list-unsubscribe-post');
    }
  });

  it('fails verification when a signed header is changed', async () => {
    const raw = signed('Original', 'News').replace('List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe-Post: nothing');
    const res = await dkimVerify(Buffer.from(raw), { resolver });
    expect(res.results[0].status.result).toBe('fail');
  });
});
