import { Injectable } from '@nestjs/common';

/** Whether the application is shutting down: readiness then answers 503 so no new work arrives. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
