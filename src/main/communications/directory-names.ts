/**
 * The names a receptionist reads instead of provider ids, as SQL expressions for the
 * reads: resolved when read, so a directory synced later (provider.directory_synced) or a
 * line named later (line.defined) names every call and text already shown. Each is one
 * primary-key or index seek.
 */

/** A workspace user's name by their provider id (OpenPhone `US…`), else NULL: never the id itself. */
export function userNameSql(userId: string): string {
  return `(SELECT u.name FROM provider_users u WHERE u.provider_user_id = ${userId} ORDER BY u.updated_seq DESC LIMIT 1)`;
}

/**
 * Who answered a call: a workspace user's name (userNameSql), else the number or SIP address
 * that answered, which Twilio's dialled legs name (a receptionist can read those), else NULL.
 */
export function answeredByNameSql(answeredBy: string): string {
  return `COALESCE(${userNameSql(answeredBy)}, CASE WHEN ${answeredBy} GLOB '+[1-9]*' OR ${answeredBy} GLOB 'sip:*' OR ${answeredBy} GLOB 'sips:*' THEN ${answeredBy} END)`;
}

/** A line's name: the provider's, else the one an admin gave it, else NULL. */
export function lineNameSql(number: string): string {
  return `(SELECT COALESCE(l.synced_name, l.defined_name) FROM business_lines l WHERE l.number_e164 = ${number})`;
}
