import { Button, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconDownload, IconEraser, IconShieldLock } from '@tabler/icons-react';
import { contactExportUrl, useCanGdpr } from './api';
import { EraseContactModal } from './EraseContactModal';

/** Owner/admin-only data-subject requests on the contact page: export (Art. 15/20) and erasure (Art. 17). */
export function GdprMenu({ contact }: { contact: { id: number; email: string | null; name: string } }) {
  const allowed = useCanGdpr();
  const [erasing, { open, close }] = useDisclosure(false);
  if (!allowed) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconShieldLock size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="gdpr-menu">
            Privacy
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component="a" href={contactExportUrl(contact.id)} download={`contact-${contact.id}.json`}
            leftSection={<IconDownload size={16} />} data-testid="gdpr-export">
            Export data (GDPR)
          </Menu.Item>
          <Menu.Item color="red.9" leftSection={<IconEraser size={16} />} onClick={open} data-testid="gdpr-erase">Erase contact…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <EraseContactModal contact={contact} opened={erasing} onClose={close} />
    </>
  );
}
