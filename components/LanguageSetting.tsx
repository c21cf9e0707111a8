/** The options page's language: the browser's, or one of the bundled ones; open Backstory pages switch at once. */
import { useEffect, useState } from 'preact/hooks';
import { browserLanguage } from '../lib/i18n/choose';
import { LANGUAGE_CHOICES, type LanguageChoice, LOCALES, localeForTag } from '../lib/i18n/locales';
import { languageSetting } from '../lib/settings/settings';
import { useI18n } from './i18n';

export function LanguageSetting() {
  const { t } = useI18n();
  const [choice, setChoice] = useState<LanguageChoice | null>(null);
  useEffect(() => {
    void languageSetting.getValue().then((stored) => setChoice(LANGUAGE_CHOICES.includes(stored) ? stored : 'auto'));
    return languageSetting.watch(setChoice);
  }, []);
  if (choice === null) return null;
  return (
    <section aria-labelledby="language-heading">
      <h2 id="language-heading">{t.options.language}</h2>
      <p>
        <label>
          {t.options.languageLabel}{' '}
          <select
            name="language"
            value={choice}
            onChange={(event) => {
              const next = (event.currentTarget as HTMLSelectElement).value as LanguageChoice;
              setChoice(next);
              void languageSetting.setValue(next);
            }}
          >
            <option value="auto">{t.options.languageAuto(t.languageNames[localeForTag(browserLanguage())])}</option>
            {LOCALES.map((locale) => (
              // Each language in its own words, so a reader who cannot read the current one still finds theirs.
              <option key={locale} value={locale} lang={locale}>
                {t.languageNames[locale]}
              </option>
            ))}
          </select>
        </label>
      </p>
      <p class="quiet">{t.options.languageNote}</p>
    </section>
  );
}
