import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { TabWriter } from "./tabwriter.js";

const render = (text: string, w = TabWriter.docker()): string => {
  w.write(text);
  return w.flush();
};

test("docker table: minwidth 10, padding 3, last cell not padded", () => {
  const out = render("NETWORK ID\tNAME\tDRIVER\tSCOPE\n0123456789ab\tbridge\tbridge\tlocal\n");
  assert.equal(out, "NETWORK ID     NAME      DRIVER    SCOPE\n0123456789ab   bridge    bridge    local\n");
});

test("a column is as wide as its widest cell plus padding", () => {
  assert.equal(render("NAME\tX\nverylongname12\ty\n"), "NAME" + " ".repeat(13) + "X\nverylongname12   y\n");
});

test("widths count runes, not bytes", () => {
  assert.equal(render("données\tx\nab\ty\n"), "données   x\nab        y\n");
});

test("column blocks end where a line has fewer cells; a one-cell line flushes", () => {
  const w = new TabWriter(0, 1, 1);
  assert.equal(render("a\tb\tc\naaaa\tb\nx\naa\tbbbbbbbbbbbbb\tc\n", w), "a    b c\naaaa b\nx\naa bbbbbbbbbbbbb c\n");
});

test("empty cells are padded; text after the last newline is kept", () => {
  assert.equal(render("\tb\nlonger\tc\ntail"), "          b\nlonger    c\ntail");
  assert.equal(render("\tb\nlonger-than-ten\tc\n"), "                  b\nlonger-than-ten   c\n");
});

test("tab padding rounds cells up to the tab width (Go's example)", () => {
  const w = new TabWriter(0, 8, 0, "\t");
  assert.equal(render("a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n", w), "a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n\n");
});

test("property: every cell of a uniform table starts at the same column", () => {
  const cell = fc.stringMatching(/^[a-z0-9]{0,15}$/);
  fc.assert(
    fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (rows) => {
      const out = render(rows.map((r) => r.join("\t") + "\n").join(""));
      const lines = out.split("\n").slice(0, -1);
      const w0 = Math.max(10, ...rows.map((r) => r[0].length + 3));
      const w1 = Math.max(10, ...rows.map((r) => r[1].length + 3));
      lines.forEach((l, i) => assert.equal(l, rows[i]![0].padEnd(w0) + rows[i]![1].padEnd(w1) + rows[i]![2]));
    }),
  );
});
