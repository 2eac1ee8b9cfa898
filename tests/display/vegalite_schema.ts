import Ajv from 'ajv';
import { readFileSync } from 'fs';

let validateFn: ((spec: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates a spec against the Vega-Lite v5 JSON schema shipped in the vega-lite package; returns the errors. */
export function vegaLiteErrors(spec: unknown): string[] {
  if (!validateFn) {
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/build/vega-lite-schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
    validateFn = ajv.compile(schema) as typeof validateFn;
  }
  const ok = validateFn!(spec);
  return ok ? [] : [JSON.stringify(validateFn!.errors).slice(0, 2000)];
}
