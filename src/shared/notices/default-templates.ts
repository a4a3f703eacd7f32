import type { NoticeKind } from './notice-kinds';
import type { NoticeTemplate } from './notice-template';

/**
 * What each notice says until the admin edits it (issue 14 §2): plain, friendly, short,
 * with the variables its kind fills (variablesOfKind). Reminders and the other kinds a
 * customer may stop end with {{unsubscribeLink}}. A line whose variables are all empty is
 * left out (renderNoticeText), so each sentence that may not apply is a line of its own: the
 * due date of a new invoice before QuickBooks has one, the portal address when none is set, the business's
 * name when RELAY_BUSINESS_NAME is unset, a renewal price for a plan set to end, a low wallet or low hours.
 */
export const DEFAULT_NOTICE_TEMPLATES: Record<NoticeKind, NoticeTemplate> = {
  invoice_issued: {
    kind: 'invoice_issued',
    subject: 'Your invoice {{invoiceNumber}}',
    body: `Hello {{name}},

Here is invoice {{invoiceNumber}} for {{amount}}. The invoice is attached.
It is due on {{dueDate}}.

You can see your account and pay at {{portalLink}}

Thank you,
{{business}}`,
  },
  payment_reminder: {
    kind: 'payment_reminder',
    subject: 'Reminder: invoice {{invoiceNumber}} is due',
    body: `Hello {{name}},

A friendly reminder that invoice {{invoiceNumber}} for {{amount}} was due on {{dueDate}} and is still open. If you have already paid, thank you, and please ignore this message.

You can see your account and pay at {{portalLink}}

Thank you,
{{business}}

To stop these reminders: {{unsubscribeLink}}`,
  },
  renewal: {
    kind: 'renewal',
    // A plan set to end has no renewal price ({{amount}} empty), so its renewal sentence is left out.
    subject: 'Your {{planName}} plan: this period ends on {{renewalDate}}',
    body: `Hello {{name}},

Your {{planName}} plan comes to the end of its current period on {{renewalDate}}.
It renews then for {{amount}}.
You have {{hoursRemaining}} left this period.

To change your plan, just reply to this message or call us.

Thank you,
{{business}}

To stop these notices: {{unsubscribeLink}}`,
  },
  low_balance: {
    kind: 'low_balance',
    // One notice is about the wallet or about the hours; the other sentence is empty and left out.
    subject: 'Your balance is running low',
    body: `Hello {{name}},

Your wallet is down to {{walletBalance}}.
Your {{planName}} plan has {{hoursRemaining}} left this period.

You can see your account and top up at {{portalLink}}

Thank you,
{{business}}

To stop these notices: {{unsubscribeLink}}`,
  },
  subscription_expired: {
    kind: 'subscription_expired',
    subject: 'Your {{planName}} plan has ended',
    body: `Hello {{name}},

Your {{planName}} plan has ended. We are still here for you: from now on, calls are billed pay-per-call.

To start a plan again, just reply to this message or call us.

Thank you,
{{business}}`,
  },
  portal_link: {
    kind: 'portal_link',
    subject: 'Your account link',
    body: `Hello {{name}},

Here is your link to see your hours, calls and invoices: {{portalLink}}

Keep it to yourself: anyone with the link can see your account.

Thank you,
{{business}}`,
  },
};
