/**
 * Copies text for the reader. The async Clipboard API first; where a page's permissions policy keeps it
 * from the panel's frame (it is an iframe on a news site), a selected hidden text area and
 * `execCommand('copy')`, which Chromium still allows inside the reader's click.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    await doc.defaultView?.navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = doc.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    doc.body.append(area);
    area.select();
    try {
      return doc.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
