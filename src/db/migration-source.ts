import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { projectRoot } from '../lib/paths';

/**
 * Migrations are recorded by name without extension, so the compiled `.js` files (npm start) and
 * the `.ts` sources (tsx, jest) agree on what has run.
 */
export function migrationSource(): Knex.MigrationSource<string> {
  const dir = path.join(compiledOrSourceRoot(), 'migrations');
  return {
    async getMigrations() {
      return fs
        .readdirSync(dir)
        .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
        .map((f) => f.replace(/\.(ts|js)$/, ''))
        .sort();
    },
    getMigrationName: (name) => name,
    getMigration: async (name) => {
      const file = fs.existsSync(path.join(dir, `${name}.js`)) ? `${name}.js` : `${name}.ts`;
      return require(path.join(dir, file));
    },
  };
}

/** dist/ when running compiled code, the project root when running TypeScript directly. */
export function compiledOrSourceRoot(): string {
  return __filename.endsWith('.js') ? path.join(projectRoot, 'dist') : projectRoot;
}
