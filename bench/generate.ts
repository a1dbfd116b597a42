import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const FIRST = ['Anna', 'Lars', 'Maria', 'Ion', 'Elena', 'Jose', 'Lucia', 'Mihai', 'Sofia', 'Pablo', 'Ioana', 'Carmen', 'Andrei', 'Laura', 'David', 'Ana'];
const LAST = ['Larsen', 'Popescu', 'Garcia', 'Ionescu', 'Martinez', 'Lopez', 'Dumitru', 'Sanchez', 'Stan', 'Fernandez', 'Larsson', 'Moreno', 'Radu', 'Diaz'];
const COMPANIES = Array.from({ length: 500 }, (_, i) => `Company ${i}`);

/** Writes a contacts CSV of `rows` rows (deterministic), streaming so size never matters. */
export async function writeContactsCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('First name,Last name,Email,Phone,Company,Tags,Birthday,Score\n');
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const tags = i % 20 === 0 ? 'vip;newsletter' : i % 3 === 0 ? 'newsletter' : '';
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    const line = `${first},${last},${first.toLowerCase()}.${i}@example${i % 10}.com,+40 721 ${String(i).padStart(6, '0')},${COMPANIES[i % COMPANIES.length]},${tags},${1960 + (i % 45)}-${month}-${day},${i % 100}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
