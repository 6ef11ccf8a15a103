// Reports on tokens for bug tickets, redacted by default (re-exports only).
export * from './redact.ts';
export * from './build-report.ts';
export * from './report-markdown.ts';
