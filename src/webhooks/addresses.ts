import dns from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { fail, type Result } from '../lib/results';

/**
 * Where a webhook may go: http(s) to a host whose every address is public. Checked when an endpoint
 * is saved and again before each delivery (the name may have been pointed elsewhere since), so a
 * merchant cannot make the server call its own database or the cloud metadata address.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<Result<{ url: URL }>> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refused('Enter a full address, like https://example.com/hooks.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refused('The address must start with https://.');
  if (url.username || url.password) return refused('Leave user names and passwords out of the address.');
  if (allowPrivate) return { ok: true, url };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return refused(`The name ${host} could not be found.`);
  }
  const inside = addresses.find((a) => ipaddr.process(a).range() !== 'unicast');
  if (inside) return refused(`${host} is a private or local address (${inside}); webhooks go to public addresses.`);
  return { ok: true, url };
}

const refused = (message: string) => fail('address_refused', message);
