// The options page: language, jurisdiction, and warnings on or off per platform. Every change is
// saved at once; open pages pick it up through storage.onChanged, without reloading the extension.
import { Storage, api, element, loadContext, showProblem, localize } from './pages.js';

async function main() {
  const context = await loadContext();
  const { t, kb, state, text } = context;
  localize(t, context.language);
  showProblem(context);

  const language = document.getElementById('language');
  language.value = state.settings.language;
  const jurisdiction = document.getElementById('jurisdiction');
  jurisdiction.append(...kb.vocabulary.jurisdictions.map((j) => element('option', { value: j.id, text: text(j.name) })));
  jurisdiction.value = state.settings.jurisdiction;
  const platforms = document.getElementById('platforms');
  platforms.append(
    ...kb.platforms.map((p) => {
      const id = `platform-${p.id}`;
      return element('div', { class: 'check' }, [
        element('input', { type: 'checkbox', id, 'data-platform': p.id, checked: !state.settings.disabledPlatforms.includes(p.id) }),
        element('label', { for: id, text: p.name }),
      ]);
    }),
  );

  const saved = document.getElementById('saved');
  document.getElementById('options').addEventListener('change', async () => {
    const disabled = [...platforms.querySelectorAll('input[data-platform]')].filter((box) => !box.checked).map((box) => box.dataset.platform);
    const { saved: ok } = await Storage.update(api.storage.local, (s) => {
      s.settings.language = language.value;
      s.settings.jurisdiction = jurisdiction.value;
      s.settings.disabledPlatforms = disabled;
    });
    if (!ok) {
      saved.textContent = t('problemNewerVersion');
      return;
    }
    // The page's own strings follow the new language at once.
    const next = await loadContext();
    localize(next.t, next.language);
    saved.textContent = next.t('optionsSaved');
  });
}

main();
