import type { Generated } from 'kysely';

// Columns added by migration 0015_delivery, merged into the 0009 row types so schema-email.ts
// stays as the lead wrote it.
declare module './schema-email.js' {
  interface CampaignRecipientsTable {
    claimed_until: Date | null;
    list_id: number | null;
  }
  interface CampaignsTable {
    send_checkpoint: Generated<number>;
  }
  interface TransactionalMessagesTable {
    from_email: string | null;
    from_name: string | null;
    subject: string | null;
    claimed_until: Date | null;
  }
}
