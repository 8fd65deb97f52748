import { expect, it } from 'vitest';

it('imports in plain Node without touching browser globals', async () => {
  const watched = ['window', 'document', 'indexedDB', 'navigator', 'localStorage', 'EventSource'] as const;
  const touched: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const name of watched) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  try {
    const sdk = await import('../src/index.js');
    expect(typeof sdk.createClient).toBe('function');
    expect(typeof sdk.intakeWizardMachine).toBe('object');
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
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
