import { describe } from 'vitest';
import { scenarioRepositoryContract } from '../support/scenario-repository-contract.js';
import { tempStore } from '../support/temp-store.js';

describe('saved scenarios on the file result store', () => {
  scenarioRepositoryContract(tempStore);
});
