import { describe, expect, it } from 'vitest';
import { matchAllowedHost, parseAllowedHosts } from '../../src/media/allowed-hosts';
import { DEFAULT_MEDIA_HOSTS } from '../../src/media/media-settings';

function hosts(raw: string) {
  const parsed = parseAllowedHosts(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.hosts;
}

describe('RELAY_MEDIA_ALLOWED_HOSTS', () => {
  it('matches a listed host on its scheme’s default port only, and any subdomain of a wildcard (never the domain itself)', () => {
    const list = hosts(DEFAULT_MEDIA_HOSTS);
    expect(matchAllowedHost(list, new URL('https://storage.googleapis.com/bucket/rec.mp3'))).toBe('listed');
    expect(matchAllowedHost(list, new URL('https://opmedia.storage.googleapis.com/rec.mp3'))).toBe('listed');
    expect(matchAllowedHost(list, new URL('https://bucket.s3.us-east-1.amazonaws.com/rec.mp3'))).toBe('listed');
    expect(matchAllowedHost(list, new URL('https://s3.us-west-2.amazonaws.com/bucket/rec.mp3'))).toBe('listed');
    expect(matchAllowedHost(list, new URL('https://bucket.s3.amazonaws.com/rec.mp3'))).toBe('listed');
    expect(matchAllowedHost(list, new URL('https://amazonaws.com/rec.mp3'))).toBeNull();
    // Anyone can rent an EC2 server with a name under amazonaws.com: not a media host.
    expect(matchAllowedHost(list, new URL('https://ec2-54-12-34-56.compute-1.amazonaws.com/rec.mp3'))).toBeNull();
    expect(matchAllowedHost(list, new URL('https://evil.us-east-1.elb.amazonaws.com/rec.mp3'))).toBeNull();
    expect(matchAllowedHost(list, new URL('https://storage.googleapis.com:8443/rec.mp3'))).toBeNull();
    expect(matchAllowedHost(list, new URL('https://storage.googleapis.com.evil.example/rec.mp3'))).toBeNull();
    expect(matchAllowedHost(list, new URL('https://evilstorage.googleapis.com/rec.mp3'))).toBeNull();
  });

  it('calls only an exact host:port entry exact, the one kind that may resolve to a private address', () => {
    const list = hosts('127.0.0.1:9000, Media.Example.com:8443, [::1]:9001, *.example.net:444');
    expect(matchAllowedHost(list, new URL('http://127.0.0.1:9000/a'))).toBe('exact');
    expect(matchAllowedHost(list, new URL('http://127.0.0.1:9001/a'))).toBeNull();
    expect(matchAllowedHost(list, new URL('https://media.example.com:8443/a'))).toBe('exact');
    expect(matchAllowedHost(list, new URL('http://[0:0::1]:9001/a'))).toBe('exact');
    expect(matchAllowedHost(list, new URL('https://a.example.net:444/a'))).toBe('listed');
  });

  it('refuses entries that are not host names or host:port', () => {
    for (const bad of ['http://storage.googleapis.com', 'storage.googleapis.com/path', '*.com', '*', 'a:b:c', 'host:0', 'host:65536', '*.127.0.0.1', '999.1.1.1', '[::1']) {
      expect(parseAllowedHosts(bad).ok, bad).toBe(false);
    }
    expect(parseAllowedHosts('').ok).toBe(true);
  });
});
