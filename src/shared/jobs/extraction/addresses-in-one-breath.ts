import * as chrono from 'chrono-node';
import type { FoundAddress } from './addresses';
import type { Sentence } from './sentences';

/**
 * Several service addresses given in one breath ("9200 East Copper Ridge Drive and 9450 East
 * Shea Boulevard… Thursday works for the first, Friday for the second"): the words that follow
 * are shared by those appointments until a sentence tells them apart. A sentence tells them
 * apart by naming their streets ("Elm in the morning and Palisade after lunch"), by "the first"
 * and "the second", or by naming as many days as there are addresses without offering a choice
 * ("Thursday morning and Friday morning"; "Thursday or Friday?" decides nothing). Such a
 * sentence is cut at the comma or "and" before each new mention, and each piece goes to the
 * appointment it names; a sentence that tells nothing apart ("Can you do both on Tuesday?")
 * belongs to all of them. Pure.
 */

const DIRECTION_WORDS = /^(?:north|south|east|west|northeast|northwest|southeast|southwest|n|s|e|w|ne|nw|se|sw)\.?$/i;
const SUFFIX_WORD = /^(?:street|st|avenue|ave|av|drive|dr|road|rd|lane|ln|boulevard|blvd|court|ct|terrace|ter|way|place|pl|circle|cir|parkway|pkwy|highway|hwy|trail|trl|pike|square|loop|row|alley|crescent|close)\.?$/i;
const ORDINALS: Record<string, number> = { first: 0, second: 1, third: 2, fourth: 3 };
const ORDINAL = /\bthe (first|second|third|fourth)\b(?! thing)/gi;
const SEPARATOR = /,\s+(?:and\s+|then\s+)?|\s+(?:and|then)\s+|;\s*|:\s*/g;

interface Anchor {
  at: number;
  end: number;
  member: number;
}

/** What people call a street once it has been given: "Copper Ridge" for 9200 East Copper Ridge Drive. */
export function streetNameOf(address: FoundAddress): string {
  const words = (address.value.split(',')[0] ?? '').split(/\s+/).slice(1);
  while (words.length > 1 && DIRECTION_WORDS.test(words[0]!)) words.shift();
  while (words.length > 1 && (DIRECTION_WORDS.test(words[words.length - 1]!) || SUFFIX_WORD.test(words[words.length - 1]!))) words.pop();
  return words.join(' ');
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function anchorsIn(text: string, members: readonly FoundAddress[], names?: readonly string[]): Anchor[] {
  const streets = members.flatMap((member, i) => {
    const name = names?.[i] ?? streetNameOf(member);
    if (name === '') return [];
    return [...text.matchAll(new RegExp(`(?<![\\w-])${escaped(name)}(?![\\w-])`, names ? 'gi' : 'g'))].map((match) => ({ at: match.index, end: match.index + match[0].length, member: i }));
  });
  const ordinals = [...text.matchAll(ORDINAL)]
    .map((match) => ({ at: match.index, end: match.index + match[0].length, member: ORDINALS[match[1]!.toLowerCase()]! }))
    .filter((anchor) => anchor.member < members.length);
  const named = [...streets, ...ordinals];
  if (named.length > 0) return named;
  if (/\bor\b/i.test(text)) return [];
  const days = chrono
    .parse(text)
    .filter((result) => (result.start.isCertain('weekday') || result.start.isCertain('day') || /\b(?:today|tomorrow|tonight)\b/i.test(result.text)) && !/^(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)\.?$/i.test(result.text.trim()));
  return days.length === members.length ? days.map((result, i) => ({ at: result.index, end: result.index + result.text.length, member: i })) : [];
}

/** The pieces of a sentence each appointment gets (member index → its words), or null when the sentence is everyone's. */
export function piecesFor(sentence: Sentence, members: readonly FoundAddress[], names?: readonly string[]): Map<number, string[]> | null {
  const anchors = anchorsIn(sentence.text, members, names).sort((a, b) => a.at - b.at);
  // Consecutive mentions of the same appointment are one stretch of words.
  const runs: Anchor[] = [];
  for (const anchor of anchors) {
    const last = runs[runs.length - 1];
    if (last && last.member === anchor.member) last.end = Math.max(last.end, anchor.end);
    else if (!last || anchor.at >= last.end) runs.push({ ...anchor });
  }
  if (runs.length === 0) return null;
  const text = sentence.text;
  const cuts = [0];
  for (let k = 1; k < runs.length; k++) {
    const between = [...text.slice(runs[k - 1]!.end, runs[k]!.at).matchAll(SEPARATOR)];
    const separator = between[between.length - 1];
    cuts.push(separator ? runs[k - 1]!.end + separator.index : runs[k]!.at);
  }
  cuts.push(text.length);
  const pieces = new Map<number, string[]>();
  runs.forEach((run, k) => {
    const piece = text.slice(cuts[k], cuts[k + 1]).replace(SEPARATOR_AT_START, '').trim();
    if (piece !== '') pieces.set(run.member, [...(pieces.get(run.member) ?? []), piece]);
  });
  return pieces;
}

const SEPARATOR_AT_START = /^(?:,\s*|;\s*|:\s*)?(?:and|then)?\s*/i;

/**
 * Each appointment's sentences among words shared by several addresses given together. `names`
 * replaces the street names as what each one is called by ("unit 6" for units of one building).
 */
export function sentencesPerAddress(sentences: readonly Sentence[], members: readonly FoundAddress[], names?: readonly string[]): Sentence[][] {
  const perMember: Sentence[][] = members.map(() => []);
  for (const sentence of sentences) {
    const pieces = piecesFor(sentence, members, names);
    members.forEach((_, i) => {
      if (pieces === null) perMember[i]!.push(sentence);
      else for (const text of pieces.get(i) ?? []) perMember[i]!.push({ ...sentence, text });
    });
  }
  return perMember;
}
