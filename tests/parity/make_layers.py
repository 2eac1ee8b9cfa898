#!/usr/bin/env python3
"""Writes the layer parity fixtures: tests/parity/fixtures/layers/<case>.json.

Each case builds a PyTorch module (or calls a functional op) with seeded weights, runs a small seeded
input, and records the outputs, the gradients of sum_i sum(output_i * R_i) (R_i fixed random tensors)
with respect to the inputs and every parameter, the buffers after the forward pass (running
statistics), and repr(module). The TypeScript test (tests/parity/layers.parity.test.ts) builds the same
module from `ctor`/`args` (camelCased options), loads `state` with loadStateDict and compares.

Run with Debian's torch: /usr/bin/python3 tests/parity/make_layers.py
"""
import json
import math
import os
import re
import shutil

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "layers")


def enc(t):
    """A tensor as JSON: {"__tensor__": {shape, dtype, data}}."""
    t = t.detach()
    if t.dtype == torch.bool:
        dtype, data = "bool", [int(v) for v in t.flatten().tolist()]
    elif t.dtype in (torch.int64, torch.int32):
        dtype, data = "int32", [int(v) for v in t.flatten().tolist()]
    else:
        dtype, data = "float32", [float(f"{v:.8g}") if math.isfinite(v) else str(v) for v in t.float().flatten().tolist()]
    return {"__tensor__": {"shape": list(t.shape), "dtype": dtype, "data": data}}


def flatten_outputs(out):
    if out is None:
        return []
    if isinstance(out, torch.Tensor):
        return [out]
    res = []
    for o in out:
        res.extend(flatten_outputs(o))
    return res


def rand(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.round(torch.randn(*shape, generator=g) * 1000) / 1000


def to_json_value(v):
    if isinstance(v, torch.Tensor):
        return enc(v)
    if isinstance(v, dict):
        return {k: to_json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json_value(x) for x in v]
    return v


CASES = []


def case(name, **kw):
    CASES.append((name, kw))


def run_case(name, ctor=None, args=(), ts_args=None, build=None, fn=None, ts_fn=None, inputs=(), grad_inputs=None,
             forward_kwargs=None, ts_forward_opts=None, train=True, prepare=None, seed=0):
    """Either a module case (ctor/ts_args and build) or a functional case (fn, ts_fn)."""
    torch.manual_seed(seed)
    fixture = {"name": name, "train": train}
    forward_kwargs = forward_kwargs or {}
    inputs = [tuple(t.clone() for t in x) if isinstance(x, tuple) else x.clone() for x in inputs]
    leaves = [t for x in inputs for t in (x if isinstance(x, tuple) else (x,))]
    for t in leaves:
        if t.is_floating_point():
            t.requires_grad_(True)
    if grad_inputs is None:
        grad_inputs = [True if isinstance(x, tuple) else x.is_floating_point() for x in inputs]
    if fn is None:
        m = build()
        if prepare:
            prepare(m)
        m.train(train)
        fixture["kind"] = "module"
        fixture["ctor"] = ctor
        fixture["args"] = to_json_value(list(ts_args if ts_args is not None else args))
        fixture["repr"] = repr(m)
        fixture["state"] = {k: enc(v) for k, v in m.state_dict().items()}
        out = m(*inputs, **forward_kwargs)
    else:
        fixture["kind"] = "functional"
        fixture["fn"] = ts_fn
        fixture["extraArgs"] = to_json_value(list(args))
        m = None
        out = fn(*inputs)
    fixture["inputs"] = [[enc(t) for t in x] if isinstance(x, tuple) else enc(x) for x in inputs]
    fixture["gradInputs"] = list(grad_inputs)
    fixture["forwardOpts"] = to_json_value(ts_forward_opts) if ts_forward_opts is not None else None
    outs = flatten_outputs(out)
    weights = [rand(*o.shape, seed=1000 + i) for i, o in enumerate(outs)]
    fixture["outputs"] = [enc(o) for o in outs]
    fixture["outputWeights"] = [enc(w) for w in weights]
    if any(o.requires_grad for o in outs):
        loss = sum((o * w).sum() for o, w in zip(outs, weights))
        loss.backward()
    def grad_of(x):
        if isinstance(x, tuple):
            return [grad_of(t) for t in x]
        return enc(x.grad) if x.grad is not None else None
    fixture["inputGrads"] = [grad_of(x) if g else None for x, g in zip(inputs, grad_inputs)]
    if m is not None:
        fixture["paramGrads"] = {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None}
        fixture["buffersAfter"] = {k: enc(b) for k, b in m.named_buffers()}
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    with open(os.path.join(OUT, slug + ".json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"), allow_nan=False)


def mod(name, ctor, args, build, inputs, **kw):
    case(name, ctor=ctor, ts_args=args, build=build, inputs=inputs, **kw)


x2 = rand(5, 3, seed=1)
img = rand(2, 4, 6, 7, seed=2)
seq = rand(2, 4, 9, seed=3)
small = rand(2, 3, 5, 5, seed=4)

# ---------------------------------------------------------------- linear & reshaping
mod("linear: basic", "Linear", [3, 4], lambda: nn.Linear(3, 4), [x2])
mod("linear: no bias", "Linear", [3, 4, {"bias": False}], lambda: nn.Linear(3, 4, bias=False), [x2])
mod("linear: 3-d input", "Linear", [9, 2], lambda: nn.Linear(9, 2), [seq])
mod("bilinear: basic", "Bilinear", [3, 2, 4], lambda: nn.Bilinear(3, 2, 4), [x2, rand(5, 2, seed=5)])
mod("identity", "Identity", [], lambda: nn.Identity(), [x2])
mod("flatten: default", "Flatten", [], lambda: nn.Flatten(), [img])
mod("flatten: start 0 end 1", "Flatten", [{"startDim": 0, "endDim": 1}], lambda: nn.Flatten(0, 1), [img])
mod("unflatten: dim 1", "Unflatten", [1, [2, 3]], lambda: nn.Unflatten(1, (2, 3)), [rand(4, 6, seed=6)])

# ---------------------------------------------------------------- convolutions
mod("conv2d: 3x3", "Conv2d", [4, 5, 3], lambda: nn.Conv2d(4, 5, 3), [img])
mod("conv2d: stride 2 padding 1", "Conv2d", [4, 5, 3, {"stride": 2, "padding": 1}], lambda: nn.Conv2d(4, 5, 3, stride=2, padding=1), [img])
mod("conv2d: dilation 2", "Conv2d", [4, 3, 3, {"dilation": 2, "padding": 1}], lambda: nn.Conv2d(4, 3, 3, dilation=2, padding=1), [img])
mod("conv2d: dilation 2 stride 2", "Conv2d", [4, 3, 2, {"dilation": 2, "stride": 2}], lambda: nn.Conv2d(4, 3, 2, dilation=2, stride=2), [img])
mod("conv2d: groups 2", "Conv2d", [4, 6, 3, {"groups": 2, "padding": 1}], lambda: nn.Conv2d(4, 6, 3, groups=2, padding=1), [img])
mod("conv2d: depthwise", "Conv2d", [4, 4, 3, {"groups": 4}], lambda: nn.Conv2d(4, 4, 3, groups=4), [img])
mod("conv2d: padding same", "Conv2d", [4, 3, [2, 4], {"padding": "same"}], lambda: nn.Conv2d(4, 3, (2, 4), padding="same"), [img])
mod("conv2d: padding valid no bias", "Conv2d", [4, 3, 3, {"padding": "valid", "bias": False}], lambda: nn.Conv2d(4, 3, 3, padding="valid", bias=False), [img])
mod("conv2d: rectangular kernel and stride", "Conv2d", [4, 2, [2, 3], {"stride": [2, 1], "padding": [1, 0]}], lambda: nn.Conv2d(4, 2, (2, 3), stride=(2, 1), padding=(1, 0)), [img])
mod("conv2d: unbatched input", "Conv2d", [4, 2, 3], lambda: nn.Conv2d(4, 2, 3), [img[0]])
mod("conv2d: reflect padding mode", "Conv2d", [4, 3, 3, {"padding": [1, 2], "paddingMode": "reflect"}], lambda: nn.Conv2d(4, 3, 3, padding=(1, 2), padding_mode="reflect"), [img])
mod("conv2d: circular padding mode", "Conv2d", [4, 3, 3, {"padding": 1, "paddingMode": "circular", "stride": 2}], lambda: nn.Conv2d(4, 3, 3, padding=1, padding_mode="circular", stride=2), [img])
mod("conv1d: replicate padding mode", "Conv1d", [4, 3, 3, {"padding": 2, "paddingMode": "replicate"}], lambda: nn.Conv1d(4, 3, 3, padding=2, padding_mode="replicate"), [seq])
mod("conv1d: basic", "Conv1d", [4, 3, 3], lambda: nn.Conv1d(4, 3, 3), [seq])
mod("conv1d: stride padding dilation", "Conv1d", [4, 3, 3, {"stride": 2, "padding": 1, "dilation": 2}], lambda: nn.Conv1d(4, 3, 3, stride=2, padding=1, dilation=2), [seq])
mod("conv1d: groups and same", "Conv1d", [4, 2, 4, {"groups": 2, "padding": "same"}], lambda: nn.Conv1d(4, 2, 4, groups=2, padding="same"), [seq])
mod("convtranspose2d: basic", "ConvTranspose2d", [4, 3, 3], lambda: nn.ConvTranspose2d(4, 3, 3), [small.repeat(1, 2, 1, 1)[:, :4]])
mod("convtranspose2d: stride 2 padding 1 output padding 1", "ConvTranspose2d", [4, 3, 3, {"stride": 2, "padding": 1, "outputPadding": 1}],
    lambda: nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), [img])
mod("convtranspose2d: groups 2 stride 2", "ConvTranspose2d", [4, 2, 2, {"stride": 2, "groups": 2}], lambda: nn.ConvTranspose2d(4, 2, 2, stride=2, groups=2), [img])
mod("convtranspose2d: dilation 2 padding 2", "ConvTranspose2d", [4, 2, 3, {"dilation": 2, "padding": 2}], lambda: nn.ConvTranspose2d(4, 2, 3, dilation=2, padding=2), [img])

# ---------------------------------------------------------------- pooling
mod("maxpool2d: kernel 2", "MaxPool2d", [2], lambda: nn.MaxPool2d(2), [img])
mod("maxpool2d: kernel 3 stride 2 padding 1", "MaxPool2d", [3, {"stride": 2, "padding": 1}], lambda: nn.MaxPool2d(3, stride=2, padding=1), [img])
mod("maxpool2d: ceil mode", "MaxPool2d", [2, {"ceilMode": True}], lambda: nn.MaxPool2d(2, ceil_mode=True), [img])
mod("maxpool2d: rectangular", "MaxPool2d", [[2, 3], {"stride": [1, 2]}], lambda: nn.MaxPool2d((2, 3), stride=(1, 2)), [img])
mod("maxpool1d: kernel 2", "MaxPool1d", [2], lambda: nn.MaxPool1d(2), [seq])
# whole numbers <= 0: windows of negative values only, and ties (the gradient goes to the first maximum)
tied = torch.clamp(torch.round(rand(2, 3, 6, 6, seed=7)) - 2, max=0)
mod("maxpool2d: ties, negative windows, kernel 2", "MaxPool2d", [2], lambda: nn.MaxPool2d(2), [tied])
mod("maxpool2d: ties, negative windows, overlapping", "MaxPool2d", [3, {"stride": 1, "padding": 1}], lambda: nn.MaxPool2d(3, stride=1, padding=1), [tied])
mod("avgpool2d: kernel 2", "AvgPool2d", [2], lambda: nn.AvgPool2d(2), [img])
mod("avgpool2d: padding counts", "AvgPool2d", [3, {"stride": 2, "padding": 1}], lambda: nn.AvgPool2d(3, stride=2, padding=1), [img])
mod("avgpool2d: padding not counted", "AvgPool2d", [3, {"stride": 2, "padding": 1, "countIncludePad": False}], lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), [img])
mod("avgpool2d: ceil mode", "AvgPool2d", [2, {"ceilMode": True}], lambda: nn.AvgPool2d(2, ceil_mode=True), [img])
mod("avgpool1d: kernel 3 stride 2", "AvgPool1d", [3, {"stride": 2}], lambda: nn.AvgPool1d(3, stride=2), [seq])
mod("adaptiveavgpool2d: 1x1", "AdaptiveAvgPool2d", [1], lambda: nn.AdaptiveAvgPool2d(1), [img])
mod("adaptiveavgpool2d: 4x3 from 6x7", "AdaptiveAvgPool2d", [[4, 3]], lambda: nn.AdaptiveAvgPool2d((4, 3)), [img])
mod("adaptiveavgpool2d: none keeps size", "AdaptiveAvgPool2d", [[None, 2]], lambda: nn.AdaptiveAvgPool2d((None, 2)), [img])
mod("adaptivemaxpool2d: 4x3", "AdaptiveMaxPool2d", [[4, 3]], lambda: nn.AdaptiveMaxPool2d((4, 3)), [img])
mod("adaptiveavgpool1d: 4", "AdaptiveAvgPool1d", [4], lambda: nn.AdaptiveAvgPool1d(4), [seq])


# ---------------------------------------------------------------- normalisation
def warm_bn(m):
    with torch.no_grad():
        m.train()
        for s in range(2):
            shape = (6, m.num_features) + ((4, 4) if isinstance(m, nn.BatchNorm2d) else ())
            m(rand(*shape, seed=50 + s) * 2 + 1)
        if m.affine:
            m.weight.copy_(rand(m.num_features, seed=60) * 0.5 + 1)
            m.bias.copy_(rand(m.num_features, seed=61))


mod("batchnorm1d: train 2-d", "BatchNorm1d", [3], lambda: nn.BatchNorm1d(3), [x2])
mod("batchnorm1d: train 3-d", "BatchNorm1d", [4], lambda: nn.BatchNorm1d(4), [seq])
mod("batchnorm1d: eval running stats", "BatchNorm1d", [3], lambda: nn.BatchNorm1d(3), [x2], train=False, prepare=warm_bn)
mod("batchnorm2d: train", "BatchNorm2d", [4], lambda: nn.BatchNorm2d(4), [img], prepare=warm_bn)
mod("batchnorm2d: eval", "BatchNorm2d", [4], lambda: nn.BatchNorm2d(4), [img], train=False, prepare=warm_bn)
mod("batchnorm2d: no affine momentum 0.3", "BatchNorm2d", [4, {"affine": False, "momentum": 0.3}], lambda: nn.BatchNorm2d(4, affine=False, momentum=0.3), [img])
mod("batchnorm2d: cumulative average", "BatchNorm2d", [4, {"momentum": None}], lambda: nn.BatchNorm2d(4, momentum=None), [img], prepare=warm_bn)
mod("batchnorm2d: no running stats eval", "BatchNorm2d", [4, {"trackRunningStats": False}], lambda: nn.BatchNorm2d(4, track_running_stats=False), [img], train=False)
mod("layernorm: last dim", "LayerNorm", [9], lambda: nn.LayerNorm(9), [seq], prepare=lambda m: (m.weight.data.copy_(rand(9, seed=70)), m.bias.data.copy_(rand(9, seed=71))))
mod("layernorm: two dims", "LayerNorm", [[4, 9], {"eps": 1e-3}], lambda: nn.LayerNorm((4, 9), eps=1e-3), [seq])
mod("layernorm: no affine", "LayerNorm", [9, {"elementwiseAffine": False}], lambda: nn.LayerNorm(9, elementwise_affine=False), [seq])
mod("groupnorm: 2 groups", "GroupNorm", [2, 4], lambda: nn.GroupNorm(2, 4), [img], prepare=lambda m: (m.weight.data.copy_(rand(4, seed=72)), m.bias.data.copy_(rand(4, seed=73))))
mod("groupnorm: 4 groups of 1", "GroupNorm", [4, 4], lambda: nn.GroupNorm(4, 4), [seq])
mod("instancenorm2d: affine", "InstanceNorm2d", [4, {"affine": True}], lambda: nn.InstanceNorm2d(4, affine=True), [img])

# ---------------------------------------------------------------- dropout & embedding
mod("dropout: eval is identity", "Dropout", [0.5], lambda: nn.Dropout(0.5), [x2], train=False)
mod("dropout: train p=0", "Dropout", [0.0], lambda: nn.Dropout(0.0), [x2])
mod("dropout2d: eval is identity", "Dropout2d", [{"p": 0.3}], lambda: nn.Dropout2d(p=0.3), [img], train=False)
idx = torch.tensor([[1, 2, 0, 4], [4, 3, 0, 1]])
mod("embedding: basic", "Embedding", [5, 3], lambda: nn.Embedding(5, 3), [idx])
mod("embedding: padding idx", "Embedding", [5, 3, {"paddingIdx": 0}], lambda: nn.Embedding(5, 3, padding_idx=0), [idx])

# ---------------------------------------------------------------- recurrent
rseq = rand(6, 2, 3, seed=8)
h0 = rand(4, 2, 4, seed=9)
c0 = rand(4, 2, 4, seed=10)
mod("rnn: tanh", "RNN", [3, 4], lambda: nn.RNN(3, 4), [rseq])
mod("rnn: relu with h0", "RNN", [3, 4, {"nonlinearity": "relu"}], lambda: nn.RNN(3, 4, nonlinearity="relu"), [rseq, h0[:1]])
mod("rnn: 2 layers bidirectional batch first", "RNN", [3, 4, {"numLayers": 2, "bidirectional": True, "batchFirst": True}],
    lambda: nn.RNN(3, 4, num_layers=2, bidirectional=True, batch_first=True), [rseq.transpose(0, 1).contiguous(), h0])
mod("rnn: unbatched no bias", "RNN", [3, 4, {"bias": False}], lambda: nn.RNN(3, 4, bias=False), [rseq[:, 0]])
mod("lstm: 1 layer", "LSTM", [3, 4], lambda: nn.LSTM(3, 4), [rseq])
mod("lstm: 2 layers bidirectional with state", "LSTM", [3, 4, {"numLayers": 2, "bidirectional": True}],
    lambda: nn.LSTM(3, 4, num_layers=2, bidirectional=True), [rseq, (h0, c0)], ts_forward_opts=None)
mod("lstm: batch first 2 layers", "LSTM", [3, 4, {"numLayers": 2, "batchFirst": True}], lambda: nn.LSTM(3, 4, num_layers=2, batch_first=True), [rseq.transpose(0, 1).contiguous()])
mod("gru: 1 layer", "GRU", [3, 4], lambda: nn.GRU(3, 4), [rseq])
mod("gru: 2 layers bidirectional with h0", "GRU", [3, 4, {"numLayers": 2, "bidirectional": True}], lambda: nn.GRU(3, 4, num_layers=2, bidirectional=True), [rseq, h0])

# ---------------------------------------------------------------- attention & transformer
q = rand(5, 2, 8, seed=11)
kv = rand(4, 2, 8, seed=12)
mod("multiheadattention: self attention", "MultiheadAttention", [8, 2], lambda: nn.MultiheadAttention(8, 2), [q, q, q])
mod("multiheadattention: cross attention", "MultiheadAttention", [8, 4], lambda: nn.MultiheadAttention(8, 4), [q, kv, kv])
kpm = torch.tensor([[False, False, True, True], [False, False, False, True]])
mod("multiheadattention: batch first key padding mask", "MultiheadAttention", [8, 2, {"batchFirst": True}], lambda: nn.MultiheadAttention(8, 2, batch_first=True),
    [q.transpose(0, 1).contiguous(), kv.transpose(0, 1).contiguous(), kv.transpose(0, 1).contiguous()],
    forward_kwargs={"key_padding_mask": kpm}, ts_forward_opts={"keyPaddingMask": kpm})
causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)
mod("multiheadattention: causal bool mask per head weights", "MultiheadAttention", [8, 2], lambda: nn.MultiheadAttention(8, 2), [q, q, q],
    forward_kwargs={"attn_mask": causal, "average_attn_weights": False}, ts_forward_opts={"attnMask": causal, "averageAttnWeights": False})
fmask = rand(5, 4, seed=13)
mod("multiheadattention: float mask kdim vdim", "MultiheadAttention", [8, 2, {"kdim": 3, "vdim": 6}], lambda: nn.MultiheadAttention(8, 2, kdim=3, vdim=6),
    [q, rand(4, 2, 3, seed=14), rand(4, 2, 6, seed=15)], forward_kwargs={"attn_mask": fmask}, ts_forward_opts={"attnMask": fmask})
mod("multiheadattention: no bias no weights", "MultiheadAttention", [8, 2, {"bias": False}], lambda: nn.MultiheadAttention(8, 2, bias=False), [q, q, q],
    forward_kwargs={"need_weights": False}, ts_forward_opts={"needWeights": False})
mod("transformerencoderlayer: post-norm relu", "TransformerEncoderLayer", [8, 2, {"dimFeedforward": 16, "dropout": 0.0}],
    lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), [q])
mod("transformerencoderlayer: pre-norm gelu batch first padding", "TransformerEncoderLayer",
    [8, 2, {"dimFeedforward": 16, "dropout": 0.0, "activation": "gelu", "batchFirst": True, "normFirst": True}],
    lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu", batch_first=True, norm_first=True),
    [q.transpose(0, 1).contiguous()], forward_kwargs={"src_key_padding_mask": torch.tensor([[False] * 4 + [True], [False] * 5])},
    ts_forward_opts={"srcKeyPaddingMask": torch.tensor([[False] * 4 + [True], [False] * 5])})
mod("transformerencoderlayer: eval with causal mask", "TransformerEncoderLayer", [8, 2, {"dimFeedforward": 16}],
    lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), [q], train=False,
    forward_kwargs={"src_mask": causal}, ts_forward_opts={"srcMask": causal})


def build_encoder():
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    return nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8), enable_nested_tensor=False)


case("transformerencoder: 2 layers with norm", ctor="TransformerEncoder", build=build_encoder, inputs=[q],
     ts_args=[{"__module__": ["TransformerEncoderLayer", [8, 2, {"dimFeedforward": 16, "dropout": 0.0}]]}, 2,
              {"norm": {"__module__": ["LayerNorm", [8]]}}])
tgt = rand(3, 2, 8, seed=16)
tmask = torch.triu(torch.full((3, 3), float("-inf")), diagonal=1)
mod("transformerdecoderlayer: post-norm with tgt mask", "TransformerDecoderLayer", [8, 2, {"dimFeedforward": 16, "dropout": 0.0}],
    lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0), [tgt, kv],
    forward_kwargs={"tgt_mask": tmask}, ts_forward_opts={"tgtMask": tmask})
mod("transformerdecoderlayer: pre-norm gelu", "TransformerDecoderLayer", [8, 2, {"dimFeedforward": 16, "dropout": 0.0, "normFirst": True, "activation": "gelu"}],
    lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, norm_first=True, activation="gelu"), [tgt, kv],
    forward_kwargs={"memory_key_padding_mask": kpm}, ts_forward_opts={"memoryKeyPaddingMask": kpm})


def build_decoder():
    layer = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    return nn.TransformerDecoder(layer, 2)


case("transformerdecoder: 2 layers", ctor="TransformerDecoder", build=build_decoder, inputs=[tgt, kv],
     ts_args=[{"__module__": ["TransformerDecoderLayer", [8, 2, {"dimFeedforward": 16, "dropout": 0.0}]]}, 2])

# ---------------------------------------------------------------- resampling
mod("upsample: nearest x2", "Upsample", [{"scaleFactor": 2}], lambda: nn.Upsample(scale_factor=2), [small])
mod("upsample: nearest to size", "Upsample", [{"size": [7, 8]}], lambda: nn.Upsample(size=(7, 8)), [small])
mod("upsample: bilinear", "Upsample", [{"scaleFactor": 2, "mode": "bilinear", "alignCorners": False}], lambda: nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), [small])
mod("upsample: bilinear align corners", "Upsample", [{"size": [7, 9], "mode": "bilinear", "alignCorners": True}], lambda: nn.Upsample(size=(7, 9), mode="bilinear", align_corners=True), [small])
mod("upsample: bilinear downscale", "Upsample", [{"size": [3, 2], "mode": "bilinear"}], lambda: nn.Upsample(size=(3, 2), mode="bilinear"), [img])

# ---------------------------------------------------------------- activations
act_in = rand(4, 5, seed=20) * 3
acts = [
    ("relu", "ReLU", [], lambda: nn.ReLU()),
    ("relu6", "ReLU6", [], lambda: nn.ReLU6()),
    ("leakyrelu 0.2", "LeakyReLU", [0.2], lambda: nn.LeakyReLU(0.2)),
    ("elu alpha 0.5", "ELU", [{"alpha": 0.5}], lambda: nn.ELU(alpha=0.5)),
    ("selu", "SELU", [], lambda: nn.SELU()),
    ("celu", "CELU", [1.5], lambda: nn.CELU(1.5)),
    ("gelu exact", "GELU", [], lambda: nn.GELU()),
    ("gelu tanh", "GELU", [{"approximate": "tanh"}], lambda: nn.GELU(approximate="tanh")),
    ("silu", "SiLU", [], lambda: nn.SiLU()),
    ("mish", "Mish", [], lambda: nn.Mish()),
    ("sigmoid", "Sigmoid", [], lambda: nn.Sigmoid()),
    ("tanh", "Tanh", [], lambda: nn.Tanh()),
    ("softmax dim 1", "Softmax", [{"dim": 1}], lambda: nn.Softmax(dim=1)),
    ("softmax dim 0", "Softmax", [0], lambda: nn.Softmax(0)),
    ("logsoftmax dim 1", "LogSoftmax", [1], lambda: nn.LogSoftmax(dim=1)),
    ("softmin dim 1", "Softmin", [1], lambda: nn.Softmin(dim=1)),
    ("softplus default", "Softplus", [], lambda: nn.Softplus()),
    ("softplus beta 2 threshold 1", "Softplus", [{"beta": 2, "threshold": 1}], lambda: nn.Softplus(beta=2, threshold=1)),
    ("hardtanh", "Hardtanh", [{"minVal": -2.0, "maxVal": 1.5}], lambda: nn.Hardtanh(min_val=-2.0, max_val=1.5)),
    ("hardsigmoid", "Hardsigmoid", [], lambda: nn.Hardsigmoid()),
    ("hardswish", "Hardswish", [], lambda: nn.Hardswish()),
    ("logsigmoid", "LogSigmoid", [], lambda: nn.LogSigmoid()),
    ("softsign", "Softsign", [], lambda: nn.Softsign()),
    ("prelu per channel", "PReLU", [{"numParameters": 5}], lambda: nn.PReLU(num_parameters=5)),
]
for label, ctor, ts_args, build in acts:
    mod("activation: " + label, ctor, ts_args, build, [act_in])
mod("activation: softmax 3-d dim 2", "Softmax", [2], lambda: nn.Softmax(2), [seq])

# ---------------------------------------------------------------- functional
case("functional: pad constant", fn=lambda x: F.pad(x, (1, 2, 0, 1), value=0.5), ts_fn="pad", args=[[1, 2, 0, 1], "constant", 0.5], inputs=[small])
case("functional: pad reflect", fn=lambda x: F.pad(x, (2, 1, 1, 2), mode="reflect"), ts_fn="pad", args=[[2, 1, 1, 2], "reflect"], inputs=[small])
case("functional: pad replicate", fn=lambda x: F.pad(x, (2, 1, 1, 3), mode="replicate"), ts_fn="pad", args=[[2, 1, 1, 3], "replicate"], inputs=[small])
case("functional: pad circular", fn=lambda x: F.pad(x, (2, 1, 1, 2), mode="circular"), ts_fn="pad", args=[[2, 1, 1, 2], "circular"], inputs=[small])
case("functional: interpolate linear 1-d", fn=lambda x: F.interpolate(x, size=13, mode="linear", align_corners=False), ts_fn="interpolate",
     args=[{"size": 13, "mode": "linear", "alignCorners": False}], inputs=[seq])
case("functional: interpolate nearest scale 1.5", fn=lambda x: F.interpolate(x, scale_factor=1.5, mode="nearest"), ts_fn="interpolate",
     args=[{"scaleFactor": 1.5, "mode": "nearest"}], inputs=[small])
case("functional: one hot", fn=lambda x: F.one_hot(x, 6), ts_fn="oneHot", args=[6], inputs=[idx])
case("functional: normalize", fn=lambda x: F.normalize(x, p=2.0, dim=1), ts_fn="normalize", args=[2, 1], inputs=[x2])
case("functional: dropout not training", fn=lambda x: F.dropout(x, 0.5, training=False), ts_fn="dropout", args=[0.5, False], inputs=[x2])
case("functional: scaled dot product attention causal",
     fn=lambda a, b, c: torch.softmax((a @ b.transpose(-2, -1)) / (4 ** 0.5) + torch.triu(torch.full((5, 5), float("-inf")), 1), -1) @ c,
     ts_fn="scaledDotProductAttention", args=[{"isCausal": True}], inputs=[rand(2, 5, 4, seed=30), rand(2, 5, 4, seed=31), rand(2, 5, 3, seed=32)])


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    for name, kw in CASES:
        run_case(name, **kw)
    print(f"make_layers: wrote {len(CASES)} fixtures to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
