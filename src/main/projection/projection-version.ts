/**
 * The version of what the projection derives from the log. Raise it whenever a
 * change makes the same log project differently (a new event type shown, a
 * normalizer fix, a billing rule): a console whose database was built by another
 * version re-projects from its local copy of the log in the background.
 * - 1 (null in the database): before projection versions existed.
 * - 2: the billing clock is the relay's receivedAt; call ids are namespaced by
 *   provider; OpenPhone events kept unnormalized are normalized again.
 * - 3: a period closes 12 h (the settle window) after its end, so a call across
 *   the end is billed in the period it started in; "last event" is the relay's
 *   receivedAt.
 * - 4: every OpenPhone interaction (issue 9): call artifacts and statuses, messages and
 *   conversations, campaigns, the shared inbox, contacts, media and alerts; events kept
 *   unnormalized are normalized again by the extended OpenPhone normalizer.
 * - 5: the team's work (issue 10): the callback queue from every missed call, call notes
 *   and dispositions, customers' further emails and QuickBooks links, merged customers;
 *   the provider's directory (provider.directory_synced: the names behind user ids, line
 *   names) and lines named by an admin (line.defined).
 * - 6: a call known only from its recording's payload is shown; provider media links are
 *   not kept; the campaign rule an admin defined (messaging_policy.defined) applies.
 * - 7: customers' address and notes (customer.upserted, issue 12) and the suggestions
 *   someone dismissed (customer.suggestion_dismissed).
 * - 8: the relay's alerts kept as a history (raised, cleared, where they were sent) and
 *   acknowledged team-wide (alert.acknowledged, issue 12).
 * - 9: calls and texts the OpenPhone history import brought (origin.by 'import') are
 *   history: never in the callback queue, never unread, never notified.
 * - 10: payment links and payments (issue 13: payment_link.created, payment.received,
 *   payment.failed) listed on the customer page.
 * - 11: the AI voice agent's decision on each call (call.assistant_decided, issue 13) in the
 *   call's detail.
 * - 12: the billing fold applies Flutterwave payments (payment.received to the wallet and the
 *   subscription, payment.failed on the ledger) and posts plans' period credit (periodGrant).
 * - 13: the billing fold stores a top-up invoice's status, balance and payments when they
 *   change, and a merge drops the subscription it leaves behind, as a reloaded book has it;
 *   a subscription starts at 00:00 of its start date in its plan's business-hours zone when
 *   that is before 00:00 UTC.
 * - 14: a provider's renewal pays each period once (a second charge, or one just before the
 *   boundary, is held or recorded apart) and subscriptions start in the plan's zone.
 */
export const PROJECTION_VERSION = 14;
