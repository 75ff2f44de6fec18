import * as path from 'node:path';

/** The package root, the same from src/ (ts-jest) and from dist/ (the built package). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');

export function packagePath(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}
