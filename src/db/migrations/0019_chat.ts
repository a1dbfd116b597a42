import { sql, type Kysely } from 'kysely';

// Live chat (issue 11 §7). A chat is a ticket of channel `chat` in the widget's inbox; these
// tables hold the widget (its public key and the sites that may embed it), the visitor behind
// each chat, and the visitor's own message ids, so a message resent after a reconnect is stored once.
const statements = [
  `create table chat_widgets (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    inbox_id bigint not null references inboxes(id) on delete cascade,
    public_key text not null,
    allowed_origins jsonb not null default '[]',
    greeting text not null default '',
    colors jsonb not null default '{}',
    created_at timestamptz not null default now()
  )`,
  // The widget script and the socket find a widget by its key alone.
  `create unique index chat_widgets_key on chat_widgets (public_key)`,
  `create unique index chat_widgets_inbox_key on chat_widgets (workspace_id, inbox_id)`,
  `create table chat_sessions (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    widget_id bigint not null references chat_widgets(id) on delete cascade,
    visitor_id text not null,
    ticket_id bigint references tickets(id) on delete set null,
    email text,
    transcript_at timestamptz,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now()
  )`,
  // A visitor has one live chat per widget; a new one starts once the last is solved.
  `create index chat_sessions_visitor_idx on chat_sessions (widget_id, visitor_id, id desc)`,
  `create index chat_sessions_ticket_idx on chat_sessions (workspace_id, ticket_id)`,
  `alter table ticket_messages add column chat_client_id text`,
  `create unique index ticket_messages_chat_client_key on ticket_messages (ticket_id, chat_client_id) where chat_client_id is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists ticket_messages_chat_client_key').execute(db);
  await sql.raw('alter table ticket_messages drop column if exists chat_client_id').execute(db);
  await sql.raw('drop table if exists chat_sessions').execute(db);
  await sql.raw('drop table if exists chat_widgets').execute(db);
}
