// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/preact';
import { useLayoutEffect } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { usePanel } from '../../../components/state/use-panel.ts';
import { memoryTransport } from '../fakes.ts';

afterEach(cleanup);

describe('usePanel', () => {
  it('re-renders a view only when the value it selects changes', () => {
    const store = new PanelStore({ transport: memoryTransport([]), clock: () => 0 });
    let renders = 0;
    function FilterEcho() {
      const text = usePanel(store, (s) => s.state.filterText);
      renders++;
      return <span data-testid="echo">{text}</span>;
    }
    render(<FilterEcho />);
    expect(renders).toBe(1);
    act(() => store.setFilter('alg:none'));
    expect(screen.getByTestId('echo').textContent).toBe('alg:none');
    expect(renders).toBe(2);
    // Other state changes leave this view alone.
    act(() => store.toggleKeys());
    act(() => store.sortBy('subject'));
    expect(renders).toBe(2);
  });

  it('sees a change made between its render and its subscription', async () => {
    const store = new PanelStore({ transport: memoryTransport([]), clock: () => 0 });
    function Echo() {
      const text = usePanel(store, (s) => s.state.filterText);
      return <span data-testid="echo">{text}</span>;
    }
    function ChangesOnLayout() {
      // Layout effects run before the passive effect in which Echo subscribes.
      useLayoutEffect(() => store.setFilter('early'), []);
      return null;
    }
    render(
      <div>
        <Echo />
        <ChangesOnLayout />
      </div>,
    );
    await waitFor(() => expect(screen.getByTestId('echo').textContent).toBe('early'));
  });
});
