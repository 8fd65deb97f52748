// The pages the benchmark loads: the same intake form as plain HTML (the floor), as Jiefen's drop-in
// element, and in SurveyJS's and Form.io's own JSON definition formats. Every script and style is a
// file served by serve.ts (no inline code), so each page can also be loaded under a strict CSP and any
// violation is the library's own.
import { BENCH_FIELDS, type BenchField, VILLAGES_BY_TOWN } from './intake-form-spec.js';

/**
 * `baseline`: the same Jiefen page on another build of the widgets (BENCH_BASELINE_DIST, a `dist/`
 * built from an earlier commit), for measuring a change side by side in one run; not in the
 * published table.
 */
export const TARGETS = ['plain', 'jiefen', 'surveyjs', 'formio', 'baseline'] as const;
export type Target = (typeof TARGETS)[number];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

const page = (title: string, head: string, body: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
<main>
<h1>矛盾纠纷在线登记</h1>
${body}
</main>
</body>
</html>
`;

function plainField(field: BenchField): string {
  const id = `f-${field.name}`;
  const required = field.required ? ' required' : '';
  switch (field.kind) {
    case 'radio':
      return `<fieldset><legend>${escapeHtml(field.label)}</legend>${field.choices
        .map(
          (c, i) =>
            `<label><input type="radio" name="${field.name}" value="${c.value}"${i === 0 ? required : ''}> ${escapeHtml(c.label)}</label>`,
        )
        .join('\n')}</fieldset>`;
    case 'select': {
      // Without JavaScript the village list cannot follow the town: every village, grouped by town.
      const options =
        field.dependsOn === 'town'
          ? Object.entries(VILLAGES_BY_TOWN)
              .map(
                ([town, villages]) =>
                  `<optgroup label="${town}">${villages.map((v) => `<option value="${v.value}">${escapeHtml(v.label)}</option>`).join('')}</optgroup>`,
              )
              .join('')
          : field.choices.map((c) => `<option value="${c.value}">${escapeHtml(c.label)}</option>`).join('');
      return `<label for="${id}">${escapeHtml(field.label)}</label><select id="${id}" name="${field.name}"${required}><option value="">请选择</option>${options}</select>`;
    }
    case 'textarea':
      return `<label for="${id}">${escapeHtml(field.label)}</label><textarea id="${id}" name="${field.name}" rows="4"${required}></textarea>`;
    case 'checkbox':
      return `<label><input type="checkbox" id="${id}" name="${field.name}"${required}> ${escapeHtml(field.label)}</label>`;
    default:
      return `<label for="${id}">${escapeHtml(field.label)}</label><input id="${id}" type="${field.kind}" name="${field.name}"${required}>`;
  }
}

/** The floor: a plain HTML form, no JavaScript, one small stylesheet. */
export const plainPage = () =>
  page(
    '登记（纯 HTML）',
    '<link rel="stylesheet" href="/plain.css">',
    `<form method="post" action="/submit">\n${BENCH_FIELDS.map((f) => `<div class="field">${plainField(f)}</div>`).join('\n')}\n<button type="submit">提交</button>\n</form>`,
  );

export const PLAIN_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem}
.field{margin:0 0 1rem}label,legend{display:block;margin-bottom:.25rem}
input,select,textarea{font:inherit;box-sizing:border-box;width:100%;min-height:44px}
input[type=radio],input[type=checkbox]{width:auto;min-height:auto}button{font:inherit;min-height:44px;padding:0 1.5rem}
`;

/** Jiefen: the drop-in loader and one element, exactly as the widgets guide tells a portal to embed it. */
export const jiefenPage = (tenant: string) =>
  page(
    '登记（解纷）',
    '<script type="module" src="/widgets/jiefen.js"></script>',
    `<jf-intake-form tenant="${tenant}" lang="zh-CN"></jf-intake-form>`,
  );

/** SurveyJS 2.5 (survey-core + survey-js-ui), its default theme, its Simplified Chinese strings. */
export const surveyPage = () =>
  page(
    '登记（SurveyJS）',
    [
      '<link rel="stylesheet" href="/vendor/survey-core/survey-core.min.css">',
      '<script src="/vendor/survey-core/survey.core.min.js"></script>',
      '<script src="/vendor/survey-core/i18n/simplified-chinese.min.js"></script>',
      '<script src="/vendor/survey-js-ui/survey-js-ui.min.js"></script>',
      '<script src="/surveyjs-form.js" defer></script>',
    ].join('\n'),
    '<div id="survey"></div>',
  );

function surveyElement(field: BenchField): Record<string, unknown> {
  const base = { name: field.name, title: field.label, isRequired: field.required };
  switch (field.kind) {
    case 'radio':
      return { ...base, type: 'radiogroup', choices: field.choices.map((c) => ({ value: c.value, text: c.label })) };
    case 'select':
      if (field.dependsOn === 'town') {
        // One dropdown per town, shown when that town is chosen: SurveyJS's way of a cascade.
        return { ...base, type: 'dropdown', choices: [] };
      }
      return { ...base, type: 'dropdown', choices: field.choices.map((c) => ({ value: c.value, text: c.label })) };
    case 'textarea':
      return { ...base, type: 'comment' };
    case 'date':
      return { ...base, type: 'text', inputType: 'date' };
    case 'tel':
      return { ...base, type: 'text', inputType: 'tel' };
    case 'checkbox':
      return { ...base, type: 'boolean', renderAs: 'checkbox', title: field.label };
    default:
      return { ...base, type: 'text' };
  }
}

export function surveyDefinition(): Record<string, unknown> {
  const elements: Record<string, unknown>[] = [];
  for (const field of BENCH_FIELDS) {
    if (field.kind === 'select' && field.dependsOn === 'town') {
      for (const [town, villages] of Object.entries(VILLAGES_BY_TOWN)) {
        elements.push({
          ...surveyElement(field),
          name: `village_${town}`,
          visibleIf: `{town} = '${town}'`,
          choices: villages.map((v) => ({ value: v.value, text: v.label })),
        });
      }
      continue;
    }
    elements.push(surveyElement(field));
  }
  return { locale: 'zh-cn', showQuestionNumbers: 'off', completeText: '提交', elements };
}

export const surveyScript =
  () => `// SurveyJS: the form definition and its rendering, as SurveyJS's documentation shows.
const survey = new Survey.Model(${JSON.stringify(surveyDefinition())});
SurveyUI.renderSurvey(survey, document.getElementById('survey'));
`;

/** Form.io 5.6 (@formio/js renderer), its own stylesheet; its CDN is served locally (serve.ts). */
export const formioPage = () =>
  page(
    '登记（Form.io）',
    [
      '<link rel="stylesheet" href="/vendor/formio/formio.form.min.css">',
      '<script src="/vendor/formio/formio.form.min.js"></script>',
      '<script src="/formio-form.js" defer></script>',
    ].join('\n'),
    '<div id="formio"></div>',
  );

function formioComponent(field: BenchField): Record<string, unknown> {
  const base = { key: field.name, label: field.label, input: true, validate: { required: field.required } };
  switch (field.kind) {
    case 'radio':
      return { ...base, type: 'radio', values: field.choices.map((c) => ({ value: c.value, label: c.label })) };
    case 'select':
      if (field.dependsOn === 'town') {
        // The village list follows the town: Form.io's data-driven select.
        return {
          ...base,
          type: 'select',
          dataSrc: 'custom',
          refreshOn: 'town',
          clearOnRefresh: true,
          data: { custom: `values = (window.VILLAGES_BY_TOWN[data.town] || [])` },
          valueProperty: 'value',
          template: '<span>{{ item.label }}</span>',
        };
      }
      return {
        ...base,
        type: 'select',
        data: { values: field.choices.map((c) => ({ value: c.value, label: c.label })) },
      };
    case 'textarea':
      return { ...base, type: 'textarea' };
    case 'date':
      return { ...base, type: 'datetime', enableTime: false, format: 'yyyy-MM-dd' };
    case 'tel':
      return { ...base, type: 'phoneNumber', inputMask: '99999999999' };
    case 'checkbox':
      return { ...base, type: 'checkbox' };
    default:
      return { ...base, type: 'textfield' };
  }
}

export function formioDefinition(): Record<string, unknown> {
  return {
    display: 'form',
    components: [
      ...BENCH_FIELDS.map(formioComponent),
      { type: 'button', action: 'submit', label: '提交', key: 'submit', input: true },
    ],
  };
}

export const formioScript =
  () => `// Form.io: its CDN (the date field's flatpickr) is served from this origin, then the form is created.
window.VILLAGES_BY_TOWN = ${JSON.stringify(VILLAGES_BY_TOWN)};
Formio.cdn.setBaseUrl(location.origin + '/formio-cdn');
Formio.createForm(document.getElementById('formio'), ${JSON.stringify(formioDefinition())}, { language: 'zh-CN' });
`;
