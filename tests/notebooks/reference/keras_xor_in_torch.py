# Stand-in for example s0-09 (Keras XOR) where TensorFlow is not installed: the same 2-4-1 ReLU/sigmoid
# network, trained the way Keras's model.fit(X, y, epochs=1000) does with Keras's defaults:
# Glorot-uniform kernels, zero biases, Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-7), batch size 32
# (one batch of 4), shuffled each epoch (irrelevant for a single full batch). Prints what the original prints
# (a summary stand-in, accuracy, four prediction lines) and saves the loss plot.
import numpy as np
import torch
import torch.nn as nn
import matplotlib.pyplot as plt

print("TensorFlow version: (not installed; PyTorch stand-in with Keras defaults)")
print("GPU Available:", torch.cuda.is_available())
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y = np.array([[0], [1], [1], [0]], dtype=np.float32)
model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid())
for m in model:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
print("Total params:", sum(p.numel() for p in model.parameters()))
opt = torch.optim.Adam(model.parameters(), lr=0.1, eps=1e-7)
Xt, yt = torch.tensor(X), torch.tensor(y)
history = []
for epoch in range(1000):
    out = model(Xt)
    loss = nn.functional.binary_cross_entropy(out.clamp(1e-7, 1 - 1e-7), yt)
    opt.zero_grad()
    loss.backward()
    opt.step()
    history.append(loss.item())
plt.plot(history)
plt.savefig('tensorflow_xor_loss.png')
predictions = model(Xt).detach().numpy()
predicted_classes = (predictions > 0.5).astype(np.int32)
accuracy = np.mean(predicted_classes == y)
print(f'Accuracy: {accuracy:.4f}')
for i in range(len(X)):
    print(f"Input: {X[i]}, Target: {y[i][0]}, Predicted: {predicted_classes[i][0]}")
print(f"final loss {history[-1]:.4f}")
