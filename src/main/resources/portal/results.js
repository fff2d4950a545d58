// The results table: one row per answered file, counters per outcome and per error code, a filter and a
// CSV download. Rows arrive by the hundreds while uploads stream; they are queued and added to the page
// once per animation frame, so typing in the filter stays responsive. Every value is file content (the
// attacker's, possibly): it only ever reaches the page as textContent, never as markup.

const COLUMNS = ['name', 'company', 'product', 'license', 'hardware_id', 'request_id'];

export class Results {
  constructor(elements, onLookup) {
    this.el = elements;
    this.onLookup = onLookup;
    this.rows = [];
    this.queue = [];
    this.scheduled = false;
    this.counts = { total: 0, deactivated: 0, already_applied: 0, error: 0 };
    this.errorCodes = new Map();
    this.el.onlyFailures.addEventListener('change', () => this.refilter());
    this.el.filter.addEventListener('input', () => this.refilter());
    this.el.download.addEventListener('click', () => this.download());
  }

  clear() {
    this.rows = [];
    this.queue = [];
    this.counts = { total: 0, deactivated: 0, already_applied: 0, error: 0 };
    this.errorCodes.clear();
    this.el.body.replaceChildren();
    this.renderCounts();
  }

  /** Takes one answered file; the page shows it at the next frame. */
  add(name, line) {
    const outcome = ['deactivated', 'already_applied'].includes(line.outcome) ? line.outcome : 'error';
    const row = {
      name: String(name), company: text(line.company), product: text(line.product), license: text(line.license),
      hardware_id: text(line.hardware_id), request_id: text(line.request_id), outcome,
      code: outcome === 'error' ? text(line.code) || 'error' : '', message: outcome === 'error' ? text(line.message) : '',
    };
    this.rows.push(row);
    this.queue.push(row);
    this.counts.total++;
    this.counts[outcome]++;
    if (outcome === 'error') {
      this.errorCodes.set(row.code, (this.errorCodes.get(row.code) || 0) + 1);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.scheduled = false;
    const fragment = document.createDocumentFragment();
    const filter = this.currentFilter();
    for (const row of this.queue) {
      row.element = this.rowElement(row);
      row.element.hidden = !filter(row);
      fragment.appendChild(row.element);
    }
    this.queue = [];
    this.el.body.appendChild(fragment);
    this.renderCounts();
  }

  rowElement(row) {
    const tr = document.createElement('tr');
    tr.dataset.outcome = row.outcome;
    for (const column of COLUMNS) {
      const td = cell(tr, row[column]);
      if (column === 'license' && row.company && row.license) {
        td.replaceChildren();
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = row.license;
        button.title = 'Look up this license';
        button.addEventListener('click', () => this.onLookup(row.company, row.license));
        td.appendChild(button);
      }
    }
    const outcome = cell(tr, describe(row));
    outcome.className = 'outcome-' + row.outcome;
    return tr;
  }

  renderCounts() {
    this.el.total.textContent = String(this.counts.total);
    this.el.deactivated.textContent = String(this.counts.deactivated);
    this.el.already.textContent = String(this.counts.already_applied);
    this.el.failed.textContent = String(this.counts.error);
    const items = [...this.errorCodes.entries()].sort((a, b) => b[1] - a[1]).map(([code, count]) => {
      const li = document.createElement('li');
      li.dataset.code = code;
      li.textContent = code + ': ' + count;
      return li;
    });
    this.el.errorCounts.replaceChildren(...items);
    this.el.download.disabled = this.rows.length === 0;
  }

  currentFilter() {
    const onlyFailures = this.el.onlyFailures.checked;
    const needle = this.el.filter.value.trim().toLowerCase();
    return (row) => (!onlyFailures || row.outcome === 'error')
      && (!needle || searchable(row).includes(needle));
  }

  /** Once per frame however fast the operator types; only rows whose state changes are touched. */
  refilter() {
    if (this.refilterScheduled) {
      return;
    }
    this.refilterScheduled = true;
    requestAnimationFrame(() => {
      this.refilterScheduled = false;
      const filter = this.currentFilter();
      for (const row of this.rows) {
        if (row.element) {
          const hidden = !filter(row);
          if (row.element.hidden !== hidden) {
            row.element.hidden = hidden;
          }
        }
      }
    });
  }

  /** Every row (not only the shown ones) as CSV; cells that a spreadsheet would run as formulas are defused. */
  csv() {
    const header = ['file', 'company', 'product', 'license', 'hardware_id', 'request_id', 'outcome', 'code', 'message'];
    const lines = [header.join(',')];
    for (const row of this.rows) {
      lines.push([row.name, row.company, row.product, row.license, row.hardware_id, row.request_id, row.outcome,
        row.code, row.message].map(csvCell).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }

  download() {
    const blob = new Blob([this.csv()], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'offline-portal-results.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }
}

function text(value) {
  return value === null || value === undefined ? '' : String(value);
}

function cell(tr, value) {
  const td = document.createElement('td');
  td.textContent = value;
  td.title = value;
  tr.appendChild(td);
  return td;
}

function describe(row) {
  if (row.outcome === 'deactivated') {
    return 'deactivated';
  }
  if (row.outcome === 'already_applied') {
    return 'already applied';
  }
  return row.code + ': ' + row.message;
}

function searchable(row) {
  if (row.search === undefined) {
    row.search = [row.name, row.company, row.product, row.license, row.hardware_id, row.request_id, row.outcome,
      row.code, row.message].join('\n').toLowerCase();
  }
  return row.search;
}

/** Quoted always; a leading = + - @ tab or CR gets a ' so that no spreadsheet evaluates it (CSV injection). */
export function csvCell(value) {
  let s = text(value);
  if (/^[=+\-@\t\r]/.test(s)) {
    s = "'" + s;
  }
  return '"' + s.replace(/"/g, '""') + '"';
}
