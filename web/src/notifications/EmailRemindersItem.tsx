import { Menu, Switch } from '@mantine/core';
import { usePreferences, useUpdatePreferences } from './api';

/** "Email me reminders" in the user menu. */
export function EmailRemindersItem() {
  const prefs = usePreferences();
  const update = useUpdatePreferences();
  const on = prefs.data?.emailReminders ?? false;
  return (
    <Menu.Item closeMenuOnClick={false} onClick={() => update.mutate({ emailReminders: !on })} disabled={!prefs.data || update.isPending}
      title={prefs.data?.emailAvailable === false ? 'The server has no email configured; reminders stay in the app until it has.' : undefined}
      rightSection={<Switch size="xs" checked={on} readOnly tabIndex={-1} aria-hidden />} data-testid="email-reminders-toggle" data-checked={on}>
      Email me reminders
    </Menu.Item>
  );
}
