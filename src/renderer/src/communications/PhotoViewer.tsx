import { useEffect, useRef } from 'react';

/** A photo from a message, large, over the page; Escape, the button or a click outside closes it. */
export function PhotoViewer({ url, label, onClose }: { url: string; label: string; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [onClose]);
  return (
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={label} onClick={(event) => event.target === event.currentTarget && onClose()}>
      <figure className="photo-viewer__frame">
        <img src={url} alt={label} />
        <figcaption>{label}</figcaption>
      </figure>
      <button ref={closeRef} type="button" className="button photo-viewer__close" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
