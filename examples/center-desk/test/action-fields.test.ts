import {
  CASE_EVENTS,
  CONSULTATION_EVENTS,
  IssueStaffTokenSchema,
  StaffMemberInputSchema,
  validate,
  WebhookInputSchema,
} from '@jiefen/core';
import { describe, expect, it } from 'vitest';
import { actionFields, fieldForIssue, flattenFields, payloadFrom } from '../src/forms/action-fields.js';
import { STAFF_CASE_EVENTS, STAFF_CONSULTATION_EVENTS } from './support/staff-events.js';

describe('action fields read from the core payload schemas', () => {
  it('give routing a complexity and level choice, a department multi-choice and an optional leader', () => {
    const fields = actionFields(CASE_EVENTS['routing.route'].payload);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['complexity', 'choice', true],
      ['level', 'choice', true],
      ['departmentIds', 'department', true],
      ['leaderInCharge', 'text', false],
    ]);
    expect(fields[0]).toMatchObject({ options: ['simple', 'complex', 'difficult'] });
    expect(fields[2]).toMatchObject({ multiple: true });
  });

  it('map booleans, instants, numbers, nested objects and lists to their controls', () => {
    expect(actionFields(CASE_EVENTS['intake.accept'].payload).map((f) => f.kind)).toEqual([
      'boolean',
      'department',
      'text',
    ]);
    expect(actionFields(CASE_EVENTS['mediation.schedule_session'].payload).map((f) => f.kind)).toEqual([
      'instant',
      'choice',
      'text',
    ]);
    expect(actionFields(CASE_EVENTS['followup.record'].payload)[0]).toMatchObject({ kind: 'number', min: 1, max: 5 });
    const decline = actionFields(CASE_EVENTS['intake.decline'].payload);
    expect(decline[0]).toMatchObject({ kind: 'group', path: 'referral' });
    expect(flattenFields(decline).map((f) => f.path)).toEqual(['referral', 'referral.channel', 'referral.note']);
    expect(actionFields(CASE_EVENTS['risk.assess'].payload)[1]).toMatchObject({ name: 'factors', kind: 'lines' });
    expect(actionFields(WebhookInputSchema)[0]).toMatchObject({ kind: 'text', multiline: false, inputType: 'url' });
    const contact = actionFields(StaffMemberInputSchema).find((f) => f.name === 'contact');
    expect(contact?.kind === 'group' && contact.fields.map((f) => [f.name, f.kind === 'text' && f.inputType])).toEqual([
      ['phone', undefined],
      ['email', 'email'],
    ]);
  });

  it('cover every field of every staff action and account form (none silently dropped)', () => {
    const schemas = [
      ...STAFF_CASE_EVENTS.map((type) => CASE_EVENTS[type].payload),
      ...STAFF_CONSULTATION_EVENTS.map((type) => CONSULTATION_EVENTS[type].payload),
      StaffMemberInputSchema,
      IssueStaffTokenSchema,
      WebhookInputSchema,
    ];
    expect(STAFF_CASE_EVENTS.length).toBeGreaterThan(20);
    for (const schema of schemas) {
      const entries = Object.keys((schema as unknown as { entries: Record<string, unknown> }).entries);
      expect(actionFields(schema).map((f) => f.name)).toEqual(entries);
    }
  });

  it('leave empty values out so the core reports them as required, and place the issue on its field', () => {
    const schema = CASE_EVENTS['routing.route'].payload;
    const fields = actionFields(schema);
    const payload = payloadFrom(fields, {
      complexity: 'difficult',
      level: 'district',
      departmentIds: ['court'],
      leaderInCharge: '  ',
    });
    expect(payload).toEqual({ complexity: 'difficult', level: 'district', departmentIds: ['court'] });
    const result = validate(schema, payload);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([{ path: 'leaderInCharge', key: 'validation.required', params: {} }]);
    expect(fieldForIssue(fields, 'leaderInCharge')?.name).toBe('leaderInCharge');
    expect(fieldForIssue(fields, 'departmentIds.0')?.name).toBe('departmentIds');
  });

  it('turn a local date and time into an ISO instant and lines into a list', () => {
    const at = payloadFrom(actionFields(CASE_EVENTS['mediation.schedule_session'].payload), {
      at: '2026-03-02T09:30',
      mode: 'video',
      place: '',
    });
    expect(at).toEqual({ at: new Date('2026-03-02T09:30').toISOString(), mode: 'video' });
    expect(validate(CASE_EVENTS['mediation.schedule_session'].payload, at).success).toBe(true);
    const risk = payloadFrom(actionFields(CASE_EVENTS['risk.assess'].payload), {
      level: 'high',
      factors: ' 邻里积怨 \n\n 有过冲突 ',
      note: '',
    });
    expect(risk).toEqual({ level: 'high', factors: ['邻里积怨', '有过冲突'] });
  });
});
