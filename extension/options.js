// The options page: language, jurisdiction, warnings on or off per platform, and the dismissed
// warnings and silenced sites with a way to restore each. Every change is saved at once; the
// background sends open pages what they now show, without reloading the extension.
import { Storage, api, choicesView, element, languageOptions, loadContext, showProblem, localize } from './pages.js';

async function main() {
  const context = await loadContext();
  const { t, kb, state, text } = context;
  localize(t, context.language);
  showProblem(context);

  // "Automatic", then the languages the knowledge base is written in, named in the page's language.
  const language = document.getElementById('language');
  const automatic = language.querySelector('option[value="auto"]');
  const showLanguages = (shown) => {
    language.replaceChildren(automatic, ...languageOptions(shown));
    language.value = shown.state.settings.language;
  };
  showLanguages(context);
  const jurisdiction = document.getElementById('jurisdiction');
  jurisdiction.append(...kb.vocabulary.jurisdictions.map((j) => element('option', { value: j.id, text: text(j.name) })));
  jurisdiction.value = state.settings.jurisdiction;
  // Transparency figures are per requesting country, and the EU is none (src/classify/figure.rs).
  const memberState = document.getElementById('member-state');
  const region = new Intl.DisplayNames([context.language], { type: 'region' });
  memberState.append(element('option', { value: '', text: t('memberStateNone') }), ...kb.eu_member_states.map((cc) => element('option', { value: cc, text: region.of(cc) })));
  memberState.value = state.settings.memberState ?? '';
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

  document.getElementById('choices').replaceWith(choicesView(context));
  // In the language now chosen, with what is now stored (a restore here, or a dismissal in a page).
  api.storage.onChanged.addListener(async (changes, area) => {
    if (area !== 'local' || !changes[Storage.KEY]) return;
    document.getElementById('choices').replaceWith(choicesView(await loadContext()));
  });

  const saved = document.getElementById('saved');
  document.getElementById('options').addEventListener('change', async () => {
    const disabled = [...platforms.querySelectorAll('input[data-platform]')].filter((box) => !box.checked).map((box) => box.dataset.platform);
    const { saved: ok } = await Storage.update(api.storage.local, (s) => {
      s.settings.language = language.value;
      s.settings.jurisdiction = jurisdiction.value;
      s.settings.memberState = memberState.value || null;
      s.settings.disabledPlatforms = disabled;
    });
    if (!ok) {
      saved.textContent = t('problemNewerVersion');
      return;
    }
    // The page's own strings follow the new language at once.
    const next = await loadContext();
    localize(next.t, next.language);
    showLanguages(next);
    saved.textContent = next.t('optionsSaved');
  });
}

main();
