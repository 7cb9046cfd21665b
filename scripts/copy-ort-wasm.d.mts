export interface OrtRuntimeFiles {
  readonly version: string;
  readonly sourceDir: string;
  readonly files: readonly string[];
}

export function findOrtRuntimeFiles(): OrtRuntimeFiles;
export function copyOrtRuntimeFiles(outDir: string): OrtRuntimeFiles & { readonly outDir: string };
