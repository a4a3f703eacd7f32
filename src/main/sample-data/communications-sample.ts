import { createHash } from 'node:crypto';

/**
 * A morning's calls and texts at a support desk, for the demo, the README's pictures and
 * trying the Communications page: threads with customers (a photo sent by text, a reply
 * to a campaign, a group text), a campaign sent to eleven customers, an answered
 * call with its recording, transcript and summary, and a missed call with a voicemail.
 *
 * It is written as legacy OpenPhone webhook bodies (spec telephony-providers §1.3–§1.5,
 * app-created, apiVersion v3), so it goes through the relay like real traffic: the caller
 * signs and posts each body in order. Times are relative to `now`; ids derive from
 * `seed`, so the same call plays twice only if asked to.
 */

export interface SampleCustomer {
  name: string;
  company: string;
  phone: string;
  plan: 'Priority Support' | null;
}

/** The desk's customers; numbers in the 555 exchange, none shared with the other samples' first numbers. */
export const communicationsSampleCustomers: readonly SampleCustomer[] = [
  { name: 'Katherine Johnson', company: 'Orbital Math', phone: '+14155550131', plan: 'Priority Support' },
  { name: 'Ada Lovelace', company: 'Analytical Engines', phone: '+14155550142', plan: 'Priority Support' },
  { name: 'Alan Turing', company: 'Enigma Works', phone: '+12125550138', plan: 'Priority Support' },
  { name: 'Margaret Hamilton', company: 'Apollo Guidance', phone: '+13125550164', plan: 'Priority Support' },
  { name: 'Grace Hopper', company: 'Compiler Co', phone: '+14155550177', plan: 'Priority Support' },
  { name: 'Edsger Dijkstra', company: 'Shortest Path Ltd', phone: '+13035550112', plan: null },
  { name: 'Barbara Liskov', company: 'Abstract Data', phone: '+12065550118', plan: 'Priority Support' },
  { name: 'Donald Knuth', company: 'TeX Typesetting', phone: '+14155550124', plan: 'Priority Support' },
  { name: 'Dennis Ritchie', company: 'Unix Labs', phone: '+12125550136', plan: null },
  { name: 'Frances Allen', company: 'Fortran Foundry', phone: '+13125550148', plan: 'Priority Support' },
  { name: 'Radia Perlman', company: 'Spanning Trees', phone: '+13035550152', plan: 'Priority Support' },
  { name: 'Hedy Lamarr', company: 'Frequency Hopping', phone: '+12065550166', plan: null },
];

/** A number that is nobody's customer yet: it texts the desk and a customer together. */
export const UNKNOWN_SAMPLE_NUMBER = '+16465550190';

/** The customers as an import file (the columns of src/main/customers/README.md). */
export function communicationsSampleCustomersCsv(subscriptionStart: string): string {
  const header = 'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start';
  const rows = communicationsSampleCustomers.map((customer) => {
    const email = `${customer.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
    const plan = customer.plan ? `${customer.plan},monthly,10,399.00,USD,${subscriptionStart}` : ',,,,,';
    return `${customer.name},${customer.company},${email},${customer.phone},${plan}`;
  });
  return [header, ...rows].join('\n');
}

export interface SampleDelivery {
  /** When the event fires; posts go out in this order. */
  at: Date;
  /** The exact JSON body to sign and POST to /webhooks/openphone. */
  body: string;
}

export interface CommunicationsSampleOptions {
  /** The business line the desk answers. */
  line: string;
  now: Date;
  /** Where the sample's recording, voicemail and photo are served (`<base>/recording.wav`, `/voicemail.wav`, `/photo.png`); none when absent. */
  mediaBaseUrl?: string;
  seed?: string;
}

/** Customer `name`'s number (the samples refer to people by name). */
function phoneOf(name: string): string {
  const customer = communicationsSampleCustomers.find((candidate) => candidate.name === name);
  if (!customer) throw new Error(`no sample customer named ${name}`);
  return customer.phone;
}

const CAMPAIGN_TEXT = 'Ringside maintenance window this Saturday 8–10 am: lines stay up, the portal pauses. Reply YES to book a check-up call next week.';

/** Every webhook of the sample, oldest first. */
export function communicationsSampleDeliveries(options: CommunicationsSampleOptions): SampleDelivery[] {
  const { line, now } = options;
  const seed = options.seed ?? 'sample';
  const media = (path: string) => (options.mediaBaseUrl ? `${options.mediaBaseUrl.replace(/\/+$/, '')}/${path}` : null);
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const ids = idMaker(seed);
  const phoneNumberId = `PN${hash(line).slice(0, 8)}`;
  const userId = `US${hash(`user:${line}`).slice(0, 8)}`;
  const deliveries: SampleDelivery[] = [];
  const push = (at: Date, type: string, object: Record<string, unknown>) => {
    const event = { id: ids('EV'), object: 'event', apiVersion: 'v3', createdAt: at.toISOString(), type, data: { object } };
    deliveries.push({ at, body: JSON.stringify(event) });
  };
  const conversationId = (others: string[]) => `CN${hash(`${line}|${[...others].sort().join(',')}`).slice(0, 32)}`;
  const text = (minutesAgo: number, direction: 'incoming' | 'outgoing', others: string[], body: string, photo: string | null = null) => {
    const at = ago(minutesAgo);
    const incoming = direction === 'incoming';
    push(at, incoming ? 'message.received' : 'message.delivered', {
      id: ids('AC'),
      object: 'message',
      from: incoming ? others[0] : line,
      // A group text names every recipient in one comma-joined string (§1.5).
      to: incoming ? [line, ...others.slice(1)].join(',') : others.join(','),
      direction,
      body,
      media: photo ? [{ url: photo, type: 'image/png' }] : [],
      status: incoming ? 'received' : 'delivered',
      createdAt: at.toISOString(),
      userId: incoming ? null : userId,
      phoneNumberId,
      conversationId: conversationId(others),
    });
  };

  // A campaign: the same text to eleven customers within a minute (Katherine joined later, so her
  // texts below are her own, not answers to it).
  communicationsSampleCustomers
    .filter((customer) => customer.name !== 'Katherine Johnson')
    .forEach((customer, index) => text(180 - index * 0.05, 'outgoing', [customer.phone], CAMPAIGN_TEXT));

  // Calls of the morning: answered ones, a stranger who hung up, one the desk made, a long one.
  const plainCall = (other: string, direction: 'incoming' | 'outgoing', startedMinutesAgo: number, talkSeconds: number | null) => {
    const startedAt = ago(startedMinutesAgo);
    const answeredAt = talkSeconds === null ? null : new Date(startedAt.getTime() + 5_000);
    const completedAt = answeredAt === null || talkSeconds === null ? new Date(startedAt.getTime() + 25_000) : new Date(answeredAt.getTime() + talkSeconds * 1000);
    const [from, to] = direction === 'incoming' ? [other, line] : [line, other];
    const object = { ...call(ids('AC'), from, to, startedAt, answeredAt, completedAt), direction, ...workspace(phoneNumberId, userId, line, other) };
    push(startedAt, 'call.ringing', { ...object, status: 'ringing', answeredAt: null, completedAt: null });
    push(completedAt, 'call.completed', object);
  };
  plainCall(phoneOf('Barbara Liskov'), 'incoming', 230, 8 * 60 + 12);
  plainCall(UNKNOWN_SAMPLE_NUMBER, 'incoming', 205, null);
  plainCall(phoneOf('Margaret Hamilton'), 'outgoing', 100, 3 * 60 + 5);
  plainCall(phoneOf('Radia Perlman'), 'incoming', 85, 3600 + 2 * 60 + 5);

  text(150, 'outgoing', [phoneOf('Alan Turing')], 'Hi Alan, your March statement is ready: 4 h 10 min used of your 10 included hours.');
  text(141, 'incoming', [phoneOf('Alan Turing')], 'Thanks! Could you also send the overage breakdown for February?');

  // A missed call that left a voicemail.
  const voicemailCall = call(ids('AC'), phoneOf('Grace Hopper'), line, ago(128), null, ago(127.5));
  push(ago(127.5), 'call.completed', {
    ...voicemailCall,
    voicemail: media('voicemail.wav') ? { url: media('voicemail.wav'), type: 'audio/wav', duration: 21 } : null,
    ...workspace(phoneNumberId, userId, line, phoneOf('Grace Hopper')),
  });

  text(95, 'incoming', [UNKNOWN_SAMPLE_NUMBER, phoneOf('Grace Hopper')], 'Hi both, can Grace and I join the onboarding call on Thursday together?');
  text(62, 'incoming', [phoneOf('Ada Lovelace')], 'YES, Tuesday morning works best for the check-up.');
  text(58, 'outgoing', [phoneOf('Ada Lovelace')], 'Booked: Tuesday 10:00 with Dana. See you then!');

  // An answered call with its recording, transcript and summary (these may come in any order).
  const adaCallId = ids('AC');
  const started = ago(44);
  const answered = new Date(started.getTime() + 6_000);
  const ended = new Date(answered.getTime() + (12 * 60 + 35) * 1000);
  const adaCall = { ...call(adaCallId, phoneOf('Ada Lovelace'), line, started, answered, ended), ...workspace(phoneNumberId, userId, line, phoneOf('Ada Lovelace')) };
  push(started, 'call.ringing', { ...adaCall, status: 'ringing', answeredAt: null, completedAt: null });
  push(ended, 'call.completed', adaCall);
  if (media('recording.wav')) push(new Date(ended.getTime() + 20_000), 'call.recording.completed', { ...adaCall, media: [{ url: media('recording.wav'), type: 'audio/wav', duration: 755 }] });
  push(new Date(ended.getTime() + 40_000), 'call.transcript.completed', {
    callId: adaCallId,
    object: 'callTranscript',
    createdAt: new Date(ended.getTime() + 40_000).toISOString(),
    dialogue: [
      ['us', 0, 'Good morning, Ringside support, this is Dana.'],
      ['them', 3.4, 'Hi Dana, it is Ada from Analytical Engines. Our invoice this month looks higher than usual.'],
      ['us', 10.2, 'Let me pull it up. I can see 2 hours 40 minutes of overage from the outage on the 3rd.'],
      ['them', 19.8, 'That was your maintenance window, not our usage. Can that be credited?'],
      ['us', 27.5, 'Yes, those calls were about the outage, so I will credit the overage and send a corrected invoice today.'],
      ['them', 36.1, 'Perfect. And can we move our check-up to Tuesday?'],
      ['us', 40.9, 'Done, Tuesday at 10. You will get a text confirming it.'],
    ].map(([who, start, content]) => ({
      content,
      start,
      end: (start as number) + 5,
      identifier: who === 'us' ? line : phoneOf('Ada Lovelace'),
      userId: who === 'us' ? userId : null,
    })),
    duration: 755,
    status: 'completed',
  });
  push(new Date(ended.getTime() + 60_000), 'call.summary.completed', {
    callId: adaCallId,
    object: 'callSummary',
    status: 'completed',
    summary: ['Ada disputed 2 h 40 min of overage on this month’s invoice.', 'The overage came from calls about the outage on the 3rd.'],
    nextSteps: ['Credit the overage and send a corrected invoice today.', 'Check-up call booked for Tuesday 10:00.'],
  });

  text(12, 'incoming', [phoneOf('Katherine Johnson')], 'Hi, our desk phone keeps dropping calls every afternoon. Here is a photo of the router lights.', media('photo.png'));
  text(9, 'incoming', [phoneOf('Katherine Johnson')], 'It just happened again at 2:05.');

  return deliveries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The call object of an app-created legacy webhook (§1.4), without its workspace ids. */
function call(id: string, from: string, to: string, createdAt: Date, answeredAt: Date | null, completedAt: Date) {
  return {
    id,
    object: 'call',
    from,
    to,
    direction: 'incoming',
    media: [] as { url: string | null; type: string; duration: number }[],
    voicemail: null,
    status: 'completed',
    createdAt: createdAt.toISOString(),
    answeredAt: answeredAt === null ? null : wholeSeconds(answeredAt),
    completedAt: wholeSeconds(completedAt),
  };
}

function workspace(phoneNumberId: string, userId: string, line: string, other: string) {
  return { userId, phoneNumberId, conversationId: `CN${hash(`${line}|${other}`).slice(0, 32)}` };
}

function wholeSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `EV…`/`AC…` ids (32 hex), the same for the same seed and order. */
function idMaker(seed: string): (prefix: string) => string {
  let n = 0;
  return (prefix) => `${prefix}${hash(`${seed}:${(n += 1)}`).slice(0, 32)}`;
}
