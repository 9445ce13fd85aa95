// A software WebAuthn authenticator for HTTP-level tests: an ES256 key in node:crypto, "none"
// attestation, and assertions whose counter, flags and challenge the test chooses (WebAuthn L2
// §6.1 authenticator data, §6.5.4 attestation object). No maintained package does this in
// node_modules; @simplewebauthn/server's own CBOR encoder builds the structures.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64u = (data: Uint8Array) => Buffer.from(data).toString('base64url');

const FLAG = { up: 0x01, uv: 0x04, be: 0x08, at: 0x40 };

export function createSoftAuthenticator(origin: string, options: { attachment?: 'platform' | 'cross-platform'; synced?: boolean } = {}) {
  const rpIdHash = sha256(new URL(origin).hostname);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const credentialId = randomBytes(16);
  const id = b64u(credentialId);
  const attachment = options.attachment ?? 'cross-platform';
  let userHandle = '';

  function authData(flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([rpIdHash, Buffer.from([flags | (options.synced ? FLAG.be : 0)]), count, ...(attested ? [attested] : [])]);
  }

  const clientData = (type: string, challenge: string) => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

  return {
    id,
    /** navigator.credentials.create() for these options: the browser's JSON of the new credential. */
    register(creation: PublicKeyCredentialCreationOptionsJSON, counter = 0): RegistrationResponseJSON {
      userHandle = creation.user.id;
      const cose = new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, credentialId, Buffer.from(isoCBOR.encode(cose))]);
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Map<string, string> | Uint8Array>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, string>()],
          ['authData', authData(FLAG.up | FLAG.uv | FLAG.at, counter, attested)],
        ]),
      );
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: b64u(clientData('webauthn.create', creation.challenge)),
          attestationObject: b64u(attestationObject),
          transports: attachment === 'platform' ? ['internal'] : ['usb'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: attachment,
      };
    },
    /** navigator.credentials.get(): an assertion of the challenge with the counter and user verification given. */
    assert(
      request: Pick<PublicKeyCredentialRequestOptionsJSON, 'challenge'>,
      at: { counter: number; userVerified?: boolean },
    ): AuthenticationResponseJSON {
      const data = authData(FLAG.up | (at.userVerified === false ? 0 : FLAG.uv), at.counter);
      const client = clientData('webauthn.get', request.challenge);
      const signature = sign('sha256', Buffer.concat([data, sha256(client)]), privateKey);
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: { clientDataJSON: b64u(client), authenticatorData: b64u(data), signature: b64u(signature), userHandle },
        clientExtensionResults: {},
        authenticatorAttachment: attachment,
      };
    },
  };
}

export type SoftAuthenticator = ReturnType<typeof createSoftAuthenticator>;
