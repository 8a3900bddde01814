/**
 * Amazon Connect, deployed: task contacts (StartTaskContact, StopContact) and users
 * (DescribeUser, SearchUsers by tags) for the executors.
 */
import {
  ConnectClient,
  ContactNotFoundException,
  DescribeUserCommand,
  ResourceNotFoundException,
  SearchUsersCommand,
  StartTaskContactCommand,
  StopContactCommand,
  type Reference,
  type User as ConnectUser,
} from '@aws-sdk/client-connect';
import type { StartTaskInput, TaskService, User, UserDirectory } from '../backends.ts';

export class ConnectTasks implements TaskService {
  constructor(private readonly client: ConnectClient) {}

  async startTask(input: StartTaskInput): Promise<{ contactId: string; created: boolean }> {
    const out = await this.client.send(
      new StartTaskContactCommand({
        InstanceId: input.instanceId,
        ContactFlowId: input.contactFlowId,
        Name: input.name,
        ...(input.description !== undefined ? { Description: input.description } : {}),
        ...(input.references ? { References: input.references as Record<string, Reference> } : {}),
        ...(input.previousContactId ? { PreviousContactId: input.previousContactId } : {}),
        ClientToken: input.clientToken,
      }),
    );
    return { contactId: out.ContactId!, created: true };
  }

  async stopContact(instanceId: string, contactId: string): Promise<{ stopped: boolean }> {
    try {
      await this.client.send(new StopContactCommand({ InstanceId: instanceId, ContactId: contactId }));
      return { stopped: true };
    } catch (err) {
      if (err instanceof ContactNotFoundException) return { stopped: false };
      throw err;
    }
  }
}

const toUser = (u: Pick<ConnectUser, 'Id' | 'Username' | 'IdentityInfo' | 'Tags'>): User => ({
  Id: u.Id!,
  Username: u.Username ?? u.Id!,
  ...(u.IdentityInfo?.Email ? { Email: u.IdentityInfo.Email } : {}),
  ...(u.Tags ? { Tags: u.Tags } : {}),
});

export class ConnectUsers implements UserDirectory {
  constructor(private readonly client: ConnectClient) {}

  async usersByIds(instanceId: string, ids: readonly string[]): Promise<User[]> {
    const out: User[] = [];
    for (const id of new Set(ids)) {
      try {
        const { User: u } = await this.client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: id }));
        if (u) out.push(toUser(u));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      }
    }
    return out;
  }

  /** SearchUsers by tags (it gives no email address), then DescribeUser of each match. */
  async usersWithTags(instanceId: string, tags: Readonly<Record<string, string>>): Promise<User[]> {
    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new SearchUsersCommand({
          InstanceId: instanceId,
          SearchFilter: { TagFilter: { AndConditions: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } },
          MaxResults: 100,
          ...(NextToken ? { NextToken } : {}),
        }),
      );
      ids.push(...(page.Users ?? []).flatMap((u) => (u.Id ? [u.Id] : [])));
      NextToken = page.NextToken;
    } while (NextToken);
    return this.usersByIds(instanceId, ids);
  }
}
