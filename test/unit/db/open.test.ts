import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config';
import { folderBlockingDatabaseUser } from '../../../src/db/embedded';
import { openDatabase } from '../../../src/db/open';
import { createLogger } from '../../../src/lib/logger';
import { testConfig } from '../../support/app';

// As root the embedded PostgreSQL runs as the `postgres` user; as anyone else it runs as us.
const asRoot = os.userInfo().uid === 0 ? it : it.skip;

describe('a DATA_DIR the database user cannot enter', () => {
  const closed = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-closed-'));
    fs.chmodSync(dir, 0o700);
    return dir;
  };

  asRoot('stops the start with one line naming the folder and what to do, before PostgreSQL is touched', async () => {
    const parent = closed();
    const dataDir = path.join(parent, 'data');
    const start = openDatabase(testConfig({ dataDir }), createLogger('silent'));
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(
      `DATA_DIR ${dataDir} is not reachable by the database user "postgres" (it cannot enter ${parent}): choose a folder under the project or run chmod o+x ${parent}`,
    );
    expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(false);
  });

  asRoot('names the highest closed folder, and none once it is opened', () => {
    const parent = closed();
    fs.mkdirSync(path.join(parent, 'inner'), { mode: 0o700 });
    const dir = path.join(parent, 'inner', 'data', 'pg');
    expect(folderBlockingDatabaseUser(dir)).toBe(parent);
    fs.chmodSync(parent, 0o711);
    expect(folderBlockingDatabaseUser(dir)).toBe(path.join(parent, 'inner'));
    fs.chmodSync(path.join(parent, 'inner'), 0o755);
    expect(folderBlockingDatabaseUser(dir)).toBeNull();
  });
});
