import { z } from 'zod';

/**
 * The parts of a Vapi server message (spec telephony-providers §3.1-3.3) the relay reads,
 * validated at the edge: a field of the wrong type is a 400, never a guess. Everything
 * else in the message is left as it came (loose objects) and kept in the raw payload.
 */

const shortText = z.string().max(2000);
const instant = z.union([z.string().max(100), z.number()]).nullish();
const party = z.object({ number: z.string().max(100).nullish() }).loose().nullish();

const callSchema = z
  .object({
    id: z.string().min(1).max(150),
    type: z.string().max(100).nullish(),
    status: z.string().max(100).nullish(),
    createdAt: instant,
    startedAt: instant,
    endedAt: instant,
    customer: party,
  })
  .loose();

const transcriptMessage = z
  .object({
    role: z.string().max(100).nullish(),
    message: z.string().max(20_000).nullish(),
    secondsFromStart: z.number().nullish(),
    duration: z.number().nullish(),
  })
  .loose();

const recordingSchema = z
  .object({
    mono: z.object({ combinedUrl: shortText.nullish() }).loose().nullish(),
    stereoUrl: shortText.nullish(),
  })
  .loose();

export const vapiMessageSchema = z
  .object({
    type: z.string().min(1).max(100),
    /** Epoch ms in current schemas; older text said ISO (§3.1). */
    timestamp: instant,
    call: callSchema.nullish(),
    phoneNumber: z.object({ id: z.string().max(200).nullish(), number: z.string().max(100).nullish() }).loose().nullish(),
    customer: party,
    status: z.string().max(100).nullish(),
    endedReason: z.string().max(200).nullish(),
    startedAt: instant,
    endedAt: instant,
    durationSeconds: z.number().min(0).nullish(),
    destination: z.object({ number: z.string().max(100).nullish(), sipUri: z.string().max(2000).nullish() }).loose().nullish(),
    artifact: z
      .object({
        transcript: z.string().max(1_000_000).nullish(),
        messages: z.array(z.unknown()).max(20_000).nullish(),
        recording: recordingSchema.nullish(),
        recordingUrl: shortText.nullish(),
      })
      .loose()
      .nullish(),
    analysis: z.object({ summary: z.string().max(100_000).nullish() }).loose().nullish(),
    // Legacy top-level copies seen in real deliveries (§3.3, observed): read when artifact/analysis lack them.
    summary: z.string().max(100_000).nullish(),
    transcript: z.string().max(1_000_000).nullish(),
    recordingUrl: shortText.nullish(),
  })
  .loose();

export const vapiEnvelopeSchema = z.object({ message: vapiMessageSchema }).loose();

export type VapiMessage = z.infer<typeof vapiMessageSchema>;
export type VapiTranscriptMessage = z.infer<typeof transcriptMessage>;

/** One entry of artifact.messages, or null when it is not one the transcript can use. */
export function readTranscriptMessage(value: unknown): VapiTranscriptMessage | null {
  const parsed = transcriptMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}
