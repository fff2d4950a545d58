// Drives the vendor's Node SDK (@licensespring/node-sdk, pinned in package.json) for NodeSdkConformanceTest.
// Reads one JSON command from stdin: {"config": {...LicenseAPI config...}, "steps": [...]}, runs the steps in
// order with one SDK instance (so an OAuth token is fetched once, as in an application), and prints one JSON
// line: {"results": [...]}. Every file is written and every call signed by the SDK's own code; this script
// only calls its public functions and reports what they returned or threw.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LicenseAPI, LicenseManager } = require('@licensespring/node-sdk');
const StorageFile = require('@licensespring/node-sdk/dist/src/storage-file').default;
const OfflineActivation = require('@licensespring/node-sdk/dist/src/offline-activation').default;

async function run(command) {
  const api = new LicenseAPI(command.config);
  const results = [];
  for (const step of command.steps) {
    try {
      results.push(await runStep(api, command.config, step));
    } catch (error) {
      // The SDK rethrows the gateway's error body ({status, code, message}) as it received it.
      results.push({ error: error && error.code ? error : { message: String(error && error.message || error) } });
    }
  }
  return { results };
}

async function runStep(api, config, step) {
  switch (step.op) {
    // LicenseAPI.createOfflineDeactivationPayload: the low-level file (request_id, request, app_name, date).
    case 'create':
      return { file: api.createOfflineDeactivationPayload(step.payload) };
    // LicenseAPI.createOfflineActivationPayload: an activation file, which the deactivation endpoint refuses.
    case 'createActivation':
      return { file: api.createOfflineActivationPayload(step.payload) };
    // LicenseManager.createOfflineDeactivationPayload: adds product, hardware id and the device variables.
    case 'managerCreate': {
      const manager = new LicenseManager({ ...config, productCode: step.product, hardwareID: step.hardwareId,
        fileKey: 'conformance', filePath: tempDir() });
      return { file: manager.createOfflineDeactivationPayload(step.payload) };
    }
    // StorageFile.createRequestFile, what License.deactivateOffline() calls: deactivate_offline.req without
    // request_id and request.
    case 'requestFile': {
      const dir = tempDir();
      const storage = new StorageFile({ ...config, productCode: step.data.product, fileKey: 'conformance',
        gracePeriod: 24 }, step.data.hardware_id);
      const request = new OfflineActivation();
      request.isActivation = false;
      request.data = step.data;
      storage.createRequestFile(request, dir);
      return { file: fs.readFileSync(path.join(dir, 'deactivate_offline.req'), 'utf8') };
    }
    // LicenseAPI.deactivateOffline: posts the file as text/plain with the SDK's own Authorization.
    case 'post':
      return { result: await api.deactivateOffline(step.file) };
    default:
      throw new Error('unknown step ' + step.op);
  }
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lg-node-sdk-'));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  run(JSON.parse(input))
    // Exits at once: an OAuth SDK instance keeps a timer for its token's expiry that would hold the process.
    .then(output => { process.stdout.write(JSON.stringify(output) + '\n', () => process.exit(0)); })
    .catch(error => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(2); });
});
