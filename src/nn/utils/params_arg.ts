import { describe, isParameter, Parameter } from '../parameter';

/** Accepts one parameter or any iterable of parameters (e.g. `model.parameters()`), as PyTorch does. */
export type ParametersArg = Parameter | Iterable<Parameter>;

/** The parameters as an array, with a clear error for anything else. */
export function toParameterArray(params: ParametersArg, where: string): Parameter[] {
  if (isParameter(params)) return [params];
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
    throw new TypeError(`${where}: expected parameters (e.g. model.parameters()), got ${describe(params)}`);
  }
  const out = [...params];
  out.forEach((p, i) => {
    if (!isParameter(p)) throw new TypeError(`${where}: item ${i} is not an nn.Parameter (got ${describe(p)})`);
  });
  return out;
}
