/**
 * The requirement catalogue: every requirement ID of every spec module.
 * @module
 */
import type { Requirement } from './kernel/requirement.js';

/** All requirements, in catalogue order (filled in as modules land). */
export const allRequirements: Requirement[] = [];
