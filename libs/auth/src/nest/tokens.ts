/** Injection tokens the host application (the platform) provides for the auth guards. */
export const JWT_VERIFIER = Symbol('dinsos:jwt-verifier');
export const OWNERSHIP_READER = Symbol('dinsos:ownership-reader');
/** Optional: attaches the actor to every later log line of the request. */
export const ACTOR_LOG_BINDER = Symbol('dinsos:actor-log-binder');

export interface ActorLogBinder {
  bindActor(actor: { id: string; role: string; officeCode: string }): void;
}
