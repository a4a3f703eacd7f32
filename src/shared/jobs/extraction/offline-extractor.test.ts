import { describe, expect, it } from 'vitest';
import { extractionRecordedData } from '../../events/model';
import { LABELLED_TRANSCRIPTS } from '../../../../tests/fixtures/extraction/labelled-transcripts';
import { accuracy, scoreExtractions, SCORED_FIELDS } from './extraction-accuracy';
import type { ExtractionInput } from './extractor';
import { extractOffline } from './offline-extractor';

function call(lines: [speaker: 'business' | 'customer', text: string][], overrides: Partial<ExtractionInput> = {}): ExtractionInput {
  return {
    subject: { kind: 'call', id: 'call-1' },
    lines: lines.map(([speaker, text], i) => ({ speaker, text, at: new Date(Date.parse('2026-12-02T15:00:00Z') + i * 5000).toISOString() })),
    callerNumber: '+12145550134',
    businessTimeZone: 'America/Chicago',
    referenceInstant: '2026-12-02T15:00:00Z',
    customer: null,
    ...overrides,
  };
}

describe('the offline extractor', () => {
  it('turns a booking call into one appointment, each field with its words', () => {
    const output = extractOffline(
      call([
        ['business', 'Lone Star Foundation Repair, this is Jenny.'],
        ['customer', 'Hi Jenny, this is Maria Lopez. There is a crack running down the basement wall.'],
        ['business', 'What is the address?'],
        ['customer', "It's 4417 Ridgeway Drive in Garland, 75040."],
        ['customer', 'Next Tuesday morning would be best.'],
      ]),
    );
    expect(output.outcome).toBe('appointments');
    expect(output.appointments).toHaveLength(1);
    const [appointment] = output.appointments;
    expect(appointment?.customerName?.value).toBe('Maria Lopez');
    expect(appointment?.address).toMatchObject({ value: '4417 Ridgeway Drive, Garland, 75040', evidence: "It's 4417 Ridgeway Drive in Garland, 75040." });
    expect(appointment?.preferredTime?.value).toBe('2026-12-08T08:00:00-06:00/2026-12-08T12:00:00-06:00');
    expect(appointment?.description?.value).toBe('There is a crack running down the basement wall.');
    // What it records is what extraction.recorded accepts.
    expect(() => extractionRecordedData.parse({ extractionId: 'call:call-1', subject: { kind: 'call', id: 'call-1' }, callId: 'call-1', conversationId: null, customerId: null, extractor: 'offline', ...output })).not.toThrow();
  });

  it('finds no appointment in a billing question', () => {
    expect(extractOffline(call([['customer', 'I think I got charged twice for last week.'], ['business', "I'll refund it today."]]))).toEqual({ outcome: 'no_appointment', appointments: [] });
  });

  it('does not take a cancellation for a booking', () => {
    expect(extractOffline(call([['customer', "I'm calling to cancel my appointment for Thursday, we went with someone else."]])).outcome).toBe('no_appointment');
  });

  it('calls a call cut off mid-sentence a dropped call', () => {
    expect(extractOffline(call([['customer', "Hi, there's water coming in along the back wall and I was wondering if you could"]])).outcome).toBe('dropped_call');
  });

  it('keeps the job of a dropped call once the caller said where it is, with no time, and none when only the trouble was said', () => {
    const dropped = extractOffline(call([['customer', 'Hi, this is Dana Kirk at 77 Willow Lane, the garbage disposal is jammed.'], ['business', 'When would you like us out?'], ['customer', 'I was hoping you could come on']]));
    expect(dropped.outcome).toBe('dropped_call');
    expect(dropped.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime])).toEqual([['77 Willow Lane', null]]);
    const nothingWritten = extractOffline(call([['customer', 'Hi, the garbage disposal is jammed and I was wondering if you could']]));
    expect(nothingWritten).toMatchObject({ outcome: 'dropped_call', appointments: [] });
  });

  it('does not take speech-to-text without punctuation for a call cut off', () => {
    expect(extractOffline(call([['business', 'Coastline Kitchens this is Amy'], ['customer', 'hey just curious what a countertop swap runs roughly'], ['customer', 'ok ill think about it and call back thanks']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['customer', 'hi my furnace stopped and I was wondering if you could']])).outcome).toBe('dropped_call');
  });

  it('does not call a call dropped because its last words lack a full stop, only when they stop mid-phrase', () => {
    // A goodbye, a voicemail's closing and a whole sentence end a call without a full stop.
    expect(extractOffline(call([['business', 'Brightside Electric, this is Kim.'], ['customer', 'Hi, do you install EV chargers?'], ['business', 'We do, yes.'], ['customer', 'ok great thanks bye']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['customer', 'Hi, this is Omar, our dryer is squealing, please call me back at 214 555 0100']], { subject: { kind: 'voicemail', id: 'vm-1' } })).outcome).toBe('no_appointment');
    expect(extractOffline(call([['business', 'Brightside Electric.'], ['customer', 'Hi. Just wondering whether you do panel upgrades'], ['business', 'We do, yes.'], ['customer', 'That is all I needed to know']])).outcome).toBe('no_appointment');
    // Words that cannot end a sentence, a street or a phone number begun, a trailing dash or comma.
    expect(extractOffline(call([['business', 'Brightside Electric.'], ['customer', 'Hi, the breaker keeps tripping.'], ['business', 'Okay. Could I get your']])).outcome).toBe('dropped_call');
    expect(extractOffline(call([['customer', 'Hi, the outlets in my garage died. I live at 4410 Juniper']], { subject: { kind: 'voicemail', id: 'vm-2' } })).outcome).toBe('dropped_call');
    expect(extractOffline(call([['customer', 'Hi, the outlets in my garage died.'], ['business', 'What number can we reach you at?'], ['customer', 'My number is 469 555']])).outcome).toBe('dropped_call');
    expect(extractOffline(call([['customer', 'Hi, the outlets in my garage died.'], ['business', 'Sorry, who is this?'], ['customer', 'This is Ben, and the panel is,']])).outcome).toBe('dropped_call');
    // A sentence may end on a preposition that belongs to its verb.
    expect(extractOffline(call([['customer', 'Do you sell replacement filters?'], ['business', 'We do not, sorry.'], ['customer', 'Ok that was all I was calling about']])).outcome).toBe('no_appointment');
  });

  it('makes an appointment per visit when one job takes two, each with its own day and part of the day', () => {
    const visits = (output: ReturnType<typeof extractOffline>) => output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value]);
    // Both visits in one breath, the second counted from the first.
    expect(visits(extractOffline(call([
      ['customer', 'Hi, this is Gail Ortiz, I want a new patio door at 310 Pecan Drive, Mesquite.'],
      ['business', 'We can do the measure Monday afternoon and the installation the Thursday after, in the morning.'],
      ['customer', 'Great.'],
    ])))).toEqual([
      ['310 Pecan Drive, Mesquite', '2026-12-07T12:00:00-06:00/2026-12-07T17:00:00-06:00'],
      ['310 Pecan Drive, Mesquite', '2026-12-10T08:00:00-06:00/2026-12-10T12:00:00-06:00'],
    ]);
    // A text thread that agrees a follow-up visit in a later text.
    const thread = extractOffline(call([
      ['customer', 'Hi, the disposal at 77 Birch Court, Allen is humming but not turning.'],
      ['business', 'We can come Friday at 11.'],
      ['customer', 'friday at 11 is good'],
      ['business', 'If the motor is gone we will order one and need a second visit. Would Wednesday the 9th at 3 work for that?'],
      ['customer', 'yes that works'],
    ], { subject: { kind: 'conversation', id: 'thread-2' } }));
    expect(visits(thread)).toEqual([
      ['77 Birch Court, Allen', '2026-12-04T11:00:00-06:00'],
      ['77 Birch Court, Allen', '2026-12-09T15:00:00-06:00'],
    ]);
    // A first look told as already made is no visit to book: the work is the one appointment.
    expect(visits(extractOffline(call([
      ['customer', 'Hi, this is Gail Ortiz at 310 Pecan Drive, Mesquite. Your guy did the measure last Monday.'],
      ['customer', 'Can we book the installation for Thursday morning?'],
    ])))).toEqual([['310 Pecan Drive, Mesquite', '2026-12-03T08:00:00-06:00/2026-12-03T12:00:00-06:00']]);
    // The work moved to another day is one visit: no first look was named.
    expect(extractOffline(call([
      ['customer', 'Hi, this is Gail Ortiz at 310 Pecan Drive, Mesquite, about the door you quoted.'],
      ['business', 'We had you Monday.'],
      ['customer', 'Monday is out, could we do the install Thursday?'],
    ])).appointments).toHaveLength(1);
  });

  it('takes a visit put off to no day in particular, a mass text or a robocall for no appointment', () => {
    const thread = (lines: [speaker: 'business' | 'customer', text: string][]) => call(lines, { subject: { kind: 'conversation', id: 'thread-1' } });
    expect(extractOffline(thread([['customer', 'How much to regrout a shower?'], ['business', 'Around 400. We could come look Monday at 9.'], ['customer', "Hmm ok. Let's hold off for now, maybe next year. Thanks though!"]])).outcome).toBe('no_appointment');
    expect(extractOffline(thread([['business', 'We have Thursday at 1 open for the estimate.'], ['customer', 'Not right now. We will text you after the holidays.']])).outcome).toBe('no_appointment');
    // A deferral of something else beside a time taken stays a booking.
    expect(extractOffline(thread([['business', 'We have Thursday at 1 open for the estimate.'], ['customer', 'Thursday at 1 works. The paint can wait until after the holidays.']])).outcome).toBe('appointments');
    expect(extractOffline(thread([['customer', 'Can you look at my furnace at 9 Elm Court?'], ['business', 'We have Thursday at 1.'], ['customer', 'After the holidays would be better, maybe Monday January 4th?']])).outcome).toBe('appointments');
    // A customer recalling a discount is not a marketer.
    expect(extractOffline(thread([['customer', 'You gave us 10% off last time. Can you tune up the furnace at 9 Elm Court Thursday at 1?'], ['business', 'Sure, Thursday at 1.']])).outcome).toBe('appointments');
    expect(extractOffline(thread([['customer', 'WINTER SPECIAL: 25% off furnace tune-ups this Saturday only, 9-12! Book now. Reply STOP to opt out']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['customer', 'This is a final call about your business listing, press 1 to speak with a specialist today']])).outcome).toBe('no_appointment');
  });

  it('takes a goodbye with a trailing comma for a call ended whole, and a caller losing the line for a dropped call', () => {
    expect(extractOffline(call([['customer', 'Do you do gutter guards?'], ['business', 'We do not, sorry.'], ['customer', 'ok no worries, thanks,']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['customer', 'Hi, my water heater is leaking.'], ['business', 'What is the address?'], ['customer', 'sorry you are cutting out']])).outcome).toBe('dropped_call');
    expect(extractOffline(call([['customer', 'Hi, my water heater is leaking.'], ['business', 'Can you repeat that?'], ['customer', 'hello?']])).outcome).toBe('dropped_call');
    expect(extractOffline(call([['customer', 'Do you fix garage doors?'], ['business', 'We do, the service call is 89.'], ['customer', 'ok and what about']])).outcome).toBe('dropped_call');
  });

  it('reads a caller putting the visit off even when a parting "you too" follows it', () => {
    const lines: [speaker: 'business' | 'customer', text: string][] = [
      ['customer', 'hi, roughly what does a new water softener cost installed?'],
      ['business', 'Usually two to three thousand. Want us to come out and take a look?'],
      ['customer', 'not yet, just comparing a few quotes right now. I will call back'],
      ['business', 'Sure thing, have a good day.'],
      ['customer', 'you too'],
    ];
    expect(extractOffline(call(lines)).outcome).toBe('no_appointment');
  });

  it('takes a vendor offering leads or a supplier offering to stop by with prices for no appointment, whatever day they ask for', () => {
    expect(extractOffline(call([['customer', 'Hi, Tara with BrightPath, we help plumbing companies in the metro get exclusive leads. Could I get ten minutes with the owner Friday at 11?'], ['business', 'Send an email please.']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['customer', "Hello, this message is for the owner, it's Dev from Metro Pipe Supply, we have new contractor pricing and I'd like to swing by Monday to drop off a catalog."]], { subject: { kind: 'voicemail', id: 'vm-9' } })).outcome).toBe('no_appointment');
  });

  it('takes an offer turned down, or someone selling to the business, for no appointment, and a line lost to noise for a dropped call', () => {
    expect(extractOffline(call([['customer', 'Do you have any openings this week?'], ['business', 'Thursday 2-4 is open. Want it?'], ['customer', 'nvm found someone who can come today, thanks anyway']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['customer', 'hi this is Josh with Local Rank Pro were helping contractors get more leads on Google'], ['business', 'no thanks'], ['customer', 'i can send some info over tomorrow']])).outcome).toBe('no_appointment');
    expect(extractOffline(call([['business', 'whats the address'], ['customer', 'its one forty four'], ['customer', 'hello can you'], ['customer', '[inaudible]']])).outcome).toBe('dropped_call');
  });

  it('makes a second appointment at the same place when the customer adds a job with a day of its own', () => {
    const output = extractOffline(
      call([
        ['customer', 'hi its Sheila Brandt the floor drain in the basement is backing up'],
        ['business', 'ok i can get a tech there this afternoon whats the address'],
        ['customer', '6015 West 38th Avenue Wheat Ridge and while hes there the water heater is 20 years old can you replace it'],
        ['business', 'a 50 gallon installed is sixteen fifty i can do that next monday at 10'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value, appointment.price?.value ?? null])).toEqual([
      ['6015 West 38th Avenue, Wheat Ridge', '2026-12-02T12:00:00-06:00/2026-12-02T17:00:00-06:00', null],
      ['6015 West 38th Avenue, Wheat Ridge', '2026-12-07T10:00:00-06:00', '165000 USD'],
    ]);
  });

  it('makes a second appointment at the same place when the business asks for the other job', () => {
    const output = extractOffline(
      call([
        ['customer', 'Hi, this is Dana Reyes at 88 Maple Street. Two things. The porch light flickers, can you look at it Friday at 9?'],
        ['business', 'Sure. And the other thing?'],
        ['customer', 'The garage door opener needs replacing, next Tuesday at 2 is fine.'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value])).toEqual([
      ['88 Maple Street', '2026-12-04T09:00:00-06:00'],
      ['88 Maple Street', '2026-12-08T14:00:00-06:00'],
    ]);
  });

  it("gives the customer's own address, said last ('and mine is…'), to the job talked over first, and 'same day' the first job's day", () => {
    const output = extractOffline(
      call([
        ['customer', 'hi its Ray Dunn i want the gutter guards you quoted'],
        ['business', 'we can do friday at 9'],
        ['customer', 'ok friday at 9 and can you also look at my sisters leaky roof'],
        ['business', 'sure whats her address'],
        ['customer', '31 Oak Street in Evanston'],
        ['business', 'we can do her in the afternoon same day'],
        ['customer', 'great and mine is 12 Birch Lane Skokie'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value])).toEqual([
      ['12 Birch Lane, Skokie', '2026-12-04T09:00:00-06:00'],
      ['31 Oak Street, Evanston', '2026-12-04T12:00:00-06:00/2026-12-04T17:00:00-06:00'],
    ]);
  });

  it('makes an appointment per unit when jobs in several units of one building are booked together', () => {
    const output = extractOffline(
      call([
        ['customer', 'hi its Lena Park i manage two units at 500 Lake Street'],
        ['customer', 'unit 3 the sink clogs and unit 7 the toilet runs'],
        ['business', 'i can do both friday unit 3 at 10 and unit 7 at 1'],
        ['customer', 'for unit 3 call the tenant Ana directly 312'],
        ['customer', '555 0144 for unit 7 just call me'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value, appointment.phone?.value])).toEqual([
      ['500 Lake Street, Unit 3', '2026-12-04T10:00:00-06:00', '+13125550144'],
      ['500 Lake Street, Unit 7', '2026-12-04T13:00:00-06:00', '+12145550134'],
    ]);
  });

  it('gives the first job the day the business offers it after both addresses, before turning to the other ("And for the cabin,")', () => {
    const output = extractOffline(
      call([
        ['customer', 'Hi, Ed Novak. The deck at my house needs staining and the cabin needs its porch fixed.'],
        ['business', 'Address for the house?'],
        ['customer', '45 Cedar Road, Wausau.'],
        ['business', 'And the cabin?'],
        ['customer', 'It is 9 Pine Point Lane, Minocqua.'],
        ['business', 'Deck this Friday at 10? And for the cabin, we can do next Tuesday at 9.'],
        ['customer', 'Both fine.'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value])).toEqual([
      ['45 Cedar Road, Wausau', '2026-12-04T10:00:00-06:00'],
      ['9 Pine Point Lane, Minocqua', '2026-12-08T09:00:00-06:00'],
    ]);
  });

  it('makes two appointments of two addresses in one call', () => {
    const output = extractOffline(
      call([
        ['customer', 'First is 2817 Juniper Street in San Diego. Thursday at 9.'],
        ['customer', 'The second is 640 Via Esplanade, La Jolla, Friday afternoon.'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value])).toEqual([
      ['2817 Juniper Street, San Diego', '2026-12-03T09:00:00-06:00'],
      ['640 Via Esplanade, La Jolla', '2026-12-04T12:00:00-06:00/2026-12-04T17:00:00-06:00'],
    ]);
  });

  it('books "end of the week" as its Thursday and Friday, until one of them is chosen', () => {
    // Called on Wednesday, December 2nd.
    const lines: [speaker: 'business' | 'customer', text: string][] = [
      ['customer', 'Hi, Tom Berg, 88 Aspen Way. The gutter over the porch came loose.'],
      ['business', 'Our crew is out through Wednesday, we can come end of the week, so Thursday or Friday.'],
      ['customer', 'End of the week is fine, either day.'],
    ];
    expect(extractOffline(call(lines)).appointments[0]?.preferredTime?.value).toBe('2026-12-03T08:00:00-06:00/2026-12-04T17:00:00-06:00');
    expect(extractOffline(call([...lines, ['customer', 'Actually, Thursday would be better.']])).appointments[0]?.preferredTime?.value).toBe('2026-12-03T08:00:00-06:00/2026-12-03T17:00:00-06:00');
  });
});

describe('addresses given in one sentence', () => {
  const timesOf = (output: ReturnType<typeof extractOffline>) => output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value ?? null]);

  it('makes an appointment of each address named in one sentence, the days given in order', () => {
    const output = extractOffline(
      call(
        [
          ['customer', 'Hi, Dana from Maple Court Condos. Both pool pumps need looking at: 410 Birch Lane, Plano and 77 Cedar Way, Plano. Monday for the first, Tuesday for the second.'],
          ['business', 'Monday afternoon and Tuesday afternoon ok?'],
          ['customer', 'Great'],
        ],
        { subject: { kind: 'conversation', id: 'thread-1' } },
      ),
    );
    expect(output.outcome).toBe('appointments');
    expect(timesOf(output)).toEqual([
      ['410 Birch Lane, Plano', '2026-12-07T12:00:00-06:00/2026-12-07T17:00:00-06:00'],
      ['77 Cedar Way, Plano', '2026-12-08T12:00:00-06:00/2026-12-08T17:00:00-06:00'],
    ]);
    expect(output.appointments.every((appointment) => appointment.customerName?.value === 'Dana')).toBe(true);
  });

  it('gives each address the time said beside its street name, and a day said for both to both', () => {
    const output = extractOffline(
      call([
        ['customer', 'I manage two shops. 51 Walnut Street needs a new compressor, and 1900 Harbor Drive has a leak.'],
        ['customer', 'Could you do both Thursday? Walnut first thing and Harbor after lunch.'],
        ['business', 'Thursday it is.'],
      ]),
    );
    expect(timesOf(output)).toEqual([
      ['51 Walnut Street', '2026-12-03T08:00:00-06:00/2026-12-03T09:00:00-06:00'],
      ['1900 Harbor Drive', '2026-12-03T13:00:00-06:00/2026-12-03T17:00:00-06:00'],
    ]);
  });

  it('does not split an offer of two days between addresses named together', () => {
    const output = extractOffline(
      call([
        ['customer', 'Can someone come out to clean the gutters at 12 Pine Lane and 40 Oak Road?'],
        ['business', 'Would Monday or Wednesday suit?'],
      ]),
    );
    expect(timesOf(output)).toEqual([
      ['12 Pine Lane', null],
      ['40 Oak Road', null],
    ]);
  });
});

describe('the labelled set', () => {
  it('has at least 45 transcripts: six without an appointment, three with two, two dropped', () => {
    expect(LABELLED_TRANSCRIPTS.length).toBeGreaterThanOrEqual(45);
    expect(LABELLED_TRANSCRIPTS.filter((c) => c.expected.outcome === 'no_appointment').length).toBeGreaterThanOrEqual(6);
    expect(LABELLED_TRANSCRIPTS.filter((c) => c.expected.appointments.length === 2).length).toBeGreaterThanOrEqual(3);
    expect(LABELLED_TRANSCRIPTS.filter((c) => c.expected.outcome === 'dropped_call').length).toBeGreaterThanOrEqual(2);
    expect(new Set(LABELLED_TRANSCRIPTS.map((c) => c.id)).size).toBe(LABELLED_TRANSCRIPTS.length);
  });

  it('is read at least 90 % right on date and time, phone and address by the offline extractor', () => {
    const report = scoreExtractions(LABELLED_TRANSCRIPTS.map((c) => ({ id: c.id, expected: c.expected, got: extractOffline(c.input) })));
    const figures = Object.fromEntries([...SCORED_FIELDS, 'outcome' as const].map((field) => [field, accuracy(report.fields[field])]));
    const misses = report.misses.map((miss) => `${miss.case} ${miss.field}: expected ${miss.expected}, got ${miss.got}`);
    expect(figures.preferredTime, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(figures.phone, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(figures.address, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('a measure visit and "then the designer comes back" with samples are two visits at one address, each on its own day', () => {
    const output = extractOffline(
      call([
        ['business', 'Saguaro Kitchens.'],
        ['customer', 'Hi, I want to look into refacing my kitchen cabinets.'],
        ['business', 'First step is a measure visit. Could we do Monday the 7th, late morning?'],
        ['customer', "Late morning's fine."],
        ['business', 'Then the designer comes back about a week later with door samples. Could we do Tuesday the 15th at 4?'],
        ['customer', 'That works. It is 4417 North 12th Street.'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.preferredTime?.value, appointment.address?.value])).toEqual([
      ['2026-12-07T10:00:00-06:00/2026-12-07T12:00:00-06:00', '4417 North 12th Street'],
      ['2026-12-15T16:00:00-06:00', '4417 North 12th Street'],
    ]);
  });

  it('two jobs told, then one sentence books each by its street or by "yours" and "hers": each job keeps its own time', () => {
    const times = (lines: [speaker: 'business' | 'customer', text: string][]) => extractOffline(call(lines)).appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value]);
    expect(
      times([
        ['customer', 'Hi, Ann Lee. I have two rentals with problems. One is 12 Oak Street, a leaky faucet.'],
        ['customer', 'The other is 40 Elm Street, the water heater.'],
        ['business', 'I can do Oak Street Friday at 9 and Elm Street Friday at 1.'],
      ]),
    ).toEqual([
      ['12 Oak Street', '2026-12-04T09:00:00-06:00'],
      ['40 Elm Street', '2026-12-04T13:00:00-06:00'],
    ]);
    expect(
      times([
        ['customer', 'I need treatments at my house and my moms. Im Ann Lee at 12 Oak Street. Shes Mary Lee at 15 Pine Road.'],
        ['business', 'Tomorrow I can do yours at 10 and hers at 2.'],
      ]),
    ).toEqual([
      ['12 Oak Street', '2026-12-03T10:00:00-06:00'],
      ['15 Pine Road', '2026-12-03T14:00:00-06:00'],
    ]);
  });

  it('a dropped call after the caller gave her name keeps her job to call back about, though the address was cut', () => {
    const output = extractOffline(
      call([
        ['business', 'Carolina Pier and Beam.'],
        ['customer', 'Hi, my name is Priya Raghunathan, the front porch is pulling away from the house.'],
        ['business', "Okay, we can take a look. What's the address there?"],
        ['customer', "It's 208 Glen"],
      ]),
    );
    expect(output.outcome).toBe('dropped_call');
    expect(output.appointments.map((appointment) => [appointment.customerName?.value, appointment.address, appointment.preferredTime])).toEqual([['Priya Raghunathan', null, null]]);
  });


  it('a call cut by a dash after a time was agreed is dropped, the time kept; one ending "yes it is" is whole', () => {
    const cut = extractOffline(
      call([
        ['business', "I've got Saturday the 5th at 10 in the morning, or at 2."],
        ['customer', 'Saturday at 10 is perfect. My name is Tamika Rhodes.'],
        ['business', 'And the address, Tamika?'],
        ['customer', "It's 2—"],
      ]),
    );
    expect(cut.outcome).toBe('dropped_call');
    expect(cut.appointments.map((appointment) => appointment.preferredTime?.value)).toEqual(['2026-12-05T10:00:00-06:00']);
    const whole = extractOffline(call([['customer', 'Hi, Jo at 12 Oak Street, can you come Monday before noon to fix the sink?'], ['business', 'Monday before noon. Is this your cell?'], ['customer', 'yes it is']]));
    expect(whole.outcome).toBe('appointments');
  });

  it('two doors on one street are told apart by their numbers when one sentence books each', () => {
    const output = extractOffline(
      call(
        [
          ['customer', 'Hi, Lena with the HOA. Two garage doors need service. 22 Birch Run Ct, the door came off the track. And 14 Birch Run Ct, the opener is dead.'],
          ['business', 'Booked! 22 Birch Run Ct tomorrow 3-5 and 14 Birch Run Ct Fri 12/4 10-12.'],
        ],
        { subject: { kind: 'conversation', id: 'thread-1' } },
      ),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value])).toEqual([
      ['22 Birch Run Court', '2026-12-03T15:00:00-06:00/2026-12-03T17:00:00-06:00'],
      ['14 Birch Run Court', '2026-12-04T10:00:00-06:00/2026-12-04T12:00:00-06:00'],
    ]);
  });

  it('"and for your visit tomorrow" said after the mother\'s job is about the caller\'s own visit', () => {
    const output = extractOffline(
      call([
        ['business', 'The soonest I have is tomorrow, 10 to 12.'],
        ['customer', 'Yeah, 10 to 12. Nate Ferraro, 88 Whitney Avenue. Oh, and while I have you, my mom needs her furnace tuned up.'],
        ['business', 'Sure. Where is she?'],
        ['customer', '14 Beacon Hill Drive in Hamden.'],
        ['business', 'I could do her on Monday the 14th, morning, 8 to 12.'],
        ['business', 'And for your visit tomorrow it is an $89 diagnostic.'],
      ]),
    );
    expect(output.appointments.map((appointment) => [appointment.address?.value, appointment.preferredTime?.value])).toEqual([
      ['88 Whitney Avenue', '2026-12-03T10:00:00-06:00/2026-12-03T12:00:00-06:00'],
      ['14 Beacon Hill Drive, Hamden', '2026-12-14T08:00:00-06:00/2026-12-14T12:00:00-06:00'],
    ]);
  });
});
