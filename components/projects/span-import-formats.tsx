// What a spans project's item import accepts (lib/import/span-file-format.ts), shown above its form.
export function SpanImportFormats() {
  return (
    <div className="muted" data-testid="span-import-formats">
      <p>
        Items with the entities already marked, or texts to mark. A file is imported whole or not at all: one bad line refuses it, and the message names the
        line and the field. The entities become annotations by the account that imports the file, unless the file names who marked them.
      </p>
      <ul>
        <li>
          <strong>JSON Lines</strong> (.jsonl): <code>{'{"id": "t1", "text": "…", "spans": [{"start": 0, "end": 5, "label": "location"}]}'}</code>, offsets
          in Unicode code points, end exclusive (as Python counts); choose UTF-16 offsets below for a file written by JavaScript tools. <code>id</code>,{" "}
          <code>spans</code> and <code>annotator</code> are optional; other fields are kept as metadata.
        </li>
        <li>
          <strong>CoNLL BIO</strong> (.conll, .bio): a token and its tag (O, B-type, I-type) per line, a blank line between sentences. Each sentence
          becomes an item whose text is its tokens joined with spaces; the tokens are kept, so a CoNLL export gives the same file back.
        </li>
        <li>
          <strong>Label Studio JSON export</strong> (.json) of a Labels project: its tasks become items and its annotations&apos; labelled regions spans.
        </li>
      </ul>
    </div>
  );
}
