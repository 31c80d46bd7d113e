/** Every activity the simulation worker registers. */
export { simulateMinimal } from './simulate-minimal.js';
