import { pickText } from '@jiefen/core/forms';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { idFor, type Question, type StepView } from './step-view.js';

/** What happened: the tenant's categories as cards, and a "not sure?" helper. */
export function categoryQuestions(view: StepView): Question[] {
  const path = 'categoryId';
  const error = view.errors[path];
  const described = ['category-hint', error ? 'category-error' : ''].filter(Boolean).join(' ');
  return [
    {
      id: 'category',
      fields: [{ path, label: view.t('category.label') }],
      render: () => html`
        <fieldset class="field${error ? ' invalid' : ''}" part="field" data-path=${path} aria-describedby=${described}>
          <legend class="label" part="label">${view.t('category.label')}</legend>
          <p class="hint" part="hint" id="category-hint">${view.t('category.hint')}</p>
          ${error ? html`<p class="error" part="error" id="category-error">${error}</p>` : nothing}
          <div class="cards">
            ${view.config.categories.map(
              (category, index) => html`<label class="card" part="category-card">
                <input
                  type="radio"
                  name="category"
                  id=${index === 0 ? idFor(path) : `category-${category.id}`}
                  value=${category.id}
                  aria-invalid=${error ? 'true' : 'false'}
                  .checked=${live(view.form.categoryId === category.id)}
                  @change=${() => view.set(path, category.id)}
                />
                <span class="card-text">
                  <span class="card-title">${pickText(category.name, view.locale)}</span>
                  ${
                    category.description && !view.elder
                      ? html`<span class="card-description">${pickText(category.description, view.locale)}</span>`
                      : nothing
                  }
                </span>
              </label>`,
            )}
          </div>
        </fieldset>
        <details class="not-sure" part="not-sure">
          <summary>${view.t('category.not_sure')}</summary>
          <ul>
            <li>${view.t('category.emergency')} <a href="tel:110" class="button-link">${view.t('category.call_110')}</a></li>
            <li>
              ${view.t('category.advice')}
              ${
                view.consultationUrl
                  ? html`<a href=${view.consultationUrl} class="button-link">${view.t('category.advice_link')}</a>`
                  : nothing
              }
            </li>
            <li>${view.t('category.other')}</li>
          </ul>
        </details>
      `,
    },
  ];
}
