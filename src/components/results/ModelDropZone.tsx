/**
 * Drop a model file anywhere on the page to open it: while files are dragged over the window a
 * full-page hint says what will happen; dropping model files (see MODEL_FILE_PATTERN) opens them as
 * the current model. Drops that other parts of the page handle themselves (an image on the drawing
 * input) or that carry no model file are left alone.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { MODEL_FILE_PATTERN, openModelFiles } from '../../store/modelFileBridge';
import './model-drop.css';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function ModelDropZone() {
  const [dragging, setDragging] = useState(false);
  const [opening, setOpening] = useState(false);
  const training = useAppStore((s) => s.runState === 'running' || s.runState === 'paused');

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (event: DragEvent) => {
      // Without this the browser opens the dropped file itself instead of handing it to the page.
      if (carriesFiles(event) && !event.defaultPrevented) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (event.defaultPrevented) return;
      const files = [...(event.dataTransfer?.files ?? [])].filter((f) => MODEL_FILE_PATTERN.test(f.name));
      if (files.length === 0) return;
      event.preventDefault();
      if (useAppStore.getState().runState === 'running') {
        useAppStore.getState().setLibraryMessage('Stop or pause the run before opening another model.', true);
        return;
      }
      setOpening(true);
      void openModelFiles(files).finally(() => setOpening(false));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!dragging && !opening) return null;
  return (
    <div className="model-drop" role="status" aria-live="polite" data-testid="model-drop">
      <p className="model-drop__text">
        {opening
          ? 'Opening the model…'
          : training
            ? 'Stop the run first, then drop the model here.'
            : 'Drop a Keras .keras or .h5 file, a model.json with its .bin, Keras JSON or TFANN notation to open it.'}
      </p>
    </div>
  );
}
