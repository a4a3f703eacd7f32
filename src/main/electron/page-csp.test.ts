import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config';
import { APP_CSP, APP_META_CSP, RENDERER_CSP } from '../harness/content-security-policy';

const repo = resolve(__dirname, '../../..');

describe("the Electron pages' CSP meta tag", () => {
  const metaTags = (): HtmlTagDescriptor[] | undefined => {
    const plugins = (config.renderer?.plugins ?? []).flat() as Plugin[];
    const cspPlugin = plugins.find((plugin) => plugin?.name === 'ringside-app-csp-meta');
    return (cspPlugin?.transformIndexHtml as (() => HtmlTagDescriptor[]) | undefined)?.();
  };

  it('comes from the build, from APP_CSP less frame-ancestors, before anything else in the head', () => {
    expect(metaTags()).toEqual([{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: APP_META_CSP }, injectTo: 'head-prepend' }]);
    expect(APP_META_CSP).toBe(APP_CSP.replace("; frame-ancestors 'none'", ''));
  });

  it('leaves frame-ancestors, which a browser ignores in a meta tag (logging an error on each load), to the app:// and harness headers', () => {
    const content = String(metaTags()?.[0]?.attrs?.content);
    expect(content).not.toContain('frame-ancestors');
    expect(content).toContain("script-src 'self'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
  });

  it('is not written into the source pages, where a looser copy could ride along', () => {
    for (const page of ['index.html', 'card.html']) {
      const html = readFileSync(resolve(repo, 'src/renderer', page), 'utf8');
      expect(html, page).not.toMatch(/http-equiv="Content-Security-Policy"/i);
      expect(html, page).not.toContain('ws://');
    }
  });

  it('shows recordings and message photos from blob: URLs the page makes, and from no other host', () => {
    for (const policy of [APP_CSP, APP_META_CSP, RENDERER_CSP]) {
      const directives = new Map(policy.split('; ').map((directive) => [directive.split(' ')[0], directive] as const));
      expect(directives.get('img-src')).toBe("img-src 'self' data: blob:");
      expect(directives.get('media-src')).toBe("media-src 'self' blob:");
    }
  });
});
