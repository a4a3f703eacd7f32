/**
 * Numbers as people say them and speech-to-text writes them down: "four hundred and fifty",
 * "eighteen hundred", "two eighty five" (the trades' shorthand for 285), "one fifty", "forty
 * thousand". Pure.
 */

const UNITS: Record<string, number> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

// Longest first and whole words only, so "eighteen" is not read as "eight".
export const NUMBER_WORD = '(?:seventeen|thirteen|fourteen|eighteen|nineteen|thousand|fifteen|sixteen|seventy|hundred|eleven|twelve|twenty|thirty|eighty|ninety|forty|fifty|sixty|three|seven|eight|zero|four|five|nine|one|two|six|ten|a)\\b';
/** A run of number words, possibly joined by "and" or hyphens ("twenty-five"). */
export const NUMBER_WORDS_PATTERN = `${NUMBER_WORD}(?:(?:[\\s-]+|\\s+and\\s+)${NUMBER_WORD})*`;

/** The value of a run of number words, or null when it is not one ("a" alone, "and"). */
export function numberFromWords(phrase: string): number | null {
  const words = phrase.toLowerCase().split(/[\s-]+/).filter((word) => word !== '' && word !== 'and');
  if (words.length === 0 || (words.length === 1 && words[0] === 'a')) return null;
  let total = 0;
  let current = 0;
  let sawHundred = false;
  let previous: 'unit' | 'teen' | 'tens' | 'hundred' | 'thousand' | null = null;
  for (const word of words) {
    if (word === 'a') {
      current += 1;
      previous = 'unit';
    } else if (word in UNITS) {
      const value = UNITS[word]!;
      // "one fifty", "one nineteen": a unit then a teen without "hundred" is hundreds shorthand.
      if (value >= 10 && previous === 'unit' && !sawHundred && current < 10) current = current * 100 + value;
      else if (value < 10 && previous === 'tens') current += value;
      else if (value < 10 && previous === 'teen' && !sawHundred) current = current * 100 + value;
      else if (previous === 'unit' || previous === 'teen') return null;
      else current += value;
      previous = value >= 10 ? 'teen' : 'unit';
    } else if (word in TENS) {
      const value = TENS[word]!;
      // "two eighty five": hundreds shorthand.
      // "two eighty five", "eighteen fifty": hundreds shorthand.
      if ((previous === 'unit' || previous === 'teen') && !sawHundred && current < 20) current = current * 100 + value;
      else if (previous === 'tens') return null;
      else current += value;
      previous = 'tens';
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      sawHundred = true;
      previous = 'hundred';
    } else if (word === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
      sawHundred = false;
      previous = 'thousand';
    } else return null;
  }
  return total + current;
}

const DIGIT_WORDS: Record<string, string> = { zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };

/**
 * Digit words read one by one ("six one seven, five five five, oh one four two") written as
 * digits, for runs of three or more so that "this one" or "the two of us" stay words.
 */
export function digitWordsAsDigits(text: string): string {
  const token = '(?:zero|three|seven|eight|four|five|nine|one|two|six|oh|o|\\d+)';
  const run = new RegExp(`\\b${token}(?:[\\s,.-]+${token}){2,}\\b`, 'gi');
  return text.replace(run, (match) => {
    const parts = match.split(/([\s,.-]+)/);
    const words = parts.filter((_, i) => i % 2 === 0);
    const wordCount = words.filter((word) => word.toLowerCase() in DIGIT_WORDS).length;
    // Digits said one by one ("9 1 7, 5 5 5, 0 1 2 3") are a number too, once there are enough of them.
    const oneByOne = words.every((word) => word.toLowerCase() in DIGIT_WORDS || /^\d$/.test(word)) && words.length >= 7;
    if (wordCount < 3 && !oneByOne) return match;
    // Written as one run of digits: the groups people pause between are not part of the number.
    return words.map((word) => DIGIT_WORDS[word.toLowerCase()] ?? word).join('');
  });
}

const HOUSE_NUMBER_WORD = '(?:seventeen|thirteen|fourteen|eighteen|nineteen|thousand|fifteen|sixteen|seventy|hundred|eleven|twelve|twenty|thirty|eighty|ninety|forty|fifty|sixty|three|seven|eight|zero|four|five|nine|one|two|six|ten|oh)\\b';
/**
 * A run of number words as a house number is said ("twelve oh five", "nineteen fifty", "six two two
 * one", "a hundred and twelve"), digits among them as speech-to-text mixes them in ("4 oh 4", "16 thirty").
 */
const HOUSE_TOKEN = `(?:${HOUSE_NUMBER_WORD}|\\d{1,2}\\b)`;
export const HOUSE_NUMBER_WORDS_PATTERN = `(?:a\\s+(?=hundred|thousand))?${HOUSE_TOKEN}(?:(?:[\\s-]+|(?<=hundred|thousand)\\s+and\\s+)${HOUSE_TOKEN})*`;

/**
 * A house number said in words. People say them in groups, not as amounts: "twelve oh five" is
 * 1205, "nineteen fifty" 1950, "four twenty two" 422, "six two two one" 6221; only with
 * "hundred" or "thousand" ("twenty one hundred", "one thousand and six") is it read as an
 * amount. Null when the words are not a number.
 */
export function houseNumberFromWords(phrase: string): number | null {
  const words = phrase.toLowerCase().split(/[\s-]+/).filter((word) => word !== '' && word !== 'and');
  if (words.length === 0) return null;
  // Only digits: nothing said in words, so nothing to read here.
  if (words.every((word) => /^\d+$/.test(word))) return null;
  if (words.some((word) => word === 'hundred' || word === 'thousand')) return words.some((word) => /\d/.test(word)) ? null : numberFromWords(words.join(' '));
  let digits = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (word in TENS) {
      const unit = next !== undefined && next !== 'oh' && next !== 'zero' && next in UNITS && UNITS[next]! < 10 ? UNITS[next]! : null;
      digits += String(TENS[word]! + (unit ?? 0));
      if (unit !== null) i++;
    } else if (word in UNITS) digits += String(UNITS[word]!);
    else if (/^\d{1,2}$/.test(word)) digits += word;
    else return null;
  }
  // A lone "oh" or "zero" is not a house number.
  return /^0*$/.test(digits) ? null : Number(digits);
}
