import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { compileMjml } from '../../mail/render-message.js';
import { parseVerp } from '../../mail/verp.js';
import { extractLinks } from '../tracking/tracking-links.js';
import type { CampaignSetup } from './campaign-message.js';
import { openCampaignComposer } from './compose-pool.js';
import { TEST_MJML } from './delivery-fixtures.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dnsKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const resolver = async (name: string) => {
  if (name === 'rp1._domainkey.news.example.test') return [[`v=DKIM1; k=rsa; p=${dnsKey}`]];
  throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
};
const secret = 'compose-pool-test-secret-of-enough-length';

async function setup(subject = 'Hi {{ contact.first_name }}, our spring sale'): Promise<CampaignSetup> {
  const html = await compileMjml(TEST_MJML);
  return {
    workspaceId: 7, campaignId: 9, campaignName: 'Spring', html, subject, preheader: 'Up to 30% off',
    sender: { fromName: 'Acme News', fromEmail: 'news@news.example.test', replyTo: null, bounceDomain: 'news.example.test', dkim: { domain: 'news.example.test', selector: 'rp1', privateKey } },
    links: extractLinks(html).map((url, i) => [url, i]), workspace: { name: 'Acme', postal_address: '1 Main St' },
    config: loadConfig({ SECRET_KEY: secret, PUBLIC_URL: 'https://crm.example.test' }), secret,
  };
}

const recipients = Array.from({ length: 40 }, (_, i) => ({
  id: 100 + i, email: `p${i}@d${i % 3}.test`, listId: 3,
  contact: { id: 500 + i, first_name: `Ann${i}`, last_name: null, email: `p${i}@d${i % 3}.test`, tier: i % 2 ? 'gold' : 'silver' },
}));

describe('compose pool', () => {
  for (const threads of [2, 0]) {
    it(`composes each recipient's own signed, tracked message in order (${threads} threads)`, async () => {
      const composer = openCampaignComposer(await setup(), threads);
      const message = composer.composeMany(recipients);
      const all = await Promise.all(recipients.map((_, i) => message(i)));
      composer.close();
      expect(new Set(all.map((m) => m.messageId)).size).toBe(recipients.length);
      for (const i of [0, 17, 39]) {
        const parsed = await PostalMime.parse(all[i]!.raw);
        expect(parsed.subject).toBe(`Hi Ann${i}, our spring sale`);
        expect(parsed.text).toContain(`Hello Ann${i} (${i % 2 ? 'gold' : 'silver'}) of Acme`);
        expect(parsed.html).toMatch(/https:\/\/crm\.example\.test\/t\/c\/[\w.-]+/);
        expect(parsed.headers.find((h) => h.key === 'list-unsubscribe')?.value).toMatch(/^<https:\/\/crm\.example\.test\/u\/[^>]+>, <mailto:/);
        expect(parseVerp(secret, all[i]!.envelopeFrom)).toEqual({ kind: 'campaign', workspaceId: 7, id: 100 + i });
        const dkim = await dkimVerify(Buffer.from(all[i]!.raw), { resolver });
        expect(dkim.results[0]!.status.result).toBe('pass');
      }
    });
  }

  it('fails every message of a campaign whose Liquid does not parse, and keeps serving others', async () => {
    const broken = openCampaignComposer(await setup('Hi {{ contact.first_name | no_such_filter }}'), 2);
    await expect(broken.composeMany(recipients.slice(0, 3))(1)).rejects.toThrow(/no_such_filter/);
    broken.close();
    const fine = openCampaignComposer(await setup(), 2);
    expect((await fine.composeMany(recipients.slice(0, 1))(0)).raw).toContain('DKIM-Signature:');
    fine.close();
  });
});
