/**
 * What the Lambda bundles hold in place of `@smithy/core/event-streams` where the
 * SDK's protocols load it for an operation with an event stream
 * (build/smithy-event-streams.ts). No operation the functions send has one (the
 * test of that plugin checks every client they hold); one that did fails here.
 */

/** An operation with an event stream reached code built without event-stream support. */
export class EventStreamsNotPackagedError extends Error {
  constructor() {
    super(
      'This operation sends or receives an event stream, but the Lambda bundles leave @smithy/core/event-streams out of the SDK protocols ' +
        '(build/smithy-event-streams.ts): take the plugin out to send it',
    );
    this.name = new.target.name;
  }
}

export function eventStreamSerdeProvider(): never {
  throw new EventStreamsNotPackagedError();
}

export class EventStreamSerde {
  constructor() {
    throw new EventStreamsNotPackagedError();
  }
}
