import { z } from 'zod';

/**
 * OpenPhone's error body (spec telephony-providers §1.9), read defensively: every field
 * may be missing from a proxy's or a load balancer's answer.
 */
export const openPhoneErrorBodySchema = z.object({
  message: z.string().optional(),
  /** 7 digits: resource family, variant, HTTP status (`0206400`). */
  code: z.string().optional(),
  status: z.number().optional(),
  title: z.string().optional(),
  errors: z.array(z.object({ path: z.string().optional(), message: z.string().optional() }).loose()).optional(),
}).loose();
export type OpenPhoneErrorBody = z.infer<typeof openPhoneErrorBodySchema>;

/** The codes the spec names for sending (§1.9, §1.11). */
export const OPENPHONE_CODES = {
  a2pNotApproved: '0206400',
  notEnoughCredits: '0200402',
  notPhoneNumberUser: '0101403',
} as const;

/** The error body of an answer, or an empty one when it is not OpenPhone's JSON. */
export function readOpenPhoneError(text: string): OpenPhoneErrorBody {
  try {
    const parsed = openPhoneErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** OpenPhone's own words, with the fields its validation errors name ("/to: Expected…"). */
export function openPhoneWords(body: OpenPhoneErrorBody): string | null {
  const details = (body.errors ?? []).map((error) => [error.path, error.message].filter(Boolean).join(': ')).filter((text) => text !== '');
  const words = [body.message, ...details].filter((text): text is string => typeof text === 'string' && text.trim() !== '');
  return words.length === 0 ? null : words.join('; ').slice(0, 500);
}
