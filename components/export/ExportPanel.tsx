import { useMemo, useState } from 'preact/hooks';
import { buildReport, reportJson, type ReportInput } from '../../lib/export/build-report.ts';
import { reportMarkdown } from '../../lib/export/report-markdown.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { downloadText } from '../common/download.ts';
import './export.css';

/** Export of the selected or all listed tokens as a JSON report or Markdown, redacted by default. */
export function ExportPanel({
  selected,
  all,
  now,
  onClose,
}: {
  /** The selected token's report input, if one is selected. */
  selected?: ReportInput;
  /** Every token the list shows (after the filter). */
  all(): ReportInput[];
  now: number;
  onClose(): void;
}) {
  const [scope, setScope] = useState<'selected' | 'all'>(selected ? 'selected' : 'all');
  const [format, setFormat] = useState<'json' | 'markdown'>('markdown');
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const text = useMemo(() => {
    const inputs = scope === 'selected' && selected ? [selected] : all();
    const report = buildReport(inputs, { includeSecrets, generatedAt: now });
    return format === 'json' ? reportJson(report) : reportMarkdown(report);
    // `now` is left out on purpose: the preview should not change every second.
  }, [scope, format, includeSecrets, selected, all]);
  return (
    <div class="export-panel" role="dialog" aria-label="Export tokens" data-testid="export-panel">
      <div class="form-row">
        <label>
          Tokens
          <select
            data-testid="export-scope"
            value={scope}
            onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value as 'selected' | 'all')}
          >
            <option value="selected" disabled={!selected}>
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
            onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as 'json' | 'markdown')}
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
            onChange={(e) => setIncludeSecrets((e.currentTarget as HTMLInputElement).checked)}
          />
          include signatures and secrets
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
        <button type="button" class="tool-button" onClick={onClose} aria-label="Close export">
          ✕
        </button>
      </div>
      <textarea
        class="export-preview"
        data-testid="export-preview"
        readOnly
        rows={10}
        value={text}
        spellcheck={false}
      />
    </div>
  );
}
