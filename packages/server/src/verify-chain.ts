#!/usr/bin/env node
import { loadConfig } from './config.js';
import { openStorage } from './storage/database.js';
import { verifyStream } from './storage/event-log.js';

/**
 * `pnpm --filter @jiefen/server verify-chain <caseNumber|consultationNumber>`: recompute a trail's hash
 * chain against the configured database. Exit code 0 when intact, 1 when broken, 2 when not found.
 */
async function main(): Promise<number> {
  const number = process.argv[2];
  if (!number) {
    process.stderr.write('usage: verify-chain <caseNumber>\n');
    return 2;
  }
  const storage = await openStorage(loadConfig().database);
  try {
    const row =
      (await storage.db
        .selectFrom('cases')
        .select(['last_seq', 'head_hash'])
        .where('case_number', '=', number)
        .executeTakeFirst()) ??
      (await storage.db
        .selectFrom('consultations')
        .select(['last_seq', 'head_hash'])
        .where('consultation_number', '=', number)
        .executeTakeFirst());
    if (!row) {
      process.stderr.write(`${number}: not found\n`);
      return 2;
    }
    const result = await verifyStream(storage.db, number, { seq: row.last_seq, hash: row.head_hash });
    process.stdout.write(`${JSON.stringify({ number, ...result })}\n`);
    return result.valid ? 0 : 1;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
