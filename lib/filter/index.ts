// The token list's filter: grammar, subject and matcher (re-exports only).
export * from './parse-filter.ts';
export * from './filter-subject.ts';
export * from './match-filter.ts';
