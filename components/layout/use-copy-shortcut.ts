import { useEffect, useRef } from 'preact/hooks';

/** Ctrl+C / Cmd+C copies the selected token when no text is selected and no field has focus. */
export function useCopyShortcut(copy: () => boolean): void {
  const copyRef = useRef(copy);
  copyRef.current = copy;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'c') return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if ((document.getSelection()?.toString() ?? '') !== '') return;
      if (copyRef.current()) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
