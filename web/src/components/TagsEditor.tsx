import { TagsInput } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** Tags saved immediately through the record's tag endpoints (each add/remove is its own event). */
export function TagsEditor({ tags, add, remove, readOnly }: {
  tags: string[];
  add: UseMutationResult<unknown, Error, string[]>;
  remove: UseMutationResult<unknown, Error, string>;
  readOnly?: boolean;
}) {
  const [local, setLocal] = useState(tags);
  const key = tags.join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setLocal(tags), [key]);
  const onChange = (next: string[]) => {
    const added = next.filter((t) => !local.includes(t));
    const removed = local.filter((t) => !next.includes(t));
    setLocal(next);
    if (added.length) add.mutate(added);
    for (const t of removed) remove.mutate(t);
  };
  return (
    <TagsInput label="Tags" placeholder={readOnly ? undefined : 'Add a tag and press Enter'} value={local} onChange={onChange}
      readOnly={readOnly} data-testid="tags-input" description={readOnly ? undefined : 'Changes are saved immediately'} />
  );
}
