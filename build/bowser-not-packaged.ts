/**
 * What the Lambda bundles hold in place of `bowser`, which the AWS SDK's browser
 * User-Agent provider loads to read a browser's name (build/sdk-browser-user-agent.ts).
 * Node's clients take the Node provider; code that reached this one fails here.
 */

/**
 * The SDK's browser User-Agent provider ran in a Lambda bundle. A class of its own, not one
 * shared with the other stand-ins: a module imported by this lazy chunk and by the bundle
 * would become a chunk of its own that the bundle loads at init.
 */
export class BrowserUserAgentNotPackagedError extends Error {
  constructor() {
    super("The AWS SDK's browser User-Agent provider ran, but the Lambda bundles leave bowser out (build/sdk-browser-user-agent.ts): take the plugin out to run it");
    this.name = new.target.name;
  }
}

export function parse(): never {
  throw new BrowserUserAgentNotPackagedError();
}
