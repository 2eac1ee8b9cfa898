/**
 * The loss modules, like PyTorch's `torch.nn` losses. Each one's `forward(input, target)` calls the
 * functional form in `F` (`src/nn/functional/loss.ts`).
 */
export { CrossEntropyLoss, NLLLoss, type CrossEntropyLossOptions, type NLLLossOptions } from './cross_entropy_loss';
export { BCELoss, BCEWithLogitsLoss, type BCELossOptions, type BCEWithLogitsLossOptions } from './bce_loss';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, type RegressionLossOptions } from './regression_loss';
export { KLDivLoss, type KLDivLossOptions } from './kl_div_loss';
