import { blocksToMjml, type BlockDocumentInput } from './blocks.js';

/**
 * The starter gallery: responsive designs to begin from without code. Each is a block document,
 * so a template made from one opens in the block editor; each has the footer with the postal
 * address and the unsubscribe link a campaign needs.
 */
export interface Starter {
  key: string;
  name: string;
  description: string;
  subject: string;
  preheader: string;
  blocks: BlockDocumentInput;
}

const hello = '<p>Hi {{ contact.first_name | default: "there" }},</p>';
const footer = { type: 'footer', html: '' } as const;
const photo = (label: string) => `https://placehold.co/600x240/png?text=${encodeURIComponent(label)}`;

export const STARTERS: Starter[] = [
  {
    key: 'newsletter', name: 'Newsletter', description: 'A header image, a lead story and two columns of news',
    subject: '{{ workspace.name }} news for {{ contact.first_name | default: "you" }}', preheader: 'What happened this month',
    blocks: { blocks: [
      { type: 'image', src: photo('Newsletter'), alt: 'Newsletter header' },
      { type: 'text', html: `<h1>This month at {{ workspace.name }}</h1>${hello}<p>Here is what we have been working on, and what is coming next.</p>` },
      { type: 'columns', columns: [
        [{ type: 'text', html: '<h3>Story one</h3><p>A short summary of the first story.</p>' }, { type: 'button', label: 'Read more', href: 'https://example.com/one', align: 'left' }],
        [{ type: 'text', html: '<h3>Story two</h3><p>A short summary of the second story.</p>' }, { type: 'button', label: 'Read more', href: 'https://example.com/two', align: 'left' }],
      ] },
      { type: 'divider' },
      { type: 'social', links: [{ network: 'linkedin', href: 'https://www.linkedin.com/' }, { network: 'x', href: 'https://x.com/' }] },
      footer,
    ] },
  },
  {
    key: 'announcement', name: 'Announcement', description: 'One big message and one call to action',
    subject: 'Introducing something new', preheader: 'It is here, and it is for you',
    blocks: { backgroundColor: '#e7f5ff', blocks: [
      { type: 'text', align: 'center', html: '<h1>Something new is here</h1><p>One sentence on why it matters to {{ contact.company.name | default: "you" }}.</p>' },
      { type: 'image', src: photo('Announcement'), alt: 'The new thing' },
      { type: 'button', label: 'See what is new', href: 'https://example.com/new' },
      footer,
    ] },
  },
  {
    key: 'promotion', name: 'Promotion', description: 'An offer with a code, a deadline and a bold button',
    subject: '{{ contact.first_name | default: "Friend" }}, 20% off until Sunday', preheader: 'Use code SPRING20 at checkout',
    blocks: { backgroundColor: '#fff4e6', blocks: [
      { type: 'text', align: 'center', html: '<h1>20% off everything</h1><p>Use the code <strong>SPRING20</strong> at checkout. Ends Sunday at midnight.</p>' },
      { type: 'button', label: 'Shop now', href: 'https://example.com/shop', color: '#e8590c' },
      { type: 'columns', columns: [
        [{ type: 'image', src: photo('Product A'), alt: 'Product A' }, { type: 'text', align: 'center', html: '<p><strong>Product A</strong></p>' }],
        [{ type: 'image', src: photo('Product B'), alt: 'Product B' }, { type: 'text', align: 'center', html: '<p><strong>Product B</strong></p>' }],
      ] },
      footer,
    ] },
  },
  {
    key: 'welcome', name: 'Welcome', description: 'A warm hello for new subscribers, with three first steps',
    subject: 'Welcome to {{ workspace.name }}', preheader: 'Three things to try first',
    blocks: { blocks: [
      { type: 'text', html: `<h1>Welcome aboard</h1>${hello}<p>Thank you for joining us. Here are three things to try first:</p><ol><li>Set up your profile</li><li>Explore the guides</li><li>Say hello to the team</li></ol>` },
      { type: 'button', label: 'Get started', href: 'https://example.com/start' },
      { type: 'text', html: '<p>Questions? Just reply to this email.</p>' },
      footer,
    ] },
  },
  {
    key: 'event', name: 'Event invitation', description: 'Date, place and an RSVP button',
    subject: 'You are invited, {{ contact.first_name | default: "friend" }}', preheader: 'Save the date',
    blocks: { backgroundColor: '#f3f0ff', blocks: [
      { type: 'image', src: photo('You are invited'), alt: 'Event banner' },
      { type: 'text', align: 'center', html: '<h1>Join us in person</h1><p><strong>Thursday, 12 March · 18:00</strong><br>The Old Library, 1 Main Street</p>' },
      { type: 'button', label: 'RSVP', href: 'https://example.com/rsvp', color: '#7048e8' },
      { type: 'divider' },
      { type: 'text', align: 'center', html: '<p>Drinks and snacks are on us. Bring a colleague.</p>' },
      footer,
    ] },
  },
  {
    key: 'plain', name: 'Plain letter', description: 'Just text, like a personal email',
    subject: 'A note from {{ workspace.name }}', preheader: '',
    blocks: { backgroundColor: '#ffffff', fontFamily: 'Georgia, serif', blocks: [
      { type: 'text', html: `${hello}<p>Write your letter here. Plain letters often reach the inbox more personally than designed ones.</p><p>Best wishes,<br>The {{ workspace.name }} team</p>` },
      footer,
    ] },
  },
];

export function findStarter(key: string): Starter | undefined {
  return STARTERS.find((s) => s.key === key);
}

export const starterMjml = (s: Starter) => blocksToMjml(s.blocks);
