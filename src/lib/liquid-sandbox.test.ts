import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiquidSyntaxError, parseLiquid, renderLiquid, renderLiquidSync } from './liquid-sandbox.js';

describe('Liquid sandbox', () => {
  it('personalises, and a missing variable falls back instead of failing', async () => {
    const out = await renderLiquid('Hi {{ contact.first_name | default: "there" }}, {{ contact.missing.deep }}!', { contact: { first_name: '' } });
    expect(out).toBe('Hi there, !');
  });
  it('reads no file and walks no prototype', async () => {
    await expect(renderLiquid('{% include "/etc/passwd" %}', {})).rejects.toThrow();
    await expect(renderLiquid('{% render "../../package.json" %}', {})).rejects.toThrow();
    expect(await renderLiquid('{{ contact.constructor }}{{ contact.__proto__ }}{{ contact.toString }}', { contact: { a: 1 } })).toBe('');
  });
  it('bounds render time', async () => {
    await expect(renderLiquid('{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}', {})).rejects.toThrow();
  });
  it('bounds the send loop\'s synchronous renders the same way, with an error that names the limit', () => {
    const loops = parseLiquid('{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}');
    // The send loop retries a render that ran over a limit (a busy moment) and fails any other error.
    expect(() => renderLiquidSync(loops, {})).toThrow(/limit/i);
    expect(renderLiquidSync(parseLiquid('Hi {{ contact.first_name | default: "there" }}'), { contact: {} })).toBe('Hi there');
  });
  it('names the line of a syntax error', () => {
    try {
      parseLiquid('line one\n{% if x %}\nunclosed');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LiquidSyntaxError);
      expect((err as LiquidSyntaxError).line).toBe(2);
    }
  });
  it('never throws anything but a syntax error or a limit while rendering arbitrary data into a fixed template', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), async (contact) => {
        const out = await renderLiquid('{{ contact.first_name | default: "there" }} {{ contact.a.b.c }}', { contact });
        expect(typeof out).toBe('string');
      }),
      { numRuns: 100 },
    );
  });
});
