/**
 * What the emulated workspace does with the webhooks its activity would send: all on
 * (OpenPhone's normal), a chosen one dropped (the fact is in the REST API but its webhook
 * never sent, as a missed delivery leaves it), or all off (webhooks disabled in
 * OpenPhone's settings, or the relay's URL wrong there). Shared by the live activity
 * (live-webhooks.ts) and the REST API's sends (rest-api.ts), so a test flips one switch.
 */
export class WebhookSwitch {
  private on = true;
  private readonly toDrop = new Set<string>();
  /** Every webhook not sent, as `<type> <object id>`, in order. */
  readonly withheld: string[] = [];

  /** Nothing is sent until turned on again. */
  turnOff(): void {
    this.on = false;
  }

  turnOn(): void {
    this.on = true;
  }

  /** The next webhook of this type about this object (a call or message id) is not sent. */
  drop(type: string, objectId: string): void {
    this.toDrop.add(`${type} ${objectId}`);
  }

  /** Whether this webhook goes out; a dropped one is dropped once. */
  allows(type: string, objectId: string): boolean {
    const key = `${type} ${objectId}`;
    if (this.on && !this.toDrop.delete(key)) return true;
    this.withheld.push(key);
    return false;
  }
}
