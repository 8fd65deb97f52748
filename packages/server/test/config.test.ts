import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../src/config.js';

const configFile = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'jiefen-config-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('server configuration', () => {
  it('reads a JIEFEN_CONFIG file under the environment and fills the defaults', () => {
    const file = configFile({ port: 9000, limits: { uploadBytes: 1024 }, rateLimit: { publicPerMinute: 5 } });
    const config = loadConfig({ JIEFEN_CONFIG: file, PORT: '9100', JIEFEN_DATA_DIR: '/tmp/jiefen-data' });
    expect(config.port).toBe(9100);
    expect(config.limits.uploadBytes).toBe(1024);
    expect(config.limits.bodyBytes).toBe(256 * 1024);
    expect(config.rateLimit).toMatchObject({ publicPerMinute: 5, lookupPerCasePerMinute: 30, store: 'memory' });
    expect(config.database).toEqual({ engine: 'sqlite', file: '/tmp/jiefen-data/jiefen.sqlite' });
  });

  it('refuses a misspelt key instead of silently keeping the default', () => {
    const file = configFile({ limits: { uploadByte: 1024 }, schedular: { enabled: false } });
    expect(() => loadConfig({ JIEFEN_CONFIG: file })).toThrow(
      'unknown configuration keys: schedular, limits.uploadByte',
    );
    expect(() => resolveConfig({ rateLimit: { publicPerMinute: 1, perMinute: 2 } as never })).toThrow(
      'unknown configuration key: rateLimit.perMinute',
    );
  });

  it('accepts every documented key', () => {
    const config = resolveConfig({
      port: 1,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      testClock: true,
      logLevel: 'silent',
      trustProxy: true,
      accessCodeKey: 'k1:AAAA',
      limits: { drainBytes: 1, headerBytes: 2, requestTimeoutMs: 3, uploadFiles: 4 },
      rateLimit: { store: 'database', sharedSlack: 0, lookupPerClientPerMinute: 1 },
      scheduler: { enabled: false, intervalMs: 1, batchSize: 1 },
      webhooks: { maxAttempts: 1, baseDelayMs: 1, timeoutMs: 1 },
      idempotency: { retentionDays: 1 },
      open311: { apiKeys: { qingshan: ['key'] } },
      seedTenants: [],
    });
    expect(config).toMatchObject({
      port: 1,
      rateLimit: { store: 'database' },
      open311: { apiKeys: { qingshan: ['key'] } },
    });
  });
});
