/**
 * Sharing in the builder: "Copy link" copies the compact URL that opens exactly this setup (spec,
 * dataset, hyper-parameters, seed, view, explorer setup, lesson step; the header's Share dialog adds
 * the classroom option and the QR code). What was wrong with the link the page was opened from is
 * said on every view (../share/UrlProblemBanner).
 */
import { useState } from 'react';
import { useAppStore } from '../../store';
import { currentShareUrl } from '../../store/urlState';
import { useControlShown } from '../share/Hideable';
import { ShareButton } from '../share/ShareDialog';

export function ShareLinkButton() {
  const [status, setStatus] = useState<string | null>(null);
  const [fallbackUrl, setFallbackUrl] = useState<string | null>(null);
  const shown = useControlShown('share');
  const copy = (): void => {
    const url = currentShareUrl(useAppStore.getState());
    const done = (ok: boolean): void => {
      setStatus(ok ? 'Link copied' : 'Copy the link below');
      setFallbackUrl(ok ? null : url);
      if (ok) window.setTimeout(() => setStatus(null), 2500);
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(url).then(() => done(true), () => done(false));
    else done(false);
  };
  if (!shown) return null;
  return (
    <span className="share-link">
      <ShareButton />
      <button type="button" className="button button--ghost button--small" data-testid="copy-link" aria-label="Copy link" onClick={copy} title="Copy a link that opens this exact model, dataset and settings">
        Link
      </button>
      <span className="share-link__status" role="status" data-testid="copy-link-status">
        {status}
      </span>
      {fallbackUrl ? (
        <input className="share-link__url" readOnly value={fallbackUrl} aria-label="Link to this setup" onFocus={(event) => event.target.select()} data-testid="share-url" />
      ) : null}
    </span>
  );
}
