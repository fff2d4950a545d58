// The license lookup: the admin API's view of one license (counters, devices active and released) and its
// deactivation history. Values are shown as text only.

import { call } from './credential.js';

export class Lookup {
  constructor(elements) {
    this.el = elements;
    this.el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.show(this.el.company.value.trim(), this.el.license.value.trim());
    });
  }

  async show(company, license) {
    this.el.company.value = company;
    this.el.license.value = license;
    this.el.error.textContent = '';
    this.el.result.hidden = true;
    try {
      const base = '/admin/v1/companies/' + encodeURIComponent(company);
      const view = await (await call(base + '/licenses/' + encodeURIComponent(license))).json();
      const history = await (await call(base + '/deactivations?limit=1000&license_id='
        + encodeURIComponent(view.license_id))).json();
      this.render(view, history.events || []);
    } catch (e) {
      this.el.error.textContent = (e.code ? e.code + ': ' : '') + e.message;
    }
  }

  render(view, events) {
    const consumption = view.consumption || {};
    const summary = [
      ['Company', view.company], ['Product', view.product], ['License', view.license_key || '(user based)'],
      ['License id', view.license_id], ['Type', view.type + (view.trial ? ' (trial)' : '')],
      ['Enabled', view.enabled ? 'yes' : 'no'],
      ['Activations', view.times_activated + ' of ' + view.max_activations],
      ['Consumptions', consumption.total + ' of ' + consumption.max
        + (consumption.unlimited ? ' (unlimited)' : consumption.allow_overages ? ' + ' + consumption.max_overages + ' overages' : '')],
    ];
    for (const feature of view.features || []) {
      summary.push(['Feature ' + feature.code, feature.total + ' of ' + feature.max_consumption]);
    }
    for (const user of view.users || []) {
      summary.push(['User', user.username]);
    }
    summary.push(['Devices', String(view.devices_total)]);
    this.el.summary.replaceChildren(...summary.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value === null || value === undefined ? '' : String(value);
      dd.dataset.term = term;
      return [dt, dd];
    }));
    this.el.devices.replaceChildren(...(view.devices || []).map((device) => row([
      device.hardware_id, device.active ? 'active' : 'released', time(device.activated_at), time(device.deactivated_at),
    ])));
    this.el.history.replaceChildren(...events.map((event) => {
      const info = event.client_info && typeof event.client_info === 'object' ? event.client_info : {};
      return row([time(event.created_at), event.request_id, event.hardware_id, event.principal, event.source_ip,
        event.consumptions, info.hostname, info.os_ver]);
    }));
    this.el.result.hidden = false;
  }
}

function row(values) {
  const tr = document.createElement('tr');
  for (const value of values) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '' : String(value);
    tr.appendChild(td);
  }
  return tr;
}

function time(value) {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  return isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
