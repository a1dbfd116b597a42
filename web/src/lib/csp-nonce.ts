/**
 * The server puts a fresh CSP nonce in index.html on every load (`<meta property="csp-nonce">`);
 * the <style> tags injected at runtime must carry it, since the policy allows no inline styles.
 */
const cspNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

/** For MantineProvider's getStyleNonce (undefined in `vite dev`, which sends no CSP). */
export const getStyleNonce = cspNonce ? () => cspNonce : undefined;

// Mantine modals lock scrolling through react-remove-scroll, whose <style> takes its nonce from
// get-nonce, which reads webpack's global.
if (cspNonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = cspNonce;
