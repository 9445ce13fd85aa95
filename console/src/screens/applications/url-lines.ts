/** A list of URLs edited in a textarea, one a line. */
export function toLines(urls: string[]): string {
  return urls.join('\n');
}

export function fromLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
