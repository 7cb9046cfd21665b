import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { itemViewQuery, parseItemView } from "./item-view";

describe("parseItemView and itemViewQuery", () => {
  it("reads every filter, the sort and the cursor from a query string, and writes the same string back", () => {
    const query = "status=in_review&label=spam&anyLabel=ham&annotator=u-7&batch=12&q=free+prize&sort=agreement&after=0.6666666666666666_42";
    const view = parseItemView(new URLSearchParams(query));
    expect(view).toEqual({
      status: "in_review",
      finalLabel: "spam",
      anyLabel: "ham",
      annotator: "u-7",
      batch: 12,
      search: "free prize",
      sort: "agreement",
      after: { key: 0.6666666666666666, id: 42 },
    });
    expect(itemViewQuery(view)).toBe(query);
  });

  it("reads the exclusion filter as yes, no or either, and writes it back", () => {
    expect(parseItemView(new URLSearchParams("excluded=yes")).excluded).toBe(true);
    expect(parseItemView(new URLSearchParams("excluded=no")).excluded).toBe(false);
    expect(parseItemView(new URLSearchParams("excluded=")).excluded).toBeUndefined();
    expect(itemViewQuery({ sort: "id", status: "labelled", excluded: false })).toBe("status=labelled&excluded=no");
    expect(() => parseItemView(new URLSearchParams("excluded=maybe"))).toThrow(ZodError);
  });

  it("treats empty fields, as a submitted form sends them, as no filter", () => {
    expect(parseItemView(new URLSearchParams("status=&label=&anyLabel=&annotator=&batch=&q=%20&sort=&after="))).toEqual({ sort: "id" });
    expect(itemViewQuery({ sort: "id" })).toBe("");
  });

  it("refuses an unknown status, a batch that is no number and a forged cursor, naming each", () => {
    const bad = () => parseItemView(new URLSearchParams("status=pending&batch=x&after=1;drop"));
    expect(bad).toThrow(ZodError);
    try {
      bad();
    } catch (error) {
      const fields = (error as ZodError).issues.map((i) => i.path.join("."));
      expect(fields.sort()).toEqual(["after", "batch", "status"]);
    }
  });

  it("reads the agreement, suggestion, model, snapshot and metadata filters, and writes the same string back", () => {
    const query =
      "agreementMin=0.5&agreementMax=1&suggestion=llm&humans=disagreed&uncertaintyMin=0.25&uncertaintyMax=0.75&queueTop=200&snapshot=3&split=test&meta.source=web&meta.lang.code=en";
    const view = parseItemView(new URLSearchParams(query));
    expect(view).toEqual({
      sort: "id",
      agreement: { min: 0.5, max: 1 },
      suggestionSource: "llm",
      humans: "disagreed",
      uncertainty: { min: 0.25, max: 0.75 },
      queueTop: 200,
      snapshot: 3,
      split: "test",
      metadata: [
        { path: ["source"], value: "web" },
        { path: ["lang", "code"], value: "en" },
      ],
    });
    expect(itemViewQuery(view)).toBe(query);
    // One bound of a range is a range.
    expect(parseItemView(new URLSearchParams("agreementMax=0.8")).agreement).toEqual({ max: 0.8 });
  });

  it("reads the filter form's field=value metadata fields as the link's meta.field parameters", () => {
    const view = parseItemView(new URLSearchParams("meta=source%3Dweb&meta=+lang.code+=+en+&meta="));
    expect(view.metadata).toEqual([
      { path: ["source"], value: "web" },
      { path: ["lang", "code"], value: "en" },
    ]);
    expect(itemViewQuery(view)).toBe("meta.source=web&meta.lang.code=en");
    // A value may hold "=": only the first one separates the field.
    expect(parseItemView(new URLSearchParams("meta=q%3Da%3Db")).metadata).toEqual([{ path: ["q"], value: "a=b" }]);
  });

  it("refuses ranges outside 0..1, a queue position of 0, a split without a snapshot and a bad metadata field, naming each", () => {
    const fields = (query: string) => {
      try {
        parseItemView(new URLSearchParams(query));
      } catch (error) {
        expect(error).toBeInstanceOf(ZodError);
        return (error as ZodError).issues.map((i) => i.path.join(".")).sort();
      }
      return [];
    };
    expect(fields("agreementMin=1.5&uncertaintyMax=-0.1&queueTop=0&split=train")).toEqual(["agreementMin", "queueTop", "split", "uncertaintyMax"]);
    expect(fields("meta.a%20b=x&meta=noequals&suggestion=human&humans=maybe")).toEqual(["humans", "meta", "meta.a b", "suggestion"]);
    expect(fields("meta.a=1&meta.b=2&meta.c=3&meta.d=4&meta.e=5&meta.f=6")).toEqual(["meta"]);
    expect(fields("snapshot=2&split=train&queueTop=100000")).toEqual([]);
    expect(fields("queueTop=100001")).toEqual(["queueTop"]);
  });
});
