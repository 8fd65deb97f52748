import { describe, expect, it } from 'vitest';
import { main as customBackend } from '../../../examples/sdk-custom-backend/src/main.js';
import { main as customUi } from '../../../examples/sdk-custom-ui/src/main.js';
import { main as local } from '../../../examples/sdk-local/src/main.js';
import { main as open311 } from '../../../examples/sdk-open311/src/main.js';
import { main as restNode } from '../../../examples/sdk-rest-node/src/main.js';

// The examples in the SDK guide must keep working: run each one's main function.
describe('examples', () => {
  const quiet = () => {};

  it('sdk-local runs a case through the closed loop on the device', async () => {
    const result = await local(quiet);
    expect(result.finalStage).toBe('closed');
  });

  it('sdk-rest-node files, looks up and follows a case on the reference server', async () => {
    const result = await restNode(quiet);
    expect(result.stage).toBe('first_line_mediation');
  });

  it('sdk-open311 files a request on an Open311 server', async () => {
    const result = await open311(quiet);
    expect(result.status).toBe('open');
    expect(result.stored?.attribute_source).toBe('NEIGHBOUR');
    expect(String(result.stored?.description)).toContain('【解纷补充信息】');
  });

  it('sdk-custom-ui drives the intake wizard headless to a receipt', async () => {
    const lines: string[] = [];
    const result = await customUi({ log: (line) => lines.push(line) });
    expect(result.state).toBe('received');
    expect(result.caseNumber).toMatch(/^JF-/);
    expect(lines.join('\n')).toContain('请输入有效的手机或电话号码');
  });

  it('sdk-custom-backend runs the client over a township API through its own JiefenBackend', async () => {
    const result = await customBackend(quiet);
    expect(result.casesOnFile).toBe(1); // two 503s during filing, retried without a duplicate
    expect(result.filingAttempts).toBe(3);
    expect(result.waitingForAfterReply).toBe('centre');
    expect(result.rejection).toBe('workflow.not_allowed_now');
    expect(result.unsupported).toBe('sdk.error.unsupported');
  });
});
