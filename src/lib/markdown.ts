import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown a person wrote (notes) as HTML safe to insert into the app: marked renders it, then a
 * strict allow-list keeps only text formatting and http(s)/mailto links — no raw HTML, images,
 * styles, event handlers or script URLs survive.
 */
export function markdownToSafeHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr'],
    allowedAttributes: { a: ['href', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}
