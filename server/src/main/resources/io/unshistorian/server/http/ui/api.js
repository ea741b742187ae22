// The historian's JSON API (/api/v1/, docs/trend.md), with the caller's token when one was given.
const TOKEN_KEY = 'uns-historian-token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** GETs /api/v1/<name> with the parameters (arrays repeat a parameter); the parsed JSON answer. */
export async function api(name, parameters = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    for (const one of [].concat(value)) {
      if (one !== undefined && one !== null) query.append(key, String(one));
    }
  }
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/api/v1/${name}?${query}`, { headers });
  if (!response.ok) {
    const text = (await response.text()).trim().split('\n')[0];
    throw new ApiError(response.status, text || `the server answered ${response.status}`);
  }
  return response.json();
}

/** A JSON number of the API as a number to draw: the API writes NaN and ±Infinity as strings. */
export function finite(value) {
  return typeof value === 'number' ? value : null;
}
