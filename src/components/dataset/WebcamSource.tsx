/**
 * The webcam, Teachable-Machine style: the live picture, what the network will see of it (centre
 * square, 28×28 grey or 32×32 colour), and one "hold to record" button per class that adds a frame
 * every 150 ms while it is held (mouse, touch, or Space / Enter held on the keyboard). Denied or
 * missing cameras say so and what to do instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomDataset } from '../../engine/data/customDataset';
import { addClassImages } from '../../store/customDatasets';
import { cameraMessage } from './cameraMessage';
import { reduceFrame } from './pictureDecode';
import { drawImage } from './ImageThumb';

const CAPTURE_MS = 150;

export function WebcamSource({ dataset }: { dataset: CustomDataset }) {
  const video = useRef<HTMLVideoElement | null>(null);
  const preview = useRef<HTMLCanvasElement | null>(null);
  const scratch = useRef<HTMLCanvasElement | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const [state, setState] = useState<'off' | 'starting' | 'on'>('off');
  const [problem, setProblem] = useState<string | null>(null);
  const [recording, setRecording] = useState<number | null>(null);
  const [captured, setCaptured] = useState(0);
  const shape = { height: dataset.height, width: dataset.width, channels: dataset.channels };
  const shapeKey = `${shape.height}x${shape.width}x${shape.channels}`;

  const stop = useCallback(() => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    setState('off');
  }, []);
  useEffect(() => stop, [stop]);

  const start = async () => {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('This browser gives the page no camera (it needs a secure https:// or localhost address). Add pictures from files or the pad instead.');
      return;
    }
    setState('starting');
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 320 }, height: { ideal: 240 } }, audio: false });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play().catch(() => undefined);
      }
      setState('on');
    } catch (error) {
      setState('off');
      setProblem(cameraMessage(error));
    }
  };

  const frame = useCallback((): Uint8Array | null => {
    const v = video.current;
    if (!v || !scratch.current || v.videoWidth === 0) return null;
    const [h, w, c] = shapeKey.split('x').map(Number);
    return reduceFrame(v, v.videoWidth, v.videoHeight, { height: h, width: w, channels: c as 1 | 3 }, scratch.current);
  }, [shapeKey]);

  // The live preview of what the network will see, a few times a second.
  useEffect(() => {
    if (state !== 'on') return;
    const timer = setInterval(() => {
      const image = frame();
      const [h, w, c] = shapeKey.split('x').map(Number);
      if (image && preview.current) drawImage(preview.current, image, { height: h, width: w, channels: c as 1 | 3 });
    }, 200);
    return () => clearInterval(timer);
  }, [state, frame, shapeKey]);

  // While a button is held: a frame every CAPTURE_MS, saved in batches (one write a second).
  useEffect(() => {
    if (recording === null) return;
    let batch: Uint8Array[] = [];
    const flush = () => {
      addClassImages(recording, batch);
      batch = [];
    };
    const grab = setInterval(() => {
      const image = frame();
      if (image) {
        batch.push(image);
        setCaptured((n) => n + 1);
      }
    }, CAPTURE_MS);
    const save = setInterval(flush, 1000);
    return () => {
      clearInterval(grab);
      clearInterval(save);
      flush();
    };
  }, [recording, frame]);

  const hold = (classIndex: number) => ({
    onPointerDown: (event: React.PointerEvent) => {
      event.preventDefault();
      (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
      setCaptured(0);
      setRecording(classIndex);
    },
    onPointerUp: () => setRecording(null),
    onPointerCancel: () => setRecording(null),
    onLostPointerCapture: () => setRecording(null),
    onKeyDown: (event: React.KeyboardEvent) => {
      if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
        event.preventDefault();
        setCaptured(0);
        setRecording(classIndex);
      }
    },
    onKeyUp: (event: React.KeyboardEvent) => {
      if (event.key === ' ' || event.key === 'Enter') setRecording(null);
    },
    onBlur: () => setRecording(null),
    onContextMenu: (event: React.MouseEvent) => event.preventDefault(),
  });

  return (
    <div className="own-source own-webcam" data-testid="own-webcam">
      <div className="own-source__view">
        <video ref={video} className="own-webcam__video" muted playsInline hidden={state !== 'on'} aria-label="The webcam's live picture" />
        {state === 'on' && (
          <figure className="own-source__preview">
            <canvas ref={preview} className="own-thumb own-thumb--large" role="img" aria-label="What the network will see of the webcam picture" data-testid="own-webcam-preview" />
            <figcaption className="panel__note">What the network sees</figcaption>
          </figure>
        )}
        <canvas ref={scratch} hidden />
      </div>
      {state !== 'on' ? (
        <button type="button" className="button" onClick={() => void start()} disabled={state === 'starting'} data-testid="own-webcam-start">
          {state === 'starting' ? 'Starting the webcam…' : 'Start the webcam'}
        </button>
      ) : (
        <div className="own-source__targets" role="group" aria-label="Record webcam pictures into a class">
          {dataset.classNames.map((name, c) => (
            <button
              key={c}
              type="button"
              className={`button own-hold${recording === c ? ' own-hold--on' : ''}`}
              aria-pressed={recording === c}
              data-testid={`own-hold-${c}`}
              {...hold(c)}
            >
              {recording === c ? `Recording “${name}”: ${captured}` : `Hold to record “${name}”`}
            </button>
          ))}
          <button type="button" className="button button--ghost" onClick={stop}>
            Stop the webcam
          </button>
        </div>
      )}
      {problem && (
        <p className="banner banner--warn" role="alert" data-testid="own-webcam-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
