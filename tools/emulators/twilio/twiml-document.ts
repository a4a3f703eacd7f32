/**
 * What the emulator expects back from the voice URL (spec telephony-providers §2.1): a
 * well-formed TwiML document, `<Response>` holding a `<Dial>` (with `<Number>` or `<Sip>`
 * nouns) or a `<Reject>`. Read with a small strict XML reader (elements, attributes,
 * text, the five entities): anything else, such as an unescaped `&` or an unclosed
 * element, is not well-formed and fails the call, as Twilio's "Document parse failure" does.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export type TwimlAnswer =
  | {
      kind: 'dial';
      timeoutSeconds: number;
      record: boolean;
      recordingStatusCallback: string | null;
      answerOnBridge: boolean;
      nouns: { kind: 'number' | 'sip'; target: string; statusCallback: string | null; statusCallbackEvent: string[] }[];
    }
  | { kind: 'reject'; reason: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]*/;

export function parseXml(text: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML at character ${at}: ${what}`);
  };
  const skipSpace = (): void => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const decode = (raw: string): string =>
    raw.replace(/&([a-z]+|#\d+|#x[0-9a-f]+);|&/gi, (match: string, entity: string | undefined) => {
      if (entity === undefined) return fail('a bare & (write &amp;)');
      if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
      return ENTITIES[entity] ?? fail(`unknown entity &${entity};`);
    });
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) fail('an unclosed XML declaration');
    at = end + 2;
  }
  const element = (): XmlElement => {
    if (text[at] !== '<') fail('expected <');
    at++;
    const name = NAME.exec(text.slice(at))?.[0] ?? fail('expected an element name');
    at += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (text.startsWith('/>', at)) {
        at += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (text[at] === '>') {
        at++;
        break;
      }
      const attribute = NAME.exec(text.slice(at))?.[0] ?? fail(`expected an attribute of <${name}>`);
      at += attribute.length;
      skipSpace();
      if (text[at] !== '=') fail(`expected = after ${attribute}`);
      at++;
      skipSpace();
      const quote = text[at];
      if (quote !== '"' && quote !== "'") fail(`the value of ${attribute} is not quoted`);
      const end = text.indexOf(quote!, at + 1);
      if (end < 0) fail(`the value of ${attribute} is not closed`);
      const raw = text.slice(at + 1, end);
      if (raw.includes('<')) fail(`< in the value of ${attribute}`);
      if (attribute in attributes) fail(`${attribute} twice on <${name}>`);
      attributes[attribute] = decode(raw);
      at = end + 1;
    }
    const children: XmlElement[] = [];
    let content = '';
    for (;;) {
      if (at >= text.length) fail(`<${name}> is not closed`);
      if (text.startsWith('</', at)) {
        at += 2;
        if (!text.startsWith(name, at)) fail(`</${name}> expected`);
        at += name.length;
        skipSpace();
        if (text[at] !== '>') fail(`</${name}> expected`);
        at++;
        return { name, attributes, children, text: decode(content).trim() };
      }
      if (text[at] === '<') children.push(element());
      else content += text[at++];
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (at !== text.length) fail('text after the root element');
  return root;
}

/** The answer as Twilio would act on it; throws naming what is wrong with it. */
export function readTwiml(text: string): TwimlAnswer {
  const root = parseXml(text);
  if (root.name !== 'Response') throw new Error(`the root element is <${root.name}>, not <Response>`);
  const verb = root.children[0];
  if (verb === undefined || root.children.length !== 1) throw new Error('the emulator expects one verb, <Dial> or <Reject>, in <Response>');
  if (verb.name === 'Reject') return { kind: 'reject', reason: verb.attributes.reason ?? 'rejected' };
  if (verb.name !== 'Dial') throw new Error(`<${verb.name}> is not <Dial> or <Reject>`);
  const nouns = verb.children.map((noun) => {
    if (noun.name !== 'Number' && noun.name !== 'Sip') throw new Error(`<Dial> holds <${noun.name}>, not <Number> or <Sip>`);
    if (noun.name === 'Number' && !/^\+[1-9]\d{6,14}$/.test(noun.text)) throw new Error(`<Number>${noun.text}</Number> is not an E.164 number`);
    if (noun.name === 'Sip' && !/^sips?:/.test(noun.text)) throw new Error(`<Sip>${noun.text}</Sip> is not a SIP URI`);
    return {
      kind: noun.name === 'Number' ? ('number' as const) : ('sip' as const),
      target: noun.text,
      statusCallback: noun.attributes.statusCallback ?? null,
      statusCallbackEvent: (noun.attributes.statusCallbackEvent ?? 'completed').split(/\s+/).filter((event) => event !== ''),
    };
  });
  if (nouns.length === 0) throw new Error('<Dial> rings nobody');
  const timeout = Number(verb.attributes.timeout ?? '30');
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 600) throw new Error(`<Dial timeout="${verb.attributes.timeout}"> is not 5 to 600 seconds`);
  const record = verb.attributes.record;
  if (record !== undefined && !['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual'].includes(record)) {
    throw new Error(`<Dial record="${record}"> is not a recording mode`);
  }
  return {
    kind: 'dial',
    timeoutSeconds: timeout,
    record: record !== undefined && record !== 'do-not-record',
    recordingStatusCallback: verb.attributes.recordingStatusCallback ?? null,
    answerOnBridge: verb.attributes.answerOnBridge === 'true',
    nouns,
  };
}
