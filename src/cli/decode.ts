// Source files are bytes; the engine wants text. UTF-8 (PEP 3120), BOM dropped, and any invalid
// byte becomes U+FFFD instead of an exception: a stray Latin-1 file must not stop a scan.
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

export function decodeSource(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
