// Auto-suggest a target field for each CSV column from its header.
import type { CustomField } from '../settings/api';

export const SKIP = '__skip__';

export const CONTACT_TARGETS = [
  { value: 'firstName', label: 'First name' },
  { value: 'lastName', label: 'Last name' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'jobTitle', label: 'Job title' },
  { value: 'birthday', label: 'Birthday' },
  { value: 'company', label: 'Company (name)' },
  { value: 'owner', label: 'Owner (email)' },
  { value: 'tags', label: 'Tags' },
];

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

export function suggestMapping(headers: string[], custom: CustomField[]): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const h of headers) {
    const n = norm(h);
    let target: string | undefined;
    for (const [field, aliases] of Object.entries(ALIASES)) if (aliases.includes(n)) target = field;
    if (!target) {
      const cf = custom.find((f) => norm(f.key) === n || norm(f.label) === n || `custom${norm(f.key)}` === n);
      if (cf) target = `custom.${cf.key}`;
    }
    if (target && !used.has(target)) {
      used.add(target);
      out[h] = target;
    } else out[h] = SKIP;
  }
  return out;
}
