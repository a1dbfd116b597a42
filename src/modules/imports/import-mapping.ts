import type { FieldIssue } from '../../lib/app-error.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { MAX_COLUMNS } from './csv-format.js';
import { CONTACT_IMPORT_FIELDS, type ImportModeInput } from './imports.schema.js';

// Header spellings seen in exports of other CRMs and spreadsheets, compared after `norm`.
// Keep in step with web/src/imports/mapping.ts, which makes the same guess in the browser.
const ALIASES: Record<string, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename', 'prenom', 'nombre', 'prenume'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nom', 'apellido', 'apellidos', 'nume'],
  email: ['email', 'emailaddress', 'mail', 'email1', 'correo', 'correoelectronico'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'cell', 'telefono', 'telefon'],
  jobTitle: ['jobtitle', 'title', 'position', 'role', 'job', 'cargo', 'puesto', 'functie'],
  birthday: ['birthday', 'birthdate', 'dateofbirth', 'dob', 'cumpleanos', 'fechadenacimiento', 'datanasterii'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'account', 'empresa', 'companie', 'firma'],
  owner: ['owner', 'owneremail', 'assignedto', 'salesrep', 'responsable'],
  tags: ['tags', 'tag', 'labels', 'etiquetas', 'etichete'],
};

const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** A guess of header → field from the header text; each field is used at most once. */
export function suggestMapping(headers: string[], defs: FieldDefinition[]): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const header of headers) {
    const n = norm(header);
    if (!n) continue;
    let target = Object.keys(ALIASES).find((field) => ALIASES[field].includes(n));
    if (!target) {
      const def = defs.find((d) => norm(d.key) === n || norm(d.label) === n || `custom${norm(d.key)}` === n);
      if (def) target = `custom.${def.key}`;
    }
    if (target && !used.has(target)) {
      used.add(target);
      out[header] = target;
    }
  }
  return out;
}

/** Drops skipped columns (empty target), so `{ "Notes": "" }` means "do not import Notes". */
export function cleanMapping(mapping: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([h, f]) => [h, f.trim()]).filter(([, f]) => f !== ''));
}

/** Every problem with a mapping, each naming `mapping.<header>` (or `mapping` when none applies). */
export function checkMapping(headers: string[], mapping: Record<string, string>, defs: FieldDefinition[], mode: ImportModeInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const entries = Object.entries(mapping);
  // Bounded before the loop: each entry may cost a message, and a 5 MB body holds many entries.
  if (entries.length > MAX_COLUMNS) return [{ path: 'mapping', message: `maps ${entries.length} columns; a file has at most ${MAX_COLUMNS}` }];
  const known = new Set<string>([...CONTACT_IMPORT_FIELDS, ...defs.map((d) => `custom.${d.key}`)]);
  const columns = new Set(headers);
  const columnList = headers.length <= 20 ? ` (columns: ${headers.join(', ')})` : '';
  const firstHeaderOf = new Map<string, string>();
  for (const [header, field] of entries) {
    const path = `mapping.${header}`;
    if (!columns.has(header)) issues.push({ path, message: `"${header}" is not a column of the file${columnList}` });
    else if (!known.has(field)) issues.push({ path, message: `unknown field "${field}"; use one of ${[...known].join(', ')}` });
    else if (firstHeaderOf.has(field)) issues.push({ path, message: `"${field}" is already mapped from "${firstHeaderOf.get(field)}"` });
    else firstHeaderOf.set(field, header);
  }
  if (entries.length === 0) issues.push({ path: 'mapping', message: 'map at least one column to a field' });
  else if (mode !== 'create' && !Object.values(mapping).includes('email')) {
    issues.push({ path: 'mapping', message: `map a column to "email": mode ${mode} matches existing contacts by email` });
  }
  return issues;
}
