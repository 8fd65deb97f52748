import type { CaseFilingInput, ConsultationRequestInput, TenantConfig } from '@jiefen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaseReceipt,
  createClient,
  isJiefenError,
  isJiefenNotFoundError,
  isJiefenUnsupportedError,
  isJiefenValidationError,
  type JiefenBackend,
  memoryStorage,
  uuidv7,
} from '../../src/index.js';

export interface ContractSubject {
  backend: JiefenBackend;
  /** A valid filing for this backend's tenant; `marker` goes into the description. */
  filing(config: TenantConfig, marker: string): CaseFilingInput;
  consultation?(config: TenantConfig): ConsultationRequestInput;
  close(): Promise<void>;
}

const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;

/** The behaviour every backend shares. Capabilities decide which half of a test applies. */
export function backendContract(name: string, open: () => Promise<ContractSubject>) {
  describe(`backend contract: ${name}`, () => {
    let subject: ContractSubject;
    let config: TenantConfig;
    let receipt: CaseReceipt;

    beforeAll(async () => {
      subject = await open();
      config = await subject.backend.getTenantConfig();
      receipt = await subject.backend.fileCase(subject.filing(config, 'contract-first'), { idempotencyKey: uuidv7() });
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('reads a tenant configuration with categories labelled in every locale', () => {
      expect(config.categories.length).toBeGreaterThan(0);
      for (const category of config.categories) {
        for (const locale of LOCALES) expect(category.name[locale]).toBeTruthy();
        for (const field of category.fields) for (const locale of LOCALES) expect(field.label[locale]).toBeTruthy();
      }
    });

    it('files a case and finds it by number and access code', async () => {
      expect(receipt.caseNumber).toBeTruthy();
      expect(receipt.case.caseNumber).toBe(receipt.caseNumber);
      const view = await subject.backend.getCase({ caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
      expect(view.caseNumber).toBe(receipt.caseNumber);
      expect(view.filing.description).toContain('contract-first');
      expect(view.status.status).toBe('open');
      expect(view.timeline[0]?.type).toBe('case.filed');
    });

    it('finds a case by the tracking token from a link', async () => {
      expect(subject.backend.capabilities.trackingTokens).toBe(true);
      const view = await subject.backend.getCase({ trackingToken: receipt.trackingToken });
      expect(view.caseNumber).toBe(receipt.caseNumber);
    });

    it('answers a repeated idempotency key with the first receipt, creating nothing new', async () => {
      const key = uuidv7();
      const filing = subject.filing(config, 'contract-idempotent');
      const first = await subject.backend.fileCase(filing, { idempotencyKey: key, attempt: 1 });
      const again = await subject.backend.fileCase(filing, { idempotencyKey: key, attempt: 2 });
      expect(again.caseNumber).toBe(first.caseNumber);
    });

    it('says not found for an unknown case and for a wrong credential alike', async () => {
      const unknown = await subject.backend
        .getCase({ caseNumber: 'JF-20250101-ZZZZZ', accessCode: 'ABCDEFGHJKLM' })
        .catch((e: unknown) => e);
      expect(isJiefenNotFoundError(unknown)).toBe(true);
      const wrongToken = await subject.backend.getCase({ trackingToken: 'no-such-token' }).catch((e: unknown) => e);
      expect(isJiefenNotFoundError(wrongToken)).toBe(true);
      if (subject.backend.kind !== 'open311') {
        // Open311 requests are public by id; other backends check the access code.
        const wrongCode = await subject.backend
          .getCase({ caseNumber: receipt.caseNumber, accessCode: 'WRONGCODE234' })
          .catch((e: unknown) => e);
        expect(isJiefenNotFoundError(wrongCode)).toBe(true);
      }
    });

    it('rejects an invalid filing with dot-path issues and a message key', async () => {
      const bad = {
        ...subject.filing(config, 'contract-invalid'),
        applicant: { kind: 'person', name: '张三', phone: '12' },
      };
      const error = await subject.backend
        .fileCase(bad as CaseFilingInput, { idempotencyKey: uuidv7() })
        .catch((e: unknown) => e);
      expect(isJiefenValidationError(error)).toBe(true);
      if (isJiefenValidationError(error)) {
        expect(error.issues.map((i) => i.path)).toContain('applicant.phone');
        expect(error.messageKey).toBe('sdk.error.validation');
      }
    });

    it('lets the resident withdraw, or says the backend cannot', async () => {
      const own = await subject.backend.fileCase(subject.filing(config, 'contract-withdraw'), {
        idempotencyKey: uuidv7(),
      });
      const access = { caseNumber: own.caseNumber, accessCode: own.accessCode };
      const result = await subject.backend
        .sendCaseAction(access, { type: 'resident.withdraw', reason: '已与对方和解' })
        .catch((e: unknown) => e);
      if (subject.backend.capabilities.withdraw) {
        expect(isJiefenError(result)).toBe(false);
        expect((result as { withdrawnAt?: string }).withdrawnAt).toBeTruthy();
        expect((result as { status: { status: string } }).status.status).toBe('closed');
      } else {
        expect(isJiefenUnsupportedError(result)).toBe(true);
      }
    });

    it('handles a legal consultation, or says the backend cannot', async () => {
      if (!subject.backend.capabilities.consultations || !subject.consultation) {
        const error = await subject.backend
          .requestConsultation({} as ConsultationRequestInput, { idempotencyKey: uuidv7() })
          .catch((e: unknown) => e);
        expect(isJiefenUnsupportedError(error)).toBe(true);
        return;
      }
      const created = await subject.backend.requestConsultation(subject.consultation(config), {
        idempotencyKey: uuidv7(),
      });
      expect(created.consultationNumber).toMatch(/^JC-/);
      const access = { consultationNumber: created.consultationNumber, accessCode: created.accessCode };
      const seen = await subject.backend.getConsultation(access);
      expect(seen.status).toBe('requested');
      const cancelled = await subject.backend.sendConsultationAction(access, { type: 'resident.cancel' });
      expect(cancelled.status).toBe('cancelled');
    });

    it('moves a case along from the staff side, and the resident sees it', async () => {
      const staff = subject.backend.staff;
      if (!staff) return expect(subject.backend.capabilities.staff).toBe(false);
      const queue = await staff.listCases({ stage: 'registration', limit: 100 });
      expect(queue.items.map((c) => c.caseNumber)).toContain(receipt.caseNumber);
      const detail = await staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
      expect(detail.summary.stage).toBe('risk_assessment');
      const view = await subject.backend.getCase({ caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
      expect(view.progress.stage).toBe('risk_assessment');
      const rejected = await staff
        .transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false })
        .catch((e: unknown) => e);
      expect(isJiefenError(rejected) && rejected.kinds.includes('conflict')).toBe(true);
    });

    it('delivers a submission through the client outbox and deletes its draft', async () => {
      const client = createClient({ backend: subject.backend, storage: memoryStorage() });
      try {
        await client.drafts.save('intake-1', 'case', { step: 'review' });
        const filed = await client.fileCase(subject.filing(config, 'contract-outbox'), { draftId: 'intake-1' });
        expect(filed.caseNumber).toBeTruthy();
        expect(await client.drafts.load('intake-1')).toBeUndefined();
        expect(await client.outbox.pending()).toEqual([]);
        const status = (await client.outbox.list()).find((s) => s.number === filed.caseNumber);
        expect(status?.state).toBe('received');
      } finally {
        await client.close();
      }
    });
  });
}
