/**
 * Writes text to the clipboard: the async Clipboard API, else a hidden textarea and
 * execCommand('copy') (DevTools panel frames may deny the async API). Resolves false when refused.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    const focused = document.activeElement as HTMLElement | null;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    focused?.focus?.();
    return ok;
  }
}
