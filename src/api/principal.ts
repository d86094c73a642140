import type { SessionUser } from '../auth/service';
import type { ApiKeyRow } from './keys';

/**
 * The services take a `SessionUser`; an API call passes this principal instead, shaped like one:
 * the key's name is the actor's name, `apiKeyId` makes `actorOf` record an `api_key` actor and
 * `userIdOf` write no users row as author. Its role is the least one (`agent`): what the key may do
 * is decided by its scopes before a service is called, and role-only extras (such as giving a
 * credit memo) stay closed to it.
 */
export const principalOf = (key: ApiKeyRow): SessionUser => ({
  id: 0,
  email: '',
  name: key.name,
  role: 'agent',
  isOwner: false,
  mustChangePassword: false,
  apiKeyId: key.id,
});
