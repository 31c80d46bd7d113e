/**
 * bedcast's wording for zod's generic messages, set once for every schema (imported by
 * models/scenario.ts, which every validating path loads): a field left out reads "required: a
 * number, missing here" rather than zod's "Invalid input: expected number, received undefined".
 * Every other message is zod's own or the schema's.
 */
import { z } from 'zod';

z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined)
      return `required: ${article(issue.expected)}, missing here`;
    return undefined;
  },
});

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
