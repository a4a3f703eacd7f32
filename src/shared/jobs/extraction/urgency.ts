import type { ExtractedField } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';

/**
 * How urgent the customer says it is, by cue words in their own words (a business answering
 * "emergency line" says nothing about this caller). The strongest cue wins, and "not an
 * emergency" or "no rush" is read before "emergency". No cue, no urgency from findUrgency; an
 * appointment still has one (urgencyOfAppointment): a request that says nothing about haste is
 * `routine`, with low confidence and no words quoted, since nothing was said. Pure.
 */

type Urgency = 'emergency' | 'soon' | 'routine';
const CUES: { urgency: Urgency; pattern: RegExp; confidence: number }[] = [
  { urgency: 'routine', pattern: /\b(?:not an emergency|not urgent|no rush|no hurry|whenever (?:you|it'?s)|no big rush|(?:the )?yearly|annual|sometime)\b/i, confidence: 0.8 },
  // Harm under way (water loose in the house, gas, fire, sewage, no heat). A drain "backing up"
  // is only a blockage until it spills into the rooms: "backing up into the basement" is harm,
  // "backing up into the tub" or "backing up a bit" is a job like any other and says no urgency.
  { urgency: 'emergency', pattern: /\b(?:emergency|(?:water|it)(?:'s| is)? coming (?:in )?through the (?:ceiling|roof|walls?)|flood(?:ing|ed)?|burst|water everywhere|smell gas|gas smell|no heat|sparking|sewage|on fire|smoke(?!\s+(?:detector|alarm)s?)|(?:smells?|smelling) (?:kind of |kinda |like )?(?:hot|burning|something burning)|hot to the touch|(?:panel|breaker box|breakers?|outlets?|wires?|wiring)(?:'s| is| are)? (?:\w+ )?(?:buzzing|crackling|arcing)|burning smell|caved in|collaps(?:ed|ing)|spraying|(?:water|it)(?:'s| is)? (?:spreading|everywhere)|it'?s everywhere|(?:come|here|someone) (?:like )?(?:right )?now\b(?!\s+(?:or|and then))|carbon monoxide|(?:water|it)(?:'s| is)? (?:pouring|gushing)|(?:pouring|gushing) (?:in|out|through|from|into|down)|(?:toilet|tub|sink|washer|drain|water heater)s? (?:is |are |'s )?overflowing|overflowing (?:into|onto|all over)|(?:backing up|overflowing|coming up) (?:into|onto|all over|through) (?:the |our |my )?(?:basement|house|home|floor|floors|kitchen|hallway|living room|bedroom|yard|ceiling))\b/i, confidence: 0.9 },
  // A service out ("heat's out", "no hot water") wants fixing soon.
  { urgency: 'soon', pattern: /\b(?:(?:heat|furnace|boiler|hot water|power|AC|air)(?:'s| is| went| has gone)(?: completely)? out|lost power|(?:heater|furnace|boiler|heat pump)(?:'s| is| has)? (?:quit|died|stopped(?: working)?|not working)|(?:heater|furnace|boiler|heat pump) keeps (?:shutting|cutting|turning) (?:off|out)|(?:outlets|lights|power)(?: in (?:my|the|our) \w+)? (?:just )?(?:stopped|quit) working|no hot water|asap|(?:as )?soon as (?:possible|you can)|(?:(?:someone|somebody|a tech) (?:out |over |here )?|(?:fixed|done|looked at|out|over) )soon\b(?!\s+as\b)|right away|urgent(?:ly)?|quickly|hurry|need it today|today if you can|stuck)\b/i, confidence: 0.8 },
];
const DENIED_BEFORE = /\b(?:not|no|nothing(?:'s| is)?|isn'?t|wasn'?t|aren'?t|never|without)\s+(?:\w+\s+){0,2}$/i;
const RANK: Record<Urgency, number> = { routine: 1, soon: 2, emergency: 3 };

/** People the cold or a lost service endangers: with the heat out, an emergency. */
const VULNERABLE = /\b(?:baby|newborn|infant|elderly|oxygen|(?:she|he)(?:'?s| is) (?:8|9)\d|my (?:mom|mother|dad|father|grandma|grandpa) (?:lives|is living|stays) with)\b/i;
const NO_HEAT = /\b(?:no heat|heat(?:'s| is)? out|(?:heater|furnace|boiler|heat pump)(?:'s| is| has)? (?:quit|died|stopped|out|not working))\b/i;

export function findUrgency(sentences: readonly Sentence[]): ExtractedField | null {
  const own = sentences.filter(isCustomerSentence);
  const cold = own.find((sentence) => NO_HEAT.test(sentence.text));
  if (cold && own.some((sentence) => VULNERABLE.test(sentence.text))) return { value: 'emergency', confidence: 0.85, evidence: cold.text };
  let best: { urgency: Urgency; confidence: number; evidence: string } | null = null;
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) continue;
    for (const cue of CUES) {
      // "Nothing's on fire", "not flooding yet": a cue denied right before it says nothing.
      const match = [...sentence.text.matchAll(new RegExp(cue.pattern.source, 'gi'))].find((found) => cue.urgency === 'routine' || !DENIED_BEFORE.test(sentence.text.slice(0, found.index)));
      if (!match) continue;
      if (best === null || RANK[cue.urgency] > RANK[best.urgency]) best = { urgency: cue.urgency, confidence: cue.confidence, evidence: sentence.text };
      // "Not an emergency" in the same sentence as "emergency": the negation says it all.
      if (cue.urgency === 'routine') break;
    }
  }
  return best ? { value: best.urgency, confidence: best.confidence, evidence: best.evidence } : null;
}

/** Every appointment has an urgency: the one its words say, else `routine` (nothing said, so no evidence). */
export const ROUTINE_BY_DEFAULT: ExtractedField = { value: 'routine', confidence: 0.4, evidence: '' };

export function urgencyOfAppointment(sentences: readonly Sentence[]): ExtractedField {
  return findUrgency(sentences) ?? ROUTINE_BY_DEFAULT;
}
