/** One row of a model summary: a layer (module) in the tree. */
export interface SummaryRow {
  /** Attribute name in its parent (`'0'`, `'fc1'`); empty for the root. */
  name: string;
  /** Class name (`Linear`, `Conv2d`, `Dense`). */
  type: string;
  /** Depth in the tree (root 0). */
  depth: number;
  /** Whether this is the last child of its parent (for the tree drawing). */
  lastChild: boolean;
  /** Ancestors' lastChild flags (for drawing the vertical bars). */
  ancestorsLast: boolean[];
  /** Output shape(s) from a traced forward pass (undefined when no input shape was given). */
  outputShape?: string;
  /** Parameters owned directly by this module (not its children). */
  ownParams: number;
  /** Parameters of this module and all descendants. */
  totalParams: number;
  /** Whether it has children (containers show '--' like torchinfo). */
  isContainer: boolean;
  /** Short configuration text (`in_features=2, out_features=4, bias=True`). */
  extra?: string;
}

/** Everything a summary shows. */
export interface SummaryData {
  title: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Bytes: input, forward/backward activations, parameters (float32), as torchinfo estimates. */
  inputBytes?: number;
  activationBytes?: number;
  paramBytes: number;
  inputShape?: string;
}

/** Formats a shape list: `[1, 4]`; several outputs joined. `null` dims (tfjs batch) print as `-1`, like Keras's None. */
export function shapeText(shape: (number | null)[] | (number | null)[][]): string {
  if (shape.length > 0 && Array.isArray(shape[0])) return (shape as (number | null)[][]).map((s) => shapeText(s)).join(', ');
  return `[${(shape as (number | null)[]).map((d) => (d === null ? -1 : d)).join(', ')}]`;
}
