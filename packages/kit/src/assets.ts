import path from 'node:path';

/** Set to true by the production build (scripts/build.ts), which bundles each service into one file. */
declare const __THUOCDO_BUNDLE__: boolean | undefined;

/**
 * The folder that holds the repository's files a process reads at run time (proto/, migrations,
 * the web app): the repository root in development, the bundle's own folder in an image, where
 * the build copies them under the same relative paths.
 */
export function assetRoot(): string {
  if (typeof __THUOCDO_BUNDLE__ !== 'undefined' && __THUOCDO_BUNDLE__) return __dirname;
  return path.resolve(__dirname, '../../..');
}

/** A repository-relative path, for example assetPath('packages/db/migrations'). */
export const assetPath = (...parts: string[]): string => path.join(assetRoot(), ...parts);
