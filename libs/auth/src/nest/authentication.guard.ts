import {
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidToken, bearerToken, type JwtVerifier } from '../jwt/jwt-verifier';
import type { Role } from '../roles/roles';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth-metadata';
import type { AuthenticatedRequest } from './authenticated-request';
import { ACTOR_LOG_BINDER, JWT_VERIFIER, type ActorLogBinder } from './tokens';

/**
 * Global guard: every route needs a verified bearer token unless it is @Public(); @Roles limits
 * the roles. The actor goes on the request (and, through the log binder, on every log line).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_VERIFIER) private readonly verifier: JwtVerifier,
    @Optional() @Inject(ACTOR_LOG_BINDER) private readonly logBinder?: ActorLogBinder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('Sign in first: the request has no bearer token.');
    try {
      request.actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken)
        throw new UnauthorizedException(`Sign in again: ${error.reason}.`);
      throw error;
    }
    this.logBinder?.bindActor(request.actor);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(request.actor.role)) {
      throw new ForbiddenException(`Your role (${request.actor.role}) may not do this.`);
    }
    return true;
  }
}
