/**
 * A port of Go's text/tabwriter (the parts docker uses: padchar ' ', flags 0, no escapes
 * or HTML filtering). Text is split into cells at '\t' (and '\v'); a column block is a run
 * of consecutive lines that all have a cell in that column; the last cell of each line is
 * not part of any column. Widths are display columns (go-runewidth), as in docker's fork.
 */

import { runeWidth } from "./units.js";

interface Cell {
  size: number; // length in UTF-16 units of the cell text in `buf`
  width: number; // runes
  htab: boolean;
}

/** docker's tabwriter fork measures cells with go-runewidth (wide runes count two). */
const runeCount = (s: string): number => {
  let n = 0;
  for (const ch of s) n += runeWidth(ch.codePointAt(0) ?? 0);
  return n;
};

export class TabWriter {
  private buf = "";
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  private widths: number[] = [];
  private out = "";

  constructor(
    private readonly minwidth: number,
    private readonly tabwidth: number,
    private readonly padding: number,
    private readonly padchar = " ",
  ) {}

  /** Docker's table writer: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
  static docker(): TabWriter {
    return new TabWriter(10, 1, 3, " ");
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
      this.appendText(text.slice(start, i));
      start = i + 1;
      const ncells = this.terminateCell(ch === "\t");
      if (ch === "\n" || ch === "\f") {
        this.lines.push([]);
        // A line with one cell does not affect later formatting: flush (as Go does).
        if (ch === "\f" || ncells === 1) this.flushInternal();
      }
    }
    this.appendText(text.slice(start));
  }

  /** Flushes buffered text and returns everything written so far. */
  flush(): string {
    this.flushInternal();
    const s = this.out;
    this.out = "";
    return s;
  }

  private appendText(s: string): void {
    this.buf += s;
    this.cell.size += s.length;
    this.cell.width += runeCount(s);
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private flushInternal(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    this.buf = "";
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  private writePadding(textw: number, cellw: number): void {
    if (this.padchar === "\t") {
      // Tab padding: the cell is widened to a multiple of tabwidth, then filled with tabs.
      if (this.tabwidth === 0) return;
      const width = Math.ceil(cellw / this.tabwidth) * this.tabwidth;
      this.out += "\t".repeat(Math.ceil((width - textw) / this.tabwidth));
      return;
    }
    this.out += this.padchar.repeat(Math.max(0, cellw - textw));
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((c, j) => {
        if (c.size > 0) {
          this.out += this.buf.slice(pos, pos + c.size);
          pos += c.size;
        }
        if (j < this.widths.length) this.writePadding(c.width, this.widths[j]!);
      });
      if (i + 1 === this.lines.length) {
        // last buffered line: no newline yet, write the incomplete cell
        this.out += this.buf.slice(pos, pos + this.cell.size);
        pos += this.cell.size;
      } else {
        this.out += "\n";
      }
    }
    return pos;
  }

  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= this.lines[t]!.length - 1) continue;
      // This line has a cell in `column`: print the lines before the block first.
      pos = this.writeLines(pos, line0, t);
      line0 = t;
      let width = this.minwidth;
      for (; t < line1; t++) {
        const line = this.lines[t]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.padding);
      }
      this.widths.push(width);
      pos = this.format(pos, line0, t);
      this.widths.pop();
      line0 = t;
    }
    return this.writeLines(pos, line0, line1);
  }
}
