import type { NoticeKind } from './notice-kinds';
import type { NoticeTemplate } from './notice-template';

/**
 * What each notice says until the admin edits it (issue 14 §2): plain, friendly, short,
 * with the variables its kind fills (variablesOfKind). Reminders and the other kinds a
 * customer may stop end with {{unsubscribeLink}}.
 */
export const DEFAULT_NOTICE_TEMPLATES: Record<NoticeKind, NoticeTemplate> = {
  invoice_issued: {
    kind: 'invoice_issued',
    subject: 'Invoice {{invoiceNumber}} from {{business}}',
    body: `Hello {{name}},

Here is invoice {{invoiceNumber}} for {{amount}}, due on {{dueDate}}. The invoice is attached.

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
    // One text for a plan that renews and one set to end: it says both plainly.
    subject: 'Your {{planName}} plan: this period ends on {{renewalDate}}',
    body: `Hello {{name}},

Your {{planName}} plan with {{business}} comes to the end of its current period on {{renewalDate}}. Unless it was set to end, it renews then for {{amount}}. You have {{hoursRemaining}} left this period.

To keep it, there is nothing to do. To change or stop it, just reply to this message or call us.

Thank you,
{{business}}

To stop these notices: {{unsubscribeLink}}`,
  },
  low_balance: {
    kind: 'low_balance',
    subject: 'Your balance with {{business}} is running low',
    body: `Hello {{name}},

Your balance is running low: {{hoursRemaining}} left on your {{planName}} plan, and {{walletBalance}} in your wallet.

You can see your account and top up at {{portalLink}}

Thank you,
{{business}}

To stop these notices: {{unsubscribeLink}}`,
  },
  subscription_expired: {
    kind: 'subscription_expired',
    subject: 'Your {{planName}} plan has ended',
    body: `Hello {{name}},

Your {{planName}} plan with {{business}} has ended. We are still here for you: from now on, calls are billed pay-per-call.

To start a plan again, just reply to this message or call us.

Thank you,
{{business}}

To stop these notices: {{unsubscribeLink}}`,
  },
  portal_link: {
    kind: 'portal_link',
    subject: 'Your account with {{business}}',
    body: `Hello {{name}},

Here is your link to see your hours, calls and invoices with {{business}}: {{portalLink}}

Keep it to yourself: anyone with the link can see your account.

Thank you,
{{business}}`,
  },
};
