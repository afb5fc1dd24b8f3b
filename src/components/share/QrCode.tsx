/**
 * A link as a QR code on a canvas (the `qrcode` package). Drawn at a fixed resolution with a quiet
 * zone, scaled by CSS with crisp pixels, so the same canvas works small in the dialog and across a
 * projector screen. Error correction M: a smudged or partly covered code still reads.
 */
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';

const CANVAS_PX = 720;

export function QrCode({ text, className, testId, label }: { text: string; className?: string; testId?: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    QRCode.toCanvas(element, text, { errorCorrectionLevel: 'M', margin: 4, width: CANVAS_PX, color: { dark: '#000000', light: '#ffffff' } }).then(
      () => {
        // qrcode sets the canvas's CSS size to its 720 pixels; the stylesheet sizes it (small in the
        // dialog, most of the screen full-screen), so those inline sizes must go.
        element.style.removeProperty('width');
        element.style.removeProperty('height');
        setProblem(null);
      },
      (error: unknown) => setProblem(`The link is too long for a QR code (${error instanceof Error ? error.message : String(error)}).`),
    );
  }, [text]);
  return (
    <>
      <canvas ref={canvas} className={className} data-testid={testId} role="img" aria-label={label} width={CANVAS_PX} height={CANVAS_PX} />
      {problem && (
        <p className="share-qr__problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
