// The icon and colour of each timeline event kind; what it says is web/src/timeline/render-event.ts.
import {
  IconArrowBackUp, IconArrowMerge, IconArrowRight, IconCircleCheck, IconCirclePlus, IconCoin, IconCoinOff, IconEdit, IconFileImport,
  IconForms, IconLink, IconListDetails, IconMail, IconMailCheck, IconMailOff, IconMailOpened, IconMailQuestion, IconNote, IconNoteOff,
  IconPoint, IconPointer, IconShieldCheck, IconShieldX, IconShoppingCart, IconTag, IconTags, IconTagOff, IconThumbDown, IconTrash,
  IconTrophy, IconUserMinus,
} from '@tabler/icons-react';
import { IconArrowsJoin, IconBrandHipchat, IconLifebuoy, IconMailExclamation, IconMessageReply, IconMessageReport, IconMessages, IconMoodSmile, IconStatusChange } from '@tabler/icons-react';
import { IconAlarm, IconAlarmOff } from '@tabler/icons-react';
import { IconWorld } from '@tabler/icons-react';
import { IconBrandWhatsapp, IconReceipt, IconReceiptRefund } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface KindIcon {
  icon: ReactNode;
  color: string;
}

const s = 14;
const k = (icon: ReactNode, color: string): KindIcon => ({ icon, color });

const ICONS: Record<string, KindIcon> = {
  created: k(<IconCirclePlus size={s} />, 'teal'),
  field_changed: k(<IconEdit size={s} />, 'indigo'),
  note_added: k(<IconNote size={s} />, 'yellow'),
  note_deleted: k(<IconNoteOff size={s} />, 'gray'),
  tag_added: k(<IconTag size={s} />, 'grape'),
  tag_removed: k(<IconTagOff size={s} />, 'gray'),
  imported: k(<IconFileImport size={s} />, 'cyan'),
  merged: k(<IconArrowMerge size={s} />, 'orange'),
  contact_linked: k(<IconLink size={s} />, 'teal'),
  contact_deleted: k(<IconUserMinus size={s} />, 'red'),
  deal_created: k(<IconCoin size={s} />, 'teal'),
  deal_field_changed: k(<IconEdit size={s} />, 'indigo'),
  deal_tags_changed: k(<IconTags size={s} />, 'grape'),
  deal_linked: k(<IconLink size={s} />, 'teal'),
  deal_deleted: k(<IconTrash size={s} />, 'red'),
  deal_stage_changed: k(<IconArrowRight size={s} />, 'blue'),
  deal_won: k(<IconTrophy size={s} />, 'teal'),
  deal_lost: k(<IconThumbDown size={s} />, 'red'),
  deal_reopened: k(<IconArrowBackUp size={s} />, 'blue'),
  deal_cost_added: k(<IconCoin size={s} />, 'orange'),
  deal_cost_removed: k(<IconCoinOff size={s} />, 'gray'),
  activity_created: k(<IconListDetails size={s} />, 'blue'),
  activity_completed: k(<IconCircleCheck size={s} />, 'teal'),
  activity_reopened: k(<IconArrowBackUp size={s} />, 'gray'),
  activity_updated: k(<IconEdit size={s} />, 'indigo'),
  activity_deleted: k(<IconTrash size={s} />, 'red'),
  list_subscribed: k(<IconMailCheck size={s} />, 'green'),
  list_pending: k(<IconMailQuestion size={s} />, 'yellow'),
  list_unsubscribed: k(<IconMailOff size={s} />, 'gray'),
  consent_granted: k(<IconShieldCheck size={s} />, 'green'),
  consent_withdrawn: k(<IconShieldX size={s} />, 'red'),
  form_submitted: k(<IconForms size={s} />, 'indigo'),
  email_sent: k(<IconMail size={s} />, 'blue'),
  email_opened: k(<IconMailOpened size={s} />, 'blue'),
  email_clicked: k(<IconPointer size={s} />, 'blue'),
  purchase: k(<IconShoppingCart size={s} />, 'teal'),
  email_bounced: k(<IconMailExclamation size={s} />, 'orange'),
  email_complained: k(<IconMessageReport size={s} />, 'red'),
  ticket_created: k(<IconLifebuoy size={s} />, 'cyan'),
  ticket_message_received: k(<IconMessages size={s} />, 'cyan'),
  ticket_replied: k(<IconMessageReply size={s} />, 'blue'),
  ticket_status_changed: k(<IconStatusChange size={s} />, 'gray'),
  ticket_merged: k(<IconArrowsJoin size={s} />, 'orange'),
  chat_transcript: k(<IconBrandHipchat size={s} />, 'cyan'),
  ticket_sla_warning: k(<IconAlarm size={s} />, 'yellow'),
  ticket_sla_breached: k(<IconAlarmOff size={s} />, 'red'),
  csat_received: k(<IconMoodSmile size={s} />, 'teal'),
  web_session: k(<IconWorld size={s} />, 'violet'),
  order_placed: k(<IconReceipt size={s} />, 'teal'),
  order_status_changed: k(<IconReceiptRefund size={s} />, 'orange'),
  message_received: k(<IconBrandWhatsapp size={s} />, 'green'),
};

export function kindIcon(kind: string): KindIcon {
  return ICONS[kind] ?? k(<IconPoint size={s} />, 'gray');
}
