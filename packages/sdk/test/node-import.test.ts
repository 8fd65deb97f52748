import { expect, it } from 'vitest';
import { browserGlobalsTouchedBy } from '../../../test/support/browser-globals-trap.js';

it('imports in plain Node without touching browser globals', async () => {
  const watched = ['window', 'document', 'indexedDB', 'navigator', 'localStorage', 'EventSource'] as const;
  const touched = await browserGlobalsTouchedBy(watched, async () => {
    const sdk = await import('../src/index.js');
    expect(typeof sdk.createClient).toBe('function');
    expect(typeof sdk.intakeWizardMachine).toBe('object');
  });
  expect(touched).toEqual([]);
});

it('runs a client in Node with in-memory storage', async () => {
  const { createClient, createLocalBackend } = await import('../src/index.js');
  const { qingshanSampleFiling } = await import('@jiefen/core/demo');
  const client = createClient({ backend: createLocalBackend() });
  const receipt = await client.fileCase(qingshanSampleFiling());
  expect(receipt.caseNumber).toMatch(/^JF-/);
  await client.close();
});
