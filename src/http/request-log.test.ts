import { describe, expect, it } from 'vitest';
import { redactUrl, serializeRequest } from '../boot.js';

describe('request log', () => {
  it('cuts the token out of signed links, wherever it sits', () => {
    expect(redactUrl('/u/eyJhbGciOi.abc')).toBe('/u/[redacted]');
    expect(redactUrl('/preferences/tok123?lang=en')).toBe('/preferences/[redacted]?lang=en');
    expect(redactUrl('/confirm/tok123')).toBe('/confirm/[redacted]');
    expect(redactUrl('/invite/tok%2F123')).toBe('/invite/[redacted]');
    expect(redactUrl('/api/v1/invites/tok123')).toBe('/api/v1/invites/[redacted]');
    expect(redactUrl('/api/v1/invites/accept')).toBe('/api/v1/invites/accept');
    expect(redactUrl('/api/v1/contacts?q=ada&token=s3cret&limit=5')).toBe('/api/v1/contacts?q=ada&token=[redacted]&limit=5');
    expect(redactUrl('/api/v1/contacts?q=ada')).toBe('/api/v1/contacts?q=ada');
  });

  it('is what the request serializer logs', () => {
    expect(serializeRequest({ method: 'POST', url: '/u/secret-token', host: 'crm.example', ip: '203.0.113.9' }))
      .toEqual({ method: 'POST', url: '/u/[redacted]', host: 'crm.example', remoteAddress: '203.0.113.9' });
  });
});
