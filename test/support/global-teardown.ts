export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __pg?: { stop(): Promise<void> } }).__pg;
  await pg?.stop();
  (globalThis as { __stripe?: { close(): void } }).__stripe?.close();
}
