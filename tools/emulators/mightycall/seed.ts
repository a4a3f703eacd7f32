import type { MightyCallData } from './emulator';

/**
 * A small MightyCall account for the demo and tests: two business numbers, the last
 * day's calls on them (answered ones recorded, a missed one with a transcribed
 * voicemail), a few texts and contacts. Times are relative to `nowMs`; recordings point
 * at `mediaBase` (the emulator's own /media/). Numbers are 555 numbers used nowhere else.
 */

export const SEED_LINES = { main: '+16175550140', support: '+16175550141' } as const;
export const SEED_CALLERS = ['+16175550142', '+16175550143', '+16175550144'] as const;

export function seedMightyCall(nowMs: number, mediaBase: string): MightyCallData {
  const at = (minutesAgo: number) => new Date(nowMs - minutesAgo * 60_000).toISOString();
  const call = (id: string, minutesAgo: number, caller: string, line: string, duration: number, status: 'Connected' | 'Missed' | 'Voicemail', direction: 'Incoming' | 'Outgoing' = 'Incoming') => ({
    id,
    from: direction === 'Incoming' ? caller : line,
    to: direction === 'Incoming' ? line : caller,
    businessNumber: line,
    direction,
    dateTimeUtc: at(minutesAgo),
    duration,
    callStatus: status,
    callRecord: status === 'Connected' ? { uri: `${mediaBase}/media/${id}.mp3`, fileName: `${id}.mp3` } : null,
  });
  return {
    numbers: [
      { id: 'pn-main', number: SEED_LINES.main, name: 'MightyCall main line' },
      { id: 'pn-support', number: SEED_LINES.support, name: 'MightyCall support' },
    ],
    calls: [
      call('mc-call-1001', 600, SEED_CALLERS[0], SEED_LINES.main, 312, 'Connected'),
      call('mc-call-1002', 420, SEED_CALLERS[1], SEED_LINES.main, 0, 'Missed'),
      call('mc-call-1003', 300, SEED_CALLERS[2], SEED_LINES.support, 95, 'Connected'),
      call('mc-call-1004', 120, SEED_CALLERS[0], SEED_LINES.support, 0, 'Voicemail'),
      call('mc-call-1005', 45, SEED_CALLERS[1], SEED_LINES.main, 188, 'Connected', 'Outgoing'),
    ],
    voicemails: [
      {
        id: 'mc-vm-2001',
        callId: 'mc-call-1004',
        from: SEED_CALLERS[0],
        to: SEED_LINES.support,
        dateTimeUtc: at(120),
        duration: 21,
        uri: `${mediaBase}/media/mc-vm-2001.mp3`,
        transcription: 'Hi, this is Morgan, please call me back about my renewal.',
      },
    ],
    messages: [
      { id: 'mc-msg-3001', client: { address: SEED_CALLERS[2] }, businessNumber: { number: SEED_LINES.support }, textModel: { text: 'Are you open on Saturday?' }, direction: 'Incoming', messageDeliveryStatus: 'Received', created: at(250) },
      { id: 'mc-msg-3002', client: { address: SEED_CALLERS[2] }, businessNumber: { number: SEED_LINES.support }, textModel: { text: 'Yes, 9 to 1.' }, direction: 'Outgoing', messageDeliveryStatus: 'Delivered', created: at(240) },
    ],
    contacts: [
      { id: 'mc-contact-1', firstName: 'Morgan', lastName: 'Reyes', company: 'Reyes Plumbing', phoneNumbers: [SEED_CALLERS[0]], emails: ['morgan@example.com'] },
      { id: 'mc-contact-2', firstName: 'Sam', lastName: 'Okafor', phoneNumbers: [SEED_CALLERS[2]], emails: [] },
    ],
  };
}
