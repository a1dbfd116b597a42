import type { Executor } from '../../db/executor.js';

export interface NewInboundMessage {
  workspaceId: number;
  channel: string;
  externalMessageId: string;
  senderExternalId: string;
  contactId: number;
  body: string;
  sentAt: Date;
}

/** Undefined when the gateway sent this message before (its id is unique per channel). */
export async function insertInboundMessage(db: Executor, m: NewInboundMessage): Promise<number | undefined> {
  const row = await db.insertInto('inbound_messages').values({
    workspace_id: m.workspaceId, channel: m.channel, external_message_id: m.externalMessageId, sender_external_id: m.senderExternalId,
    contact_id: m.contactId, body: m.body, sent_at: m.sentAt,
  }).onConflict((oc) => oc.columns(['workspace_id', 'channel', 'external_message_id']).doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

export async function setMessageTicket(db: Executor, workspaceId: number, id: number, ticketId: number): Promise<void> {
  await db.updateTable('inbound_messages').set({ ticket_id: ticketId }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** A contact's messages, oldest first (GDPR export). */
export function contactMessages(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('inbound_messages').select(['channel', 'external_message_id', 'sender_external_id', 'body', 'sent_at', 'ticket_id'])
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('id').execute();
}

/** GDPR erasure: the person's own words and ids go. */
export async function deleteContactMessages(db: Executor, workspaceId: number, contactId: number): Promise<void> {
  await db.deleteFrom('inbound_messages').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).execute();
}
