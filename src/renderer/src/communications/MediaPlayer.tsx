import type { MediaRef } from '../../../shared/api/communications';
import type { RingsideClient } from '../../../shared/api/contract';
import { formatClock } from '../../../shared/units';
import { useMediaUrl } from './use-media-url';

/** An audio player for a recording or voicemail, fetched when shown. */
export function AudioPlayer({ client, media, label }: { client: RingsideClient; media: MediaRef; label: string }) {
  const { url, problem } = useMediaUrl(client, media);
  return (
    <div className="media-player">
      <span className="media-player__label">
        {label}
        {media.durationSeconds !== null ? <span className="muted"> · {formatClock(media.durationSeconds)}</span> : null}
      </span>
      {url ? <audio controls preload="metadata" src={url} aria-label={label} /> : null}
      {!url && !problem ? <span className="muted">{media.state === 'pending' ? 'Still being saved…' : 'Loading…'}</span> : null}
      {problem ? <span className="muted">{problem}</span> : null}
    </div>
  );
}
