/**
 * The options page's files: the archive saved as a feed file, a feed file imported (through a feed's
 * checks, as a source that is not official), and the feed list as OPML, out and in. An OPML file is read
 * here, with the page's DOMParser (lib/sync/opml.ts says why), and its feeds are added only after the
 * reader's click on "Add these feeds", which asks for their hosts first.
 */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText, failureOf, type Messages } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import type { ImportOutcome } from '../lib/sync/feed-file';
import { hostPatternOf } from '../lib/sync/feeds';
import { FEED_FILE_MAX_CHARS, OPML_MAX_MEBIBYTES } from '../lib/sync/file-limits';
import { feedsToOpml, type OpmlFeed, parseOpml } from '../lib/sync/opml';
import { useI18n } from './i18n';
import { downloadText, saveFeedFile } from './saveFeedFile';

function describeImport(outcome: ImportOutcome, t: Messages): string {
  return t.files.imported(
    outcome.title,
    outcome.added,
    outcome.updated,
    outcome.unchanged,
    outcome.entities,
    outcome.skippedCount ?? 0,
    outcome.skipped.slice(0, 3).join('; '),
  );
}

/**
 * Whether a chosen file is too large to be read at all, its text over `mebibytes` MiB of UTF-16 whatever it
 * holds (a character takes at most 3 bytes of UTF-8 a code unit): a file of gigabytes is refused before the page
 * reads it into memory.
 */
function tooLarge(file: File, mebibytes: number): boolean {
  return file.size > 3 * mebibytes * 1024 * 1024;
}

export function ExportImport() {
  const { t, f } = useI18n();
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [opml, setOpml] = useState<{ feeds: OpmlFeed[]; ignored: number }>();
  const [busy, setBusy] = useState(false);
  const say = (text: string, error = false) => setStatus({ text, error });

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const mebibytes = FEED_FILE_MAX_CHARS / 1024 / 1024;
    if (tooLarge(file, mebibytes)) return say(errorText(t, failureOf({ code: 'fileTooLarge', mebibytes })), true);
    setBusy(true);
    const reply = await sendMessage('importFeedFile', { text: await file.text() });
    setBusy(false);
    if (reply.ok) say(describeImport(reply.value, t));
    else say(errorText(t, reply), true);
  };

  const saveOpml = async () => {
    const reply = await sendMessage('getFeeds', {});
    if (!reply.ok) return say(errorText(t, reply), true);
    downloadText(
      'backstory-feeds.opml',
      feedsToOpml(reply.value.map((f) => ({ url: f.url, ...(f.title ? { title: f.title } : {}) }))),
      'text/x-opml',
    );
    say(t.files.savedOpml(reply.value.length));
  };

  const readOpml = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > OPML_MAX_MEBIBYTES * 1024 * 1024) {
      setOpml(undefined);
      return say(errorText(t, failureOf({ code: 'fileTooLarge', mebibytes: OPML_MAX_MEBIBYTES })), true);
    }
    const parsed = parseOpml(await file.text(), new DOMParser());
    if (!parsed.ok) {
      setOpml(undefined);
      return say(errorText(t, parsed), true);
    }
    setOpml({ feeds: parsed.feeds, ignored: parsed.ignored });
    setStatus(undefined);
  };

  const addOpmlFeeds = async (feeds: OpmlFeed[]) => {
    // Inside the click: every feed's host at once, in one prompt.
    const origins = [...new Set(feeds.map((f) => hostPatternOf(f.url)))];
    const granted = await browser.permissions.request({ origins }).catch(() => false);
    if (!granted) return say(t.files.noPermission, true);
    setBusy(true);
    const lines: string[] = [];
    let added = 0;
    for (const feed of feeds) {
      const reply = await sendMessage('addFeed', { url: feed.url });
      if (reply.ok) added += 1;
      else lines.push(`${feed.url}: ${errorText(t, reply)}`);
    }
    setBusy(false);
    setOpml(undefined);
    say(`${t.files.addedOf(added, feeds.length)}${lines.length ? `${f.space}${lines.join(' · ')}` : ''}`, lines.length > 0 && added === 0);
  };

  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">{t.files.heading}</h2>
      <p>
        <button type="button" onClick={() => void saveFeedFile({}, t).then((text) => say(text))}>
          {t.files.saveArchive}
        </button>
      </p>
      <p>
        <label>
          {t.files.importFile}{' '}
          <input type="file" accept=".json,application/json" disabled={busy} onChange={(e) => void importFile(e.currentTarget)} />
        </label>
      </p>
      <p class="quiet">{t.files.importNote}</p>
      <p>
        <button type="button" onClick={() => void saveOpml()}>
          {t.files.saveOpml}
        </button>{' '}
        <label>
          {t.files.importOpml}{' '}
          <input type="file" accept=".opml,.xml,text/xml,text/x-opml" onChange={(e) => void readOpml(e.currentTarget)} />
        </label>
      </p>
      {opml && (
        <div class="opml-preview">
          <p>{t.files.opmlLists(opml.feeds.length, opml.ignored)}</p>
          <ul>
            {opml.feeds.map((feed) => (
              <li key={feed.url}>
                {feed.title ? `${feed.title}: ` : ''}
                <span class="feed-url">{feed.url}</span>
              </li>
            ))}
          </ul>
          <button type="button" disabled={busy} onClick={() => void addOpmlFeeds(opml.feeds)}>
            {t.files.addThese}
          </button>
        </div>
      )}
      {status && (
        <p class={status.error ? 'import-error' : 'import-status'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
