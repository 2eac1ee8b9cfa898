"""Writes tests/parity/fixtures/optim/optim.json: 5 steps of every optimizer (and its variants) from PyTorch.

Run with Debian's torch: /usr/bin/python3 tests/parity/make_optim.py
Problem: linear regression loss = mean((X @ w + b - Y)^2) with fixed X, Y and initial w [3, 2], b [2];
each step computes the gradients at the current parameters and applies the optimizer. The fixture
stores the parameters after every step.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'optim')
rng = np.random.default_rng(7)
X = np.round(rng.standard_normal((4, 3)), 2).astype(np.float32)
Y = np.round(rng.standard_normal((4, 2)), 2).astype(np.float32)
W0 = np.round(rng.standard_normal((3, 2)), 2).astype(np.float32)
B0 = np.round(rng.standard_normal((2,)), 2).astype(np.float32)
STEPS = 5

TORCH_NAMES = {'lr': 'lr', 'momentum': 'momentum', 'dampening': 'dampening', 'weightDecay': 'weight_decay',
               'nesterov': 'nesterov', 'maximize': 'maximize', 'betas': 'betas', 'eps': 'eps',
               'amsgrad': 'amsgrad', 'alpha': 'alpha', 'centered': 'centered', 'lrDecay': 'lr_decay',
               'initialAccumulatorValue': 'initial_accumulator_value', 'rho': 'rho'}


def torch_kwargs(options):
    return {TORCH_NAMES[k]: (tuple(v) if k == 'betas' else v) for k, v in options.items()}


cases = []


def case(name, optimizer, options, groups=None, frozen=()):
    w = torch.tensor(W0, requires_grad='w' not in frozen)
    b = torch.tensor(B0, requires_grad='b' not in frozen)
    named = {'w': w, 'b': b}
    if groups is None:
        params = [w, b]
    else:
        params = [dict(torch_kwargs({k: v for k, v in g.items() if k != 'params'}),
                       params=[named[n] for n in g['params']]) for g in groups]
    opt = getattr(torch.optim, optimizer)(params, **torch_kwargs(options))
    x, y = torch.tensor(X), torch.tensor(Y)
    trace = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        opt.step()
        trace.append({'w': w.detach().numpy().reshape(-1).tolist(), 'b': b.detach().numpy().tolist()})
    cases.append({'name': f'{optimizer} {name}', 'optimizer': optimizer, 'options': options,
                  'groups': groups, 'frozen': list(frozen), 'steps': trace})


case('plain', 'SGD', {'lr': 0.1})
case('momentum 0.9', 'SGD', {'lr': 0.05, 'momentum': 0.9})
case('momentum with dampening 0.5', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.5})
case('nesterov', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True})
case('weight decay and momentum', 'SGD', {'lr': 0.05, 'momentum': 0.8, 'weightDecay': 0.1})
case('maximize', 'SGD', {'lr': 0.01, 'maximize': True})
case('param groups with own lr', 'SGD', {'lr': 0.01, 'momentum': 0.9},
     groups=[{'params': ['w'], 'lr': 0.1}, {'params': ['b'], 'momentum': 0.5}])
case('frozen bias', 'SGD', {'lr': 0.1}, frozen=('b',))
case('default', 'Adam', {'lr': 0.1})
case('amsgrad', 'Adam', {'lr': 0.1, 'amsgrad': True})
case('L2 weight decay', 'Adam', {'lr': 0.05, 'weightDecay': 0.5})
case('betas and eps', 'Adam', {'lr': 0.05, 'betas': [0.8, 0.9], 'eps': 1e-3})
case('maximize', 'Adam', {'lr': 0.01, 'maximize': True})
case('default', 'AdamW', {'lr': 0.1})
case('weight decay 0.5 with amsgrad', 'AdamW', {'lr': 0.05, 'weightDecay': 0.5, 'amsgrad': True})
case('param groups with own weight decay', 'AdamW', {'lr': 0.05},
     groups=[{'params': ['w'], 'weightDecay': 0.3}, {'params': ['b'], 'weightDecay': 0.0, 'lr': 0.1}])
case('default', 'RMSprop', {'lr': 0.01})
case('momentum', 'RMSprop', {'lr': 0.01, 'momentum': 0.9})
case('centered', 'RMSprop', {'lr': 0.01, 'centered': True})
case('centered, momentum, weight decay, alpha', 'RMSprop',
     {'lr': 0.01, 'centered': True, 'momentum': 0.5, 'weightDecay': 0.1, 'alpha': 0.9})
case('default', 'Adagrad', {'lr': 0.1})
case('lrDecay, initial accumulator, weight decay', 'Adagrad',
     {'lr': 0.1, 'lrDecay': 0.1, 'initialAccumulatorValue': 0.5, 'weightDecay': 0.05})
case('default', 'Adadelta', {})
case('rho 0.5, lr 0.5, weight decay', 'Adadelta', {'lr': 0.5, 'rho': 0.5, 'weightDecay': 0.1, 'eps': 1e-4})
case('default', 'Adamax', {'lr': 0.1})
case('weight decay and betas', 'Adamax', {'lr': 0.05, 'weightDecay': 0.2, 'betas': [0.8, 0.95]})

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'optim.json'), 'w') as f:
    json.dump({'X': X.tolist(), 'Y': Y.tolist(), 'w0': W0.tolist(), 'b0': B0.tolist(), 'cases': cases}, f)
    f.write('\n')
print(f'optim fixtures: {len(cases)} cases')
