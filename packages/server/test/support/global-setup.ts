import type { TestProject } from 'vitest/node';
import { startTestCluster, type TestCluster } from '../../../../test/support/postgres.js';

let cluster: TestCluster | undefined;

/** One PostgreSQL cluster for the whole run; test files create their own databases in it. */
export async function setup(project: TestProject): Promise<void> {
  cluster = await startTestCluster();
  project.provide('postgresUrl', cluster.url());
}

export async function teardown(): Promise<void> {
  cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
