import { describe, expect, it } from 'vitest';
import { eventTextOf } from './relay-link';

const event = '{"type":"call.ringing","id":"e1","data":{"callId":"AC1","note":"a \\"quoted\\" }"}}';

describe("the event's text in a stream frame", () => {
  it('is the stored text the relay framed, exactly as it came, so the local copy keeps it as it is', () => {
    const text = `{"type":"event","seq":42,"event":${event}}`;
    expect(eventTextOf(text, JSON.parse(text), 42)).toBe(event);
    expect(JSON.parse(eventTextOf(text, JSON.parse(text), 42)!)).toEqual(JSON.parse(event));
  });

  it('is not taken from a frame written another way: members reordered, spaced, one more, or another seq', () => {
    const reordered = `{"seq":42,"type":"event","event":${event}}`;
    const spaced = `{ "type": "event", "seq": 42, "event": ${event} }`;
    const more = `{"type":"event","seq":42,"event":${event},"note":"x"}`;
    for (const text of [reordered, spaced, more]) expect(eventTextOf(text, JSON.parse(text), 42)).toBeUndefined();
    const framed = `{"type":"event","seq":42,"event":${event}}`;
    expect(eventTextOf(framed, JSON.parse(framed), 4)).toBeUndefined();
  });
});
