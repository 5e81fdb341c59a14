import { alignTabbed } from './alignTabbed.js';

/** kubectl's describe annotations longer than this are cut and end in "...". */
const MAX_ANNOTATION_LENGTH = 140;
/** Annotations kubectl never shows (kubectl apply's bookkeeping). */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/**
 * Collects `kubectl describe` lines: each level indents two spaces, fields are tab-separated, and
 * `text()` aligns them as kubectl's tabwriter does.
 */
export class DescribeWriter {
  private readonly parts: string[] = [];

  /** One line at an indent level; tabs separate the cells that get aligned. */
  line(level: number, text: string): void {
    this.parts.push(`${'  '.repeat(level)}${text}\n`);
  }

  /** `Title:` then one `key=value` per line, sorted by key, or `<none>`. */
  labels(title: string, labels: Readonly<Record<string, string>> | undefined, level = 0): void {
    const keys = Object.keys(labels ?? {}).sort();
    if (keys.length === 0) {
      this.line(level, `${title}:\t<none>`);
      return;
    }
    keys.forEach((key, i) =>
      this.line(level, `${i === 0 ? `${title}:` : ''}\t${key}=${labels?.[key] ?? ''}`),
    );
  }

  /**
   * `Title:` then one `key: value` per line, sorted by key, or `<none>`; a long or multi-line value goes
   * on its own indented lines, each cut at kubectl's limit.
   */
  annotations(title: string, annotations: Readonly<Record<string, string>> | undefined): void {
    const keys = Object.keys(annotations ?? {})
      .filter((key) => !SKIPPED_ANNOTATIONS.has(key))
      .sort();
    if (keys.length === 0) {
      this.line(0, `${title}:\t<none>`);
      return;
    }
    keys.forEach((key, i) => {
      const head = i === 0 ? `${title}:` : '';
      const value = (annotations?.[key] ?? '').replace(/\n$/, '');
      if (value.length + key.length + 2 <= MAX_ANNOTATION_LENGTH && !value.includes('\n')) {
        this.line(0, `${head}\t${key}: ${value}`);
        return;
      }
      this.line(0, `${head}\t${key}:`);
      for (const part of value.split('\n')) this.line(0, `\t  ${shorten(part, MAX_ANNOTATION_LENGTH - 2)}`);
    });
  }

  text(): string {
    return alignTabbed(this.parts.join(''));
  }
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}...` : text;
}
