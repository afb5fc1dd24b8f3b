/** The "Your data" view: the stored datasets on the left, the one being made beside them. */
import { ErrorBoundary } from '../common/ErrorBoundary';
import { DatasetMaker } from './DatasetMaker';
import { MyDatasets } from './MyDatasets';
import './ownData.css';

export function OwnDataPage() {
  return (
    <div className="own-page">
      <div className="own-page__list">
        <ErrorBoundary view="Your datasets">
          <MyDatasets />
        </ErrorBoundary>
      </div>
      <div className="own-page__maker">
        <ErrorBoundary view="Make your own dataset">
          <DatasetMaker />
        </ErrorBoundary>
      </div>
    </div>
  );
}
