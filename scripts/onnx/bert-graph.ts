/**
 * A BERT encoder as an ONNX graph (opset 17), laid out as Hugging Face's exporter lays out
 * BertModel: inputs input_ids, attention_mask, token_type_ids (int64, [batch, sequence]) and
 * output last_hidden_state ([batch, sequence, hidden]).
 *
 * "q8" writes what onnxruntime's quantize_dynamic makes of that graph: every weight MatMul
 * becomes DynamicQuantizeLinear → MatMulInteger → Cast → Mul(scale product), sharing one
 * DynamicQuantizeLinear per activation, and every embedding Gather reads int8 rows followed by
 * DequantizeLinear. onnxruntime fuses these patterns when it loads the model, so the generated
 * file runs the same kernels as a real quantised checkpoint.
 *
 * "q4" writes what onnxruntime's 4-bit weight quantizer makes of it, as in transformers.js'
 * model_q4.onnx files: every weight MatMul becomes one MatMulNBits (com.microsoft; 4-bit
 * blocks of 32, accuracy level 4, i.e. int8 compute where the platform has kernels for it), and
 * the embedding tables stay float32.
 */
import type { BertWeights, DenseWeights, LayerNormWeights } from "./bert-weights";
import { GraphBuilder } from "./graph-builder";
import { quantizeBlockwiseInt4 } from "./int4-block-quantization";
import { quantizeSymmetricInt8 } from "./int8-quantization";
import type { OnnxModel, OnnxValueInfo } from "./onnx-proto";
import { TensorDataType } from "./onnx-proto";

export type WeightPrecision = "fp32" | "q8" | "q4";

const OPSET = 17;
// IR version 8 is the one that goes with opset 17.
const IR_VERSION = 8;
const FLOAT32_MIN = -3.4028234663852886e38;
const MICROSOFT_DOMAIN = "com.microsoft";
const INT4_BLOCK_SIZE = 32;
// MatMulNBits' accuracy_level 4: int8 activations, the setting onnxruntime's quantizer recommends for CPUs.
const INT4_ACCURACY_LEVEL = 4;

interface QuantizedActivation {
  readonly values: string;
  readonly scale: string;
  readonly zeroPoint: string;
}

class BertGraphWriter {
  private readonly graph = new GraphBuilder();
  private readonly quantizedActivations = new Map<string, QuantizedActivation>();

  constructor(
    private readonly weights: BertWeights,
    private readonly precision: WeightPrecision,
  ) {}

  build(): OnnxModel {
    const { shape } = this.weights;
    let hidden = this.embeddings();
    const mask = this.attentionBias();
    this.weights.layers.forEach((layer, index) => {
      const scope = `/encoder/layer.${index}`;
      const path = `encoder.layer.${index}`;
      const attended = this.selfAttention(hidden, mask, scope, path, layer);
      const attentionOut = this.linear(attended, layer.attentionOutput, `${scope}/attention/output/dense`, `${path}.attention.output.dense`);
      const attentionResidual = this.graph.op("Add", `${scope}/attention/output/Add`, [attentionOut, hidden]);
      const normed = this.layerNorm(attentionResidual, layer.attentionNorm, `${scope}/attention/output/LayerNorm`, `${path}.attention.output.LayerNorm`);
      const expanded = this.linear(normed, layer.intermediate, `${scope}/intermediate/dense`, `${path}.intermediate.dense`);
      const activated = this.gelu(expanded, `${scope}/intermediate/intermediate_act_fn`);
      const contracted = this.linear(activated, layer.output, `${scope}/output/dense`, `${path}.output.dense`);
      const outputResidual = this.graph.op("Add", `${scope}/output/Add`, [contracted, normed]);
      const isLast = index === this.weights.layers.length - 1;
      hidden = this.layerNorm(outputResidual, layer.outputNorm, `${scope}/output/LayerNorm`, `${path}.output.LayerNorm`, isLast ? "last_hidden_state" : undefined);
    });

    const tokenInput = (name: string): OnnxValueInfo => ({
      name,
      elemType: TensorDataType.INT64,
      shape: ["batch_size", "sequence_length"],
    });
    return {
      irVersion: IR_VERSION,
      opsetImports: [
        { domain: "", version: OPSET },
        ...(this.precision === "q4" ? [{ domain: MICROSOFT_DOMAIN, version: 1 }] : []),
      ],
      producerName: "goldset make-test-model",
      producerVersion: "1",
      docString: "Random weights: a speed and shape stand-in for all-MiniLM-L6-v2. Its embeddings mean nothing.",
      graph: this.graph.build(
        "main_graph",
        [tokenInput("input_ids"), tokenInput("attention_mask"), tokenInput("token_type_ids")],
        [{ name: "last_hidden_state", elemType: TensorDataType.FLOAT, shape: ["batch_size", "sequence_length", shape.hidden] }],
      ),
    };
  }

  private embeddings(): string {
    const { shape } = this.weights;
    const words = this.embeddingLookup("word_embeddings", this.weights.wordEmbeddings, shape.vocabSize, "input_ids");
    const types = this.embeddingLookup("token_type_embeddings", this.weights.tokenTypeEmbeddings, shape.typeVocabSize, "token_type_ids");
    const wordsAndTypes = this.graph.op("Add", "/embeddings/Add", [words, types]);

    // position_ids = arange(max_positions)[:, :sequence_length], as BertEmbeddings slices its buffer.
    const allPositions = this.graph.int64s("embeddings.position_ids", [1, shape.maxPositions], Array.from({ length: shape.maxPositions }, (_, i) => i));
    const sequenceLength = this.graph.op("Shape", "/embeddings/Shape", ["input_ids"], {
      attributes: [{ name: "start", int: 1 }, { name: "end", int: 2 }],
    });
    const positionIds = this.graph.op("Slice", "/embeddings/Slice", [
      allPositions,
      this.graph.int64s("/embeddings/Slice_starts", [1], [0]),
      sequenceLength,
      this.graph.int64s("/embeddings/Slice_axes", [1], [1]),
    ]);
    const positions = this.embeddingLookup("position_embeddings", this.weights.positionEmbeddings, shape.maxPositions, positionIds);
    const summed = this.graph.op("Add", "/embeddings/Add_1", [wordsAndTypes, positions]);
    return this.layerNorm(summed, this.weights.embeddingNorm, "/embeddings/LayerNorm", "embeddings.LayerNorm");
  }

  private embeddingLookup(table: string, values: Float32Array, rows: number, indices: string): string {
    const dims = [rows, this.weights.shape.hidden];
    const scope = `/embeddings/${table}`;
    const name = `embeddings.${table}.weight`;
    if (this.precision !== "q8") {
      return this.graph.op("Gather", `${scope}/Gather`, [this.graph.floats(name, dims, values), indices]);
    }
    const quantized = quantizeSymmetricInt8(values);
    const gathered = this.graph.op("Gather", `${scope}/Gather`, [this.graph.int8s(`${name}_quantized`, dims, quantized.values), indices]);
    return this.graph.op("DequantizeLinear", `${scope}/Gather_output_0_DequantizeLinear`, [
      gathered,
      this.graph.floats(`${name}_scale`, [], [quantized.scale]),
      this.graph.int8s(`${name}_zero_point`, [], new Int8Array(1)),
    ]);
  }

  /** (1 - mask) * float32 min, shaped [batch, 1, 1, sequence] to broadcast over heads and queries. */
  private attentionBias(): string {
    const scope = "/extended_attention_mask";
    const unsqueezed = this.graph.op("Unsqueeze", `${scope}/Unsqueeze`, [
      "attention_mask",
      this.graph.int64s(`${scope}/Unsqueeze_axes`, [2], [1, 2]),
    ]);
    const asFloat = this.graph.op("Cast", `${scope}/Cast`, [unsqueezed], { attributes: [{ name: "to", int: TensorDataType.FLOAT }] });
    const inverted = this.graph.op("Sub", `${scope}/Sub`, [this.graph.floats(`${scope}/Sub_one`, [], [1]), asFloat]);
    return this.graph.op("Mul", `${scope}/Mul`, [inverted, this.graph.floats(`${scope}/Mul_min`, [], [FLOAT32_MIN])]);
  }

  private selfAttention(hidden: string, mask: string, layerScope: string, layerPath: string, layer: BertWeights["layers"][number]): string {
    const { shape } = this.weights;
    const headSize = shape.hidden / shape.heads;
    const scope = `${layerScope}/attention/self`;
    const path = `${layerPath}.attention.self`;
    const splitHeads = this.graph.int64s(`${scope}/split_heads_shape`, [4], [0, 0, shape.heads, headSize]);
    const heads = (name: "query" | "key" | "value", perm: readonly number[]): string => {
      const projected = this.linear(hidden, layer[name], `${scope}/${name}`, `${path}.${name}`);
      const reshaped = this.graph.op("Reshape", `${scope}/${name}/Reshape`, [projected, splitHeads]);
      return this.graph.op("Transpose", `${scope}/${name}/Transpose`, [reshaped], { attributes: [{ name: "perm", ints: perm }] });
    };
    const query = heads("query", [0, 2, 1, 3]);
    const keyTransposed = heads("key", [0, 2, 3, 1]);
    const value = heads("value", [0, 2, 1, 3]);

    const scores = this.graph.op("MatMul", `${scope}/MatMul`, [query, keyTransposed]);
    const scaled = this.graph.op("Div", `${scope}/Div`, [scores, this.graph.floats(`${scope}/Div_sqrt_head_size`, [], [Math.sqrt(headSize)])]);
    const masked = this.graph.op("Add", `${scope}/Add`, [scaled, mask]);
    const probabilities = this.graph.op("Softmax", `${scope}/Softmax`, [masked], { attributes: [{ name: "axis", int: -1 }] });
    const context = this.graph.op("MatMul", `${scope}/MatMul_1`, [probabilities, value]);
    const merged = this.graph.op("Transpose", `${scope}/Transpose`, [context], { attributes: [{ name: "perm", ints: [0, 2, 1, 3] }] });
    return this.graph.op("Reshape", `${scope}/Reshape`, [merged, this.graph.int64s(`${scope}/merge_heads_shape`, [3], [0, 0, shape.hidden])]);
  }

  private linear(input: string, dense: DenseWeights, scope: string, path: string): string {
    const dims = [dense.inFeatures, dense.outFeatures];
    let product: string;
    if (this.precision === "fp32") {
      product = this.graph.op("MatMul", `${scope}/MatMul`, [input, this.graph.floats(`${path}.kernel`, dims, dense.kernel)]);
    } else if (this.precision === "q4") {
      const blocks = quantizeBlockwiseInt4(dense.kernel, dense.inFeatures, dense.outFeatures, INT4_BLOCK_SIZE);
      product = this.graph.op("MatMulNBits", `${scope}/MatMul_Q4`, [
        input,
        this.graph.uint8s(`${path}.kernel_Q4`, [dense.outFeatures, blocks.blocksPerColumn, INT4_BLOCK_SIZE / 2], blocks.packed),
        this.graph.floats(`${path}.kernel_scales`, [blocks.scales.length], blocks.scales),
      ], {
        domain: MICROSOFT_DOMAIN,
        attributes: [
          { name: "K", int: dense.inFeatures },
          { name: "N", int: dense.outFeatures },
          { name: "bits", int: 4 },
          { name: "block_size", int: INT4_BLOCK_SIZE },
          { name: "accuracy_level", int: INT4_ACCURACY_LEVEL },
        ],
      });
    } else {
      const activation = this.quantizeActivation(input, scope);
      const quantized = quantizeSymmetricInt8(dense.kernel);
      const kernelScale = this.graph.floats(`${path}.kernel_scale`, [], [quantized.scale]);
      const integerProduct = this.graph.op("MatMulInteger", `${scope}/MatMul_quant`, [
        activation.values,
        this.graph.int8s(`${path}.kernel_quantized`, dims, quantized.values),
        activation.zeroPoint,
        this.graph.int8s(`${path}.kernel_zero_point`, [], new Int8Array(1)),
      ]);
      const asFloat = this.graph.op("Cast", `${scope}/MatMul_quant_cast`, [integerProduct], { attributes: [{ name: "to", int: TensorDataType.FLOAT }] });
      const scale = this.graph.op("Mul", `${scope}/MatMul_quant_scales_mul`, [activation.scale, kernelScale]);
      product = this.graph.op("Mul", `${scope}/MatMul_quant_output_scale_mul`, [asFloat, scale]);
    }
    return this.graph.op("Add", `${scope}/Add`, [product, this.graph.floats(`${path}.bias`, [dense.outFeatures], dense.bias)]);
  }

  /** One DynamicQuantizeLinear per activation, shared by every MatMul that reads it (query, key, value). */
  private quantizeActivation(input: string, consumerScope: string): QuantizedActivation {
    const existing = this.quantizedActivations.get(input);
    if (existing) return existing;
    const [values, scale, zeroPoint] = this.graph.node("DynamicQuantizeLinear", `${consumerScope}/${input.replace(/^\//, "")}_QuantizeLinear`, [input], { outputCount: 3 });
    if (values === undefined || scale === undefined || zeroPoint === undefined) {
      throw new Error(`DynamicQuantizeLinear for ${input} lacks an output`);
    }
    const quantized = { values, scale, zeroPoint };
    this.quantizedActivations.set(input, quantized);
    return quantized;
  }

  private layerNorm(input: string, weights: LayerNormWeights, scope: string, path: string, outputName?: string): string {
    const hidden = this.weights.shape.hidden;
    return this.graph.op("LayerNormalization", `${scope}/LayerNormalization`, [
      input,
      this.graph.floats(`${path}.weight`, [hidden], weights.gain),
      this.graph.floats(`${path}.bias`, [hidden], weights.bias),
    ], {
      attributes: [{ name: "axis", int: -1 }, { name: "epsilon", float: this.weights.shape.layerNormEpsilon }],
      ...(outputName ? { outputs: [outputName] } : {}),
    });
  }

  /** GELU in its exact erf form, x · ½ · (1 + erf(x / √2)), node for node as PyTorch exports it. */
  private gelu(input: string, scope: string): string {
    const divided = this.graph.op("Div", `${scope}/Div`, [input, this.graph.floats(`${scope}/Div_sqrt2`, [], [Math.SQRT2])]);
    const erf = this.graph.op("Erf", `${scope}/Erf`, [divided]);
    const shifted = this.graph.op("Add", `${scope}/Add`, [erf, this.graph.floats(`${scope}/Add_one`, [], [1])]);
    const gated = this.graph.op("Mul", `${scope}/Mul`, [input, shifted]);
    return this.graph.op("Mul", `${scope}/Mul_1`, [gated, this.graph.floats(`${scope}/Mul_half`, [], [0.5])]);
  }
}

export function buildBertModel(weights: BertWeights, precision: WeightPrecision): OnnxModel {
  return new BertGraphWriter(weights, precision).build();
}
