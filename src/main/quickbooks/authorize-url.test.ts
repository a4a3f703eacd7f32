import { describe, expect, it } from 'vitest';
import { authorizeUrlToOpen } from './authorize-url';

describe('which consent URLs the console opens in the browser', () => {
  it("opens Intuit's https consent page", () => {
    expect(authorizeUrlToOpen('https://appcenter.intuit.com/connect/oauth2?client_id=a&state=b', { allowLoopbackHttp: false })?.hostname).toBe('appcenter.intuit.com');
  });

  it('opens plain http only to this machine, and only for a sandbox company', () => {
    expect(authorizeUrlToOpen('http://127.0.0.1:8790/connect/oauth2', { allowLoopbackHttp: true })).not.toBeNull();
    expect(authorizeUrlToOpen('http://localhost:8790/connect/oauth2', { allowLoopbackHttp: true })).not.toBeNull();
    expect(authorizeUrlToOpen('http://127.0.0.1:8790/connect/oauth2', { allowLoopbackHttp: false })).toBeNull();
    expect(authorizeUrlToOpen('http://evil.example/connect', { allowLoopbackHttp: true })).toBeNull();
  });

  it('refuses other schemes, credentials and strings that are not URLs', () => {
    for (const raw of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@appcenter.intuit.com/', 'not a url', '']) {
      expect(authorizeUrlToOpen(raw, { allowLoopbackHttp: true }), raw).toBeNull();
    }
  });
});
