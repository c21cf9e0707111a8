/** The options page's reading settings: which mentions are marked, and which articles Backstory speaks up on. */
import { useEffect, useState } from 'preact/hooks';
import { aiArticlesOnlySetting, type MarkMode, markMode, markModeSetting } from '../lib/settings/settings';

const MODES: { mode: MarkMode; label: string; hint: string }[] = [
  { mode: 'first', label: 'First mention of each name', hint: 'one mark a name, where the article first uses it' },
  { mode: 'all', label: 'All mentions', hint: 'every time a name comes up' },
  { mode: 'none', label: 'No marks, panel only', hint: 'the text is left as it is; the tab and panel stay' },
];

export function ReadingSettings() {
  const [mode, setMode] = useState<MarkMode | null>(null);
  const [aiOnly, setAiOnly] = useState<boolean | null>(null);
  useEffect(() => {
    void markMode().then(setMode);
    void aiArticlesOnlySetting.getValue().then(setAiOnly);
  }, []);
  if (mode === null || aiOnly === null) return null;
  return (
    <section aria-labelledby="reading-heading">
      <h2 id="reading-heading">Reading</h2>
      <fieldset class="marks-setting">
        <legend>Names marked in the article</legend>
        {MODES.map((m) => (
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
          Only articles about AI and technology
        </label>
      </p>
      <p class="quiet">
        Judged from the names Backstory finds: an AI lab, model, product, technology company or technology law in the headline or lede, or
        two of them anywhere. Elsewhere Backstory shows no tab and no marks. Both settings apply from the next page load.
      </p>
    </section>
  );
}
