import os
import numpy as np
import torch


def _read_idx(path, header_ints):
    with open(path, "rb") as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=4 * header_ints)


class MNIST(torch.utils.data.Dataset):
    def __init__(self, root, train=True, download=False, transform=None):
        folder = os.environ["TSDL_MNIST_DIR"]
        prefix = "train" if train else "t10k"
        images = _read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte"), 4)
        self.data = torch.from_numpy(images.reshape(-1, 28, 28).copy())
        labels = _read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte"), 2)
        self.targets = torch.from_numpy(labels.astype(np.int64))
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        img = self.data[i].numpy()
        if self.transform is not None:
            img = self.transform(img)
        return img, int(self.targets[i])
