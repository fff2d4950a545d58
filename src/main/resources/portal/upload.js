// Collecting request files (picker, folder picker, drag and drop of files and folders, pasted text) and
// sending them to POST /admin/v1/offline-files in batches, a few batches in flight, each answer read as
// a stream of NDJSON lines. Thousands of files never make one giant request, and results show up while
// later batches are still being sent.

import { call, errorOf, ApiError } from './credential.js';

export const BATCH_FILES = 100;
export const IN_FLIGHT = 3;
// Bigger than the gateway accepts per file (64 KiB by default): a larger file is sent cut to this, so
// the gateway itself answers payload_too_large, without the page reading a huge file into memory.
const MAX_READ = 1024 * 1024;

/** An upload item: a name to show and a way to read its text. */
export function fromFile(file, name) {
  return { name: name || file.webkitRelativePath || file.name, read: () => file.slice(0, MAX_READ).text() };
}

export function fromText(name, text) {
  return { name, read: () => Promise.resolve(text) };
}

/** Files of a picker: all of them for plain choice; in a folder only the .req files. */
export function fromPicker(fileList, folder) {
  const items = [];
  for (const file of fileList) {
    if (!folder || isRequestFile(file.name)) {
      items.push(fromFile(file));
    }
  }
  return items;
}

function isRequestFile(name) {
  return name.toLowerCase().endsWith('.req');
}

/** Files and folders dropped on the page: folders are walked, keeping their .req files. */
export async function fromDrop(dataTransfer) {
  const entries = [];
  for (const item of dataTransfer.items || []) {
    const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (entry) {
      entries.push(entry);
    }
  }
  if (entries.length === 0) {
    return Array.from(dataTransfer.files || []).map((file) => fromFile(file));
  }
  const items = [];
  for (const entry of entries) {
    await walk(entry, items, false);
  }
  return items;
}

async function walk(entry, items, inFolder) {
  if (entry.isFile) {
    if (!inFolder || isRequestFile(entry.name)) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      items.push(fromFile(file, entry.fullPath.replace(/^\//, '')));
    }
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    // readEntries answers at most ~100 entries per call: read until it answers none.
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) {
      return;
    }
    for (const child of batch) {
      await walk(child, items, true);
    }
  }
}

/**
 * Sends the items; calls onResult(globalIndex, line) for every answered file (a line of the gateway's
 * NDJSON, or an error line made here when a whole batch failed), and resolves when all are answered.
 */
export async function send(items, onResult) {
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const from = next;
      next = Math.min(items.length, next + BATCH_FILES);
      await sendBatch(items.slice(from, next), from, onResult);
    }
  }
  const workers = [];
  for (let i = 0; i < Math.min(IN_FLIGHT, Math.ceil(items.length / BATCH_FILES)); i++) {
    workers.push(worker());
  }
  await Promise.all(workers);
}

async function sendBatch(batch, offset, onResult) {
  const answered = new Set();
  try {
    const lines = await Promise.all(batch.map(async (item) =>
      JSON.stringify({ name: item.name, content: await item.read() })));
    const response = await call('/admin/v1/offline-files', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson', Accept: 'application/x-ndjson' },
      body: lines.join('\n') + '\n',
    });
    await readLines(response, (line) => {
      const index = Number.isInteger(line.index) ? line.index : -1;
      if (index >= 0 && index < batch.length && !answered.has(index)) {
        answered.add(index);
        onResult(offset + index, line);
      }
    });
    if (answered.size < batch.length) {
      throw new ApiError(0, 'incomplete_answer', 'The gateway ended its answer before this file; upload it again.');
    }
  } catch (e) {
    const error = e instanceof ApiError ? e : new ApiError(0, 'network_error', 'The upload was interrupted.');
    batch.forEach((item, index) => {
      if (!answered.has(index)) {
        onResult(offset + index, {
          index, name: item.name, status: error.status, outcome: 'error', code: error.code, message: error.message,
        });
      }
    });
  }
}

async function readLines(response, onLine) {
  if (!response.body) {
    throw await errorOf(response);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += decoder.decode(value || new Uint8Array(), { stream: !done });
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (text) {
        onLine(JSON.parse(text));
      }
    }
    if (done) {
      return;
    }
  }
}
