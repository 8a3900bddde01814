/**
 * Amazon Connect ARNs as the rule language meets them: the id an ARN ends with.
 * Here, not in the engine, because the validator (grammar/catalogue/check.ts) and
 * the operators (engine/compile/operators.ts) read it the same way.
 */

/** The id of an ARN, its last `/` segment; undefined for a text that is not an ARN. */
export const idOfArn = (v: string): string | undefined => (v.startsWith('arn:') ? v.slice(v.lastIndexOf('/') + 1) || undefined : undefined);
