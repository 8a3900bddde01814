/**
 * Where a live real-time session's contact attributes come from when no contact record
 * the pipeline stored tells them (a CTR comes only after the contact; contact events
 * carry none). AWS (admin guide, rules-task-contact-attributes): "Contact attributes are
 * retrieved at the beginning of the real-time contact analysis session and whatever is
 * retrieved at that time is used for rule evaluation during the whole session."
 * Deployed, Connect's GetContactAttributes (connect-attributes.ts); the local stage,
 * replay, serve and backtest have none, and the attributes stay not yet known until a
 * record tells them (segments.ts).
 */
export interface ContactAttributesSource {
  /**
   * The contact's user-defined attributes as Connect holds them now, by the contact's
   * initial contact (a transferred contact's first one, else the contact itself);
   * rejects when Connect did not answer.
   */
  attributes(instanceId: string, initialContactId: string): Promise<Readonly<Record<string, string>>>;
}
