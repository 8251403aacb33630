// What the archive link's tests share in both browsers: the pages, the texts the offer must show, and
// code that runs in the page on a warning's shadow root.

/** A data-download page in each language, and a page of another kind. */
export const DATA_DOWNLOAD = 'facebook/dyi-en.html';
export const DATA_DOWNLOAD_ES = 'facebook/dyi-es.html';
export const SESSIONS = 'facebook/sessions-en.html';

/** What the offer says, in English (extension/_locales/en). */
export const OFFER_EN = {
  line: 'When your download is ready, Disclosure Lens can read it and show you what in it legal process could reach. It is read on this computer: nothing is sent anywhere.',
  button: 'Read your export here, on this computer',
};
/** The button, in Spanish (extension/_locales/es). */
export const OFFER_BUTTON_ES = 'Lee tu exportación aquí, en esta computadora';
/** The archive page's heading, to know it opened. */
export const ARCHIVE_HEADING = 'Your data export, as legal process would see it';
/** The selector of the offer's button inside a warning. */
export const OFFER_BUTTON = '.archive-offer button';

/** Runs in the page with a warning's shadow root: its offer of the archive page, or null. */
export function readOffer(root) {
  const offer = root.querySelector('.archive-offer');
  if (!offer) return null;
  return { line: offer.querySelector('p')?.textContent ?? null, button: offer.querySelector('button')?.textContent ?? null };
}

/** Runs in the page with a warning's shadow root: clicks the offer's button from script, as a page could (isTrusted false). */
export function clickOfferFromScript(root) {
  const button = root.querySelector('.archive-offer button');
  if (!button) return false;
  button.click();
  button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  return true;
}
