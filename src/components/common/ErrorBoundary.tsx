/**
 * Keeps a bug in one view from blanking the page: React unmounts the whole tree when a render throws,
 * and with it every unsaved result. Around each view (each tab, each column of the main screen) this
 * boundary shows what broke, in that view only, with a button to draw it again; the store, the
 * worker and the run carry on untouched, so the rest of the page and the trained model stay.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** The view's name, as the page calls it ("Build & train", "Results"). */
  view: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console keeps the component stack for whoever reports the bug.
    console.error(`The “${this.props.view}” view failed:`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="banner banner--error view-error" role="alert" data-testid="view-error" data-view={this.props.view}>
        <p>
          <strong>The “{this.props.view}” view stopped working</strong> ({error.message.slice(0, 200)}).
        </p>
        <p>
          The rest of the page, the trained model and any running training are unaffected. Draw this view again, or
          reload the page if it keeps failing (save the model first).
        </p>
        <button type="button" className="button" onClick={this.retry} data-testid="view-error-retry">
          Draw it again
        </button>
      </div>
    );
  }
}
