/**
 * The server puts a fresh CSP nonce in index.html on every load (`<meta property="csp-nonce">`);
 * the <style> tags injected at runtime must carry it, since the policy allows no inline styles.
 */
export const cspNonce: string | undefined = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

// Mantine modals lock scrolling through react-remove-scroll, whose <style> takes its nonce from
// get-nonce, which reads webpack's global.
if (cspNonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = cspNonce;
