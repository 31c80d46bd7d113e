export { createRunActivities, type RunActivities } from './run-activities.js';
