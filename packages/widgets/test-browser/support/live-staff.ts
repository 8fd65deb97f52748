// Browser-side half of the runner's `jiefenServerPlugin`: start the real reference server, and send
// a staff command to a case or a consultation over its staff HTTP API with a demo staff token.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

/** The real server's URL (started once per run; it compiles from source on first use). */
export async function liveServerUrl(): Promise<string> {
  return ((await executeServerCommand('jiefen-server', { origin: location.origin })) as { url: string }).url;
}

/** A staff command as `as` (a demo staff role) on a case or a consultation; fails the test unless 200. */
export async function staffCommand(
  target: { caseNumber: string } | { consultationNumber: string },
  as: string,
  command: Record<string, unknown>,
): Promise<void> {
  const answer = (await executeServerCommand('jiefen-staff', { ...target, as, command })) as {
    status: number;
    body: unknown;
  };
  expect(answer.status, `${command.type} as ${as}: ${JSON.stringify(answer.body)}`).to.equal(200);
}
