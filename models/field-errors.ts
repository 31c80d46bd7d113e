/**
 * zod's issues as the field errors every layer reports: the API's problem `errors[]` entries, the
 * worker's 'invalid scenario' failure, the CLI's lines, the importer's and the scenario store's
 * messages. One place turns an issue's path into a JSON pointer and keeps zod's message, which
 * already carries bedcast's wording (zod-messages.ts) and hints for likely slips (input-hints.ts,
 * applied by the schema itself), so a bad field reads the same wherever it is validated.
 */
import type { z } from 'zod';
import { pointerOf } from './json-pointer.js';

/** One field a request or document got wrong: where (a JSON pointer into it) and why. */
export interface FieldError {
  /** JSON pointer, e.g. /scenario/bedPolicy/targetOccupancy, or /overrides/~1bedPolicy~1targetOccupancy. */
  pointer: string;
  detail: string;
}

/** A failed parse's issues, or the error holding them. */
export type ValidationIssues = z.ZodError | readonly z.core.$ZodIssue[];

/** Each issue at its own pointer, under `under` (where the validated document sits in the request). */
export function fieldErrors(issues: ValidationIssues, under = ''): FieldError[] {
  const list = 'issues' in issues ? issues.issues : issues;
  return list.map((issue) => ({ pointer: `${under}${pointerOf(issue.path)}`, detail: issue.message }));
}

/**
 * "/bedPolicy/targetOccupancy: must be at most 1", the document itself named `root`: for a message
 * that must say which field it means without a pointer of its own beside it (a failure message,
 * a CLI line) or where the pointer blames something else (the override a bad field lies under).
 */
export function fieldErrorLine(error: FieldError, root = '(scenario)'): string {
  return `${error.pointer || root}: ${error.detail}`;
}

/**
 * Each issue charged to the pointer `blame` picks for its own (an override, the preset), with
 * its own pointer kept in the detail so the message still names the field.
 */
export function blamedFieldErrors(issues: ValidationIssues, blame: (pointer: string) => string): FieldError[] {
  return fieldErrors(issues).map((error) => ({ pointer: blame(error.pointer), detail: fieldErrorLine(error) }));
}
