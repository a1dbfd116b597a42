/** Server-rendered pages for people without a login: small, escaped, no script, no outside resources. */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Raw HTML that has already been escaped piece by piece. */
export interface Html {
  readonly html: string;
}
export const raw = (html: string): Html => ({ html });

export function page(o: { title: string; body: Html; status?: 'ok' | 'error' }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${esc(o.title)}</title>
<link rel="stylesheet" href="/public/style.css">
</head>
<body>
<main class="card${o.status === 'error' ? ' error' : ''}">
<h1>${esc(o.title)}</h1>
${o.body.html}
</main>
</body>
</html>
`;
}

export const paragraph = (text: string) => `<p>${esc(text)}</p>`;

/**
 * The one stylesheet of the public pages, served from /public/style.css so a strict CSP
 * (style-src 'self', no inline styles) applies. Colours meet WCAG AA contrast on white.
 */
export const PUBLIC_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}
.card{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;border:1px solid #d0d4da}
.card.error h1{color:#9b1c1c}
h1{font-size:1.4rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=email],input[type=tel],input[type=number],input[type=date]{width:100%;padding:.6rem;font:inherit;border:1px solid #6b7280;border-radius:4px}
input:focus,button:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.consent{margin:1rem 0;color:#374151}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button{margin-top:1rem;padding:.7rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
fieldset{border:0;padding:0;margin:0}
.muted{color:#4b5563;font-size:.9rem}
`;
