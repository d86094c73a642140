import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createDb } from '../../../src/db/knex';
import { URL_FILE } from '../../support/paths';

const ROOT = path.join(__dirname, '..', '..', '..');
const ROUNDS = 10;
const AT_ONCE = 2;

interface Started {
  child: ChildProcess;
  /** The port once "ready" was logged; rejects with the process's output when it exits first. */
  ready: Promise<number>;
}

/** `node dist/src/server.js` on `url`, as a container would run it (compiled once in beforeAll). */
function start(url: string): Started {
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: url,
      SEED_DEMO: '1',
      SESSION_SECRET: 'first-start-secret-0123456789',
      PORT: '0',
      RUN_JOBS: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d) => output.push(String(d)));
  const ready = new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.includes('Continuity Desk is ready')) resolve(JSON.parse(line).port);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${output.join('\n')}`)));
  });
  return { child, ready };
}

function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('several containers on their first start', () => {
  const serverUrl = () => fs.readFileSync(URL_FILE, 'utf8');
  const admin = () => createDb(serverUrl(), { max: 1 });

  beforeAll(() => {
    // The compiled app, as `npm start` runs it: also correct on a fresh clone and after source edits.
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }, 60_000);

  /** One empty database, two processes started at the same moment, then what they left behind. */
  async function round(server: ReturnType<typeof admin>, name: string): Promise<void> {
    await server.raw(`CREATE DATABASE "${name}"`);
    const url = serverUrl().replace(/\/postgres$/, `/${name}`);
    const both = [start(url), start(url)];
    try {
      const ports = await Promise.all(both.map((p) => p.ready));
      for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await Promise.all(both.map(stop));
    }
    const db = createDb(url, { max: 1 });
    try {
      expect(await db('users').orderBy('email').pluck('email')).toEqual([
        'agent@example.com',
        'lead@example.com',
        'owner@example.com',
      ]);
      const [{ n, distinct }] = await db('knex_migrations').select(
        db.raw('count(*)::int AS n, count(DISTINCT name)::int AS distinct'),
      );
      expect(n).toBe(distinct);
    } finally {
      await db.destroy();
      await server.raw(`DROP DATABASE "${name}" WITH (FORCE)`);
    }
  }

  it(`two processes started together on one empty database both come up and seed once (${ROUNDS} times)`, async () => {
    const server = admin();
    const names = Array.from({ length: ROUNDS }, (_, i) => `t_first_start_${process.pid}_${i}`);
    try {
      // Rounds use separate databases (advisory locks are per database); two at a time use both
      // cores of a small machine while one round waits on PostgreSQL.
      for (let i = 0; i < names.length; i += AT_ONCE) {
        await Promise.all(names.slice(i, i + AT_ONCE).map((name) => round(server, name)));
      }
    } finally {
      await server.destroy();
    }
  }, 240_000);
});
