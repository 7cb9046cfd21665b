import { describe, expect, it } from "vitest";
import { buildBertModel } from "./bert-graph";
import { bertShapeFromConfig, generateBertWeights } from "./bert-weights";
import type { OnnxNode } from "./onnx-proto";

const shape = bertShapeFromConfig({
  model_type: "bert",
  hidden_act: "gelu",
  hidden_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 128,
  vocab_size: 40,
  max_position_embeddings: 16,
  type_vocab_size: 2,
});
const weights = generateBertWeights(shape, 1);

function opCounts(nodes: readonly OnnxNode[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes) counts[node.opType] = (counts[node.opType] ?? 0) + 1;
  return counts;
}

function producerOf(nodes: readonly OnnxNode[], output: string | undefined): OnnxNode | undefined {
  return nodes.find((node) => node.outputs.includes(output ?? ""));
}

describe("buildBertModel", () => {
  it("declares BertModel's inputs and output with dynamic batch and sequence", () => {
    const { graph, opsetImports, irVersion } = buildBertModel(weights, "fp32");
    expect(opsetImports).toEqual([{ domain: "", version: 17 }]);
    expect(irVersion).toBe(8);
    expect(graph.inputs.map((input) => [input.name, input.elemType, input.shape])).toEqual([
      ["input_ids", 7, ["batch_size", "sequence_length"]],
      ["attention_mask", 7, ["batch_size", "sequence_length"]],
      ["token_type_ids", 7, ["batch_size", "sequence_length"]],
    ]);
    expect(graph.outputs).toEqual([{ name: "last_hidden_state", elemType: 1, shape: ["batch_size", "sequence_length", 64] }]);
  });

  it("builds each layer from attention, erf GELU and two LayerNormalizations", () => {
    const counts = opCounts(buildBertModel(weights, "fp32").graph.nodes);
    // Per layer: 6 weight MatMuls and 2 attention MatMuls; 1 embedding LayerNorm plus 2 per layer.
    expect(counts.MatMul).toBe(2 * 8);
    expect(counts.LayerNormalization).toBe(1 + 2 * 2);
    expect(counts.Erf).toBe(2);
    expect(counts.Softmax).toBe(2);
    expect(counts.Gather).toBe(3);
    expect(counts.MatMulInteger).toBeUndefined();
  });

  it("quantises weight MatMuls and embedding lookups as quantize_dynamic does", () => {
    const { graph } = buildBertModel(weights, "q8");
    const counts = opCounts(graph.nodes);
    expect(counts.MatMulInteger).toBe(2 * 6);
    // Attention score and context products multiply two activations and stay in float.
    expect(counts.MatMul).toBe(2 * 2);
    expect(counts.DequantizeLinear).toBe(3);
    // Query, key and value share their input's quantisation: 4 quantised inputs per layer.
    expect(counts.DynamicQuantizeLinear).toBe(2 * 4);

    for (const node of graph.nodes.filter((candidate) => candidate.opType === "MatMulInteger")) {
      expect(producerOf(graph.nodes, node.inputs[0])?.opType).toBe("DynamicQuantizeLinear");
      const cast = graph.nodes.find((candidate) => candidate.inputs[0] === node.outputs[0]);
      expect(cast?.opType).toBe("Cast");
      const rescale = graph.nodes.find((candidate) => candidate.inputs[0] === cast?.outputs[0]);
      expect(rescale?.opType).toBe("Mul");
      expect(producerOf(graph.nodes, rescale?.inputs[1])?.opType).toBe("Mul");
    }
  });

  it("stores quantised weights as int8 at a quarter of the fp32 size", () => {
    const bytes = (precision: "fp32" | "q8"): number =>
      buildBertModel(weights, precision).graph.initializers.reduce((sum, tensor) => sum + tensor.rawData.byteLength, 0);
    expect(bytes("q8") / bytes("fp32")).toBeLessThan(0.3);
    const kernel = buildBertModel(weights, "q8").graph.initializers.find((tensor) => tensor.name === "encoder.layer.0.attention.self.query.kernel_quantized");
    expect(kernel?.dataType).toBe(3);
    expect(kernel?.dims).toEqual([64, 64]);
  });

  it("gives every node and initializer a unique name", () => {
    const { graph } = buildBertModel(weights, "q8");
    const names = [...graph.nodes.map((node) => node.name), ...graph.initializers.map((tensor) => tensor.name)];
    expect(new Set(names).size).toBe(names.length);
  });
});
