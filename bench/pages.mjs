// Generated account pages for the browser benchmarks: a Facebook security page
// (https://www.facebook.com/settings?tab=security) shaped like tests/fixtures/pages/facebook/sessions-en.html
// (wrapper divs with generated class names, a navigation column, then session rows of device,
// place, IP address and time, then settings with a description and a switch), repeated until the
// body holds `elements` elements. Deterministic: the same count gives the same page.

const DEVICES = ['Windows PC', 'iPhone 15', 'MacBook Air', 'Galaxy S23', 'iPad', 'Pixel 8'];
const PLACES = ['Houston, TX, United States', 'Austin, TX, United States', 'Dallas, TX, United States', 'El Paso, TX, United States'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SETTINGS = [
  ['Location history', 'Location History lets you see and manage the places you have been with your mobile devices, even when you are not using Facebook.'],
  ['Off-Facebook activity', 'A summary of activity that businesses and organizations share with us about your interactions with them, such as visiting their apps or websites.'],
  ['Personalized ads', 'Choose whether we can use data from partners about your activity on websites and apps to show you personalized ads.'],
  ['Upload contacts', 'Continuous contact uploading lets you send info about your phone contacts to Meta on an ongoing basis.'],
  ['Get alerts about unrecognized logins', 'We will let you know if anyone logs in from a device or browser you do not usually use.'],
];
const NAV = ['Personal details', 'Password and security', 'Your information and permissions', 'Ad preferences', 'Payments', 'Accounts', 'Privacy', 'Profile and tagging', 'Blocking', 'Notifications'];

/** A class attribute like the platform's generated ones. */
const cls = (i) => `x${(i * 2654435761 % 0xfffff).toString(36)} x1n2onr6 x${(i * 40503 % 0xffff).toString(36)}`;

/** `open(tag, attrs)` writes an element's opening tag with a generated class; `count` is how many. */
function openingTags() {
  const tags = {
    count: 0,
    open: (tag, attrs = '') => {
      tags.count++;
      return `<${tag} class="${cls(tags.count)}"${attrs}>`;
    },
  };
  return tags;
}

export function accountPage(elements) {
  const tags = openingTags();
  const { open } = tags;
  const parts = [];
  parts.push(open('div', ' id="mount_0_0"'), open('div', ' role="navigation" aria-label="Account Controls and Settings"'));
  for (const [i, label] of NAV.entries()) parts.push(`${open('div')}${open('a', ` href="/settings/${i}" role="link"`)}${open('span', ' dir="auto"')}${label}</span></a></div>`);
  parts.push('</div>', open('div', ' role="main"'), `${open('h1')}Security and login</h1>`, `${open('h2')}Where you're logged in</h2>`, open('div', ' role="list"'));
  const when = (i) => `${MONTHS[i % 12]} ${1 + (i % 28)} at ${1 + (i % 12)}:${String((i * 7) % 60).padStart(2, '0')} ${i % 2 ? 'PM' : 'AM'}`;
  // Session rows take up to 40% of the page, settings the rest.
  let i = 0;
  for (; tags.count < elements * 0.4; i++) {
    const ip = i % 4 === 3 ? `2001:db8:4f2a:${i.toString(16)}::1b` : `203.0.${113 + Math.floor(i / 250)}.${(i % 250) + 1}`;
    parts.push(
      open('div', ' role="listitem"'),
      `${open('div')}${open('div')}${open('span', ' dir="auto"')}${DEVICES[i % DEVICES.length]}</span>${open('span', ' dir="auto"')}${PLACES[Math.floor(i / 3) % PLACES.length]}</span></div>`,
      `${open('div')}${open('span', ' dir="auto"')}${ip}</span>${open('span', ' dir="auto"')}${i === 0 ? 'Active now' : when(i)}</span></div></div>`,
      `${open('div', ' role="button" aria-label="More options"')}</div></div>`,
    );
  }
  parts.push('</div>', `${open('h2')}Login and privacy</h2>`);
  for (let j = 0; tags.count < elements - 8; j++) {
    const [label, description] = SETTINGS[j % SETTINGS.length];
    parts.push(
      `${open('div')}${open('div')}${open('div')}${open('span', ' dir="auto"')}${label}</span>${open('span', ' dir="auto"')}${description} Last changed ${when(j)}.</span></div>`,
      `${open('div')}${open('input', ` type="checkbox" role="switch" aria-label="${label}"${j % 3 ? ' checked' : ''}`)}</div></div></div>`,
    );
  }
  parts.push('</div></div>');
  return {
    url: 'https://www.facebook.com/settings?tab=security',
    elements: tags.count + 1, // and body
    sessionRows: i,
    /** The page; `head` and `tail` are inserted as given (scripts of the benchmark, a slow image). */
    html: ({ head = '', tail = '' } = {}) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Security and login settings | Facebook</title><link rel="canonical" href="https://www.facebook.com/settings?tab=security">${head}</head><body>${parts.join('')}${tail}</body></html>`,
  };
}

/**
 * A Facebook news feed (https://www.facebook.com/) of `elements` elements with three headings only, a
 * page the gate keeps closed: posts of an author link, a time, text and three buttons, in wrapper
 * divs. Few headings is the worst case for a look that searches the page for the first twenty.
 */
export function feedPage(elements) {
  const tags = openingTags();
  const { open } = tags;
  const parts = [];
  parts.push(open('div', ' id="mount_0_0"'), `${open('h1')}Facebook</h1>`, open('div', ' role="navigation" aria-label="Shortcuts"'), `${open('h2')}Your shortcuts</h2>`);
  for (const [i, label] of ['Friends', 'Groups', 'Marketplace', 'Watch', 'Memories'].entries()) parts.push(`${open('div')}${open('a', ` href="/nav/${i}" role="link"`)}${open('span', ' dir="auto"')}${label}</span></a></div>`);
  parts.push('</div>', open('div', ' role="main"'), `${open('h2')}News Feed</h2>`, open('div', ' role="feed"'));
  for (let i = 0; tags.count < elements - 12; i++) {
    parts.push(
      open('div', ' aria-posinset="' + (i + 1) + '"'),
      `${open('div')}${open('a', ` href="/friend.${i}" role="link"`)}${open('span', ' dir="auto"')}Friend ${i}</span></a>${open('span')}${MONTHS[i % 12]} ${1 + (i % 28)}</span></div>`,
      `${open('div', ' dir="auto"')}${open('span')}A post about lunch, number ${i}, and what came after it.</span></div>`,
      `${open('div')}${open('div', ' role="button"')}Like</div>${open('div', ' role="button"')}Comment</div>${open('div', ' role="button"')}Share</div></div></div>`,
    );
  }
  parts.push('</div></div></div>');
  return {
    url: 'https://www.facebook.com/?bench=feed',
    elements: tags.count + 1,
    html: ({ head = '' } = {}) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Facebook</title>${head}</head><body>${parts.join('')}</body></html>`,
  };
}
