const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A top-level domain is letters, or an internationalised one in its punycode form.
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A company's web domain as a lower-case host: "https://Acme.com/about?x" → "acme.com".
 * Returns null for text that is not a host name (an email, an IP address, a single word), so
 * the API can refuse it instead of storing something no one can match later.
 */
export function normalizeDomain(input: string): string | null {
  const text = input.trim();
  if (!text || /[\s@\\]/.test(text)) return null;
  let host: string;
  try {
    // The URL parser lower-cases, drops port, path and query, and turns IDNs into punycode.
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  const labels = host.split('.');
  const valid = host.length <= 253 && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TLD.test(labels[labels.length - 1]);
  return valid ? host : null;
}
