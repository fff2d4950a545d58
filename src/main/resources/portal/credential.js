// How the portal signs in: a credential is something that can produce an Authorization header. Today the
// one kind is the gateway's admin token; per-company operator accounts would add a kind here (e.g. a
// token obtained by signing in with a name and password) and nothing else in the page would change.
// The credential lives in this tab's sessionStorage (gone when the tab closes, never shared with other
// tabs, never in a URL) and travels only in the Authorization header, so no other site can make the
// browser send it (no cookie, hence no CSRF).

const STORAGE_KEY = 'license-gateway.portal.credential';

/** The gateway's admin token (gateway.admin.token). */
export class AdminToken {
  constructor(token) {
    this.kind = 'admin-token';
    this.token = token;
  }

  authorization() {
    return 'Bearer ' + this.token;
  }
}

const KINDS = { 'admin-token': (stored) => new AdminToken(stored.token) };

let current = restore();

function restore() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    return stored && KINDS[stored.kind] ? KINDS[stored.kind](stored) : null;
  } catch (e) {
    return null;
  }
}

/** The signed-in credential, or null. */
export function credential() {
  return current;
}

export function keep(credential) {
  current = credential;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind: credential.kind, token: credential.token }));
}

export function forget() {
  current = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

/** An error answer of the gateway ({status, code, message}) or of the network. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** fetch() with the credential's Authorization header; same origin only, never a cookie. */
export async function call(path, options = {}, using = current) {
  if (!using) {
    throw new ApiError(401, 'unauthorized', 'Not signed in.');
  }
  const headers = Object.assign({}, options.headers, { Authorization: using.authorization() });
  let response;
  try {
    response = await fetch(path, Object.assign({}, options, {
      headers, credentials: 'omit', cache: 'no-store', redirect: 'error',
    }));
  } catch (e) {
    throw new ApiError(0, 'network_error', 'The gateway could not be reached.');
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  return response;
}

export async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // Not the documented error shape (a proxy's page): fall back to the status.
  }
  const code = body && typeof body.code === 'string' ? body.code : 'http_' + response.status;
  const message = body && typeof body.message === 'string' ? body.message : 'HTTP ' + response.status;
  return new ApiError(response.status, code, message);
}

/** Checks a credential with the gateway (who does it sign in as?) before keeping it. */
export async function signIn(candidate) {
  const response = await call('/admin/v1/operator', { method: 'GET' }, candidate);
  const operator = await response.json();
  keep(candidate);
  return operator;
}

export async function whoAmI() {
  const response = await call('/admin/v1/operator', { method: 'GET' });
  return response.json();
}
