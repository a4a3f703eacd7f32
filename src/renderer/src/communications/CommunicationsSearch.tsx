import { useEffect, useId, useState } from 'react';
import type { SearchHit } from '../../../shared/api/communications';
import type { RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { useApiQuery } from '../api/use-api-query';
import { splitOnMatches } from './transcript-lines';

const LIMIT = 30;
const TYPING_PAUSE_MS = 250;

/** One box over every message and call transcript; a hit opens its thread or its call. */
export function CommunicationsSearch({ client, onOpenHit }: { client: RingsideClient; onOpenHit(hit: SearchHit): void }) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const results = useApiQuery(client, 'messages.search', query === '' ? null : { query, limit: LIMIT });
  const hits = query === '' || !open ? null : results.data;
  return (
    <div
      className="comms-search"
      role="search"
      onFocus={() => setOpen(true)}
      // The results close when focus leaves the box and its results, and come back on return.
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Search messages and call transcripts
      </label>
      <input
        id={id}
        type="search"
        className="input comms-search__input"
        placeholder="Search messages and call transcripts"
        value={typed}
        onChange={(event) => {
          setTyped(event.target.value);
          setOpen(true);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setTyped('');
        }}
      />
      {results.error && query !== '' ? <p className="error">Search failed: {results.error}</p> : null}
      {hits ? (
        <div className="comms-search__results">
          {hits.length === 0 ? <p className="muted">Nothing found for “{query}”.</p> : null}
          {hits.length > 0 ? (
            <ul aria-label={`Results for ${query}`}>
              {hits.map((hit) => (
                <li key={hit.kind === 'message' ? `m:${hit.messageId}` : `t:${hit.callId}`}>
                  <button
                    type="button"
                    className="comms-search__hit"
                    onClick={() => {
                      onOpenHit(hit);
                      setTyped('');
                    }}
                  >
                    <span className="comms-search__what">
                      <span className="badge badge--quiet">{hit.kind === 'message' ? 'Message' : 'Call transcript'}</span> {hit.customerName ?? (hit.numbers.map(formatPhone).join(', ') || 'Unknown caller')} ·{' '}
                      <span className="muted">{new Date(hit.at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</span>
                    </span>
                    <span className="comms-search__snippet">
                      {splitOnMatches(hit.snippet, query).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
