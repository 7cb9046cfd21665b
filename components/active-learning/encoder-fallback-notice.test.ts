import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EncoderFallbackNotice } from "./encoder-fallback-notice";

const reason =
  "No embedding model could be loaded: ./models/Xenova/all-MiniLM-L6-v2 does not exist or is empty, and this deployment does not allow remote models. " +
  "Put tokenizer.json, onnx/model_quantized.onnx under GOLDSET_MODELS_DIR/Xenova/all-MiniLM-L6-v2/, or allow remote models.";

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the encoder fallback notice", () => {
  it("gives an annotator one quiet line, without the server instructions", () => {
    const html = renderToStaticMarkup(createElement(EncoderFallbackNotice, { reason, canFix: false }));
    expect(text(html)).toBe("Items are ordered with a simpler text model for now; nothing changes for your labels.");
    expect(html).not.toContain("GOLDSET_MODELS_DIR");
    expect(html).toContain('class="embedding-status muted"');
    expect(html).not.toContain('role="status"');
  });

  it("gives a lead the reason and what to do about it", () => {
    const html = renderToStaticMarkup(createElement(EncoderFallbackNotice, { reason, canFix: true }));
    expect(text(html)).toBe(
      `No encoder could be loaded; hashed n-gram fallback in use. ${reason} The queue is ranked with hashed word and character n-gram features instead.`,
    );
    expect(html).toContain('class="embedding-status fallback"');
  });
});
