import { quoteAround, type Finding } from './found-text';

/**
 * Email addresses as written ("maria.lopez@gmail.com") and, in transcripts, as spoken
 * ("maria dot lopez at gmail dot com"), the spoken form only when its domain has a dot
 * and ends in a common top-level domain, so that "meet at the office" is never read as one.
 */

const WRITTEN = /[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}/g;
const SPOKEN_DOMAIN = /\s+at\s+([a-z0-9]+(?:\s+(?:dot|dash)\s+[a-z0-9]+)+)\b/gi;
const SPOKEN_LOCAL = /([a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)*)$/i;
const SPOKEN_TLDS = new Set(['com', 'net', 'org', 'edu', 'gov', 'io', 'co', 'us', 'uk', 'ca', 'au', 'nz', 'ie', 'me', 'info', 'biz']);
/** Words said before "at" that are not an address's first part ("email me at …", "I'm there at …"). */
const NOT_LOCAL = new Set(['me', 'us', 'him', 'her', 'them', 'there', 'here', 'it', 'that', 'this', 'is', 'be', 'was', 'am', 'are', 'home', 'work', 'office', 'email', 'mail', 'reach', 'write', 'look', 'arrive', 'arrived']);

export function emailsInText(text: string, spoken: boolean): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(WRITTEN)) {
    found.push({ value: match[0].replace(/\.+$/, ''), quote: quoteAround(text, match.index, match.index + match[0].length) });
  }
  if (!spoken) return found;
  for (const match of text.matchAll(SPOKEN_DOMAIN)) {
    const domainParts = match[1]!.toLowerCase().replace(/\s+dash\s+/g, '-').split(/\s+dot\s+/);
    if (domainParts.length < 2 || !SPOKEN_TLDS.has(domainParts[domainParts.length - 1]!)) continue;
    const localMatch = SPOKEN_LOCAL.exec(text.slice(0, match.index));
    if (localMatch === null) continue;
    const spokenLocal = localMatch[1]!;
    if (NOT_LOCAL.has(spokenLocal.toLowerCase())) continue;
    const local = spokenLocal.toLowerCase().replace(/\s+dot\s+/g, '.').replace(/\s+underscore\s+/g, '_').replace(/\s+dash\s+/g, '-');
    const from = match.index - spokenLocal.length;
    found.push({ value: `${local}@${domainParts.join('.')}`, quote: quoteAround(text, from, match.index + match[0].length) });
  }
  return found;
}
