// The one dispute-intake form every target renders: the same twelve questions, with the same choices,
// taken from the tenant the Jiefen target files against (the demo district 青山区). Each peer gets it
// in its own definition format (pages.ts), so the comparison is of libraries, not of forms.
import type { Category, OrgUnit } from '@jiefen/core';
import { qingshanTenant } from '@jiefen/core/demo';

export interface Choice {
  value: string;
  label: string;
}

export type BenchField =
  | { name: string; label: string; kind: 'select' | 'radio'; choices: Choice[]; required: boolean; dependsOn?: string }
  | { name: string; label: string; kind: 'text' | 'textarea' | 'date' | 'tel'; required: boolean }
  | { name: string; label: string; kind: 'checkbox'; required: boolean };

const zh = (text: { 'zh-CN': string }) => text['zh-CN'];
const towns: OrgUnit[] = qingshanTenant.organisation.children ?? [];

/** Villages and communities per town, for the cascading "village" question. */
export const VILLAGES_BY_TOWN: Record<string, Choice[]> = Object.fromEntries(
  towns.map((town) => [town.id, (town.children ?? []).map((place) => ({ value: place.id, label: zh(place.name) }))]),
);

export const BENCH_FIELDS: BenchField[] = [
  {
    name: 'category',
    label: '纠纷类型',
    kind: 'radio',
    required: true,
    choices: qingshanTenant.categories.map((c: Category) => ({ value: c.id, label: zh(c.name) })),
  },
  { name: 'description', label: '发生了什么', kind: 'textarea', required: true },
  { name: 'startedOn', label: '从什么时候开始', kind: 'date', required: true },
  {
    name: 'town',
    label: '所在镇（街道）',
    kind: 'select',
    required: true,
    choices: towns.map((town) => ({ value: town.id, label: zh(town.name) })),
  },
  { name: 'village', label: '所在村（社区）', kind: 'select', required: true, choices: [], dependsOn: 'town' },
  { name: 'desiredOutcome', label: '希望得到怎样的结果', kind: 'textarea', required: true },
  { name: 'otherParty', label: '对方姓名或单位', kind: 'text', required: true },
  {
    name: 'relationship',
    label: '与对方的关系',
    kind: 'select',
    required: false,
    choices: [
      { value: 'neighbour', label: '邻居' },
      { value: 'family', label: '家人' },
      { value: 'employer', label: '雇主' },
      { value: 'landlord', label: '房东' },
      { value: 'property_company', label: '物业公司' },
      { value: 'other', label: '其他' },
    ],
  },
  { name: 'name', label: '您的姓名', kind: 'text', required: true },
  { name: 'mobile', label: '手机号码', kind: 'tel', required: true },
  {
    name: 'contactBy',
    label: '希望的联系方式',
    kind: 'radio',
    required: true,
    choices: [
      { value: 'phone', label: '电话' },
      { value: 'sms', label: '短信' },
      { value: 'any', label: '都可以' },
    ],
  },
  { name: 'consent', label: '我同意综治中心为处理本纠纷使用我提供的个人信息', kind: 'checkbox', required: true },
];
