import { createContext } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';

// A bare worker process for the crash test: opens DATABASE_URL, runs the job workers (which
// re-enqueue interrupted sends at boot), and sends until killed.
const ctx = await createContext(loadConfig(process.env), { workers: true });
process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
void ctx;
