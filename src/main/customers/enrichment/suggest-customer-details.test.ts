import { describe, expect, it } from 'vitest';
import { emailsInText } from './emails-in-text';
import type { CustomerWords } from './found-text';
import { namesInText } from './names-in-text';
import { phonesInText } from './phones-in-text';
import { streetAddressesInText } from './street-addresses-in-text';
import { suggestCustomerDetails, suggestionKey } from './suggest-customer-details';

const values = (findings: { value: string }[]) => findings.map((f) => f.value);

describe('names a customer gives in their own words', () => {
  it('reads an introduction: "this is", "my name is", "my name\'s" and "… here" opening a text', () => {
    expect(values(namesInText('Hi, this is Maria Lopez from the Elm Street job, can you call me back?'))).toEqual(['Maria Lopez']);
    expect(values(namesInText('Good morning. My name is José de la Cruz and I need a quote.'))).toEqual(['José de la Cruz']);
    expect(values(namesInText("my name's Sean O'Brien, I called yesterday"))).toEqual(["Sean O'Brien"]);
    expect(values(namesInText('Hey, Priya Natarajan here. The boiler is leaking again'))).toEqual(['Priya Natarajan']);
    expect(values(namesInText('This is Hannah McAllister-Ward returning your call.'))).toEqual(['Hannah McAllister-Ward']);
  });

  it('finds no name in what only looks like an introduction', () => {
    for (const text of [
      'this is urgent, the basement is flooding',
      'This is the front desk at Riverside Dental',
      'This is Dana, calling back about the invoice',
      'Hi this is Acme Plumbing confirming your appointment Tuesday',
      'THIS IS NOT A DRILL lol',
      'my name is on the account already',
      'Is this still the right number? This is Great Service by the way',
      'The forms are in the Blue Folder here on the desk',
    ]) {
      expect(namesInText(text), text).toEqual([]);
    }
  });
});

describe('email addresses a customer writes or says', () => {
  it('reads written addresses, without a sentence\'s final dot', () => {
    expect(values(emailsInText('You can send the invoice to maria.lopez+bills@gmail.com.', false))).toEqual(['maria.lopez+bills@gmail.com']);
  });

  it('reads spoken addresses in transcripts only, and only with a domain that is one', () => {
    expect(values(emailsInText('yeah email me at maria dot lopez at gmail dot com thanks', true))).toEqual(['maria.lopez@gmail.com']);
    expect(values(emailsInText('it is j underscore smith at acme dash tools dot co dot uk', true))).toEqual(['j_smith@acme-tools.co.uk']);
    expect(values(emailsInText('yeah email me at maria dot lopez at gmail dot com thanks', false))).toEqual([]);
    for (const text of ['meet me at the office at noon', "I'll be there at five dot thirty", 'we arrived at home dot com is not a thing', 'look at that dot com bubble']) {
      expect(emailsInText(text, true), text).toEqual([]);
    }
  });
});

describe('street addresses in US, Canadian, UK and Australian forms', () => {
  it('reads the street and its locality as two lines', () => {
    expect(values(streetAddressesInText('The job is at 12 Oak Street, Springfield, MA 01101 — gate code 4411'))).toEqual(['12 Oak Street\nSpringfield, MA 01101']);
    expect(values(streetAddressesInText('new place: 1600 Pennsylvania Ave NW, Washington, DC 20500-0003'))).toEqual(['1600 Pennsylvania Ave NW\nWashington, DC 20500-0003']);
    expect(values(streetAddressesInText('Our office moved to 150 Elgin St, Ottawa, ON K2P 1L4'))).toEqual(['150 Elgin St\nOttawa, ON K2P 1L4']);
    expect(values(streetAddressesInText('Flat 2, 10 Downing Street, London SW1A 2AA'))).toEqual(['Flat 2, 10 Downing Street\nLondon SW1A 2AA']);
    expect(values(streetAddressesInText('Unit 5, 22 Smith Street, Surry Hills NSW 2010 is the delivery address'))).toEqual(['Unit 5, 22 Smith Street\nSurry Hills NSW 2010']);
    expect(values(streetAddressesInText("I'm at 48 Maple Dr Apt 3B if the tech needs it"))).toEqual(['48 Maple Dr Apt 3B']);
  });

  it('finds no address in numbers that are not one', () => {
    for (const text of [
      'I called 3 times about the Main Street store',
      'Invoice 10452 is paid, thanks',
      'Can you come at 10 on Tuesday?',
      'we need 2 more filters for the unit',
      'My number is 617 555 0100',
      'See you on Oak Street around 3',
    ]) {
      expect(streetAddressesInText(text), text).toEqual([]);
    }
  });
});

describe('phone numbers a customer gives', () => {
  it('reads valid numbers in the region as E.164, and not invoice numbers, times or codes', () => {
    expect(values(phonesInText('You can also get me on my cell, (312) 555-0190, after 6', 'US'))).toEqual(['+13125550190']);
    expect(values(phonesInText('From abroad call +44 20 7946 0958 please', 'US'))).toEqual(['+442079460958']);
    for (const text of ['Invoice 10452 is paid, thanks', 'gate code 4411, come at 10:30', 'order #5550190 shipped', 'Total was $1,234.56 on 12/01/2026']) {
      expect(phonesInText(text, 'US'), text).toEqual([]);
    }
  });
});

describe('suggestions for a customer record', () => {
  const words: CustomerWords[] = [
    { sourceId: 'openphone:AC1', kind: 'message', at: '2026-03-01T10:00:00.000Z', text: 'Hi, this is Maria Lopez. My email is maria@lopezbakery.com' },
    { sourceId: 'openphone:CA1#3', kind: 'transcript', at: '2026-03-02T10:00:00.000Z', text: 'Sure, the bakery is at 12 Oak Street, Springfield, MA 01101.' },
    { sourceId: 'openphone:AC2', kind: 'message', at: '2026-03-03T10:00:00.000Z', text: 'Maria Lopez here, my email is maria@lopezbakery.com again' },
    { sourceId: 'openphone:AC3', kind: 'message', at: '2026-03-03T09:00:00.000Z', text: 'Text me here at 617-555-0142 or call the shop line (617) 555-0199.' },
  ];

  it('proposes what the record lacks, newest first, with the words it came from, each once', () => {
    // Her own number and the business's line (617-555-0199) are no suggestion.
    const suggestions = suggestCustomerDetails(words, { name: '+1 617 555 0100', emails: [], address: null, phones: ['+16175550142'] }, new Set(), 'US', new Set(['+16175550199']));
    expect(suggestions.map((s) => [s.field, s.value, s.sourceId, s.seen])).toEqual([
      ['name', 'Maria Lopez', 'openphone:AC2', 2],
      ['email', 'maria@lopezbakery.com', 'openphone:AC2', 2],
      ['address', '12 Oak Street\nSpringfield, MA 01101', 'openphone:CA1#3', 1],
    ]);
    expect(suggestions[0]!.quote).toBe('Maria Lopez here, my email is maria@lopezbakery.com again');
    expect(suggestions[2]!.key).toBe('address:12 oak street springfield ma 01101');
  });

  it('does not propose what the record already says (in any case) or what someone dismissed', () => {
    const suggestions = suggestCustomerDetails(words, { name: 'maria lopez', emails: ['Maria@LopezBakery.com'], address: null, phones: ['+16175550142'] }, new Set([suggestionKey('address', '12 Oak Street\nSpringfield, MA 01101'), suggestionKey('phone', '+16175550199')]));
    expect(suggestions).toEqual([]);
  });
});
