/**
 * The relay's recurring checks whose last success operators watch in /healthz and /metrics
 * (ringside_check_last_success_timestamp_seconds{check}). A check not run yet reads null.
 */
export const CHECK_NAMES = ['token_refresh', 'reconciliation', 'health_check', 'directory_sync', 'media_capture', 'alert_email', 'alert_sms', 'history_import', 'contact_push', 'backup'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
