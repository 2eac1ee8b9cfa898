"""Writes PyTorch's printouts of a few fixed tensors to fixtures/tensor_print.json.

Run with Debian's python: /usr/bin/python3 tests/display/make_tensor_print.py
Each case holds the tensor's shape, dtype (tfjs name) and flat values, and the string torch prints.
"""
import json
import os
import torch

torch.set_printoptions(profile='default')

def case(name, t, dtype):
    flat = t.reshape(-1).tolist()
    if dtype == 'bool':
        flat = [1 if v else 0 for v in flat]
    return {'name': name, 'shape': list(t.shape), 'dtype': dtype, 'values': flat, 'expected': str(t)}

cases = [
    case('scalar', torch.tensor(3.14159), 'float32'),
    case('vector', torch.tensor([0.1, 0.2, -1.5]), 'float32'),
    case('matrix', torch.tensor([[0.1, 0.2], [0.3, 0.4]]), 'float32'),
    case('integral floats', torch.tensor([[1., 2., 3.], [-4., 5., 60.]]), 'float32'),
    case('scientific', torch.tensor([1e-5, 1.0, 250.0]), 'float32'),
    case('large range', torch.tensor([1.0, 12345.0, 3.0e9]), 'float32'),
    case('int32', torch.tensor([[1, -2, 300], [4, 5, 6]], dtype=torch.int32), 'int32'),
    case('bool', torch.tensor([True, False, True]), 'bool'),
    case('3d', torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 7, 'float32'),
    case('wrapped vector', torch.linspace(-1, 1, 30), 'float32'),
    case('summarised 1d', torch.arange(2000, dtype=torch.float32) / 3, 'float32'),
    case('summarised 2d', (torch.arange(40 * 40, dtype=torch.float32) / 1600).reshape(40, 40), 'float32'),
    case('summarised 3d ints', torch.arange(11 * 12 * 13, dtype=torch.int32).reshape(11, 12, 13), 'int32'),
    case('nan and inf', torch.tensor([float('nan'), float('inf'), -1.25, 0.0]), 'float32'),
    case('empty', torch.zeros(0), 'float32'),
    case('empty 2d', torch.zeros(0, 3), 'float32'),
]

here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, 'fixtures'), exist_ok=True)
with open(os.path.join(here, 'fixtures', 'tensor_print.json'), 'w') as f:
    json.dump(cases, f, indent=1, allow_nan=True)
print(f'wrote {len(cases)} cases')
