/**
 * One class of the dataset being made: its name, how many images it has (and how many are kept for
 * testing), the newest of them as the network will see them, and ways to add more: pick pictures,
 * or drop pictures on the card.
 */
import { useState } from 'react';
import { type ClassFlag, type CustomDataset, imageBytes, testCountFor } from '../../engine/data/customDataset';
import { addFiles, deleteClass, deleteImage, renameClass } from '../../store/customDatasets';
import { droppedFiles } from './droppedFiles';
import { ImageThumb } from './ImageThumb';

const SHOWN = 36;

export function ClassCard({ dataset, classIndex, flags }: { dataset: CustomDataset; classIndex: number; flags: ClassFlag[] }) {
  const [over, setOver] = useState(false);
  const name = dataset.classNames[classIndex];
  const size = imageBytes(dataset);
  const indices: number[] = [];
  dataset.labels.forEach((label, i) => label === classIndex && indices.push(i));
  const shown = indices.slice(-SHOWN).reverse();
  const shape = { height: dataset.height, width: dataset.width, channels: dataset.channels };
  const testCount = testCountFor(indices.length, dataset.testFraction);

  return (
    <li
      className={`own-class${over ? ' own-class--over' : ''}${flags.length ? ' own-class--flagged' : ''}`}
      data-testid={`own-class-${classIndex}`}
      data-count={indices.length}
      onDragOver={(event) => {
        event.preventDefault();
        event.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        event.stopPropagation();
        setOver(false);
        void droppedFiles(event.dataTransfer).then((files) => addFiles(classIndex, files.map((f) => f.file)));
      }}
    >
      <header className="own-class__header">
        <input
          className="own-class__name"
          value={name}
          onChange={(event) => renameClass(classIndex, event.target.value)}
          aria-label={`Name of class ${classIndex + 1}`}
          maxLength={40}
          data-testid={`own-class-name-${classIndex}`}
        />
        <span className="own-class__count" data-testid={`own-class-count-${classIndex}`}>
          {indices.length} image{indices.length === 1 ? '' : 's'}
          {testCount ? ` (${testCount} for testing)` : ''}
        </span>
      </header>
      <div className="own-class__thumbs" role="list" aria-label={`The newest images of “${name}”, as the network sees them`}>
        {shown.map((i) => (
          <span role="listitem" key={i}>
            <ImageThumb pixels={dataset.images.subarray(i * size, (i + 1) * size)} shape={shape} label={`Image ${i + 1} of “${name}”`} />
          </span>
        ))}
        {indices.length === 0 && <p className="panel__note">Drop pictures here, pick them, draw them or record them with the webcam.</p>}
      </div>
      {flags.map((flag) => (
        <p key={flag.message} className="own-class__flag" role="status" data-testid={`own-class-flag-${classIndex}`}>
          ⚠ {flag.message}
        </p>
      ))}
      <div className="own-class__tools">
        <label className="button">
          Add pictures…
          <input
            type="file"
            multiple
            accept="image/*,.svg"
            className="visually-hidden"
            data-testid={`own-files-${classIndex}`}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              void addFiles(classIndex, files);
            }}
          />
        </label>
        <button type="button" className="button button--ghost" onClick={() => deleteImage(indices[indices.length - 1])} disabled={indices.length === 0}>
          Remove newest
        </button>
        <button type="button" className="button button--ghost" onClick={() => deleteClass(classIndex)} disabled={dataset.classNames.length <= 2} aria-label={`Remove class “${name}” and its images`}>
          Remove class
        </button>
      </div>
    </li>
  );
}
