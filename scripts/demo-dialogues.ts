import type { DialogueTurn } from '../tools/emulators/openphone/artifact-payloads';

/**
 * What the demo's recorded callers say. Ringside Demo Desk answers phones for small
 * businesses and also sends a technician out (desk phones, office wiring, Wi-Fi, the odd
 * plumbing or heating job at a client's premises), so some callers book a visit with a day,
 * an address and a price, some only ask something (a bill, opening hours), one books two
 * visits, and the Jobs board fills over time with different jobs, not one per call with the
 * same words. `name` is the caller's own name (a known customer's, or a stranger's).
 */

export interface DemoDialogue {
  /** What it is about, for the demo's own log lines. */
  topic: string;
  /** Whether the offline reader should propose a job from it. */
  books: boolean;
  turns: (name: string) => DialogueTurn[];
  /** OpenPhone's call summary and next steps. */
  summary: { summary: string[]; nextSteps: string[] };
}

const agent = (text: string): DialogueTurn => ({ by: 'line', text });
const caller = (text: string): DialogueTurn => ({ by: 'caller', text });

export const DEMO_DIALOGUES: readonly DemoDialogue[] = [
  {
    topic: 'desk phones dropping calls, visit Thursday 2 pm',
    books: true,
    turns: (name) => [
      agent('Thanks for calling Ringside Demo Desk, how can I help?'),
      caller(`Hi, this is ${name}. Our desk phones keep dropping calls in the middle of a conversation.`),
      agent('I am sorry to hear that. We can send a technician to look at the phones and the wiring. Where is the office?'),
      caller('We are at 45 Harbor Street, second floor.'),
      agent('Would Thursday at 2 pm suit you? The call-out is 180 dollars, including the first hour.'),
      caller('Thursday at 2 is fine, 180 is okay.'),
      agent('Great, you are booked. See you Thursday.'),
    ],
    summary: { summary: ['Desk phones drop calls mid-conversation.', 'A technician visit was offered for Thursday 2 pm at 45 Harbor Street, $180 call-out.'], nextSteps: ['Confirm the visit by text the day before.'] },
  },
  {
    topic: 'leaking pipe under the sink, tomorrow morning',
    books: true,
    turns: (name) => [
      agent('Ringside Demo Desk, good morning.'),
      caller(`Hello, it's ${name}. We have a pipe leaking under the kitchen sink at the office and water is getting on the floor.`),
      agent('That sounds urgent. What is the address?'),
      caller('88 Maple Avenue, unit 3.'),
      agent('Our plumber can be there tomorrow at 9 am. It is usually around 250 dollars for a repair like that.'),
      caller('Tomorrow at 9 is good, thank you.'),
    ],
    summary: { summary: ['A leaking pipe under the office kitchen sink.', 'Plumber proposed for tomorrow 9 am at 88 Maple Avenue, about $250.'], nextSteps: ['Send the plumber the address and gate code.'] },
  },
  {
    topic: 'new Wi-Fi access points, next Monday afternoon',
    books: true,
    turns: (name) => [
      agent('Thanks for calling, how can I help?'),
      caller(`Hi, ${name} here. The Wi-Fi in our back offices is hopeless and we would like two more access points installed.`),
      agent('We can do that. What is the address?'),
      caller('It is 12 Elm Road.'),
      agent('Next Monday afternoon, around 1 pm? Two access points installed is 420 dollars.'),
      caller('Monday at 1 pm works, go ahead.'),
    ],
    summary: { summary: ['Poor Wi-Fi in the back offices; two access points to install.', 'Monday 1 pm at 12 Elm Road, $420 quoted.'], nextSteps: ['Order two access points.'] },
  },
  {
    topic: 'no heat in the office, emergency today',
    books: true,
    turns: (name) => [
      agent('Ringside Demo Desk, how can I help?'),
      caller(`This is ${name}. It is an emergency, there is no heat at our office and it is freezing. Can someone come today?`),
      agent('Yes, we treat that as urgent. Where are you?'),
      caller('250 Beacon Street, ground floor.'),
      agent('A technician can be there today at 4 pm. The emergency call-out is 320 dollars.'),
      caller('Please, today at 4 pm. Thank you.'),
    ],
    summary: { summary: ['No heat at the office.', 'Emergency visit today 4 pm at 250 Beacon Street, $320 call-out.'], nextSteps: ['Dispatch the on-call technician.'] },
  },
  {
    topic: 'two visits: a phone system at the new office, a dead line at the warehouse',
    books: true,
    turns: (name) => [
      agent('Thanks for calling Ringside Demo Desk.'),
      caller(`Hi, this is ${name}. We are moving into 17 Oak Lane and need the new phone system installed there. And there is a second visit too.`),
      agent('We can install it on Wednesday at 10 am, that is 600 dollars for the install.'),
      caller('Wednesday at 10 am is fine.'),
      agent('And the second visit?'),
      caller('Our warehouse at 9 Dock Road has a phone line that went dead. Friday at 3 pm would be fine for that one.'),
      agent('All right, Wednesday at Oak Lane and Friday at Dock Road.'),
    ],
    summary: { summary: ['Phone system install at the new office, 17 Oak Lane, Wednesday 10 am ($600).', 'A dead phone line at the warehouse, 9 Dock Road, Friday 3 pm.'], nextSteps: ['Book both visits and send the installer the floor plan.'] },
  },
  {
    topic: 'a question about the last bill',
    books: false,
    turns: (name) => [
      agent('Thanks for calling, how can I help?'),
      caller(`Hi, it's ${name}. I have a question about our last invoice, the overage looks higher than usual.`),
      agent('Let me look. You had more calls after hours last month, that is where the extra minutes came from.'),
      caller('Ah, that makes sense. Can you email me the breakdown?'),
      agent('Of course, it will be in your inbox within the hour.'),
    ],
    summary: { summary: ['Question about the last invoice’s overage (after-hours calls).'], nextSteps: ['Email the usage breakdown.'] },
  },
  {
    topic: 'opening hours over the holidays',
    books: false,
    turns: (name) => [
      agent('Ringside Demo Desk, good afternoon.'),
      caller(`Hello, ${name} speaking. Are you open over the holidays?`),
      agent('We answer calls every day except the 25th and the 1st, from 8 in the morning to 6 in the evening.'),
      caller('Perfect, that is all I needed. Thanks.'),
    ],
    summary: { summary: ['Asked about holiday opening hours.'], nextSteps: [] },
  },
  {
    topic: 'a password reset for the portal',
    books: false,
    turns: (name) => [
      agent('Thanks for calling, how can I help?'),
      caller(`Hi, this is ${name}, I cannot sign in to the customer portal since I reset my password.`),
      agent('I have sent you a new sign-in link by email. Does it work now?'),
      caller('Yes, I am in. Thank you!'),
    ],
    summary: { summary: ['Could not sign in to the portal after a password reset; a new link fixed it.'], nextSteps: [] },
  },
];

/** The dialogues that book at least one visit (the demo's first calls, so the board is not empty). */
export const BOOKING_DIALOGUES: readonly DemoDialogue[] = DEMO_DIALOGUES.filter((dialogue) => dialogue.books);

/**
 * A voicemail or a recording the demo scripted no words for, as the transcription
 * emulator hears it: a real-sounding message that asks for no visit.
 */
export const DEMO_UNSCRIPTED_AUDIO_WORDS = "Hi, it's about our account, could someone give me a call back when you have a minute? Thanks.";

/** One caller's words typed by a newcomer (`npm run simulate -- ring --record --say "…"`), as a dialogue. */
export function saidDialogue(words: string): DialogueTurn[] {
  return [agent('Thanks for calling, how can I help?'), caller(words), agent('Thank you, we will get back to you shortly.')];
}
