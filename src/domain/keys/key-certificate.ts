import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, sign, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';
import { publicJwk } from './key-set.js';

/** DER's length: short form under 128, else the count of big-endian bytes that follow. */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** DER: a tag, its length and its contents. */
function der(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const SEQUENCE = 0x30;
const SET = 0x31;
const SHA256_WITH_RSA = der(SEQUENCE, Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.from('0500', 'hex'));
const COMMON_NAME = Buffer.from('0603550403', 'hex');

function name(commonName: string): Buffer {
  return der(SEQUENCE, der(SET, der(SEQUENCE, COMMON_NAME, der(0x0c, Buffer.from(commonName, 'utf8')))));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after. */
function time(at: Date): Buffer {
  const iso = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return at.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

export interface KeyCertificate {
  /** PEM, as Auth0's `cert`. */
  pem: string;
  /** SHA-1 of the DER, `AB:CD:…` (Auth0's `fingerprint`) and bare hex (Auth0's `thumbprint`). */
  fingerprint: string;
  thumbprint: string;
}

/**
 * A self-signed X.509 certificate for a signing key, the shape Auth0's Management API reports its
 * keys in (`cert`), made from the key itself: same key, same dates, same bytes (RSA PKCS#1 v1.5
 * signatures are deterministic), so every process shows the same certificate without storing one.
 * Valid from the key's creation for ten years, subject and issuer the tenant's host.
 */
export function keyCertificate(jwk: JWK, commonName: string, createdAt: string): KeyCertificate {
  const spki = createPublicKey({ key: publicJwk(jwk) as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  const serial = createHash('sha256').update(String(jwk.kid)).digest().subarray(0, 16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const from = new Date(createdAt);
  const until = new Date(from);
  until.setUTCFullYear(from.getUTCFullYear() + 10);
  const tbs = der(
    SEQUENCE,
    der(0xa0, der(0x02, Buffer.from([0x02]))),
    der(0x02, serial),
    SHA256_WITH_RSA,
    name(commonName),
    der(SEQUENCE, time(from), time(until)),
    name(commonName),
    spki,
  );
  const signature = sign('sha256', tbs, createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }));
  const certificate = der(SEQUENCE, tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0x00]), signature));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n');
  const pem = `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const fingerprint = new X509Certificate(certificate).fingerprint;
  return { pem, fingerprint, thumbprint: fingerprint.replaceAll(':', '').toLowerCase() };
}
