import {
  createRemoteJWKSet,
  errors as joseErrors,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type JWTVerifyGetKey,
} from 'jose';
import { isOfficeCode } from '../office-scope/office-scope';
import { isRole, type AuthenticatedActor } from '../roles/roles';

/** The claims a token carries besides `sub`: one role and one office per token. */
export const tokenClaims = { role: 'role', officeCode: 'office' } as const;

/** Algorithms accepted from a JWKS (OIDC providers sign with RS256 or ES256) or a dev key. */
export const acceptedAlgorithms = ['ES256', 'RS256', 'EdDSA'];
export const devKeyAlgorithm = 'ES256';

export type JwtKeySource =
  | { jwksUrl: string }
  /** A PEM SPKI public key: the development key pair (`npm run token`). */
  | { publicKeyPem: string };

export interface JwtVerifierOptions {
  keys: JwtKeySource;
  issuer?: string;
  audience?: string;
  /** Allowed clock skew between the issuer and this service. Default 30 s. */
  clockToleranceSeconds?: number;
}

/** The token is missing, malformed, expired, not signed by a trusted key, or lacks a claim. */
export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** Verifies bearer tokens (signature, expiry, issuer, audience) and reads the actor from them. */
export class JwtVerifier {
  private constructor(
    private readonly key: JWTVerifyGetKey | CryptoKey,
    private readonly options: JwtVerifierOptions,
  ) {}

  static async create(options: JwtVerifierOptions): Promise<JwtVerifier> {
    if ('jwksUrl' in options.keys) {
      return new JwtVerifier(createRemoteJWKSet(new URL(options.keys.jwksUrl)), options);
    }
    const key = await importSPKI(options.keys.publicKeyPem, devKeyAlgorithm);
    return new JwtVerifier(key, options);
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    let payload: Record<string, unknown>;
    try {
      const verified = await jwtVerify(token, this.key as JWTVerifyGetKey, {
        algorithms: acceptedAlgorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      });
      payload = verified.payload;
    } catch (error) {
      throw new InvalidToken(describeJoseError(error));
    }
    const role = payload[tokenClaims.role];
    const officeCode = payload[tokenClaims.officeCode];
    if (typeof payload.sub !== 'string' || payload.sub.length === 0)
      throw new InvalidToken('the token has no subject');
    if (!isRole(role))
      throw new InvalidToken(`the token's ${tokenClaims.role} claim is not a known role`);
    if (!isOfficeCode(officeCode)) {
      throw new InvalidToken(`the token's ${tokenClaims.officeCode} claim is not an office code`);
    }
    return { id: payload.sub, role, officeCode };
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'the token signature is not valid';
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return 'the token was not signed by a trusted key';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
    return 'the token is malformed';
  if (error instanceof joseErrors.JWKSTimeout) return 'the key set could not be fetched in time';
  return 'the token could not be verified';
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(value) : null;
  return match?.[1];
}
