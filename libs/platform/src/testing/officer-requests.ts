import { randomUUID } from 'node:crypto';
import type request from 'supertest';

/**
 * An officer's requests to a service under test: every request with the officer's bearer
 * token, every command with a fresh Idempotency-Key (or the one given, to test a retry), uploads
 * with the file itself as the body.
 */
export function officerRequests(http: ReturnType<typeof request>, token: string) {
  return {
    get: (path: string) => http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}, key: string = randomUUID()) =>
      http
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', key)
        .send(body),
    upload: (path: string, bytes: Buffer, mediaType = 'application/pdf') =>
      http
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', mediaType)
        .send(bytes),
  };
}

export type OfficerRequests = ReturnType<typeof officerRequests>;
