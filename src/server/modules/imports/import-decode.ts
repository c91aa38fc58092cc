import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import type { ImportEncoding } from '@/contracts/imports';

/** What one pass over a file's bytes finds out: its digest and the text encoding it must be in. */
export interface FileFacts {
  digest: string;
  size: number;
  /** UTF-8 (with or without BOM), else Windows-1252 when it uses 0x80–0x9F (€, „“, …), else ISO-8859-1. */
  encoding: ImportEncoding;
  bom: boolean;
  /** Starts like a ZIP file (XLSX). */
  zip: boolean;
}

/** Incremental encoding detection, fed chunk by chunk (files can be large). */
export class EncodingSniffer {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private validUtf8 = true;
  private c1 = false;
  private first = true;
  bom = false;

  push(chunk: Uint8Array): void {
    if (this.first) {
      this.bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      this.first = false;
    }
    if (this.validUtf8) {
      try {
        this.utf8.decode(chunk, { stream: true });
      } catch {
        this.validUtf8 = false;
      }
    }
    if (!this.c1) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b >= 0x80 && b <= 0x9f) {
          this.c1 = true;
          break;
        }
      }
    }
  }

  result(): ImportEncoding {
    if (this.validUtf8) {
      try {
        this.utf8.decode(); // a multi-byte sequence cut off at the end is invalid too
      } catch {
        this.validUtf8 = false;
      }
    }
    if (this.bom || this.validUtf8) return 'utf-8';
    // 0x80–0x9F are control characters in ISO-8859-1 that no text contains; in Windows-1252
    // they are €, „, “, ‚, – and friends. Without them the two agree on every byte.
    return this.c1 ? 'windows-1252' : 'iso-8859-1';
  }
}

export function detectEncoding(bytes: Uint8Array): { encoding: ImportEncoding; bom: boolean } {
  const sniffer = new EncodingSniffer();
  sniffer.push(bytes);
  return { encoding: sniffer.result(), bom: sniffer.bom };
}

/** Reads the file once: SHA-256, size, encoding. */
export async function examineFile(path: string): Promise<FileFacts> {
  const hash = createHash('sha256');
  const sniffer = new EncodingSniffer();
  let size = 0;
  let zip: boolean | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (zip === undefined)
      zip = chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04;
    hash.update(chunk);
    if (!zip) sniffer.push(chunk);
    size += chunk.length;
  }
  return {
    digest: hash.digest('hex'),
    size,
    encoding: sniffer.result(),
    bom: sniffer.bom,
    zip: zip ?? false,
  };
}

/** The file as text chunks in the given encoding, without a BOM. */
export async function* readText(path: string, encoding: ImportEncoding): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding === 'iso-8859-1' ? 'latin1' : encoding, { stripBOM: true });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export function decodeBytes(bytes: Uint8Array, encoding: ImportEncoding): string {
  return iconv.decode(Buffer.from(bytes), encoding === 'iso-8859-1' ? 'latin1' : encoding, {
    stripBOM: true,
  });
}
