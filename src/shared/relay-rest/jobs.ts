import { z } from 'zod';

/**
 * Issue 15 §3, the relay's side of jobs:
 *   POST /v1/jobs/photos               any device; the body is the image itself (Content-Type image/jpeg,
 *                                      image/png, image/webp, image/heic; at most RELAY_MEDIA_MAX_BYTES),
 *                                      X-File-Name names it → 201 {photo}. Stored by SHA-256 in the relay's
 *                                      media store; the console then posts job.photo_added naming it.
 *   GET  /v1/calendar/feed             admin → 200 {feed}
 *   POST /v1/calendar/feed {action}    admin: create (or answer the one there is), rotate (a new secret; the
 *                                      old URL stops working), revoke → 200 {feed}
 * The feed itself, behind its secret, for Google Calendar, Outlook and Apple Calendar (no device token):
 *   GET /calendar/<secret>/jobs.ics                every confirmed (and later) job with a time
 *   GET /calendar/<secret>/jobs/<jobId>.ics        one job
 *   GET /calendar/photos/<sha256>/<token>          a photo of a job in the feed (and nothing else), by the
 *                                                  link's own token (not the feed's secret; rotated with it)
 * Every refusal is `{error}` in plain words.
 */

export const JOB_PHOTOS_PATH = '/v1/jobs/photos';
export const CALENDAR_FEED_PATH = '/v1/calendar/feed';
export const CALENDAR_PATH_PREFIX = '/calendar/';
export const jobPhotoContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/gif'] as const;

export const uploadedPhotoSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.enum(jobPhotoContentTypes),
  bytes: z.number().int().min(1),
  fileName: z.string().min(1).max(300),
});
export type UploadedPhoto = z.infer<typeof uploadedPhotoSchema>;
export const uploadPhotoAnswerSchema = z.object({ photo: uploadedPhotoSchema });

export const calendarFeedSchema = z.object({
  /** The subscribable URL (RELAY_PUBLIC_URL + /calendar/<secret>/jobs.ics); null while there is none. */
  url: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type CalendarFeed = z.infer<typeof calendarFeedSchema>;
export const calendarFeedAnswerSchema = z.object({ feed: calendarFeedSchema });
export const calendarFeedActionSchema = z.object({ action: z.enum(['create', 'rotate', 'revoke']) }).strict();
export type CalendarFeedAction = z.infer<typeof calendarFeedActionSchema>['action'];
