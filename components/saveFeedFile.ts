/** Saving files the reader asked for: a feed file of the archive or of one entity, an OPML list. */
import type { Messages } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';

/** Saves text as a file through a download (the browser asks where, or saves to its downloads folder). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the download has taken the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Asks the worker for the archive (or one entity's items) as a feed file and saves it; says what was saved, or why not. */
export async function saveFeedFile(data: { entityId?: string }, t: Messages): Promise<string> {
  const reply = await sendMessage('exportFeedFile', data);
  if (!reply.ok) return t.files.couldNotSave(reply.error);
  const { name, text, items } = reply.value;
  downloadText(name, text, 'application/json');
  return t.files.saved(items, name);
}
