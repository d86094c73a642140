/**
 * How a note names a colleague: `@` and their name with dots for spaces (`@ava.agent`), or their first
 * name alone (`@ava`) when no other active colleague shares it. An `@` inside a word (an email address)
 * is not a mention. Pure: the service hands it the active users.
 */
export interface Colleague {
  id: number;
  name: string;
}

const MENTION = /(?<![\w.@])@([a-z][\w.'-]*[\w])/gi;

export const fullHandle = (name: string) => name.trim().toLowerCase().replace(/\s+/g, '.');
const firstName = (name: string) => name.trim().toLowerCase().split(/\s+/)[0];

/** Each colleague's handles: the full one always, the first name when it names only them. */
export function handles(colleagues: Colleague[]): Map<string, Colleague> {
  const map = new Map<string, Colleague>();
  const firstCount = new Map<string, number>();
  for (const c of colleagues) firstCount.set(firstName(c.name), (firstCount.get(firstName(c.name)) ?? 0) + 1);
  for (const c of colleagues) {
    map.set(fullHandle(c.name), c);
    if (firstCount.get(firstName(c.name)) === 1 && !map.has(firstName(c.name))) map.set(firstName(c.name), c);
  }
  return map;
}

/** The colleagues a note mentions (each once), and the handles that name nobody. */
export function findMentions(body: string, colleagues: Colleague[]): { mentioned: Colleague[]; unknown: string[] } {
  const byHandle = handles(colleagues);
  const mentioned = new Map<number, Colleague>();
  const unknown: string[] = [];
  for (const [, raw] of body.matchAll(MENTION)) {
    const found = byHandle.get(raw.toLowerCase());
    if (found) mentioned.set(found.id, found);
    else if (!unknown.includes(raw)) unknown.push(raw);
  }
  return { mentioned: [...mentioned.values()], unknown };
}
