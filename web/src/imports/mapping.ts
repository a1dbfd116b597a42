// The contact fields a CSV column can be mapped to (the server suggests the mapping).

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
