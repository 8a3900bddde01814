/**
 * The client side of the contact queries: the categories criterion, which Connect's
 * SearchCriteria does not have (this project's extension, README "Find what the
 * rules did"), added to the body the real SDK serialises. The SDK drops members its
 * model does not know, so it is added after serialisation, before the content
 * length is computed.
 */

/** The request of the build step, as the SDK's HTTP handler takes it. */
type BuildHandler = (args: { request: unknown }) => Promise<unknown>;
/** The one overload of the SDK's `middlewareStack.add` used here (a build-step middleware). */
interface BuildStack {
  add(middleware: (next: BuildHandler, context: { commandName?: string }) => BuildHandler, options: { step: 'build'; priority: 'high'; name: string }): void;
  remove(name: string): boolean;
}

/**
 * What of an SDK client this needs, written out rather than imported, so the
 * package's declarations name no SDK module; a `ConnectClient` fits it as it is
 * (`never`: any `add`, as the SDK's is overloaded per step).
 */
export interface ClientWithMiddleware {
  readonly middlewareStack: { add(middleware: never, options: never): void; remove(name: string): boolean };
}

export interface CategoryCriterion {
  readonly Categories: readonly string[];
  readonly MatchType?: 'MATCH_ALL' | 'MATCH_ANY' | 'MATCH_NONE';
}

const MIDDLEWARE = 'connectRulesContactCategories';

/**
 * Makes every later SearchContacts of `client` also ask for `criterion`
 * (`SearchCriteria.ContactCategories`); a second call replaces the first's criterion
 * (the stack refuses two middlewares of one name). The client is the caller's: the
 * library bundle does not carry the SDK.
 */
export function withContactCategories<C extends ClientWithMiddleware>(client: C, criterion: CategoryCriterion): C {
  const stack = client.middlewareStack as unknown as BuildStack;
  stack.remove(MIDDLEWARE);
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SearchContactsCommand') return next(args);
      const request = args.request as { body?: string | Uint8Array; headers: Record<string, string> };
      const text = typeof request.body === 'string' ? request.body : request.body ? new TextDecoder().decode(Uint8Array.from(request.body)) : '{}';
      const body = JSON.parse(text) as { SearchCriteria?: Record<string, unknown> };
      body.SearchCriteria = { ...body.SearchCriteria, ContactCategories: criterion };
      request.body = JSON.stringify(body);
      delete request.headers['content-length'];
      return next(args);
    },
    { step: 'build', priority: 'high', name: MIDDLEWARE },
  );
  return client;
}
