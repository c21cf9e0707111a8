/**
 * Machine translation of archive text in the panel (lib/i18n/translate.ts): where the browser translates
 * on the machine into the reader's language, an item offers "Translate"; the result is marked
 * machine-translated, with the original one click away. Elsewhere nothing is offered and the original shows.
 */

import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import { machineTranslator, type TranslateText } from '../lib/i18n/translate';
import { useI18n } from './i18n';

const TranslatorContext = createContext<TranslateText | null>(null);

/** Finds out once, for the panel's page, whether it can translate into the reader's language. */
export function TranslatorProvider({ children }: { children: ComponentChildren }) {
  const { locale } = useI18n();
  const [translate, setTranslate] = useState<TranslateText | null>(null);
  useEffect(() => {
    let current = true;
    setTranslate(null);
    void machineTranslator(locale).then((found) => {
      if (current) setTranslate(() => found);
    });
    return () => {
      current = false;
    };
  }, [locale]);
  return <TranslatorContext.Provider value={translate}>{children}</TranslatorContext.Provider>;
}

type State = { kind: 'original' } | { kind: 'working' } | { kind: 'translated'; texts: string[] } | { kind: 'failed' };

/**
 * The texts as the reader chose to see them (translated or original), and the control that switches them:
 * nothing at all where the browser cannot translate.
 */
export function useMachineTranslation(texts: string[]): { texts: string[]; control: ComponentChildren; lang: string | undefined } {
  const { t } = useI18n();
  const translate = useContext(TranslatorContext);
  const [state, setState] = useState<State>({ kind: 'original' });
  if (!translate) return { texts, control: null, lang: ARCHIVE_LANG };
  const run = async (): Promise<void> => {
    setState({ kind: 'working' });
    const done = await Promise.all(texts.map((text) => translate(text)));
    const translated = done.flatMap((d) => (d.ok ? [d.text] : []));
    setState(translated.length === texts.length ? { kind: 'translated', texts: translated } : { kind: 'failed' });
  };
  const control =
    state.kind === 'translated' ? (
      <p class="machine-translation">
        <span class="label">{t.translate.machine}</span>{' '}
        <button type="button" class="more" onClick={() => setState({ kind: 'original' })}>
          {t.translate.showOriginal}
        </button>
      </p>
    ) : (
      <p class="machine-translation">
        <button type="button" class="more" disabled={state.kind === 'working'} onClick={() => void run()}>
          {state.kind === 'working' ? t.translate.working : t.translate.offer(t.translate.languageName)}
        </button>
        {state.kind === 'failed' && <span role="status">{` ${t.translate.failed}`}</span>}
      </p>
    );
  // The archive's language, or the reader's (inherited) once translated: a screen reader reads each in its own voice.
  return {
    texts: state.kind === 'translated' ? state.texts : texts,
    control,
    lang: state.kind === 'translated' ? undefined : ARCHIVE_LANG,
  };
}
