import type { CustomValue } from '../contacts/api';
import { useCustomFields, type CustomField, type Entity } from '../settings/api';
import { CustomFieldInput } from './CustomFieldInput';

/** The entity's custom fields, required ones first, for create dialogs. */
export function useCreateFields(entity: Entity): CustomField[] {
  const fields = useCustomFields(entity).data ?? [];
  return [...fields].sort((a, b) => Number(b.required) - Number(a.required));
}

/** One input per custom field; errors come from the server's `custom.<key>` paths. */
export function CustomFieldsInputs({ fields, values, onChange, error }: {
  fields: CustomField[];
  values: Record<string, CustomValue>;
  onChange: (values: Record<string, CustomValue>) => void;
  error: (path: string) => string | undefined;
}) {
  return fields.map((f) => (
    <CustomFieldInput key={f.id} field={f} value={values[f.key]} error={error(`custom.${f.key}`)}
      onChange={(v) => onChange({ ...values, [f.key]: v })} />
  ));
}
