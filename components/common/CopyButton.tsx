import { useState } from 'preact/hooks';
import { copyText } from './copy-text.ts';

/** A small "Copy" button with feedback. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      class="copy-button"
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      onClick={async () => {
        setDone((await copyText(text)) ? 'copied' : 'failed');
        setTimeout(() => setDone('idle'), 1200);
      }}
    >
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
