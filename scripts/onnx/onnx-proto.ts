/**
 * ONNX model description and its protobuf encoding. Field numbers follow onnx/onnx.proto
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
 * TensorShapeProto, OperatorSetIdProto); only the fields a dense inference graph needs are written.
 */
import { ProtoMessage } from "./protobuf-writer";

/** TensorProto.DataType values used by the generated models. */
export const TensorDataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT64: 7,
} as const;
export type TensorDataType = (typeof TensorDataType)[keyof typeof TensorDataType];

/** AttributeProto.AttributeType values. */
const AttributeType = { FLOAT: 1, INT: 2, TENSOR: 4, INTS: 7 } as const;

export interface OnnxTensor {
  readonly name: string;
  readonly dataType: TensorDataType;
  readonly dims: readonly number[];
  /** Little-endian element bytes, as TensorProto.raw_data. */
  readonly rawData: Uint8Array;
}

export type OnnxAttribute = { readonly name: string } & (
  | { readonly int: number }
  | { readonly float: number }
  | { readonly ints: readonly number[] }
  | { readonly tensor: OnnxTensor }
);

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly OnnxAttribute[];
  /** Empty for the default ai.onnx domain. */
  readonly domain?: string;
}

/** A tensor graph input or output; string dimensions are symbolic (dynamic). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: TensorDataType;
  readonly shape: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImports: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly graph: OnnxGraph;
}

function encodeTensor(tensor: OnnxTensor): ProtoMessage {
  return new ProtoMessage()
    .packedVarints(1, tensor.dims)
    .varint(2, tensor.dataType)
    .string(8, tensor.name)
    .bytes(9, tensor.rawData);
}

function encodeAttribute(attribute: OnnxAttribute): ProtoMessage {
  const message = new ProtoMessage().string(1, attribute.name);
  if ("int" in attribute) return message.varint(3, attribute.int).varint(20, AttributeType.INT);
  if ("float" in attribute) return message.float(2, attribute.float).varint(20, AttributeType.FLOAT);
  if ("ints" in attribute) return message.packedVarints(8, attribute.ints).varint(20, AttributeType.INTS);
  return message.message(5, encodeTensor(attribute.tensor)).varint(20, AttributeType.TENSOR);
}

function encodeNode(node: OnnxNode): ProtoMessage {
  const message = new ProtoMessage();
  for (const input of node.inputs) message.string(1, input);
  for (const output of node.outputs) message.string(2, output);
  message.string(3, node.name).string(4, node.opType);
  for (const attribute of node.attributes ?? []) message.message(5, encodeAttribute(attribute));
  if (node.domain) message.string(7, node.domain);
  return message;
}

function encodeValueInfo(info: OnnxValueInfo): ProtoMessage {
  const shape = new ProtoMessage();
  for (const dim of info.shape) {
    const dimension = new ProtoMessage();
    if (typeof dim === "number") dimension.varint(1, dim);
    else dimension.string(2, dim);
    shape.message(1, dimension);
  }
  const tensorType = new ProtoMessage().varint(1, info.elemType).message(2, shape);
  const type = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, info.name).message(2, type);
}

function encodeGraph(graph: OnnxGraph): ProtoMessage {
  const message = new ProtoMessage();
  for (const node of graph.nodes) message.message(1, encodeNode(node));
  message.string(2, graph.name);
  for (const tensor of graph.initializers) message.message(5, encodeTensor(tensor));
  for (const input of graph.inputs) message.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) message.message(12, encodeValueInfo(output));
  return message;
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const message = new ProtoMessage()
    .varint(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .string(6, model.docString)
    .message(7, encodeGraph(model.graph));
  for (const opset of model.opsetImports) {
    message.message(8, new ProtoMessage().string(1, opset.domain).varint(2, opset.version));
  }
  return message.toBytes();
}
