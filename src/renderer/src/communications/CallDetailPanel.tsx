import { useId, useState } from 'react';
import type { CallDetail } from '../../../shared/api/communications';
import type { RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { useApiQuery } from '../api/use-api-query';
import { useNow } from '../time/use-now';
import { answeredByText, callDurationText, callProviderName, callStatusText } from './call-words';
import { lineLabel } from './line-words';
import { AudioPlayer } from './MediaPlayer';
import { dayTimeWords } from '../time/time-words';
import { isUnsure, transcriptNotes } from './transcript-notes';
import { shownTranscript, splitOnMatches } from './transcript-lines';
import { CallNotes } from '../call-notes/CallNotes';

/** One call in full: who, when, how long, the recordings and voicemail to play, the transcript, summary and next steps. */
export function CallDetailPanel({ client, callId, onClose }: { client: RingsideClient; callId: string; onClose(): void }) {
  const detail = useApiQuery(client, 'communications.callDetail', { callId });
  const titleId = useId();
  return (
    <section className="comms-detail" aria-labelledby={titleId} data-testid="call-detail">
      {detail.error ? (
        <p className="error" role="alert">
          Could not load this call: {detail.error}
        </p>
      ) : null}
      {detail.data === null && !detail.error ? <p className="muted">Loading…</p> : null}
      {detail.data ? <CallDetailBody client={client} detail={detail.data} titleId={titleId} onClose={onClose} /> : null}
    </section>
  );
}

function CallDetailBody({ client, detail, titleId, onClose }: { client: RingsideClient; detail: CallDetail; titleId: string; onClose(): void }) {
  const { call } = detail;
  const now = useNow();
  const who = call.customerName ?? formatPhone(call.number);
  return (
    <>
      <header className="comms-detail__header">
        <div>
          <h2 id={titleId}>{who}</h2>
          <p className="muted">
            {call.customerName ? `${formatPhone(call.number)} · ` : ''}
            {call.direction === 'incoming' ? 'to' : 'from'} {lineLabel(call.businessNumber, call.lineName)} ·{' '}
            {callProviderName(call.callId) ? `via ${callProviderName(call.callId)} · ` : ''}
            {dayTimeWords(call.startedAt)}
          </p>
        </div>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <dl className="comms-facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="call-detail-status">{callStatusText(call)}</dd>
        </div>
        <div>
          <dt>Talk time</dt>
          <dd>{callDurationText(call, now)}</dd>
        </div>
        <div>
          <dt>Answered by</dt>
          <dd>{answeredByText(call) || '—'}</dd>
        </div>
      </dl>

      {detail.aiAgent ? (
        <p className="comms-ai-agent" data-testid="call-detail-ai-agent">
          {detail.aiAgent}
        </p>
      ) : null}

      {detail.summary.length > 0 || detail.nextSteps.length > 0 ? (
        <div className="comms-summary" data-testid="call-summary">
          {detail.summary.length > 0 ? (
            <section>
              <h3>Summary</h3>
              <ul>
                {detail.summary.map((point, index) => (
                  <li key={index}>{point}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {detail.nextSteps.length > 0 ? (
            <section>
              <h3>Next steps</h3>
              <ul>
                {detail.nextSteps.map((step, index) => (
                  <li key={index}>{step}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}

      <CallNotes client={client} callId={call.callId} />

      {detail.recordings.length > 0 ? (
        <section className="comms-section">
          <h3>{detail.recordings.length === 1 ? 'Recording' : 'Recordings'}</h3>
          {detail.recordings.map((recording, index) => (
            <AudioPlayer
              key={recording.mediaId}
              client={client}
              media={recording}
              label={detail.recordings.length === 1 ? 'Call recording' : `Call recording ${index + 1}`}
            />
          ))}
        </section>
      ) : null}

      {detail.voicemail ? (
        <section className="comms-section" data-testid="call-voicemail">
          <h3>Voicemail</h3>
          <AudioPlayer client={client} media={detail.voicemail} label="Voicemail" />
          {detail.voicemail.transcript ? <blockquote className="comms-voicemail-text">{detail.voicemail.transcript}</blockquote> : null}
        </section>
      ) : null}

      {detail.transcript.length > 0 ? <Transcript detail={detail} /> : <TranscriptInstead detail={detail} />}
      {detail.transcript.length === 0 && detail.recordings.length === 0 && !detail.voicemail && detail.summary.length === 0 && !detail.transcriptInfo && !detail.transcriptionFailure ? (
        <p className="muted">No recording, transcript or summary for this call.</p>
      ) : null}
    </>
  );
}

/** A call with no transcript lines: no speech found, or why none could be made; nothing when neither. */
function TranscriptInstead({ detail }: { detail: CallDetail }) {
  const notes = transcriptNotes(detail);
  if (notes.instead === null) return null;
  return (
    <section className="comms-section" aria-label="Transcript" data-testid="call-transcript-notes">
      <h3>Transcript</h3>
      {notes.by !== null ? <p className="muted">{notes.by}</p> : null}
      <p className={notes.by === null ? 'comms-transcript-failure' : 'muted'}>{notes.instead}</p>
    </section>
  );
}

function Transcript({ detail }: { detail: CallDetail }) {
  const [query, setQuery] = useState('');
  const searchId = useId();
  const lines = shownTranscript(detail.transcript, detail.call, query);
  const notes = transcriptNotes(detail);
  // The relay's transcriber does not tell speakers apart: no "Unknown speaker" on every line.
  const unnamed = detail.transcriptInfo?.by === 'ringside';
  return (
    <section className="comms-section" aria-label="Transcript">
      <div className="comms-section__head">
        <div className="comms-transcript__title">
          <h3>Transcript</h3>
          {notes.by !== null ? (
            <p className="hint comms-transcript__by" data-testid="call-transcript-by">
              {notes.by}
            </p>
          ) : null}
        </div>
        <label htmlFor={searchId} className="visually-hidden">
          Search the transcript
        </label>
        <input id={searchId} type="search" className="input" placeholder="Search the transcript" value={query} onChange={(event) => setQuery(event.target.value)} />
      </div>
      {notes.warning !== null ? (
        <p className="comms-transcript-warning" role="note" data-testid="call-transcript-warning">
          {notes.warning}
        </p>
      ) : null}
      {lines.length === 0 ? <p className="muted">Nothing in the transcript matches “{query.trim()}”.</p> : null}
      <ol className="transcript" data-testid="call-transcript">
        {lines.map((line) => (
          <li
            key={line.index}
            className={`${line.ours ? 'transcript__line transcript__line--ours' : 'transcript__line'}${isUnsure(detail.transcript[line.index]?.confidence) ? ' transcript__line--unsure' : ''}`}
            title={isUnsure(detail.transcript[line.index]?.confidence) ? 'These words may be wrong: the audio was hard to make out here.' : undefined}
          >
            <span className="transcript__meta">
              {unnamed && line.speaker === 'Unknown speaker' ? null : <strong>{line.speaker}</strong>} <time className="muted">{line.at}</time>
              {isUnsure(detail.transcript[line.index]?.confidence) ? <span className="muted"> · may be wrong</span> : null}
            </span>
            <span className="transcript__text">
              {splitOnMatches(line.text, query).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
