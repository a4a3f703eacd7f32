import type { SettingDescription, SettingReader } from '../../../config';

/**
 * The push of Ringside's customers to OpenPhone as API contacts (issue 12 §4). Parsing is
 * pure; a bad value stops start-up naming the setting.
 */

export const CONTACT_PLAN_FIELD_DEFAULT = 'Plan';
export const CONTACT_HOURS_FIELD_DEFAULT = 'Hours remaining';

export interface ContactPushSettings {
  /** On by default, but it runs only where OPENPHONE_API_KEY is set. */
  enabled: boolean;
  /** The workspace custom field the plan goes in, by name or key (case-insensitive); null: none. */
  planField: string | null;
  /** The field the included time left goes in, by name or key (case-insensitive); null: none. */
  hoursField: string | null;
}

export const CONTACT_PUSH_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'OPENPHONE_CONTACT_PUSH',
    default: 'on',
    description:
      "on or off. While on and OPENPHONE_API_KEY is set, every customer saved in Ringside (added, edited, merged, removed) is pushed to OpenPhone as an API contact (POST/PATCH/DELETE /v1/contacts, externalId = the customer's id), so OpenPhone's own apps show the same names. Customers already in the log are pushed once when it is first turned on.",
  },
  {
    name: 'OPENPHONE_CONTACT_PLAN_FIELD',
    default: CONTACT_PLAN_FIELD_DEFAULT,
    description:
      "The OpenPhone contact custom field (made in OpenPhone's settings; the API cannot make one) that gets the customer's plan, matched by its name or key, case-insensitively. Text fields only; where the workspace has no such field the plan is not pushed. 'none' pushes no plan.",
  },
  {
    name: 'OPENPHONE_CONTACT_HOURS_FIELD',
    default: CONTACT_HOURS_FIELD_DEFAULT,
    description:
      "The OpenPhone contact custom field that gets the customer's included time left this period, from the relay's accounts, matched by name or key, case-insensitively: a number field gets hours (4.5), a text field words (4 h 30 min; Pays per call without a plan). Pushed again when a call or an adjustment of the customer changes it, through the same paced outbox as the rest of the contact. Where the workspace has no such field the time is not pushed. 'none' pushes no time.",
  },
];

export function readContactPushSettings(value: SettingReader, errors: string[]): ContactPushSettings {
  const raw = value('OPENPHONE_CONTACT_PUSH') ?? 'on';
  const enabled = raw === 'on' ? true : raw === 'off' ? false : null;
  if (enabled === null) errors.push(`OPENPHONE_CONTACT_PUSH must be on or off, got '${raw}'`);
  const field = value('OPENPHONE_CONTACT_PLAN_FIELD') ?? CONTACT_PLAN_FIELD_DEFAULT;
  if (field.length > 100) errors.push(`OPENPHONE_CONTACT_PLAN_FIELD must be a custom field's name or key (at most 100 characters), got one of ${field.length}`);
  const hours = value('OPENPHONE_CONTACT_HOURS_FIELD') ?? CONTACT_HOURS_FIELD_DEFAULT;
  if (hours.length > 100) errors.push(`OPENPHONE_CONTACT_HOURS_FIELD must be a custom field's name or key (at most 100 characters), got one of ${hours.length}`);
  return { enabled: enabled ?? true, planField: field.toLowerCase() === 'none' ? null : field, hoursField: hours.toLowerCase() === 'none' ? null : hours };
}
