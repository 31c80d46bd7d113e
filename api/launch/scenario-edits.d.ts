// Types for scenario-edits.js, the launch page's pure part (plain browser JavaScript), so the
// unit tests can call it from TypeScript.
export declare function escapeSegment(segment: string | number): string;
export declare function pointerOf(path: readonly (string | number)[]): string;
export declare function segmentsOf(pointer: string): string[];
export declare function valueAt(document: unknown, pointer: string): unknown;
export declare function setAt(document: unknown, pointer: string, value: unknown): void;
export declare function overridesBetween(base: unknown, edited: unknown, limit?: number): Record<string, unknown>;
export declare function locateError(error: {
  pointer?: string;
  detail?: string;
}):
  | { scenario: string; message: string; request?: undefined }
  | { request: string; message: string; scenario?: undefined };
export declare function plainMessage(message: string): string;
