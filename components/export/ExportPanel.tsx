import { CloseIcon } from '../common/icons.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { downloadText } from '../common/download.ts';
import type { ExportOptions } from '../state/panel-store.ts';
import './export.css';

/** Export of the selected or all listed tokens as a JSON report or Markdown, redacted by default. */
export function ExportPanel({
  options,
  hasSelected,
  text,
  onOptions,
  onClose,
  harText,
}: {
  options: ExportOptions;
  /** A token is selected, so "Selected token" can be chosen. */
  hasSelected: boolean;
  /** The report as chosen (the store builds it). */
  text: string;
  onOptions(patch: Partial<ExportOptions>): void;
  onClose(): void;
  /** The shown session's token-carrying requests as HAR text (the "Download HAR" button is shown when given). */
  harText?: () => string;
}) {
  const { format, includeSecrets, includeForged } = options;
  const scope = options.scope === 'selected' && hasSelected ? 'selected' : 'all';
  return (
    <div class="export-panel" role="dialog" aria-label="Export tokens" data-testid="export-panel">
      <div class="form-row">
        <label>
          Tokens
          <select
            data-testid="export-scope"
            value={scope}
            onChange={(e) => onOptions({ scope: (e.currentTarget as HTMLSelectElement).value as 'selected' | 'all' })}
          >
            <option value="selected" disabled={!hasSelected}>
              Selected token
            </option>
            <option value="all">All listed tokens</option>
          </select>
        </label>
        <label>
          Format
          <select
            data-testid="export-format"
            value={format}
            onChange={(e) => onOptions({ format: (e.currentTarget as HTMLSelectElement).value as 'json' | 'markdown' })}
          >
            <option value="markdown">Markdown (bug ticket)</option>
            <option value="json">JSON report</option>
          </select>
        </label>
        <label class="tool-check" title="Off by default: a report with signatures lets anyone replay the tokens">
          <input
            type="checkbox"
            data-testid="export-include-secrets"
            checked={includeSecrets}
            onChange={(e) => onOptions({ includeSecrets: (e.currentTarget as HTMLInputElement).checked })}
          />
          include signatures and secrets
        </label>
        <label class="tool-check" title="Off by default: tokens made in the workbench are forgeries, not traffic">
          <input
            type="checkbox"
            data-testid="export-include-forged"
            checked={includeForged === true}
            onChange={(e) => onOptions({ includeForged: (e.currentTarget as HTMLInputElement).checked })}
          />
          include forged tokens
        </label>
        <span class="toolbar-spacer" />
        <CopyButton text={text} label="report" />
        <button
          type="button"
          class="tool-button bordered"
          data-testid="export-download"
          onClick={() =>
            downloadText(
              `jwt-lens-report.${format === 'json' ? 'json' : 'md'}`,
              text,
              format === 'json' ? 'application/json' : 'text/markdown',
            )
          }
        >
          Download
        </button>
        {harText && (
          <button
            type="button"
            class="tool-button bordered"
            data-testid="export-har"
            title="The token-carrying requests as a HAR file; tokens lose their signatures and cookies and credentials are redacted unless “include signatures and secrets” is ticked"
            onClick={() => downloadText('jwt-lens-requests.har', harText(), 'application/json')}
          >
            Download HAR
          </button>
        )}
        <button type="button" class="tool-button" onClick={onClose} aria-label="Close export">
          <CloseIcon />
        </button>
      </div>
      <textarea
        class="export-preview"
        data-testid="export-preview"
        aria-label="Report preview"
        readOnly
        rows={10}
        value={text}
        spellcheck={false}
      />
    </div>
  );
}
