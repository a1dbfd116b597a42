import type { Config } from '../../config/config.js';

/** The base of every link in audience emails: PUBLIC_URL, else this server on localhost. */
export function publicBase(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}
