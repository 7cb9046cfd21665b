import { describe, expect, it } from "vitest";
import { ProtoMessage, encodeVarint } from "./protobuf-writer";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

// Expected bytes are the worked examples of the Protocol Buffers encoding guide.
describe("protobuf wire format", () => {
  it("encodes varints in base 128, little-endian groups", () => {
    expect(hex(encodeVarint(1))).toBe("01");
    expect(hex(encodeVarint(150))).toBe("9601");
    expect(hex(encodeVarint(300))).toBe("ac02");
  });

  it("encodes negative int64 as ten-byte two's complement", () => {
    expect(hex(encodeVarint(-1))).toBe("ffffffffffffffffff01");
    expect(hex(encodeVarint(-2n))).toBe("feffffffffffffffff01");
  });

  it("rejects numbers that are not safe integers", () => {
    expect(() => encodeVarint(1.5)).toThrow(RangeError);
  });

  it("writes a varint field with its key", () => {
    expect(hex(new ProtoMessage().varint(1, 150).toBytes())).toBe("089601");
  });

  it("writes a string field as length-delimited UTF-8", () => {
    expect(hex(new ProtoMessage().string(2, "testing").toBytes())).toBe("120774657374696e67");
  });

  it("embeds a message with its length", () => {
    const inner = new ProtoMessage().varint(1, 150);
    expect(hex(new ProtoMessage().message(3, inner).toBytes())).toBe("1a03089601");
  });

  it("packs repeated varints into one length-delimited field", () => {
    expect(hex(new ProtoMessage().packedVarints(4, [3, 270, 86942]).toBytes())).toBe("2206038e029ea705");
  });

  it("writes floats as little-endian fixed32", () => {
    expect(hex(new ProtoMessage().float(2, 1).toBytes())).toBe("150000803f");
  });

  it("tracks the byte length across nested parts", () => {
    const message = new ProtoMessage().string(1, "ab").message(2, new ProtoMessage().varint(1, 300));
    expect(message.byteLength).toBe(message.toBytes().byteLength);
    expect(message.byteLength).toBe(4 + 5);
  });

  it("refuses field number 0", () => {
    expect(() => new ProtoMessage().varint(0, 1)).toThrow(RangeError);
  });
});
