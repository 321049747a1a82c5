export * from './assignment-rules.js';
export * from './permissions.js';
