import { describe, expect, it } from 'vitest';
import { runRelayCli } from '../../../tests/support/relay-process';
import { parseRelaySettings } from '../../src/config';

describe('media settings', () => {
  it('default to the documented values', () => {
    const parsed = parseRelaySettings({});
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.settings.media).toMatchObject({
      maxBytes: 26_214_400,
      downloadTimeoutMs: 300_000,
      retry: { baseMs: 2000, capMs: 300_000, alertAfterAttempts: 5, alertAfterMs: 600_000, slowMs: 1_800_000 },
    });
    expect(parsed.settings.media.allowedHosts.map((host) => `${host.wildcard ? '*.' : ''}${host.host}`)).toEqual([
      'storage.googleapis.com',
      '*.storage.googleapis.com',
      's3.amazonaws.com',
      '*.s3.amazonaws.com',
      ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].flatMap((region) => [`s3.${region}.amazonaws.com`, `*.s3.${region}.amazonaws.com`]),
      'storage.vapi.ai',
    ]);
  });

  it('refuse a bad value naming the setting', () => {
    const cases: [string, string][] = [
      ['RELAY_MEDIA_MAX_BYTES', '25MB'],
      ['RELAY_MEDIA_ALLOWED_HOSTS', 'https://storage.googleapis.com'],
      ['RELAY_MEDIA_DOWNLOAD_TIMEOUT_SECONDS', '0'],
      ['RELAY_MEDIA_RETRY_BASE_MS', '-1'],
      ['RELAY_MEDIA_ALERT_AFTER_ATTEMPTS', '0'],
      ['RELAY_MEDIA_ALERT_AFTER_SECONDS', 'ten'],
      ['RELAY_MEDIA_SLOW_RETRY_MS', '1'],
    ];
    for (const [name, value] of cases) {
      const parsed = parseRelaySettings({ [name]: value });
      expect(parsed.ok, name).toBe(false);
      if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(name);
    }
    const inverted = parseRelaySettings({ RELAY_MEDIA_RETRY_BASE_MS: '5000', RELAY_MEDIA_RETRY_CAP_MS: '1000' });
    expect(inverted.ok ? [] : inverted.errors).toEqual(['RELAY_MEDIA_RETRY_CAP_MS (1000) must be at least RELAY_MEDIA_RETRY_BASE_MS (5000)']);
  });

  it('stop the real relay at start-up with exit code 2 when one is bad', async () => {
    const run = await runRelayCli(['serve'], { RELAY_DATA_DIR: '/nonexistent-never-created', RELAY_MEDIA_ALLOWED_HOSTS: 'storage.googleapis.com/recordings' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('RELAY_MEDIA_ALLOWED_HOSTS');
  });
});
