/**
 * The shape of a BERT encoder, read from a Hugging Face config.json, and deterministic random
 * weights for it with BERT's initialisation (N(0, initializer_range²) for matrices and
 * embeddings, zero biases, unit LayerNorm gains). The weights are noise: a model built from them
 * runs at the real model's speed but its embeddings carry no meaning.
 */
import { mulberry32Float } from "@/lib/random";
import { fillNormal } from "./normal-samples";

export interface BertShape {
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly intermediate: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly layerNormEpsilon: number;
  readonly initializerRange: number;
  readonly padTokenId: number;
}

export interface DenseWeights {
  /** Row-major [inFeatures, outFeatures], the layout ONNX MatMul takes as its second input. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

export interface LayerNormWeights {
  readonly gain: Float32Array;
  readonly bias: Float32Array;
}

export interface BertLayerWeights {
  readonly query: DenseWeights;
  readonly key: DenseWeights;
  readonly value: DenseWeights;
  readonly attentionOutput: DenseWeights;
  readonly attentionNorm: LayerNormWeights;
  readonly intermediate: DenseWeights;
  readonly output: DenseWeights;
  readonly outputNorm: LayerNormWeights;
}

export interface BertWeights {
  readonly shape: BertShape;
  readonly wordEmbeddings: Float32Array;
  readonly positionEmbeddings: Float32Array;
  readonly tokenTypeEmbeddings: Float32Array;
  readonly embeddingNorm: LayerNormWeights;
  readonly layers: readonly BertLayerWeights[];
}

function integerField(config: Record<string, unknown>, field: string): number {
  const value = config[field];
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new Error(`config.json: "${field}" must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function numberField(config: Record<string, unknown>, field: string, fallback: number): number {
  const value = config[field] ?? fallback;
  if (typeof value !== "number") throw new Error(`config.json: "${field}" must be a number`);
  return value;
}

/** Reads the encoder shape from a BERT config.json, refusing configurations the graph cannot express. */
export function bertShapeFromConfig(config: Record<string, unknown>): BertShape {
  if (config.model_type !== "bert") {
    throw new Error(`config.json: model_type must be "bert", got ${JSON.stringify(config.model_type)}`);
  }
  if (config.hidden_act !== "gelu") {
    throw new Error(`config.json: only hidden_act "gelu" (erf form) is generated, got ${JSON.stringify(config.hidden_act)}`);
  }
  const positionType = config.position_embedding_type ?? "absolute";
  if (positionType !== "absolute") {
    throw new Error(`config.json: only absolute position embeddings are generated, got ${JSON.stringify(positionType)}`);
  }
  const shape: BertShape = {
    layers: integerField(config, "num_hidden_layers"),
    hidden: integerField(config, "hidden_size"),
    heads: integerField(config, "num_attention_heads"),
    intermediate: integerField(config, "intermediate_size"),
    vocabSize: integerField(config, "vocab_size"),
    maxPositions: integerField(config, "max_position_embeddings"),
    typeVocabSize: integerField(config, "type_vocab_size"),
    layerNormEpsilon: numberField(config, "layer_norm_eps", 1e-12),
    initializerRange: numberField(config, "initializer_range", 0.02),
    padTokenId: numberField(config, "pad_token_id", 0),
  };
  if (shape.hidden % shape.heads !== 0) {
    throw new Error(`config.json: hidden_size ${shape.hidden} is not divisible by num_attention_heads ${shape.heads}`);
  }
  return shape;
}

/** Generates every weight of the encoder from one seed, in a fixed order. */
export function generateBertWeights(shape: BertShape, seed: number): BertWeights {
  const uniform = mulberry32Float(seed);
  const normal = (length: number): Float32Array => {
    const values = new Float32Array(length);
    fillNormal(values, shape.initializerRange, uniform);
    return values;
  };
  const dense = (inFeatures: number, outFeatures: number): DenseWeights => ({
    kernel: normal(inFeatures * outFeatures),
    bias: new Float32Array(outFeatures),
    inFeatures,
    outFeatures,
  });
  const layerNorm = (): LayerNormWeights => ({
    gain: new Float32Array(shape.hidden).fill(1),
    bias: new Float32Array(shape.hidden),
  });

  const wordEmbeddings = normal(shape.vocabSize * shape.hidden);
  // As in BERT's initialisation, the padding token's embedding is zero.
  wordEmbeddings.fill(0, shape.padTokenId * shape.hidden, (shape.padTokenId + 1) * shape.hidden);
  const positionEmbeddings = normal(shape.maxPositions * shape.hidden);
  const tokenTypeEmbeddings = normal(shape.typeVocabSize * shape.hidden);
  const embeddingNorm = layerNorm();

  const layers = Array.from({ length: shape.layers }, (): BertLayerWeights => ({
    query: dense(shape.hidden, shape.hidden),
    key: dense(shape.hidden, shape.hidden),
    value: dense(shape.hidden, shape.hidden),
    attentionOutput: dense(shape.hidden, shape.hidden),
    attentionNorm: layerNorm(),
    intermediate: dense(shape.hidden, shape.intermediate),
    output: dense(shape.intermediate, shape.hidden),
    outputNorm: layerNorm(),
  }));

  return { shape, wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, embeddingNorm, layers };
}
