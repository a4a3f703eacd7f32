import { describe, expect, it } from 'vitest';
import { EXTERNAL_URL_HOSTS, externalUrlToOpen } from './external-url';

const packaged = { hosts: EXTERNAL_URL_HOSTS, allowLoopbackHttp: false };
const development = { hosts: EXTERNAL_URL_HOSTS, allowLoopbackHttp: true };

describe('what the app opens in the system browser', () => {
  it("opens Intuit's consent page over https", () => {
    const url = externalUrlToOpen('https://appcenter.intuit.com/connect/oauth2?client_id=abc&state=xyz', packaged);
    expect(url?.toString()).toBe('https://appcenter.intuit.com/connect/oauth2?client_id=abc&state=xyz');
  });

  it('refuses any other host, http, another port, credentials and other schemes', () => {
    for (const raw of [
      'http://appcenter.intuit.com/connect/oauth2',
      'https://appcenter.intuit.com.evil.example/connect',
      'https://evil.example/?next=https://appcenter.intuit.com',
      'https://intuit.com/',
      'https://appcenter.intuit.com:8443/connect',
      'https://user:pw@appcenter.intuit.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://appcenter.intuit.com/share',
      'not a url',
      '',
    ]) {
      expect(externalUrlToOpen(raw, packaged), raw).toBeNull();
      expect(externalUrlToOpen(raw, development), raw).toBeNull();
    }
  });

  it("opens the QuickBooks emulator's page on this computer only when plain http to it is allowed", () => {
    expect(externalUrlToOpen('http://127.0.0.1:8790/connect/oauth2', development)).not.toBeNull();
    expect(externalUrlToOpen('http://127.0.0.2:8790/connect/oauth2', development)).not.toBeNull();
    expect(externalUrlToOpen('http://localhost:8790/connect/oauth2', development)).not.toBeNull();
    expect(externalUrlToOpen('http://[::1]:8790/connect/oauth2', development)).not.toBeNull();
    expect(externalUrlToOpen('http://127.0.0.1:8790/connect/oauth2', packaged)).toBeNull();
    expect(externalUrlToOpen('http://192.168.1.5:8790/connect/oauth2', development)).toBeNull();
    expect(externalUrlToOpen('http://evil.example/connect', development)).toBeNull();
  });
});
