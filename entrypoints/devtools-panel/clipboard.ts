import { copyText } from '../../components/common/copy-text.ts';
import type { ClipboardWrite } from '../../components/host.ts';

/** Writes to the clipboard (the panel's one clipboard implementation). */
export const writeClipboard: ClipboardWrite = copyText;
