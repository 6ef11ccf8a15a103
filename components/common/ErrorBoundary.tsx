import { Component, type ComponentChildren } from 'preact';

/** Props of {@link ErrorBoundary}: what it guards and how it names it. */
export interface ErrorBoundaryProps {
  /** What the guarded view shows, for the message ("token list", "token detail"). */
  what: string;
  /** When this changes (e.g. another token is selected) the view is tried again. */
  resetKey?: unknown;
  children?: ComponentChildren;
}

interface ErrorBoundaryState {
  error?: unknown;
  resetKey?: unknown;
}

/**
 * Catches an error thrown while rendering one view and shows what failed in its place, so one bad
 * token never blanks the rest of the panel; selecting something else tries the view again.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = {};

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): Partial<ErrorBoundaryState> {
    if (props.resetKey !== state.resetKey) return { resetKey: props.resetKey, error: undefined };
    return {};
  }

  override componentDidCatch(error: unknown): void {
    this.setState({ error });
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return (
      <div class="error-boundary" role="alert" data-testid="error-boundary">
        <p>
          The {this.props.what} could not be shown: {text.slice(0, 300)}
        </p>
        <button type="button" class="tool-button bordered" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
