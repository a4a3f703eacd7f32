import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOTICE_KIND_NAMES } from '../../../src/shared/notices/notice-kinds';
import { UNSUBSCRIBE_PATH_PREFIX } from '../../../src/shared/relay-rest/notices';
import type { Handler, RequestContext } from '../http/request-context';
import type { Unsubscribes } from './unsubscribes';

/**
 * /notices/unsubscribe/<token>: the link at the foot of each reminder. GET shows a plain page
 * with one button (a mail scanner that opens links unsubscribes no one); POST unsubscribes,
 * from that button or from the mail program itself (RFC 8058 one-click: List-Unsubscribe-Post
 * sends `List-Unsubscribe=One-Click`, whatever the body, the token is what counts). A token the
 * relay did not sign is a plain 404 page and counts as a failed authentication.
 */

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}h1{font-size:1.6rem;line-height:1.25}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:1px solid #444;background:#1f4f8f;color:#fff}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** No script, no request anywhere but this page's own form. */
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, title: string, inner: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${inner}</body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}

export function unsubscribeRoute(deps: { unsubscribes: Unsubscribes; business: string; clock: () => number }): Partial<Record<string, Handler>> {
  // Without RELAY_BUSINESS_NAME the page names no sender rather than "from us".
  const from = deps.business === '' ? '' : ` from ${escapeHtml(deps.business)}`;
  const tokenOf = (context: RequestContext) => {
    const named = deps.unsubscribes.verify(context.pathname.slice(UNSUBSCRIBE_PATH_PREFIX.length));
    if (named === null) context.authenticationFailed();
    return { named };
  };
  const notFound = (res: ServerResponse): void =>
    page(res, 404, 'Link not recognised', '<p>This unsubscribe link is not one we sent, or it was copied only in part. Open the link from the message again, or reply to the message and ask us to stop.</p>');
  return {
    GET: (_req: IncomingMessage, res: ServerResponse, context: RequestContext) => {
      const { named } = tokenOf(context);
      if (named === null) return notFound(res);
      const what = NOTICE_KIND_NAMES[named.kind].toLowerCase();
      if (deps.unsubscribes.isUnsubscribed(named.customerId, named.kind)) {
        return page(res, 200, 'You are unsubscribed', `<p>You no longer get ${escapeHtml(what)} messages${from}.</p>`);
      }
      page(
        res,
        200,
        `Stop ${what} messages?`,
        `<p>Press the button to stop getting ${escapeHtml(what)} messages${from}. Invoices and messages you ask for still come.</p><form method="post"><button type="submit">Unsubscribe</button></form>`,
      );
    },
    POST: (req: IncomingMessage, res: ServerResponse, context: RequestContext) => {
      // The body (List-Unsubscribe=One-Click, or the form's nothing) is not needed: the token says who and what.
      req.resume();
      const { named } = tokenOf(context);
      if (named === null) return notFound(res);
      deps.unsubscribes.unsubscribe(named.customerId, named.kind, new Date(deps.clock()).toISOString());
      const what = NOTICE_KIND_NAMES[named.kind].toLowerCase();
      page(res, 200, 'You are unsubscribed', `<p>You will no longer get ${escapeHtml(what)} messages${from}. If this was a mistake, ask ${escapeHtml(deps.business === '' ? 'whoever sent them' : deps.business)} to turn them back on.</p>`);
    },
  };
}
