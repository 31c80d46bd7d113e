/**
 * The scenario as a named OpenAPI component (components.schemas.Scenario) with an example: the
 * scenario schema lives in models/, which knows nothing of OpenAPI, so its name and example are
 * registered here, on the same schema instance the routes use (zod's global registry is what the
 * document generator reads). Imported by api/app.ts before any route is declared.
 */
import { z } from 'zod';
import { smallHospital } from '../models/presets/small-hospital.js';
import { scenarioSchema } from '../models/scenario.js';

if (!z.globalRegistry.has(scenarioSchema))
  z.globalRegistry.add(scenarioSchema, {
    id: 'Scenario',
    description:
      'A hospital system to simulate: sites and their beds (and bed pools), admission streams, growth, the bed policy, and the options to compare. At most 1 MiB as JSON.',
    examples: [smallHospital.scenario],
  });
