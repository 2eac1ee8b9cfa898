"""Writes tests/parity/fixtures/core/*.json: library-core behaviour from PyTorch.

Run with Debian's torch: /usr/bin/python3 tests/parity/make_core.py
Cases: state-dict / parameter / module naming of a nested model, gradient clipping, std/var,
linspace/arange/meshgrid, and training steps of a small MLP (gradients, SGD with momentum,
gradient accumulation, clipping inside a step).
"""
import json
import os
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'core')
rng = np.random.default_rng(2024)


def rnd(*shape, scale=1.0):
    return np.round(rng.standard_normal(shape) * scale, 2).astype(np.float32)


def tj(a):
    a = np.asarray(a.detach().numpy() if isinstance(a, torch.Tensor) else a)
    return {'shape': list(a.shape), 'data': [float(v) for v in a.reshape(-1)]}


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(obj, f, indent=1)


# ---------------------------------------------------------------- naming of a nested model
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.bn = nn.BatchNorm1d(4)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 4, bias=False))
        self.blocks = nn.ModuleList([Block(), Block()])
        self.heads = nn.ModuleDict({'cls': nn.Linear(4, 2), 'reg': nn.Linear(4, 1)})
        self.named = nn.Sequential(OrderedDict(fc=nn.Linear(4, 4), act=nn.Tanh()))
        self.scale = nn.Parameter(torch.ones(1))


net = Net()
write('naming', {
    'stateDict': [[k, list(v.shape)] for k, v in net.state_dict().items()],
    'namedParameters': [[k, list(v.shape)] for k, v in net.named_parameters()],
    'namedModules': [[k, type(m).__name__] for k, m in net.named_modules()],
    'numParameters': sum(p.numel() for p in net.parameters()),
})

# ---------------------------------------------------------------- gradient clipping
clip_cases = []
for name, max_norm, norm_type in [('2-norm, clipped', 1.0, 2.0), ('2-norm, not clipped', 100.0, 2.0),
                                   ('inf-norm', 0.5, float('inf')), ('1-norm', 2.0, 1.0)]:
    grads = [rnd(3, 2), rnd(4), rnd(1)]
    ps = [nn.Parameter(torch.zeros(g.shape)) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = torch.tensor(g)
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
    clip_cases.append({'name': name, 'maxNorm': max_norm, 'normType': 'inf' if norm_type == float('inf') else norm_type,
                       'grads': [tj(g) for g in grads], 'total': float(total), 'clipped': [tj(p.grad) for p in ps]})
grads = [rnd(3, 2), rnd(4)]
ps = [nn.Parameter(torch.zeros(g.shape)) for g in grads]
for p, g in zip(ps, grads):
    p.grad = torch.tensor(g)
torch.nn.utils.clip_grad_value_(ps, 0.5)
write('clip_grad', {'norm': clip_cases, 'value': {'clipValue': 0.5, 'grads': [tj(g) for g in grads],
                                                   'clipped': [tj(p.grad) for p in ps]}})

# ---------------------------------------------------------------- std / var
x = torch.tensor(rnd(3, 4))
write('std_var', {
    'x': tj(x),
    'cases': [
        {'name': 'var all', 'fn': 'var', 'dim': None, 'unbiased': True, 'keepdim': False, 'out': tj(x.var())},
        {'name': 'std all', 'fn': 'std', 'dim': None, 'unbiased': True, 'keepdim': False, 'out': tj(x.std())},
        {'name': 'var dim 0', 'fn': 'var', 'dim': 0, 'unbiased': True, 'keepdim': False, 'out': tj(x.var(0))},
        {'name': 'std dim 1 biased keepdim', 'fn': 'std', 'dim': 1, 'unbiased': False, 'keepdim': True,
         'out': tj(x.std(1, unbiased=False, keepdim=True))},
    ],
})

# ---------------------------------------------------------------- creation helpers
gx, gy = torch.meshgrid(torch.linspace(-1, 1, 3), torch.arange(2).float(), indexing='ij')
hx, hy = torch.meshgrid(torch.linspace(-1, 1, 3), torch.arange(2).float(), indexing='xy')
write('creation', {
    'linspace': tj(torch.linspace(-2, 3, 7)),
    'arange': tj(torch.arange(0.5, 2.0, 0.3)),
    'meshgridIJ': [tj(gx), tj(gy)],
    'meshgridXY': [tj(hx), tj(hy)],
})

# ---------------------------------------------------------------- training steps of a small MLP
torch.manual_seed(0)
mlp = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
with torch.no_grad():
    for p in mlp.parameters():
        p.copy_(torch.tensor(rnd(*p.shape, scale=0.5)))
init = {k: tj(v) for k, v in mlp.state_dict().items()}
xb = [torch.tensor(rnd(5, 3)) for _ in range(3)]
yb = [torch.tensor(rnd(5, 2)) for _ in range(3)]
crit = nn.MSELoss()


def fresh():
    m = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    m.load_state_dict({k: torch.tensor(np.array(v['data'], dtype=np.float32).reshape(v['shape'])) for k, v in init.items()})
    return m


# gradients of one batch
m = fresh()
loss = crit(m(xb[0]), yb[0])
loss.backward()
grads_one = {k: tj(p.grad) for k, p in m.named_parameters()}
loss_one = float(loss)

# three SGD steps with momentum
m = fresh()
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
losses = []
for xb_i, yb_i in zip(xb, yb):
    opt.zero_grad()
    l = crit(m(xb_i), yb_i)
    l.backward()
    opt.step()
    losses.append(float(l))
after_sgd = {k: tj(v) for k, v in m.state_dict().items()}

# gradient accumulation over two batches, then clip and one plain SGD step
m = fresh()
opt = torch.optim.SGD(m.parameters(), lr=0.05)
opt.zero_grad()
for i in range(2):
    crit(m(xb[i]), yb[i]).backward()
accumulated = {k: tj(p.grad) for k, p in m.named_parameters()}
total = float(torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5))
opt.step()
after_accum = {k: tj(v) for k, v in m.state_dict().items()}

write('mlp_training', {
    'init': init,
    'x': [tj(v) for v in xb], 'y': [tj(v) for v in yb],
    'gradsOneBatch': grads_one, 'lossOneBatch': loss_one,
    'sgdMomentum': {'lr': 0.1, 'momentum': 0.9, 'losses': losses, 'after': after_sgd},
    'accumulateClip': {'lr': 0.05, 'maxNorm': 0.5, 'grads': accumulated, 'totalNorm': total, 'after': after_accum},
})
print('wrote', sorted(os.listdir(OUT)))
