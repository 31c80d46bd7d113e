/**
 * Typed keys for the search attributes in models/temporal-contract.ts, for the workflow (which
 * upserts the status) and the API (which sets both at start and lists by them). They need the
 * Temporal SDK, so they live here rather than in models/, which stays free of it.
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

export const SCENARIO_KEY = defineSearchAttributeKey('BedcastScenario', SearchAttributeType.KEYWORD);
export const STATUS_KEY = defineSearchAttributeKey('BedcastStatus', SearchAttributeType.KEYWORD);
