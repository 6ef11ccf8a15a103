export * from './messages.ts';
export * from './validate.ts';
