import { useEffect, useState } from 'preact/hooks';

/**
 * False on the first render, true once the browser has painted it (a timer queued from the next
 * animation frame runs after that frame's style, layout and paint). A view draws its top first and
 * the rest in a second, separate task: opening a token's detail is two short main-thread tasks,
 * not one long one, and a selection that moves on before the paint never draws the rest.
 * In a hidden panel (no frames) the rest waits until the panel is shown.
 */
export function useAfterPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return painted;
}
