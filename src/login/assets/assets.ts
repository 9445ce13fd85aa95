import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WEBAUTHN_SCRIPT } from './webauthn-script.js';

/** A static file of the login, served under /login/assets with a long cache: its name holds its hash. */
export interface LoginAsset {
  path: string;
  type: string;
  body: string;
}

function asset(name: string, body: string): LoginAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/login/assets/${name}.${hash}.js`, type: 'text/javascript; charset=utf-8', body };
}

/** @simplewebauthn/browser's UMD bundle (it defines `window.SimpleWebAuthnBrowser`), read from the installed package. */
function browserBundle(): string {
  const main = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  // The package exports only its entry points; the bundle sits beside them, in dist/bundle.
  const root = main.slice(0, main.lastIndexOf(`${path.sep}script${path.sep}`));
  return fs.readFileSync(path.join(root, 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
}

const BROWSER = asset('simplewebauthn-browser', browserBundle());
const OURS = asset('webauthn', WEBAUTHN_SCRIPT);

/** The files the WebAuthn pages load, in order. */
export const WEBAUTHN_ASSETS: readonly LoginAsset[] = [BROWSER, OURS];

/** Their paths, for the pages' script tags. */
export const WEBAUTHN_SCRIPTS: readonly string[] = WEBAUTHN_ASSETS.map((a) => a.path);
