"""Writes tests/parity/fixtures/sched/sched.json: learning-rate traces of every scheduler from PyTorch.

Run with Debian's torch: /usr/bin/python3 tests/parity/make_sched.py
Each case builds an optimizer (SGD with momentum or Adam) over one or two parameter groups, then
records every group's lr (and momentum / beta1) right after construction and after each of `steps` steps.
"""
import json
import os

import torch
from torch.optim import lr_scheduler as S

OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'sched')
STEPS = 30
LAMBDAS = {'exp0.9': lambda e: 0.9 ** e, 'warmup5': lambda e: min(1.0, (e + 1) / 5),
           'const0.95': lambda e: 0.95, 'slowing': lambda e: 1.0 - 0.01 * e}

TORCH_NAMES = {'stepSize': 'step_size', 'gamma': 'gamma', 'milestones': 'milestones', 'tMax': 'T_max',
               'etaMin': 'eta_min', 't0': 'T_0', 'tMult': 'T_mult', 'mode': 'mode', 'factor': 'factor',
               'patience': 'patience', 'threshold': 'threshold', 'thresholdMode': 'threshold_mode',
               'cooldown': 'cooldown', 'minLr': 'min_lr', 'maxLr': 'max_lr', 'totalSteps': 'total_steps',
               'epochs': 'epochs', 'stepsPerEpoch': 'steps_per_epoch', 'pctStart': 'pct_start',
               'annealStrategy': 'anneal_strategy', 'cycleMomentum': 'cycle_momentum',
               'baseMomentum': 'base_momentum', 'maxMomentum': 'max_momentum', 'divFactor': 'div_factor',
               'finalDivFactor': 'final_div_factor', 'threePhase': 'three_phase', 'baseLr': 'base_lr',
               'stepSizeUp': 'step_size_up', 'stepSizeDown': 'step_size_down', 'startFactor': 'start_factor',
               'endFactor': 'end_factor', 'totalIters': 'total_iters', 'lrLambda': 'lr_lambda', 'power': 'power'}
VALUE_NAMES = {'expRange': 'exp_range'}


def make_scheduler(opt, name, options):
    kwargs = {}
    for k, v in options.items():
        if k == 'schedulers':
            kwargs['schedulers'] = [make_scheduler(opt, s['scheduler'], s['options']) for s in v]
        elif k == 'lrLambda':
            kwargs['lr_lambda'] = LAMBDAS[v]
        else:
            kwargs[TORCH_NAMES.get(k, k)] = VALUE_NAMES.get(v, v) if isinstance(v, str) else v
    return getattr(S, name)(opt, **kwargs)


cases = []


def case(name, scheduler, options, optimizer='SGD', lrs=(0.1,), metrics=None):
    params = [torch.nn.Parameter(torch.zeros(2)) for _ in lrs]
    groups = [{'params': [p], 'lr': lr} for p, lr in zip(params, lrs)]
    opt = torch.optim.SGD(groups, lr=lrs[0], momentum=0.9) if optimizer == 'SGD' else torch.optim.Adam(groups, lr=lrs[0])

    def snapshot():
        lr = [g['lr'] for g in opt.param_groups]
        mom = [g['momentum'] if optimizer == 'SGD' else g['betas'][0] for g in opt.param_groups]
        return lr, mom

    sched = make_scheduler(opt, scheduler, options)
    lr_trace, mom_trace = [], []
    lr, mom = snapshot(); lr_trace.append(lr); mom_trace.append(mom)
    for i in range(STEPS):
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
        lr, mom = snapshot(); lr_trace.append(lr); mom_trace.append(mom)
    cases.append({'name': f'{scheduler} {name}', 'scheduler': scheduler, 'options': options,
                  'optimizer': optimizer, 'lrs': list(lrs), 'metrics': metrics, 'lr': lr_trace,
                  'momentum': mom_trace})


case('stepSize 7, gamma 0.5', 'StepLR', {'stepSize': 7, 'gamma': 0.5})
case('default gamma, two groups', 'StepLR', {'stepSize': 10}, lrs=(0.1, 0.02))
case('repeated milestones', 'MultiStepLR', {'milestones': [5, 12, 12, 20], 'gamma': 0.5})
case('gamma 0.9', 'ExponentialLR', {'gamma': 0.9})
case('tMax 10 past one period, etaMin', 'CosineAnnealingLR', {'tMax': 10, 'etaMin': 0.001})
case('tMax 30, two groups', 'CosineAnnealingLR', {'tMax': 30}, lrs=(0.1, 0.5))
case('t0 5', 'CosineAnnealingWarmRestarts', {'t0': 5})
case('t0 3, tMult 2, etaMin', 'CosineAnnealingWarmRestarts', {'t0': 3, 'tMult': 2, 'etaMin': 0.01})
loss_curve = [1.0, 0.9, 0.85, 0.86, 0.85, 0.849, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74, 0.69, 0.69, 0.7, 0.71, 0.72,
              0.73, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
case('min, patience 2', 'ReduceLROnPlateau', {'patience': 2, 'factor': 0.5}, metrics=loss_curve)
acc_curve = [0.5, 0.6, 0.65, 0.66, 0.655, 0.66, 0.67, 0.8, 0.8, 0.8, 0.8, 0.81, 0.81, 0.81, 0.81, 0.9, 0.9, 0.9,
             0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
case('max, abs threshold, cooldown, minLr', 'ReduceLROnPlateau',
     {'mode': 'max', 'thresholdMode': 'abs', 'threshold': 0.02, 'patience': 1, 'cooldown': 2, 'minLr': 0.004,
      'factor': 0.3}, metrics=acc_curve)
case('SGD, cos, cycling momentum', 'OneCycleLR', {'maxLr': 1.0, 'totalSteps': 30})
case('Adam, linear, three phases, pctStart 0.25', 'OneCycleLR',
     {'maxLr': [0.01], 'epochs': 6, 'stepsPerEpoch': 5, 'annealStrategy': 'linear', 'threePhase': True,
      'pctStart': 0.25}, optimizer='Adam')
case('no momentum cycling, divFactors, two groups', 'OneCycleLR',
     {'maxLr': [0.5, 0.05], 'totalSteps': 31, 'cycleMomentum': False, 'divFactor': 10.0, 'finalDivFactor': 100.0},
     lrs=(0.1, 0.1))
case('triangular with momentum', 'CyclicLR', {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 4})
case('triangular2, asymmetric', 'CyclicLR',
     {'baseLr': 0.001, 'maxLr': 0.01, 'stepSizeUp': 3, 'stepSizeDown': 5, 'mode': 'triangular2',
      'cycleMomentum': False})
case('expRange', 'CyclicLR', {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 5, 'mode': 'expRange', 'gamma': 0.95})
case('0.9 ** epoch', 'LambdaLR', {'lrLambda': 'exp0.9'})
case('warm-up', 'LambdaLR', {'lrLambda': 'warmup5'}, lrs=(0.1, 0.3))
case('default', 'LinearLR', {})
case('startFactor 0.1 to 0.5 over 10', 'LinearLR', {'startFactor': 0.1, 'endFactor': 0.5, 'totalIters': 10})
case('linear warm-up then cosine', 'SequentialLR',
     {'schedulers': [{'scheduler': 'LinearLR', 'options': {'startFactor': 0.1, 'totalIters': 5}},
                     {'scheduler': 'CosineAnnealingLR', 'options': {'tMax': 25}}], 'milestones': [5]})
case('exponential then step', 'SequentialLR',
     {'schedulers': [{'scheduler': 'ExponentialLR', 'options': {'gamma': 0.9}},
                     {'scheduler': 'StepLR', 'options': {'stepSize': 5, 'gamma': 0.5}}], 'milestones': [10]})
case('factor 0.5 for 4 epochs', 'ConstantLR', {'factor': 0.5, 'totalIters': 4})
case('0.95 per epoch', 'MultiplicativeLR', {'lrLambda': 'const0.95'})
case('slowing decay, two groups', 'MultiplicativeLR', {'lrLambda': 'slowing'}, lrs=(0.1, 0.2))
case('power 2 over 20', 'PolynomialLR', {'totalIters': 20, 'power': 2.0})
case('constant warm-up then polynomial', 'SequentialLR',
     {'schedulers': [{'scheduler': 'ConstantLR', 'options': {'factor': 0.1, 'totalIters': 3}},
                     {'scheduler': 'PolynomialLR', 'options': {'totalIters': 20}}], 'milestones': [3]})

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'sched.json'), 'w') as f:
    json.dump(cases, f)
    f.write('\n')
print(f'sched fixtures: {len(cases)} cases')
