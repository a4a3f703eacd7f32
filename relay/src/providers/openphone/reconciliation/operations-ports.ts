/**
 * What the reconciliation and the health check need of the relay's alert service and
 * its record of each check's last success (relay/src/alerts, relay/src/health): only
 * these calls, so either can be given in tests as the real thing.
 */
export interface OperatorAlerts {
  raise(alert: { alertId: string; message: string; severity?: 'warning' | 'critical'; lines?: readonly string[] }): Promise<unknown>;
  clear(alertId: string, message: string): Promise<boolean>;
  isOpen(alertId: string): boolean;
  /** Mails the owner a summary (no banner); false when no alert email is configured. */
  summarize(summary: { summaryId: string; message: string }): boolean;
}

export interface CheckRecords {
  recordSuccess(check: 'reconciliation' | 'health_check', at: number): void;
  recordFailure(check: 'reconciliation' | 'health_check', at: number, reason: string): void;
}
