import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isPlainTextToAnotherComputer, relayOrigin } from './relay-address';

describe('where a console may send its device token', () => {
  it('treats localhost, all of 127.0.0.0/8 and ::1 as this computer, and nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '127.255.255.255', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['relay.example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '[::ffff:7f00:1]', '0.0.0.0']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('refuses plain http and ws to another computer, however the address is spelled', () => {
    for (const url of ['http://relay.example.com', 'ws://relay.example.com:8787', 'http://192.168.1.20:8787', 'HTTP://Relay.Example.com/ringside', 'http://127.0.0.1.nip.io']) {
      expect(isPlainTextToAnotherComputer(url), url).toBe(true);
    }
    for (const url of ['https://relay.example.com', 'wss://relay.example.com', 'http://127.0.0.1:8787', 'ws://localhost:8787', 'http://[::1]:8787', 'http://127.1:8787', 'http://0x7f000001/']) {
      expect(isPlainTextToAnotherComputer(url), url).toBe(false);
    }
  });

  it('counts ws and http (wss and https) of the same host and port as one origin, and a path as no difference', () => {
    expect(relayOrigin('wss://relay.example.com/ringside')).toBe(relayOrigin('https://relay.example.com:443/other'));
    expect(relayOrigin('ws://127.0.0.1:8787')).toBe(relayOrigin('http://127.0.0.1:8787/'));
    expect(relayOrigin('https://relay.example.com')).not.toBe(relayOrigin('https://relay.example.com:8443'));
    expect(relayOrigin('http://localhost:8787')).not.toBe(relayOrigin('https://localhost:8787'));
    expect(relayOrigin('https://relay.example.com')).not.toBe(relayOrigin('https://evil.example.com'));
  });
});
