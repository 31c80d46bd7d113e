// Every export here becomes a workflow type, so export workflow functions only.
export { simulationWorkflow } from './simulation.js';
