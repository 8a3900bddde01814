/**
 * What the trace, the log and replay's report say of a rule held back for a contact
 * that began before the rule was published (engine/rules/new-contacts.ts). A module of
 * its own so the CLI's start (replay's report) loads the words without the date checks.
 */
export const BEGAN_BEFORE_PUBLISHED = 'NOT EVALUATED: the contact began before the rule was published';
