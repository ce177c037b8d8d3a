// The entry of vendor-github.cjs (scripts/bundle.mjs): Octokit, and the parts of undici the CLI uses, taken one
// by one. undici's own index also loads its WebSocket, cache, cookie and mock modules, and one of them reaches
// for a global that makes Node load the copy of undici it bundles for its own fetch: about 5 ms of every
// download, for nothing. undici has no "exports" map, so these paths are reachable; a release that moves them
// fails this build, not a user's command.
import api from 'undici/lib/api/index.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import web from 'undici/lib/web/fetch/index.js';
import webResponse from 'undici/lib/web/fetch/response.js';

// What undici's index does first: a dispatcher's request, stream and connect methods (ProxyAgent tunnels with connect).
Object.assign(Dispatcher.prototype, api);

export { RequestError } from '@octokit/request-error';
export { Octokit } from '@octokit/rest';
export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as EnvHttpProxyAgent } from 'undici/lib/dispatcher/env-http-proxy-agent.js';
export const fetch = web.fetch;
export const Response = webResponse.Response;
