import { esc, page, paragraph, raw } from '../public/html.js';
import { CSAT_COMMENT_MAX } from './csat.service.js';

const WORDS = ['', 'very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'];

/** Thanks for the score, and the optional comment form (posted back to the same signed link). */
export function csatThanksPage(o: { token: string; score: number; comment: string | null; commented?: boolean }): string {
  const form = `<form method="post" action="/csat/${esc(o.token)}" accept-charset="utf-8">
<label for="comment">Anything you would like to tell us? (optional)</label>
<textarea id="comment" name="comment" rows="5" maxlength="${CSAT_COMMENT_MAX}">${esc(o.comment ?? '')}</textarea>
<button type="submit">Send comment</button>
</form>`;
  const body = o.commented
    ? `<p role="status">Thank you for your comment.</p>${paragraph(`Your rating: ${o.score} of 5 (${WORDS[o.score]}).`)}`
    : `<p role="status">Thank you: we recorded ${o.score} of 5 (${WORDS[o.score]}).</p><p class="muted">Clicked the wrong one? Use another link from the email.</p>\n${form}`;
  return page({ title: 'Thanks for your feedback', body: raw(body) });
}
