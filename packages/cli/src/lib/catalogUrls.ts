/** A target with a scheme (`https://…`, `file:…`), as opposed to a path. */
export function isAbsoluteUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

const GITHUB_BLOB = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/(.+)$/;

/**
 * The URL that serves a catalog file's raw text: a GitHub `blob` page is
 * read from raw.githubusercontent.com, as Backstage's GitHub reader does;
 * other URLs as they are. Relative targets still resolve against the
 * original URL.
 */
export function readableUrl(url: string): string {
  const blob = GITHUB_BLOB.exec(url);
  return blob
    ? `https://raw.githubusercontent.com/${blob[1]}/${blob[2]}/${blob[3]}`
    : url;
}

/** Catalog files larger than this are refused rather than read into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Fetches a catalog file's text (10 s timeout, http(s) only, size-capped). */
export async function fetchCatalogText(url: string): Promise<string> {
  if (!/^https?:\/\//i.test(url)) throw new Error('only http(s) is fetched');
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  const text = await response.text();
  if (text.length > MAX_BYTES)
    throw new Error(`larger than ${MAX_BYTES} bytes`);
  return text;
}
