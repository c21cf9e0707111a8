/** The options page's reading settings: which mentions are marked, and which articles Backstory speaks up on. */
import { useEffect, useState } from 'preact/hooks';
import type { Messages } from '../lib/i18n/index';
import { aiArticlesOnlySetting, type MarkMode, markMode, markModeSetting } from '../lib/settings/settings';
import { useI18n } from './i18n';

const modes = (t: Messages): { mode: MarkMode; label: string; hint: string }[] => [
  { mode: 'first', label: t.reading.first, hint: t.reading.firstHint },
  { mode: 'all', label: t.reading.all, hint: t.reading.allHint },
  { mode: 'none', label: t.reading.none, hint: t.reading.noneHint },
];

export function ReadingSettings() {
  const { t } = useI18n();
  const [mode, setMode] = useState<MarkMode | null>(null);
  const [aiOnly, setAiOnly] = useState<boolean | null>(null);
  useEffect(() => {
    void markMode().then(setMode);
    void aiArticlesOnlySetting.getValue().then(setAiOnly);
  }, []);
  if (mode === null || aiOnly === null) return null;
  return (
    <section aria-labelledby="reading-heading">
      <h2 id="reading-heading">{t.reading.heading}</h2>
      <fieldset class="marks-setting">
        <legend>{t.reading.marksLegend}</legend>
        {modes(t).map((m) => (
          <p key={m.mode} class="option">
            <label>
              <input
                type="radio"
                name="mark-mode"
                value={m.mode}
                checked={mode === m.mode}
                onChange={() => {
                  setMode(m.mode);
                  void markModeSetting.setValue(m.mode);
                }}
              />{' '}
              {m.label} <span class="quiet">· {m.hint}</span>
            </label>
          </p>
        ))}
      </fieldset>
      <p>
        <label>
          <input
            type="checkbox"
            checked={aiOnly}
            onChange={(event) => {
              const next = (event.currentTarget as HTMLInputElement).checked;
              setAiOnly(next);
              void aiArticlesOnlySetting.setValue(next);
            }}
          />{' '}
          {t.reading.aiOnly}
        </label>
      </p>
      <p class="quiet">{t.reading.aiOnlyNote}</p>
    </section>
  );
}
