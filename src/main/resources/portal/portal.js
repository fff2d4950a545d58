// The Offline Portal's entry point: sign-in and sign-out, the upload controls and the progress bar.

import { AdminToken, credential, forget, signIn, whoAmI } from './credential.js';
import { fromDrop, fromPicker, fromText, send } from './upload.js';
import { Results } from './results.js';
import { Lookup } from './lookup.js';

const $ = (id) => document.getElementById(id);

const lookup = new Lookup({
  form: $('lookup-form'), company: $('lookup-company'), license: $('lookup-license'), error: $('lookup-error'),
  result: $('lookup-result'), summary: $('license-summary'), devices: document.querySelector('#devices tbody'),
  history: document.querySelector('#history tbody'),
});
const results = new Results({
  body: document.querySelector('#results tbody'), total: $('count-total'), deactivated: $('count-deactivated'),
  already: $('count-already'), failed: $('count-failed'), errorCounts: $('error-counts'),
  onlyFailures: $('only-failures'), filter: $('filter'), download: $('download-csv'),
}, (company, license) => lookup.show(company, license));

let sent = 0;
let answered = 0;

function showSignedIn(operator) {
  $('operator').textContent = operator.name + (operator.companies ? ' (' + operator.companies.join(', ') + ')' : '');
  $('who').hidden = false;
  $('workspace').hidden = false;
  $('sign-in-panel').hidden = true;
}

function showSignedOut(message) {
  $('who').hidden = true;
  $('workspace').hidden = true;
  $('sign-in-panel').hidden = false;
  $('sign-in-error').textContent = message || '';
  $('token').value = '';
  results.clear();
}

function progress() {
  const percent = sent === 0 ? 0 : Math.floor((answered * 100) / sent);
  $('progress').value = percent;
  $('progress').dataset.answered = String(answered);
  $('progress').dataset.sent = String(sent);
  $('progress-text').textContent = answered === sent
    ? answered + ' of ' + sent + ' files answered (100 %)'
    : answered + ' of ' + sent + ' files answered (' + percent + ' %)';
}

let scheduledProgress = false;
function scheduleProgress() {
  if (!scheduledProgress) {
    scheduledProgress = true;
    requestAnimationFrame(() => {
      scheduledProgress = false;
      progress();
    });
  }
}

async function upload(items) {
  if (items.length === 0) {
    $('progress-text').textContent = 'No request files found there.';
    return;
  }
  sent += items.length;
  progress();
  await send(items, (index, line) => {
    results.add(items[index].name, line);
    answered++;
    if (line.code === 'unauthorized' || line.code === 'admin_api_closed') {
      forget();
      showSignedOut('Signed out: the gateway refused the credential (' + line.code + ').');
    }
    scheduleProgress();
  });
  progress();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    showSignedIn(await signIn(new AdminToken($('token').value.trim())));
    $('token').value = '';
  } catch (e) {
    $('sign-in-error').textContent = e.status === 401 ? 'The gateway did not accept this token.'
      : (e.code ? e.code + ': ' : '') + e.message;
  }
});

$('sign-out').addEventListener('click', () => {
  forget();
  sent = 0;
  answered = 0;
  showSignedOut('Signed out.');
  $('progress').value = 0;
  $('progress-text').textContent = 'No upload yet.';
});

$('clear-results').addEventListener('click', () => {
  results.clear();
});

$('files').addEventListener('change', (event) => {
  upload(fromPicker(event.target.files, false));
  event.target.value = '';
});

$('folder').addEventListener('change', (event) => {
  upload(fromPicker(event.target.files, true));
  event.target.value = '';
});

$('upload-paste').addEventListener('click', () => {
  const text = $('paste').value;
  if (text.trim()) {
    upload([fromText('pasted text', text)]);
    $('paste').value = '';
  }
});

const zone = $('drop-zone');
zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', async (event) => {
  event.preventDefault();
  zone.classList.remove('over');
  upload(await fromDrop(event.dataTransfer));
});
// A file dropped next to the zone would otherwise make the browser open it instead of the portal.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

if (credential()) {
  whoAmI().then(showSignedIn).catch(() => {
    forget();
    showSignedOut('Please sign in again.');
  });
}
