/**
 * The base of every error that describes bad input from a user (a function, a file,
 * an event, a command-line argument, an endpoint), whatever layer throws it: front ends
 * show its message and go on (`instanceof UserError`), anything else is a bug with a
 * stack trace. It is a part of its own, below every other (it imports nothing), so
 * that grammar/ and storage/, neither of which may import the other, both extend it.
 */
export class UserError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
