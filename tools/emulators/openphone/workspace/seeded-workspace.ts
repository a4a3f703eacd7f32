import { recordingPath, voicemailPath } from '../artifact-payloads';
import { mediaUrl, type MediaBase } from '../envelopes';
import { mmsPath } from '../message-script';
import { phoneNumberIdFor } from '../payloads';
import { APP_CONTACT_SOURCE, hash32, Workspace, type CallArtifacts, type WorkspaceCall, type WorkspaceContact, type WorkspaceLine, type WorkspaceMessage } from './workspace';

/**
 * A deterministic OpenPhone workspace of realistic size: the same seed gives the same
 * workspace, ids included. The default is the business issue 12 describes: about 7,000
 * conversations over 9 months, thousands of contacts (a third made in the Quo app, which
 * API v1 cannot list), hundreds of MMS photos, and media older than `mediaRetentionDays`
 * that the API no longer hands out (recording and photo URLs null), so an import has
 * something to report. Small sizes are for tests.
 */

export interface SeededWorkspaceOptions {
  seed?: number;
  /** Default 7,000. */
  conversations?: number;
  /** Default 9: activity spreads over this many months before `endAt`. */
  months?: number;
  /** Default 3,000 (API-created and app-made together). */
  contacts?: number;
  /** Default 300 MMS photos. */
  photos?: number;
  /** Default 2026-12-01T00:00:00Z: the newest activity is just before. */
  endAt?: Date;
  /** Default 180: recordings, voicemails and photos older than this (before endAt) come back without a URL. */
  mediaRetentionDays?: number;
  /** Where recordings, voicemails and photos are served (a media host); default http://127.0.0.1:9/media. */
  mediaBaseUrl?: MediaBase;
  /** Default the three lines below. */
  lines?: readonly WorkspaceLine[];
  /** Further lines of the workspace that carry no history (a health check's second line). Default none. */
  quietLines?: readonly WorkspaceLine[];
}

export const SEEDED_LINES: readonly WorkspaceLine[] = [
  line('+16175550100', 'Front desk', [
    ['USfront01', 'Ana', 'Ruiz', 'owner'],
    ['USfront02', 'Ben', 'Okafor', 'member'],
  ]),
  line('+16175550101', 'Support', [
    ['USsupport01', 'Chloe', 'Nguyen', 'admin'],
    ['USsupport02', 'Dev', 'Patel', 'member'],
  ]),
  line('+16175550102', 'After hours', [['USafter01', 'Eli', 'Brooks', 'member']]),
];

const DAY_MS = 86_400_000;
const FIRST = ['Maya', 'Liam', 'Sofia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Isla', 'Omar', 'Priya', 'Jonas', 'Hana', 'Mateo', 'Zoe', 'Kofi', 'Lena', 'Ravi', 'Nora', 'Theo'];
const LAST = ['Garcia', 'Smith', 'Chen', 'Kowalski', 'Haddad', 'Murphy', 'Silva', 'Tanaka', 'Novak', 'Adeyemi', 'Larsen', 'Dubois', 'Rossi', 'Khan', 'Fischer'];
const COMPANIES = ['Harbor Dental', 'Blue Fern Cafe', 'Northside Plumbing', 'Keller & Co', 'Summit Yoga', null, null];
const INBOUND = ['Hi, is my appointment still on for Thursday?', 'Can you call me back when you get a moment?', 'Thanks, that fixed it!', 'The printer is offline again', 'What are your hours this weekend?', 'Please send the invoice to my work email'];
const OUTBOUND = ['Yes, see you Thursday at 10.', 'Calling you in five minutes.', 'Glad to hear it!', 'We will send a technician tomorrow morning.', 'Open 9-1 on Saturday, closed Sunday.', 'Done, sent it just now.'];
const DIALOGUE = ['Thanks for calling, how can I help?', 'My laptop will not connect to the VPN.', 'Let me check your account.', 'I see the problem, try signing in again now.', 'That worked, thank you.', 'Anything else today?'];

export function seededWorkspace(options: SeededWorkspaceOptions = {}): Workspace {
  const random = mulberry32(options.seed ?? 12);
  const lines = options.lines ?? SEEDED_LINES;
  const endMs = (options.endAt ?? new Date('2026-12-01T00:00:00Z')).getTime();
  const spanMs = (options.months ?? 9) * 30 * DAY_MS;
  const startMs = endMs - spanMs;
  const mediaFromMs = endMs - (options.mediaRetentionDays ?? 180) * DAY_MS;
  const media = options.mediaBaseUrl ?? 'http://127.0.0.1:9/media';
  const conversations = options.conversations ?? 7_000;
  const workspace = new Workspace([...lines, ...(options.quietLines ?? [])], [
    { name: 'Plan', key: 'plan', type: 'string' },
    { name: 'Hours remaining', key: 'hours-remaining', type: 'number' },
  ]);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const customers: string[] = [];

  // Photos go to inbound texts spread over the whole span: a chance per text tuned to the
  // total asked (about one inbound text per conversation).
  const photoChance = Math.min(1, (options.photos ?? 300) / Math.max(1, conversations));

  for (let index = 0; index < conversations; index++) {
    const customer = customerNumber(index);
    customers.push(customer);
    const ln = lines[index % 10 < 6 ? 0 : index % 10 < 9 ? 1 % lines.length : 2 % lines.length]!;
    const group = random() < 0.02 ? [customer, customerNumber(conversations + index)] : [customer];
    const firstMs = startMs + random() * (spanMs - DAY_MS);
    let atMs = firstMs;
    const calls = group.length > 1 ? 0 : Math.floor(random() * 3.2);
    const texts = Math.floor(random() * 5.2);
    const steps = [...Array<'call'>(calls).fill('call'), ...Array<'text'>(texts).fill('text')].sort(() => random() - 0.5);
    if (steps.length === 0) steps.push(group.length > 1 ? 'text' : 'call');
    for (const [turn, step] of steps.entries()) {
      atMs = Math.min(endMs - 60_000, atMs + random() * 3 * DAY_MS);
      const user = pick(ln.users);
      const id = `AC${hash32(`${options.seed ?? 12}|${index}|${turn}|${step}`)}`;
      if (step === 'call') {
        const incoming = random() < 0.7;
        const answered = random() < 0.78;
        const duration = answered ? 20 + Math.floor(random() * 900) : 0;
        const answeredMs = atMs + 8_000;
        const call: WorkspaceCall = {
          id,
          object: 'call',
          phoneNumberId: ln.id,
          userId: user.id,
          direction: incoming ? 'incoming' : 'outgoing',
          status: answered ? 'completed' : incoming ? 'no-answer' : 'canceled',
          participants: [customer],
          answeredAt: answered ? iso(answeredMs) : null,
          answeredBy: answered ? user.id : null,
          initiatedBy: incoming ? null : user.id,
          completedAt: iso(answered ? answeredMs + duration * 1000 : atMs + 25_000),
          createdAt: iso(atMs),
          updatedAt: iso(answered ? answeredMs + duration * 1000 : atMs + 25_000),
          duration,
          forwardedFrom: null,
          forwardedTo: null,
        };
        const kept = atMs >= mediaFromMs;
        const artifacts: Partial<CallArtifacts> = {};
        if (answered && random() < 0.95) artifacts.recordings = [{ id: `RC${id.slice(2)}`, url: kept ? mediaUrl(media, recordingPath(id)) : null, type: 'audio/mpeg', duration, startTime: call.answeredAt!, status: kept ? 'completed' : 'deleted' }];
        if (answered && random() < 0.9) {
          artifacts.transcript = {
            callId: id,
            createdAt: call.completedAt!,
            duration,
            status: 'completed',
            dialogue: DIALOGUE.map((content, said) => ({ content, start: said * 6, end: said * 6 + 5, identifier: said % 2 === 0 ? ln.number : customer, userId: said % 2 === 0 ? user.id : null })),
          };
        }
        if (answered && duration >= 30 && random() < 0.85) artifacts.summary = { callId: id, status: 'completed', summary: ['Customer could not reach the VPN; signing in again fixed it.'], nextSteps: ['Check in next week.'] };
        if (!answered && incoming && random() < 0.5) {
          artifacts.voicemail = { id: `VM${id.slice(2)}`, status: 'completed', duration: 5 + Math.floor(random() * 50), recordingUrl: kept ? mediaUrl(media, voicemailPath(id)) : null, transcript: 'Hi, it is about my appointment, please call me back.' };
        }
        workspace.addCall(call, artifacts);
      } else {
        const incoming = random() < 0.55;
        const photo = incoming && random() < photoChance;
        const kept = atMs >= mediaFromMs;
        const message: WorkspaceMessage = {
          id,
          object: 'message',
          from: incoming ? group[0]! : ln.number,
          to: incoming ? [ln.number, ...group.slice(1)] : group,
          text: incoming ? pick(INBOUND) : pick(OUTBOUND),
          phoneNumberId: ln.id,
          direction: incoming ? 'incoming' : 'outgoing',
          userId: incoming ? null : user.id,
          status: incoming ? 'received' : 'delivered',
          createdAt: iso(atMs),
          updatedAt: iso(atMs + 2_000),
          media: photo ? [{ url: kept ? mediaUrl(media, mmsPath(id, 0)) : null, type: 'image/jpeg' }] : [],
        };
        workspace.addMessage(message);
      }
    }
  }

  const contacts = options.contacts ?? 3_000;
  for (let index = 0; index < contacts; index++) {
    const createdMs = startMs + random() * spanMs;
    const made = random() < 0.34 ? APP_CONTACT_SOURCE : 'public-api';
    const number = customers.length === 0 ? customerNumber(index) : customers[index % customers.length]!;
    const first = pick(FIRST);
    const last = pick(LAST);
    const contact: WorkspaceContact = {
      id: `CT${hash32(`contact|${options.seed ?? 12}|${index}`).slice(0, 24)}`,
      externalId: made === APP_CONTACT_SOURCE ? null : `crm-${index}`,
      source: made,
      sourceUrl: null,
      defaultFields: {
        firstName: first,
        lastName: last,
        company: pick(COMPANIES),
        role: null,
        emails: [{ name: 'Work', value: `${first}.${last}${index}@example.test`.toLowerCase() }],
        phoneNumbers: [{ name: 'Mobile', value: number }],
      },
      customFields: [],
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + DAY_MS),
      createdByUserId: lines[0]?.users[0]?.id ?? null,
    };
    workspace.addContact(contact);
  }
  return workspace;
}

/** Distinct customer numbers: +1 617/508/781 555 0000-9999 (fictional 555 range). */
export function customerNumber(index: number): string {
  const areas = ['617', '508', '781', '339', '978'];
  const area = areas[Math.floor(index / 9_000) % areas.length]!;
  return `+1${area}555${String(1_000 + (index % 9_000)).padStart(4, '0')}`;
}

function line(number: string, name: string, users: [string, string, string, 'owner' | 'admin' | 'member'][]): WorkspaceLine {
  return {
    number,
    name,
    id: phoneNumberIdFor(number),
    users: users.map(([id, firstName, lastName, role]) => ({ id, firstName, lastName, role, email: `${firstName.toLowerCase()}@example.test` })),
  };
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
