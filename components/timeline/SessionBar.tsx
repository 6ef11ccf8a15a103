import { CloseIcon } from '../common/icons.tsx';
import { VisibleText } from '../common/VisibleText.tsx';
import { sessionLabel, type HarSession, type SessionId } from '../state/har-sessions.ts';

/**
 * The session picker (live capture vs each opened HAR file, by file name) and the shown HAR
 * session's import state: progress with Cancel while it reads, the importer's error and what its
 * budgets dropped once it is done, and × to close it. Shown once a HAR file was opened.
 */
export function SessionBar({
  sessions,
  session,
  onSession,
  onCancel,
  onClose,
}: {
  sessions: readonly HarSession[];
  session: SessionId;
  onSession(id: SessionId): void;
  onCancel(id: string): void;
  onClose(id: string): void;
}) {
  if (sessions.length === 0) return null;
  const shown = sessions.find((h) => h.id === session);
  const pct =
    shown && shown.progress.totalBytes > 0
      ? Math.min(100, Math.floor((shown.progress.bytes / shown.progress.totalBytes) * 100))
      : 0;
  return (
    <div class="session-bar" data-testid="session-bar" data-session={session}>
      <label class="session-pick">
        <span class="visually-hidden">Session</span>
        <select
          data-testid="session-picker"
          aria-label="Session: live capture or an opened HAR file"
          value={session}
          onChange={(e) => onSession((e.currentTarget as HTMLSelectElement).value as SessionId)}
        >
          <option value="live">Live capture</option>
          {sessions.map((h) => (
            <option key={h.id} value={h.id} data-state={h.state}>
              {sessionLabel(h)}
            </option>
          ))}
        </select>
      </label>
      {shown?.state === 'reading' && (
        <>
          <progress
            class="session-progress"
            data-testid="har-progress"
            max={100}
            value={pct}
            aria-label={`Reading ${shown.name}`}
          />
          <span class="session-note" role="status">
            {pct} % · {shown.progress.entries} entries · {shown.progress.tokens} tokens
          </span>
          <button type="button" class="tool-button" data-testid="har-cancel" onClick={() => onCancel(shown.id)}>
            Cancel
          </button>
        </>
      )}
      {shown && shown.state !== 'reading' && (
        <span class="session-note" data-testid="har-status" data-state={shown.state}>
          {shown.progress.entries} entries · {shown.tokens.size} tokens · {shown.requests.size} requests
        </span>
      )}
      {shown?.error && shown.error.code !== 'har-cancelled' && (
        <span class="session-error" role="alert" data-testid="har-error" data-code={shown.error.code}>
          <VisibleText text={shown.error.message} /> ({shown.error.code}) — what was read before is kept
        </span>
      )}
      {shown?.state === 'cancelled' && (
        <span class="session-note" data-testid="har-cancelled">
          cancelled — what was read is kept
        </span>
      )}
      {shown && shown.notes.length > 0 && (
        <span class="session-note" title={shown.notes.join('\n')}>
          {shown.notes.length} note{shown.notes.length === 1 ? '' : 's'}
        </span>
      )}
      <span class="toolbar-spacer" />
      {shown && (
        <button
          type="button"
          class="tool-button"
          data-testid="har-close"
          aria-label={`Close ${shown.name}`}
          title="Close this HAR session"
          onClick={() => onClose(shown.id)}
        >
          <CloseIcon />
        </button>
      )}
    </div>
  );
}
