// One suite over every field control: the eight category field types of the core's schema share
// labelling, hints, errors, focus, target size and value parsing, so they are tested together.
import 'axe-core/axe.min.js';
import { FIELD_TYPES, type FieldType } from '@jiefen/core';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, type TemplateResult } from 'lit';
import { FIELD_CONTROLS, type FieldProps } from '../src/intake-form/fields/index.js';
import { intakeFormStyles } from '../src/intake-form/intake-form.styles.js';
import { sharedStyles } from '../src/styles/shared.styles.js';
import { axeViolations } from './support/axe.js';

class FieldHost extends LitElement {
  static override styles = [sharedStyles, intakeFormStyles];
  content: TemplateResult = html``;
  override render() {
    return this.content;
  }
}
customElements.define('test-field-host', FieldHost);

const strings = {
  optional: '（选填）',
  choose: '请选择',
  yes: '是',
  no: '否',
  town: '镇（街道）',
  village: '村（社区）',
  address: '详细地址',
};

const places = [
  {
    id: 'songlin',
    label: '松林镇',
    children: [
      { id: 'shuikou', label: '水口村' },
      { id: 'dongping', label: '东坪村' },
    ],
  },
  { id: 'hekou', label: '河口街道', children: [{ id: 'binjiang', label: '滨江社区' }] },
];

/** How a resident answers each type through the DOM, and the value the core should receive. */
const answers: Record<FieldType, { answer: (root: ShadowRoot) => Promise<void> | void; expected: unknown }> = {
  text: { answer: (root) => type(root, 'input', '松林宏达家具厂'), expected: '松林宏达家具厂' },
  longText: { answer: (root) => type(root, 'textarea', '老板拖欠三个月工资'), expected: '老板拖欠三个月工资' },
  number: { answer: (root) => type(root, 'input', '16,500'), expected: 16500 },
  date: { answer: (root) => change(root, 'input', '2025-03-01'), expected: '2025-03-01' },
  singleChoice: { answer: (root) => click(root, 'input[value="b"]'), expected: 'b' },
  multipleChoice: {
    answer: (root) => {
      click(root, 'input[value="c"]');
      click(root, 'input[value="a"]');
    },
    expected: ['a', 'c'],
  },
  yesNo: { answer: (root) => click(root, 'input[value="false"]'), expected: false },
  location: { answer: (root) => change(root, 'select', 'songlin'), expected: { placeId: 'songlin' } },
};

function type(root: ShadowRoot, selector: string, text: string) {
  const input = root.querySelector<HTMLInputElement>(selector)!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
function change(root: ShadowRoot, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
function click(root: ShadowRoot, selector: string) {
  root.querySelector<HTMLInputElement>(selector)!.click();
}

async function mount(fieldType: FieldType, overrides: Partial<FieldProps<unknown>> = {}) {
  const changes: unknown[] = [];
  const host = await fixture<FieldHost>(html`<test-field-host></test-field-host>`);
  const props: FieldProps<unknown> = {
    id: 'f-answer',
    path: 'answers.answer',
    label: '问题标签',
    hint: '提示文字',
    required: true,
    value: undefined,
    options: [
      { value: 'a', label: '选项甲' },
      { value: 'b', label: '选项乙' },
      { value: 'c', label: '选项丙' },
    ],
    places,
    strings,
    onChange: (value) => {
      changes.push(value);
      props.value = value;
      host.content = FIELD_CONTROLS[fieldType].render(props);
      host.requestUpdate();
    },
    ...overrides,
  };
  host.content = FIELD_CONTROLS[fieldType].render(props);
  host.requestUpdate();
  await host.updateComplete;
  return { host, root: host.shadowRoot!, changes };
}

it('covers all eight field types of the core schema', () => {
  expect(FIELD_TYPES.length).to.equal(8);
  expect(Object.keys(FIELD_CONTROLS).sort()).to.deep.equal([...FIELD_TYPES].sort());
});

for (const fieldType of FIELD_TYPES) {
  describe(`field control: ${fieldType}`, () => {
    it('is labelled, hinted, and has no axe violations', async () => {
      const { root } = await mount(fieldType);
      const control = root.getElementById('f-answer')!;
      expect(control, 'the focusable control carries the id').to.exist;
      const fieldset = control.closest('fieldset');
      const name = fieldset
        ? fieldset.querySelector('legend')!.textContent
        : root.querySelector(`label[for="f-answer"]`)!.textContent;
      expect(name).to.contain('问题标签');
      const describedBy = (fieldset ?? control).getAttribute('aria-describedby') ?? '';
      expect(describedBy.split(' ')).to.include('f-answer-hint');
      expect(await axeViolations(root)).to.deep.equal([]);
    });

    it('shows its error beside the field, announced through aria-describedby and aria-invalid', async () => {
      const { root } = await mount(fieldType, { error: '请填写此项' });
      const error = root.getElementById('f-answer-error')!;
      expect(error.textContent).to.equal('请填写此项');
      const control = root.getElementById('f-answer')!;
      const fieldset = control.closest('fieldset');
      expect(((fieldset ?? control).getAttribute('aria-describedby') ?? '').split(' ')).to.include('f-answer-error');
      expect(control.getAttribute('aria-invalid')).to.equal('true');
      expect(await axeViolations(root)).to.deep.equal([]);
    });

    it('marks optional questions in words, not only by the absence of a star', async () => {
      const { root } = await mount(fieldType, { required: false });
      expect(root.querySelector('.label')!.textContent).to.contain('（选填）');
    });

    it('gives the value the core expects from what the resident entered', async () => {
      const { host, root, changes } = await mount(fieldType);
      await answers[fieldType].answer(root);
      await host.updateComplete;
      expect(changes.length).to.be.greaterThan(0);
      expect(changes.at(-1)).to.deep.equal(answers[fieldType].expected);
    });

    it('can be focused by its id (the error summary links to it) and is at least 44 px high', async () => {
      const { root } = await mount(fieldType);
      const control = root.getElementById('f-answer') as HTMLElement;
      control.focus();
      expect(root.activeElement).to.equal(control);
      const target = (control.closest('.choice') ?? control) as HTMLElement;
      expect(target.getBoundingClientRect().height).to.be.at.least(44);
    });
  });
}

describe('field control details', () => {
  it('text: clearing an answer gives no answer, not an empty string', async () => {
    const { root, changes } = await mount('text', { value: '旧值' });
    type(root, 'input', '   ');
    expect(changes.at(-1)).to.equal(undefined);
  });

  it('number: keeps what does not parse, so the core can say "please enter a number"', async () => {
    const { root, changes } = await mount('number');
    type(root, 'input', '三个月');
    expect(changes.at(-1)).to.equal('三个月');
  });

  it('multipleChoice: unticking the last choice gives no answer', async () => {
    const { host, root, changes } = await mount('multipleChoice');
    click(root, 'input[value="b"]');
    await host.updateComplete;
    click(root, 'input[value="b"]');
    expect(changes).to.deep.equal([['b'], undefined]);
  });

  it('location: cascades from town to village, and another town clears the village', async () => {
    const { host, root, changes } = await mount('location');
    change(root, 'select', 'songlin');
    await host.updateComplete;
    const village = root.getElementById('f-answer-village') as HTMLSelectElement;
    expect([...village.options].map((o) => o.value)).to.deep.equal(['', 'shuikou', 'dongping']);
    change(root, '#f-answer-village', 'dongping');
    await host.updateComplete;
    expect(changes.at(-1)).to.deep.equal({ placeId: 'dongping' });
    change(root, '#f-answer', 'hekou');
    await host.updateComplete;
    expect(changes.at(-1)).to.deep.equal({ placeId: 'hekou' });
    expect(
      [...(root.getElementById('f-answer-village') as HTMLSelectElement).options].map((o) => o.value),
    ).to.deep.equal(['', 'binjiang']);
  });
});
