import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where Flutterwave sends the customer back. It says what happens next and credits nothing: a browser can forge its query. */
export const THANK_YOU_PATH = '/payments/thank-you';

export function thankYouPage(_req: IncomingMessage, res: ServerResponse): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Thank you</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Thank you</h1><p>If you completed the payment, it is being confirmed with Flutterwave and will show on your account in a few moments. You can close this page.</p>
<p>If you cancelled, nothing was charged.</p></body></html>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end(body);
}
