/**
 * The client side of the contact queries: the categories criterion, which Connect's
 * SearchCriteria does not have (this project's extension, README "Find what the
 * rules did"), added to the body the real SDK serialises. The SDK drops members its
 * model does not know, so it is added after serialisation, before the content
 * length is computed.
 */
import type { ConnectClient } from '@aws-sdk/client-connect';

export interface CategoryCriterion {
  readonly Categories: readonly string[];
  readonly MatchType?: 'MATCH_ALL' | 'MATCH_ANY';
}

/** Makes every SearchContacts of `client` also ask for `criterion` (`SearchCriteria.ContactCategories`). */
export function withContactCategories(client: ConnectClient, criterion: CategoryCriterion): ConnectClient {
  client.middlewareStack.add(
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
    { step: 'build', priority: 'high', name: 'connectRulesContactCategories' },
  );
  return client;
}
