import { useEffect, useState } from 'react';
import type { MediaRef } from '../../../shared/api/communications';
import type { RingsideClient } from '../../../shared/api/contract';

export interface MediaUrl {
  /** A blob: URL of the content while the component shows it; null until fetched. */
  url: string | null;
  /** Plain words when the media cannot be shown (not yet copied, gone). */
  problem: string | null;
}

/**
 * Fetches a recording, voicemail or photo from the console (`media.fetch`) and shows
 * it through a blob: URL, released when the component goes or the media changes. The
 * page's CSP allows media and images from blob: and nowhere else.
 */
export function useMediaUrl(client: RingsideClient, media: Pick<MediaRef, 'mediaId' | 'state'>): MediaUrl {
  const [shown, setShown] = useState<MediaUrl>({ url: null, problem: null });
  const { mediaId, state } = media;
  useEffect(() => {
    let cancelled = false;
    let url: string | null = null;
    // The relay gave up on it (a host it may not download from, too large…): only the provider's link is left.
    if (state === 'provider_only') {
      setShown({ url: null, problem: 'The relay could not save this file, so it cannot be shown here.' });
      return;
    }
    setShown({ url: null, problem: null });
    client.invoke('media.fetch', { mediaId }).then(
      (content) => {
        if (cancelled) return;
        if (!content.available) {
          setShown({ url: null, problem: content.reason });
          return;
        }
        url = URL.createObjectURL(new Blob([bytesOf(content.data)], { type: content.contentType }));
        setShown({ url, problem: null });
      },
      (error: unknown) => {
        if (!cancelled) setShown({ url: null, problem: `Could not load it: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
    // The state is in the dependencies so media captured after the panel opened is fetched again.
  }, [client, mediaId, state]);
  return shown;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
