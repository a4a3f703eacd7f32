/**
 * The path and query of a request target, without `new URL()` (which throws on `//`
 * and resolves absolute-form targets against their own host). Only origin-form
 * (`/path?query`) is served; anything else is null and answered 400.
 */
export interface RequestTarget {
  pathname: string;
  /** The raw query string without `?`; '' when there is none. */
  query: string;
}

export function parseRequestTarget(target: string | undefined): RequestTarget | null {
  if (target === undefined || target.charCodeAt(0) !== 0x2f /* / */) return null;
  const mark = target.indexOf('?');
  const pathEnd = mark === -1 ? target.length : mark;
  const hash = target.indexOf('#');
  if (hash !== -1) return null;
  return { pathname: target.slice(0, pathEnd), query: mark === -1 ? '' : target.slice(mark + 1) };
}
