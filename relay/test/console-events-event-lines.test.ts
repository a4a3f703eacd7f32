import { describe, expect, it } from 'vitest';
import { consoleEventLines, mayPostAbout } from '../src/console-events/event-lines';
import { stampAuthor } from '../src/console-events/event-author';

const calls: Record<string, string[]> = { 'openphone:AC1': ['+16175550101'] };
const linesOf = (callId: string) => calls[callId] ?? [];

describe('the lines a console event concerns', () => {
  it('a conversation’s line is the first part of its key, a group thread’s too', () => {
    for (const type of ['conversation.status_changed', 'conversation.assigned', 'conversation.note_added'] as const) {
      expect(consoleEventLines({ type, data: { conversationKey: '+16175550100|+16175550111,+16175550112' } } as never, linesOf)).toEqual({ ok: true, concernsLine: true, lines: ['+16175550100'] });
    }
  });

  it('a key without a line, or with a line not in E.164, is refused', () => {
    for (const conversationKey of ['nonsense', '|+16175550111', '617-555-0100|+16175550111', '+16175550100|']) {
      expect(consoleEventLines({ type: 'conversation.note_added', data: { conversationKey } } as never, linesOf).ok).toBe(false);
    }
  });

  it('a call’s facts take its lines; an unknown call has none', () => {
    for (const type of ['call.note_added', 'call.disposition_set', 'callback.claimed', 'callback.released', 'callback.completed'] as const) {
      expect(consoleEventLines({ type, data: { callId: 'openphone:AC1' } } as never, linesOf)).toEqual({ ok: true, concernsLine: true, lines: ['+16175550101'] });
      expect(consoleEventLines({ type, data: { callId: 'openphone:AC2' } } as never, linesOf)).toEqual({ ok: true, concernsLine: true, lines: [] });
    }
  });

  it('customers and billing concern no line', () => {
    expect(consoleEventLines({ type: 'customer.merged', data: { fromCustomerId: 'a', intoCustomerId: 'b', by: 'x' } }, linesOf)).toEqual({ ok: true, concernsLine: false, lines: [] });
    expect(consoleEventLines({ type: 'adjustment.recorded', data: {} } as never, linesOf)).toEqual({ ok: true, concernsLine: false, lines: [] });
  });

  it('an agent posts only about its own lines, never about a call of no known line; others about any', () => {
    const agent = { role: 'agent', numbers: ['+16175550100'] };
    expect(mayPostAbout(agent, { ok: true, concernsLine: true, lines: ['+16175550100'] })).toBe(true);
    expect(mayPostAbout(agent, { ok: true, concernsLine: true, lines: ['+16175550101'] })).toBe(false);
    expect(mayPostAbout(agent, { ok: true, concernsLine: true, lines: [] })).toBe(false);
    expect(mayPostAbout(agent, { ok: true, concernsLine: false, lines: [] })).toBe(true);
    expect(mayPostAbout({ role: 'admin', numbers: [] }, { ok: true, concernsLine: true, lines: [] })).toBe(true);
  });
});

describe('who wrote a fact', () => {
  it('`by` is the device’s name whatever was sent; data without an author is left as is', () => {
    expect(stampAuthor({ type: 'call.note_added', data: { noteId: 'n', callId: 'c', text: 't', by: 'Owner' } }, 'Front desk')).toEqual({ type: 'call.note_added', data: { noteId: 'n', callId: 'c', text: 't', by: 'Front desk' } });
    const customer = { type: 'customer.removed', data: { customerId: 'c' } };
    expect(stampAuthor(customer, 'Front desk')).toBe(customer);
  });
});
