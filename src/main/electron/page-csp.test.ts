import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config';
import { APP_CSP } from '../harness/content-security-policy';

const repo = resolve(__dirname, '../../..');

describe("the Electron pages' CSP meta tag", () => {
  it('comes from the build, from APP_CSP, before anything else in the head', async () => {
    const plugins = (config.renderer?.plugins ?? []).flat() as Plugin[];
    const cspPlugin = plugins.find((plugin) => plugin?.name === 'ringside-app-csp-meta');
    const transform = cspPlugin?.transformIndexHtml as (() => HtmlTagDescriptor[]) | undefined;
    expect(transform?.()).toEqual([{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: APP_CSP }, injectTo: 'head-prepend' }]);
  });

  it('is not written into the source pages, where a looser copy could ride along', () => {
    for (const page of ['index.html', 'card.html']) {
      const html = readFileSync(resolve(repo, 'src/renderer', page), 'utf8');
      expect(html, page).not.toMatch(/http-equiv="Content-Security-Policy"/i);
      expect(html, page).not.toContain('ws://');
    }
  });
});
