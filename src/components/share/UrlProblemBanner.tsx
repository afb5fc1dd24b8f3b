/**
 * What was wrong with the link this page was opened from (cut short, edited, a model with errors),
 * on every view, under the header: links open on the home view, and a message shown only on Build
 * left a student with a broken link looking at the default network, never told why. A strip in the
 * page's flow, so it covers nothing (the home view's picture gives up the height); dismissible.
 */
import { useAppStore } from '../../store';
import './share.css';

export function UrlProblemBanner() {
  const problem = useAppStore((s) => s.urlProblem);
  const dismiss = useAppStore((s) => s.setUrlProblem);
  if (!problem) return null;
  return (
    <div className="banner banner--warn url-banner" role="alert" data-testid="url-banner">
      <p className="url-banner__text">
        <span aria-hidden="true">⚠ </span>
        {problem}
      </p>
      <button type="button" className="button button--ghost button--small url-banner__dismiss" onClick={() => dismiss(null)} data-testid="url-banner-dismiss" aria-label="Dismiss the message about the link">
        Dismiss
      </button>
    </div>
  );
}
