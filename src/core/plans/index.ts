export { readPlan, MAX_UNIT_AMOUNT } from './parse-plan.js';
export * from './plan.js';
export { PRESET_IDS, PRESETS } from './presets.js';
