import {
  AttachmentMetaSchema,
  CaseChainVerificationSchema,
  type CaseFilingInput,
  type CaseSummary,
  CaseSummarySchema,
  type ConsultationRequestInput,
  ConsultationSummarySchema,
  CreatedWebhookSchema,
  IssuedStaffTokenSchema,
  ResidentCaseViewSchema,
  ResidentConsultationViewSchema,
  StaffAuditEntrySchema,
  StaffCaseDetailSchema,
  StaffConsultationDetailSchema,
  StaffMemberDetailSchema,
  StaffMemberSchema,
  StaffSessionSchema,
  StaffTokenSchema,
  type TenantConfig,
  TenantConfigSchema,
  WebhookDeliverySchema,
  WebhookSubscriptionSchema,
} from '@jiefen/core';
import * as v from 'valibot';
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
  type StaffOperations,
  uuidv7,
} from '../../src/index.js';

export interface ContractSubject {
  backend: JiefenBackend;
  /** A valid filing for this backend's tenant; `marker` goes into the description. */
  filing(config: TenantConfig, marker: string): CaseFilingInput;
  consultation?(config: TenantConfig): ConsultationRequestInput;
  /**
   * Fields of the resident case view this backend's protocol cannot carry, as paths inside the view
   * (`filing.applicant.name`). An issue at exactly such a path is allowed; any other issue fails.
   * Only Open311 declares any: GeoReport v2 never returns the requester's contact details.
   */
  viewGaps?: readonly string[];
  close(): Promise<void>;
}

const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;

const page = <T extends v.GenericSchema>(item: T) =>
  v.strictObject({ items: v.array(item), nextCursor: v.nullable(v.string()) });

/** The core's strict view schema for every answer a backend gives (views are closed: extra fields fail). */
const ANSWERS: { [K in keyof JiefenBackend]?: v.GenericSchema } = {
  getTenantConfig: TenantConfigSchema,
  fileCase: v.strictObject({
    caseNumber: v.string(),
    accessCode: v.string(),
    trackingToken: v.string(),
    case: ResidentCaseViewSchema,
  }),
  getCase: ResidentCaseViewSchema,
  sendCaseAction: ResidentCaseViewSchema,
  uploadAttachment: v.strictObject(AttachmentMetaSchema.entries),
  requestConsultation: v.strictObject({
    consultationNumber: v.string(),
    accessCode: v.string(),
    trackingToken: v.string(),
    consultation: ResidentConsultationViewSchema,
  }),
  getConsultation: ResidentConsultationViewSchema,
  sendConsultationAction: ResidentConsultationViewSchema,
};
const STAFF_ANSWERS: { [K in keyof StaffOperations]: v.GenericSchema } = {
  listCases: page(CaseSummarySchema),
  getCase: StaffCaseDetailSchema,
  transition: StaffCaseDetailSchema,
  listConsultations: page(ConsultationSummarySchema),
  getConsultation: StaffConsultationDetailSchema,
  transitionConsultation: StaffConsultationDetailSchema,
  me: StaffSessionSchema,
  listMembers: v.strictObject({ items: v.array(StaffMemberSchema) }),
  createMember: StaffMemberSchema,
  getMember: StaffMemberDetailSchema,
  updateMember: StaffMemberSchema,
  disableMember: StaffMemberSchema,
  enableMember: StaffMemberSchema,
  issueToken: IssuedStaffTokenSchema,
  revokeToken: StaffTokenSchema,
  auditLog: page(StaffAuditEntrySchema),
  verifyCase: CaseChainVerificationSchema,
  listWebhooks: v.strictObject({ items: v.array(WebhookSubscriptionSchema) }),
  createWebhook: CreatedWebhookSchema,
  listWebhookDeliveries: v.strictObject({ items: v.array(WebhookDeliverySchema) }),
};

/** The push channels, and the view schema of what each pushes. */
const STREAMS = { streamCase: ResidentCaseViewSchema, streamConsultation: ResidentConsultationViewSchema };
type StreamMethod = (...args: unknown[]) => AsyncIterable<{ view: unknown }>;

/** Validation failures, readable: `path: message` for each issue not at a declared gap. */
function mustMatch(schema: v.GenericSchema, answer: unknown, what: string, gaps: readonly string[] = []): void {
  const result = v.safeParse(schema, answer);
  if (result.success) return;
  const atGap = (path: string) => gaps.some((gap) => path === gap || path.endsWith(`.${gap}`));
  const problems = result.issues
    .map((i) => ({ path: v.getDotPath(i) ?? '(root)', message: i.message }))
    .filter((p) => !atGap(p.path))
    .map((p) => `${p.path}: ${p.message}`);
  if (problems.length > 0) {
    throw new Error(`${what} does not match the core's view schema:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * The backend as the tests see it: every answer (resident and staff, streamed updates too) is parsed
 * with the core's strict view schema before a test looks at it, and each check is counted so the
 * suite can prove the checks ran.
 */
function validated(backend: JiefenBackend, checked: Map<string, number>, gaps: readonly string[] = []): JiefenBackend {
  const count = (name: string) => checked.set(name, (checked.get(name) ?? 0) + 1);
  const wrap = <T extends object>(target: T, schemas: Record<string, v.GenericSchema | undefined>, prefix: string) =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        const schema = typeof property === 'string' ? schemas[property] : undefined;
        if (typeof value !== 'function' || !schema) return value;
        return async (...args: unknown[]) => {
          const answer = await value.apply(receiver, args);
          mustMatch(schema, answer, `${prefix}${String(property)}`, gaps);
          count(`${prefix}${String(property)}`);
          return answer;
        };
      },
    });
  const staff = backend.staff ? wrap(backend.staff, STAFF_ANSWERS, 'staff.') : undefined;
  const wrapped = wrap(backend, ANSWERS as Record<string, v.GenericSchema>, '');
  return new Proxy(wrapped, {
    get(object, property, receiver) {
      if (property === 'staff') return staff;
      const stream = STREAMS[property as keyof typeof STREAMS];
      const method = stream && (backend[property as keyof typeof STREAMS] as StreamMethod | undefined);
      if (stream && method) {
        return async function* (...args: unknown[]) {
          for await (const update of method.apply(backend, args)) {
            mustMatch(stream, update.view, `${String(property)} update`, gaps);
            count(String(property));
            yield update;
          }
        };
      }
      return Reflect.get(object, property, receiver);
    },
  });
}

/** The behaviour every backend shares. Capabilities decide which half of a test applies. */
export function backendContract(name: string, open: () => Promise<ContractSubject>) {
  describe(`backend contract: ${name}`, () => {
    let subject: ContractSubject;
    let config: TenantConfig;
    let receipt: CaseReceipt;
    const checked = new Map<string, number>();

    beforeAll(async () => {
      const opened = await open();
      subject = { ...opened, backend: validated(opened.backend, checked, opened.viewGaps) };
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
      if (subject.backend.staff) {
        // `status`, as the core's schema says (the local backend used to send `state`).
        const detail = await subject.backend.staff.getConsultation(created.consultationNumber);
        expect(detail.consultation.status).toBe('cancelled');
        const queue = await subject.backend.staff.listConsultations({ status: 'cancelled' });
        expect(queue.items.map((c) => c.consultationNumber)).toContain(created.consultationNumber);
      }
    });

    it('pushes a consultation live as staff move it, or says the backend cannot', async () => {
      const { backend } = subject;
      if (!backend.capabilities.consultations || !backend.capabilities.liveUpdates || !subject.consultation) {
        // Nothing to push. Without consultations the SDK refuses to watch one; with them it polls.
        const client = createClient({ backend, storage: memoryStorage() });
        try {
          const refused = (() => {
            try {
              client.watchConsultation({ consultationNumber: 'JC-X', accessCode: 'X' }).close();
              return undefined;
            } catch (error) {
              return error;
            }
          })();
          if (backend.capabilities.consultations) expect(refused).toBeUndefined();
          else expect(isJiefenUnsupportedError(refused)).toBe(true);
        } finally {
          await client.close();
        }
        return;
      }
      expect(typeof backend.streamConsultation).toBe('function');
      const created = await backend.requestConsultation(subject.consultation(config), { idempotencyKey: uuidv7() });
      const access = { consultationNumber: created.consultationNumber, accessCode: created.accessCode };
      const stream = new AbortController();
      const updates = backend.streamConsultation!(access, undefined, stream.signal)[Symbol.asyncIterator]();
      try {
        // The current view comes first, with an id to resume from.
        const first = (await updates.next()).value!;
        expect(first.view.status).toBe('requested');
        expect(first.id).toMatch(/^\d+$/);
        if (!backend.staff) return expect(backend.capabilities.staff).toBe(false);
        await backend.staff.transitionConsultation(created.consultationNumber, {
          type: 'consultation.assign',
          lawyer: '李律师',
        });
        const second = (await updates.next()).value!;
        expect(second.view.status).toBe('assigned');
        expect(second.view.lawyer).toBe('李律师');
        expect(Number(second.id)).toBeGreaterThan(Number(first.id));
      } finally {
        stream.abort();
        await updates.return?.();
      }
      // A wrong code is refused like a lookup: not found, never which part was wrong.
      const refused = await (async () => {
        for await (const _ of backend.streamConsultation!(
          { consultationNumber: created.consultationNumber, accessCode: 'WRONGCODE234' },
          undefined,
          new AbortController().signal,
        ))
          return 'streamed';
      })().catch((e: unknown) => e);
      expect(isJiefenNotFoundError(refused)).toBe(true);
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
      const detail2 = await staff.getCase(receipt.caseNumber);
      expect(detail2.case.state).toBe('open.riskAssessment');
      const urgedOnly = await staff.listCases({ urged: true, limit: 100 });
      expect(urgedOnly.items.every((c: CaseSummary) => c.urged && !c.escalated)).toBe(true);
    });

    it('refuses routing to a department the tenant does not have, and one that does not serve the level', async () => {
      const staff = subject.backend.staff;
      if (!staff) return expect(subject.backend.capabilities.staff).toBe(false);
      const own = await subject.backend.fileCase(subject.filing(config, 'contract-routing'), {
        idempotencyKey: uuidv7(),
      });
      await staff.transition(own.caseNumber, { type: 'intake.accept', firstLineMediation: false });
      await staff.transition(own.caseNumber, { type: 'risk.assess', level: 'low' });
      const districtOnly = config.departments.find((d) => d.levels.length === 1 && d.levels[0] === 'district');
      const villageToo = config.departments.find((d) => d.levels.includes('village'));
      expect(districtOnly && villageToo).toBeTruthy();
      const unknown = await staff
        .transition(own.caseNumber, {
          type: 'routing.route',
          complexity: 'simple',
          level: 'village',
          departmentIds: [villageToo!.id, 'no-such-department'],
        })
        .catch((e: unknown) => e);
      expect(isJiefenValidationError(unknown)).toBe(true);
      if (isJiefenValidationError(unknown)) {
        expect(unknown.issues).toEqual([{ path: 'departmentIds.1', key: 'validation.unknown_department', params: {} }]);
      }
      const wrongLevel = await staff
        .transition(own.caseNumber, {
          type: 'routing.route',
          complexity: 'simple',
          level: 'village',
          departmentIds: [districtOnly!.id],
        })
        .catch((e: unknown) => e);
      expect(isJiefenValidationError(wrongLevel) && wrongLevel.issues[0]?.key).toBe('validation.department_level');
      expect((await staff.getCase(own.caseNumber)).summary.stage).toBe('routing');
      const routed = await staff.transition(own.caseNumber, {
        type: 'routing.route',
        complexity: 'simple',
        level: 'village',
        departmentIds: [villageToo!.id],
      });
      expect(routed.summary.departmentIds).toContain(villageToo!.id);
    });

    it('refuses a staff event from a resident as forbidden, not as "not now"', async () => {
      if (!subject.backend.capabilities.withdraw) return;
      const own = await subject.backend.fileCase(subject.filing(config, 'contract-forbidden'), {
        idempotencyKey: uuidv7(),
      });
      const access = { caseNumber: own.caseNumber, accessCode: own.accessCode };
      const forbidden = await subject.backend
        .sendCaseAction(access, { type: 'intake.accept', firstLineMediation: false } as never)
        .catch((e: unknown) => e);
      expect(isJiefenError(forbidden) && forbidden.kinds).toContain('forbidden');
    });

    it('shows who the staff credential is, or says the backend has no staff accounts', async () => {
      const staff = subject.backend.staff;
      if (!staff) return expect(subject.backend.capabilities.staff).toBe(false);
      const session = await staff.me().catch((e: unknown) => e);
      if (subject.backend.capabilities.staffAccounts) {
        expect(isJiefenError(session)).toBe(false);
        expect((session as { token: { status: string } }).token.status).toBe('active');
      } else {
        expect(isJiefenUnsupportedError(session)).toBe(true);
        expect(
          isJiefenUnsupportedError(await staff.createMember({ name: 'x', role: 'coordinator' }).catch((e) => e)),
        ).toBe(true);
      }
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

    it('validated every answer above against the core view schemas', () => {
      // Runs last: proves the checks ran (a suite that validated nothing would pass too).
      for (const name of ['getTenantConfig', 'fileCase', 'getCase']) expect(checked.get(name), name).toBeGreaterThan(0);
      if (subject.backend.capabilities.withdraw) expect(checked.get('sendCaseAction')).toBeGreaterThan(0);
      if (subject.backend.capabilities.consultations) {
        for (const name of ['requestConsultation', 'getConsultation', 'sendConsultationAction'])
          expect(checked.get(name), name).toBeGreaterThan(0);
        if (subject.backend.capabilities.liveUpdates) expect(checked.get('streamConsultation')).toBeGreaterThan(0);
      }
      if (subject.backend.staff) {
        for (const name of ['staff.listCases', 'staff.getCase', 'staff.transition', 'staff.getConsultation'])
          expect(checked.get(name), name).toBeGreaterThan(0);
      }
    });
  });
}
