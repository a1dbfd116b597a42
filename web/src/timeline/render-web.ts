// Renderers for website behaviour (issue 12): a visit is one row, never one per page view.
import { dataOf, joined, str, text, type Renderer } from './event-text';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
const pathOf = (url: string) => {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
};

export const WEB_RENDERERS: Record<string, Renderer> = {
  web_session: (e) => {
    const d = dataOf(e);
    const pages = typeof d.pages === 'number' ? d.pages : 0;
    const events = typeof d.events === 'number' ? d.events : 0;
    const landing = str(d.landingTitle) || (d.landingUrl ? pathOf(str(d.landingUrl)) : '');
    return text(
      `Visited the website${pages ? `: ${plural(pages, 'page')}` : ''}${events ? `, ${plural(events, 'event')}` : ''}`,
      joined([
        landing ? `landed on ${landing}` : '',
        d.referrer ? `from ${hostOf(str(d.referrer))}` : '',
        d.utmCampaign ? `campaign ${str(d.utmCampaign)}` : d.utmSource ? `source ${str(d.utmSource)}` : '',
      ], ' · ') || null,
    );
  },
};
