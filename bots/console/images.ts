import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ReplyImage } from '../../core/index.ts';

/** Where the console keeps the pictures replies carry (git-ignored). */
export const CHARTS_DIR = resolve('.charts');

let sequence = 0;

/** Writes a reply's picture to a file and returns the line the console prints for it. */
export function saveImage(image: ReplyImage, dir = CHARTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}-${(sequence += 1)}-${image.name}`);
  writeFileSync(path, Buffer.from(image.png, 'base64'));
  return `[image: ${path}]`;
}
