"""s0-17 in PyTorch on the rows s0_17_tsdl.js wrote (the tsdl notebook's data), same model and loop.

    /usr/bin/python3 tests/notebooks/reference/same_data/s0_17_torch.py
"""
import json
import os

import torch
import torch.nn as nn

d = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "s0_17_data.json")))
Xtr, ytr = torch.tensor(d["Xtr"], dtype=torch.float32), torch.tensor(d["ytr"], dtype=torch.long)
Xte, yte = torch.tensor(d["Xte"], dtype=torch.float32), torch.tensor(d["yte"], dtype=torch.long)
for seed in range(5):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(20, 50), nn.ReLU(), nn.Linear(50, 50), nn.ReLU(), nn.Linear(50, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    criterion = nn.CrossEntropyLoss()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(Xtr, ytr), batch_size=32, shuffle=True)
    for epoch in range(50):
        for xb, yb in loader:
            optimizer.zero_grad()
            criterion(model(xb), yb).backward()
            optimizer.step()
    with torch.no_grad():
        out = model(Xte)
        acc = (out.argmax(1) == yte).float().mean().item()
        print(f"torch seed {seed}: epoch 50 test acc {acc:.3f}, test loss {criterion(out, yte).item():.3f}")
