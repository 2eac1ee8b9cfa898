"""Writes tests/parity/fixtures/loss/*.json: every loss's value and input gradient from PyTorch.

Run with Debian's torch: /usr/bin/python3 tests/parity/make_loss.py
Each case: the functional name (as in tsdl's F), its options (camelCase), input, target, an upstream
gradient (d total / d loss), the loss and d total / d input where total = sum(loss * upstream).
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'loss')
rng = np.random.default_rng(1234)


def rnd(*shape, scale=1.0):
    return np.round(rng.standard_normal(shape) * scale, 2).astype(np.float32)


def probs(*shape):
    return np.round(rng.uniform(0.05, 0.95, shape), 2).astype(np.float32)


def soft(*shape):
    x = rng.uniform(0.1, 1.0, shape)
    return (x / x.sum(axis=1, keepdims=True)).astype(np.float32)


def ints(high, *shape):
    return rng.integers(0, high, shape).astype(np.int64)


def tensor_json(a):
    a = np.asarray(a)
    return {'shape': list(a.shape), 'data': [float(v) if a.dtype.kind == 'f' else int(v) for v in a.reshape(-1)],
            'dtype': 'float32' if a.dtype.kind == 'f' else 'int32'}


TORCH_NAMES = {'weight': 'weight', 'ignoreIndex': 'ignore_index', 'reduction': 'reduction',
               'labelSmoothing': 'label_smoothing', 'posWeight': 'pos_weight', 'beta': 'beta',
               'delta': 'delta', 'logTarget': 'log_target'}
TORCH_FNS = {'crossEntropy': F.cross_entropy, 'nllLoss': F.nll_loss, 'binaryCrossEntropy': F.binary_cross_entropy,
             'binaryCrossEntropyWithLogits': F.binary_cross_entropy_with_logits, 'mseLoss': F.mse_loss,
             'l1Loss': F.l1_loss, 'smoothL1Loss': F.smooth_l1_loss, 'huberLoss': F.huber_loss, 'klDiv': F.kl_div}

cases = {}


def case(fn, name, x, target, **options):
    xt = torch.tensor(x, requires_grad=True)
    tt = torch.tensor(target)
    kwargs = {}
    for k, v in options.items():
        kwargs[TORCH_NAMES[k]] = torch.tensor(np.asarray(v, dtype=np.float32)) if k in ('weight', 'posWeight') else v
    loss = TORCH_FNS[fn](xt, tt, **kwargs)
    upstream = np.round(rng.uniform(0.5, 1.5, loss.shape), 2).astype(np.float32) if loss.dim() > 0 \
        else np.array(1.0, dtype=np.float32)
    (loss * torch.tensor(upstream)).sum().backward()
    cases.setdefault(fn, []).append({
        'name': f'{fn} {name}', 'fn': fn, 'options': {k: (np.asarray(v).tolist() if k in ('weight', 'posWeight') else v)
                                                       for k, v in options.items()},
        'input': tensor_json(x), 'target': tensor_json(target), 'upstream': tensor_json(upstream),
        'output': tensor_json(loss.detach().numpy()), 'grad': tensor_json(xt.grad.numpy()),
    })


# --- crossEntropy
x, y = rnd(5, 4, scale=2), ints(4, 5)
case('crossEntropy', 'mean', x, y)
case('crossEntropy', 'sum', x, y, reduction='sum')
case('crossEntropy', 'none', x, y, reduction='none')
case('crossEntropy', 'class weights', x, y, weight=[0.2, 1.0, 2.5, 0.7])
case('crossEntropy', 'class weights, none', x, y, weight=[0.2, 1.0, 2.5, 0.7], reduction='none')
case('crossEntropy', 'label smoothing 0.1', x, y, labelSmoothing=0.1)
case('crossEntropy', 'label smoothing 0.2, sum', x, y, labelSmoothing=0.2, reduction='sum')
case('crossEntropy', 'label smoothing 0.15, none', x, y, labelSmoothing=0.15, reduction='none')
case('crossEntropy', 'label smoothing and weights', x, y, labelSmoothing=0.1, weight=[0.2, 1.0, 2.5, 0.7])
y_ign = y.copy(); y_ign[[1, 3]] = -100
case('crossEntropy', 'ignoreIndex -100', x, y_ign)
case('crossEntropy', 'ignoreIndex=2, weights', x, y, ignoreIndex=2, weight=[0.2, 1.0, 2.5, 0.7])
case('crossEntropy', 'ignoreIndex, none', x, y_ign, reduction='none')
case('crossEntropy', 'ignoreIndex with label smoothing', x, y_ign, labelSmoothing=0.1)
case('crossEntropy', 'ignoreIndex, label smoothing, weights', x, y_ign, labelSmoothing=0.1, weight=[0.2, 1.0, 2.5, 0.7])
p = soft(5, 4)
case('crossEntropy', 'probability targets', x, p)
case('crossEntropy', 'probability targets, label smoothing', x, p, labelSmoothing=0.2)
case('crossEntropy', 'probability targets, weights, sum', x, p, weight=[0.2, 1.0, 2.5, 0.7], reduction='sum')
xs, ys = rnd(2, 3, 2, 2), ints(3, 2, 2, 2)
case('crossEntropy', 'spatial [N,C,H,W]', xs, ys)
case('crossEntropy', 'spatial, none', xs, ys, reduction='none')
case('crossEntropy', 'unbatched [C]', rnd(4), np.array(2, dtype=np.int64))

# --- nllLoss
lp = torch.log_softmax(torch.tensor(rnd(6, 3, scale=2)), 1).numpy()
yn = ints(3, 6)
case('nllLoss', 'mean', lp, yn)
case('nllLoss', 'sum', lp, yn, reduction='sum')
case('nllLoss', 'none', lp, yn, reduction='none')
case('nllLoss', 'class weights', lp, yn, weight=[0.5, 2.0, 1.0])
yn_ign = yn.copy(); yn_ign[0] = 1; yn_ign[4] = 1
case('nllLoss', 'ignoreIndex=1', lp, yn_ign, ignoreIndex=1)
case('nllLoss', 'spatial [N,C,L]', torch.log_softmax(torch.tensor(rnd(2, 3, 4)), 1).numpy(), ints(3, 2, 4))

# --- binaryCrossEntropy
xb, yb = probs(4, 3), np.round(rng.uniform(0, 1, (4, 3))).astype(np.float32)
case('binaryCrossEntropy', 'mean', xb, yb)
case('binaryCrossEntropy', 'sum', xb, yb, reduction='sum')
case('binaryCrossEntropy', 'none', xb, yb, reduction='none')
case('binaryCrossEntropy', 'weight', xb, yb, weight=[0.5, 1.0, 2.0])
case('binaryCrossEntropy', 'soft targets', xb, probs(4, 3))

# --- binaryCrossEntropyWithLogits
xl = rnd(4, 3, scale=3)
case('binaryCrossEntropyWithLogits', 'mean', xl, yb)
case('binaryCrossEntropyWithLogits', 'sum', xl, yb, reduction='sum')
case('binaryCrossEntropyWithLogits', 'none', xl, yb, reduction='none')
case('binaryCrossEntropyWithLogits', 'posWeight', xl, yb, posWeight=[3.0, 0.5, 1.5])
case('binaryCrossEntropyWithLogits', 'weight and posWeight', xl, yb, weight=[0.5, 1.0, 2.0], posWeight=[3.0, 0.5, 1.5])
case('binaryCrossEntropyWithLogits', 'large logits', np.array([[30.0, -30.0, 0.5], [-25.0, 40.0, -0.5]], np.float32),
     np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]], np.float32))

# --- regression
a, b = rnd(3, 4, scale=2), rnd(3, 4, scale=2)
for fn in ('mseLoss', 'l1Loss'):
    case(fn, 'mean', a, b)
    case(fn, 'sum', a, b, reduction='sum')
    case(fn, 'none', a, b, reduction='none')
case('smoothL1Loss', 'beta 1', a, b)
case('smoothL1Loss', 'beta 0.5, sum', a, b, beta=0.5, reduction='sum')
case('smoothL1Loss', 'beta 2, none', a, b, beta=2.0, reduction='none')
case('smoothL1Loss', 'beta 0 (L1)', a, b, beta=0.0)
case('huberLoss', 'delta 1', a, b)
case('huberLoss', 'delta 2, sum', a, b, delta=2.0, reduction='sum')
case('huberLoss', 'delta 0.5, none', a, b, delta=0.5, reduction='none')

# --- klDiv
li = torch.log_softmax(torch.tensor(rnd(3, 4)), 1).numpy()
pt = soft(3, 4); pt[1, 2] = 0.0
case('klDiv', 'mean', li, pt)
case('klDiv', 'batchmean', li, pt, reduction='batchmean')
case('klDiv', 'sum', li, pt, reduction='sum')
case('klDiv', 'none', li, pt, reduction='none')
case('klDiv', 'logTarget, batchmean', li, np.log(soft(3, 4)).astype(np.float32), logTarget=True, reduction='batchmean')

os.makedirs(OUT, exist_ok=True)
total = 0
for fn, items in cases.items():
    with open(os.path.join(OUT, f'{fn}.json'), 'w') as f:
        json.dump(items, f, indent=None)
        f.write('\n')
    total += len(items)
print(f'loss fixtures: {total} cases in {len(cases)} files')
