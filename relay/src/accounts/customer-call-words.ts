import type { Bucket, ChargeLine } from '../../../src/shared/api/billing';

const WORDS: Partial<Record<Bucket, string>> = {
  included: 'Included hours',
  rollover: 'Included hours',
  wallet: 'Wallet',
  overage: 'Overage',
  pay_per_call: 'Pay-per-call',
  fee: 'Per-call fee',
  free: 'No charge',
};

/** How a call was paid, in words a customer reads on the portal: "Included hours and overage". */
export function paidByWords(lines: readonly ChargeLine[]): string {
  const words: string[] = [];
  for (const line of lines) {
    if (line.seconds === 0 && line.amountMinor === 0 && line.bucket !== 'free') continue;
    const word = WORDS[line.bucket];
    if (word !== undefined && !words.includes(word)) words.push(word);
  }
  if (words.length === 0) return 'No charge';
  // A fee comes with pay-per-call time: said once.
  const said = words.length > 1 ? words.filter((w) => w !== 'Per-call fee' || !words.includes('Pay-per-call')) : words;
  return said.map((w, i) => (i === 0 ? w : w === 'Pay-per-call' ? 'pay-per-call' : w.toLowerCase())).join(' and ');
}
