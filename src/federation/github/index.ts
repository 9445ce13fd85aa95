/** GitHub sign-in for `github` social connections: OAuth 2.0 web flow plus GitHub's user and emails APIs. */
export { createGithubUpstream, verifiedPrimaryEmail } from './github-client.js';
export type { GithubUpstream, GithubUpstreamDeps } from './github-client.js';
export { GITHUB_URL, GITHUB_API_URL, readGithubSettings } from './settings.js';
export type { GithubEndpoints, GithubSettings } from './settings.js';
