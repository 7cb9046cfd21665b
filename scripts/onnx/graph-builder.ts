/**
 * Accumulates the nodes and initializers of one ONNX graph, naming node outputs the way the
 * PyTorch exporter does (`<node name>_output_<i>`) so generated graphs read like exported ones.
 */
import os from "node:os";
import type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from "./onnx-proto";
import { TensorDataType } from "./onnx-proto";

// TensorProto.raw_data is little-endian; typed arrays use the host's byte order.
if (os.endianness() !== "LE") {
  throw new Error("ONNX model generation needs a little-endian host: raw tensor bytes are written as-is.");
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function checkElementCount(name: string, dims: readonly number[], length: number): void {
  const expected = dims.reduce((product, dim) => product * dim, 1);
  if (expected !== length) {
    throw new Error(`tensor ${name}: dims [${dims.join(", ")}] need ${expected} elements, got ${length}`);
  }
}

export interface NodeOptions {
  readonly attributes?: readonly OnnxAttribute[];
  /** Explicit output names, e.g. a graph output; otherwise `<name>_output_<i>`. */
  readonly outputs?: readonly string[];
  readonly outputCount?: number;
  readonly domain?: string;
}

export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly usedNames = new Set<string>();

  floats(name: string, dims: readonly number[], values: Float32Array | readonly number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.initializer(name, TensorDataType.FLOAT, dims, data);
  }

  int64s(name: string, dims: readonly number[], values: readonly number[]): string {
    return this.initializer(name, TensorDataType.INT64, dims, BigInt64Array.from(values, (v) => BigInt(v)));
  }

  int8s(name: string, dims: readonly number[], values: Int8Array): string {
    return this.initializer(name, TensorDataType.INT8, dims, values);
  }

  uint8s(name: string, dims: readonly number[], values: Uint8Array): string {
    return this.initializer(name, TensorDataType.UINT8, dims, values);
  }

  /** Adds a node and returns its output names. */
  node(opType: string, name: string, inputs: readonly string[], options: NodeOptions = {}): readonly string[] {
    this.claim(name);
    const count = options.outputs?.length ?? options.outputCount ?? 1;
    const outputs = options.outputs ?? Array.from({ length: count }, (_, index) => `${name}_output_${index}`);
    this.nodes.push({
      name,
      opType,
      inputs,
      outputs,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  /** Adds a single-output node and returns that output's name. */
  op(opType: string, name: string, inputs: readonly string[], options: NodeOptions = {}): string {
    const [output] = this.node(opType, name, inputs, { ...options, outputCount: 1 });
    if (output === undefined) throw new Error(`node ${name} produced no output`);
    return output;
  }

  build(name: string, inputs: readonly OnnxValueInfo[], outputs: readonly OnnxValueInfo[]): OnnxGraph {
    return { name, nodes: [...this.nodes], initializers: [...this.initializers], inputs, outputs };
  }

  private initializer(
    name: string,
    dataType: OnnxTensor["dataType"],
    dims: readonly number[],
    values: Float32Array | BigInt64Array | Int8Array | Uint8Array,
  ): string {
    checkElementCount(name, dims, values.length);
    this.claim(name);
    this.initializers.push({ name, dataType, dims, rawData: bytesOf(values) });
    return name;
  }

  private claim(name: string): void {
    if (this.usedNames.has(name)) throw new Error(`duplicate ONNX graph name ${name}`);
    this.usedNames.add(name);
  }
}
