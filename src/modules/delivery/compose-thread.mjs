// The entry of a compose thread (compose-pool.ts). The sources are TypeScript run through tsx
// (see bin/rapport.js), so the thread registers tsx itself, whatever started the process.
import { register } from 'tsx/esm/api';

register();
await import('./compose-worker.ts');
