import type { Deps } from '../deps';

export interface RunningJobs {
  stop(): void;
  /** Resolves when no job is in the middle of a run. */
  idle(): Promise<void>;
}

/** One line per recurring job, each calling a domain function. Jobs arrive with their issues. */
export function startJobs(_deps: Deps): RunningJobs {
  return { stop() {}, idle: async () => {} };
}
