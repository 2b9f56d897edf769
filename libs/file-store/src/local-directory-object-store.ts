import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertObjectName, OBJECT_NAME, type ObjectStore } from './object-store';

/**
 * Objects as files under one directory, fanned out by the first two hex digits
 * (`ab/ab12…`). A write goes to a temporary file that is flushed and then renamed into place, so
 * a reader never sees half an object and a crash leaves at most a stray temporary file.
 */
export class LocalDirectoryObjectStore implements ObjectStore {
  constructor(readonly directory: string) {
    if (!path.isAbsolute(directory))
      throw new Error(`the file store directory must be an absolute path, got ${directory}`);
  }

  private pathOf(name: string): string {
    assertObjectName(name);
    return path.join(this.directory, name.slice(0, 2), name);
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(name);
    if (await this.has(name)) return;
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(
      temporary,
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      0o600,
    );
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Another writer may have put the same object meanwhile: same name, same bytes, either wins.
    await fs.rename(temporary, target);
  }

  async get(name: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.pathOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async has(name: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(name));
      return true;
    } catch {
      return false;
    }
  }

  async *list(): AsyncIterable<string> {
    let fanOut: string[];
    try {
      fanOut = (await fs.readdir(this.directory)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const prefix of fanOut) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of (await fs.readdir(path.join(this.directory, prefix))).sort()) {
        if (OBJECT_NAME.test(name) && name.startsWith(prefix)) yield name;
      }
    }
  }
}
