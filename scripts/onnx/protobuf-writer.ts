/**
 * The write half of the Protocol Buffers wire format: enough to emit ONNX models from TypeScript,
 * since neither the `onnx` Python package nor a protobuf compiler is available where models are
 * generated. Messages keep references to the byte arrays they are given (weights stay uncopied
 * until the final concatenation), so an array must not change after it has been added.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/** Encodes an unsigned or two's-complement 64-bit integer as a base-128 varint. */
export function encodeVarint(value: number | bigint): Uint8Array {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`varint value ${value} is not a safe integer`);
  }
  // Negative int64 values are written as their 64-bit two's complement: always ten bytes.
  let remaining = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (remaining >= 0x80n) {
    bytes.push(Number(remaining & 0x7fn) | 0x80);
    remaining >>= 7n;
  }
  bytes.push(Number(remaining));
  return Uint8Array.from(bytes);
}

function fieldKey(field: number, wireType: number): Uint8Array {
  if (!Number.isInteger(field) || field < 1 || field > 536_870_911) {
    throw new RangeError(`invalid protobuf field number ${field}`);
  }
  return encodeVarint(field * 8 + wireType);
}

export class ProtoMessage {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  get byteLength(): number {
    return this.length;
  }

  varint(field: number, value: number | bigint): this {
    return this.push(fieldKey(field, WIRE_VARINT), encodeVarint(value));
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.push(fieldKey(field, WIRE_FIXED32), bytes);
  }

  bytes(field: number, data: Uint8Array): this {
    return this.push(fieldKey(field, WIRE_LENGTH_DELIMITED), encodeVarint(data.byteLength), data);
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  message(field: number, child: ProtoMessage): this {
    this.push(fieldKey(field, WIRE_LENGTH_DELIMITED), encodeVarint(child.byteLength));
    for (const part of child.parts) this.push(part);
    return this;
  }

  /** A packed repeated varint field (proto3's default encoding for repeated scalars). */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const encoded = values.map((value) => encodeVarint(value));
    const size = encoded.reduce((sum, bytes) => sum + bytes.byteLength, 0);
    this.push(fieldKey(field, WIRE_LENGTH_DELIMITED), encodeVarint(size));
    for (const bytes of encoded) this.push(bytes);
    return this;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.byteLength;
    }
    return out;
  }

  private push(...parts: Uint8Array[]): this {
    for (const part of parts) {
      this.parts.push(part);
      this.length += part.byteLength;
    }
    return this;
  }
}
