/**
 * A strict RFC 4180 reader for tests: quoted fields may hold commas, doubled quotes and line
 * breaks; rows end with CRLF. Throws on anything else so a malformed writer output cannot pass.
 */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let index = 0;
  while (index < text.length) {
    let field = "";
    if (text[index] === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote === -1) throw new Error(`unterminated quoted field at ${index}`);
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] !== '"') break;
        field += '"';
        index++;
      }
    } else {
      while (index < text.length && text[index] !== "," && text[index] !== "\r") {
        if (text[index] === '"' || text[index] === "\n") throw new Error(`bare ${JSON.stringify(text[index])} at ${index}`);
        field += text[index];
        index++;
      }
    }
    row.push(field);
    if (text[index] === ",") {
      index++;
    } else if (text.startsWith("\r\n", index)) {
      index += 2;
      rows.push(row);
      row = [];
    } else {
      throw new Error(`expected a comma or CRLF at ${index}`);
    }
  }
  if (row.length > 0) throw new Error("last row does not end with CRLF");
  return rows;
}
