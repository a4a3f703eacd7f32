import { describe, expect, it } from 'vitest';
import { addressesIn, addressesOf, normalizedAddress } from './addresses';
import { findPreferredTime } from './dates';
import { findName } from './names';
import { findPhone } from './phones';
import { bestPrice } from './prices';
import { sentencesOf, type Sentence } from './sentences';
import { digitWordsAsDigits, houseNumberFromWords, numberFromWords } from './spoken-numbers';
import { findUrgency, urgencyOfAppointment } from './urgency';

// Wednesday 2 December 2026, 09:00 in Chicago.
const SAID_AT = '2026-12-02T15:00:00Z';
const CHICAGO = 'America/Chicago';

function said(...lines: [speaker: 'business' | 'customer' | 'unknown', text: string][]): Sentence[] {
  return sentencesOf(lines.map(([speaker, text]) => ({ speaker, text, at: SAID_AT })));
}

/** The urgency heard in one thing a customer said. */
const urgency = (text: string) => findUrgency(said(['customer', text]))?.value;

describe('numbers as people say them', () => {
  it('reads prices in words, the trades shorthand included', () => {
    expect(numberFromWords('four hundred and fifty')).toBe(450);
    expect(numberFromWords('eighteen hundred')).toBe(1800);
    expect(numberFromWords('two eighty five')).toBe(285);
    expect(numberFromWords('one fifty')).toBe(150);
    expect(numberFromWords('twenty five hundred')).toBe(2500);
    expect(numberFromWords('forty thousand')).toBe(40_000);
  });

  it('writes a phone number read digit by digit as digits, and leaves "this one" alone', () => {
    expect(digitWordsAsDigits('call six one seven, five five five, zero one four two please')).toBe('call 6175550142 please');
    expect(digitWordsAsDigits('this one is fine')).toBe('this one is fine');
  });
});

describe('the preferred time, in the business time zone', () => {
  it('counts "the following Thursday", "the Friday after that" and "the day after" from the day just said, not from the call', () => {
    const when = (...lines: [speaker: 'business' | 'customer', text: string][]) => findPreferredTime(said(...lines), CHICAGO)?.value;
    expect(when(['business', 'The earliest we have is Thursday the 10th.'], ['customer', 'Could you do the following Thursday instead?'], ['business', 'Yes, the following Thursday, in the morning.'])).toBe('2026-12-17T08:00:00-06:00/2026-12-17T12:00:00-06:00');
    expect(when(['business', 'How is Monday the 7th?'], ['customer', "I'm out of town. The Friday after that?"], ['business', 'Sure.'])).toBe('2026-12-11T08:00:00-06:00/2026-12-11T17:00:00-06:00');
    expect(when(['business', 'We could come Tuesday the 15th at 2.'], ['customer', 'I work that day, the day after at 2 would be better.'])).toBe('2026-12-16T14:00:00-06:00');
    expect(when(['business', 'We are booked until Monday the 14th.'], ['customer', 'Then two days later is fine, in the afternoon.'])).toBe('2026-12-16T12:00:00-06:00/2026-12-16T17:00:00-06:00');
    // With no day said first, a weekday so said is simply the next one.
    expect(when(['customer', 'The following Monday works for me.'])).toBe('2026-12-07T08:00:00-06:00/2026-12-07T17:00:00-06:00');
  });

  it('reads "next Tuesday morning" as that morning, 08:00 to 12:00', () => {
    expect(findPreferredTime(said(['customer', 'Next Tuesday morning would be best.']), CHICAGO)?.value).toBe('2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00');
  });

  it('reads "tomorrow after 3" as 15:00 to the end of the afternoon', () => {
    expect(findPreferredTime(said(['customer', 'Tomorrow after 3 is good.']), CHICAGO)?.value).toBe('2026-12-03T15:00:00-06:00/2026-12-03T17:00:00-06:00');
  });

  it('reads "the 14th" as the next 14th, the whole business day', () => {
    expect(findPreferredTime(said(['customer', 'The 14th works for me.']), CHICAGO)?.value).toBe('2026-12-14T08:00:00-06:00/2026-12-14T17:00:00-06:00');
  });

  it('keeps the day agreed last, with the time said after it', () => {
    const time = findPreferredTime(said(['customer', 'Thursday morning if you can.'], ['business', "Thursday's booked. How about Friday?"], ['customer', 'Friday works.'], ['business', 'Morning or afternoon?'], ['customer', 'Afternoon.']), CHICAGO);
    expect(time?.value).toBe('2026-12-04T12:00:00-06:00/2026-12-04T17:00:00-06:00');
  });

  it('does not decide on an offer of two days', () => {
    expect(findPreferredTime(said(['business', 'We have Thursday at 10 or Friday at 2.']), CHICAGO)).toBeNull();
  });

  it('does not read a business called Sun Valley as Sunday', () => {
    expect(findPreferredTime(said(['business', 'Sun Valley Electric.'], ['business', 'We can come out this evening around 6.']), CHICAGO)?.value).toBe('2026-12-02T18:00:00-06:00');
  });

  it('finds no time in a question about last week', () => {
    expect(findPreferredTime(said(['customer', 'I was charged twice yesterday.']), CHICAGO)).toBeNull();
  });
});

describe('the callback number', () => {
  it('prefers the number the customer says over caller ID', () => {
    const phone = findPhone(said(['customer', "Call my cell, six one seven, five five five, zero one four two."]), '+17815550100', null, 'US');
    expect(phone).toMatchObject({ value: '+16175550142', evidence: "Call my cell, six one seven, five five five, zero one four two." });
  });

  it('passes over a number the customer says not to call ("my office is 312 555 0190 but don\'t call that")', () => {
    expect(findPhone(said(['customer', "my office is 312 555 0190 but don't call that, use the number I'm calling from"]), '+13125550111', null, 'US')?.value).toBe('+13125550111');
    expect(findPhone(said(['customer', 'my cell is 312 555 0190, call that one']), '+13125550111', null, 'US')?.value).toBe('+13125550190');
  });

  it('reads digits said one by one', () => {
    expect(findPhone(said(['customer', 'My cell, 9 1 7, 5 5 5, 0 1 2 3.']), '+19735550100', null, 'US')?.value).toBe('+19175550123');
  });

  it("joins the groups of a number said over several lines, and not across the business's words", () => {
    expect(findPhone(said(['customer', 'area code 312 then five five five'], ['customer', 'two one two three']), '+17735550101', null, 'US')?.value).toBe('+13125552123');
    expect(findPhone(said(['customer', 'my cell is seven seven three'], ['business', 'ok'], ['customer', 'five five five zero one four two']), '+17735550199', null, 'US')?.value).toBe('+17735550199');
  });

  it('takes the last digits said again as a correction', () => {
    expect(findPhone(said(['customer', 'call me at six one seven five five five zero one six three sorry zero one six eight']), null, null, 'US')?.value).toBe('+16175550168');
  });

  it("takes another person's number when the customer says to call it, and not a fallback nor one merely mentioned", () => {
    expect(findPhone(said(['customer', "please call my husband instead (213) 555 0184, I'll be at work"]), '+13235550121', null, 'US')?.value).toBe('+12135550184');
    expect(findPhone(said(['customer', 'call me first at this number if i dont pick up my husband Dev is 973 555 0138']), '+19735550135', null, 'US')?.value).toBe('+19735550135');
    expect(findPhone(said(['customer', "Mama's name is Irene Beasley, and her number's 615-555-0193, she don't text."]), '+16155550171', null, 'US')?.value).toBe('+16155550171');
    expect(findPhone(said(['customer', 'seven one eight double five five oh one four five']), null, null, 'US')?.value).toBe('+17185550145');
    expect(findPhone(said(['customer', 'and my cell is 602 555 0142 wait no its 0143']), null, null, 'US')?.value).toBe('+16025550143');
  });

  it('takes the number on file when the customer asks for it over the line they call from', () => {
    const customer = { name: 'Alan Whitmore', phones: ['+18185550140'], address: null };
    expect(findPhone(said(['customer', 'call my cell the one you have on file im on the office line']), '+18185550199', customer, 'US')?.value).toBe('+18185550140');
  });

  it('falls back to the caller, with less confidence', () => {
    expect(findPhone(said(['customer', 'Hi there.']), '+12145550134', null, 'US')).toEqual({ value: '+12145550134', confidence: 0.7, evidence: '' });
  });
});

describe('the service address', () => {
  it('reads number, street, unit, city, state and ZIP in one form', () => {
    const [address] = addressesIn(said(['customer', '7742 East Camelback Rd, Unit 12, Scottsdale, Arizona 85251'])[0]!);
    expect(address?.value).toBe('7742 East Camelback Road, Unit 12, Scottsdale, AZ 85251');
  });

  it('writes a numbered street said in words as its digits ("west forty-second place" is West 42nd Place)', () => {
    const street = (text: string) => addressesIn(said(['customer', text])[0]!)[0]?.value;
    expect(street('we are at 2210 west forty-second place')).toBe('2210 West 42nd Place');
    expect(street('its 88 east eleventh street, apartment 2')).toBe('88 East 11th Street, Apartment 2');
    expect(street('409 twenty-first avenue')).toBe('409 21st Avenue');
  });

  it('reads a street a local says in lower case without its suffix ("3140 west belmont, unit 2"), only after a whole direction word', () => {
    const street = (text: string) => addressesIn(said(['customer', text])[0]!)[0]?.value;
    expect(street('its 3140 west belmont, unit 2')).toBe('3140 West Belmont, Unit 2');
    expect(street('the shop is 918 south ashland.')).toBe('918 South Ashland');
    expect(street('we have 12 north facing windows that leak')).toBeUndefined();
  });

  it('compares addresses whatever the abbreviations', () => {
    expect(normalizedAddress('1418 Ridge Ave Evanston IL 60201')).toBe(normalizedAddress('1418 Ridge Avenue, Evanston, Illinois 60201'));
  });
});

describe('prices and budgets', () => {
  it.each([
    ['Install is four hundred and fifty dollars flat.', 45_000],
    ['The quote was $1,200 for the charger.', 120_000],
    ['I was hoping to spend about two grand.', 200_000],
    ["We'd like to keep it under 3k.", 300_000],
    ['A spring replacement runs two eighty five installed.', 28_500],
  ])('reads "%s"', (text, minor) => {
    expect(bestPrice(said(['customer', text]))?.minor).toBe(minor);
  });

  it('does not take a count for a price', () => {
    expect(bestPrice(said(['business', 'We usually do it with two piers.']))).toBeNull();
  });
});

describe('urgency and the name', () => {
  it('hears an emergency, and reads "not an emergency" as routine', () => {
    expect(findUrgency(said(['customer', "Our water heater let go and it's flooding the basement."]))?.value).toBe('emergency');
    expect(findUrgency(said(['customer', 'Not an emergency, just slow.']))?.value).toBe('routine');
    expect(findUrgency(said(['business', 'Emergency line, how can I help?']))).toBeNull();
  });

  it('takes the name the caller gives, not the receptionist', () => {
    expect(findName(said(['business', 'This is Jenny.'], ['customer', 'Hi Jenny, this is Maria Lopez.']), null)?.value).toBe('Maria Lopez');
    expect(findName(said(['customer', "It's Dave from the bakery on Main."]), null)?.value).toBe('Dave');
  });
});

describe('numbers that are not times', () => {
  it('does not read a price range in thousands as a time, and keeps its floor as the price', () => {
    const sentences = said(['customer', 'Thursday at 9 works.'], ['business', 'A new panel usually runs between two and four thousand.']);
    expect(findPreferredTime(sentences, CHICAGO)?.value).toBe('2026-12-03T09:00:00-06:00');
    expect(bestPrice(sentences)?.minor).toBe(200_000);
    expect(bestPrice(said(['business', "Figure 6 to 8 grand for the whole deck."]))?.minor).toBe(600_000);
  });

  it('reads a price range whose first number carries its own size at that size', () => {
    expect(bestPrice(said(['business', 'Somewhere from fifteen hundred to two thousand.']))?.minor).toBe(150_000);
  });

  it('does not read "between 2 and 3" as hours in a sentence about money', () => {
    expect(findPreferredTime(said(['customer', 'Friday works.'], ['business', 'The parts cost between 2 and 3 hundred dollars.']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
  });

  it('reads a hyphenated pair of hours beside a day as a time range', () => {
    expect(findPreferredTime(said(['business', 'Friday 9-11 ok?'], ['customer', 'Yes']), CHICAGO)?.value).toBe('2026-12-04T09:00:00-06:00/2026-12-04T11:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'Tomorrow 1-3 would be best.']), CHICAGO)?.value).toBe('2026-12-03T13:00:00-06:00/2026-12-03T15:00:00-06:00');
  });

  it('does not read a hyphenated count or a phone number as a time range', () => {
    expect(findPreferredTime(said(['customer', 'Friday, it should take 2-3 hours.']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'Friday works, call 720-555-0187.']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
  });
});

describe('the name, in context', () => {
  it('keeps a courtesy title with the surname, and never gives the title alone', () => {
    expect(findName(said(['customer', 'Hi, this is Mr. Okafor at the corner house.']), null)?.value).toBe('Mr. Okafor');
    expect(findName(said(['customer', 'My name is Dr Patel.']), null)?.value).toBe('Dr Patel');
  });

  it('takes the fuller second telling after a title and surname', () => {
    expect(findName(said(['customer', 'Good morning, this is Ms. Delgado, Rita Delgado, about my gutters.']), null)?.value).toBe('Rita Delgado');
  });

  it('does not take a second telling that repeats nothing of the first for the name', () => {
    expect(findName(said(['customer', "It's Frank, Oak Street Deli calling."]), null)?.value).not.toBe('Oak Street');
  });

  it('takes the next customer turn after "who am I speaking with" or "can I get your name" as the name', () => {
    expect(findName(said(['business', 'Sure thing. Who am I speaking with?'], ['customer', 'Yeah, Dana Whitfield.']), null)?.value).toBe('Dana Whitfield');
    expect(findName(said(['business', 'Can I get your name?'], ['customer', 'Marco Bianchi, and my address is 12 Pine Lane.']), null)?.value).toBe('Marco Bianchi');
    expect(findName(said(['business', 'Who installed it originally?'], ['customer', 'Sears Home Services.']), null)).toBeNull();
  });

  it('reads names as speech-to-text writes them: after a greeting to the one answering, without "uh", spelled out, told in full later', () => {
    const name = (...lines: [speaker: 'business' | 'customer', text: string][]) => findName(said(...lines), null)?.value;
    expect(name(['business', 'Texas Pier and Beam this is Lori'], ['customer', 'hey Lori Ray Dubois i need two inspections'])).toBe('Ray Dubois');
    expect(name(['customer', 'Hi, yeah, this is, uh, Dolores Kaminski. We got a crack.'])).toBe('Dolores Kaminski');
    expect(name(['business', 'sorry to hear it name please'], ['customer', 'Samuel Adeyemi a d e y e m i'])).toBe('Samuel Adeyemi');
    expect(name(['customer', 'hi its Nadia Rahman i got the quote'])).toBe('Nadia Rahman');
    expect(name(['customer', 'Harold Jacobsen part of my basement wall caved in'])).toBe('Harold Jacobsen');
    expect(name(['business', 'Foothill Heating this is Gina'], ['customer', 'oh hi Gina my names Gina too Gina Rossi the furnace smells'])).toBe('Gina Rossi');
    expect(name(['customer', 'hi this is Mrs Okafor Grace Okafor our furnace stopped'])).toBe('Grace Okafor');
  });

  it('reads a name speech-to-text wrote in lower case: the answer to "Name?", "… calling", beside a capital "I"', () => {
    const name = (...lines: [speaker: 'business' | 'customer', text: string][]) => findName(said(...lines), null)?.value;
    expect(name(['business', 'And your name?'], ['customer', 'tomas reyes'])).toBe('Tomas Reyes');
    expect(name(['business', 'Name and address?'], ['customer', 'kate o brien, 14 elm street, apartment 3C'])).toBe("Kate O'Brien");
    expect(name(['customer', 'hi there, wendy cho calling about my furnace.'])).toBe('Wendy Cho');
    expect(name(['customer', 'hey this is marco diaz, I have a leak under the sink'])).toBe('Marco Diaz');
    // A lower-case "thats fine" before a capitalized name is not the name.
    expect(name(['business', 'Name and address please'], ['customer', 'thats fine. Hal Berg 12 Pine Lane'])).toBe('Hal Berg');
    expect(name(['business', 'Name?'], ['customer', 'sure thing'])).toBeUndefined();
  });

  it('takes the name a business writing first greets the customer by, when the customer gives none', () => {
    expect(findName(said(['business', 'Hi Priya, this is Summit Tile. Your order is in!'], ['customer', 'great, thursday works']), null)?.value).toBe('Priya');
    expect(findName(said(['business', 'Hi Priya, this is Summit Tile.'], ['customer', 'this is Dana Cole, Priya is my tenant']), null)?.value).toBe('Dana Cole');
    expect(findName(said(['customer', 'Hi Priya, is the tile in?']), null)).toBeNull();
  });

  it('takes "Hi, Marcus from Lakeside Apartments" as the name of who is writing', () => {
    expect(findName(said(['customer', 'Hi, Marcus from Lakeside Apartments. Two units need filters.']), null)?.value).toBe('Marcus');
    expect(findName(said(['customer', 'Hi Pat, we need a new boiler.']), null)).toBeNull();
  });
});

describe('prices, in context', () => {
  it('reads "eighteen fifty installed", "an 89 dollar fee" and a bare figure the business quotes beside a charge', () => {
    expect(bestPrice(said(['customer', 'i want to go ahead with the water softener you quoted eighteen fifty installed']))?.minor).toBe(185_000);
    expect(bestPrice(said(['business', 'ok we do charge the 89 dollar diagnostic fee']))?.minor).toBe(8_900);
    expect(bestPrice(said(['business', 'the emergency service call is 195 the tech can be there by 8:30']))?.minor).toBe(19_500);
    expect(bestPrice(said(['customer', 'my furnace runs but the house only gets to like 62']))).toBeNull();
  });
});

describe('prices said in words', () => {
  it('reads "thirty-six hundred installed" as 3,600, not a range from 30 to 6 hundred; "two-three grand" is still a range', () => {
    expect(bestPrice(said(['business', 'A new boiler is around thirty-six hundred installed.']))?.minor).toBe(360_000);
    expect(bestPrice(said(['business', 'Figure two-three grand for the wall.']))?.minor).toBe(200_000);
  });

  it('reads "a seventy-five dollar fee" as 75: the "a" is the article, while "a hundred twenty" is still 120', () => {
    expect(bestPrice(said(['business', 'There is a seventy-five dollar fee for the visit.']))?.minor).toBe(7_500);
    expect(bestPrice(said(['business', 'The service call is a hundred twenty.']))?.minor).toBe(12_000);
  });

  it('takes an hour and minutes in words for a time, not a price, unless the sentence speaks of money', () => {
    expect(bestPrice(said(['business', 'The tech can be there by about nine fifteen tonight.']))).toBeNull();
    expect(bestPrice(said(['business', 'We could do Friday at eleven thirty, it takes about an hour.']))).toBeNull();
    expect(bestPrice(said(['business', 'The service call is around one twenty.']))?.minor).toBe(12_000);
    expect(bestPrice(said(['customer', 'you said labor is about four fifty']))?.minor).toBe(45_000);
    expect(bestPrice(said(['business', 'A new opener is usually around three twenty, for a standard door.']))?.minor).toBe(32_000);
    expect(bestPrice(said(['customer', 'after the holidays, jan 4 around nine thirty']))).toBeNull();
  });

  it('takes a figure beside the visit it pays for ("the inspection is eighty-nine", "the first treatment is one forty") as its price', () => {
    expect(bestPrice(said(['business', 'Our roof inspection is eighty-nine.']))?.minor).toBe(8_900);
    expect(bestPrice(said(['business', 'The first treatment is one forty, then quarterly after.']))?.minor).toBe(14_000);
    expect(bestPrice(said(['business', 'An evaluation is a hundred twenty-five, credited toward the work.']))?.minor).toBe(12_500);
  });

  it('takes a number that counts or measures ("about forty minutes", "ninety degrees") for no price, even beside a visit', () => {
    expect(bestPrice(said(['business', 'The estimate takes about forty minutes.']))).toBeNull();
    expect(bestPrice(said(['customer', 'The inspection guy said it was ninety degrees in the attic.']))).toBeNull();
  });

  it('takes "310 grand avenue" for a street, not 310 thousand', () => {
    expect(bestPrice(said(['customer', 'We are at 310 grand avenue, the quote said about 400 dollars.']))?.minor).toBe(40_000);
    expect(bestPrice(said(['customer', 'Budget is 12 grand.']))?.minor).toBe(1_200_000);
  });
});

describe('urgency, in context', () => {
  it('hears harm under way in other words, and no heat with someone vulnerable at home as an emergency', () => {
    expect(urgency("the panel's making a buzzing noise and it smells kinda hot")).toBe('emergency');
    expect(urgency('part of my basement wall caved in after the storm')).toBe('emergency');
    expect(urgency("water coming up through the floor drain, it's everywhere, can someone come like now?")).toBe('emergency');
    expect(urgency('our heater quit and its supposed to get down to 30 tonight my mom lives with us shes 86')).toBe('emergency');
    expect(urgency('our heater quit last night')).toBe('soon');
  });

  it('hears "soon as possible", "as soon as you can" and "I want someone out soon" as soon', () => {
    expect(urgency('the gate latch broke, I need it fixed soon as possible')).toBe('soon');
    expect(urgency('as soon as you can, the dishwasher is leaking a bit')).toBe('soon');
    expect(urgency('there is a damp patch and I would like somebody out soon')).toBe('soon');
    expect(urgency('we will call you soon to set it up')).toBeUndefined();
  });

  it('hears a furnace that keeps shutting off, or outlets that stopped working, as a service out: soon', () => {
    expect(urgency('the boiler keeps cutting out every hour or so')).toBe('soon');
    expect(urgency('the outlets in my garage just stopped working')).toBe('soon');
  });

  it('hears a panel that is hot to the touch or buzzing as an emergency', () => {
    expect(urgency('the breaker box in the garage is hot to the touch')).toBe('emergency');
    expect(urgency('the panel is loudly buzzing since this morning')).toBe('emergency');
    expect(urgency('the panel label is hard to read, can you relabel it')).toBeUndefined();
  });

  it('hears a drain backing up into the rooms as an emergency', () => {
    expect(findUrgency(said(['customer', 'The floor drain is backing up into the basement.']))?.value).toBe('emergency');
    expect(findUrgency(said(['customer', "There's sewage backing up in the laundry room."]))?.value).toBe('emergency');
  });

  it('hears a drain backing up into a fixture, or a little, as no urgency', () => {
    expect(findUrgency(said(['customer', 'The kitchen sink is backing up a bit.']))).toBeNull();
    expect(findUrgency(said(['customer', 'Our tub drain is backing up into the shower pan.']))).toBeNull();
  });

  it('hears a service that went out as wanted soon', () => {
    expect(findUrgency(said(['customer', "The furnace went out last night and it's cold in here."]))?.value).toBe('soon');
    expect(findUrgency(said(['customer', "Power's out in half the house."]))?.value).toBe('soon');
  });
});

describe('loose times of day', () => {
  const read = (text: string) => findPreferredTime(said(['customer', text]), CHICAGO)?.value;

  it('reads "noon" as the end of a range and "before noon" as the morning until then', () => {
    expect(read('Can you come Tuesday between 9 and noon?')).toBe('2026-12-08T09:00:00-06:00/2026-12-08T12:00:00-06:00');
    expect(read('Tuesday, anytime before noon.')).toBe('2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00');
    expect(read('Friday any time after noon.')).toBe('2026-12-04T12:00:00-06:00/2026-12-04T17:00:00-06:00');
  });

  it('reads "8 to 10am" and "10 to 12." beside a day as a range, and "2 to 3 guys" as no time', () => {
    expect(read('Thursday 8 to 10am works.')).toBe('2026-12-03T08:00:00-06:00/2026-12-03T10:00:00-06:00');
    expect(read('Friday 10 to 12.')).toBe('2026-12-04T10:00:00-06:00/2026-12-04T12:00:00-06:00');
    expect(read('Friday we will have 2 to 3 guys there.')).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
  });

  it('reads "say 10ish" as about 10, not 1', () => {
    expect(read('Monday, say 10ish?')).toBe('2026-12-07T10:00:00-06:00');
  });

  it('reads a range in hundreds at its floor', () => {
    expect(bestPrice(said(['business', 'It usually runs 3 to 4 hundred dollars.']))?.minor).toBe(30_000);
  });
});

describe('more of how people say it', () => {
  it('keeps a street with a one-letter direction like "N." in one sentence', () => {
    const sentences = said(['customer', 'I live at 1200 N. Clark Street. Come by Friday.']);
    expect(sentences[0]?.text).toBe('I live at 1200 N. Clark Street.');
    expect(addressesIn(sentences[0]!).map((address) => address.value)).toEqual(['1200 North Clark Street']);
  });

  it('reads a numbered road as a street', () => {
    expect(addressesIn(said(['customer', "It's 901 Route 9, Freehold."])[0]!).map((address) => address.value)).toEqual(['901 Route 9, Freehold']);
    expect(addressesIn(said(['customer', '2200 County Road 15, Fort Collins.'])[0]!).map((address) => address.value)).toEqual(['2200 County Road 15, Fort Collins']);
  });

  it('hears water loose in the house and smoke as an emergency, but not pouring concrete or a smoke detector', () => {
    expect(findUrgency(said(['customer', 'Water is pouring through the ceiling.']))?.value).toBe('emergency');
    expect(findUrgency(said(['customer', 'The toilet is overflowing.']))?.value).toBe('emergency');
    expect(findUrgency(said(['customer', "There's smoke coming from the outlet."]))?.value).toBe('emergency');
    expect(findUrgency(said(['customer', "We're pouring a new slab in spring."]))).toBeNull();
    expect(findUrgency(said(['customer', 'The smoke detector chirps.']))).toBeNull();
  });

  it('does not hear a denied cue as urgency', () => {
    expect(findUrgency(said(['customer', "Nothing's on fire, I just want a quote."]))).toBeNull();
    expect(findUrgency(said(['customer', "It isn't sewage, but the basement is flooding."]))?.value).toBe('emergency');
  });
});

describe('speech-to-text and spoken forms', () => {
  it('reads a house number said in words, in groups as people say them', () => {
    expect(houseNumberFromWords('twelve oh five')).toBe(1205);
    expect(houseNumberFromWords('nineteen fifty')).toBe(1950);
    expect(houseNumberFromWords('four twenty two')).toBe(422);
    expect(houseNumberFromWords('six two two one')).toBe(6221);
    expect(houseNumberFromWords('twenty one hundred')).toBe(2100);
    expect(houseNumberFromWords('oh')).toBeNull();
  });

  it('finds a lower-case street after a house number in words or digits, and not a count before a verb', () => {
    expect(addressesIn(said(['customer', 'twelve oh five elm street'])[0]!)[0]?.value).toBe('1205 Elm Street');
    expect(addressesIn(said(['customer', 'um im at nineteen fifty grand avenue'])[0]!)[0]?.value).toBe('1950 Grand Avenue');
    expect(addressesIn(said(['customer', 'apartment 5c at 2250 north lincoln avenue'])[0]!)[0]?.value).toBe('2250 North Lincoln Avenue, Apartment 5C');
    expect(addressesIn(said(['customer', 'it takes 2 hours to drive'])[0]!)).toEqual([]);
  });

  it('keeps a lower-case city when a state or ZIP follows it', () => {
    expect(addressesIn(said(['customer', '1417 w grace st apt 2r chicago 60613'])[0]!)[0]?.value).toBe('1417 West Grace Street, Apt 2R, Chicago, 60613');
    expect(addressesIn(said(['customer', 'were out at 15820 county road 9 in mora minnesota the pump'])[0]!)[0]?.value).toBe('15820 County Road 9, Mora, MN');
  });

  it('reads a rural route and box, a lot, and a numbered highway with its direction', () => {
    expect(addressesIn(said(['customer', "We're at Rural Route 2 Box 118, Hillsboro, Kansas."])[0]!)[0]?.value).toBe('Rural Route 2 Box 118, Hillsboro, KS');
  });

  it('leaves out where the bill goes, and takes an address the business reads back when the customer confirms it', () => {
    const values = (...lines: [speaker: 'business' | 'customer', text: string][]) => addressesOf(said(...lines)).map((address) => address.value);
    expect(values(['customer', '4 no sorry 40 Clinton Place Hackensack'], ['customer', 'the bill goes to my office 200 Main Street but the washer is at home'])).toEqual(['40 Clinton Place, Hackensack']);
    expect(values(['business', 'ok december 30th 10:30 at 5102 West Moorhead Circle'], ['customer', 'thats it in Boulder'])).toEqual(['5102 West Moorhead Circle']);
    expect(values(['business', 'is that 12 Oak Street?'], ['customer', 'no, 14 Oak Street'])).toEqual(['14 Oak Street']);
  });

  it('reads streets said without their suffix, the house number read back, a ZIP in words and a door by its number', () => {
    const first = (text: string) => addressesIn(said(['customer', text])[0]!)[0]?.value;
    expect(first('2330 West Cullerton its the yellow house')).toBe('2330 West Cullerton');
    expect(first("2231 South Broad, that's two-two-three-one, Philly, one nine one four five.")).toBe('2231 South Broad, Philadelphia, 19145');
    expect(first('Mike Donnelly 87 Prospect Park West apt 3R Brooklyn')).toBe('87 Prospect Park West, Apt 3R, Brooklyn');
    expect(first('1325 East Wilson Avenue, number 9, Glendale 91206.')).toBe('1325 East Wilson Avenue, Unit 9, Glendale, 91206');
    expect(first('N84 W15787 Menomonee Avenue, Menomonee Falls, 53051.')).toBe('N84 W15787 Menomonee Avenue, Menomonee Falls, 53051');
    expect(first('i have two units at 1440 West Farragut')).toBe('1440 West Farragut');
    expect(first('4 oh 4 West Thunderbird Road Phoenix')).toBe('404 West Thunderbird Road, Phoenix');
    expect(first('noon tomorrow ok its a hundred and twelve Orchard Lane in Pasadena')).toBe('112 Orchard Lane, Pasadena');
    expect(first('16 thirty East Camelback Road')).toBe('1630 East Camelback Road');
    expect(addressesIn(said(['customer', '2600 Highway 70 East, Lot 14, Kinston, NC 28501.'])[0]!)[0]?.value).toBe('2600 Highway 70 East, Lot 14, Kinston, NC 28501');
  });

  it('takes a lower-case name after "this is" or "my names", but not everyday words', () => {
    expect(findName(said(['customer', 'hi um yeah this is gary novak i got a leak']), null)?.value).toBe('Gary Novak');
    expect(findName(said(['customer', 'hi my names lupe garcia the shower drain is slow']), null)?.value).toBe('Lupe Garcia');
    expect(findName(said(['customer', 'its the driveway slab']), null)).toBeNull();
  });

  it('takes "Mr. and Mrs. Baker" whole, a greeting then a full name, and "it\'s … calling"', () => {
    expect(findName(said(['customer', 'Hello, this is Mr. and Mrs. Baker at 5520 Lindell Blvd.']), null)?.value).toBe('Mr. and Mrs. Baker');
    expect(findName(said(['customer', 'Hey, Tammy Hargrove.']), null)?.value).toBe('Tammy Hargrove');
    expect(findName(said(['customer', "Hello, it's Priya Raman calling."]), null)?.value).toBe('Priya Raman');
  });
});

describe('days and hours as people say them', () => {
  it('takes the day after a correction, the first choice before a fallback, and an hour with no day as the next one', () => {
    expect(findPreferredTime(said(['customer', 'thursday at 4 would be no actually make that friday same time at four thursday i have a thing']), CHICAGO)?.value).toBe('2026-12-04T16:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'thursday at 9 would be perfect if not friday same time']), CHICAGO)?.value).toBe('2026-12-03T09:00:00-06:00');
    // Said at 09:00: 8:30 has passed, so tomorrow; "at 12 Pine Lane" is a house, not noon.
    expect(findPreferredTime(said(['business', 'the tech can be there by 8:30']), CHICAGO)?.value).toBe('2026-12-03T08:30:00-06:00');
    expect(findPreferredTime(said(['customer', 'Can someone clean the gutters at 12 Pine Lane?']), CHICAGO)).toBeNull();
  });

  it('reads clock times said in words, and leaves prices and phone numbers alone', () => {
    expect(findPreferredTime(said(['business', 'the first slot on the 14th is quarter to nine']), CHICAGO)?.value).toBe('2026-12-14T08:45:00-06:00');
    expect(findPreferredTime(said(['customer', 'can you do friday'], ['business', 'half past four'], ['customer', 'four thirty yes']), CHICAGO)?.value).toBe('2026-12-04T16:30:00-06:00');
    expect(findPreferredTime(said(['customer', 'dec 30 around ten thirty']), CHICAGO)?.value).toBe('2026-12-30T10:30:00-06:00');
    expect(findPreferredTime(said(['customer', 'Friday works. Rodent exclusion starts at three-fifty.']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'Friday works.'], ['business', 'Rodent exclusion starts at three-fifty, and the roach treatment is one twenty-five.']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'the 28th at one'], ['customer', 'the number is seven two oh five five five oh one oh four']), CHICAGO)?.value).toBe('2026-12-28T13:00:00-06:00');
  });

  it('reads "a week from Monday", "Tuesday fortnight" and "the day after tomorrow" (said on a Wednesday)', () => {
    expect(findPreferredTime(said(['customer', 'A week from Monday, around ten?']), CHICAGO)?.value).toBe('2026-12-14T10:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'Tuesday fortnight, first thing.']), CHICAGO)?.value).toBe('2026-12-22T08:00:00-06:00/2026-12-22T09:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'day after tomorrow works anytime']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
  });

  it('takes the day a caller corrects to, not the one taken back', () => {
    expect(findPreferredTime(said(['customer', 'Could someone come Thursday, actually no, make that Friday, between nine and eleven?']), CHICAGO)?.value).toBe('2026-12-04T09:00:00-06:00/2026-12-04T11:00:00-06:00');
  });

  it('reads a day of the month in words, and "the second" alone as no day', () => {
    expect(findPreferredTime(said(['business', "So that's Tuesday the twenty second."]), CHICAGO)?.value).toBe('2026-12-22T08:00:00-06:00/2026-12-22T17:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'The eleventh in the morning.']), CHICAGO)?.value).toBe('2026-12-11T08:00:00-06:00/2026-12-11T12:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'The second one is the bigger job.']), CHICAGO)).toBeNull();
  });

  it('reads "Friday afternoon around two" as two o\'clock, and "about two inches" as no hour', () => {
    expect(findPreferredTime(said(['customer', 'Friday afternoon around two?']), CHICAGO)?.value).toBe('2026-12-04T14:00:00-06:00');
    expect(findPreferredTime(said(['customer', 'Friday works, it sank about two inches.']), CHICAGO)?.value).toBe('2026-12-04T08:00:00-06:00/2026-12-04T17:00:00-06:00');
  });

  it('does not take "bye now" for a day', () => {
    expect(findPreferredTime(said(['business', 'Sure thing, bye now.']), CHICAGO)).toBeNull();
  });
});

describe('prices as people say them', () => {
  it('reads "and a half", "a couple hundred" and "three-fifty" for a consult', () => {
    expect(bestPrice(said(['customer', 'We were thinking eighteen and a half thousand, give or take.']))?.minor).toBe(1_850_000);
    expect(bestPrice(said(['business', 'It runs a couple hundred bucks.']))?.minor).toBe(20_000);
    expect(bestPrice(said(['business', 'The in-home design consult is three-fifty.']))?.minor).toBe(35_000);
  });

  it('does not read "grand avenue" as a thousand', () => {
    expect(bestPrice(said(['customer', 'is it still a flat seventy five, im at nineteen fifty grand avenue']))?.minor).toBe(7_500);
  });
});

describe('urgency of every appointment', () => {
  it('is routine with low confidence and no words when nothing says otherwise, and water through the ceiling is an emergency', () => {
    expect(urgencyOfAppointment(said(['customer', 'The faucet drips.']))).toEqual({ value: 'routine', confidence: 0.4, evidence: '' });
    expect(urgencyOfAppointment(said(['customer', 'theres water coming through the ceiling from the upstairs bathroom'])).value).toBe('emergency');
  });
});
